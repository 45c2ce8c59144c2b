"""`knb.check`: look at a model (and its data and history) before training."""

from __future__ import annotations

import os
from typing import Any

import keras

from . import arguments as args
from .catalog import run_all
from .context import Context
from .report import Report


def check(model: keras.Model | None, x: Any = None, y: Any = None, *, history: Any = None,
          save_path: str | os.PathLike | None = None,
          callbacks: list[keras.callbacks.Callback] | None = None,
          weights_path: str | os.PathLike | None = None,
          class_weight: dict[int, float] | None = None,
          sample_weight: Any = None) -> Report:
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
        history: A training history, anything `kerasnb.History.from_any` reads:
            what ``model.fit`` returns, its ``.history`` dict, a kerasnb
            `History`, any object with a ``.history`` (a `knb.LivePlot`, a
            `knb.Playground`, a `knb.ModelBuilder`), a pandas DataFrame or a list
            of per-epoch log dicts.
        save_path: A file the whole model is saved to or loaded from, checked
            against what the installed Keras accepts (``.keras``, legacy ``.h5``).
        callbacks: The callbacks passed to ``fit``; checkpoint paths and the
            metrics that callbacks monitor are checked.
        weights_path: A file given to ``save_weights`` or ``load_weights``.
        class_weight: The ``class_weight`` passed to ``fit``, if any (a heavy
            class imbalance is only worth a word without it).
        sample_weight: The ``sample_weight`` passed to ``fit``, if any.

    Returns:
        A `Report`: iterate over it for `Finding` objects; ``report.ok`` is True
        when there is no error; it shows itself as a table in a notebook.

    Raises:
        ValueError: if ``model`` is not a Keras model, ``callbacks`` is not a list
            of callbacks, a path is not a path, or the weights are not what
            ``fit`` takes.

    Example:
        >>> report = knb.check(model, x_train, y_train)
        >>> report                      # a table in a notebook
        >>> report.raise_for_errors()   # stop a script on errors
        >>> knb.check(model, x_train, y_train, class_weight={0: 1.0, 1: 9.0})
    """
    args.check_model(model)
    callbacks = args.check_callbacks(callbacks)
    args.check_path("save_path", save_path)
    args.check_path("weights_path", weights_path)
    class_weight = args.check_class_weight(class_weight)
    ctx = Context(model, x, y, history=history, save_path=save_path, callbacks=callbacks,
                  weights_path=weights_path, class_weight=class_weight)
    ctx.sample_weight = args.check_sample_weight(sample_weight, ctx.n_samples)
    return Report(run_all(ctx), notes=_notes(ctx, x, y))


def _notes(ctx: Context, x: Any, y: Any) -> list[str]:
    notes = []
    if ctx.model is not None and x is None and y is None:
        notes.append("Pass x and y as well to check the data and the labels against the "
                     "model.")
    if ctx.sampled:
        notes.append("x is a tf.data.Dataset: only its first batches were looked at, and "
                     "the dataset size was not checked.")
    if ctx.twin is not None:
        notes.append("The model is not built yet; its shapes were worked out on a copy "
                     "built for x's shape.")
    return notes
