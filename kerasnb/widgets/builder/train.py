"""Training for the model builder: data checks, the Stop flag and the status line.

The Train button runs `ModelBuilder.fit` in a background thread so the kernel
stays free to receive the Stop click; `StopFlag` turns that click into
``model.stop_training = True`` at the next batch.
"""

from __future__ import annotations

import html
import threading
from typing import Any

import keras
import numpy as np

from ..._validate import bad_value, check_array
from .check import fmt_shape
from .task import classes_in


class StopFlag(keras.callbacks.Callback):
    """Stops training at the next batch once ``event`` is set."""

    def __init__(self, event: threading.Event):
        super().__init__()
        self.event = event
        self.stopped = False

    def _check(self) -> None:
        if self.event.is_set():
            self.model.stop_training = True
            self.stopped = True

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        self._check()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self._check()


class StatusLine(keras.callbacks.Callback):
    """Writes "epoch 3/5: loss 0.41, ..." into an HTML widget after every epoch."""

    def __init__(self, target: Any, epochs: int, stop: StopFlag):
        super().__init__()
        self.target, self.epochs, self.stop = target, epochs, stop
        self.done, self.last = 0, ""

    def _show(self, text: str) -> None:
        self.target.value = html.escape(text)

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.done, self.last = 0, ""
        self._show(f"Training for {self.epochs} epochs ...")

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.done = epoch + 1
        self.last = ", ".join(f"{k} {float(v):.4g}" for k, v in dict(logs or {}).items()
                              if np.ndim(v) == 0)
        self._show(f"Epoch {self.done}/{self.epochs}: {self.last}")

    def on_train_end(self, logs: dict | None = None) -> None:
        how = "Stopped" if self.stop.stopped else "Done"
        plural = "s" if self.done != 1 else ""
        self._show(f"{how} after {self.done} epoch{plural}"
                   + (f": {self.last}" if self.last else "."))


def check_data(x: Any, y: Any, input_shape: tuple, loss: str,
               output_shape: tuple | None) -> tuple[np.ndarray, np.ndarray]:
    """Arrays that fit the model's input and the loss, or a ValueError saying why."""
    x = check_array("x", x, min_ndim=1)
    y = check_array("y", y)
    want = tuple(input_shape)
    if x.ndim != len(want) + 1 or any(
            w is not None and w != d for w, d in zip(want, x.shape[1:], strict=True)):
        raise ValueError(f"`x` must hold samples of shape {fmt_shape(want)}, i.e. an array of "
                         f"shape {fmt_shape((None, *want))}. Received: x with shape "
                         f"{fmt_shape(x.shape)}")
    if y.ndim == 0 or len(y) != len(x):
        raise ValueError(f"`y` must have one label per sample of `x` ({len(x)}). "
                         f"Received: y with shape {fmt_shape(y.shape)}")
    units = None if output_shape is None else output_shape[-1]
    if loss == "sparse_categorical_crossentropy":
        n = classes_in(y) if y.ndim == 1 or y.shape[1:] == (1,) else None
        if n is None:
            raise bad_value("y", "integer class labels 0, 1, 2, ... (one per sample) for loss "
                            "'sparse_categorical_crossentropy'; one-hot labels need "
                            "'categorical_crossentropy'", f"array of shape {y.shape}")
        if units is not None and y.size and int(y.max()) >= units:
            raise bad_value("y", f"class labels below {units} (the model has {units} outputs)",
                            f"labels up to {int(y.max())}")
    elif loss == "binary_crossentropy" and (y.size and (y.min() < 0 or y.max() > 1)):
        raise bad_value("y", "labels 0 or 1 for loss 'binary_crossentropy'",
                        f"labels from {y.min()} to {y.max()}")
    elif loss == "categorical_crossentropy" and (y.ndim != 2 or y.shape[1] != units):
        raise bad_value("y", f"one-hot labels of shape (n, {units}) for loss "
                        "'categorical_crossentropy'", f"array of shape {y.shape}")
    return x, y


def live_plot() -> Any:
    """A fresh `kerasnb.LivePlot`, or None where the callbacks package is missing."""
    try:
        from ...callbacks import LivePlot
    except ImportError:
        return None
    return LivePlot(title="ModelBuilder")


def _check_callbacks(callbacks: Any) -> list:
    if callbacks is None:
        return []
    if isinstance(callbacks, keras.callbacks.Callback):
        callbacks = [callbacks]
    if not isinstance(callbacks, (list, tuple)) or not all(
            isinstance(c, keras.callbacks.Callback) for c in callbacks):
        raise bad_value("callbacks", "a list of keras.callbacks.Callback objects", callbacks)
    return list(callbacks)


def run_fit(b, x, y, epochs, batch_size, validation_split, callbacks, live, verbose, kwargs):
    """`ModelBuilder.fit` (and the Train button): check everything, then train a fresh model."""
    if x is None and y is None:
        if b._data is None:
            raise ValueError("`x` and `y` are needed: no data was given to ModelBuilder("
                             "data=(x, y)). Received: x=None, y=None")
        x, y = b._data
    elif x is None or y is None:
        raise ValueError("`x` and `y` must be given together. Received: "
                         f"x={'None' if x is None else '...'}, "
                         f"y={'None' if y is None else '...'}")
    if b._problems():
        raise ValueError("Fix the model before training: " + " ".join(b._problems()))
    cls = type(b)
    epochs = cls.epochs.param.check(b.epochs if epochs is None else epochs)
    batch_size = cls.batch_size.param.check(b.batch_size if batch_size is None
                                            else batch_size)
    validation_split = cls.validation_split.param.check(
        b.validation_split if validation_split is None else validation_split)
    callbacks = _check_callbacks(callbacks)
    if len(b._analysis.outputs) == 1 and not any(e["kind"] == "Input" for e in b._spec):
        x, y = check_data(x, y, b._input_shape, b.loss, b._analysis.output_shape)
    model = b.model
    stop = StopFlag(b._stop_event)
    more = [stop, StatusLine(b._status, epochs, stop)]
    plot = getattr(b, "_pending_plot", None) or (live_plot() if live else None)
    b._pending_plot = None
    if plot is not None:
        more.append(plot)
        b.live_plot = plot
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size,
                        validation_split=validation_split,
                        callbacks=[*callbacks, *more], verbose=verbose, **kwargs)
    b.trained_model, b.history = model, history
    return history
