"""Small helpers shared by the subpackages: the one print, and positional calls that warn."""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from ._deprecated import warn_renamed

# The argument checks live in one module (_validate); these names stay importable from here.
from ._validate import bad_value, check_choice, check_fraction, check_positive_int  # noqa: F401

F = TypeVar("F", bound=Callable[..., Any])

_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def say(message: str, *, verbose: bool | int = True) -> None:
    """The library's only way to print a note to the user.

    Silenced by ``verbose=False`` at the call site or ``KERASNB_QUIET=1``.
    """
    if not verbose or os.environ.get("KERASNB_QUIET", "") not in ("", "0"):
        return
    print(message, file=sys.stdout, flush=True)


def positional_deprecated(func: F) -> F:
    """Keyword-only arguments that were positional once: passed by position, they warn.

    ``func`` declares them after ``*``; a call that still passes them by
    position gets them under their names (in declaration order) after a
    DeprecationWarning that names them. Its signature, as ``inspect`` reads it,
    stays ``func``'s own.

    Example:
        >>> @positional_deprecated
        ... def moons(*, n=400, noise=0.1): ...
        >>> moons(200)          # works, warns: pass `n=` by keyword
    """
    params = list(inspect.signature(func).parameters.values())
    n_positional = sum(p.kind in _POSITIONAL for p in params)
    keyword_only = [p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY]
    title = func.__qualname__.replace(".__init__", "")

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        extra = args[n_positional:]
        if extra:
            if len(extra) > len(keyword_only):
                raise TypeError(f"{title}() takes at most {n_positional + len(keyword_only)} "
                                f"arguments ({len(args)} given)")
            names = keyword_only[: len(extra)]
            for name, value in zip(names, extra, strict=True):
                if name in kwargs:
                    raise TypeError(f"{title}() got multiple values for argument `{name}`")
                kwargs[name] = value
            listed = ", ".join(f"`{name}`" for name in names)
            warn_renamed(f"passing {listed} to {title}() by position",
                         "keywords: " + ", ".join(f"{name}=..." for name in names))
            args = args[:n_positional]
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
