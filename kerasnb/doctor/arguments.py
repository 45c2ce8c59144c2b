"""`knb.check`'s arguments, checked at its boundary with the project's messages."""

from __future__ import annotations

import os
from typing import Any

import keras
import numpy as np

from .._validate import bad_type, bad_value, check_array, is_int, is_real


def check_model(model: Any) -> None:
    if model is not None and not isinstance(model, keras.Model):
        hint = ""
        if hasattr(model, "history"):
            hint = " To check a training history, pass it as history=."
        raise ValueError(f"`model` must be a keras.Model or None. Received: model of type "
                         f"{type(model).__name__}.{hint}")


def check_callbacks(callbacks: Any) -> list | None:
    if callbacks is None:
        return None
    if not isinstance(callbacks, (list, tuple)):
        raise ValueError("`callbacks` must be a list of keras callbacks. Received: "
                         f"callbacks of type {type(callbacks).__name__}")
    for cb in callbacks:
        if not isinstance(cb, keras.callbacks.Callback):
            raise bad_type("callbacks", "a list of keras callbacks", cb)
    return list(callbacks)


def check_path(name: str, path: Any) -> None:
    if path is None:
        return
    if not isinstance(path, (str, os.PathLike)) or not os.fspath(path):
        raise ValueError(f"`{name}` must be a file path (str or Path). Received: "
                         f"{name}={path!r}"[:300])


def check_class_weight(class_weight: Any) -> dict | None:
    """``{class: weight}`` as fit() takes it: whole-number keys, non-negative real weights."""
    if class_weight is None:
        return None
    if not isinstance(class_weight, dict) or not class_weight:
        raise bad_value("class_weight", "a dict {class index: weight}, as fit() takes it",
                        class_weight)
    for key, weight in class_weight.items():
        if not is_int(key) or int(key) < 0:
            raise bad_value("class_weight", "a dict whose keys are class indices (0, 1, ...)",
                            class_weight)
        if not is_real(weight) or not np.isfinite(float(weight)) or float(weight) < 0:
            raise bad_value("class_weight", "a dict whose weights are non-negative numbers",
                            class_weight)
    return {int(k): float(v) for k, v in class_weight.items()}


def check_sample_weight(sample_weight: Any, n: int | None) -> np.ndarray | None:
    """One non-negative finite weight per sample (1-D, or one per time step)."""
    if sample_weight is None:
        return None
    arr = check_array("sample_weight", sample_weight, min_ndim=1, finite="error")
    if np.any(arr < 0):
        raise bad_value("sample_weight", "non-negative weights", sample_weight)
    if n is not None and len(arr) != n:
        raise bad_value("sample_weight", f"one weight per sample ({n} samples in x)",
                        f"array of length {len(arr)}")
    return arr
