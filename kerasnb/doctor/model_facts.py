"""Facts about a Keras model, read through public Keras 3 APIs only.

Sequential and functional models expose their wiring (`layer.input`,
`layer.output`, `model.outputs`); subclassed models do not, so the helpers
answer ``None`` ("unknown") for them and the checks skip what they cannot see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import keras

from .loss_facts import LossInfo, describe_loss, loss_for

# Layers that hand their input on unchanged in kind (shape or values scaled).
PASS_THROUGH = {
    "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "AlphaDropout",
    "GaussianDropout", "GaussianNoise", "Flatten", "Reshape", "Permute", "Identity",
    "ActivityRegularization",
}
# Layers that turn raw inputs into what the network should see.
PREPROCESSING = {
    "Rescaling", "Normalization", "Embedding", "TextVectorization", "StringLookup",
    "IntegerLookup", "Hashing", "CategoryEncoding", "Discretization", "HashedCrossing",
    "BatchNormalization", "LayerNormalization", "UnitNormalization",
}
SEQUENCE_WORDS = ("LSTM", "GRU", "RNN", "Conv1D", "Embedding", "Attention", "TimeDistributed",
                  "Bidirectional", "Transformer")
_ACTIVATION_LAYERS = {"Softmax": "softmax", "ReLU": "relu", "LeakyReLU": "leaky_relu",
                      "PReLU": "prelu", "ELU": "elu"}
_KNOWN_ACTIVATIONS = {
    "softmax", "sigmoid", "linear", "relu", "tanh", "elu", "selu", "softplus", "softsign",
    "gelu", "silu", "swish", "hard_sigmoid", "hard_silu", "hard_swish", "exponential",
    "leaky_relu", "relu6", "log_softmax", "mish", "log_sigmoid", "sparse_plus",
    "squareplus", "celu", "glu", "hard_tanh", "tanh_shrink", "sparsemax",
}


def class_name(obj: Any) -> str:
    return type(obj).__name__


def model_kind(model) -> str:
    """``"sequential"``, ``"functional"`` or ``"subclassed"``."""
    if isinstance(model, keras.Sequential):
        return "sequential"
    try:
        outputs = model.outputs
    except (AttributeError, ValueError):
        return "subclassed"
    return "functional" if outputs else "subclassed"


def is_compiled(model) -> bool:
    if getattr(model, "compiled", None) is not None:
        return bool(model.compiled)
    return getattr(model, "optimizer", None) is not None


def layers_of(model) -> list:
    """Top-level layers without input layers."""
    return [layer for layer in model.layers if class_name(layer) != "InputLayer"]


def all_layers(model) -> list:
    """Every layer, nested models opened up (the nested model itself is left out)."""
    found = []
    for layer in layers_of(model):
        if isinstance(layer, keras.Model):
            found += all_layers(layer)
        else:
            found.append(layer)
    return found


def activation_name(layer) -> str | None:
    """The activation a layer applies last, ``"linear"`` for none, None if unknown."""
    name = class_name(layer)
    if name in _ACTIVATION_LAYERS:
        return _ACTIVATION_LAYERS[name]
    fn = getattr(layer, "activation", None)
    if fn is None:
        return None
    fn_name = fn if isinstance(fn, str) else getattr(fn, "__name__", "")
    fn_name = fn_name.lower().removesuffix("_v2")
    return fn_name if fn_name in _KNOWN_ACTIVATIONS else None


def shape_of(tensor) -> tuple | None:
    try:
        return tuple(tensor.shape)
    except (AttributeError, TypeError):
        return None


def output_shape(layer) -> tuple | None:
    try:
        return shape_of(layer.output)
    except (AttributeError, ValueError, RuntimeError):
        return None


class Graph:
    """Who feeds whom, for Sequential and functional models."""

    def __init__(self, model: keras.Model) -> None:
        self.model = model
        self.kind = model_kind(model)
        self.layers = layers_of(model) if self.kind != "subclassed" else []
        self._producers: dict[int, Any] = {}
        if self.kind == "functional":
            for layer in model.layers:
                try:
                    out = layer.output
                except (AttributeError, ValueError, RuntimeError):
                    continue
                for t in keras.tree.flatten(out):
                    self._producers[id(t)] = layer

    def producer(self, tensor: Any) -> Any:
        """The layer whose output ``tensor`` is (None when unknown)."""
        return self._producers.get(id(tensor))

    def parents(self, layer) -> list | None:
        """The layers whose outputs ``layer`` takes, or None when unknown."""
        if self.kind == "sequential":
            i = next((k for k, lay in enumerate(self.layers) if lay is layer), None)
            if i is None:
                return None
            return [self.layers[i - 1]] if i > 0 else []
        if self.kind != "functional":
            return None
        try:
            inputs = keras.tree.flatten(layer.input)
        except (AttributeError, ValueError, RuntimeError):
            return None
        found = [self.producer(t) for t in inputs]
        if any(p is None for p in found):
            return None
        return [p for p in found if class_name(p) != "InputLayer"]

    def single_parent(self, layer: Any) -> Any:
        """The one layer feeding ``layer`` (None for none, several or unknown)."""
        parents = self.parents(layer)
        return parents[0] if parents and len(parents) == 1 else None

    def head(self, layer: Any) -> Any:
        """Walk back through pass-through layers to the layer that sets the activation."""
        seen = 0
        while layer is not None and class_name(layer) in PASS_THROUGH and seen < 50:
            layer = self.single_parent(layer)
            seen += 1
        return layer


def effective_activation(graph: Graph, layer) -> str | None:
    head = graph.head(layer)
    if head is None:
        return None
    if isinstance(head, keras.Model):
        outs = output_facts(head, loss=None)
        return outs[0].activation if len(outs) == 1 else None
    return activation_name(head)


def units_of(graph: Graph, layer) -> int | None:
    """Size of the last axis of ``layer``'s output, also for unbuilt Sequential models."""
    shape = output_shape(layer)
    if shape:
        return shape[-1]
    while layer is not None:
        units = getattr(layer, "units", None)
        if isinstance(units, int):
            return units
        if class_name(layer) not in PASS_THROUGH | set(_ACTIVATION_LAYERS) | {"Activation"}:
            return None
        layer = graph.single_parent(layer)
    return None


def output_names(model, graph: Graph) -> list[str]:
    if graph.kind == "sequential":
        return [graph.layers[-1].name] if graph.layers else []
    names = getattr(model, "output_names", None)
    if names:
        return list(names)
    return [f"output_{i}" for i in range(len(model.outputs))]


@dataclass
class OutputFacts:
    name: str
    layer: Any  # the layer producing the output (None when unknown)
    activation: str | None
    units: int | None
    rank: int | None  # including the batch axis
    loss: LossInfo | None
    shape: tuple | None = None  # including the batch axis, None when not built
    y: Any = None  # the matching labels (numpy), filled in by the context
    labels: Any = None  # `Labels` analysis of y


def output_facts(model, loss=None, graph: Graph | None = None) -> list[OutputFacts]:
    graph = graph or Graph(model)
    if graph.kind == "subclassed" or not graph.layers:
        return []
    names = output_names(model, graph)
    if graph.kind == "sequential":
        producers = [graph.layers[-1]]
        shapes = [output_shape(graph.layers[-1])]
    else:
        producers = [graph.producer(t) for t in model.outputs]
        shapes = [shape_of(t) for t in model.outputs]
    facts = []
    for i, (layer, shape) in enumerate(zip(producers, shapes, strict=True)):
        activation = effective_activation(graph, layer) if layer is not None else None
        units = shape[-1] if shape else (units_of(graph, layer) if layer is not None else None)
        facts.append(OutputFacts(
            name=names[i] if i < len(names) else f"output_{i}", layer=layer,
            activation=activation, units=units, rank=len(shape) if shape else None,
            loss=describe_loss(loss_for(loss, names, i)), shape=shape))
    return facts


def input_specs(model) -> list[tuple[str, tuple]] | None:
    """``(name, shape without batch axis)`` per model input, None when not known yet."""
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        return None
    if not inputs:
        return None
    return [(getattr(t, "name", f"input_{i}"), tuple(t.shape[1:])) for i, t in enumerate(inputs)]


_HARMLESS = {"Resizing", "CenterCrop", "Cropping1D", "Cropping2D", "ZeroPadding2D", "Masking"}


def _preprocessing_first(model) -> bool | None:
    """True/False once a layer decides, None if the model only has harmless layers.

    Arithmetic on the inputs (``inputs / 255``, a Lambda) counts as preprocessing:
    it cannot be read, so the model gets the benefit of the doubt.
    """
    operations = getattr(model, "operations", None) or model.layers
    for layer in operations:
        name = class_name(layer)
        if name == "InputLayer":
            continue
        if name in PREPROCESSING or name == "Lambda" or not isinstance(layer, keras.layers.Layer):
            return True
        if isinstance(layer, keras.Model):
            inner = _preprocessing_first(layer)
            if inner is not None:
                return inner
            continue
        if name in PASS_THROUGH or name in _HARMLESS or name.startswith("Random"):
            continue  # reshaping and data augmentation
        return False
    return None


def starts_with_preprocessing(model) -> bool:
    """True when the model scales, normalizes or embeds its inputs itself."""
    return bool(_preprocessing_first(model))


def is_sequence_model(model) -> bool:
    return any(word in class_name(layer) for layer in all_layers(model)
               for word in SEQUENCE_WORDS)


def trainable_params(model) -> int | None:
    if not model.built:
        return None
    try:
        return int(sum(int(_size(w.shape)) for w in model.trainable_weights))
    except (AttributeError, ValueError, TypeError):
        return None


def _size(shape) -> int:
    n = 1
    for d in shape:
        n *= int(d)
    return n
