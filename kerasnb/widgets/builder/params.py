"""Layer parameters as the model builder edits them: types, ranges and their checks.

A `Param` checks one value and returns it in canonical, JSON-able form, or
raises a ValueError naming the parameter; a `Kind` is one layer type with its
parameters. Text a user types ("3, 3") is parsed, never evaluated.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..._validate import bad_value, check_bool, check_limit, is_int, is_real

# Widget class (ipywidgets) used to edit each parameter type.
WIDGETS = {"int": "IntText", "float": "FloatText", "choice": "Dropdown", "bool": "Checkbox",
           "size": "Text", "shape": "Text", "text": "Text", "json": "Text", "layer": "Text",
           "input_shape": "Text"}
_ACTIVATION_ALIASES = {None: "linear", "swish": "silu"}
_INT_TEXT = re.compile(r"^\s*[\(\[]?\s*(-?\d+\s*(?:,\s*-?\d+\s*)*),?\s*[\)\]]?\s*$")
_SHAPE_TEXT = re.compile(r"^\s*[\(\[]?\s*((?:-?\d+|None)\s*(?:,\s*(?:-?\d+|None)\s*)*),?\s*"
                         r"[\)\]]?\s*$")
_MAX_TEXT = 1_000  # characters of a free-text or JSON parameter
_MAX_JSON_DEPTH = 8
_WIDTHS = {"units", "filters", "num_heads", "key_dim", "value_dim", "input_dim", "output_dim",
           "head_dim", "num_tokens", "depth_multiplier", "max_tokens", "num_bins", "n",
           "num_query_heads", "num_key_value_heads"}


@dataclass(frozen=True)
class Param:
    """One constructor argument of a layer kind, as the builder edits it.

    ``type`` is "int", "float", "choice", "bool", "size" (an int, or ``ndim``
    ints, e.g. a kernel size), "shape" (a tuple of ints, one may be -1),
    "input_shape" (positive ints or None), "text", "json" (any JSON value, e.g.
    an initializer's config) or "layer" (a nested spec entry, for wrappers).
    Bounds ``low``/``high`` are inclusive unless ``open_low``/``open_high``.
    """

    name: str
    type: str
    default: Any
    low: float | None = None
    high: float | None = None
    open_low: bool = False
    open_high: bool = False
    choices: tuple = ()
    ndim: int = 1
    allow_none: bool = False

    @property
    def widget(self) -> str:
        return WIDGETS[self.type]

    def check(self, value: Any) -> Any:
        """The value in canonical, JSON-able form, or a ValueError naming the parameter."""
        return _CHECKS[self.type](self, value)


def _expected_int(p: Param) -> str:
    if p.low is None and p.high is None:
        return "an integer"
    if p.low == 1 and p.high is None:
        return "a positive integer"
    if p.high is None:
        return f"an integer >= {p.low:g}"
    return f"an integer between {p.low:g} and {p.high:g}"


def _check_int(p: Param, value: Any) -> int:
    if p.allow_none and value is None:
        return None
    ok = is_int(value)
    if ok and (p.low is not None and value < p.low or p.high is not None and value > p.high):
        ok = False
    if not ok:
        raise bad_value(p.name, _expected_int(p), value)
    if p.name in _WIDTHS:
        check_limit("units", p.name, int(value))
    return int(value)


def _check_float(p: Param, value: Any) -> float:
    ok = is_real(value)
    v = float(value) if ok else math.nan
    if ok and not math.isfinite(v):
        ok = False
    if ok and p.low is not None and (v < p.low or p.open_low and v == p.low):
        ok = False
    if ok and p.high is not None and (v > p.high or p.open_high and v == p.high):
        ok = False
    if not ok:
        if p.low is None and p.high is None:
            expected = "a finite number"
        elif p.high is None:
            expected = f"a number {'>' if p.open_low else '>='} {p.low:g}"
        else:
            expected = (f"a number in {'(' if p.open_low else '['}{p.low:g}, "
                        f"{p.high:g}{')' if p.open_high else ']'}")
        raise bad_value(p.name, expected, value)
    return v


def _check_choice(p: Param, value: Any) -> str:
    if p.name == "activation" and (value is None or value == "swish" and value not in
                                   p.choices):
        value = _ACTIVATION_ALIASES[value]
    if not isinstance(value, str) or value not in p.choices:
        raise bad_value(p.name, "one of " + ", ".join(repr(c) for c in p.choices), value)
    return value


def _check_bool(p: Param, value: Any) -> bool:
    return check_bool(p.name, value)


def ints_from(value: Any) -> list | None:
    """Integers from an int, a sequence of ints or a text like "3, 3" (parsed, never evaluated)."""
    if isinstance(value, str):
        m = _INT_TEXT.match(value) if len(value) <= _MAX_TEXT else None
        return None if m is None else [int(t) for t in m.group(1).split(",")]
    if is_int(value):
        return [int(value)]
    if isinstance(value, (list, tuple)) and value and len(value) <= 16 and all(
            is_int(v) for v in value):
        return [int(v) for v in value]
    return None


def _check_size(p: Param, value: Any) -> int | list | None:
    if p.allow_none and (value is None or isinstance(value, str) and value.strip()
                         in ("", "None", "none")):
        return None
    ints = ints_from(value)
    if ints is None or len(ints) not in (1, p.ndim) or min(ints) < 1 or max(ints) > 100_000:
        example = "3" if p.ndim == 1 else "(3, 3)" if p.ndim == 2 else "(3, 3, 3)"
        expected = ("a positive integer" if p.ndim == 1
                    else f"a positive integer or {p.ndim} positive integers like {example}")
        if p.allow_none:
            expected += " (or None)"
        raise bad_value(p.name, expected, value)
    if len(set(ints)) == 1:
        return ints[0]
    return ints


def _check_shape(p: Param, value: Any) -> list:
    ints = ints_from(value)
    if ints is None or any(v == 0 or v < -1 or v > 10_000_000 for v in ints) \
            or ints.count(-1) > 1:
        raise bad_value(p.name, "a tuple of positive integers (one may be -1) like (7, 7, 64)",
                        value)
    return ints


def input_shape_of(name: str, value: Any, *, text: bool = False) -> tuple:
    """A sample shape: positive ints or None (with ``text``, "None, 8" too), at most 8 axes."""
    if isinstance(value, str) and text:
        m = _SHAPE_TEXT.match(value) if len(value) <= _MAX_TEXT else None
        value = None if m is None else [None if t.strip() == "None" else int(t)
                                        for t in m.group(1).split(",")]
    if is_int(value):
        value = (value,)
    ok = isinstance(value, (tuple, list)) and 0 < len(value) <= 8 and all(
        d is None or is_int(d) and 0 < d <= 10_000_000 for d in value)
    if not ok:
        raise bad_value(name, "a tuple of positive integers like (28, 28, 1) (the shape of "
                        "one sample, without the batch axis)", value)
    return tuple(None if d is None else int(d) for d in value)


def _check_input_shape(p: Param, value: Any) -> list:
    return list(input_shape_of(p.name, value, text=True))


def _check_text(p: Param, value: Any) -> str | None:
    if value is None and p.default is None:
        return None
    if not isinstance(value, str) or len(value) > _MAX_TEXT:
        raise bad_value(p.name, f"a string of at most {_MAX_TEXT} characters", value)
    return value


def _depth(value: Any, limit: int) -> bool:
    """True when ``value`` nests no deeper than ``limit`` (iterative: no recursion)."""
    todo = [(value, 0)]
    while todo:
        v, d = todo.pop()
        if d > limit:
            return False
        if isinstance(v, Mapping):
            todo.extend((x, d + 1) for x in v.values())
        elif isinstance(v, (list, tuple)):
            todo.extend((x, d + 1) for x in v)
    return True


def json_value(name: str, value: Any) -> Any:
    """A small JSON value (parsed from text when given as text that looks like JSON)."""
    if isinstance(value, str) and value.strip()[:1] in ("{", "[") or value in ("null", "None"):
        if len(value) > _MAX_TEXT:
            raise bad_value(name, f"a JSON value of at most {_MAX_TEXT} characters", value)
        try:
            value = None if value == "None" else json.loads(value)
        except ValueError:
            raise bad_value(name, "a JSON value (numbers, strings, lists, null)", value) from None
    if not _depth(value, _MAX_JSON_DEPTH):
        raise bad_value(name, f"a JSON value nested at most {_MAX_JSON_DEPTH} deep", value)
    try:
        text = json.dumps(value)
    except (TypeError, ValueError):
        raise bad_value(name, "a JSON-able value (numbers, strings, lists, dicts, None)",
                        value) from None
    if len(text) > 20 * _MAX_TEXT:
        raise bad_value(name, "a JSON value of at most 20,000 characters", value)
    return json.loads(text)  # tuples become lists: the canonical form


def _check_json(p: Param, value: Any) -> Any:
    if isinstance(value, str) and value.strip()[:1] not in ("{", "["):
        value = value.strip()
        if value in ("", "None", "null"):
            return None
        ints = ints_from(value)
        if ints is not None:
            return ints[0] if len(ints) == 1 and "," not in value else ints
        try:
            return float(value) if re.fullmatch(r"-?\d*\.\d+(e-?\d+)?", value) else value
        except ValueError:
            return value
    return json_value(p.name, value)


def _check_layer(p: Param, value: Any) -> dict:
    """A nested layer's raw form; `layers.normalize` checks the layer itself."""
    value = json_value(p.name, value)
    if not isinstance(value, Mapping) or "kind" not in value:
        raise bad_value(p.name, "a layer like {'kind': 'LSTM', 'units': 8}", value)
    if {"inputs", "name"} & set(value):
        raise bad_value(p.name, "a layer without inputs or name of its own", value)
    return dict(value)


_CHECKS: dict[str, Callable[[Param, Any], Any]] = {
    "int": _check_int, "float": _check_float, "choice": _check_choice, "bool": _check_bool,
    "size": _check_size, "shape": _check_shape, "input_shape": _check_input_shape,
    "text": _check_text, "json": _check_json, "layer": _check_layer,
}


def size_tuple(value: Any, ndim: int) -> tuple:
    return tuple(value) if isinstance(value, list) else (value,) * ndim


def no_weights(cfg: Mapping, shape: tuple) -> tuple[int, int]:
    return 0, 0


@dataclass(frozen=True)
class Kind:
    """A layer kind: its parameters, where it fits and how many weights it has.

    ``rank`` is the rank of the sample shape (batch axis excluded) the layer
    needs, or None for any. ``positional`` leading parameters are written
    positionally in generated code (``layers.Dense(64, ...)``). ``weights``
    counts (trainable, non-trainable) weights from the entry and the input
    shape; None means Keras builds the layer to count them. ``extra`` are
    parameters kept in an entry only when they differ from the default.
    """

    name: str
    params: tuple[Param, ...] = ()
    rank: int | None = None
    family: str = "other"
    positional: int = 0
    weights: Callable[[Mapping, tuple], tuple[int, int]] | None = no_weights
    extra: tuple[Param, ...] = ()
    generic: bool = False
