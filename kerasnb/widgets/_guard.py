"""The one way a widget runs a user action: errors are shown in the widget, never raised.

A button click or slider move runs inside ipywidgets' message handler, where an
exception only reaches the browser's log. Every widget callback goes through
`guarded` (a method decorator) or `run_guarded` (a function call), which hands
the message to the widget's ``_show_error(text)`` and returns ``None``.
Plain-Python twins (``builder.add(...)``) are not guarded: a script gets the
exception.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol

__all__ = ["guarded", "run_guarded", "error_text", "ShowsErrors"]


class ShowsErrors(Protocol):
    def _show_error(self, text: str | None) -> None: ...


def error_text(error: BaseException) -> str:
    """What the user reads: our own messages as they are, anything else with its type."""
    if isinstance(error, (ValueError, TypeError)) and str(error).startswith("`"):
        return str(error)
    if isinstance(error, ValueError):
        return str(error)
    return f"Something went wrong: {type(error).__name__}: {error}"


def run_guarded(show: Callable[[str | None], None], action: Callable[..., Any],
                *args: Any, **kwargs: Any) -> Any:
    """Run ``action``; on an exception pass its text to ``show`` and return None.

    ``show(None)`` first clears an earlier error, so a successful action removes it.
    """
    show(None)
    try:
        return action(*args, **kwargs)
    except Exception as error:  # shown to the user, inline
        show(error_text(error))
        return None


def guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    """Method decorator: `run_guarded` with the widget's own ``_show_error``."""
    @functools.wraps(method)
    def run(self: ShowsErrors, *args: Any, **kwargs: Any) -> Any:
        return run_guarded(self._show_error, method, self, *args, **kwargs)
    return run
