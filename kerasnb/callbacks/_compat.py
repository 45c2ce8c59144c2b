"""Old call forms of the callbacks' API that keep working for one release, with a warning."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._deprecated import old_call_forms


def keyword_only_now(*names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Arguments ``names`` are keyword-only; given by position (the old way) they warn."""
    return old_call_forms(moved=names)
