"""KNB2xx: the data handed to the model (x and y)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from . import layer_facts as lf
from . import model_facts as mf
from . import scale_facts as sf
from .checks_output import CLASSIFICATION, num
from .data_facts import is_numeric
from .registry import Hit, register

if TYPE_CHECKING:  # pragma: no cover
    from .context import Context

IMBALANCE_RATIO = 10.0  # largest class / smallest class: a warning without weights
IMBALANCE_NOTE = 5.0  # from here on: worth a word (info)
MIN_CLASS_COUNT = 50  # the largest class needs this many samples before ratios are read
PARAMS_PER_SAMPLE = 1000  # trainable parameters per training sample counted as "huge"
MIN_PARAMS = 10_000


def _x_where(ctx, inp) -> str:
    return "x" if len(ctx.inputs) == 1 else f"x[{inp.name!r}]"


def all_finite(x: np.ndarray) -> bool:
    """Fast: NaN and inf survive a sum, and a float64 sum of float32 data cannot overflow."""
    if not np.issubdtype(x.dtype, np.floating):
        return True
    return bool(np.isfinite(np.sum(x, dtype=np.float64)))


@register("KNB201", "warning", needs=("x",))
def inputs_not_scaled(ctx: Context) -> Iterator[Hit]:
    """Inputs not scaled (e.g. pixels 0-255)."""
    if ctx.model is not None and lf.normalizes_inputs(ctx.view):
        return
    for inp in ctx.inputs:
        x = inp.x
        if x is None or x.ndim < 2 or not is_numeric(x) or x.dtype == bool or x.size == 0:
            continue
        if np.issubdtype(x.dtype, np.integer) and ctx.model is not None \
                and lf.custom_first(ctx.view):
            continue  # integer ids into the user's own (embedding-like) first layer
        scale = sf.measure(x)
        if scale is None or not sf.too_large(scale):
            continue
        where = _x_where(ctx, inp)
        if scale.pixels:
            yield Hit(
                f"{where} holds raw pixel values ({num(scale.low)} to {num(scale.high)}). "
                "Inputs this large make the first layer's outputs and gradients large, so "
                "training is slow and unstable (the loss starts huge, accuracy lags). Scale "
                "the pixels to 0..1.",
                fix=(f'{where} = {where}.astype("float32") / 255.0\n'
                     "# or make layers.Rescaling(1 / 255) the model's first layer"),
                where=where)
        else:
            yield Hit(
                f"{where} is not on a common scale: a feature's values run from "
                f"{num(scale.lo)} to {num(scale.hi)} (1st to 99th percentile; all values "
                f"{num(scale.low)} to {num(scale.high)}). Features on large or very "
                "different scales make training slow and unstable. Standardize them "
                "(mean 0, standard deviation 1).",
                fix=("norm = layers.Normalization()\n"
                     f"norm.adapt({where})  # then make norm the model's first layer\n"
                     f"# or: {where} = ({where} - {where}.mean(axis=0)) / {where}.std(axis=0)"),
                where=where)


def _nonfinite(arr: np.ndarray) -> tuple[int, int, int]:
    """Counts of NaN, of inf, and of samples touched."""
    if all_finite(arr):
        return 0, 0, 0
    nan, inf = np.isnan(arr), np.isinf(arr)
    bad = nan | inf
    rows = int(bad.reshape(len(arr), -1).any(axis=1).sum()) if arr.ndim else int(bad.any())
    return int(nan.sum()), int(inf.sum()), rows


@register("KNB202", "error", needs=())
def nan_in_data(ctx: Context) -> Iterator[Hit]:
    """NaN or inf in x or y."""
    arrays = [(_x_where(ctx, i), i.x) for i in ctx.inputs if i.x is not None]
    ys = ctx.y_arrays or []
    arrays += [("y" if len(ys) == 1 else f"y[{k}]", a) for k, a in enumerate(ys)]
    for where, arr in arrays:
        if not is_numeric(arr) or arr.ndim == 0:
            continue
        nans, infs, rows = _nonfinite(arr)
        if nans or infs:
            yield Hit(
                f"{where} contains {nans} NaN and {infs} infinite values (in {rows} of "
                f"{len(arr)} samples). One such value makes the loss NaN and the weights "
                "useless after the first batch that contains it.",
                fix=(f"keep = np.isfinite({where}).reshape(len({where}), -1).all(axis=1)\n"
                     "x, y = x[keep], y[keep]  # or fill the gaps: np.nan_to_num(...)"),
                where=where)


def _reshape_fix(got: tuple, want: tuple) -> str:
    if got + (1,) == want:
        return f"x = x.reshape(-1, {', '.join(map(str, want))})  # or: x = x[..., None]"
    if len(want) == 1:
        return "x = x.reshape(len(x), -1)  # or start the model with layers.Flatten()"
    return f"x = x.reshape(-1, {', '.join(map(str, want))})"


@register("KNB203", "error", needs=("model",))
def x_does_not_match_input(ctx: Context) -> Iterator[Hit]:
    """x does not match the model's input shape."""
    if ctx.x_raw is None or ctx.model is None:
        return
    inputs = ctx.inputs
    if len(inputs) > 1 and all(i.x is None for i in inputs):
        names = ", ".join(repr(i.name) for i in inputs)
        yield Hit(
            f"The model has {len(inputs)} inputs ({names}), so x must be a list with one "
            "array per input, or a dict keyed by input name.",
            fix="model.fit({" + ", ".join(f"{i.name!r}: ..." for i in inputs) + "}, y)",
            where="x")
        return
    for inp in inputs:
        x, want = inp.x, inp.shape
        if x is None or want is None or x.ndim == 0:
            continue
        got = tuple(x.shape[1:])
        if len(got) == len(want) and all(w is None or w == g for w, g in zip(want, got, strict=True)):
            continue
        shown = "(N, " + ", ".join(map(str, got)) + (",)" if len(got) == 1 else ")")
        expect = "(None, " + ", ".join(map(str, want)) + (",)" if len(want) == 1 else ")")
        known = all(w is not None for w in want)
        if known and math.prod(got) == math.prod(want):
            yield Hit(
                f"The model expects input of shape {expect}, but {_x_where(ctx, inp)} has "
                f"shape {shown}. The numbers are all there, only arranged differently: "
                "reshape x.",
                fix=_reshape_fix(got, want), where=_x_where(ctx, inp))
        else:
            yield Hit(
                f"The model expects input of shape {expect}, but {_x_where(ctx, inp)} has "
                f"shape {shown}. Either the data is not what the model was built for, or "
                "the model's Input shape is wrong.",
                fix=f"keras.Input(shape={got})  # build the model for this data",
                where=_x_where(ctx, inp))


@register("KNB204", "error", needs=())
def sample_counts_differ(ctx: Context) -> Iterator[Hit]:
    """x and y hold different numbers of samples."""
    xs = [(_x_where(ctx, i), len(i.x)) for i in ctx.inputs if i.x is not None and i.x.ndim]
    ys = ctx.y_arrays or []
    ys = [("y" if len(ys) == 1 else f"y[{k}]", len(a)) for k, a in enumerate(ys) if a.ndim]
    pairs = xs + ys
    if len({n for _, n in pairs}) > 1:
        listed = ", ".join(f"{w} has {n}" for w, n in pairs)
        yield Hit(
            f"x and y must have one entry per sample, but {listed}. Usually x and y come "
            "from different splits (e.g. x_train with y_test).",
            fix="assert len(x) == len(y)", where="y")


@register("KNB205", "warning", needs=("y",))
def class_imbalance(ctx: Context) -> Iterator[Hit]:
    """Heavy class imbalance without class or sample weights."""
    if ctx.weighted:
        return  # fit() is told to weight the classes
    for out in ctx.outputs:
        labels = out.labels
        kind = out.loss.kind if out.loss else None
        if labels is None or labels.counts is None:
            continue
        if kind not in CLASSIFICATION and not (kind is None and labels.onehot):
            continue
        present = {c: int(n) for c, n in enumerate(labels.counts) if n > 0}
        if len(present) < 2 or sum(present.values()) < 20:
            continue
        big = max(present, key=present.get)
        small = min(present, key=present.get)
        ratio = present[big] / present[small]
        if ratio < IMBALANCE_NOTE or present[big] < MIN_CLASS_COUNT:
            continue  # balanced enough, or too few samples per class for a ratio to mean much
        total = sum(present.values())
        if len(present) <= 10:
            weights = ", ".join(f"{c}: {total / (len(present) * n):.2f}"
                                for c, n in present.items())
            fix = f"model.fit(x, y, class_weight={{{weights}}}, ...)"
        else:
            fix = ("classes, counts = np.unique(y, return_counts=True)\n"
                   "w = len(y) / (len(classes) * counts)  # 'balanced' weights\n"
                   "model.fit(x, y, class_weight=dict(zip(classes.tolist(), w)), ...)")
        yield Hit(
            f"Class {big} has {present[big]} samples but class {small} only "
            f"{present[small]} ({ratio:.0f} to 1), and fit() is given no class_weight or "
            "sample_weight. The model can reach a high accuracy by always answering "
            f"class {big} and never learn the rare class; weight the classes, and watch "
            "per-class results (e.g. a confusion matrix).",
            fix=fix, where="y", severity=None if ratio >= IMBALANCE_RATIO else "info")


def _augments(model) -> bool:
    return any(mf.class_name(layer).startswith("Random") for layer in mf.all_layers(model))


@register("KNB206", "warning", needs=("built", "x"))
def tiny_dataset_for_model(ctx: Context) -> Iterator[Hit]:
    """A tiny dataset for a huge number of parameters."""
    n = ctx.n_samples
    params = mf.trainable_params(ctx.view)
    if ctx.sampled or not n or params is None or _augments(ctx.view):
        return  # a sample of a dataset, or augmented data: the size given is not the size seen
    values = sum(int(np.prod(i.x.shape, dtype=np.int64)) for i in ctx.inputs
                 if i.x is not None)
    if params >= MIN_PARAMS and params >= PARAMS_PER_SAMPLE * n and params >= 10 * values:
        yield Hit(
            f"The model has {params:,} trainable parameters for {n:,} training samples "
            f"(about {params // n:,} per sample, more than ten per number in x). It can "
            "memorize every sample instead of learning the pattern: training accuracy "
            "near 100%, validation far lower. Use more data, a smaller model, data "
            "augmentation or a pretrained base.",
            fix="layers.Dense(32, activation=\"relu\")  # fewer, smaller layers; add Dropout",
            where="x")
