"""Argument checks shared by the viz functions, raised at our API boundary.

Every error names the argument, what was expected and what was received, so a
student never meets a traceback from deep inside TensorFlow.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from .._validate import bad_value, check_array

# Layers that only pass values through at inference: skipped when no layers are named.
PASS_THROUGH = ("InputLayer", "Dropout", "SpatialDropout1D", "SpatialDropout2D",
                "SpatialDropout3D", "GaussianDropout", "GaussianNoise", "AlphaDropout",
                "Flatten", "Reshape", "Activation")


NAN_COLOUR = (1.0, 0.0, 1.0)  # NaN pixels are drawn magenta, never silently black


def check_model(model: Any) -> Any:
    import keras

    if not isinstance(model, keras.Model):
        raise bad_value("model", "a keras.Model (Sequential or functional)", type(model).__name__)
    return model


def held_models(model) -> list[tuple[str, Any]]:
    """The sub-models a subclassed model keeps as attributes: [("generator", model), ...]."""
    import keras

    found = []
    for attr, value in vars(model).items():
        if isinstance(value, keras.Model) and not attr.startswith("_") and value is not model:
            found.append((attr, value))
    return found


def refuse_subclassed(model, view: str) -> None:
    """A clear error for a view that needs a graph, naming the sub-models to pass instead."""
    held = held_models(model)
    if held:
        names = ", ".join(f"model.{attr} ({type(m).__name__} {m.name!r})" for attr, m in held)
        hint = f"; pass one of the sub-models it holds instead: {names}"
    else:
        hint = "; rebuild it with keras.Input(...) as a functional model to see inside it"
    raise ValueError(
        f"`model` must be a Sequential or functional model for {view}: {model.name!r} is a "
        f"subclassed {type(model).__name__}, which keeps no graph of its layers to read "
        f"outputs from{hint}. Received: model {model.name!r} ({type(model).__name__})")


def as_array(name: str, value: Any, *, allow_empty: bool = True,
             finite: str | None = None) -> np.ndarray:
    """``value`` as a numeric array (the shared check, named ``name``)."""
    return check_array(name, value, allow_empty=allow_empty, finite=finite)


def shape_text(shape) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


def input_shapes(model) -> list[tuple] | None:
    """Sample shapes (no batch axis) of the model's inputs, or None when not built yet."""
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        return None
    if not inputs:
        return None
    return [tuple(t.shape[1:]) for t in inputs]


def ensure_built(model, sample_shape: tuple, view: str = "this view") -> None:
    """Build a Sequential model that was never called, from the data's sample shape."""
    if input_shapes(model) is None:
        import keras

        if not isinstance(model, keras.Sequential):
            refuse_subclassed(model, view)
        model.build((None, *sample_shape))


def _fits(expected: tuple, received: tuple) -> bool:
    return len(expected) == len(received) and all(
        e is None or e == r for e, r in zip(expected, received, strict=True))


def model_x(model, x: Any, name: str = "x", *, allow_single: bool = False,
            finite: str = "warn", view: str = "this view") -> np.ndarray:
    """``x`` as a float batch that fits the model's single input.

    With ``allow_single=True`` one sample without its batch axis is accepted too.
    Empty ``x`` is refused; NaN or inf in it warns (``finite="warn"``) or is
    refused (``finite="error"``, for views that count right and wrong answers).
    """
    array = check_array(name, x, allow_empty=False, finite=finite)
    if array.ndim == 0:
        raise ValueError(f"`{name}` must be a batch of samples. Received: a scalar {name}")
    shapes = input_shapes(model)
    if shapes is None:
        ensure_built(model, array.shape[1:], view)
        shapes = input_shapes(model)
    if len(shapes) != 1:
        raise bad_value("model", "a model with one input for this view",
                        f"{model.name} with {len(shapes)} inputs")
    expected = shapes[0]
    if allow_single and _fits(expected, array.shape):
        array = array[None]
    if not _fits(expected, array.shape[1:]):
        hint = ""
        if _fits(expected, (*array.shape[1:], 1)):
            hint = f" (add a channel axis: {name}[..., None])"
        elif len(expected) == 1 and expected[0] == int(np.prod(array.shape[1:])):
            hint = f" (flatten each sample: {name}.reshape(len({name}), -1))"
        raise ValueError(
            f"`{name}` must have shape {shape_text((None, *expected))} to fit the model's input"
            f"{hint}. Received: {name} with shape {array.shape}")
    return array.astype(np.float32, copy=False)


def is_image_shape(sample_shape: tuple) -> bool:
    """(h, w) with both at least 4, or (h, w, c) with c in 1, 3, 4."""
    if len(sample_shape) == 2:
        return all(d is not None and d >= 4 for d in sample_shape)
    if len(sample_shape) == 3:
        h, w, c = sample_shape
        return c in (1, 3, 4) and all(d is not None and d >= 2 for d in (h, w))
    return False


def images(name: str, x: Any, *, array: np.ndarray | None = None) -> np.ndarray:
    """``x`` as displayable images: (n, h, w) gray or (n, h, w, 3|4) colour, values in [0, 1]."""
    array = as_array(name, x) if array is None else array
    if array.ndim < 3 or not is_image_shape(array.shape[1:]):
        hint = ""
        if array.ndim == 2 and int(np.sqrt(array.shape[1])) ** 2 == array.shape[1]:
            side = int(np.sqrt(array.shape[1]))
            hint = f" (reshape flat pixels: {name}.reshape(-1, {side}, {side}))"
        raise ValueError(
            f"`{name}` must hold images shaped (n, height, width) or (n, height, width, "
            f"channels) with 1, 3 or 4 channels{hint}. Received: {name} with shape {array.shape}")
    if not len(array):
        raise ValueError(f"`{name}` must hold at least one image. Received: {name} with shape "
                         f"{array.shape}")
    out = array.astype(np.float32)
    if out.ndim == 4 and out.shape[-1] == 1:
        out = out[..., 0]
    bad = ~np.isfinite(out)
    if bad.any():
        warnings.warn(f"`{name}` holds {int(bad.sum())} NaN or infinite pixel values; they are "
                      "drawn magenta.", UserWarning, stacklevel=3)
        if out.ndim == 3:  # gray: make colour so the bad pixels can stand out
            out, bad = np.repeat(out[..., None], 3, axis=-1), np.repeat(bad[..., None], 3, -1)
        out = np.where(bad, np.nan, out)
    finite = out[np.isfinite(out)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if low < 0.0 or high > 1.0:  # 0-255 bytes, 0-16 digits or standardised values
        out = (out - low) / (high - low) if high > low else np.zeros_like(out)
    if bad.any():
        pixel_bad = bad.any(axis=-1)
        out[..., :3][pixel_bad] = NAN_COLOUR
        if out.shape[-1] == 4:
            out[..., 3][pixel_bad] = 1.0
    return out


def labels(name: str, y: Any, n: int) -> np.ndarray:
    """Integer class labels from sparse labels or one-hot rows, ``n`` of them."""
    array = as_array(name, y)
    if array.ndim == 2 and array.shape[1] > 1:
        array = array.argmax(axis=1)
    array = array.reshape(-1) if array.ndim == 2 and array.shape[1] == 1 else array
    if array.ndim != 1 or len(array) != n:
        raise ValueError(f"`{name}` must hold one label per sample ({n}). "
                         f"Received: {name} with shape {np.shape(y)}")
    if not np.all(np.isfinite(array)) or not np.allclose(array, np.round(array)) or (
            array.size and array.min() < 0):
        raise bad_value(name, "class indices (0, 1, 2, ...) or one-hot rows",
                        f"values such as {array[:3].tolist()}")
    return array.astype(np.int64)


def names_for(class_names: Any, k: int) -> list[str]:
    """``k`` class names: the given ones, or "0", "1", ..."""
    from .._validate import check_class_names

    names = check_class_names("class_names", class_names)
    if names is None:
        return [str(i) for i in range(k)]
    if len(names) < k:
        raise ValueError(f"`class_names` must name all {k} classes. "
                         f"Received: class_names with {len(names)} names")
    return names
