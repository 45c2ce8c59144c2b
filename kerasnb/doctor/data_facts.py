"""Facts about the data and the training history handed to `knb.check`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._deprecated import warn_renamed
from .._history import History

_DATASET_BATCHES = 32  # batches read from a tf.data.Dataset to look at


def as_array(value: Any) -> np.ndarray | None:
    """A numpy view of arrays, tensors, lists and data frames; None if not array-like."""
    if value is None:
        return None
    if hasattr(value, "to_numpy") and hasattr(value, "shape"):  # pandas
        value = value.to_numpy()
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError):
        return None
    if arr.dtype == object or arr.ndim == 0:
        return None
    return arr


def is_numeric(arr: np.ndarray) -> bool:
    return np.issubdtype(arr.dtype, np.number) or arr.dtype == bool


def is_dataset(value: Any) -> bool:
    return hasattr(value, "element_spec") and hasattr(value, "take")


def unpack_dataset(ds) -> tuple[Any, Any]:
    """The first batches of a ``tf.data.Dataset`` of ``(x, y)`` or ``x`` as arrays."""
    xs, ys = [], []
    for element in ds.take(_DATASET_BATCHES).as_numpy_iterator():
        if isinstance(element, tuple) and len(element) in (2, 3):
            xs.append(element[0])
            ys.append(element[1])
        else:
            xs.append(element)
    x = _concat(xs)
    y = _concat(ys) if ys else None
    return x, y


def _concat(parts: list) -> Any:
    if not parts:
        return None
    first = parts[0]
    if isinstance(first, dict):
        return {k: np.concatenate([p[k] for p in parts]) for k in first}
    if isinstance(first, (tuple, list)):
        return [np.concatenate([p[i] for p in parts]) for i in range(len(first))]
    return np.concatenate(parts)


def match_to(value: Any, names: list[str]) -> list[np.ndarray | None] | None:
    """Split ``x`` or ``y`` into one array per model input/output.

    A dict is matched by name, a list or tuple by position (when the model has
    several inputs/outputs); anything else belongs to the only input/output.
    """
    if value is None:
        return None
    if isinstance(value, dict):
        return [as_array(value.get(n)) for n in names]
    if isinstance(value, (list, tuple)) and len(value) == 1 and hasattr(value[0], "shape"):
        value = value[0]  # fit([x], y) on a model with one input
    if isinstance(value, (list, tuple)) and len(names) > 1:
        if len(value) != len(names):
            return None
        return [as_array(v) for v in value]
    if len(names) <= 1:
        return [as_array(value)]
    return None


@dataclass
class Labels:
    """What a label array looks like, seen against the output it belongs to."""

    array: np.ndarray
    numeric: bool
    finite: bool
    integer: bool  # every finite value is a whole number
    lo: float
    hi: float
    per_sample: bool  # one value per sample (or per time step / pixel): class ids or targets
    onehot: bool  # rows of 0/1 with exactly one 1
    multilabel: bool  # rows of 0/1, any number of 1s
    probs: bool  # rows in [0, 1] summing to 1
    n_classes: int | None
    counts: np.ndarray | None  # samples per class for class labels
    distinct: int | None = None  # number of different values (whole-number labels only)

    @property
    def vector(self) -> bool:
        return not self.per_sample


def analyze_labels(y: np.ndarray, out_rank: int | None) -> Labels | None:
    if y is None or y.ndim == 0 or not is_numeric(y) or y.size == 0:
        return None
    values = y.astype("float64", copy=False)
    finite_mask = np.isfinite(values)
    finite = bool(finite_mask.all())
    good = values[finite_mask] if not finite else values
    if good.size == 0:
        return None
    lo, hi = float(good.min()), float(good.max())
    integer = bool(np.all(np.mod(good, 1) == 0))
    per_sample = (y.ndim == 1 or y.shape[-1] == 1
                  or (out_rank is not None and y.ndim == out_rank - 1))
    onehot = multilabel = probs = False
    n_classes = counts = distinct = None
    if per_sample and integer:
        distinct = int(np.unique(good).size)
    if not per_sample:
        binary = integer and lo >= 0 and hi <= 1
        sums = values.sum(axis=-1) if finite else None
        sums_one = sums is not None and bool(np.allclose(sums, 1.0, atol=1e-3))
        onehot = binary and sums_one
        multilabel = binary and not sums_one
        probs = lo >= 0 and hi <= 1 and sums_one
        n_classes = y.shape[-1]
        if onehot:
            counts = values.reshape(-1, n_classes).sum(axis=0).astype("int64")
    elif integer and lo >= 0 and hi < 100_000:
        n_classes = int(hi) + 1
        flat = good.astype("int64").ravel()
        counts = np.bincount(flat, minlength=n_classes)
    return Labels(y, True, finite, integer, lo, hi, per_sample, onehot, multilabel, probs,
                  n_classes, counts, distinct)


# A Playground's history before it spoke Keras' names (train_loss/test_loss).
_PLAYGROUND_KEYS = {"train_loss": "loss", "test_loss": "val_loss"}


def read_history(history: Any) -> History:
    """The training history as a `kerasnb.History`, one entry per epoch in every column.

    Reads everything `History.from_any` reads: a Keras ``History`` (what ``fit``
    returns), a kerasnb `History`, any object with a ``.history`` (a `LivePlot`,
    a `Playground`, a `ModelBuilder`), a dict of lists, a pandas DataFrame or a
    list of per-epoch log dicts. ``None`` marks an epoch where a value was not
    logged; NaN stays NaN.

    Raises:
        ValueError: ``history`` is none of these (the message names `history`).
    """
    inner = getattr(history, "history", None)
    if isinstance(inner, Mapping) and not isinstance(inner, History) and \
            not isinstance(history, Mapping) and \
            not isinstance(getattr(history, "epoch", None), (list, tuple, range)):
        history = inner  # its `.epoch` is a count (a Playground's), not Keras' list of epochs
    found = History.from_any(history, name="history")
    columns = found.to_dict()
    if "loss" in columns or not any(old in columns for old in _PLAYGROUND_KEYS):
        return found
    renamed = {_PLAYGROUND_KEYS.get(k, k): v for k, v in columns.items() if k != "epoch"}
    return History(renamed, epoch=found.epoch)


def normalize_history(history: Any) -> dict[str, list[float | None]]:
    """Deprecated: `read_history` returns the same numbers as a `kerasnb.History`."""
    warn_renamed("`kerasnb.doctor.data_facts.normalize_history`",
                 "`kerasnb.doctor.data_facts.read_history` (a History, as "
                 "`History.from_any` reads it)")
    return read_history(history).to_dict()
