"""The layer graph of a Keras model: boxes and edges, ready for layout.

Edges come from ``model.get_config()``, the public record of a functional
model's wiring (each layer lists the tensors every call received). A layer
whose arguments cannot be serialised makes ``get_config`` fail; only then the
graph is read by walking back from ``model.outputs`` through each tensor's
history, the way Keras itself rebuilds a functional model. Sequential models
are chains of ``model.layers``; subclassed models keep no graph, so their
layers and sub-models are listed in order without edges.

A functional graph also holds *operations* that are not layers: ``x + inputs``
or ``keras.ops.relu(h)`` record an ``Add`` or ``Relu`` node in the graph
(``model.operations``), though not in ``model.layers``. They get boxes of
their own (kind "op"), named by the op.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._inputs import input_shapes, shape_text

Tensor = tuple[str, int]  # (producing layer name, output index)


@dataclass
class Box:
    key: str  # unique across nesting: "outer/inner/dense"
    name: str
    type: str
    shape: str
    params: int | None  # None when the layer is not built yet
    kind: str = "layer"  # "input", "layer", "op" (keras.ops node), "model" (nested), "block"
    group: str | None = None  # key of the expanded nested model holding it
    members: list[str] = field(default_factory=list)  # kind "block": the boxes it folds


@dataclass
class Graph:
    boxes: dict[str, Box] = field(default_factory=dict)
    edges: list[tuple[str, str]] = field(default_factory=list)
    groups: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # key: (label, parent)
    note: str = ""

    def connect(self, source: str, targets: list[str]) -> None:
        for target in targets:
            if source != target and (source, target) not in self.edges:
                self.edges.append((source, target))


def is_layer(operation) -> bool:
    import keras

    return isinstance(operation, keras.layers.Layer)


def operations(model) -> list:
    """The nodes of a model's graph: layers and keras.ops operations, in graph order.

    ``model.operations`` for functional models (layers and op nodes alike); the
    layers for Sequential and subclassed models, which record no op nodes.
    """
    found = getattr(model, "operations", None) if _has_graph(model) else None
    return list(found) if found else list(model.layers)


def param_count(layer) -> int | None:
    if not is_layer(layer):
        return 0  # an op node holds no weights
    if not layer.built:
        weights = layer.weights  # a subclassed model can hold built sub-models
        return sum(int(np.prod(w.shape)) for w in weights) if weights else None
    return sum(int(np.prod(w.shape)) for w in layer.weights)


def output_shape(layer) -> str:
    try:
        out = layer.output
    except (AttributeError, ValueError, RuntimeError):
        return "?"
    if isinstance(out, dict):
        out = list(out.values())
    if isinstance(out, (list, tuple)):
        return ", ".join(shape_text(t.shape) for t in out)
    return shape_text(out.shape)


def model_graph(model, *, expand_nested: bool = False) -> Graph:
    graph = Graph()
    _add_model(graph, model, prefix="", expand=expand_nested, top=True, group=None)
    return graph


def _box(graph: Graph, layer, prefix: str, group: str | None, kind: str = "layer") -> str:
    key = prefix + layer.name
    if kind == "layer" and not is_layer(layer):
        kind = "op"
    graph.boxes[key] = Box(key, layer.name, type(layer).__name__, output_shape(layer),
                           param_count(layer), kind, group)
    return key


def _add_layer(graph, layer, prefix, expand, group) -> tuple[list[list[str]], list[str]]:
    """Add one layer (or an expanded nested model); return its entry and exit keys."""
    import keras

    if isinstance(layer, keras.Model):
        if expand:
            key = prefix + layer.name
            graph.groups[key] = (f"{layer.name} ({type(layer).__name__})", group)
            return _add_model(graph, layer, key + "/", expand, top=False, group=key)
        key = _box(graph, layer, prefix, group, kind="model")
    else:
        key = _box(graph, layer, prefix, group)
    return [[key]], [key]


def _add_model(graph, model, prefix, expand, top, group) -> tuple[list[list[str]], list[str]]:
    """Add a model's layers; return, per input, the keys fed by it, and per output its maker."""
    import keras

    if isinstance(model, keras.Sequential):
        return _add_sequential(graph, model, prefix, expand, top, group)
    wiring = functional_wiring(model)
    if wiring is None:
        keys = []
        for layer in model.layers:  # sub-models (a GAN's generator, ...) open when expanded
            keys += _add_layer(graph, layer, prefix, expand, group)[1]
        if top:
            held = [layer.name for layer in model.layers if isinstance(layer, keras.Model)]
            what = "its sub-models and layers" if held else "its layers"
            graph.note = (f"{model.name} is a subclassed model: Keras keeps no graph for it, "
                          f"so {what} are listed in the order they were created.")
        return [keys[:1]], keys[-1:]
    calls, inputs, outputs = wiring
    entries: dict[str, tuple[list[list[str]], list[str]]] = {}
    fed_by_input: dict[str, list[str]] = {}  # a nested model's inputs are not drawn
    by_name = {op.name: op for op in operations(model)}
    for name in calls:
        layer = by_name.get(name)
        if layer is None:
            continue
        if isinstance(layer, keras.layers.InputLayer):
            if top:
                entries[name] = ([[_box(graph, layer, prefix, group, kind="input")]],
                                 [prefix + name])
            else:
                fed_by_input[name] = []
        else:
            entries[name] = _add_layer(graph, layer, prefix, expand, group)

    def maker(source: Tensor) -> str | None:
        exits = entries[source[0]][1]
        return exits[min(source[1], len(exits) - 1)] if exits else None

    for name, nodes in calls.items():
        if name not in entries or entries[name][0] == [[]]:
            continue
        layer_entries = entries[name][0]
        for node in nodes:
            for position, source in enumerate(node):
                targets = layer_entries[min(position, len(layer_entries) - 1)]
                if source[0] in fed_by_input:
                    fed_by_input[source[0]].extend(targets)
                elif source[0] in entries and maker(source) is not None:
                    graph.connect(maker(source), targets)
    if top:
        model_entries = [[prefix + name] for name, _ in inputs]
    else:
        model_entries = [fed_by_input.get(name, []) for name, _ in inputs]
    model_exits = [maker(t) for t in outputs if t[0] in entries and maker(t) is not None]
    return model_entries, model_exits


def _add_sequential(graph, model, prefix, expand, top, group):
    previous: list[str] = []
    model_entries: list[list[str]] = []
    shapes = input_shapes(model) if top and model.layers else None
    if shapes:
        key = prefix + "input"
        graph.boxes[key] = Box(key, "input", "InputLayer", shape_text((None, *shapes[0])),
                               0, "input", group)
        previous, model_entries = [key], [[key]]
    for layer in model.layers:
        layer_entries, exits = _add_layer(graph, layer, prefix, expand, group)
        for source in previous:
            graph.connect(source, layer_entries[0])
        if not model_entries:
            model_entries = [layer_entries[0]]
        previous = exits[:1]
    return model_entries or [[]], previous


def functional_wiring(model) -> tuple[dict[str, list[list[Tensor]]], list[Tensor],
                                      list[Tensor]] | None:
    """Per layer name, the tensors each of its calls received; the model's inputs and outputs.

    None for a model without a functional graph (subclassed).
    """
    try:
        config = model.get_config()
    except (NotImplementedError, TypeError, ValueError):  # a layer that cannot be serialised
        return _wiring_from_history(model)
    if not isinstance(config, dict) or "layers" not in config or "input_layers" not in config:
        return None if not _has_graph(model) else _wiring_from_history(model)
    calls = {}
    for entry in config["layers"]:
        calls[entry["name"]] = [list(_config_tensors(node)) for node in entry["inbound_nodes"]]
    return calls, _config_refs(config["input_layers"]), _config_refs(config["output_layers"])


def _config_refs(refs) -> list[Tensor]:
    if isinstance(refs, dict):
        refs = list(refs.values())
    if refs and isinstance(refs[0], str):  # a single [name, node, tensor]
        refs = [refs]
    return [(r[0], int(r[2])) for r in refs]


def _config_tensors(value: Any):
    if isinstance(value, dict):
        if value.get("class_name") == "__keras_tensor__":
            name, _, index = value["config"]["keras_history"]
            yield name, int(index)
            return
        for item in value.values():
            yield from _config_tensors(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _config_tensors(item)


def _has_graph(model) -> bool:
    try:
        return bool(model.outputs)
    except (AttributeError, ValueError):
        return False


def _wiring_from_history(model):
    """Walk back from the model's outputs through each tensor's recorded history."""
    if not _has_graph(model):
        return None

    def ref(tensor) -> Tensor:
        history = tensor._keras_history
        return history.operation.name, int(history.tensor_index)

    calls: dict[str, list[list[Tensor]]] = {op.name: [] for op in operations(model)}
    seen = set()
    pending = [t._keras_history for t in model.outputs]
    while pending:
        history = pending.pop()
        key = (history.operation.name, history.node_index)
        if key in seen:
            continue
        seen.add(key)
        node = history.operation._inbound_nodes[history.node_index]
        tensors = list(node.arguments.keras_tensors)
        calls.setdefault(history.operation.name, []).append([ref(t) for t in tensors])
        pending.extend(t._keras_history for t in tensors)
    return calls, [ref(t) for t in model.inputs], [ref(t) for t in model.outputs]


def own_outputs(model) -> dict[int, Any]:
    """id(layer) -> the tensor(s) it outputs in this model's own graph.

    ``layer.output`` is the output of the layer's first call, which belongs to
    another graph when the layer is a nested model (its own inner graph) or
    was first called elsewhere. Walking back from ``model.outputs`` finds the
    calls this model made. Used only when ``layer.output`` does not connect.
    """
    found: dict[int, tuple[int, Any]] = {}
    seen = set()
    pending = list(model.outputs)
    while pending:
        history = pending.pop()._keras_history
        operation, index = history.operation, history.node_index
        if (id(operation), index) in seen:
            continue
        seen.add((id(operation), index))
        node = operation._inbound_nodes[index]
        outputs = node.output_tensors
        if id(operation) not in found or index < found[id(operation)][0]:
            found[id(operation)] = (index, outputs[0] if len(outputs) == 1 else outputs)
        pending.extend(node.arguments.keras_tensors)
    return {key: tensor for key, (_, tensor) in found.items()}
