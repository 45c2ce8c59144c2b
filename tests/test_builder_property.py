"""Property test: random widget actions and twin calls, valid and invalid values.

Whatever the sequence, no widget action raises into the caller, twins raise only
ValueError (and then leave the spec alone), the rows mirror the spec, and every
valid state's exported code rebuilds the same model as `builder.model`: same
layer types and configs (names aside) and the same parameter count, which is
also what the table shows. Graph edits (connect, disconnect, rewiring through
the inputs field, removing a layer that feeds others) are part of the mix.

Random builder JSON (valid documents mutated, and hostile ones) gives a builder
or a ValueError from `from_json`, nothing else, each well under a second (the
hypothesis deadline, a generous bound).
"""

from __future__ import annotations

import copy
import json

import hypothesis.strategies as st
import ipywidgets as widgets
import keras
import pytest
from hypothesis import HealthCheck, given, settings

from kerasnb.widgets import ModelBuilder
from kerasnb.widgets.builder.layers import KIND_NAMES, KINDS

SHAPES = [(8,), (10, 3), (8, 8, 1), (12,)]
TEXTS = ["2", "3", "1, 2", "2, 2", "-1, 2", "-1", "4, -1", "", "abc", "0", "3, 3, 3", "(2, 2)",
         "__import__('os')", "None"]
FLOATS = st.sampled_from([-0.5, 0.0, 0.1, 0.5, 0.99, 1.0, 1.5]) | st.floats(-1.0, 2.0)
ANY_VALUE = st.integers(-2, 40) | FLOATS | st.sampled_from(TEXTS) | st.booleans() | st.none() \
    | st.sampled_from(["relu", "softmax", "same", "horizontal", "bogus"])


def value_for(w: widgets.Widget) -> st.SearchStrategy:
    """Values a user can put into this widget in the browser."""
    if isinstance(w, widgets.Checkbox):
        return st.booleans()
    if isinstance(w, widgets.Dropdown):
        return st.sampled_from(list(w.options))
    if isinstance(w, widgets.IntText):
        return st.integers(-2, 40)
    if isinstance(w, widgets.FloatText):
        return FLOATS
    if isinstance(w, widgets.TagsInput):
        return st.lists(st.sampled_from(list(w.allowed_tags)), max_size=2, unique=True)
    return st.sampled_from(TEXTS)


def widget_action(b: ModelBuilder, data: st.DataObject) -> None:
    rows = list(b._rows.children)
    choice = data.draw(st.sampled_from(["add", "remove", "up", "down", "kind", "field",
                                        "field", "control", "fix", "code", "inputs",
                                        "graph"]))
    if choice == "add":
        b._add_kind.value = data.draw(st.sampled_from(KIND_NAMES))
        b._add_button.click()
    elif choice == "control":
        name = data.draw(st.sampled_from(sorted(b._controls)))
        b._controls[name].value = data.draw(value_for(b._controls[name]))
    elif choice == "fix":
        fixes = [w for box in b._hints_box.children for w in getattr(box, "children", ())
                 if isinstance(w, widgets.Button)]
        if fixes:
            fixes[data.draw(st.integers(0, len(fixes) - 1))].click()
    elif choice == "code":
        b._code_button.click()
    elif choice == "graph":
        b._graph_button.click()
    elif rows:
        row = rows[data.draw(st.integers(0, len(rows) - 1))]
        if choice in ("remove", "up", "down"):
            getattr(row, choice).click()
        elif choice == "inputs":
            row.inputs.value = data.draw(st.sampled_from(
                ["1", "1, 2", "input", "input, 1", "2, 3", "9", "", "abc", "0", "1,1"]))
        elif choice == "kind":
            row.kind_box.value = data.draw(st.sampled_from(KIND_NAMES))
        elif row.fields:
            name = data.draw(st.sampled_from(sorted(row.fields)))
            row.fields[name].value = data.draw(value_for(row.fields[name]))


def twin_action(b: ModelBuilder, data: st.DataObject) -> None:
    n = len(b.spec)
    index = data.draw(st.integers(-2, n + 1))
    choice = data.draw(st.sampled_from(["add", "remove", "move", "set", "connect",
                                        "disconnect", "merge"]))
    refs = st.sampled_from(["input", 0, 1, 2, -1, 5, "x"])
    before = b.spec
    try:
        if choice == "add":
            kind = data.draw(st.sampled_from([*KIND_NAMES, "Conv3D"]))
            params = KINDS[kind].params if kind in KINDS else ()
            cfg = {p.name: data.draw(ANY_VALUE) for p in params
                   if data.draw(st.booleans())}
            b.add(kind, index=index if data.draw(st.booleans()) else None, **cfg)
        elif choice == "remove":
            b.remove(index)
        elif choice == "move":
            b.move(index, data.draw(st.integers(-2, n + 1)))
        elif choice == "connect":
            b.connect(data.draw(refs), index)
        elif choice == "disconnect":
            b.disconnect(data.draw(refs), index)
        elif choice == "merge":
            kind = data.draw(st.sampled_from(["Add", "Concatenate", "Multiply"]))
            b.add(kind, index=index if data.draw(st.booleans()) else None,
                  inputs=data.draw(st.lists(refs, min_size=1, max_size=3)))
        else:
            name = data.draw(st.sampled_from(["units", "rate", "kernel_size", "filters",
                                              "activation", "kind", "padding", "pool_size",
                                              "return_sequences", "target_shape"]))
            b.set(index, **{name: data.draw(ANY_VALUE | st.sampled_from(KIND_NAMES))})
    except ValueError:
        assert b.spec == before


def layer_configs(model: keras.Model) -> list:
    return [(type(layer).__name__, {k: v for k, v in layer.get_config().items() if k != "name"})
            for layer in model.layers]


def check_state(b: ModelBuilder, checked: set) -> None:
    assert all(isinstance(e, str) for e in b.errors)
    assert not any(e.startswith("Something went wrong") for e in b.errors), b.errors
    assert [r.kind for r in b._rows.children] == [e["kind"] for e in b.spec]
    assert len(b._analysis.rows) == len(b.spec)
    if not b.valid:
        return
    key = b.to_json()
    if key in checked:  # this exact state was already compared
        return
    checked.add(key)
    model = b.model
    namespace: dict = {}
    exec(b.code, namespace)
    rebuilt = namespace["model"]
    assert layer_configs(rebuilt) == layer_configs(model)
    assert rebuilt.count_params() == model.count_params() == sum(b._analysis.params)
    assert rebuilt.loss == model.loss == b.loss


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), shape=st.sampled_from(SHAPES), classes=st.sampled_from([None, 2, 3]))
def test_random_actions_never_raise_and_code_matches_model(data, shape, classes):
    b = ModelBuilder(shape, num_classes=classes)
    checked: set = set()
    check_state(b, checked)
    for _ in range(data.draw(st.integers(1, 8))):
        if data.draw(st.booleans()):
            widget_action(b, data)
        else:
            twin_action(b, data)
        check_state(b, checked)


@pytest.fixture(scope="module")
def base_doc() -> dict:
    """A valid document (and Keras warmed up, so the deadline measures the builder)."""
    text = ModelBuilder((8,), num_classes=3).to_json()
    ModelBuilder.from_json(text)
    return json.loads(text)


def mutated_json(data: st.DataObject, base: dict) -> str:
    """A valid builder document with random parts replaced."""
    base = copy.deepcopy(base)
    junk = st.recursive(st.none() | st.booleans() | st.integers(-10**12, 10**12)
                        | st.floats(allow_nan=True) | st.text(max_size=20),
                        lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                        max_leaves=12)
    for _ in range(data.draw(st.integers(1, 4))):
        where = data.draw(st.sampled_from(["input_shape", "task", "num_classes", "layers",
                                           "compile", "train", "layer", "param", "inputs"]))
        layers = base["layers"] if isinstance(base.get("layers"), list) else []
        if where == "layer" and isinstance(base.get("layers"), list):
            base["layers"].insert(0, data.draw(junk))
        elif where in ("param", "inputs") and layers:
            layer = layers[data.draw(st.integers(0, len(layers) - 1))]
            if isinstance(layer, dict):
                key = where if where == "inputs" else data.draw(st.sampled_from(
                    ["units", "activation", "kind", "rate", "padding", "name", "bogus"]))
                layer[key] = data.draw(junk | st.sampled_from(
                    ["Conv3D", "Add", "MyLayer", "Lambda", "input", 10**9]))
        else:
            base[where] = data.draw(junk)
    return json.dumps(base)


HOSTILE = ["", "[]", "null", '{"format": "kerasnb.ModelBuilder"}', "[" * 100_000,
           '{"format": "kerasnb.ModelBuilder", "input_shape": [4], "layers": '
           + "[" * 5_000 + "]" * 5_000 + "}"]


@settings(max_examples=40, deadline=3_000,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_json_gives_a_builder_or_a_value_error(data, base_doc):
    text = data.draw(st.sampled_from(HOSTILE)) if data.draw(st.integers(0, 5)) == 0 \
        else mutated_json(data, base_doc)
    try:
        b = ModelBuilder.from_json(text)
    except ValueError as e:
        assert len(str(e)) < 2_000
        return
    assert all(isinstance(e, str) for e in b.errors)
    assert [r.kind for r in b._rows.children] == [e["kind"] for e in b.spec]
