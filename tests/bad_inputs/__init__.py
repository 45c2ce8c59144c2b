"""Rows of the bad-input table, one module per area (see tests/test_bad_inputs.py).

Each module defines ``ROWS``: a list of :class:`Row`. A row says which public call
gets which bad value, and what must come back: the exception type and the argument
name that the message names (``accept=True`` rows must *not* raise, e.g. NumPy
scalars where a Python int is expected).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Row:
    id: str                       # unique, short: "show_predictions-n-zero"
    call: Callable[[], Any]       # runs the call with the bad value
    exc: type[BaseException] | tuple[type[BaseException], ...] = ValueError
    arg: str | None = None        # the argument the message must name (in backticks)
    accept: bool = False          # True: the value is fine and the call must succeed
