"""Old spellings that keep working for one release, each with a DeprecationWarning.

Three kinds of rename, one helper each:

- a keyword argument: ``@renamed_args(max_maps="n")`` on the function;
- a public function, class or method: ``old = deprecated_alias(new, "old")``;
- a module attribute (a module that moved): ``__getattr__ = moved_names({...})``.

Every warning names the old and the new spelling and points at the caller's line.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import os
import sys
import warnings
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

REMOVED_IN = "0.3"  # the release after which old spellings go

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def outside_stacklevel() -> int:
    """The ``stacklevel`` that makes a warning raised by the caller point at user code.

    Counts the caller's frames inside the kerasnb package, so a warning raised
    from a wrapper, a ``**kwargs`` shim or a helper it calls all name the line
    that called kerasnb (the notebook cell, the script), where Python shows it.
    """
    frame = sys._getframe(1)  # the frame that calls warnings.warn: stacklevel 1
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
        level += 1
    return level


def warn_renamed(old: str, new: str, *, stacklevel: int | None = None) -> None:
    """Warn that ``old`` is now spelled ``new``.

    Args:
        old: the old spelling, as the message shows it (e.g. ``"`top_k=` of show_predictions()"``).
        new: the new spelling.
        stacklevel: as for ``warnings.warn``, counted from this function; by default
            the first frame outside kerasnb (the user's line), wherever this is called from.
    """
    if stacklevel is None:
        stacklevel = outside_stacklevel()
    warnings.warn(f"{old} is deprecated and will be removed in kerasnb {REMOVED_IN}; "
                  f"use {new}.", DeprecationWarning, stacklevel=stacklevel)


def _call_name(func: Callable[..., Any]) -> str:
    """How a message names a call: ``f()``, ``Cls.method()``, ``Cls()`` for a constructor."""
    name = getattr(func, "__qualname__", func.__name__).rpartition("<locals>.")[2]
    if name.endswith(".__init__"):
        name = name[: -len(".__init__")]
    return f"{name}()"


def renamed_args(**old_to_new: str) -> Callable[[F], F]:
    """Accept old keyword names, warn, and pass the value on under the new name.

    A value given under both names is an error (it names both).
    """
    def decorate(func: F) -> F:
        params = inspect.signature(func).parameters
        for new in old_to_new.values():
            if new not in params:
                raise TypeError(f"{func.__qualname__} has no argument {new!r} to rename to")

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{_call_name(func)} got both `{old}` (deprecated) and "
                                        f"`{new}`; pass only `{new}`.")
                    warn_renamed(f"`{old}=` of {_call_name(func)}", f"`{new}=`")
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        # stacked decorators: the outer wrapper lists every renamed argument
        wrapper.__kerasnb_renamed__ = {  # type: ignore[attr-defined]
            **getattr(func, "__kerasnb_renamed__", {}), **old_to_new}
        return wrapper  # type: ignore[return-value]
    return decorate


def deprecated_alias(target: F, old: str, *, new: str | None = None) -> F:
    """``old`` calls ``target`` after a warning naming ``new`` (default: its name).

    ``target`` may be a function, a class, or (in a class body) a method, a
    ``classmethod`` or a ``staticmethod``; the alias is of the same kind.
    """
    if isinstance(target, (classmethod, staticmethod)):
        return type(target)(deprecated_alias(target.__func__, old, new=new))  # type: ignore
    new = new or target.__name__

    @functools.wraps(target)
    def alias(*args: Any, **kwargs: Any) -> Any:
        warn_renamed(f"`{old}`", f"`{new}`")
        return target(*args, **kwargs)

    alias.__name__ = old
    alias.__qualname__ = ".".join([*target.__qualname__.split(".")[:-1], old])
    alias.__kerasnb_deprecated__ = new  # type: ignore[attr-defined]
    return alias  # type: ignore[return-value]


def moved_names(moved: Mapping[str, str], module: str) -> Callable[[str], Any]:
    """A module ``__getattr__`` serving ``old -> "package.module:attr"`` with a warning."""
    def __getattr__(name: str) -> Any:
        target = moved.get(name)
        if target is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        mod_name, _, attr = target.partition(":")
        warn_renamed(f"`{module}.{name}`", f"`{mod_name}.{attr}`" if attr else f"`{mod_name}`")
        value = importlib.import_module(mod_name)
        return getattr(value, attr) if attr else value
    return __getattr__
