"""Argument checks shared by the viz functions, raised at our API boundary.

Every error names the argument, what was expected and what was received, so a
student never meets a traceback from deep inside TensorFlow.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._utils import bad_value

# Layers that only pass values through at inference: skipped when no layers are named.
PASS_THROUGH = ("InputLayer", "Dropout", "SpatialDropout1D", "SpatialDropout2D",
                "SpatialDropout3D", "GaussianDropout", "GaussianNoise", "AlphaDropout",
                "Flatten", "Reshape", "Activation")


def check_model(model: Any) -> Any:
    import keras

    if not isinstance(model, keras.Model):
        raise bad_value("model", "a keras.Model (Sequential or functional)", type(model).__name__)
    return model


def as_array(name: str, value: Any) -> np.ndarray:
    try:
        array = np.asarray(value)
    except Exception:  # ragged lists, tensors on odd devices
        array = None
    if array is None or array.dtype == object or not (
            np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise ValueError(f"`{name}` must be a numeric array. Received: {name} of type "
                         f"{type(value).__name__}")
    return array


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


def ensure_built(model, sample_shape: tuple) -> None:
    """Build a Sequential model that was never called, from the data's sample shape."""
    if input_shapes(model) is None:
        import keras

        if not isinstance(model, keras.Sequential):
            raise ValueError(
                "`model` must be a Sequential or functional model for this view: a subclassed "
                "model keeps no graph of its layers to read outputs from. "
                f"Received: model {model.name!r} ({type(model).__name__})")
        model.build((None, *sample_shape))


def _fits(expected: tuple, received: tuple) -> bool:
    return len(expected) == len(received) and all(
        e is None or e == r for e, r in zip(expected, received, strict=True))


def model_x(model, x: Any, name: str = "x", *, allow_single: bool = False) -> np.ndarray:
    """``x`` as a float batch that fits the model's single input.

    With ``allow_single=True`` one sample without its batch axis is accepted too.
    """
    array = as_array(name, x)
    if array.ndim == 0:
        raise ValueError(f"`{name}` must be a batch of samples. Received: a scalar {name}")
    shapes = input_shapes(model)
    if shapes is None:
        ensure_built(model, array.shape[1:])
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
    out = np.nan_to_num(array.astype(np.float32))
    if out.ndim == 4 and out.shape[-1] == 1:
        out = out[..., 0]
    low, high = float(out.min()), float(out.max())
    if low < 0.0 or high > 1.0:  # 0-255 bytes, 0-16 digits or standardised values
        out = (out - low) / (high - low) if high > low else np.zeros_like(out)
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
    if class_names is None:
        return [str(i) for i in range(k)]
    names = [str(c) for c in class_names]
    if len(names) < k:
        raise ValueError(f"`class_names` must name all {k} classes. "
                         f"Received: class_names with {len(names)} names")
    return names


def layer_of(model, layer: Any, name: str = "layer"):
    """A layer of ``model`` by name, index or object; unknown names list the real ones."""
    import keras

    if isinstance(layer, keras.layers.Layer):
        if any(layer is candidate for candidate in model.layers):
            return layer
        layer = layer.name
    if isinstance(layer, int) and not isinstance(layer, bool):
        if -len(model.layers) <= layer < len(model.layers):
            return model.layers[layer]
        raise bad_value(name, f"an index below {len(model.layers)}", layer)
    if isinstance(layer, str):
        for candidate in model.layers:
            if candidate.name == layer:
                return candidate
    real = ", ".join(repr(lay.name) for lay in model.layers)
    raise ValueError(f"`{name}` must name a layer of model {model.name!r}: one of {real}. "
                     f"Received: {name}={layer!r}")
