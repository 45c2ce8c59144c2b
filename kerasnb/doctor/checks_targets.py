"""KNB112-KNB115: y against what the output and the metrics make of it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from .checks_output import _lname, loss_where, num, y_where
from .registry import Hit, register

if TYPE_CHECKING:  # pragma: no cover
    from .context import Context

ACCURACY_NAMES = {"accuracy", "acc", "binary_accuracy", "Accuracy", "BinaryAccuracy"}
TARGET_SCALE = 1000.0  # |median| or spread of a regression target counted as "large"


def _shape(shape) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


@register("KNB112", "error", needs=("built", "y"))
def targets_per_step_for_one_output(ctx: Context) -> Iterator[Hit]:
    """y holds a target per time step (or several), the model one value per sample."""
    for out in ctx.outputs:
        y, labels = out.y, out.labels
        if y is None or labels is None or out.rank != 2 or not out.units:
            continue
        if y.ndim >= 3:
            steps = y.shape[1]
        elif y.ndim == 2 and y.shape[1] > 1 and out.units == 1 and \
                (out.loss is None or out.loss.kind in ("regression", "other")):
            steps = y.shape[1]  # classification: KNB109 compares columns and units
        else:
            continue
        yield Hit(
            f"{y_where(ctx, out)} has shape (N, {', '.join(map(str, y.shape[1:]))}): "
            f"{steps} targets per sample, but the model outputs {_shape(out.shape)}, one "
            f"prediction per sample from `{_lname(out)}`. Keras either stops with a shape "
            "error or, for mse/mae, quietly compares the one prediction with every step, "
            "so the model learns their average.",
            fix=(f"y = y[:, -1]  # one target per sample (the last step)\n"
                 f"# or predict every step: layers.LSTM(..., return_sequences=True) and "
                 f"layers.Dense({y.shape[-1] if y.ndim >= 3 else 1}) at the end"),
            where=y_where(ctx, out))


def _asks_accuracy(ctx) -> bool:
    return any(name in ACCURACY_NAMES for name in ctx.metric_names)


@register("KNB113", "warning", needs=("compiled",))
def accuracy_on_regression(ctx: Context) -> Iterator[Hit]:
    """`metrics=["accuracy"]` on a regression (continuous targets)."""
    if len(ctx.outputs) != 1 or not _asks_accuracy(ctx):
        return
    out = ctx.outputs[0]
    labels, kind = out.labels, (out.loss.kind if out.loss else None)
    if labels is not None:
        if not labels.per_sample or (labels.integer and labels.lo >= 0 and labels.hi <= 1):
            return  # class labels (or one-hot rows): accuracy means something
        continuous = not labels.integer
        if kind != "regression" and not (continuous and kind in ("binary", "other")):
            return
    elif kind != "regression" or out.activation != "linear":
        return
    seen = (f"y is continuous ({num(labels.lo)} to {num(labels.hi)})" if labels is not None
            else f"the loss `{out.loss.name}` is for regression")
    yield Hit(
        f"`metrics=[\"accuracy\"]` asks how often a prediction equals y exactly, but {seen}: "
        "a continuous prediction almost never matches, so accuracy stays near 0 (or jumps "
        "about) while the loss improves. It measures nothing here; report the mean "
        "absolute error instead.",
        fix='model.compile(optimizer="adam", loss="mse", metrics=["mae"])',
        where="metrics")


@register("KNB114", "error", needs=("y",))
def multi_hot_with_softmax(ctx: Context) -> Iterator[Hit]:
    """Several labels per sample (multi-hot y) with softmax or categorical crossentropy."""
    for out in ctx.outputs:
        labels, kind = out.labels, (out.loss.kind if out.loss else None)
        if labels is None or not labels.vector or not labels.multilabel:
            continue
        if out.activation != "softmax" and kind != "categorical":
            continue
        per_row = labels.array.reshape(-1, labels.array.shape[-1]).sum(axis=-1)
        most = int(per_row.max())
        if most < 2:
            continue
        why = (f"`{_lname(out)}` uses softmax" if out.activation == "softmax"
               else f"the loss `{out.loss.name}` treats the columns as one choice")
        yield Hit(
            f"y is multi-label: rows hold up to {most} ones out of {labels.n_classes} "
            f"columns (on average {num(float(per_row.mean()))}), but {why}. Softmax makes "
            "the scores compete and add up to 1, so the model cannot say yes to several "
            "labels at once, and accuracy only checks the top one. Score each label on "
            "its own: a sigmoid per unit with binary crossentropy.",
            fix=(f'layers.Dense({labels.n_classes}, activation="sigmoid")\n'
                 'model.compile(loss="binary_crossentropy", '
                 'metrics=[keras.metrics.BinaryAccuracy()])'),
            where=_lname(out) if out.activation == "softmax" else loss_where(ctx, out))


def _bias_start(layer) -> float:
    """The constant an output layer's bias starts at (0 for the default zeros)."""
    init = getattr(layer, "bias_initializer", None)
    try:
        value = init.get_config().get("value", 0.0) if init is not None else 0.0
        return float(np.mean(value))
    except (AttributeError, TypeError, ValueError):
        return 0.0


@register("KNB115", "warning", needs=("compiled", "graph", "y"))
def regression_target_scale(ctx: Context) -> Iterator[Hit]:
    """A regression target on a very large scale for a linear output starting near 0."""
    for out in ctx.outputs:
        labels = out.labels
        if labels is None or out.loss is None or out.loss.kind != "regression":
            continue
        if out.activation != "linear" or not labels.finite:
            continue
        y = labels.array.astype(np.float64, copy=False).reshape(-1)
        if y.size > 100_000:
            y = y[:: y.size // 100_000 + 1]
        center, spread = float(np.median(y)), float(np.std(y))
        size = max(abs(center), spread)
        if size <= TARGET_SCALE or abs(_bias_start(out.layer)) >= size / 10:
            continue
        yield Hit(
            f"{y_where(ctx, out)} is on a large scale (median {num(center)}, standard "
            f"deviation {num(spread)}), but the linear output `{_lname(out)}` starts out "
            "predicting values near 0. The loss starts huge, gradients are huge, and the "
            "output creeps towards the targets for thousands of epochs. Scale y, train "
            "on that, and scale the predictions back.",
            fix=("y_mean, y_std = y.mean(), y.std()\n"
                 "model.fit(x, (y - y_mean) / y_std, ...)\n"
                 "predictions = model.predict(x_new) * y_std + y_mean"),
            where=y_where(ctx, out))
