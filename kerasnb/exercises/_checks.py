"""Building blocks of the checks: read the learner's objects and say what is wrong."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ._blank import has_blank
from ._exercise import Missing, Wrong


def value(ns: Mapping, name: str) -> Any:
    """The learner's variable ``name``; `Missing` when undefined or still a blank."""
    if name not in ns:
        raise Missing(f"`{name}` is not defined yet: fill in every ____ in the cell above "
                      "and run it.")
    found = ns[name]
    if has_blank(found):
        raise Missing(f"`{name}` is still (or still holds) the blank ____: replace it with "
                      "your answer and run the cell again.")
    return found


def model(ns: Mapping, name: str) -> Any:
    """The learner's Keras model ``name``."""
    import keras

    found = value(ns, name)
    if not isinstance(found, keras.Model):
        raise Wrong(f"`{name}` should be a Keras model; it is a {type(found).__name__}.")
    return found


def activation_name(layer) -> str:
    """The name of a layer's activation (``"linear"`` when it has none)."""
    fn = getattr(layer, "activation", None)
    if fn is None:
        return "linear"
    return getattr(fn, "__name__", str(fn))


def last_layer(m: Any) -> Any:
    """The model's last layer that has weights (its output layer)."""
    weighted = [layer for layer in m.layers if layer.weights]
    if not weighted:
        raise Wrong("Your model has no layer with weights: add a Dense output layer.")
    return weighted[-1]


def output(m, units: int, activation: str) -> None:
    """Check the output layer's units and activation, explaining the classic mismatches."""
    layer = last_layer(m)
    got_units = getattr(layer, "units", None)
    got_act = activation_name(layer)
    if got_units == 1 and got_act == "softmax":
        raise Wrong("Your output layer has 1 unit with softmax: softmax over one number is "
                    "always 1.0, so the prediction is always 1.0 whatever the input. "
                    + _want(units, activation))
    if got_units != units or got_act != activation:
        raise Wrong(f"Your output layer has {got_units} unit(s) with {got_act}. "
                    + _want(units, activation))


def _want(units: int, activation: str) -> str:
    return f"This task needs {units} unit(s) with {activation}."


def input_shape(m, shape: tuple) -> None:
    """Check the model's input shape (without the batch axis)."""
    got = tuple(m.inputs[0].shape[1:]) if getattr(m, "inputs", None) else None
    if got != tuple(shape):
        raise Wrong(f"Your model takes inputs of shape {got}; the data has shape "
                    f"{tuple(shape)} per example. Start with keras.Input(shape={tuple(shape)}).")


def params(m, n: int) -> None:
    """Check the total parameter count."""
    got = m.count_params()
    if got != n:
        per_layer = ", ".join(f"{layer.name}: {layer.count_params()}"
                              for layer in m.layers if layer.count_params())
        raise Wrong(f"Your model has {got:,} parameters ({per_layer}); the task asks for "
                    f"{n:,}.")


def layer_kinds(m) -> list[str]:
    """The class names of the model's layers."""
    return [type(layer).__name__ for layer in m.layers]


def compiled_loss(m) -> str:
    """The name of the loss the model was compiled with (``""`` when not compiled)."""
    if not getattr(m, "compiled", False):
        raise Wrong("Your model is not compiled yet: call model.compile(...).")
    loss = m.loss
    if has_blank(loss):
        raise Missing("The loss is still the blank ____: fill in the loss in compile(...).")
    if isinstance(loss, str):
        return loss
    name = getattr(loss, "name", None) or getattr(loss, "__name__", "") or type(loss).__name__
    return name


def doctor_errors(m, x=None, y=None, *, history=None) -> None:
    """Raise `Wrong` with the messages and fixes of knb.check's errors, if any."""
    from ..doctor import check

    report = check(m, x, y, history=history)
    errors = [f for f in report if f.severity == "error"]
    if errors:
        lines = [f"knb.check finds {len(errors)} error(s):"]
        for f in errors:
            lines.append(f"{f.code}: {f.message}" + (f" Fix: {f.fix}" if f.fix else ""))
        raise Wrong("\n".join(lines))


def history_dict(ns: Mapping, name: str) -> dict:
    """The learner's training history as a dict of lists.

    Anything `kerasnb.History.from_any` reads will do: what ``model.fit``
    returns, its ``.history`` dict, a `LivePlot`, a kerasnb `History`.
    """
    from .._history import History

    found = value(ns, name)
    try:
        hist = History.from_any(found, name=name)
    except (TypeError, ValueError):  # not training numbers at all
        hist = None
    if not hist:
        raise Wrong(f"`{name}` should be what model.fit returns (a History); it is a "
                    f"{type(found).__name__}.")
    return hist.to_dict()


def close(got: Any, want: Any, name: str, *, atol: float = 1e-5) -> None:
    """Check that an array (or number) equals the expected one."""
    try:
        arr = np.asarray(got, dtype="float64")
    except (TypeError, ValueError):
        raise Wrong(f"`{name}` should be numbers; it is a {type(got).__name__}.") from None
    want = np.asarray(want, dtype="float64")
    if arr.shape != want.shape:
        raise Wrong(f"`{name}` has shape {arr.shape}; it should have shape {want.shape}.")
    if not np.allclose(arr, want, atol=atol):
        bad = int(np.sum(~np.isclose(arr, want, atol=atol)))
        raise Wrong(f"`{name}` has the right shape but {bad} of its {arr.size} values are off.")


def seeded(seed: int = 0) -> None:
    """Seed Python, NumPy and the Keras backend, so a short fit in a check is repeatable."""
    import keras

    keras.utils.set_random_seed(seed)


_ALIASES = {"mse": "mean_squared_error", "mae": "mean_absolute_error",
            "meansquarederror": "mean_squared_error", "meanabsoluteerror": "mean_absolute_error",
            "binarycrossentropy": "binary_crossentropy",
            "categoricalcrossentropy": "categorical_crossentropy",
            "sparsecategoricalcrossentropy": "sparse_categorical_crossentropy", "acc": "accuracy"}


def canonical(name: str) -> str:
    """One spelling per loss or metric: ``"mse"``, ``MeanSquaredError`` -> mean_squared_error."""
    key = str(name).lower()
    return _ALIASES.get(key, _ALIASES.get(key.replace("_", ""), key))


def compiled_metrics(m) -> list[str]:
    """The canonical names of the metrics the model was compiled with."""
    config = m.get_compile_config() or {}
    names = []
    for item in config.get("metrics") or []:
        if isinstance(item, dict):
            item = item.get("config", {}).get("name", item.get("class_name", ""))
        names.append(canonical(item))
    return names
