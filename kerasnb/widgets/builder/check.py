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
from dataclasses import dataclass, field

from ..._validate import LIMITS
from .graph import INPUT, inputs_of, wiring_problem
from .layers import KINDS
from .shapes import PASS_SHAPE, check_layer, fmt_shape  # noqa: F401
from .task import CLASSIFICATION_LOSSES

# Kinds that keep the values' meaning (the output activation shows through them).
_PASS_VALUES = {"Dropout", "Flatten", "Reshape"}
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
    outputs: list[int] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def params(self) -> tuple[int, int]:
        return (sum(r.trainable for r in self.rows), sum(r.non_trainable for r in self.rows))


def _family(kind: str) -> str:
    return KINDS[kind].family if kind in KINDS else "other"


def source(spec: list, i: int) -> int | None:
    """The one layer that feeds layer i (None: the input, or several inputs)."""
    refs = inputs_of(spec, i)
    return refs[0] if len(refs) == 1 and refs[0] != INPUT and refs[0] < i else None


def _before(spec: list, i: int) -> int | None:
    """The nearest layer feeding i that changes the shape (None: the input)."""
    j = source(spec, i)
    while j is not None and spec[j]["kind"] in PASS_SHAPE:
        j = source(spec, j)
    return j


def _rank_advice(spec: list, i: int, s: tuple) -> tuple[str, Hint | None]:
    if spec[i]["kind"] not in KINDS:
        return "", None
    kind = KINDS[spec[i]["kind"]]
    label = f"layer {i + 1}"
    if kind.rank == 2 and len(s) == 1:
        j = _before(spec, i)
        if j is not None and _family(spec[j]["kind"]) == "recurrent":
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
    src = source(spec, i)
    if len(s) < 2 or (src is not None and spec[src]["kind"] == "Dense"):
        return None
    j = _before(spec, i)
    family = None if j is None else _family(spec[j]["kind"])
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


def _output_checks(spec: list, out: int, s: tuple, loss: str, num_classes: int | None,
                   result: Analysis) -> None:
    """Does the loss fit the output layer? Errors point at the output row."""
    j = out
    while spec[j]["kind"] in _PASS_VALUES and source(spec, j) is not None:
        j = source(spec, j)
    entry = spec[j]
    act = entry.get("activation")
    label = f"Layer {j + 1} ({entry['kind']})"
    last = f"Layer {out + 1} ({spec[out]['kind']})"
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


SHARED_CACHE: dict = {}  # (entry JSON, input shapes) -> result; plain data, no layers


_TEXTS: dict[int, tuple[dict, str]] = {}  # id(entry) -> (entry, its JSON): edits replace


def _key(entry: dict, shapes: list) -> tuple:
    """The cache key: the layer's settings (not its wiring or name) and its input shapes."""
    known = _TEXTS.get(id(entry))
    if known is None or known[0] is not entry or known[0].get("kind") != entry.get("kind"):
        cfg = {k: v for k, v in entry.items() if k not in ("inputs", "name")}
        if len(_TEXTS) > 8 * _CACHE_LIMIT:
            _TEXTS.clear()
        known = _TEXTS[id(entry)] = (entry, json.dumps(cfg, sort_keys=True))
    return known[1], tuple(shapes)


def _embedding_problem(spec: list, i: int) -> str | None:
    refs = inputs_of(spec, i)
    if all(r == INPUT or spec[r]["kind"] == "Input" for r in refs):
        return None
    return ("Embedding turns integer token ids into vectors, so it must take a model input "
            "directly (be the first layer).")


def analyze(input_shape: tuple, spec: list, *, loss: str, num_classes: int | None,
            cache: dict | None = None) -> Analysis:
    """Check a spec on an input shape (no batch axis) for a loss."""
    cache = SHARED_CACHE if cache is None else cache
    if len(cache) > _CACHE_LIMIT:
        cache.clear()
    result = Analysis()
    main = tuple(input_shape)
    shapes: list[tuple | None] = []
    for i, entry in enumerate(spec):
        if entry["kind"] == "Input":
            shapes.append(tuple(entry["shape"]))
            result.rows.append(Row((None, *entry["shape"])))
            continue
        problem = wiring_problem(spec, i)
        refs = inputs_of(spec, i)
        ins = [] if problem else [main if r == INPUT else shapes[r] for r in refs]
        if problem is None and any(s is None for s in ins):
            result.rows.append(Row(None))  # an earlier layer failed: nothing to say here
            shapes.append(None)
            continue
        out, trainable, non_trainable = None, 0, 0
        if problem is None:
            key = _key(entry, ins)
            if key not in cache:
                cache[key] = check_layer(entry, ins)
            out, trainable, non_trainable, problem = cache[key]
        if problem is None and entry["kind"] == "Embedding":
            problem = _embedding_problem(spec, i)
        if problem is not None:
            advice, hint = _rank_advice(spec, i, ins[0]) if out is None and len(ins) == 1 \
                else ("", None)
            message = f"Layer {i + 1} ({entry['kind']}): {problem}" + (
                f" {advice}" if advice else "")
            result.errors.append(message)
            if hint is not None:
                result.hints.append(hint)
            result.rows.append(Row(None, error=message))
            shapes.append(None)
            continue
        if entry["kind"] == "Dense":
            hint = _dense_hint(spec, i, ins[0])
            if hint is not None:
                result.hints.append(hint)
        result.rows.append(Row(out, trainable, non_trainable))
        shapes.append(out[1:])
    _model_checks(spec, shapes, loss, num_classes, result)
    return result


def _model_checks(spec: list, shapes: list, loss: str, num_classes: int | None,
                  result: Analysis) -> None:
    """What concerns the whole model: outputs, unused inputs, the parameter limit."""
    if not spec:
        result.errors.append("The model has no layers yet: add at least one.")
        return
    wiring = [inputs_of(spec, j) for j in range(len(spec))]
    used = {r for refs in wiring for r in refs}
    outputs = [i for i, e in enumerate(spec) if i not in used and e["kind"] != "Input"]
    result.outputs = outputs
    if not outputs:
        result.errors.append("The model has no output layer: every layer feeds another one.")
    for i, entry in enumerate(spec):
        if entry["kind"] == "Input" and i not in used:
            result.errors.append(f"Layer {i + 1} (Input): no layer takes this input. Pick it in "
                                 f"a layer's inputs, or remove it.")
    if INPUT not in used:
        result.errors.append("No layer takes the model's input: pick 'input' in a layer's "
                             "inputs, or remove the layers of kind Input before it.")
    if result.errors:
        return
    total = sum(result.params)
    if total > LIMITS["params"]:
        result.errors.append(
            f"The model has {total:,} parameters, over kerasnb's limit of "
            f"{LIMITS['params']:,} for params. To allow more, call "
            f"kerasnb.set_limits(params={total}).")
        return
    if len(outputs) == 1:  # several outputs: one loss for all, no per-head advice
        _output_checks(spec, outputs[0], shapes[outputs[0]], loss, num_classes, result)
    if outputs:
        result.output_shape = (None, *shapes[outputs[-1]])
