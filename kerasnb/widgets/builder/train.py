"""Training for the model builder: the data checks, the settings of a run, the status line.

`prepare` is what both ways of training share (`ModelBuilder.fit`, a synchronous
``model.fit``, and the Train button, sliced on the event loop by `loop.SlicedFit`):
data that fits the model, settings checked like the train panel checks them,
and a fresh compiled model. `Status` words the line under the train panel.
"""

from __future__ import annotations

from typing import Any

import keras
import numpy as np

from ..._validate import bad_value, check_array
from .check import fmt_shape
from .task import classes_in


class Status:
    """The status line: "Epoch 3/5: loss 0.41, ...", then "Done (or Stopped) after N epochs"."""

    def __init__(self, epochs: int) -> None:
        self.epochs, self.done, self.last = epochs, 0, ""

    def begin(self) -> str:
        return f"Training for {self.epochs} epochs ..."

    def epoch(self, epoch: int, logs: dict | None) -> str:
        self.done = epoch + 1
        self.last = ", ".join(f"{k} {float(v):.4g}" for k, v in dict(logs or {}).items()
                              if np.ndim(v) == 0)
        return f"Epoch {self.done}/{self.epochs}: {self.last}"

    def end(self, stopped: bool) -> str:
        how = "Stopped" if stopped else "Done"
        plural = "s" if self.done != 1 else ""
        return f"{how} after {self.done} epoch{plural}" + (f": {self.last}" if self.last else ".")


class StatusLine(keras.callbacks.Callback):
    """`Status` for ``model.fit``: hands each line to ``show`` (the builder's status area)."""

    def __init__(self, status: Status, show: Any) -> None:
        super().__init__()
        self.status, self.show = status, show

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.show(self.status.begin())

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.show(self.status.epoch(epoch, logs))

    def on_train_end(self, logs: dict | None = None) -> None:
        self.show(self.status.end(bool(getattr(self.model, "stop_training", False))))


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


def live_plot(output: Any = None) -> Any:
    """A fresh `kerasnb.LivePlot` (drawing to ``output`` if given), or None without one."""
    try:
        from ...callbacks import LivePlot
    except ImportError:
        return None
    return LivePlot(title="ModelBuilder") if output is None else \
        LivePlot(title="ModelBuilder", backend=output)


def check_callbacks(callbacks: Any) -> list:
    if callbacks is None:
        return []
    if isinstance(callbacks, keras.callbacks.Callback):
        callbacks = [callbacks]
    if not isinstance(callbacks, (list, tuple)) or not all(
            isinstance(c, keras.callbacks.Callback) for c in callbacks):
        raise bad_value("callbacks", "a list of keras.callbacks.Callback objects", callbacks)
    return list(callbacks)


def prepare(b: Any, x: Any, y: Any, epochs: Any, batch_size: Any,
            validation_split: Any) -> tuple:
    """``(model, x, y, epochs, batch_size, validation_split)`` for a run, every value checked.

    ``b`` is the builder, read through its public side (``data``, ``valid``,
    ``analysis``, ``entries``, the settings, ``model``).

    Raises:
        ValueError: no data, data that does not fit the model, a bad setting, or
            a model with errors.
    """
    if x is None and y is None:
        if b.data is None:
            raise ValueError("`x` and `y` are needed: no data was given to ModelBuilder("
                             "data=(x, y)). Received: x=None, y=None")
        x, y = b.data
    elif x is None or y is None:
        raise ValueError("`x` and `y` must be given together. Received: "
                         f"x={'None' if x is None else '...'}, "
                         f"y={'None' if y is None else '...'}")
    if not b.valid:
        raise ValueError("Fix the model before training: " + " ".join(b.errors))
    cls = type(b)
    epochs = cls.epochs.param.check(b.epochs if epochs is None else epochs)
    batch_size = cls.batch_size.param.check(b.batch_size if batch_size is None
                                            else batch_size)
    validation_split = cls.validation_split.param.check(
        b.validation_split if validation_split is None else validation_split)
    a = b.analysis
    if len(a.outputs) == 1 and not any(e["kind"] == "Input" for e in b.entries):
        x, y = check_data(x, y, b.input_shape, b.loss, a.output_shape)
    return b.model, x, y, epochs, batch_size, validation_split
