"""Python source for a validated builder state.

The code is written from the spec's checked values (numbers, choices, tuples),
never from text a user typed, and defines one variable: ``model``, built and
compiled. Leading arguments are positional as in the Keras docs
(``layers.Dense(64, activation="relu")``); other arguments appear only when they
differ from Keras' own defaults.
"""

from __future__ import annotations

import functools
import inspect
import json
from typing import Any

from ._builder_layers import KINDS, Param, _size
from ._builder_task import OPTIMIZERS


def literal(value: Any) -> str:
    """A Python literal for a JSON-able value; lists become tuples."""
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        items = ", ".join(literal(v) for v in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
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
        return _size(value, p.ndim) == _size(list(default) if isinstance(default, tuple)
                                             else default, p.ndim)
    return value == default


def layer_code(entry: dict) -> str:
    """``layers.Kind(...)`` for one spec entry."""
    kind = KINDS[entry["kind"]]
    defaults = _keras_defaults(kind.name)
    args = [literal(entry[p.name]) for p in kind.params[:kind.positional]]
    args += [f"{p.name}={literal(entry[p.name])}" for p in kind.params[kind.positional:]
             if not _is_default(p, entry[p.name], defaults)]
    return f"layers.{kind.name}({', '.join(args)})"


def input_dtype(spec: list) -> str | None:
    """Token ids feed an Embedding: its model takes integers."""
    return "int32" if spec and spec[0]["kind"] == "Embedding" else None


def model_code(input_shape: tuple, spec: list, compile_cfg: dict,
               train_cfg: dict | None = None) -> str:
    """Complete, runnable code: imports, ``keras.Input``, the layers, ``compile``."""
    dtype = input_dtype(spec)
    shape = literal(list(input_shape))
    lines = ["import keras", "from keras import layers", "", "model = keras.Sequential(["]
    lines.append(f"    keras.Input(shape={shape}"
                 + (f", dtype={literal(dtype)}" if dtype else "") + "),")
    lines += [f"    {layer_code(entry)}," for entry in spec]
    lines.append("])")
    optimizer = OPTIMIZERS[compile_cfg["optimizer"]]
    lines += ["model.compile(",
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
    return "\n".join(lines) + "\n"
