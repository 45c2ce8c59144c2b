"""Output shape and parameter count of one layer on given input shapes.

Catalogue kinds on one input are checked without building anything: shapes
come from `Layer.compute_output_shape` (or are known, for layers that keep
the shape), weight counts from the catalogue's formulas. Every other layer is
built by Keras on symbolic inputs (no data), which gives its shape and its
weights. The result is plain data, cached by the caller.
"""

from __future__ import annotations

import contextlib
import math

from ..._validate import LIMITS
from .generic import WIDTHS, takes_list
from .layers import KINDS, extras_of, kind_of, make_layer
from .params import no_weights, size_tuple

# Kinds that keep the shape (for "what came before" questions).
PASS_SHAPE = {"Dropout", "BatchNormalization", "LayerNormalization", "Activation", "Rescaling",
              "RandomFlip", "RandomRotation", "RandomZoom", "RandomContrast"}


def fmt_shape(shape: tuple) -> str:
    inner = ", ".join("None" if d is None else str(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def _size_text(size) -> str:
    return str(size) if not isinstance(size, list) else "x".join(map(str, size))


def _first_line(e: Exception) -> str:
    text = str(e).strip()
    return text.splitlines()[0][:300] if text else type(e).__name__


def check_layer(entry: dict, shapes: list[tuple]) -> tuple:
    """(output shape, trainable, non-trainable, problem) of a layer on its input shapes."""
    kind = kind_of(entry["kind"])
    extras = extras_of(kind)
    plain = not kind.generic and not any(name in entry for name in extras)
    if not kind.generic and len(shapes) != 1:
        return None, 0, 0, (f"it takes one input, but gets {len(shapes)}. Combine them first "
                            f"with a merging layer such as Add or Concatenate.")
    if plain and kind.weights is not None:
        out, trainable, frozen, problem = check_catalogue(entry, shapes[0])
    else:
        out, trainable, frozen, problem = check_built(entry, shapes)
    if entry.get("trainable") is False:
        trainable, frozen = 0, trainable + frozen
    return out, trainable, frozen, problem


def _estimate(entry: dict, shapes: list[tuple]) -> int:
    """A rough upper bound of the weights, so that nothing huge gets allocated."""
    width = 1
    for name, value in entry.items():
        if name in WIDTHS and isinstance(value, int) and not isinstance(value, bool):
            width *= max(value, 1)
        elif name in ("kernel_size", "pool_size"):
            width *= math.prod(size_tuple(value, 1)) if value else 1
    last = max((s[-1] or 1) if s else 1 for s in shapes)
    return width * last


@contextlib.contextmanager
def _lazy_weights():
    """Build layers without allocating their weights (shapes only), then forget them.

    Inside a `keras.StatelessScope` Keras records new variables as
    uninitialized instead of filling them; the builder only reads their shapes,
    so they are taken off Keras' to-initialize list afterwards.
    """
    import keras

    try:
        from keras.src.backend.common import global_state
    except ImportError:  # another Keras layout: build normally
        yield
        return
    before = list(global_state.get_global_attribute("uninitialized_variables", None) or [])
    try:
        with keras.StatelessScope(initialize_variables=False):
            yield
    finally:
        global_state.set_global_attribute("uninitialized_variables", before)


def check_built(entry: dict, shapes: list[tuple]) -> tuple:
    import keras

    shown = ", ".join(fmt_shape((None, *s)) for s in shapes)
    estimate = _estimate(entry, shapes)
    if estimate > LIMITS["params"]:
        return None, 0, 0, (f"it would have about {estimate:,} parameters, over kerasnb's limit "
                            f"of {LIMITS['params']:,} (kerasnb.set_limits(params=...) raises it).")
    try:
        layer = make_layer(entry)
    except Exception as e:  # Keras' own verdict on the arguments
        return None, 0, 0, f"Keras cannot create it: {_first_line(e)}"
    tensors = [keras.KerasTensor((None, *s)) for s in shapes]
    try:
        with _lazy_weights():
            if len(tensors) == 1:
                out = layer(tensors[0])
            elif takes_list(entry["kind"]):
                out = layer(tensors)
            else:
                out = layer(*tensors)
    except Exception as e:  # Keras' own verdict, first line only
        return None, 0, 0, f"Keras cannot apply it to input {shown}: {_first_line(e)}"
    if isinstance(out, (list, tuple, dict)):
        return None, 0, 0, ("it returns several tensors, which ModelBuilder cannot wire. Set "
                            "it to return one (e.g. return_state=False).")
    out = tuple(out.shape)
    if any(d is not None and d <= 0 for d in out[1:]):
        return None, 0, 0, f"its output {fmt_shape(out)} would be empty."
    trainable = sum(math.prod(w.shape) for w in layer.trainable_weights)
    frozen = sum(math.prod(w.shape) for w in layer.non_trainable_weights)
    return out, int(trainable), int(frozen), None


def check_catalogue(entry: dict, s: tuple) -> tuple:
    """(output shape, trainable, non-trainable, problem) for one layer on sample shape s."""
    kind = KINDS[entry["kind"]]
    shown = fmt_shape((None, *s))
    if kind.rank is not None and len(s) != kind.rank:
        what = {3: "images of shape (height, width, channels)",
                2: "sequences of shape (steps, features)"}[kind.rank]
        return None, 0, 0, f"it works on {what}, but its input has shape {shown}."
    if kind.weights is not no_weights and kind.family != "embedding" and s[-1] is None:
        return None, 0, 0, (f"it needs to know the size of the last axis of its input, but "
                            f"that is None in {shown}.")
    size_name = "kernel_size" if "kernel_size" in entry else "pool_size"
    if size_name in entry and entry["padding"] == "valid":
        spatial = s[:-1]
        size = size_tuple(entry[size_name], len(spatial))
        if any(n is not None and k > n for k, n in zip(size, spatial, strict=True)):
            where = "x".join("?" if n is None else str(n) for n in spatial)
            where = f"input of length {where}" if len(spatial) == 1 else f"{where} input"
            return None, 0, 0, (f"{size_name} {_size_text(entry[size_name])} is larger than its "
                                f"{where}. Use a smaller {size_name}, padding='same', or fewer "
                                f"pooling layers before it.")
    if entry["kind"] == "Reshape" and None not in s:
        target = entry["target_shape"]
        have, want = math.prod(s), math.prod(d for d in target if d != -1)
        if (have != want) if -1 not in target else (have % want):
            return None, 0, 0, (f"it cannot arrange the {have} values of its input {shown} "
                                f"as target_shape {fmt_shape(tuple(target))}.")
    if entry["kind"] in PASS_SHAPE:  # shape in = shape out; skip building the layer
        return ((None, *s), *kind.weights(entry, s), None)
    try:
        out = tuple(make_layer(entry).compute_output_shape((None, *s)))
    except Exception as e:  # Keras' own verdict, first line only
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        return None, 0, 0, f"Keras cannot apply it to input {shown}: {first}"
    if any(d is not None and d <= 0 for d in out[1:]):
        return None, 0, 0, f"its output {fmt_shape(out)} would be empty."
    return (out, *kind.weights(entry, s), None)


