"""KNB3xx: the model itself (compiled? built? layers that defeat each other)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import keras

from . import layer_facts as lf
from . import model_facts as mf
from .registry import Hit, register
from .snippets import comment

if TYPE_CHECKING:  # pragma: no cover
    from .context import Context

DROPOUT_LIMIT = 0.9
# Layers that keep a stack of Dense layers linear (no non-linearity in between).
LINEAR_BETWEEN = {"Dropout", "GaussianDropout", "GaussianNoise", "AlphaDropout",
                  "BatchNormalization", "Identity", "ActivityRegularization", "Reshape",
                  "Flatten"}


def _is_dropout(layer) -> bool:
    return "Dropout" in mf.class_name(layer)


def _shape(shape: tuple) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


@register("KNB301", "error", needs=("model",))
def not_compiled(ctx: Context) -> Iterator[Hit]:
    """The model is not compiled."""
    if not ctx.compiled:
        yield Hit(
            "The model is not compiled, so it has no loss and no optimizer yet: fit() "
            "would stop, and the loss checks here were skipped.",
            fix='model.compile(optimizer="adam", loss="...", metrics=["accuracy"])',
            where="model")


@register("KNB302", "info", needs=("model",))
def not_built(ctx: Context) -> Iterator[Hit]:
    """The model is not built (no input shape yet)."""
    if ctx.model.built or ctx.twin is not None:
        return  # built, or its shapes were worked out on a copy built for x
    if ctx.kind == "subclassed" and lf.parts_built(ctx.model):
        return  # a GAN/VAE-style model: its generator, encoder, ... are built
    x = ctx.inputs[0].x if ctx.inputs else None
    shape = tuple(x.shape[1:]) if x is not None and x.ndim > 1 else None
    fix = (f"keras.Input(shape={shape})" if shape else "keras.Input(shape=(n_features,))")
    yield Hit(
        "The model does not know its input shape yet, so it has no weights: summary() and "
        "parameter counts fail until the first fit(), and the checks that need shapes "
        "were skipped (pass x to have them run). In Keras 3, start a Sequential model "
        "with keras.Input(shape=...) (passing input_shape= to the first layer is "
        "deprecated).",
        fix=f"model = keras.Sequential([{fix}, ...])", where="model")


def _rank(tensor_shape) -> int:
    return len(tensor_shape) if tensor_shape is not None else 0


def _input_shape(layer) -> tuple | None:
    try:
        return tuple(layer.input.shape)
    except (AttributeError, ValueError, RuntimeError):
        return None


def _per_position(labels, out) -> bool:
    """y holds one label per position of the output (per pixel, per time step)."""
    y = labels.array
    if y.ndim < out.rank - 1:
        return False
    steps = tuple(out.shape[1:out.rank - 1])
    return all(s is None or s == g for s, g in zip(steps, y.shape[1:], strict=False))


def _sequence_source(ctx, dense):
    """The RNN returning whole sequences that feeds ``dense`` (through pass-through layers)."""
    prev = ctx.graph.single_parent(dense) if ctx.kind != "subclassed" else None
    while prev is not None and mf.class_name(prev) in mf.PASS_THROUGH:
        prev = ctx.graph.single_parent(prev)
    if prev is not None and getattr(prev, "return_sequences", False):
        return prev
    return None


@register("KNB303", "error", needs=("built", "graph"))
def dense_without_flatten(ctx: Context) -> Iterator[Hit]:
    """Dense on a sequence or image without Flatten or pooling."""
    spatial = [o for o in ctx.outputs if o.rank and o.rank >= 3]
    if not spatial:
        return
    out = spatial[0]
    if out.labels is not None and _per_position(out.labels, out):
        return  # one label per position (per pixel, per time step): intended
    sequence = mf.is_sequence_model(ctx.view)
    if out.labels is None and sequence:
        return  # sequence to sequence models are common; without y nothing says otherwise
    for layer in ctx.all_layers:
        if not isinstance(layer, keras.layers.Dense):
            continue
        shape = mf.output_shape(layer)
        if shape is None or len(shape) < 3:
            continue
        in_shape = _input_shape(layer) or shape[:-1] + ("?",)
        kind = out.loss.kind if out.loss else None
        if kind in ("regression", None):
            seen = ("Keras trains without an error, comparing y with every position's "
                    f"prediction, and predict() returns {_shape(out.shape)}")
        else:
            seen = ("fit() stops with a shape error (\"`target` and `output` must have the "
                    "same shape\" or a rank error)")
        source = _sequence_source(ctx, layer) if sequence else None
        what = "a sequence" if sequence else "image-shaped input"
        yield Hit(
            f"`{layer.name}` (Dense) receives {what} {_shape(in_shape)}. Dense only mixes "
            "the last axis, so the other axes stay: the model outputs "
            f"{_shape(out.shape)}, one prediction per position instead of one per sample"
            + (f", while y has shape {_shape(out.labels.array.shape)}"
               if out.labels is not None else "") + f"; {seen}. "
            + (f"`{source.name}` returns the whole sequence (return_sequences=True)."
               if source is not None else "Flatten (or pool) before the first Dense layer."),
            fix=(f"layers.{mf.class_name(source)}({getattr(source, 'units', '...')}, "
                 f"return_sequences=False)  # in place of {comment(source.name)}"
                 if source is not None else
                 (f"layers.GlobalAveragePooling1D(),  # insert before {comment(layer.name)}"
                  if sequence else f"layers.Flatten(),  # insert before {comment(layer.name)}")),
            where=layer.name)
        return


def _models(model):
    yield model
    for layer in mf.layers_of(model):
        if isinstance(layer, keras.Model) and mf.model_kind(layer) != "subclassed":
            yield from _models(layer)


@register("KNB304", "warning", needs=("graph",))
def stacked_linear_dense(ctx: Context) -> Iterator[Hit]:
    """Stacked Dense layers with no non-linearity between them."""
    for model in _models(ctx.model):
        graph = ctx.graph if model is ctx.model else mf.Graph(model)
        for layer in graph.layers:
            if not isinstance(layer, keras.layers.Dense):
                continue
            prev = graph.single_parent(layer)
            while prev is not None and mf.class_name(prev) in LINEAR_BETWEEN:
                prev = graph.single_parent(prev)
            if (prev is None or not isinstance(prev, keras.layers.Dense)
                    or mf.activation_name(prev) != "linear"):
                continue
            yield Hit(
                f"`{prev.name}` has no activation and feeds `{layer.name}` directly. Two "
                "Dense layers with nothing non-linear between them compute the same as one "
                "Dense layer, so the extra layer adds weights but no power.",
                fix=(f'layers.Dense({prev.units}, activation="relu")  '
                     f"# in place of {comment(prev.name)}"),
                where=prev.name)


@register("KNB305", "warning", needs=("model",))
def dropout_too_high(ctx: Context) -> Iterator[Hit]:
    """Dropout rate of 0.9 or more."""
    for layer in ctx.all_layers:
        rate = getattr(layer, "rate", None)
        if not _is_dropout(layer) or not isinstance(rate, (int, float)):
            continue
        if rate >= DROPOUT_LIMIT:
            yield Hit(
                f"`{layer.name}` drops {rate:.0%} of its inputs at every training step, so "
                "the next layer sees almost nothing. Keras' rate is the fraction dropped, "
                "not kept (TensorFlow 1's keep_prob was the opposite).",
                fix=f"layers.Dropout({1 - rate:.2g})  # if you meant keep {rate:.0%}; 0.2-0.5 is usual",
                where=layer.name)


@register("KNB306", "error", needs=("graph",))
def dropout_last(ctx: Context) -> Iterator[Hit]:
    """Dropout as the last layer."""
    for out in ctx.outputs:
        if out.layer is not None and _is_dropout(out.layer):
            yield Hit(
                f"The model ends with `{out.layer.name}` (Dropout): during training it zeroes "
                "random predictions and scales up the rest, so the loss compares damaged "
                "outputs with the labels. Put Dropout between hidden layers, never after "
                "the output layer.",
                fix=f"# remove {comment(out.layer.name)}, or move it before the output layer",
                where=out.layer.name)


@register("KNB307", "info", needs=("model",))
def subclassed_model(ctx: Context) -> Iterator[Hit]:
    """A subclassed model: its wiring cannot be inspected."""
    if ctx.kind == "subclassed":
        yield Hit(
            f"`{ctx.model.name}` is a subclassed keras.Model, whose layers are only wired "
            "together when call() runs, so the checks of the output layer and of the "
            "layer order were skipped. The loss, data and history checks still ran.",
            where=ctx.model.name)
