"""Python source for a validated builder state.

The code is written from the spec's checked values (numbers, choices, tuples,
JSON configs), never from text a user typed, and defines one variable:
``model``, built and compiled: a ``keras.Sequential`` when the layers form a
chain, functional-API code (one line per layer, ``x3 = layers.Add()([x1, x2])``)
otherwise. Leading arguments are positional as in the Keras docs
(``layers.Dense(64, activation="relu")``); other arguments appear only when they
differ from Keras' own defaults.
"""

from __future__ import annotations

import functools
import inspect
import json
import math
from typing import Any

from .generic import takes_list
from .graph import INPUT, consumers, inputs_of, is_chain, outputs_of
from .layers import Param, extras_of, kind_of
from .params import size_tuple
from .task import OPTIMIZERS


def literal(value: Any) -> str:
    """A Python literal for a JSON-able value; lists become tuples."""
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        items = ", ".join(literal(v) for v in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))}: {literal(v)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, float) and not math.isfinite(value):
        return f'float("{value}")'
    return repr(value)


@functools.cache
def _keras_defaults(kind: str) -> dict[str, Any]:
    import keras

    signature = inspect.signature(getattr(keras.layers, kind))
    return {n: p.default for n, p in signature.parameters.items()
            if p.default is not inspect.Parameter.empty}


def _is_default(p: Param, value: Any, defaults: dict[str, Any]) -> bool:
    if p.name not in defaults:
        return False
    default = defaults[p.name]
    if p.name == "activation":
        return (default or "linear") == value
    if p.type == "size" and value is not None and default is not None:
        return size_tuple(value, p.ndim) == size_tuple(list(default) if isinstance(default, tuple)
                                                       else default, p.ndim)
    if isinstance(default, tuple):
        default = list(default)
    return value == default


def _value_code(name: str, value: Any) -> str:
    if name in ("layer", "backward_layer") and isinstance(value, dict) and "kind" in value:
        return layer_code(value)
    return literal(value)


def layer_code(entry: dict) -> str:
    """``layers.Kind(...)`` for one spec entry."""
    kind = kind_of(entry["kind"])
    defaults = _keras_defaults(kind.name)
    args = [_value_code(p.name, entry[p.name]) for p in kind.params[:kind.positional]]
    args += [f"{p.name}={_value_code(p.name, entry[p.name])}"
             for p in kind.params[kind.positional:]
             if not _is_default(p, entry[p.name], defaults)]
    extras = extras_of(kind)
    args += [f"{name}={_value_code(name, entry[name])}" for name in extras if name in entry]
    args += [f"{name}={literal(entry[name])}" for name in ("name", "trainable") if name in entry]
    return f"layers.{kind.name}({', '.join(args)})"


def input_dtype(spec: list) -> str | None:
    """Token ids feed an Embedding: its model takes integers."""
    takes = consumers(spec).get(INPUT, [])
    return "int32" if any(spec[i]["kind"] == "Embedding" for i in takes) else None


def _compile_lines(compile_cfg: dict, train_cfg: dict | None) -> list[str]:
    optimizer = OPTIMIZERS[compile_cfg["optimizer"]]
    lines = ["model.compile(",
             f"    optimizer=keras.optimizers.{optimizer}("
             f"learning_rate={compile_cfg['learning_rate']!r}),",
             f"    loss={literal(compile_cfg['loss'])},",
             f"    metrics=[{', '.join(literal(m) for m in compile_cfg['metrics'])}],",
             ")"]
    if train_cfg:
        lines += ["", "# Train it (x_train, y_train: your data):",
                  f"# model.fit(x_train, y_train, epochs={train_cfg['epochs']}, "
                  f"batch_size={train_cfg['batch_size']}, "
                  f"validation_split={train_cfg['validation_split']!r})"]
    return lines


def _input_code(shape: tuple | list, dtype: str | None, name: str | None = None) -> str:
    args = [f"shape={literal(list(shape))}"]
    if dtype and dtype != "float32":
        args.append(f"dtype={literal(dtype)}")
    if name:
        args.append(f"name={literal(name)}")
    return f"keras.Input({', '.join(args)})"


def _functional_lines(input_shape: tuple, spec: list) -> list[str]:
    lines = [f"inputs = {_input_code(input_shape, input_dtype(spec))}"]
    names = {INPUT: "inputs"}
    model_inputs = ["inputs"]
    for i, entry in enumerate(spec):
        if entry["kind"] == "Input":
            var = names[i] = f"input_{i + 1}"
            model_inputs.append(var)
            lines.append(f"{var} = {_input_code(entry['shape'], entry['dtype'], entry.get('name'))}")
            continue
        var = names[i] = f"x{i + 1}"
        refs = [names[r] for r in inputs_of(spec, i)]
        if len(refs) == 1:
            call = refs[0]
        elif takes_list(entry["kind"]):
            call = f"[{', '.join(refs)}]"
        else:
            call = ", ".join(refs)
        lines.append(f"{var} = {layer_code(entry)}({call})")
    outs = [names[j] for j in outputs_of(spec)]
    ins = model_inputs[0] if len(model_inputs) == 1 else f"[{', '.join(model_inputs)}]"
    outputs = outs[0] if len(outs) == 1 else f"[{', '.join(outs)}]"
    lines.append(f"model = keras.Model(inputs={ins}, outputs={outputs})")
    return lines


def model_code(input_shape: tuple, spec: list, compile_cfg: dict,
               train_cfg: dict | None = None) -> str:
    """Complete, runnable code: imports, the model (Sequential for a chain), ``compile``."""
    lines = ["import keras", "from keras import layers", ""]
    if is_chain(spec):
        lines.append("model = keras.Sequential([")
        lines.append(f"    {_input_code(input_shape, input_dtype(spec))},")
        lines += [f"    {layer_code(entry)}," for entry in spec]
        lines.append("])")
    else:
        lines += _functional_lines(input_shape, spec)
    lines += _compile_lines(compile_cfg, train_cfg)
    return "\n".join(lines) + "\n"


def build_model(input_shape: tuple, spec: list):
    """The `keras.Model` that `model_code` writes: Sequential for a chain, functional otherwise."""
    import keras

    from .layers import make_layer

    first = keras.Input(shape=tuple(input_shape), dtype=input_dtype(spec))
    if is_chain(spec):
        return keras.Sequential([first, *[make_layer(e) for e in spec]])
    tensors: dict = {INPUT: first}
    model_inputs = [first]
    for i, entry in enumerate(spec):
        if entry["kind"] == "Input":
            tensors[i] = keras.Input(shape=tuple(entry["shape"]), dtype=entry["dtype"],
                                     name=entry.get("name"))
            model_inputs.append(tensors[i])
            continue
        ins = [tensors[r] for r in inputs_of(spec, i)]
        layer = make_layer(entry)
        if len(ins) == 1:
            tensors[i] = layer(ins[0])
        elif takes_list(entry["kind"]):
            tensors[i] = layer(ins)
        else:
            tensors[i] = layer(*ins)
    outs = [tensors[j] for j in outputs_of(spec)]
    return keras.Model(inputs=model_inputs[0] if len(model_inputs) == 1 else model_inputs,
                       outputs=outs[0] if len(outs) == 1 else outs)
