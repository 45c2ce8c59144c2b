"""Small helpers shared by the subpackages: argument checks and the one print."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import Any


def say(message: str, *, verbose: bool | int = True) -> None:
    """The library's only way to print a note to the user.

    Silenced by ``verbose=False`` at the call site or ``KERASNB_QUIET=1``.
    """
    if not verbose or os.environ.get("KERASNB_QUIET", "") not in ("", "0"):
        return
    print(message, file=sys.stdout, flush=True)


def bad_value(name: str, expected: str, received: Any) -> ValueError:
    """A ValueError in the project's style: names the argument, the expected, the received."""
    return ValueError(f"`{name}` must be {expected}. Received: {name}={received!r}")


def check_choice(name: str, value: Any, choices: Iterable[Any]) -> Any:
    choices = tuple(choices)
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise bad_value(name, f"one of {listed}", value)
    return value


def check_positive_int(name: str, value: Any, *, allow_zero: bool = False) -> int:
    ok = isinstance(value, int) and not isinstance(value, bool) and (
        value >= 0 if allow_zero else value > 0)
    if not ok:
        kind = "a non-negative integer" if allow_zero else "a positive integer"
        raise bad_value(name, kind, value)
    return value


def check_fraction(name: str, value: Any, *, low: float = 0.0, high: float = 1.0,
                   inclusive: bool = False) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise bad_value(name, f"a number between {low} and {high}", value) from None
    ok = low <= v <= high if inclusive else low < v < high
    if not ok or isinstance(value, bool):
        bounds = f"[{low}, {high}]" if inclusive else f"({low}, {high})"
        raise bad_value(name, f"a number in {bounds}", value)
    return v
