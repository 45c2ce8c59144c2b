"""The numbers of one training run, kept apart from any drawing.

A `Recording` holds one row per epoch (an x position and a value per logged
name, ``None`` where a name was not logged that epoch), the points streamed
inside epochs in batch mode, and the labelled marks. `LivePlot` fills one;
`compare` turns Keras `History` objects, LivePlots and dicts into them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .._utils import bad_value

MARK_KINDS = ("overfitting", "divergence", "nan", "stop", "info")
LR_KEYS = ("learning_rate", "lr")


@dataclass(frozen=True)
class Mark:
    """A labelled vertical line at ``x`` on every panel."""

    x: float
    kind: str
    text: str


def as_number(value: Any) -> float | None:
    """A log value as a Python float, or None when it is not a scalar number."""
    if value is None or isinstance(value, (str, bytes)):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def is_finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def base_name(key: str) -> str:
    """The panel a logged name belongs to: ``val_loss`` -> ``loss``."""
    return key[4:] if key.startswith("val_") and len(key) > 4 else key


def is_lr(key: str) -> bool:
    return key in LR_KEYS or key.startswith("learning_rate_")


class Recording:
    """Per-epoch columns aligned by row, plus the batch stream and the marks."""

    def __init__(self) -> None:
        self.x: list[float] = []
        self.columns: dict[str, list[float | None]] = {}
        self.batch_x: list[float] = []
        self.batch_columns: dict[str, list[float | None]] = {}
        self.marks: list[Mark] = []

    def __len__(self) -> int:
        return len(self.x)

    @property
    def last_x(self) -> float:
        return self.x[-1] if self.x else 0.0

    def add_row(self, x: float, values: Mapping[str, float | None]) -> None:
        _append(self.x, self.columns, x, values)

    def add_batch(self, x: float, values: Mapping[str, float | None]) -> None:
        _append(self.batch_x, self.batch_columns, x, values)

    def add_mark(self, x: float, kind: str, text: str) -> Mark:
        mark = Mark(float(x), kind, str(text))
        self.marks.append(mark)
        return mark

    def history(self) -> dict[str, list[float | None]]:
        """A copy of the per-epoch columns (``None`` where a name was not logged)."""
        return {key: list(column) for key, column in self.columns.items()}

    def best(self) -> tuple[str, float, float] | None:
        """``(name, x, value)`` of the lowest finite ``val_loss``, else of ``loss``.

        Rows only ever get appended, so each call reads only the rows added
        since the last one (custom loops ask after every step).
        """
        cache = self.__dict__.setdefault("_best", {})
        for key in ("val_loss", "loss"):
            column = self.columns.get(key, ())
            seen, best = cache.get(key, (0, None))
            if seen > len(column):  # the column was replaced: read it again
                seen, best = 0, None
            for row in range(seen, len(column)):
                value = column[row]
                if is_finite(value) and (best is None or value < best[0]):
                    best = (value, row)
            cache[key] = (len(column), best)
            if best is not None:
                return key, self.x[best[1]], best[0]
        return None

    @classmethod
    def from_any(cls, run: Any, *, name: str = "histories") -> Recording:
        """A Recording from a Keras ``History``, a ``LivePlot`` or a dict of lists."""
        recording = getattr(run, "_recording", None)
        if isinstance(recording, Recording):  # a LivePlot
            return recording
        history = getattr(run, "history", None)
        if isinstance(history, Mapping):  # a keras.callbacks.History
            epochs = getattr(run, "epoch", None) or None
            return cls._from_lists(history, epochs, name)
        if isinstance(run, Mapping):
            return cls._from_lists(run, None, name)
        raise bad_value(name, "Keras History objects, LivePlot instances or dicts of lists",
                        run)

    @classmethod
    def _from_lists(cls, columns: Mapping[str, Any], epochs: list[int] | None,
                    name: str) -> Recording:
        lists: dict[str, list[Any]] = {}
        for key, values in columns.items():
            if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
                raise bad_value(name, "a dict mapping metric names to lists of numbers",
                                {key: values})
            lists[str(key)] = list(values)
        n = max((len(v) for v in lists.values()), default=0)
        if epochs is not None and len(epochs) == n:
            xs = [float(e) + 1 for e in epochs]
        else:
            xs = [float(i + 1) for i in range(n)]
        recording = cls()
        recording.x = xs
        for key, values in lists.items():
            column: list[float | None] = [None] * n
            # A shorter list (Keras' History with validation_freq=k) holds the
            # values of epochs k, 2k, 3k, ...: place them there, invent nothing.
            step = n // len(values) if values else 1
            for i, value in enumerate(values):
                row = n - 1 - (len(values) - 1 - i) if step == 1 else (i + 1) * step - 1
                column[row] = as_number(value)
            recording.columns[key] = column
        return recording


def _append(xs: list[float], columns: dict[str, list[float | None]], x: float,
            values: Mapping[str, float | None]) -> None:
    n = len(xs)
    xs.append(float(x))
    for key, value in values.items():
        column = columns.get(key)
        if column is None:
            column = columns[key] = [None] * n
        column.append(value)
    for column in columns.values():
        if len(column) == n:
            column.append(None)


def check_metrics(metrics: Any) -> list[str] | None:
    """``metrics`` as a list of names (a single name is fine), or None."""
    if metrics is None:
        return None
    if isinstance(metrics, str):
        metrics = [metrics]
    if (not isinstance(metrics, Sequence) or not metrics
            or not all(isinstance(m, str) and m for m in metrics)):
        raise bad_value("metrics", "None or a non-empty list of metric names", metrics)
    return list(metrics)
