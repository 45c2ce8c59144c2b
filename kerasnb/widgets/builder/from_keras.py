"""Reading an existing Keras model into builder entries: layers, wiring, nested models.

`model_entries` walks a Sequential or functional model's graph in the order
Keras runs it and writes one entry per layer call; a nested model is opened up
(its layers become entries of the outer graph, wired to what fed it). What the
builder cannot rebuild exactly is refused with the name of the layer or
operation: custom layer classes, raw ``keras.ops`` calls on tensors, layers
used twice (shared weights), calls with extra tensor arguments.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..._validate import LIMITS, bad_value
from .graph import INPUT, outputs_of, tidy
from .layers import extras_of, kind_of, make_layer, normalize
from .shapes import fmt_shape

_IGNORED = {"name", "trainable", "dtype"}
_REFERENCE: dict[str, dict] = {}  # config of a layer with Keras' defaults, per base entry
_KERAS_MODULES = ("keras.initializers", "keras.regularizers", "keras.constraints")


def snake(name: str) -> str:
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def _auto_named(layer: Any) -> bool:
    return re.fullmatch(rf"{re.escape(snake(type(layer).__name__))}(_\d+)?", layer.name) \
        is not None


def _simplify(value: Any) -> Any:
    """A Keras object config as the short name Keras reads back (``"he_normal"``), if exact."""
    if isinstance(value, tuple):
        return [_simplify(v) for v in value]
    if not isinstance(value, dict) or value.get("module") not in _KERAS_MODULES:
        return value
    import keras

    module = {"keras.initializers": keras.initializers, "keras.regularizers": keras.regularizers,
              "keras.constraints": keras.constraints}[value["module"]]
    try:
        if module.serialize(module.get(value["class_name"])) == value:
            return snake(value["class_name"])
    except (ValueError, TypeError, KeyError):
        pass
    return value


def _custom(layer: Any) -> bool:
    import keras

    cls = type(layer)
    return getattr(keras.layers, cls.__name__, None) is not cls


def entry_from_layer(layer: Any) -> dict:
    """The spec entry of one built-in Keras layer (without its wiring).

    Raises:
        ValueError: a custom layer class, a kind the builder does not offer, or
            a setting it cannot reproduce exactly.
    """
    name = type(layer).__name__
    if _custom(layer):
        raise ValueError(f"`layer` {layer.name!r} is a custom layer ({name}), which ModelBuilder "
                         f"does not support: only built-in keras.layers classes. "
                         f"Received: layer={name}")
    kind = kind_of(name)
    config = layer.get_config()
    cfg: dict[str, Any] = {}
    for p in kind.params:
        value = config.get(p.name, p.default)
        if p.type == "layer":
            value = entry_from_layer(layer.layer if hasattr(layer, "layer") else value)
        elif p.type == "int" and isinstance(value, (tuple, list)) and len(value) == 1:
            value = value[0]
        elif p.type == "float" and isinstance(value, (tuple, list)) and not kind.generic:
            value = max(abs(v) for v in value)  # symmetric factors, e.g. (-0.1, 0.1)
        cfg[p.name] = list(value) if isinstance(value, tuple) else value
    if "pool_size" in cfg and "strides" in cfg and cfg["strides"] in (cfg["pool_size"], None):
        cfg["strides"] = None  # pooling: Keras' default, strides = pool_size
    base = normalize(name, {k: v for k, v in cfg.items() if k not in extras_of(kind)},
                     construct=False)
    key = json.dumps(base, sort_keys=True)
    if key not in _REFERENCE:
        _REFERENCE[key] = make_layer(base).get_config()
    reference = _REFERENCE[key]
    extras = {k: _simplify(config[k]) for k in extras_of(kind)
              if k in config and config[k] != reference.get(k)}
    entry = normalize(name, extras, base=base, construct=False)
    if config.get("trainable") is False:
        entry["trainable"] = False
    if not _auto_named(layer):
        entry["name"] = layer.name
    rebuilt = make_layer(entry).get_config()
    differ = sorted(k for k in set(config) | set(rebuilt)
                    if k not in _IGNORED and config.get(k) != rebuilt.get(k))
    if differ:
        raise ValueError(f"`layer` {layer.name!r} ({name}) sets {', '.join(differ)} in a way "
                         f"ModelBuilder cannot rebuild. Received: layer={layer.name!r}")
    return entry


def _graph_of(model: Any) -> Any:
    """The functional graph that runs ``model`` (a Sequential keeps one inside)."""
    import keras

    if isinstance(model, keras.Sequential):
        inner = getattr(model, "_functional", None)
        if inner is None:
            raise ValueError("`model` must be built, e.g. started with keras.Input(shape=...). "
                             f"Received: model={model.name!r} (not built)")
        return inner
    if not hasattr(model, "_nodes_by_depth"):
        raise bad_value("model", "a keras.Sequential or functional keras.Model (a subclassed "
                        "model keeps no graph to read)", type(model).__name__)
    return model


class _Reader:
    """Writes entries for the calls of one graph (and of the models nested in it)."""

    def __init__(self):
        self.spec: list[dict] = []
        self.seen: set[int] = set()

    def add(self, entry: dict, refs: list) -> int:
        if len(self.spec) >= LIMITS["layers"]:
            from ..._validate import check_limit

            check_limit("layers", "model.layers", len(self.spec) + 1)
        entry = dict(entry)
        entry["inputs"] = refs
        self.spec.append(entry)
        return len(self.spec) - 1

    def read(self, model: Any, in_refs: list) -> list:
        import keras

        graph = _graph_of(model)
        refs = {id(t): r for t, r in zip(graph.inputs, in_refs, strict=True)}
        for depth in sorted(graph._nodes_by_depth, reverse=True):
            for node in graph._nodes_by_depth[depth]:
                op = node.operation
                if node.is_input or isinstance(op, keras.layers.InputLayer):
                    continue
                tensors = node.arguments.keras_tensors
                if any(id(t) not in refs for t in tensors):
                    raise ValueError(f"`model` has a layer ({op.name!r}) fed by a tensor that does "
                                     f"not come from its inputs. Received: model={model.name!r}")
                outs = self._call(op, node, [refs[id(t)] for t in tensors])
                for t, r in zip(node.outputs, outs, strict=True):
                    refs[id(t)] = r
        return [refs[id(t)] for t in graph.outputs]

    def _call(self, op: Any, node: Any, ins: list) -> list:
        import keras

        if not isinstance(op, keras.layers.Layer):
            raise ValueError(f"`model` applies the operation {op.name!r} "
                             f"({type(op).__name__}, from keras.ops or a Python operator) to "
                             f"tensors; ModelBuilder rebuilds layers only. Use a layer such as "
                             f"Add or Multiply instead. Received: model with {op.name!r}")
        if id(op) in self.seen:
            raise ValueError(f"`model` uses layer {op.name!r} more than once (shared weights), "
                             f"which ModelBuilder does not rebuild. Received: model with "
                             f"{op.name!r}")
        self.seen.add(id(op))
        # Call options (training=False, mask=None) are not part of the architecture.
        extra = [k for k, v in node.arguments.kwargs.items()
                 if v is not None and not (k == "training" and isinstance(v, bool))]
        if extra:
            raise ValueError(f"`model` calls layer {op.name!r} with {', '.join(extra)}=..., "
                             f"which ModelBuilder does not rebuild. Received: model with "
                             f"{op.name!r}")
        if isinstance(op, keras.Model):
            return self.read(op, ins)
        if len(node.outputs) != 1:
            raise ValueError(f"`model` has layer {op.name!r}, which returns "
                             f"{len(node.outputs)} tensors; ModelBuilder wires layers with one "
                             f"output. Received: model with {op.name!r}")
        try:
            entry = entry_from_layer(op)
        except ValueError as e:
            raise ValueError(f"`model` layer {op.name!r}: {e}") from None
        return [self.add(entry, ins)]


def _outputs_last(spec: list, outputs: list) -> tuple[list, list]:
    """Output layers moved to the end, in the model's order (nothing depends on them)."""
    last = [o for o in dict.fromkeys(outputs) if o != INPUT]
    order = [i for i in range(len(spec)) if i not in set(last)] + last
    new = {old: k for k, old in enumerate(order)}
    spec = [spec[i] for i in order]
    for entry in spec:
        entry["inputs"] = [r if r == INPUT else new[r] for r in entry.get("inputs", [])]
    return spec, [r if r == INPUT else new[r] for r in outputs]


def model_entries(model: Any) -> tuple[tuple, list[dict], list[int]]:
    """(input shape, entries, output indices) of a built Sequential or functional model."""
    import keras

    if not isinstance(model, keras.Model):
        raise bad_value("model", "a keras.Sequential or functional keras.Model",
                        type(model).__name__)
    graph = _graph_of(model)
    if not graph.inputs:
        raise ValueError("`model` must be built, e.g. started with keras.Input(shape=...). "
                         f"Received: model={model.name!r} (not built)")
    reader = _Reader()
    in_refs = [INPUT]
    for t in graph.inputs[1:]:
        shape = list(t.shape[1:])
        dtype = str(t.dtype) if str(t.dtype) in ("float32", "int32", "int64") else "float32"
        entry = normalize("Input", {"shape": shape, "dtype": dtype})
        name = getattr(t._keras_history.operation, "name", None)
        if name:
            entry["name"] = name
        in_refs.append(reader.add(entry, []))
    outputs = reader.read(model, in_refs)
    if any(r == INPUT or reader.spec[r]["kind"] == "Input" for r in outputs):
        raise ValueError("`model` has an output that is one of its inputs, which ModelBuilder "
                         f"does not rebuild. Received: model={model.name!r}")
    spec, outputs = _outputs_last(reader.spec, outputs)
    for entry in spec:
        if entry["kind"] == "Input":
            entry.pop("inputs", None)
    tidy(spec)
    reader.spec = spec
    if sorted(set(outputs)) != outputs_of(reader.spec):
        raise ValueError("`model` has an output that also feeds another layer, which "
                         f"ModelBuilder does not rebuild. Received: model={model.name!r}")
    shape = tuple(graph.inputs[0].shape[1:])
    if any(d is not None and d <= 0 for d in shape):
        raise bad_value("model", "a model whose input shape has positive sizes",
                        fmt_shape(shape))
    return shape, reader.spec, outputs
