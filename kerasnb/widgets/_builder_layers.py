"""The layer catalogue of the model builder: which Keras layers it offers and how.

Each kind lists its parameters with their type, default, allowed range and the
widget that edits them. A spec entry is a JSON-able dict ``{"kind": "Dense",
"units": 32, ...}`` holding every parameter of its kind; `normalize` fills and
checks one, `make_layer` turns it into a `keras.layers.Layer`.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .._utils import bad_value

ACTIVATIONS = ("relu", "sigmoid", "softmax", "tanh", "linear", "elu", "selu", "gelu", "silu",
               "leaky_relu", "softplus")
_ACTIVATION_ALIASES = {None: "linear", "swish": "silu"}

# Widget class (ipywidgets) used to edit each parameter type.
WIDGETS = {"int": "IntText", "float": "FloatText", "choice": "Dropdown", "bool": "Checkbox",
           "size": "Text", "shape": "Text"}

_INT_TEXT = re.compile(r"^\s*[\(\[]?\s*(-?\d+\s*(?:,\s*-?\d+\s*)*),?\s*[\)\]]?\s*$")


@dataclass(frozen=True)
class Param:
    """One constructor argument of a layer kind, as the builder edits it.

    ``type`` is "int", "float", "choice", "bool", "size" (an int, or ``ndim``
    ints, e.g. a kernel size) or "shape" (a tuple of ints, one may be -1).
    Bounds ``low``/``high`` are inclusive unless ``open_low``/``open_high``.
    """

    name: str
    type: str
    default: Any
    low: float | None = None
    high: float | None = None
    open_low: bool = False
    open_high: bool = False
    choices: tuple = ()
    ndim: int = 1
    allow_none: bool = False

    @property
    def widget(self) -> str:
        return WIDGETS[self.type]

    def check(self, value: Any) -> Any:
        """The value in canonical, JSON-able form, or a ValueError naming the parameter."""
        return _CHECKS[self.type](self, value)


def _expected_int(p: Param) -> str:
    if p.low == 1 and p.high is None:
        return "a positive integer"
    if p.high is None:
        return f"an integer >= {p.low:g}"
    return f"an integer between {p.low:g} and {p.high:g}"


def _check_int(p: Param, value: Any) -> int:
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if ok and (p.low is not None and value < p.low or p.high is not None and value > p.high):
        ok = False
    if not ok:
        raise bad_value(p.name, _expected_int(p), value)
    return int(value)


def _check_float(p: Param, value: Any) -> float:
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    v = float(value) if ok else math.nan
    if ok and not math.isfinite(v):
        ok = False
    if ok and p.low is not None and (v < p.low or p.open_low and v == p.low):
        ok = False
    if ok and p.high is not None and (v > p.high or p.open_high and v == p.high):
        ok = False
    if not ok:
        if p.low is None and p.high is None:
            expected = "a finite number"
        elif p.high is None:
            expected = f"a number {'>' if p.open_low else '>='} {p.low:g}"
        else:
            expected = (f"a number in {'(' if p.open_low else '['}{p.low:g}, "
                        f"{p.high:g}{')' if p.open_high else ']'}")
        raise bad_value(p.name, expected, value)
    return v


def _check_choice(p: Param, value: Any) -> str:
    if p.name == "activation":
        value = _ACTIVATION_ALIASES.get(value, value)
    if not isinstance(value, str) or value not in p.choices:
        raise bad_value(p.name, "one of " + ", ".join(repr(c) for c in p.choices), value)
    return value


def _check_bool(p: Param, value: Any) -> bool:
    if not isinstance(value, bool):
        raise bad_value(p.name, "True or False", value)
    return value


def _ints_from(value: Any) -> list | None:
    """Integers from an int, a sequence of ints or a text like "3, 3" (parsed, never evaluated)."""
    if isinstance(value, str):
        m = _INT_TEXT.match(value)
        return None if m is None else [int(t) for t in m.group(1).split(",")]
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return [int(value)]
    if isinstance(value, (list, tuple)) and value and all(
            isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in value):
        return [int(v) for v in value]
    return None


def _check_size(p: Param, value: Any) -> int | list | None:
    if p.allow_none and (value is None or isinstance(value, str) and value.strip()
                         in ("", "None", "none")):
        return None
    ints = _ints_from(value)
    if ints is None or len(ints) not in (1, p.ndim) or min(ints) < 1:
        example = "3" if p.ndim == 1 else "(3, 3)"
        expected = ("a positive integer" if p.ndim == 1
                    else f"a positive integer or {p.ndim} positive integers like {example}")
        if p.allow_none:
            expected += " (or None)"
        raise bad_value(p.name, expected, value)
    if len(set(ints)) == 1:
        return ints[0]
    return ints


def _check_shape(p: Param, value: Any) -> list:
    ints = _ints_from(value)
    if (ints is None or any(v == 0 or v < -1 for v in ints) or ints.count(-1) > 1):
        raise bad_value(p.name, "a tuple of positive integers (one may be -1) like (7, 7, 64)",
                        value)
    return ints


_CHECKS: dict[str, Callable[[Param, Any], Any]] = {
    "int": _check_int, "float": _check_float, "choice": _check_choice, "bool": _check_bool,
    "size": _check_size, "shape": _check_shape,
}


def _size(value: Any, ndim: int) -> tuple:
    return tuple(value) if isinstance(value, list) else (value,) * ndim


# Weight counts (trainable, non-trainable) from a normalized entry and the
# sample shape (no batch axis) a layer receives. Shapes come from Keras.
def _no_weights(cfg: Mapping, shape: tuple) -> tuple[int, int]:
    return 0, 0


def _dense(cfg, shape):
    return shape[-1] * cfg["units"] + (cfg["units"] if cfg["use_bias"] else 0), 0


def _conv(ndim):
    def count(cfg, shape):
        return math.prod(_size(cfg["kernel_size"], ndim)) * shape[-1] * cfg["filters"] \
            + cfg["filters"], 0
    return count


def _recurrent(gates, biases):
    def count(cfg, shape):
        u = cfg["units"]
        return gates * (u * (shape[-1] + u) + biases * u), 0
    return count


_ACT = Param("activation", "choice", "relu", choices=ACTIVATIONS)
_PAD = Param("padding", "choice", "valid", choices=("valid", "same"))


def _units(default=32):
    return Param("units", "int", default, low=1)


def _rnn_params():
    return (_units(), Param("activation", "choice", "tanh", choices=ACTIVATIONS),
            Param("return_sequences", "bool", False),
            Param("dropout", "float", 0.0, low=0.0, high=1.0, open_high=True))


@dataclass(frozen=True)
class Kind:
    """A layer kind: its parameters, where it fits and how many weights it has.

    ``rank`` is the rank of the sample shape (batch axis excluded) the layer
    needs, or None for any. ``positional`` leading parameters are written
    positionally in generated code (``layers.Dense(64, ...)``).
    """

    name: str
    params: tuple[Param, ...] = ()
    rank: int | None = None
    family: str = "other"
    positional: int = 0
    weights: Callable[[Mapping, tuple], tuple[int, int]] = _no_weights

    def param(self, name: str, value: Any = None) -> Param:
        """The parameter called ``name``; a ValueError listing the others otherwise."""
        for p in self.params:
            if p.name == name:
                return p
        listed = ", ".join(p.name for p in self.params) or "no parameters"
        raise ValueError(f"`{name}` is not a parameter of {self.name}, which takes {listed}. "
                         f"Received: {name}={value!r}")


def _pool(name, ndim):
    return Kind(name, (Param("pool_size", "size", 2, ndim=ndim),
                       Param("strides", "size", None, ndim=ndim, allow_none=True), _PAD),
                rank=ndim + 1, family="pool", positional=1)


_CATALOGUE = [
    Kind("Dense", (_units(), _ACT, Param("use_bias", "bool", True)), family="dense",
         positional=1, weights=_dense),
    Kind("Dropout", (Param("rate", "float", 0.2, low=0.0, high=1.0, open_high=True),),
         positional=1),
    Kind("Flatten", family="flatten"),
    Kind("Conv1D", (Param("filters", "int", 32, low=1), Param("kernel_size", "size", 3),
                    Param("strides", "size", 1),
                    Param("padding", "choice", "valid", choices=("valid", "same", "causal")),
                    _ACT), rank=2, family="conv", positional=2, weights=_conv(1)),
    Kind("Conv2D", (Param("filters", "int", 32, low=1), Param("kernel_size", "size", 3, ndim=2),
                    Param("strides", "size", 1, ndim=2), _PAD, _ACT),
         rank=3, family="conv", positional=2, weights=_conv(2)),
    _pool("MaxPooling1D", 1),
    _pool("MaxPooling2D", 2),
    _pool("AveragePooling2D", 2),
    Kind("GlobalAveragePooling1D", rank=2, family="flatten"),
    Kind("GlobalAveragePooling2D", rank=3, family="flatten"),
    Kind("BatchNormalization",
         (Param("momentum", "float", 0.99, low=0.0, high=1.0, open_low=True, open_high=True),),
         weights=lambda cfg, shape: (2 * shape[-1], 2 * shape[-1])),
    Kind("LayerNormalization", (Param("epsilon", "float", 0.001, low=0.0, open_low=True),),
         weights=lambda cfg, shape: (2 * shape[-1], 0)),
    Kind("Embedding", (Param("input_dim", "int", 1000, low=1), Param("output_dim", "int", 16,
                                                                     low=1)),
         family="embedding", positional=2,
         weights=lambda cfg, shape: (cfg["input_dim"] * cfg["output_dim"], 0)),
    Kind("SimpleRNN", _rnn_params(), rank=2, family="recurrent", positional=1,
         weights=_recurrent(1, 1)),
    Kind("LSTM", _rnn_params(), rank=2, family="recurrent", positional=1,
         weights=_recurrent(4, 1)),
    Kind("GRU", _rnn_params(), rank=2, family="recurrent", positional=1,
         weights=_recurrent(3, 2)),
    Kind("Reshape", (Param("target_shape", "shape", [-1, 1]),), family="reshape", positional=1),
    Kind("Activation", (_ACT,), positional=1),
    Kind("Rescaling", (Param("scale", "float", 1 / 255), Param("offset", "float", 0.0)),
         positional=1),
    Kind("RandomFlip", (Param("mode", "choice", "horizontal",
                              choices=("horizontal", "vertical", "horizontal_and_vertical")),),
         rank=3, family="augment", positional=1),
    Kind("RandomRotation", (Param("factor", "float", 0.1, low=0.0, high=1.0),), rank=3,
         family="augment", positional=1),
    Kind("RandomZoom", (Param("height_factor", "float", 0.1, low=0.0, high=1.0),), rank=3,
         family="augment", positional=1),
    Kind("RandomContrast", (Param("factor", "float", 0.1, low=0.0, high=1.0),), rank=3,
         family="augment", positional=1),
]

KINDS: dict[str, Kind] = {k.name: k for k in _CATALOGUE}
KIND_NAMES: tuple[str, ...] = tuple(KINDS)


def kind_of(name: Any) -> Kind:
    """The catalogue entry for a layer kind name, or a ValueError listing the kinds."""
    if not isinstance(name, str) or name not in KINDS:
        raise bad_value("kind", "one of " + ", ".join(KIND_NAMES), name)
    return KINDS[name]


def normalize(kind: str, cfg: Mapping[str, Any], base: Mapping[str, Any] | None = None) -> dict:
    """A complete, checked spec entry: ``cfg`` over ``base`` (or the defaults).

    Raises:
        ValueError: unknown kind or parameter, or a value out of range; the
            message names the parameter.
    """
    k = kind_of(kind)
    entry: dict[str, Any] = {"kind": k.name}
    for p in k.params:
        entry[p.name] = p.default if base is None or p.name not in base else base[p.name]
    for name, value in cfg.items():
        entry[name] = k.param(name, value).check(value)
    return entry


def layer_kwargs(entry: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments for the Keras constructor (lists become tuples)."""
    return {name: tuple(v) if isinstance(v, list) else v
            for name, v in entry.items() if name != "kind"}


def make_layer(entry: Mapping[str, Any]):
    """A fresh `keras.layers.Layer` for a normalized spec entry."""
    import keras

    return getattr(keras.layers, entry["kind"])(**layer_kwargs(entry))


def entry_from_layer(layer: Any) -> dict:
    """The spec entry of an existing Keras layer of a supported kind.

    Raises:
        ValueError: the layer's kind is not in the catalogue, or it sets an
            argument the builder does not edit (e.g. a regularizer).
    """
    name = type(layer).__name__
    if name not in KINDS:
        raise ValueError(f"`layer` must be one of the kinds ModelBuilder offers ("
                         f"{', '.join(KIND_NAMES)}). Received: layer={name}")
    config = layer.get_config()
    cfg = {}
    for p in KINDS[name].params:
        value = config.get(p.name, p.default)
        if p.type == "float" and isinstance(value, (tuple, list)):
            value = max(abs(v) for v in value)  # symmetric factors, e.g. (-0.1, 0.1)
        cfg[p.name] = list(value) if isinstance(value, tuple) else value
    entry = normalize(name, cfg)
    if "pool_size" in entry and entry["strides"] == entry["pool_size"]:
        entry["strides"] = None  # pooling: Keras' default, strides = pool_size
    rebuilt = make_layer(entry).get_config()
    ignored = {"name", "trainable", "dtype"}
    differ = sorted(k for k in set(config) | set(rebuilt)
                    if k not in ignored and config.get(k) != rebuilt.get(k))
    if differ:
        raise ValueError(f"`layer` {layer.name!r} ({name}) sets {', '.join(differ)}, which "
                         f"ModelBuilder does not edit. Received: layer={layer.name!r}")
    return entry
