"""Every built-in Keras layer for the model builder: parameter forms read from Keras.

A kind outside the hand-made catalogue (`layers`) gets its parameters
from the layer's own constructor signature: the type comes from the default
(int, float, bool, a tuple of ints, a string with the choices Keras lists for
it), a required argument gets a type from its well-known name (``units``,
``kernel_size``, ...), anything else (initializers, regularizers, None
defaults) is a JSON value. Catalogue kinds keep their friendlier fields and get
the rest of their signature as *extra* parameters, stored only when they differ
from Keras' default. Keras is imported on first use only.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any

from ..._validate import bad_value
from .params import Kind, Param

# Keras classes that are not layers one places in a model, or that run user code.
NOT_OFFERED = {
    "Layer": "the base class of all layers",
    "Wrapper": "a base class",
    "Lambda": "it runs your own Python function",
    "InputLayer": "inputs are added as kind 'Input'",
    "FlaxLayer": "it wraps code from another framework",
    "JaxLayer": "it wraps code from another framework",
    "TorchModuleWrapper": "it wraps code from another framework",
    "TFSMLayer": "it loads a saved model from disk",
    "Pipeline": "it holds a list of layers",
    "RNN": "it needs a cell object",
    "StackedRNNCells": "it holds cell objects",
    "GRUCell": "a cell goes inside an RNN layer",
    "LSTMCell": "a cell goes inside an RNN layer",
    "SimpleRNNCell": "a cell goes inside an RNN layer",
}
# Constructor arguments the builder never shows (the layer's identity is elsewhere).
_HIDDEN = {"name", "dtype", "kwargs", "args", "weights", "input_shape", "batch_input_shape",
           "autocast", "input_dim_", "backward_layer", "seed", "quantization_config"}

_ACTIVATIONS = ("relu", "sigmoid", "softmax", "tanh", "linear", "elu", "selu", "gelu", "silu",
                "leaky_relu", "softplus", "softsign", "relu6", "hard_sigmoid", "exponential",
                "mish", "swish", "log_softmax", "hard_silu")
# Choices Keras documents for string arguments, by argument name.
CHOICES = {
    "activation": _ACTIVATIONS,
    "recurrent_activation": _ACTIVATIONS,
    "padding": ("valid", "same", "causal"),
    "data_format": ("channels_last", "channels_first"),
    "interpolation": ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5",
                      "gaussian", "mitchellcubic"),
    "fill_mode": ("reflect", "wrap", "constant", "nearest"),
    "merge_mode": ("concat", "sum", "mul", "ave"),
    "mode": ("horizontal", "vertical", "horizontal_and_vertical"),
    "output_mode": ("int", "one_hot", "multi_hot", "count", "tf_idf", "binary"),
    "value_range": (),
}
# Required arguments (no default) typed by their well-known names.
_REQUIRED = {"units": "int", "filters": "int", "num_heads": "int", "key_dim": "int",
             "n": "int", "input_dim": "int", "output_dim": "int", "groups": "int",
             "num_query_heads": "int", "num_key_value_heads": "int", "head_dim": "int",
             "num_tokens": "int", "num_bins": "int", "height": "int", "width": "int",
             "kernel_size": "size", "pool_size": "size", "size": "size", "cropping": "size",
             "target_shape": "shape", "dims": "shape", "output_size": "size",
             "rate": "float", "stddev": "float", "scale": "float", "factor": "json",
             "layer": "layer", "axes": "json", "equation": "text", "output_shape": "json"}
# Arguments whose values come in several forms (an int or a list, pairs of pads, ...).
_LOOSE = {"axis", "padding_", "cropping", "value_range", "factor", "mean", "variance"}
# Tuple arguments that are sizes: one int or one per spatial axis.
_SIZES = {"strides", "dilation_rate", "kernel_size", "pool_size", "size", "output_size"}
# Integer arguments that set a layer's width: capped by the "units" limit.
WIDTHS = {"units", "filters", "num_heads", "key_dim", "value_dim", "input_dim", "output_dim",
          "head_dim", "num_tokens", "depth_multiplier", "max_tokens", "num_bins", "n",
          "num_query_heads", "num_key_value_heads"}


def _keras_layers():
    import keras

    return keras.layers


@functools.cache
def builtin_names() -> tuple[str, ...]:
    """Canonical names of the built-in layers the builder offers (aliases left out)."""
    layers = _keras_layers()
    base = layers.Layer
    names = []
    for name in sorted(dir(layers)):
        cls = getattr(layers, name)
        if (isinstance(cls, type) and issubclass(cls, base) and cls.__name__ == name
                and name not in NOT_OFFERED):
            names.append(name)
    return tuple(names)


def layer_class(name: str) -> type:
    return getattr(_keras_layers(), name)


def takes_list(name: str) -> bool:
    """True when the layer's call takes several inputs as one list (Add, Concatenate, ...)."""
    try:
        params = list(inspect.signature(layer_class(name).call).parameters)
    except (TypeError, ValueError):
        return True
    return len(params) > 1 and params[1] == "inputs"


def _param_for(layer: str, name: str, default: Any, required: bool):
    if required:
        kind = _REQUIRED.get(name, "json")
        if kind == "int":
            return Param(name, "int", 1, low=1, high=None)
        if kind == "float":
            return Param(name, "float", 0.1)
        if kind == "size":
            ndim = next((int(d) for d in "321" if f"{d}D" in layer), 1)
            return Param(name, "size", 2, ndim=ndim)
        if kind == "layer":
            return Param(name, "layer", {"kind": "Dense" if "Bidirectional" not in layer
                                         else "LSTM"})
        if kind == "shape":
            return Param(name, "shape", [-1])
        return Param(name, kind, None)
    if name in _SIZES and (isinstance(default, int) and not isinstance(default, bool)
                           and default >= 1 or isinstance(default, tuple)):
        ndim = next((int(d) for d in "321" if f"{d}D" in layer), 1)
        if isinstance(default, tuple) and default and all(
                isinstance(v, int) and v >= 1 for v in default):
            ndim = len(default)
            default = list(default) if len(set(default)) > 1 else default[0]
        if isinstance(default, int):
            return Param(name, "size", default, ndim=ndim)
    if name in _LOOSE or name.endswith(("_initializer", "_regularizer", "_constraint")):
        return Param(name, "json", list(default) if isinstance(default, tuple) else default)
    if isinstance(default, bool):
        return Param(name, "bool", default)
    if isinstance(default, int):
        return Param(name, "int", default, low=None)
    if isinstance(default, float):
        return Param(name, "float", default)
    if isinstance(default, str) and CHOICES.get(name):
        choices = CHOICES[name] if default in CHOICES[name] else (default, *CHOICES[name])
        return Param(name, "choice", default, choices=choices)
    if isinstance(default, str):
        return Param(name, "text", default)
    if isinstance(default, tuple) and name in _SIZES and default and all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in default):
        return Param(name, "size", list(default) if len(set(default)) > 1 else default[0],
                     ndim=len(default))
    return Param(name, "json", list(default) if isinstance(default, tuple) else default)


@functools.cache
def signature_params(name: str) -> tuple[tuple, tuple]:
    """(shown, extra) parameters of a built-in layer, from its constructor signature.

    ``shown`` are the required and simply typed arguments (a field each in the
    widget), ``extra`` the rest (initializers, regularizers, None defaults).
    """
    cls = layer_class(name)
    shown, extra = [], []
    for pname, p in inspect.signature(cls).parameters.items():
        if pname in _HIDDEN or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
            continue
        required = p.default is inspect.Parameter.empty
        param = _param_for(name, pname, None if required else p.default, required)
        simple = param.type in ("int", "float", "bool", "choice", "size", "shape", "layer")
        (shown if required or (simple and param.default is not None) else extra).append(param)
    return tuple(shown), tuple(extra)


def required_names(name: str) -> tuple[str, ...]:
    cls = layer_class(name)
    return tuple(n for n, p in inspect.signature(cls).parameters.items()
                 if p.default is inspect.Parameter.empty and n not in _HIDDEN
                 and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL))


@functools.cache
def generic_kind(name: str):
    """The `Kind` of a built-in layer outside the catalogue (`layers.kind_of` checks names)."""
    if not isinstance(name, str) or name not in builtin_names():
        raise bad_value("kind", "the name of a built-in keras.layers class", name)
    shown, extra = signature_params(name)
    required = required_names(name)
    positional = 0
    for p in shown:
        if p.name in required:
            positional += 1
        else:
            break
    family = "merge" if takes_list(name) and "merging" in layer_class(name).__module__ \
        else "other"
    return Kind(name, shown, family=family, positional=positional, weights=None, extra=extra,
                generic=True)


@functools.cache
def extra_params(name: str, own: frozenset[str]) -> dict[str, Param]:
    """Signature arguments of a catalogue kind that its friendly fields (``own``) leave out."""
    shown, extra = signature_params(name)
    return {p.name: p for p in (*shown, *extra) if p.name not in own}
