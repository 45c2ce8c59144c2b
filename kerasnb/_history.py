"""`History`: the one shape of per-epoch training numbers in kerasnb.

Every object that trains returns one (``LivePlot.history``, ``Playground.history``,
``ModelBuilder.history``, ``Doctor.history``) and every function that reads training
numbers (``knb.compare``, ``knb.check(history=...)``, ``Doctor``) accepts anything
`History.from_any` reads: a Keras ``History`` (what ``fit`` returns), a kerasnb
`History`, any kerasnb object with a ``.history``, a dict of lists, a pandas
DataFrame or a list of per-epoch log dicts.

A `History` is a read-only mapping ``{"loss": [...], "val_loss": [...]}`` with one
entry per epoch in every column (``None`` where a value was not logged that
epoch, e.g. validation every few epochs) and ``.epoch`` like Keras' ``History``.
``h.history`` is the plain dict, so code written for Keras' ``History``
(``h.history["loss"]``) reads it unchanged.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ._deprecated import outside_stacklevel
from ._repr import ShowsItself
from ._validate import bad_value, is_int

__all__ = ["History"]

_ACCEPTS = ("a Keras History, a kerasnb History, an object with a `.history`, "
            "a dict of lists, a pandas DataFrame or a list of per-epoch log dicts")


class History(ShowsItself, Mapping):
    """Per-epoch values by metric name, aligned by epoch.

    Args:
        columns: metric name -> one value per epoch (``None`` for not logged).
        epoch: the epoch numbers (0-based, like Keras); ``0..n-1`` by default.
        aliases: old key -> new key; reading an old key works and warns.

    Example:
        >>> h = History({"loss": [0.9, 0.5], "val_loss": [1.0, None]})
        >>> h["loss"], h.epoch, len(h)
        ([0.9, 0.5], [0, 1], 2)
    """

    __slots__ = ("_columns", "_epoch", "_aliases")

    def __init__(self, columns: Mapping[str, Sequence[Any]] | None = None, *,
                 epoch: Sequence[int] | None = None,
                 aliases: Mapping[str, str] | None = None) -> None:
        cols = {str(k): [_number(v) for v in values] for k, values in (columns or {}).items()}
        numbers = cols.pop("epoch", None)  # an "epoch" column (CSVLogger's) is not a metric
        if epoch is None and numbers and all(v is not None and v.is_integer() for v in numbers):
            epoch = [int(v) for v in numbers]
        n = max((len(v) for v in cols.values()), default=0)
        for key, values in cols.items():
            if len(values) < n:  # a column logged every k epochs: place its values there
                cols[key] = _spread(values, n)
        self._columns = cols
        if _epoch_list(epoch, n):
            self._epoch = [int(e) for e in epoch]  # type: ignore[union-attr]
        else:
            self._epoch = list(range(n))
        self._aliases = dict(aliases or {})

    # --- the mapping ---

    def __getitem__(self, key: str) -> list[float | None]:
        return list(self._columns[self._key(key)])

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self:
            return default
        return self[key]  # an old key warns at the user's line, not inside Mapping.get

    def _key(self, key: str) -> str:
        """``key``, or the new name of an old (aliased) one, with a warning at the user's line."""
        if key not in self._columns and key in self._aliases:
            new = self._aliases[key]
            warnings.warn(f"history key {key!r} is deprecated; use {new!r}.",
                          DeprecationWarning, stacklevel=outside_stacklevel())
            return new
        return key

    def __contains__(self, key: object) -> bool:
        return key in self._columns or key in self._aliases

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        """The number of metric names (as a dict)."""
        return len(self._columns)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, History):
            return self._columns == other._columns and self._epoch == other._epoch
        if isinstance(other, Mapping):
            return self._columns == {k: list(v) for k, v in other.items()}
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    # --- Keras-History look-alike ---

    @property
    def history(self) -> dict[str, list[float | None]]:
        """The columns as a plain dict (what Keras' ``History.history`` is)."""
        return self.to_dict()

    @property
    def epoch(self) -> list[int]:
        """The epoch numbers, 0-based (what Keras' ``History.epoch`` is)."""
        return list(self._epoch)

    @property
    def epochs(self) -> int:
        """How many epochs were recorded."""
        return len(self._epoch)

    def to_dict(self) -> dict[str, list[float | None]]:
        """A plain ``{name: [value per epoch]}`` dict (a copy)."""
        return {k: list(v) for k, v in self._columns.items()}

    def last(self, key: str) -> float | None:
        """The last logged value of ``key`` (``None`` if never logged)."""
        for value in reversed(self[key]):
            if value is not None:
                return value
        return None

    def best(self, key: str = "val_loss") -> tuple[int, float] | None:
        """``(epoch, value)`` of the lowest finite value of ``key``."""
        if key not in self:
            return None
        pairs = [(e, v) for e, v in zip(self._epoch, self[key], strict=True)
                 if v is not None and math.isfinite(v)]
        return min(pairs, key=lambda p: p[1]) if pairs else None

    def __repr__(self) -> str:
        names = ", ".join(self._columns) or "no metrics"
        return f"History({self.epochs} epochs: {names})"

    def _repr_text(self) -> str:
        return repr(self)

    # --- reading everything else ---

    @classmethod
    def from_any(cls, run: Any, *, name: str = "history") -> History:
        """A `History` from any of the forms listed in the module docstring.

        Raises:
            ValueError: ``run`` is none of them (the message names ``name``).
        """
        if isinstance(run, History):
            return run
        inner = getattr(run, "history", None)
        if inner is not None and not isinstance(run, Mapping):
            if isinstance(inner, History):
                return inner
            if isinstance(inner, Mapping):  # keras.callbacks.History
                return cls(_checked(inner, name), epoch=getattr(run, "epoch", None))
            if callable(inner):
                raise bad_value(name, _ACCEPTS, run)
            return cls.from_any(inner, name=name)
        if hasattr(run, "to_dict") and hasattr(run, "columns"):  # pandas DataFrame
            table = run.to_dict("list")
            return cls({k: v for k, v in table.items() if _numeric(v)})
        if isinstance(run, Mapping):
            return cls(_checked(run, name))
        if isinstance(run, (list, tuple)) and run and all(isinstance(r, Mapping) for r in run):
            keys = dict.fromkeys(k for r in run for k in r)
            return cls(_checked({k: [r.get(k) for r in run] for k in keys}, name))
        raise bad_value(name, _ACCEPTS, run)


def _epoch_list(epoch: Any, n: int) -> bool:
    """True when ``epoch`` is a list of ``n`` integers (a Playground's ``.epoch`` is an int)."""
    if isinstance(epoch, (str, bytes)) or not isinstance(epoch, Sequence) or len(epoch) != n:
        return False
    return all(is_int(e) or (isinstance(e, float) and e.is_integer()) for e in epoch)


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, (str, bytes, bool)):
        return None
    try:
        import numpy as np

        arr = np.asarray(value)
        if arr.size != 1:
            return None
        return float(arr.reshape(-1)[0])
    except (TypeError, ValueError):
        return None


def _numeric(values: Any) -> bool:
    return all(v is None or _number(v) is not None for v in values)


def _checked(columns: Mapping[str, Any], name: str) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for key, values in columns.items():
        if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
            raise bad_value(name, "a dict mapping metric names to lists of numbers",
                            {key: values})
        values = list(values)
        if _numeric(values):
            out[str(key)] = values  # non-numeric columns (an "epoch" label) are not metrics
    return out


def _spread(values: list[float | None], n: int) -> list[float | None]:
    """Values logged every k epochs (Keras' ``validation_freq=k``) at epochs k, 2k, ..."""
    column: list[float | None] = [None] * n
    if not values:
        return column
    step = n // len(values)
    for i, value in enumerate(values):
        row = n - len(values) + i if step == 1 else (i + 1) * step - 1
        column[row] = value
    return column
