"""The Train button's training: a few batches per slice, on the kernel's event loop.

`SlicedFit` trains one model the way ``model.fit`` would (the last
``validation_split`` of the data held out, the rest shuffled every epoch, an
epoch's numbers the mean over its samples, validation at its end), but one
slice at a time (``train_on_batch``, which reports each batch on its own): `kerasnb.widgets._slices.SliceRunner` calls
`step` between clicks and cells, so nothing trains on another thread and Stop
takes effect at the next slice. Each finished epoch goes to the live plot
through its custom-loop API (``LivePlot.update(logs, step=...)``).

`PlotArea` is the LivePlot output the builder hands it: the chosen backend,
drawing into the builder's plot area. It is shown there by `PlotArea.open`
while the Train click is handled (JupyterLab routes output into an Output
widget only while the message that asked for it is handled); after that only
widget state and display updates flow, and no other cell ever gets a copy.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from ..._cells import shown_in
from ...callbacks.backends import Output, choose
from ...callbacks.record import Recording
from ...callbacks.scene import build_scene
from .._slices import SLICE_SECONDS

__all__ = ["SlicedFit", "PlotArea"]


def _length(x: Any) -> int:
    if isinstance(x, dict):
        x = next(iter(x.values()))
    elif isinstance(x, (list, tuple)):
        x = x[0]
    return len(x)


def _take(x: Any, index: Any) -> Any:
    """Rows ``index`` of an array, or of each array of a list / dict of model inputs."""
    if isinstance(x, dict):
        return {k: _take(v, index) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_take(v, index) for v in x]
    return np.asarray(x)[index]


class SlicedFit:
    """One training run, advanced by `step` (about `SLICE_SECONDS` of batches at a time).

    Args:
        model: a compiled Keras model.
        x, y: the training data (arrays, or lists / dicts of arrays for several inputs).
        epochs, batch_size, validation_split: as in ``model.fit``.
        on_epoch: called as ``on_epoch(epoch, logs)`` after each epoch (0-based).
    """

    def __init__(self, model: Any, x: Any, y: Any, *, epochs: int, batch_size: int,
                 validation_split: float,
                 on_epoch: Callable[[int, dict[str, float]], None]) -> None:
        n = _length(x)
        split = int(n * (1.0 - validation_split)) if validation_split else n
        if validation_split and (split == 0 or split == n):
            raise ValueError(f"`validation_split`={validation_split:g} leaves no "
                             f"{'training' if split == 0 else 'validation'} samples out of {n}")
        self.model, self.epochs, self.batch_size = model, epochs, batch_size
        self._x, self._y = _take(x, slice(0, split)), _take(y, slice(0, split))
        self._val = None if split == n else (_take(x, slice(split, n)), _take(y, slice(split, n)))
        self._n = split
        self._on_epoch = on_epoch
        self.epoch = 0  # epochs finished
        self.columns: dict[str, list[float]] = {}
        self._order: np.ndarray | None = None
        self._batch = 0
        self._sums: dict[str, float] = {}
        self._seen = 0

    @property
    def done(self) -> bool:
        return self.epoch >= self.epochs

    def step(self) -> bool:
        """Train for about one slice; True while epochs remain."""
        end = time.perf_counter() + SLICE_SECONDS
        while not self.done:
            if self._order is None:
                self._order = np.random.permutation(self._n)
                self._batch, self._sums, self._seen = 0, {}, 0
            index = self._order[self._batch * self.batch_size:(self._batch + 1) * self.batch_size]
            logs = self.model.train_on_batch(_take(self._x, index), _take(self._y, index),
                                             return_dict=True)
            for key, value in logs.items():  # weighted by batch size, as fit's means are
                self._sums[key] = self._sums.get(key, 0.0) + float(value) * len(index)
            self._seen += len(index)
            self._batch += 1
            if self._batch * self.batch_size >= self._n:
                self._end_epoch()
            if time.perf_counter() >= end:
                break
        return not self.done

    def _end_epoch(self) -> None:
        logs = {key: total / self._seen for key, total in self._sums.items()}
        if self._val is not None:
            val = self.model.evaluate(*self._val, batch_size=self.batch_size, verbose=0,
                                      return_dict=True)
            logs.update({f"val_{k}": float(v) for k, v in val.items()})
        for key, value in logs.items():
            self.columns.setdefault(key, [None] * self.epoch).append(value)
        self._order = None
        epoch, self.epoch = self.epoch, self.epoch + 1
        self._on_epoch(epoch, logs)


class PlotArea(Output):
    """A LivePlot output that draws with ``inner`` inside the ``area`` Output widget.

    It shows the plot once (`open`, or else the first `show`), whatever cell runs
    meanwhile, and once `last` is set (the run's final epoch, or its Stop mark)
    draws every frame and finishes it: never left to the throttle, and the
    picture a saved notebook keeps is brought up to date.
    """

    def __init__(self, area: Any, inner: Output | None = None) -> None:
        self.area = area
        self.inner = inner if inner is not None else choose("auto")
        self.name, self.live = self.inner.name, self.inner.live
        self.needs_scene = self.inner.needs_scene
        self.last = False
        self._shown = False

    @property
    def throttled(self) -> bool:  # type: ignore[override]
        return self.inner.throttled and not self.last

    def open(self, title: str) -> None:
        """Show the (still empty) plot in the area now."""
        self.show(build_scene([("", Recording())], title=title, status="waiting for the "
                              "first epoch"))

    def show(self, scene: Any) -> None:
        if self._shown:
            return
        self._shown = True
        with self.area, shown_in(self.area):
            self.inner.show(scene)

    def draw(self, scene: Any) -> bool | None:
        with self.area, shown_in(self.area):
            if self.last:  # the run's last frame: also what a saved notebook keeps
                self.inner.finish(scene)
                return None
            return self.inner.draw(scene)

    def finish(self, scene: Any) -> None:
        with self.area, shown_in(self.area):
            self.inner.finish(scene)

    def figure(self, scene: Any) -> Any:
        return self.inner.figure(scene)
