"""What a playground is made of: the settings, their checks, the share string and the code.

Everything here is plain Python (no TensorFlow, no widgets), so the checks run
before anything heavy happens and a state can be read anywhere.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .._utils import bad_value, check_choice, check_positive_int

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


def is_classification(dataset: str) -> bool:
    return dataset in CLASSIFICATION


# --- one check per setting: each returns the normalised value or raises bad_value ---

def _number(name: str, value: Any, expected: str, ok: Callable[[float], bool]) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise bad_value(name, expected, value)
    v = float(value)
    if not math.isfinite(v) or not ok(v):
        raise bad_value(name, expected, value)
    return v


def _dataset(v):
    return check_choice("dataset", v, DATASETS)


def _features(v):
    expected = f"a non-empty sequence of distinct names from {', '.join(FEATURES)}"
    if isinstance(v, str):
        v = (v,)
    try:
        names = tuple(v)
    except TypeError:
        raise bad_value("features", expected, v) from None
    if not names or len(set(names)) != len(names) or any(n not in FEATURES for n in names):
        raise bad_value("features", expected, v)
    return tuple(f for f in FEATURES if f in names)  # one fixed order for the inputs


def _hidden(v):
    expected = "a sequence of positive integers (neurons per hidden layer)"
    try:
        units = tuple(v)
    except TypeError:
        raise bad_value("hidden", expected, v) from None
    if any(isinstance(u, bool) or not isinstance(u, int) or u < 1 for u in units):
        raise bad_value("hidden", expected, v)
    return units


def _activation(v):
    return check_choice("activation", v, ACTIVATIONS)


def _layer_activations(v):
    if v is None:
        return None  # filled in from `hidden` by `check_settings`
    expected = f"a sequence of None or names from {', '.join(ACTIVATIONS)}"
    try:
        acts = tuple(v)
    except TypeError:
        raise bad_value("layer_activations", expected, v) from None
    if any(a is not None and a not in ACTIVATIONS for a in acts):
        raise bad_value("layer_activations", expected, v)
    return acts


def _regularization(v):
    if isinstance(v, str) and v.lower() in ("l1", "l2", "none"):
        v = None if v.lower() == "none" else v.lower()
    return check_choice("regularization", v, REGULARIZATIONS)


def _seed(v):
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise bad_value("seed", "a non-negative integer", v)
    return v


def _flag(name):
    def check(v):
        if not isinstance(v, bool):
            raise bad_value(name, "True or False", v)
        return v
    return check


def _hide(v):
    expected = f"a sequence of control groups from {', '.join(HIDE_GROUPS)}"
    if isinstance(v, str):
        v = (v,)
    try:
        groups = tuple(v)
    except TypeError:
        raise bad_value("hide", expected, v) from None
    if any(g not in HIDE_GROUPS for g in groups):
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
                                     lambda x: 1 <= round(x * N_POINTS) < N_POINTS),
    "batch_size": lambda v: check_positive_int("batch_size", v),
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


# --- state and share string ---

def to_state(settings: dict[str, Any]) -> dict[str, Any]:
    """A JSON-able copy of the settings (tuples become lists) with a version number."""
    state = {"version": STATE_VERSION}
    for name in DEFAULTS:
        value = settings[name]
        state[name] = list(value) if isinstance(value, tuple) else value
    return state


def from_state(state: Any) -> dict[str, Any]:
    """Keyword arguments for ``Playground`` from a state dict or a share string."""
    expected = "a dict from `Playground.state` or a string from `Playground.share()`"
    if isinstance(state, str):
        state = decode_share(state)
    if not isinstance(state, dict):
        raise bad_value("state", expected, state)
    state = dict(state)
    version = state.pop("version", STATE_VERSION)
    if version != STATE_VERSION:
        raise bad_value("state", f"a state of version {STATE_VERSION}", version)
    unknown = [k for k in state if k not in DEFAULTS]
    if unknown:
        raise bad_value("state", f"a dict with keys from {', '.join(DEFAULTS)}", unknown[0])
    return state


# Share strings read like "v1~d-spiral~f-x1.x2.sin_x1~h-8.8.4~lr-0.1": short keys, "-"
# between key and value, "." between list items, "_" for None. Only URL-unreserved
# characters, and only the settings that differ from the defaults.
SHARE_KEYS = {"dataset": "d", "features": "f", "hidden": "h", "activation": "a",
              "layer_activations": "la", "learning_rate": "lr", "regularization": "r",
              "reg_rate": "rr", "dropout": "do", "noise": "n", "train_ratio": "tr",
              "batch_size": "b", "seed": "s", "show_test": "t", "hide": "hi"}
_SHARE_NAMES = {short: name for name, short in SHARE_KEYS.items()}
_SHARE_FORMAT = "a string from `Playground.share()`"


def _share_value(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return ".".join(_share_value(v) for v in value)
    if value is None:
        return "_"
    if isinstance(value, bool):
        return str(int(value))
    return str(value)


def _read_share_value(name: str, text: str) -> Any:
    default = DEFAULTS[name]
    if name in ("features", "hide", "hidden", "layer_activations"):
        items = text.split(".") if text else []
        if name == "hidden":
            return tuple(int(i) for i in items)
        return tuple(None if i == "_" else i for i in items)
    if name == "regularization":
        return None if text == "_" else text
    if isinstance(default, bool):
        return {"1": True, "0": False}[text]
    if isinstance(default, int):
        return int(text)
    return float(text) if isinstance(default, float) else text


def encode_share(settings: dict[str, Any]) -> str:
    """A short URL-safe string of the settings that differ from the defaults."""
    parts = [f"v{STATE_VERSION}"]
    for name, short in SHARE_KEYS.items():
        value = settings[name]
        if name == "layer_activations" and not any(value):
            continue  # all None: follows `hidden` by itself
        if value != DEFAULTS[name]:
            parts.append(f"{short}-{_share_value(value)}")
    return "~".join(parts)


def decode_share(text: str) -> dict[str, Any]:
    """The state behind a share string; the values are checked by the constructor."""
    tokens = text.strip().split("~")
    if tokens[0] != f"v{STATE_VERSION}":
        raise bad_value("state", _SHARE_FORMAT, text)
    state: dict[str, Any] = {}
    for token in tokens[1:]:
        short, sep, value = token.partition("-")
        name = _SHARE_NAMES.get(short)
        if name is None or not sep:
            raise bad_value("state", _SHARE_FORMAT, text)
        try:
            state[name] = _read_share_value(name, value)
        except (ValueError, KeyError):
            raise bad_value("state", _SHARE_FORMAT, text) from None
    return state


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
