"""KNB207-KNB208: data fit() cannot use at all (empty, text, ids beyond the vocabulary)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from . import layer_facts as lf
from . import model_facts as mf
from .data_facts import as_array, is_numeric
from .registry import Hit, register

if TYPE_CHECKING:  # pragma: no cover
    from .context import Context

_TEXT_LAYERS = {"TextVectorization", "StringLookup", "Hashing", "HashedCrossing"}


def _takes_text(model) -> bool:
    """True when the model's first layer turns strings into numbers itself."""
    if model is None:
        return False
    try:
        if any("string" in str(t.dtype) for t in model.inputs):
            return True
    except (AttributeError, ValueError):
        pass
    first = lf.first_operations(model, 1)
    return bool(first) and mf.class_name(first[0]) in _TEXT_LAYERS


def _single(value) -> bool:
    """x or y given as one array-like (not a dict or a list of per-input arrays)."""
    if isinstance(value, dict):
        return False
    if isinstance(value, (list, tuple)):
        return not value or not hasattr(value[0], "shape")
    return True


def _problem(name: str, value, text_ok: bool) -> Hit | None:
    if isinstance(value, (str, bytes)):
        return Hit(
            f"{name} is a single string ({value[:40]!r}), not an array with one entry per "
            "sample. fit() cannot train on it.",
            fix=f"{name} = np.asarray(...)  # an array, one row per sample", where=name)
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError):
        arr = None
    if arr is not None and arr.dtype == object and arr.size and all(
            isinstance(v, str) for v in arr.reshape(-1)[:100]):
        arr = arr.astype(str)  # e.g. a pandas column of strings
    if arr is None or (arr.dtype == object and as_array(value) is None):
        return Hit(
            f"{name} cannot be read as one array: its rows have different lengths (a ragged "
            "list) or hold Python objects. Keras stops with \"Failed to convert a NumPy "
            "array to a Tensor\" or a similar error.",
            fix=(f"{name} = keras.utils.pad_sequences({name}, padding=\"post\")  "
                 "# sequences of different lengths"), where=name)
    if arr.ndim == 0 or arr.size == 0:
        return Hit(
            f"{name} is empty (shape {arr.shape}): there is nothing to train on, and fit() "
            "stops with an error. Check the loading or splitting step that produced it.",
            fix=f"print({name}.shape)  # should be (n_samples, ...)", where=name)
    if not is_numeric(arr) and not text_ok:
        sample = ", ".join(repr(v) for v in arr.reshape(-1)[:3].tolist())
        what = "labels" if name == "y" else "inputs"
        fix = ("lookup = layers.StringLookup(num_oov_indices=0)\n"
               "lookup.adapt(y)\ny = lookup(y)  # class names -> 0, 1, 2, ...") if name == "y" \
            else ("layers.TextVectorization(...)  # as the first layer, for text\n"
                  f"# or: {name} = {name}.astype(\"float32\")  # numbers stored as text")
        return Hit(
            f"{name} holds text ({sample}, dtype {arr.dtype}), but the model needs numbers "
            f"for its {what}: fit() stops with a conversion error.",
            fix=fix, where=name)
    return None


@register("KNB207", "error", needs=())
def unusable_data(ctx: Context) -> Iterator[Hit]:
    """x or y is empty, text, or not an array."""
    for name, value in (("x", ctx.x_raw), ("y", ctx.y_raw)):
        if value is None or not _single(value):
            continue
        text_ok = name == "x" and _takes_text(ctx.view)
        hit = _problem(name, value, text_ok)
        if hit is not None:
            yield hit


@register("KNB208", "error", needs=("graph", "x"))
def ids_beyond_embedding(ctx: Context) -> Iterator[Hit]:
    """Embedding `input_dim` not larger than the largest id in x."""
    for i, embedding in lf.id_readers(ctx.view, ctx.graph):
        x = ctx.inputs[i].x if i < len(ctx.inputs) else None
        if x is None or x.size == 0 or not is_numeric(x) or x.dtype == bool:
            continue
        lo, hi = np.nanmin(x), np.nanmax(x)
        if not (np.isfinite(lo) and np.isfinite(hi)):
            continue
        size = int(embedding.input_dim)
        where = "x" if len(ctx.inputs) == 1 else f"x[{ctx.inputs[i].name!r}]"
        if hi >= size:
            yield Hit(
                f"`{embedding.name}` has input_dim={size}, so it knows the ids 0 to "
                f"{size - 1}, but {where} holds ids up to {int(hi)}. Keras stops with "
                f"\"indices[...] = {int(hi)} is not in [0, {size})\" (on a GPU the lookup "
                "silently returns zeros instead). input_dim must be the largest id + 1 "
                "(Tokenizer ids start at 1, so len(word_index) + 1).",
                fix=f"layers.Embedding({int(hi) + 1}, {embedding.output_dim})  "
                    "# input_dim = largest id + 1",
                where=embedding.name)
        elif lo < 0:
            yield Hit(
                f"{where} holds negative ids (down to {int(lo)}), but `{embedding.name}` only "
                f"looks up ids 0 to {size - 1}: Keras stops with \"indices[...] = {int(lo)} "
                f"is not in [0, {size})\". Negative ids usually come from an integer "
                "overflow or from -1 used as padding.",
                fix=f"{where} = np.where({where} < 0, 0, {where})  # pad with 0, not -1",
                where=embedding.name)
