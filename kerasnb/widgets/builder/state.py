"""Getting a builder state in and out: layer lists, JSON, existing Keras models.

JSON from a file or a link is checked for size and nesting depth before it is
parsed, and every value in it goes through the same checks as a twin call, so
nothing a JSON document holds can exhaust the kernel.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from typing import Any

from ..._validate import LIMITS, bad_value, check_limit, short_repr
from .from_keras import entry_from_layer, model_entries
from .layers import normalize
from .task import CLASSIFICATION_LOSSES, LOSSES, METRICS, OPTIMIZERS

FORMAT = "kerasnb.ModelBuilder"
_SETTINGS = {"compile": ("optimizer", "learning_rate", "loss", "metrics"),
             "train": ("epochs", "batch_size", "validation_split")}


def entries_from(layers: Any, name: str = "layers") -> list[dict]:
    """Normalized spec entries from dicts, kind names or Keras layers.

    Raises:
        ValueError: naming the item (``layers[2]``) and what is wrong with it.
    """
    if not isinstance(layers, (list, tuple)):
        raise bad_value(name, "a list of layers (dicts like {'kind': 'Dense', 'units': 8}, "
                        "kind names or Keras layers)", type(layers).__name__)
    check_limit("layers", name, len(layers))
    entries = []
    for i, item in enumerate(layers):
        try:
            if isinstance(item, str):
                entries.append(normalize(item, {}))
            elif isinstance(item, Mapping):
                cfg = dict(item)
                entries.append(normalize(cfg.pop("kind", None), cfg))
            elif hasattr(item, "get_config"):
                entries.append(entry_from_layer(item))
            else:
                raise bad_value("layer", "a dict, a kind name or a Keras layer",
                                type(item).__name__)
        except ValueError as e:
            raise ValueError(f"`{name}[{i}]`: {e}") from None
    return entries


def json_depth(text: str) -> int:
    """How deep brackets nest in JSON text (strings skipped), without parsing it."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def to_json_dict(builder: Any) -> dict:
    return {"format": FORMAT, "version": 1, "input_shape": list(builder.input_shape),
            "task": builder.task, "num_classes": builder.num_classes, "layers": builder.spec,
            **{part: {n: getattr(builder, n) for n in names}
               for part, names in _SETTINGS.items()}}


def from_json_dict(text: Any) -> tuple[dict, dict]:
    """Constructor arguments and settings from `ModelBuilder.to_json` text."""
    if isinstance(text, (bytes, bytearray)):
        text = text.decode("utf-8", errors="replace")
    if isinstance(text, str):
        check_limit("json_bytes", "text", len(text))
        depth = json_depth(text)
        if depth > LIMITS["json_depth"]:
            raise ValueError(f"`text` nests {depth:,} levels deep, over kerasnb's limit of "
                             f"{LIMITS['json_depth']} for json_depth. "
                             f"Received: text={short_repr(text)}")
    try:
        d = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        d = None
    if not isinstance(d, dict) or d.get("format") != FORMAT or "input_shape" not in d:
        raise bad_value("text", "JSON text written by ModelBuilder.to_json()", text)
    if not isinstance(d.get("layers", []), list):
        raise bad_value("layers", "a list of layers", d.get("layers"))
    args = {"input_shape": d["input_shape"], "task": d.get("task", "auto"),
            "num_classes": d.get("num_classes"), "layers": d.get("layers", [])}
    settings = {}
    for part, names in _SETTINGS.items():
        given = d.get(part) or {}
        if not isinstance(given, dict):
            raise bad_value(part, "a dict of settings", given)
        unknown = sorted(set(given) - set(names))
        if unknown:
            raise ValueError(f"`text` has unknown {part} settings {', '.join(unknown)}; known: "
                             f"{', '.join(names)}. Received: {part}={short_repr(given)}")
        settings.update(given)
    return args, settings


def from_model_args(model: Any) -> tuple[dict, dict]:
    """Constructor arguments and compile settings that describe a Keras model."""
    shape, entries, outputs = model_entries(model)
    settings: dict[str, Any] = {}
    loss = None
    if getattr(model, "compiled", False):
        names = {cls: name for name, cls in OPTIMIZERS.items()}
        optimizer = names.get(type(model.optimizer).__name__)
        if optimizer is not None:
            settings["optimizer"] = optimizer
            with contextlib.suppress(TypeError, ValueError):  # a schedule: keep the default
                settings["learning_rate"] = float(f"{float(model.optimizer.learning_rate):.7g}")
        config = model.get_compile_config() or {}
        if config.get("loss") in LOSSES:
            loss = settings["loss"] = config["loss"]
        metrics = config.get("metrics")
        if isinstance(metrics, list) and all(m in METRICS for m in metrics):
            settings["metrics"] = metrics
    units = model.outputs[0].shape[-1]
    act = entries[outputs[0]].get("activation") if entries else None
    if loss == "binary_crossentropy" or loss is None and act == "sigmoid" and units == 1:
        task, num_classes = "binary", 2
    elif loss in CLASSIFICATION_LOSSES or loss is None and act == "softmax":
        task, num_classes = "multiclass", units if units and units >= 2 else None
    else:
        task, num_classes = "regression", None
    return {"input_shape": shape, "task": task,
            "num_classes": num_classes, "layers": entries}, settings
