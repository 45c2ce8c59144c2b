"""Small helpers shared by the subpackages: argument checks and the one print."""

from __future__ import annotations

import os
import sys

# The argument checks live in one module (_validate); these names stay importable from here.
from ._validate import bad_value, check_choice, check_fraction, check_positive_int  # noqa: F401


def say(message: str, *, verbose: bool | int = True) -> None:
    """The library's only way to print a note to the user.

    Silenced by ``verbose=False`` at the call site or ``KERASNB_QUIET=1``.
    """
    if not verbose or os.environ.get("KERASNB_QUIET", "") not in ("", "0"):
        return
    print(message, file=sys.stdout, flush=True)
