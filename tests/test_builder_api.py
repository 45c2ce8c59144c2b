"""knb.ModelBuilder follows the API conventions: its package layout, the view's interface,
the state and history types, guarded callbacks, and old spellings that still work.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import kerasnb as knb
from kerasnb._history import History
from kerasnb.widgets import _guard
from kerasnb.widgets.builder import ModelBuilder
from kerasnb.widgets.builder import widget as widget_module

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kerasnb" / "widgets" / "builder"


def layout_helpers():
    spec = importlib.util.spec_from_file_location("layout", ROOT / "tests" / "test_layout.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_builder_is_one_package_and_keeps_its_import_paths():
    assert knb.ModelBuilder is ModelBuilder
    assert ModelBuilder.__module__ == "kerasnb.widgets.builder.model_builder"
    assert not list((ROOT / "kerasnb" / "widgets").glob("_builder_*.py"))
    for path in PACKAGE.glob("*.py"):
        assert path.read_text(encoding="utf-8").count("\n") <= 400, path.name


def test_importing_the_builder_package_loads_no_keras():
    code = ("import sys; from kerasnb.widgets.builder import ModelBuilder; "
            "print([m for m in ('tensorflow', 'keras', 'plotly', 'matplotlib') "
            "if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stderr


def test_no_import_cycle_touches_the_builder():
    layout = layout_helpers()
    cycles = [c for c in layout._cycles(layout._graph())
              if any(m.startswith("kerasnb.widgets.builder") for m in c)]
    assert cycles == []
    # the layer modules import in one direction: params <- generic <- layers
    graph = layout._graph()
    base = "kerasnb.widgets.builder."
    assert base + "layers" not in graph[base + "params"] | graph[base + "generic"]
    assert base + "generic" not in graph[base + "params"]


def test_the_view_reads_the_builder_only_through_its_public_side():
    """Every ``self._name`` the widget module uses is its own: set or defined there."""
    tree = ast.parse(Path(widget_module.__file__).read_text(encoding="utf-8"))
    own = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id == "self" and node.attr.startswith("_") \
                and not node.attr.startswith("__"):
            if isinstance(node.ctx, ast.Store):
                own.add(node.attr)
            else:
                used.add(node.attr)
    assert used - own == set()
    b = ModelBuilder((4,), num_classes=3)
    # ... and that public side is documented and answers
    for name in ("entries", "analysis", "note", "last_valid", "data", "input_shape"):
        assert getattr(ModelBuilder, name).__doc__, name
    assert [e["kind"] for e in b.entries] == [e["kind"] for e in b.spec]
    with pytest.raises(TypeError):
        b.entries[0]["units"] = 5  # read-only: edits go through the twins
    assert b.last_valid["spec"] == b.spec and len(b.analysis.rows) == len(b.spec)


def test_every_callback_goes_through_the_shared_guard():
    assert widget_module.guarded is _guard.guarded
    x = np.zeros((8, 4), dtype="float32")
    b = ModelBuilder((4,), num_classes=3, data=(x, np.arange(8) % 3))
    b.set(-1, activation="relu")  # an invalid model: the Train click must not raise
    b._train_button.click()
    assert any("Fix the model before training" in e for e in b.errors)
    b._show_error(None)  # the widget's one error hook clears it
    assert not any("Fix the model" in e for e in b.errors)


def test_history_is_a_kerasnb_history_before_and_after_training():
    b = ModelBuilder((4,), num_classes=3)
    assert isinstance(b.history, History) and b.history.epochs == 0
    assert dict(b.history) == {}


def test_state_round_trips_through_json_text():
    b = ModelBuilder((4,), num_classes=3)
    b.add("Dropout", rate=0.25)
    text = b.to_json()
    assert isinstance(text, str) and json.loads(text)["format"] == "kerasnb.ModelBuilder"
    again = ModelBuilder.from_json(text)
    assert again.spec == b.spec and again.to_json() == text
    opened = ModelBuilder.from_model(b.model)
    assert [e["kind"] for e in opened.spec] == [e["kind"] for e in b.spec]
    assert opened.model.count_params() == b.model.count_params()
    assert b.to_json(indent=None).count("\n") == 0
    assert inspect.signature(ModelBuilder.to_json).parameters["indent"].kind == \
        inspect.Parameter.KEYWORD_ONLY


def test_old_positional_indent_of_to_json_warns_and_still_works():
    b = ModelBuilder((4,), num_classes=3)
    with pytest.warns(DeprecationWarning, match=r"to_json\(indent=None\)"):
        assert b.to_json(None) == b.to_json(indent=None)


def test_old_from_json_argument_name_warns_and_still_works():
    text = ModelBuilder((4,), num_classes=3).to_json()
    with pytest.warns(DeprecationWarning, match="`s=` of .*from_json.*`text=`"):
        b = ModelBuilder.from_json(s=text)
    assert b.to_json() == text


def test_public_methods_carry_return_annotations_and_keyword_only_options():
    public = {name: member for c in ModelBuilder.__mro__[:4] for name, member in vars(c).items()
              if not name.startswith("_")}
    for name, member in public.items():
        member = getattr(ModelBuilder, name)
        if not callable(member) or isinstance(member, type):
            continue
        sig = inspect.signature(member)
        assert sig.return_annotation is not inspect.Signature.empty, name
    params = inspect.signature(ModelBuilder.fit).parameters
    assert [p for p, v in params.items() if v.kind == v.POSITIONAL_OR_KEYWORD] == \
        ["self", "x", "y"]
    params = inspect.signature(ModelBuilder).parameters
    assert [p for p, v in params.items() if v.kind == v.POSITIONAL_OR_KEYWORD] == \
        ["input_shape"]
