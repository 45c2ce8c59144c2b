"""Validation of a builder spec: shapes and parameter counts per layer, plain-language
errors that point at the row, and hints that carry a fix.

Shapes come from Keras itself (`Layer.compute_output_shape` on the input shape,
no weights created; layers that keep the shape, like Dropout, are not built at
all); parameter counts from the catalogue. Each layer's result is cached by
(entry, input shape) in a bounded cache shared by all builders, so an edit only
recomputes the layers whose configuration or input actually changed.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from ._builder_layers import KINDS, _no_weights, _size, make_layer
from ._builder_task import CLASSIFICATION_LOSSES

# Kinds that keep the values' meaning (the output activation shows through them).
_PASS_VALUES = {"Dropout", "Flatten", "Reshape"}
# Kinds that keep the shape (for "what came before" questions).
_PASS_SHAPE = {"Dropout", "BatchNormalization", "LayerNormalization", "Activation", "Rescaling",
               "RandomFlip", "RandomRotation", "RandomZoom", "RandomContrast"}
_CACHE_LIMIT = 4096


@dataclass
class Row:
    """One line of the shape/parameter table."""

    shape: tuple | None
    trainable: int = 0
    non_trainable: int = 0
    error: str | None = None


@dataclass
class Hint:
    """A suggestion with an optional fix: ("insert", i, entry) or ("set", i, cfg)."""

    message: str
    label: str | None = None
    fix: tuple | None = None


@dataclass
class Analysis:
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    hints: list[Hint] = field(default_factory=list)
    output_shape: tuple | None = None

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def params(self) -> tuple[int, int]:
        return (sum(r.trainable for r in self.rows), sum(r.non_trainable for r in self.rows))


def fmt_shape(shape: tuple) -> str:
    inner = ", ".join("None" if d is None else str(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def _size_text(size: Any) -> str:
    return str(size) if not isinstance(size, list) else "x".join(map(str, size))


def _check_layer(entry: dict, s: tuple) -> tuple:
    """(output shape, trainable, non-trainable, problem) for one layer on sample shape s."""
    kind = KINDS[entry["kind"]]
    shown = fmt_shape((None, *s))
    if kind.rank is not None and len(s) != kind.rank:
        what = {3: "images of shape (height, width, channels)",
                2: "sequences of shape (steps, features)"}[kind.rank]
        return None, 0, 0, f"it works on {what}, but its input has shape {shown}."
    if kind.weights is not _no_weights and kind.family != "embedding" and s[-1] is None:
        return None, 0, 0, (f"it needs to know the size of the last axis of its input, but "
                            f"that is None in {shown}.")
    size_name = "kernel_size" if "kernel_size" in entry else "pool_size"
    if size_name in entry and entry["padding"] == "valid":
        spatial = s[:-1]
        size = _size(entry[size_name], len(spatial))
        if any(n is not None and k > n for k, n in zip(size, spatial, strict=True)):
            where = "x".join("?" if n is None else str(n) for n in spatial)
            where = f"input of length {where}" if len(spatial) == 1 else f"{where} input"
            return None, 0, 0, (f"{size_name} {_size_text(entry[size_name])} is larger than its "
                                f"{where}. Use a smaller {size_name}, padding='same', or fewer "
                                f"pooling layers before it.")
    if entry["kind"] == "Reshape" and None not in s:
        target = entry["target_shape"]
        have, want = math.prod(s), math.prod(d for d in target if d != -1)
        if (have != want) if -1 not in target else (have % want):
            return None, 0, 0, (f"it cannot arrange the {have} values of its input {shown} "
                                f"as target_shape {fmt_shape(tuple(target))}.")
    if entry["kind"] in _PASS_SHAPE:  # shape in = shape out; skip building the layer
        return ((None, *s), *kind.weights(entry, s), None)
    try:
        out = tuple(make_layer(entry).compute_output_shape((None, *s)))
    except Exception as e:  # Keras' own verdict, first line only
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        return None, 0, 0, f"Keras cannot apply it to input {shown}: {first}"
    if any(d is not None and d <= 0 for d in out[1:]):
        return None, 0, 0, f"its output {fmt_shape(out)} would be empty."
    return (out, *kind.weights(entry, s), None)


def _before(spec: list, i: int) -> int | None:
    """Index of the nearest layer before i that changes the shape (None: the input)."""
    j = i - 1
    while j >= 0 and spec[j]["kind"] in _PASS_SHAPE:
        j -= 1
    return j if j >= 0 else None


def _rank_advice(spec: list, i: int, s: tuple) -> tuple[str, Hint | None]:
    kind = KINDS[spec[i]["kind"]]
    label = f"layer {i + 1}"
    if kind.rank == 2 and len(s) == 1:
        j = _before(spec, i)
        if j is not None and KINDS[spec[j]["kind"]].family == "recurrent":
            text = (f"Set return_sequences=True on layer {j + 1} ({spec[j]['kind']}) so it "
                    f"passes on the whole sequence.")
            return text, Hint(text, f"Set return_sequences=True on layer {j + 1}",
                              ("set", j, {"return_sequences": True}))
        target = [s[0], 1] if s[0] is not None else None
    elif kind.rank == 3 and len(s) == 2:
        target = [*s, 1] if None not in s else None
    elif kind.rank == 2 and len(s) == 3:
        target = [s[0], s[1] * s[2]] if None not in s else None
    else:
        return "", None
    if target is None:
        return "", None
    text = f"Insert Reshape({tuple(target)}) before {label}."
    return text, Hint(text, f"Insert Reshape before {label}",
                      ("insert", i, {"kind": "Reshape", "target_shape": target}))


def _dense_hint(spec: list, i: int, s: tuple) -> Hint | None:
    """Dense on feature maps or unflattened samples: offer to insert Flatten."""
    if len(s) < 2 or (i > 0 and spec[i - 1]["kind"] == "Dense"):
        return None
    j = _before(spec, i)
    family = None if j is None else KINDS[spec[j]["kind"]].family
    if family in ("embedding", "recurrent", "reshape", "dense"):
        return None
    shown = fmt_shape((None, *s))
    if family in ("conv", "pool"):
        why = (f"comes after {spec[j]['kind']} without a Flatten: it gets feature maps "
               f"{shown} and works on each position separately")
    else:
        why = f"gets samples of shape {shown} and works on their last axis only"
    text = (f"Layer {i + 1} (Dense) {why}, so the model does not end with one prediction per "
            f"sample. Insert a Flatten layer before it.")
    return Hint(text, f"Insert Flatten before layer {i + 1}", ("insert", i, {"kind": "Flatten"}))


def _output_checks(spec: list, s: tuple, loss: str, num_classes: int | None,
                   result: Analysis) -> None:
    """Does the loss fit the output layer? Errors point at the output row."""
    j = len(spec) - 1
    while j > 0 and spec[j]["kind"] in _PASS_VALUES:
        j -= 1
    entry = spec[j]
    act = entry.get("activation")
    label = f"Layer {j + 1} ({entry['kind']})"
    last = f"Layer {len(spec)} ({spec[-1]['kind']})"
    units = s[-1]
    dense_out = entry["kind"] == "Dense"

    def problem(message: str, fix_label: str | None = None, cfg: dict | None = None) -> None:
        result.errors.append(message)
        if cfg is not None and dense_out:
            result.hints.append(Hint(message, fix_label, ("set", j, cfg)))

    if loss in CLASSIFICATION_LOSSES:
        if len(s) != 1:
            result.errors.append(
                f"{last}: the model ends with shape {fmt_shape((None, *s))}, but {loss} needs "
                f"one prediction per sample, shape (None, classes). Add Flatten or a global "
                f"pooling layer before the last Dense layer.")
            return
        if loss == "binary_crossentropy":
            if units != 1:
                problem(f"{label}: binary_crossentropy needs one output unit (the probability "
                        f"of class 1), but the model ends with {units} outputs. Set units=1, or "
                        f"use loss 'sparse_categorical_crossentropy' for {units} classes.",
                        f"Make layer {j + 1} Dense(1, activation='sigmoid')",
                        {"units": 1, "activation": "sigmoid"})
            elif act is not None and act != "sigmoid":
                problem(f"{label}: binary_crossentropy needs a probability between 0 and 1, "
                        f"but activation={act!r} does not give one. Use activation='sigmoid'.",
                        f"Use activation='sigmoid' on layer {j + 1}", {"activation": "sigmoid"})
            return
        if units is not None and units < 2:
            problem(f"{label}: {loss} needs one output per class (at least 2), but the model "
                    f"ends with {units} output. Set units to the number of classes, or use loss "
                    f"'binary_crossentropy' with a sigmoid output for two classes.",
                    f"Make layer {j + 1} Dense({num_classes}, activation='softmax')"
                    if num_classes else None,
                    {"units": num_classes, "activation": "softmax"} if num_classes else None)
        elif num_classes is not None and units != num_classes:
            problem(f"{label}: {loss} needs {num_classes} outputs (one per class), but the "
                    f"model ends with {units}. Set units={num_classes}.",
                    f"Set units={num_classes} on layer {j + 1}", {"units": num_classes})
        elif act is not None and act != "softmax":
            problem(f"{label}: {loss} needs class probabilities that sum to 1, but "
                    f"activation={act!r} does not give them. Use activation='softmax'.",
                    f"Use activation='softmax' on layer {j + 1}", {"activation": "softmax"})
    elif act in ("sigmoid", "tanh") and dense_out:
        text = (f"{label}: activation={act!r} limits predictions to "
                f"{'(0, 1)' if act == 'sigmoid' else '(-1, 1)'}; regression outputs are usually "
                f"linear. Use activation='linear' unless your targets lie in that range.")
        result.hints.append(Hint(text, f"Use activation='linear' on layer {j + 1}",
                                 ("set", j, {"activation": "linear"})))
    elif act == "softmax":
        problem(f"{label}: softmax makes the outputs sum to 1 (one softmax unit always outputs "
                f"1), which does not fit the regression loss {loss}. Use activation='linear'.",
                f"Use activation='linear' on layer {j + 1}", {"activation": "linear"})


SHARED_CACHE: dict = {}  # (entry JSON, input shape) -> result; plain data, no layers


def analyze(input_shape: tuple, spec: list, *, loss: str, num_classes: int | None,
            cache: dict | None = None) -> Analysis:
    """Check a spec on an input shape (no batch axis) for a loss."""
    cache = SHARED_CACHE if cache is None else cache
    if len(cache) > _CACHE_LIMIT:
        cache.clear()
    result = Analysis()
    s: tuple | None = tuple(input_shape)
    for i, entry in enumerate(spec):
        if s is None:  # an earlier layer failed: nothing to say about this one
            result.rows.append(Row(None))
            continue
        key = (json.dumps(entry, sort_keys=True), s)
        if key not in cache:
            cache[key] = _check_layer(entry, s)
        out, trainable, non_trainable, problem = cache[key]
        if problem is None and entry["kind"] == "Embedding" and i > 0:
            problem = ("Embedding turns integer token ids into vectors, so it must be the "
                       "first layer.")
        if problem is not None:
            advice, hint = _rank_advice(spec, i, s) if out is None else ("", None)
            message = f"Layer {i + 1} ({entry['kind']}): {problem}" + (
                f" {advice}" if advice else "")
            result.errors.append(message)
            if hint is not None:
                result.hints.append(hint)
            result.rows.append(Row(None, error=message))
            s = None
            continue
        if entry["kind"] == "Dense":
            hint = _dense_hint(spec, i, s)
            if hint is not None:
                result.hints.append(hint)
        result.rows.append(Row(out, trainable, non_trainable))
        s = out[1:]
    if not spec:
        result.errors.append("The model has no layers yet: add at least one.")
    elif s is not None:
        result.output_shape = (None, *s)
        _output_checks(spec, s, loss, num_classes, result)
    return result
