"""The layer catalogue of the model builder: which Keras layers it offers and how.

The hand-made catalogue lists the kinds a lesson uses most, each with friendly
fields (type, default, allowed range); every other built-in ``keras.layers``
class is offered too, with a form read from its signature (`generic`).
A spec entry is a JSON-able dict ``{"kind": "Dense", "units": 32, ...}`` holding
every field of its kind, extra arguments that differ from Keras' defaults, and
optionally ``name``, ``trainable`` and ``inputs`` (see `graph`).
`normalize` fills and checks one, `make_layer` turns it into a Keras layer.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from ..._validate import bad_value, check_bool, is_int
from .generic import NOT_OFFERED, builtin_names, extra_params, generic_kind, layer_class
from .params import Kind, Param, input_shape_of, size_tuple  # noqa: F401

ACTIVATIONS = ("relu", "sigmoid", "softmax", "tanh", "linear", "elu", "selu", "gelu", "silu",
               "leaky_relu", "softplus")
_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,99}$")
UNIVERSAL = ("name", "trainable", "inputs")  # keys any entry may carry


# Weight counts (trainable, non-trainable) from a normalized entry and the
# sample shape (no batch axis) a layer receives. Shapes come from Keras.
def _dense(cfg, shape):
    return shape[-1] * cfg["units"] + (cfg["units"] if cfg["use_bias"] else 0), 0


def _conv(ndim):
    def count(cfg, shape):
        return math.prod(size_tuple(cfg["kernel_size"], ndim)) * shape[-1] * cfg["filters"] \
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

INPUT_KIND = Kind("Input", (Param("shape", "input_shape", [8]),
                            Param("dtype", "choice", "float32",
                                  choices=("float32", "int32", "int64"))), family="input")
KINDS: dict[str, Kind] = {k.name: k for k in _CATALOGUE}
KIND_NAMES: tuple[str, ...] = tuple(KINDS)


def all_kind_names() -> tuple[str, ...]:
    """Catalogue kinds first, then "Input", then every other built-in layer (Keras loads)."""
    return (*KIND_NAMES, "Input", *(n for n in builtin_names() if n not in KINDS))


def refuse_kind(name: Any) -> ValueError:
    """The error for a kind the builder does not offer, naming it and saying why."""
    if isinstance(name, str) and name in NOT_OFFERED:
        return ValueError(f"`kind` {name!r} is not offered by ModelBuilder: "
                          f"{NOT_OFFERED[name]}. Received: kind={name!r}")
    return bad_value("kind", "the name of a built-in keras.layers class, e.g. "
                     + ", ".join(KIND_NAMES[:6]) + ", Add, Concatenate (custom layers are not "
                     "supported)", name)


def kind_of(name: Any) -> Kind:
    """The `Kind` for a layer kind name; a ValueError naming it for custom or unknown ones."""
    if isinstance(name, str) and name in KINDS:
        return KINDS[name]
    if name == "Input":
        return INPUT_KIND
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_]{1,100}", name) \
            or name not in builtin_names():
        raise refuse_kind(name)
    return generic_kind(name)


def extras_of(kind: Kind) -> dict[str, Param]:
    """Parameters of ``kind`` kept in an entry only when they differ from Keras' default."""
    if kind.generic:
        return {p.name: p for p in kind.extra}
    if kind.name == "Input":
        return {}
    return extra_params(kind.name, frozenset(p.name for p in kind.params))


def param_of(kind: Kind, name: str, value: Any = None) -> Param:
    """The parameter ``name`` of ``kind``; a ValueError listing the others otherwise."""
    for p in kind.params:
        if p.name == name:
            return p
    extra = extras_of(kind)
    if name in extra:
        return extra[name]
    listed = ", ".join(p.name for p in kind.params) or "no parameters"
    more = f" (and {', '.join(list(extra)[:12])}{', ...' if len(extra) > 12 else ''})" \
        if extra else ""
    raise ValueError(f"`{name}` is not a parameter of {kind.name}, which takes {listed}"
                     f"{more}. Received: {name}={value!r:.100}")


def check_param(p: Param, value: Any) -> Any:
    """``p.check(value)``, with a nested layer (``Bidirectional(layer=...)``) normalized too."""
    value = p.check(value)
    if p.type == "layer":
        cfg = {k: v for k, v in value.items() if k != "kind"}
        return normalize(value["kind"], cfg)
    return value


def check_name(value: Any) -> str | None:
    if value is None or isinstance(value, str) and _NAME.match(value):
        return value
    raise bad_value("name", "a layer name of letters, digits, '_', '.' or '-' (at most 100)",
                    value)


def check_refs(value: Any) -> list | None:
    """Raw ``inputs`` of an entry: None (the previous layer) or a list of refs.

    A ref is the index of an earlier entry (0-based) or "input" (the builder's
    input); names are resolved by the builder before this check.
    """
    if value is None:
        return None
    if isinstance(value, str) or is_int(value):
        value = [value]
    ok = isinstance(value, (list, tuple)) and 0 < len(value) <= 64 and all(
        isinstance(r, str) and r == "input" or is_int(r) and 0 <= r < 1_000_000
        for r in value)
    if not ok:
        raise bad_value("inputs", "a list of earlier layers' indices (0-based) or 'input'",
                        value)
    return [r if r == "input" else int(r) for r in value]


def normalize(kind: str, cfg: Mapping[str, Any], base: Mapping[str, Any] | None = None, *,
              construct: bool = True) -> dict:
    """A complete, checked spec entry: ``cfg`` over ``base`` (or the defaults).

    Raises:
        ValueError: unknown kind or parameter, or a value out of range (or one
            Keras refuses); the message names the parameter.
    """
    k = kind_of(kind)
    base = base or {}
    entry: dict[str, Any] = {"kind": k.name}
    for p in k.params:
        entry[p.name] = base[p.name] if p.name in base else (
            check_param(p, p.default) if p.type == "layer" else p.default)
    extras = extras_of(k)
    for name in (*extras, *UNIVERSAL):
        if name in base:
            entry[name] = base[name]
    for name, value in cfg.items():
        if name == "name":
            entry["name"] = check_name(value)
        elif name == "trainable":
            entry["trainable"] = check_bool("trainable", value)
        elif name == "inputs":
            entry["inputs"] = check_refs(value)
        else:
            p = param_of(k, name, value)
            entry[name] = check_param(p, value)
            if name in extras and entry[name] == p.default:
                del entry[name]
    for name in ("name", "inputs"):
        if entry.get(name, 0) is None:
            del entry[name]
    if entry.get("trainable") is True:
        del entry["trainable"]
    if construct and (k.generic or any(name in entry for name in extras)):
        _keras_accepts(entry, cfg)
    return entry


_ACCEPTED: dict[str, bool] = {}  # entry JSON -> Keras constructed it (bounded)


def _keras_accepts(entry: dict, cfg: Mapping) -> None:
    """Construct the layer once: a value Keras refuses becomes a ValueError naming it."""
    key = json.dumps({k: v for k, v in entry.items() if k not in UNIVERSAL}, sort_keys=True)
    if key in _ACCEPTED:
        return
    try:
        make_layer({k: v for k, v in entry.items() if k not in UNIVERSAL})
        if len(_ACCEPTED) > 4096:
            _ACCEPTED.clear()
        _ACCEPTED[key] = True
    except Exception as e:  # Keras' own verdict on the arguments
        text = str(e).strip().splitlines()[0][:300] if str(e).strip() else type(e).__name__
        named = [n for n in cfg if n in text] or list(cfg) or ["kind"]
        shown = entry.get(named[0], entry["kind"])
        raise ValueError(f"`{named[0]}`: Keras refuses {entry['kind']} with "
                         f"{named[0]}={shown!r:.200}: {text}") from None


def layer_kwargs(entry: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments for the Keras constructor (lists become tuples)."""
    out = {}
    for name, v in entry.items():
        if name in ("kind", "inputs"):
            continue
        if isinstance(v, Mapping) and "kind" in v and name in ("layer", "backward_layer"):
            v = make_layer(v)
        out[name] = tuple(v) if isinstance(v, list) else v
    return out


def make_layer(entry: Mapping[str, Any]):
    """A fresh `keras.layers.Layer` for a normalized spec entry (not for "Input")."""
    return layer_class(entry["kind"])(**layer_kwargs(entry))
