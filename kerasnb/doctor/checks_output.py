"""KNB1xx: the output layer, the loss and the labels must agree."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .registry import Hit, register

if TYPE_CHECKING:  # pragma: no cover
    from .context import Context

CLASSIFICATION = ("binary", "categorical", "sparse")
PROBABILITY = ("softmax", "sigmoid", "hard_sigmoid")
SQUASHING_RANGES = {"sigmoid": (0.0, 1.0), "hard_sigmoid": (0.0, 1.0), "softmax": (0.0, 1.0),
                    "tanh": (-1.0, 1.0), "relu": (0.0, None), "softplus": (0.0, None),
                    "exponential": (0.0, None), "relu6": (0.0, 6.0)}


def num(v: float) -> str:
    return f"{v:.4g}"


def _lname(out) -> str:
    return out.layer.name if out.layer is not None else out.name


def y_where(ctx, out) -> str:
    return "y" if len(ctx.outputs) == 1 else f"y[{out.name!r}]"


def loss_where(ctx, out) -> str:
    return "loss" if len(ctx.outputs) == 1 else f"loss[{out.name!r}]"


def _kind(out) -> str | None:
    return out.loss.kind if out.loss else None


def _multiclass_labels(labels) -> bool:
    if labels is None:
        return False
    if labels.onehot:
        return labels.n_classes > 2
    return labels.per_sample and labels.integer and labels.lo >= 0 and labels.hi > 1


def _many_class_numbers(labels) -> bool:
    """Whole-number labels with more than two different values."""
    return (labels is not None and labels.per_sample and labels.integer
            and labels.distinct is not None and labels.distinct > 2)


@register("KNB101", "error", needs=("graph",))
def sigmoid_on_multiclass(ctx: Context) -> Iterator[Hit]:
    """Sigmoid on a multi-class output."""
    for out in ctx.outputs:
        if out.activation != "sigmoid" or not out.units or out.units < 2:
            continue
        if _kind(out) in ("categorical", "sparse") or _multiclass_labels(out.labels):
            yield Hit(
                f"The output layer `{_lname(out)}` has {out.units} units with a sigmoid: "
                "each unit scores its class on its own, so the scores do not add up to 1 "
                "and the classes do not compete. For one class out of "
                f"{out.units}, use softmax.",
                fix=f'layers.Dense({out.units}, activation="softmax")',
                where=_lname(out))


@register("KNB102", "error", needs=("graph",))
def softmax_one_unit(ctx: Context) -> Iterator[Hit]:
    """Softmax on a single unit."""
    for out in ctx.outputs:
        if out.activation == "softmax" and out.units == 1:
            yield Hit(
                f"The output layer `{_lname(out)}` applies softmax to 1 unit. Softmax "
                "divides each score by the sum of all scores, so a single unit always "
                "outputs exactly 1.0 and the model cannot learn. For two classes use one "
                "sigmoid unit (or two softmax units).",
                fix='layers.Dense(1, activation="sigmoid")  # loss="binary_crossentropy"',
                where=_lname(out))


@register("KNB103", "error", needs=("compiled",))
def binary_loss_on_many_classes(ctx: Context) -> Iterator[Hit]:
    """Binary crossentropy on more than two classes."""
    for out in ctx.outputs:
        if _kind(out) != "binary":
            continue
        labels = out.labels
        n = None
        if _many_class_numbers(labels):
            n = labels.distinct
        elif labels is not None and labels.onehot and labels.n_classes > 2:
            n = labels.n_classes
        elif labels is None and out.activation == "softmax" and (out.units or 0) > 2:
            n = out.units
        if n is None:
            continue
        fix = (f'layers.Dense({n}, activation="softmax")\n'
               'model.compile(loss="sparse_categorical_crossentropy", ...)  # integer labels')
        if labels is not None and labels.onehot:
            fix = 'model.compile(loss="categorical_crossentropy", ...)  # one-hot labels'
        yield Hit(
            f"The loss `{out.loss.name}` is for two classes (0 or 1), but there are {n} "
            "classes. It treats every class as a separate yes/no question, so the loss "
            "and the accuracy it reports do not measure picking the right class.",
            fix=fix, where=loss_where(ctx, out))


@register("KNB104", "error", needs=("compiled", "y"))
def categorical_loss_with_integer_labels(ctx: Context) -> Iterator[Hit]:
    """Categorical crossentropy with integer labels."""
    for out in ctx.outputs:
        labels = out.labels
        if _kind(out) != "categorical" or labels is None or not labels.per_sample:
            continue
        if not labels.integer or (out.units is not None and out.units < 2):
            continue
        yield Hit(
            f"The loss `{out.loss.name}` expects one-hot labels (one column per class), "
            f"but y holds class numbers ({num(labels.lo)} to {num(labels.hi)}). Keras "
            "stops with a shape error. Use the sparse version of the loss, or one-hot "
            "encode y.",
            fix=('model.compile(loss="sparse_categorical_crossentropy", ...)\n'
                 f"# or: y = keras.utils.to_categorical(y, {out.units or labels.n_classes})"),
            where=loss_where(ctx, out))


@register("KNB105", "error", needs=("compiled", "y"))
def sparse_loss_with_onehot_labels(ctx: Context) -> Iterator[Hit]:
    """Sparse categorical crossentropy with one-hot labels."""
    for out in ctx.outputs:
        labels = out.labels
        if _kind(out) != "sparse" or labels is None or labels.per_sample:
            continue
        if not (labels.onehot or labels.probs):
            continue
        yield Hit(
            f"The loss `{out.loss.name}` expects one class number per sample, but y is "
            f"one-hot encoded ({labels.n_classes} columns). Keras stops with a shape "
            "error. Use categorical crossentropy, or turn y back into class numbers.",
            fix=('model.compile(loss="categorical_crossentropy", ...)\n'
                 "# or: y = y.argmax(axis=-1)"),
            where=loss_where(ctx, out))


@register("KNB106", "error", needs=("compiled", "graph"))
def from_logits_with_probabilities(ctx: Context) -> Iterator[Hit]:
    """`from_logits=True` on an output that already applies softmax/sigmoid."""
    for out in ctx.outputs:
        if out.loss is None or not out.loss.from_logits or out.activation not in PROBABILITY:
            continue
        yield Hit(
            f"The loss is told `from_logits=True` (raw scores), but the output layer "
            f"`{_lname(out)}` already applies {out.activation}. The loss applies it a "
            "second time, which squeezes the scores together and slows or stalls learning. "
            "Remove the activation, or drop `from_logits=True`.",
            fix=(f"layers.Dense({out.units or 'n'})  # no activation: raw scores (logits)\n"
                 "# or keep the activation and use from_logits=False"),
            where=_lname(out))


@register("KNB107", "error", needs=("compiled", "graph"))
def probabilities_expected_but_raw(ctx: Context) -> Iterator[Hit]:
    """A crossentropy loss expecting probabilities on an output without softmax/sigmoid."""
    for out in ctx.outputs:
        if _kind(out) not in CLASSIFICATION or out.loss.from_logits:
            continue
        if out.activation is None or out.activation in PROBABILITY:
            continue
        want = "sigmoid" if _kind(out) == "binary" else "softmax"
        loss_class = {"binary": "BinaryCrossentropy", "categorical": "CategoricalCrossentropy",
                      "sparse": "SparseCategoricalCrossentropy"}[_kind(out)]
        shown = "no activation" if out.activation == "linear" else out.activation
        yield Hit(
            f"The output layer `{_lname(out)}` has {shown}, so it produces raw scores, "
            f"but the loss `{out.loss.name}` reads them as probabilities between 0 and 1. "
            f"Add a {want} to the output, or tell the loss that it gets raw scores.",
            fix=(f'layers.Dense({out.units or "n"}, activation="{want}")\n'
                 f"# or: loss=keras.losses.{loss_class}(from_logits=True)"),
            where=_lname(out))


@register("KNB108", "error", needs=("graph", "y"))
def output_range_cannot_reach_targets(ctx: Context) -> Iterator[Hit]:
    """Softmax/sigmoid (or another bounded activation) on a regression target."""
    for out in ctx.outputs:
        labels = out.labels
        if labels is None or out.activation not in SQUASHING_RANGES:
            continue
        kind = _kind(out)
        if kind in CLASSIFICATION or (kind != "regression" and (labels.integer or labels.probs)):
            continue  # class labels, or soft labels, with a classification-style output
        if out.activation == "softmax":
            if labels.probs:
                continue  # soft labels: a probability per class
            yield Hit(
                f"The output layer `{_lname(out)}` uses softmax, whose outputs are "
                "between 0 and 1 and sum to 1, but y is a continuous target "
                f"({num(labels.lo)} to {num(labels.hi)}). For regression use a linear "
                "output.",
                fix=f"layers.Dense({out.units or 1})  # linear output for regression",
                where=_lname(out))
            continue
        low, high = SQUASHING_RANGES[out.activation]
        below = labels.lo < low - 1e-6
        above = high is not None and labels.hi > high + 1e-6
        if not (below or above):
            continue
        reach = f"between {num(low)} and {num(high)}" if high is not None else \
            f"{num(low)} or more"
        severity = "error" if out.activation != "relu" else "warning"
        yield Hit(
            f"The output layer `{_lname(out)}` uses {out.activation}, so it can only "
            f"predict values {reach}, but y goes from {num(labels.lo)} to {num(labels.hi)}. "
            "For regression use a linear output (or scale y into that range).",
            fix=f"layers.Dense({out.units or 1})  # linear output for regression",
            where=_lname(out), severity=severity)


@register("KNB109", "error", needs=("graph", "y"))
def units_differ_from_classes(ctx: Context) -> Iterator[Hit]:
    """Output units differ from the number of classes in y."""
    for out in ctx.outputs:
        labels, units = out.labels, out.units
        if labels is None or not units or _kind(out) in ("regression", "other"):
            continue
        if labels.vector and (labels.onehot or labels.probs or labels.multilabel):
            if units != labels.n_classes:
                yield Hit(
                    f"y has {labels.n_classes} columns (one per class), but the output "
                    f"layer `{_lname(out)}` has {units} units. Make them equal.",
                    fix=(f"layers.Dense({labels.n_classes}, "
                         f'activation="{out.activation or "softmax"}")'),
                    where=_lname(out))
        elif (_kind(out) == "sparse" and labels.per_sample and labels.integer
              and labels.lo >= 0 and labels.n_classes < units and units > 1):
            yield Hit(
                f"The output layer `{_lname(out)}` has {units} units, but y only uses "
                f"classes 0 to {labels.n_classes - 1}. If there are {labels.n_classes} "
                "classes, the extra units are never right; if this is only part of the "
                "data, ignore this.",
                fix=f"layers.Dense({labels.n_classes}, activation=\"softmax\")",
                where=_lname(out), severity="warning")


@register("KNB110", "error", needs=("y",))
def labels_out_of_range(ctx: Context) -> Iterator[Hit]:
    """Labels outside the range the loss accepts."""
    for out in ctx.outputs:
        labels, kind = out.labels, _kind(out)
        if labels is None or kind not in CLASSIFICATION:
            continue
        if kind == "sparse" and labels.per_sample:
            if not labels.integer:
                yield Hit(
                    f"The loss `{out.loss.name}` needs whole class numbers, but y holds "
                    f"fractions ({num(labels.lo)} to {num(labels.hi)}).",
                    fix="y = y.astype(\"int64\")  # if these are class numbers",
                    where=y_where(ctx, out))
            elif labels.lo < 0 or (out.units and out.units > 1 and labels.hi >= out.units):
                units = out.units or labels.n_classes
                shifted = labels.lo >= 1 and labels.hi == units
                yield Hit(
                    f"Class numbers must run from 0 to {units - 1} for {units} output units, "
                    f"but y goes from {num(labels.lo)} to {num(labels.hi)}. On CPU Keras "
                    "stops with a cryptic error; on GPU the loss silently becomes NaN."
                    + (" The labels look 1-based." if shifted else ""),
                    fix="y = y - 1  # 1-based labels to 0-based" if shifted else
                    f"layers.Dense({int(labels.hi) + 1}, activation=\"softmax\")",
                    where=y_where(ctx, out))
        elif (kind == "binary" and (labels.lo < 0 or labels.hi > 1)
              and not _many_class_numbers(labels)):  # many classes: KNB103's business
            two = labels.distinct == 2
            yield Hit(
                f"The loss `{out.loss.name}` needs labels between 0 and 1, but y goes from "
                f"{num(labels.lo)} to {num(labels.hi)}. The loss comes out negative or "
                "meaningless." + (" Map the two labels to 0 and 1." if two else ""),
                fix=(f'y = (y == {num(labels.hi)}).astype("float32")  '
                     f"# {num(labels.lo)} -> 0, {num(labels.hi)} -> 1") if two else
                "y = (y - y.min()) / (y.max() - y.min())  # scale into 0..1",
                where=y_where(ctx, out))
        elif kind == "categorical" and labels.vector and (labels.lo < 0 or labels.hi > 1):
            yield Hit(
                f"The loss `{out.loss.name}` needs one-hot rows of 0s and 1s, but y goes "
                f"from {num(labels.lo)} to {num(labels.hi)}.",
                fix="y = keras.utils.to_categorical(class_numbers, num_classes)",
                where=y_where(ctx, out))


@register("KNB111", "error", needs=("compiled", "graph"))
def categorical_loss_on_one_unit(ctx: Context) -> Iterator[Hit]:
    """Categorical crossentropy on a single output unit (the loss is always 0)."""
    for out in ctx.outputs:
        if _kind(out) in ("categorical", "sparse") and out.units == 1:
            seen = ("Keras stops with \"Received a label value of 1 which is outside the "
                    "valid range of [0, 1)\"" if _kind(out) == "sparse" else
                    "the loss is 0 (or meaningless) from the start, so nothing is learned")
            yield Hit(
                f"The loss `{out.loss.name}` compares a probability per class, but the output "
                f"layer `{_lname(out)}` has 1 unit, one class only: {seen}. For two classes "
                "use binary crossentropy with one sigmoid unit.",
                fix=('layers.Dense(1, activation="sigmoid")\n'
                     'model.compile(loss="binary_crossentropy", ...)'),
                where=_lname(out))
