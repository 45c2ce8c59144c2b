"""The numbers of one training run, kept apart from any drawing.

A `Recording` holds one row per epoch (an x position and a value per logged
name, ``None`` where a name was not logged that epoch), the points streamed
inside epochs in batch mode, and the labelled marks. `LivePlot` fills one;
`compare` turns anything `kerasnb.History.from_any` reads into them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .._history import History
from .._validate import bad_value

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

    def to_history(self) -> History:
        """The per-epoch columns as a `kerasnb.History` (``None`` where not logged).

        Epoch numbers are Keras' (0-based: the row at x = 3 is epoch 2) when every
        x is a whole number from 1 up, as `LivePlot` records ``fit()``; otherwise
        (a custom loop's own steps) they count rows from 0.
        """
        epochs: list[int] | None = [int(x) - 1 for x in self.x]
        if any(x != int(x) or x < 1 for x in self.x):
            epochs = None
        return History(self.columns, epoch=epochs)

    @classmethod
    def from_any(cls, run: Any, *, name: str = "histories") -> Recording:
        """A Recording from anything `kerasnb.History.from_any` reads.

        A `LivePlot` gives its own recording (its batch points and marks too).
        Values logged every k epochs (``validation_freq=k``) stay at epochs k,
        2k, ...; a column named ``epoch`` (a ``CSVLogger`` file read with pandas)
        gives the epoch numbers rather than a panel.

        Raises:
            ValueError: ``run`` is none of those forms (the message names ``name``).
        """
        recording = getattr(run, "_recording", None)
        if isinstance(recording, Recording):  # a LivePlot
            return recording
        inner = getattr(run, "history", None)
        if isinstance(inner, Mapping) and not isinstance(getattr(run, "epoch", None),
                                                         (list, tuple, type(None))):
            run = inner  # its `.epoch` is a count (a widget's), not Keras' list of epochs
        return cls.from_history(History.from_any(run, name=name))

    @classmethod
    def from_history(cls, history: History) -> Recording:
        """A Recording of ``history``'s epochs (x = epoch + 1, as `LivePlot` draws them)."""
        columns = history.to_dict()
        epochs = history.epoch
        labels = columns.pop("epoch", None)
        if labels is not None and _whole_numbers(labels):
            epochs = [int(e) for e in labels]
        elif labels is not None:
            columns["epoch"] = labels  # not epoch numbers: an ordinary column
        recording = cls()
        recording.x = [float(e) + 1 for e in epochs]
        recording.columns = columns
        return recording


def _whole_numbers(values: Sequence[float | None]) -> bool:
    return bool(values) and all(is_finite(v) and v == int(v) for v in values) and all(
        a < b for a, b in zip(values[:-1], values[1:], strict=True))


def checked_numbers(logs: Mapping[str, Any] | None) -> dict[str, float]:
    """``logs`` given by a user as floats; a value that is no number is an error naming `logs`."""
    out = {}
    for key, value in (logs or {}).items():
        if value is None:
            continue
        number = as_number(value)
        if number is None:
            raise bad_value("logs", f"a dict mapping metric names to numbers; {key!r} is "
                            f"not a number", {key: value})
        out[str(key)] = number
    return out


def log_numbers(logs: Mapping[str, Any] | None) -> dict[str, float]:
    """The scalar numbers of Keras' ``logs`` as floats (a copy; Keras' dict is left alone)."""
    out = {}
    for key, value in (logs or {}).items():
        number = as_number(value)
        if number is not None:
            out[str(key)] = number
    return out


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
