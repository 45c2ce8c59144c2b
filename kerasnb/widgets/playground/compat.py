"""The Playground's old spellings, kept working for one release, each with a DeprecationWarning.

- ``Playground(frontend="headless")`` is now ``Playground(interactive=False)``;
- ``Playground("xor", ("x1",), (4,))``: every argument after ``dataset`` is
  keyword-only (``features=``, ``hidden=``, ...);
- ``p.add_layer(3, 0)`` is ``p.add_layer(3, index=0)`` and
  ``p.set_layer_activation(0, "relu")`` is ``p.set_layer_activation(0, activation="relu")``;
- ``p.state`` (a dict) is ``p.to_json()`` (its JSON text);
- ``Playground.from_state(x)`` is ``Playground.from_json(text)`` or ``Playground.from_share(s)``;
- ``p.load(x)`` is ``p.load_share(s)`` (a share string or the JSON text);
- ``p.error`` (a string) is ``p.errors`` (a list of strings);
- ``p.history["train_loss"]`` / ``["test_loss"]`` are ``["loss"]`` / ``["val_loss"]``
  (see `history`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ... import _env
from ..._deprecated import old_call_forms, warn_renamed
from ..._validate import check_choice
from . import share as sharing

if TYPE_CHECKING:  # pragma: no cover
    from .widget import Playground

F = TypeVar("F", bound=Callable[..., Any])


def once_positional(*names: str, frontend: bool = False) -> Callable[[F], F]:
    """Arguments that became keyword-only still work by position, with a warning.

    Args:
        names: the keyword-only arguments, in their old positional order.
        frontend: also read the old ``frontend=`` as ``interactive=``.
    """
    def decorate(func: F) -> F:
        inner = old_call_forms(moved=names)(func)
        if not frontend:
            return inner
        title = "Playground" if func.__name__ == "__init__" else f"Playground.{func.__name__}"

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if "frontend" in kwargs:
                interactive_from_frontend(kwargs, title, stacklevel=None)
            return inner(*args, **kwargs)
        return wrapper  # type: ignore[return-value]
    return decorate


def interactive_from_frontend(kwargs: dict[str, Any], title: str, *,
                              stacklevel: int | None) -> None:
    """Replace an old ``frontend=`` in ``kwargs`` by the ``interactive=`` it meant."""
    front = kwargs.pop("frontend")
    if "interactive" in kwargs:
        raise TypeError(f"{title}() got both `frontend` (deprecated) and `interactive`; "
                        "pass only `interactive`.")
    warn_renamed(f"`frontend=` of {title}()", "`interactive=` (True, False or None)",
                 stacklevel=stacklevel)
    if front is not None:
        check_choice("frontend", front, _env.FRONTENDS)
        kwargs["interactive"] = _env.widgets_render(front)


class OldNames:
    """The Playground's deprecated names; each warns and calls the new one."""

    _settings: dict[str, Any]
    errors: list[str]

    @property
    def state(self) -> dict[str, Any]:
        """Deprecated: ``json.loads(p.to_json())`` is the same dict."""
        warn_renamed("`Playground.state`", "`Playground.to_json()`")
        return sharing.to_state(self._settings)

    @classmethod
    def from_state(cls, state: dict[str, Any] | str, **kwargs: Any) -> Playground:
        """Deprecated: `from_json` (JSON text) or `from_share` (a share string)."""
        warn_renamed("`Playground.from_state`", "`Playground.from_json(text)` or "
                     "`Playground.from_share(text)`")
        if "frontend" in kwargs:
            interactive_from_frontend(kwargs, "Playground.from_state", stacklevel=None)
        return cls(**(sharing.from_any(state) | kwargs))

    def load(self, state: dict[str, Any] | str) -> None:
        """Deprecated: `load_share` (a share string or JSON text)."""
        warn_renamed("`Playground.load`", "`Playground.load_share(text)`")
        self._apply(sharing.from_any(state))

    @property
    def error(self) -> str:
        """Deprecated: the last message of ``errors``, or ``""``."""
        warn_renamed("`Playground.error`", "`Playground.errors` (a list)")
        return self.errors[-1] if self.errors else ""

    def _apply(self, settings: dict[str, Any]) -> None:  # pragma: no cover - Playground's
        raise NotImplementedError
