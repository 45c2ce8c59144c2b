"""`knb.check`: look at a model (and its data and history) before training."""

from __future__ import annotations

import os
from typing import Any

import keras

# Importing the check modules registers their checks.
from . import checks_data, checks_history, checks_keras3, checks_model, checks_output  # noqa: F401
from .context import Context
from .registry import run_checks
from .report import Report


def check(model: keras.Model | None, x: Any = None, y: Any = None, *, history: Any = None,
          save_path: str | os.PathLike | None = None,
          callbacks: list[keras.callbacks.Callback] | None = None) -> Report:
    """Find the classic Keras mistakes in a model, its data and its training history.

    Nothing is trained or changed: the model is inspected through its layers and
    compile settings, the data through numpy. Every finding says what is wrong,
    why it matters and how to fix it.

    Args:
        model: A compiled (or not yet compiled) `keras.Model`. ``None`` checks only
            the data, history, path and callbacks given.
        x: Training inputs: an array, a list or dict of arrays (one per model
            input), or a ``tf.data.Dataset`` of ``(x, y)`` batches (its first 32
            batches are looked at). Pass the whole training set: the dataset size
            counts.
        y: Training labels or targets: an array, or a list or dict of arrays for
            a model with several outputs.
        history: A training history: what ``model.fit`` returns, its ``.history``
            dict, a `knb.LivePlot`, or a pandas DataFrame of it.
        save_path: A file the model is saved to or loaded from, checked for the
            Keras 3 formats (``.keras``, ``.weights.h5``).
        callbacks: The callbacks passed to ``fit``; checkpoint paths and the
            metrics that callbacks monitor are checked.

    Returns:
        A `Report`: iterate over it for `Finding` objects; ``report.ok`` is True
        when there is no error; it shows itself as a table in a notebook.

    Raises:
        ValueError: if ``model`` is not a Keras model or ``callbacks`` is not a list.

    Example:
        >>> report = knb.check(model, x_train, y_train)
        >>> report                      # a table in a notebook
        >>> report.raise_for_errors()   # stop a script on errors
    """
    if model is not None and not isinstance(model, keras.Model):
        hint = ""
        if hasattr(model, "history"):
            hint = " To check a training history, pass it as history=."
        raise ValueError(f"`model` must be a keras.Model or None. Received: model of type "
                         f"{type(model).__name__}.{hint}")
    if callbacks is not None and not isinstance(callbacks, (list, tuple)):
        raise ValueError("`callbacks` must be a list of keras callbacks. Received: "
                         f"callbacks of type {type(callbacks).__name__}")
    if save_path is not None and not isinstance(save_path, (str, os.PathLike)):
        raise ValueError("`save_path` must be a file path (str or Path). Received: "
                         f"save_path={save_path!r}")
    ctx = Context(model, x, y, history=history, save_path=save_path, callbacks=callbacks)
    return Report(run_checks(ctx), notes=_notes(ctx, x, y))


def _notes(ctx: Context, x, y) -> list[str]:
    notes = []
    if ctx.model is not None and x is None and y is None:
        notes.append("Pass x and y as well to check the data and the labels against the "
                     "model.")
    if ctx.sampled:
        notes.append("x is a tf.data.Dataset: only its first batches were looked at, and "
                     "the dataset size was not checked.")
    return notes
