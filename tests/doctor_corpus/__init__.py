"""A public corpus of real Keras setups for knb.check, each traced to where it was seen.

``mistakes.CASES``: a real user's mistake (a question or an issue), rebuilt with
the user's layers, compile arguments, save calls and callbacks, and generated
data of the shape and scale the user described (fewer samples where the user
had hundreds of thousands). ``codes`` are the findings that must come back.

``correct.CASES``: published working code (keras.io examples and guides,
tensorflow.org tutorials), rebuilt the same way; knb.check must find no error
and no warning in them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Case:
    name: str
    url: str
    saw: str  # what the user saw (mistakes) or what the code does (correct setups)
    build: Callable[[], tuple[Any, Any, Any, dict]]  # -> model, x, y, check() keywords
    codes: frozenset[str] = field(default_factory=frozenset)


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def standardized(x: np.ndarray) -> np.ndarray:
    return ((x - x.mean(axis=0)) / (x.std(axis=0) + 1e-9)).astype("float32")
