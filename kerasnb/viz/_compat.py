"""Old spellings of the viz arguments, kept working for one release with a warning.

``kerasnb._deprecated.renamed_args`` covers a renamed keyword. Several viz
functions also took arguments positionally that are now keyword-only
(``show_filters(model, "conv1")``, ``show_predictions(model, x, y, names)``);
``old_spellings`` handles both in one wrapper, so every warning points at the
caller's line (two stacked wrappers would point one of them at the other).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .._deprecated import warn_renamed

F = TypeVar("F", bound=Callable[..., Any])


def old_spellings(*, positional: int, moved: Sequence[str] = (),
                  **renamed: str) -> Callable[[F], F]:
    """Accept the old positional arguments and old keyword names, with a DeprecationWarning.

    Args:
        positional: how many arguments the function takes positionally now.
        moved: the names (old spellings allowed) that the positional arguments
            after those used to fill, in their old order.
        **renamed: old keyword name -> new keyword name.

    A value given twice (positionally and by keyword, or under the old and
    the new name) is a ``TypeError`` naming both.
    """
    def decorate(func: F) -> F:
        params = inspect.signature(func).parameters
        for new in renamed.values():
            if new not in params:
                raise TypeError(f"{func.__qualname__} has no argument {new!r} to rename to")
        for name in moved:
            if renamed.get(name, name) not in params:
                raise TypeError(f"{func.__qualname__} has no argument {name!r} to move")
        label = f"{func.__name__}()"

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if len(args) > positional:
                extra = args[positional:]
                if len(extra) > len(moved):
                    raise TypeError(f"{label} takes {positional + len(moved)} positional "
                                    f"arguments at most but {len(args)} were given")
                args = args[:positional]
                for name, value in zip(moved, extra, strict=False):
                    new = renamed.get(name, name)
                    if name in kwargs or new in kwargs:
                        raise TypeError(f"{label} got `{name}` both positionally and by "
                                        f"keyword; pass only `{new}=`.")
                    warn_renamed(f"passing `{name}` positionally to {label}", f"`{new}=`")
                    kwargs[new] = value
            for old, new in renamed.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{label} got both `{old}` (deprecated) and `{new}`; "
                                        f"pass only `{new}`.")
                    warn_renamed(f"`{old}=` of {label}", f"`{new}=`")
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        wrapper.__kerasnb_renamed__ = dict(renamed)  # type: ignore[attr-defined]
        wrapper.__kerasnb_moved__ = tuple(moved)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]
    return decorate
