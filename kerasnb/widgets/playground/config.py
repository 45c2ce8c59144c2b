"""What a playground is made of: the settings, their checks and the code.

Everything here is plain Python (no TensorFlow, no widgets), so the checks run
before anything heavy happens and a state can be read anywhere.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from ..._validate import (
    bad_value,
    check_bool,
    check_choice,
    check_int,
    check_limit,
    check_positive_int,
    check_real,
    is_int,
)

N_POINTS = 500  # points per data set, train and test together, like Playground
GRID = 40  # cells per side of the main map; the neuron thumbnails use every other cell
DOMAIN = 1.2  # the maps cover [-DOMAIN, DOMAIN] on both axes

CLASSIFICATION = ("circles", "xor", "gaussian", "spiral")
REGRESSION = ("plane", "multi_gaussian")
DATASETS = CLASSIFICATION + REGRESSION
DATASET_LABELS = {
    "circles": "Circle", "xor": "Exclusive or", "gaussian": "Gaussian", "spiral": "Spiral",
    "plane": "Plane (regression)", "multi_gaussian": "Multi-Gaussian (regression)",
}

FEATURES = ("x1", "x2", "x1_sq", "x2_sq", "x1x2", "sin_x1", "sin_x2")
FEATURE_LABELS = {
    "x1": "x₁", "x2": "x₂", "x1_sq": "x₁²", "x2_sq": "x₂²", "x1x2": "x₁x₂",
    "sin_x1": "sin(πx₁)", "sin_x2": "sin(πx₂)",
}
# numpy expressions of each feature over the columns of `x`; shared by the engine and `code`
FEATURE_CODE = {
    "x1": "x[:, 0]", "x2": "x[:, 1]", "x1_sq": "x[:, 0] ** 2", "x2_sq": "x[:, 1] ** 2",
    "x1x2": "x[:, 0] * x[:, 1]", "sin_x1": "np.sin(np.pi * x[:, 0])",
    "sin_x2": "np.sin(np.pi * x[:, 1])",
}

ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear", "elu", "gelu", "silu", "leaky_relu")
REGULARIZATIONS = (None, "l1", "l2")
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REG_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)

# Control groups that `hide` accepts, in the order they appear in the widget.
HIDE_GROUPS = ("play", "learning_rate", "activation", "regularization", "dropout", "dataset",
               "train_ratio", "noise", "batch_size", "regenerate", "features", "layers",
               "loss", "show_test", "code", "share")

DEFAULTS: dict[str, Any] = {
    "dataset": "circles",
    "features": ("x1", "x2"),
    "hidden": (4, 2),
    "activation": "tanh",
    "layer_activations": (None, None),
    "learning_rate": 0.03,
    "regularization": None,
    "reg_rate": 0.0,
    "dropout": 0.0,
    "noise": 0.0,
    "train_ratio": 0.5,
    "batch_size": 10,
    "seed": 0,
    "show_test": False,
    "hide": (),
}
STATE_VERSION = 1

# The playground draws every neuron (a small map each) and every weight (a line each) on
# every redraw, several times a second while it plays: past these sizes the picture stops
# being readable and the browser slows down. Keras itself would take far more.
MAX_UNITS = 32  # neurons per hidden layer
MAX_LAYERS = 8  # hidden layers


def is_classification(dataset: str) -> bool:
    return dataset in CLASSIFICATION


# --- one check per setting: each returns the normalised value or raises bad_value ---

def _number(name: str, value: Any, expected: str, ok: Callable[[float], bool]) -> float:
    try:  # NumPy floats welcome; NaN, inf, bool not
        v = check_real(name, value, expected=expected)
    except OverflowError:  # an integer too big for a float, e.g. from JSON
        raise bad_value(name, expected, value) from None
    if not ok(v):
        raise bad_value(name, expected, value)
    return v


def _items(name: str, value: Any, expected: str, most: int) -> tuple:
    """The items of a sequence setting, reading no more than ``most + 1`` of them."""
    if isinstance(value, (str, bytes, dict)):
        raise bad_value(name, expected, value)
    try:
        items = tuple(itertools.islice(value, most + 1))
    except TypeError:
        raise bad_value(name, expected, value) from None
    if len(items) > most:
        raise bad_value(name, f"{expected}, at most {most} of them", value)
    return items


def _dataset(v):
    return check_choice("dataset", v, DATASETS)


def _features(v):
    expected = f"a non-empty sequence of distinct names from {', '.join(FEATURES)}"
    names = _items("features", (v,) if isinstance(v, str) else v, expected, len(FEATURES))
    if not names or any(not isinstance(n, str) or n not in FEATURES for n in names) \
            or len(set(names)) != len(names):
        raise bad_value("features", expected, v)
    return tuple(f for f in FEATURES if f in names)  # one fixed order for the inputs


def _hidden(v):
    expected = f"a sequence of positive integers up to {MAX_UNITS} (neurons per hidden layer)"
    units = _items("hidden", v, expected, MAX_LAYERS)
    if any(not is_int(u) or not 1 <= u <= MAX_UNITS for u in units):
        raise bad_value("hidden", expected, v)
    units = tuple(int(u) for u in units)
    # A teacher's lower kerasnb.set_limits apply here too.
    check_limit("layers", "hidden", len(units))
    check_limit("units", "hidden", max(units, default=0))
    return units


def _activation(v):
    return check_choice("activation", v, ACTIVATIONS)


def _layer_activations(v):
    if v is None:
        return None  # filled in from `hidden` by `check_settings`
    expected = f"a sequence of None or names from {', '.join(ACTIVATIONS)}"
    acts = _items("layer_activations", v, expected, MAX_LAYERS)
    if any(a is not None and (not isinstance(a, str) or a not in ACTIVATIONS) for a in acts):
        raise bad_value("layer_activations", expected, v)
    return acts


def _regularization(v):
    if isinstance(v, str) and v.lower() in ("l1", "l2", "none"):
        v = None if v.lower() == "none" else v.lower()
    return check_choice("regularization", v, REGULARIZATIONS)


def _seed(v):
    return check_int("seed", v, low=0, high=2**63 - 1, expected="a non-negative integer")


def _flag(name):
    return lambda v: check_bool(name, v)


def _hide(v):
    expected = f"a sequence of control groups from {', '.join(HIDE_GROUPS)}"
    groups = _items("hide", (v,) if isinstance(v, str) else v, expected, 4 * len(HIDE_GROUPS))
    if any(not isinstance(g, str) or g not in HIDE_GROUPS for g in groups):
        raise bad_value("hide", expected, v)
    return tuple(g for g in HIDE_GROUPS if g in groups)


CHECKS: dict[str, Callable[[Any], Any]] = {
    "dataset": _dataset,
    "features": _features,
    "hidden": _hidden,
    "activation": _activation,
    "layer_activations": _layer_activations,
    "learning_rate": lambda v: _number("learning_rate", v, "a number > 0", lambda x: x > 0),
    "regularization": _regularization,
    "reg_rate": lambda v: _number("reg_rate", v, "a number >= 0", lambda x: x >= 0),
    "dropout": lambda v: _number("dropout", v, "a number in [0, 1)", lambda x: 0 <= x < 1),
    "noise": lambda v: _number("noise", v, "a number in [0, 0.5]", lambda x: 0 <= x <= 0.5),
    "train_ratio": lambda v: _number("train_ratio", v, "a number in (0, 1) that leaves "
                                     f"points on both sides of {N_POINTS} points",
                                     lambda x: 0 < x < 1 and 1 <= round(x * N_POINTS) < N_POINTS),
    # at most the 500 points: any bigger batch is one full batch anyway
    "batch_size": lambda v: check_positive_int("batch_size", v, high=N_POINTS),
    "seed": _seed,
    "show_test": _flag("show_test"),
    "hide": _hide,
}


def check_settings(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``current`` updated with ``changes``, every changed value checked and normalised.

    Raises:
        ValueError: an unknown setting or a bad value, naming the argument.
    """
    unknown = [k for k in changes if k not in CHECKS]
    if unknown:
        raise bad_value("settings", f"names from {', '.join(CHECKS)}", unknown[0])
    new = dict(current)
    for name, value in changes.items():
        new[name] = CHECKS[name](value)
    acts = new["layer_activations"]
    if acts is None or "hidden" in changes and "layer_activations" not in changes:
        # keep the per-layer choices of surviving layers when only `hidden` changes
        old = () if acts is None else acts
        new["layer_activations"] = tuple(old[i] if i < len(old) else None
                                         for i in range(len(new["hidden"])))
    elif len(acts) != len(new["hidden"]):
        raise bad_value("layer_activations",
                        f"one entry per hidden layer ({len(new['hidden'])})", acts)
    return new


# --- the network, as layer specs shared by the engine and the code ---

def network_spec(settings: dict[str, Any]) -> list[dict[str, Any]]:
    """The layers after the input: ``{"kind": "Dense"|"Dropout", ...}`` dicts."""
    s = settings
    reg = (s["regularization"], s["reg_rate"]) if s["regularization"] and s["reg_rate"] > 0 \
        else None
    spec: list[dict[str, Any]] = []
    for units, act in zip(s["hidden"], s["layer_activations"], strict=True):
        spec.append({"kind": "Dense", "units": units, "activation": act or s["activation"],
                     "reg": reg})
        if s["dropout"] > 0:
            spec.append({"kind": "Dropout", "rate": s["dropout"]})
    out = "sigmoid" if is_classification(s["dataset"]) else "linear"
    spec.append({"kind": "Dense", "units": 1, "activation": out, "reg": reg})
    return spec


def _layer_code(layer: dict[str, Any]) -> str:
    if layer["kind"] == "Dropout":
        return f"keras.layers.Dropout({layer['rate']!r}),"
    reg = ""
    if layer["reg"]:
        kind, rate = layer["reg"]
        reg = f", kernel_regularizer=keras.regularizers.{kind.upper()}({rate!r})"
    return f'keras.layers.Dense({layer["units"]}, activation="{layer["activation"]}"{reg}),'


def keras_code(settings: dict[str, Any], epochs: int) -> str:
    """Runnable Python that builds the same data, network and training set-up."""
    s = settings
    columns = "\n".join(f"    {FEATURE_CODE[f]},  # {f}" for f in s["features"])
    n_train = round(s["train_ratio"] * N_POINTS)
    layers = "\n".join(f"    {_layer_code(layer)}" for layer in network_spec(s))
    loss = "binary_crossentropy" if is_classification(s["dataset"]) else "mse"
    return f'''import keras
import numpy as np

from kerasnb.datasets import toys

# data: {s["dataset"]}, {N_POINTS} points, the first {n_train} for training
x, y = toys.{s["dataset"]}(n={N_POINTS}, noise={s["noise"]!r}, seed={s["seed"]!r})
features = np.stack([
{columns}
], axis=1).astype("float32")
y = y.astype("float32").reshape(-1, 1)
x_train, y_train = features[:{n_train}], y[:{n_train}]
x_test, y_test = features[{n_train}:], y[{n_train}:]

model = keras.Sequential([
    keras.Input(shape=({len(s["features"])},)),
{layers}
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate={s["learning_rate"]!r}),
              loss="{loss}")
history = model.fit(x_train, y_train, batch_size={s["batch_size"]}, epochs={epochs},
                    validation_data=(x_test, y_test), verbose=0)
'''
