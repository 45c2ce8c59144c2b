"""Small helpers shared by the subpackages: the one print, and positional calls that warn."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from ._deprecated import old_call_forms

# The argument checks live in one module (_validate); these names stay importable from here.
from ._validate import bad_value, check_choice, check_fraction, check_positive_int  # noqa: F401

F = TypeVar("F", bound=Callable[..., Any])


def say(message: str, *, verbose: bool | int = True) -> None:
    """The library's only way to print a note to the user.

    Silenced by ``verbose=False`` at the call site or ``KERASNB_QUIET=1``.
    """
    if not verbose or os.environ.get("KERASNB_QUIET", "") not in ("", "0"):
        return
    print(message, file=sys.stdout, flush=True)


def positional_deprecated(func: F) -> F:
    """Keyword-only arguments that were positional once: passed by position, they warn.

    The shared `kerasnb._deprecated.old_call_forms` with its defaults: ``func``
    declares them after ``*``, in their old order.
    """
    return old_call_forms()(func)
