"""Old call forms of the callbacks' API that keep working for one release, with a warning."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from .._deprecated import warn_renamed

F = TypeVar("F", bound=Callable[..., Any])


def keyword_only_now(*names: str) -> Callable[[F], F]:
    """Arguments ``names`` are keyword-only; given by position (the old way) they warn."""
    def decorate(func: F) -> F:
        kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        positional = sum(p.kind in kinds for p in inspect.signature(func).parameters.values())

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            extra, args = args[positional:], args[:positional]
            if len(extra) > len(names):
                raise TypeError(f"{func.__name__}() got too many positional arguments; "
                                f"pass {', '.join(f'`{n}`' for n in names)} by keyword")
            for name, value in zip(names, extra, strict=False):  # fewer values than names
                if name in kwargs:
                    raise TypeError(f"{func.__name__}() got multiple values for `{name}`")
                warn_renamed(f"giving `{name}` by position to {func.__name__}()", f"`{name}=`")
                kwargs[name] = value
            return func(*args, **kwargs)
        return wrapper  # type: ignore[return-value]
    return decorate
