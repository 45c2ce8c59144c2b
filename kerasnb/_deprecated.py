"""Old spellings that keep working for one release, each with a DeprecationWarning.

Four kinds of old spelling, one helper each:

- a keyword argument: ``@renamed_args(max_maps="n")`` on the function;
- arguments that were positional and are now keyword-only (with or without keyword
  renames in the same call): ``@old_call_forms(...)``;
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
from collections.abc import Callable, Mapping, Sequence
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

    A value given under both names is an error (it names both). The keyword-only
    case of `old_call_forms`, which does the work.
    """
    def decorate(func: F) -> F:
        wrapper = old_call_forms(moved=(), **old_to_new)(func)
        # stacked decorators: the outer wrapper lists every renamed argument
        wrapper.__kerasnb_renamed__ = {  # type: ignore[attr-defined]
            **getattr(func, "__kerasnb_renamed__", {}), **old_to_new}
        return wrapper
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


def old_call_forms(*, positional: int | None = None, moved: Sequence[str] | None = None,
                   **renamed: str) -> Callable[[F], F]:
    """Arguments now keyword-only (or renamed) keep their old call forms, with a warning.

    The one shim for "was positional, now keyword-only" across kerasnb, combined with
    keyword renames so that one wrapper (one warning per old spelling, each pointing at
    the caller's line) serves a function.

    Args:
        positional: how many arguments the function takes positionally now
            (default: its positional parameters, ``self`` included).
        moved: the names, in their old order, that positional arguments past those
            used to fill (old spellings allowed); default: its keyword-only parameters.
        **renamed: old keyword name -> new keyword name.

    A value given twice (by position and by keyword, or under the old and the new
    name) and too many positional arguments are ``TypeError``s naming the argument.

    Example:
        >>> @old_call_forms()
        ... def moons(*, n=400, noise=0.1): ...
        >>> moons(200)          # works, warns: use `n=`
    """
    def decorate(func: F) -> F:
        params = inspect.signature(func).parameters
        kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        n_pos = positional if positional is not None else sum(
            p.kind in kinds for p in params.values())
        names = tuple(moved) if moved is not None else tuple(
            p.name for p in params.values() if p.kind is inspect.Parameter.KEYWORD_ONLY)
        for new in renamed.values():
            if new not in params:
                raise TypeError(f"{func.__qualname__} has no argument {new!r} to rename to")
        for name in names:
            if renamed.get(name, name) not in params:
                raise TypeError(f"{func.__qualname__} has no argument {name!r} to move")

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            label = _call_name(func)
            if names and len(args) > n_pos:  # nothing moved: Python's own errors
                extra, args = args[n_pos:], args[:n_pos]
                if len(extra) > len(names):
                    raise TypeError(f"{label} takes {n_pos + len(names)} positional arguments "
                                    f"at most but {n_pos + len(extra)} were given")
                given = names[: len(extra)]
                for name, value in zip(given, extra, strict=True):
                    new = renamed.get(name, name)
                    if name in kwargs or new in kwargs:
                        raise TypeError(f"{label} got multiple values for argument `{name}` "
                                        f"(by position and by keyword); pass only `{new}=`.")
                    kwargs[new] = value
                listed = ", ".join(f"`{name}`" for name in given)
                warn_renamed(f"passing {listed} to {label} by position",
                             ", ".join(f"`{renamed.get(n, n)}=`" for n in given))
            for old, new in renamed.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{label} got both `{old}` (deprecated) and `{new}`; "
                                        f"pass only `{new}`.")
                    warn_renamed(f"`{old}=` of {label}", f"`{new}=`")
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        wrapper.__kerasnb_renamed__ = dict(renamed)  # type: ignore[attr-defined]
        wrapper.__kerasnb_moved__ = names  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]
    return decorate
