"""show_model, summary and the layered layout behind the diagram."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from test_viz_models import HOSTILE, branchy_model, trained_cnn

keras = pytest.importorskip("keras")
from keras import layers  # noqa: E402

import kerasnb as knb  # noqa: E402
from kerasnb.viz._layout import _crossings, layered  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[1]


def _layer_boxes(svg: str) -> list[ET.Element]:
    """Parsing proves the SVG is well-formed XML: an unescaped name would break it."""
    tree = ET.fromstring(svg)
    return [g for g in tree.iter(f"{SVG}g") if g.get("class") == "kerasnb-layer"]


def test_sequential_diagram_has_a_box_per_layer_and_a_chain_of_edges():
    model = trained_cnn()
    diagram = knb.show_model(model)
    names = [g.get("data-name") for g in _layer_boxes(diagram.svg)]
    assert names == ["input"] + [layer.name for layer in model.layers]
    assert len(diagram.graph.edges) == len(model.layers)
    conv = diagram.graph.boxes["conv1"]
    assert conv.type == "Conv2D" and conv.shape == "(None, 26, 26, 6)" and conv.params == 60
    assert "(None, 26, 26, 6)" in diagram.svg and "60 params" in diagram.svg
    bundle = diagram._repr_mimebundle_()
    assert bundle["image/svg+xml"] == diagram.svg and "ModelDiagram" in bundle["text/plain"]


def test_functional_branches_shared_layer_and_collapsed_nested_model():
    model = branchy_model()
    graph = knb.show_model(model).graph
    assert set(graph.boxes) == {"left", HOSTILE, "shared", "merge", "score", "inner"}
    assert graph.boxes["inner"].kind == "model" and graph.boxes["inner"].params == 5 * 3 + 3 + 3 * 2 + 2
    # the shared layer is one box with two incoming and two outgoing arrows
    assert sorted(e for e in graph.edges if "shared" in e) == sorted([
        ("left", "shared"), (HOSTILE, "shared"), ("shared", "merge"), ("shared", "inner")])
    assert ("merge", "score") in graph.edges


def test_expand_nested_opens_the_inner_model_inside_a_frame():
    diagram = knb.show_model(branchy_model(), expand_nested=True)
    graph = diagram.graph
    assert "inner" not in graph.boxes
    assert {"inner/inner_hidden", "inner/inner_out"} <= set(graph.boxes)
    assert ("shared", "inner/inner_hidden") in graph.edges
    assert ("inner/inner_hidden", "inner/inner_out") in graph.edges
    assert graph.boxes["inner/inner_out"].group == "inner"
    frames = [g for g in ET.fromstring(diagram.svg).iter(f"{SVG}g")
              if g.get("class") == "kerasnb-nested"]
    assert len(frames) == 1


def test_nested_sequential_expands_into_a_chain():
    inner = keras.Sequential([layers.Dense(3, name="a"), layers.Dense(2, name="b")], name="seq")
    x = keras.Input((4,))
    model = keras.Model(x, layers.Dense(1, name="head")(inner(x)))
    collapsed = knb.show_model(model).graph
    assert collapsed.boxes["seq"].kind == "model"
    opened = knb.show_model(model, expand_nested=True).graph
    assert ("seq/a", "seq/b") in opened.edges and ("seq/b", "head") in opened.edges


def test_hostile_names_are_escaped_in_the_svg():
    diagram = knb.show_model(branchy_model())
    assert "<script>" not in diagram.svg
    assert "&lt;script&gt;" in diagram.svg
    assert HOSTILE in [g.get("data-name") for g in _layer_boxes(diagram.svg)]


def test_thirty_layer_model_stays_readable():
    model = keras.Sequential([keras.Input((16,))] + [layers.Dense(8, name=f"dense_{i}")
                                                    for i in range(32)])
    diagram = knb.show_model(model)
    lay = diagram.layout
    tops = sorted(lay.y.values())
    assert len(tops) == 33 and all(b - a >= 58 for a, b in pairwise(tops))
    assert len({round(v) for v in lay.x.values()}) == 1  # a straight column, no zig-zag
    assert diagram.box_width <= 340


def test_unbuilt_sequential_and_subclassed_models_still_draw():
    unbuilt = knb.show_model(keras.Sequential([layers.Dense(3), layers.Dense(1)]))
    assert [b.params for b in unbuilt.graph.boxes.values()] == [None, None]
    assert "? params" in unbuilt.svg and len(unbuilt.graph.edges) == 1

    class Twice(keras.Model):
        def __init__(self):
            super().__init__(name="twice")
            self.first, self.second = layers.Dense(4), layers.Dense(1)

        def call(self, x):
            return self.second(self.first(x))

    model = Twice()
    model(np.zeros((1, 3), "float32"))
    diagram = knb.show_model(model)
    assert len(diagram.graph.boxes) == 2 and not diagram.graph.edges
    assert "subclassed" in diagram.graph.note


def test_layer_with_unserialisable_arguments_uses_the_tensor_history():
    class Scale(layers.Layer):
        def __init__(self, table, **kwargs):
            super().__init__(**kwargs)
            self.table = table

        def call(self, x):
            return x * 2.0

    x = keras.Input((3,), name="x")
    hidden = layers.Dense(3, name="hidden")(x)
    model = keras.Model(x, layers.Add(name="add")([Scale(np.ones(3), name="scale")(hidden), hidden]))
    with pytest.raises(NotImplementedError):
        model.get_config()
    graph = knb.show_model(model).graph
    assert sorted(graph.edges) == sorted([("x", "hidden"), ("hidden", "scale"), ("hidden", "add"),
                                          ("scale", "add")])


def test_show_model_rejects_non_models():
    with pytest.raises(ValueError, match="`model` must be a keras.Model"):
        knb.show_model("model.keras")
    with pytest.raises(ValueError, match="`expand_nested` must be True or False"):
        knb.show_model(trained_cnn(), expand_nested="yes")


def test_diagram_saves_as_svg(tmp_path):
    diagram = knb.show_model(trained_cnn())
    path = diagram.save(tmp_path / "model.svg")
    assert Path(path).read_text(encoding="utf-8") == diagram.svg
    with pytest.raises(ValueError, match=r"`path` must end in \.svg"):
        diagram.save(tmp_path / "model.png")


@pytest.mark.slow
def test_show_model_works_with_graphviz_and_pydot_absent(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        for name in ("pydot", "pydotplus", "graphviz", "pygraphviz"):
            sys.modules[name] = None  # any import of them now fails
        import keras
        from keras import layers
        import kerasnb as knb
        try:
            import pydot  # noqa: F401
        except ImportError:
            pass
        else:
            raise SystemExit("pydot still importable")
        x = keras.Input((8,))
        h = layers.Dense(4)(x)
        model = keras.Model(x, layers.Add()([layers.Dense(4)(h), h]))
        diagram = knb.show_model(model)
        open({str(tmp_path / "out.svg")!r}, "w").write(diagram.svg)
        print(len(diagram.graph.boxes), len(diagram.graph.edges))
    """)
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "TF_ENABLE_ONEDNN_OPTS": "0"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-2:] == ["4", "4"]
    assert _layer_boxes((tmp_path / "out.svg").read_text())


def test_importing_viz_loads_no_heavy_library():
    code = ("import sys, kerasnb.viz, kerasnb as knb; knb.show_model; "
            "print(sorted(m for m in ('tensorflow', 'keras', 'plotly', 'matplotlib') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# ----- layout -----------------------------------------------------------------------------


def test_layout_ranks_a_diamond_and_routes_a_skip_edge_through_its_ranks():
    keys = ["in", "a", "b", "out"]
    edges = [("in", "a"), ("in", "b"), ("a", "out"), ("b", "out"), ("in", "out")]
    lay = layered(keys, edges, width=100, height=40)
    assert lay.y["in"] < lay.y["a"] == lay.y["b"] < lay.y["out"]
    assert abs(lay.x["a"] - lay.x["b"]) >= 100  # side by side, not overlapping
    skip = next(points for a, b, points in lay.routes if (a, b) == ("in", "out"))
    assert len(skip) == 4  # straight down through the middle rank


def test_layout_orders_ranks_to_avoid_crossings():
    # two independent chains given in an interleaved order that crosses if kept
    keys = ["a1", "b1", "b2", "a2", "a3", "b3"]
    edges = [("a1", "a2"), ("a2", "a3"), ("b1", "b2"), ("b2", "b3")]
    lay = layered(keys, edges, width=50, height=20)
    rows = {}
    for k in keys:
        rows.setdefault(lay.y[k], []).append(k)
    ordered = [sorted(r, key=lay.x.get) for _, r in sorted(rows.items())]
    down = {k: [b for a, b in edges if a == k] for k in keys}
    assert _crossings(ordered, down) == 0


def test_layout_puts_a_late_input_next_to_its_consumer():
    keys = ["x", "h1", "h2", "h3", "side", "merge"]
    edges = [("x", "h1"), ("h1", "h2"), ("h2", "h3"), ("h3", "merge"), ("side", "merge")]
    lay = layered(keys, edges, width=80, height=30)
    assert lay.y["side"] == lay.y["h3"]


# ----- summary ----------------------------------------------------------------------------


def test_summary_rows_totals_and_memory():
    model = trained_cnn()
    table = knb.summary(model)
    assert [r.name for r in table.rows] == [layer.name for layer in model.layers]
    conv = table.rows[0]
    assert (conv.type, conv.shape, conv.params, conv.trainable, conv.activation) == (
        "Conv2D", "(None, 26, 26, 6)", 60, "yes", "relu")
    assert table.rows[1].trainable == "" and table.rows[1].activation == ""
    assert table.total_params == model.count_params()
    assert table.weight_bytes == 4 * model.count_params()
    text = repr(table)
    assert "Total params: " + f"{model.count_params():,}" in text and "Conv2D" in text
    html = table._repr_html_()
    assert "<table>" in html and "Weight memory" in html and "relu" in html
    assert set(table._repr_mimebundle_()) == {"text/html", "text/plain"}


def test_summary_marks_frozen_and_partly_trainable_layers_and_expands_nested():
    x = keras.Input((4,))
    frozen = layers.Dense(3, name="frozen")
    norm = layers.BatchNormalization(name="norm")
    inner = keras.Sequential([layers.Dense(2, name="deep")], name="inner")
    model = keras.Model(x, inner(norm(frozen(x))))
    frozen.trainable = False
    table = knb.summary(model, expand_nested=True)
    rows = {r.name: r for r in table.rows}
    assert rows["frozen"].trainable == "no" and rows["norm"].trainable == "partly"
    assert rows["deep"].depth == 1
    assert table.non_trainable_params == (3 * 4 + 3) + 2 * 3  # frozen dense + moving stats


def test_summary_escapes_names_and_handles_unbuilt_models():
    x = keras.Input((2,), name=HOSTILE)
    html = knb.summary(keras.Model(x, layers.Dense(1)(x)))._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    unbuilt = knb.summary(keras.Sequential([layers.Dense(3)]))
    assert unbuilt.rows[0].params is None and "Not built yet" in repr(unbuilt)
    with pytest.raises(ValueError, match="`model` must be a keras.Model"):
        knb.summary(None)


# ----- repeated blocks (pure Python on a Graph) ----------------------------------------------


def _chain_graph(names_types, shapes=None):
    from kerasnb.viz._graph import Box, Graph

    graph = Graph()
    previous = None
    for i, (name, kind) in enumerate(names_types):
        shape = shapes[i] if shapes else "(None, 8, 8, 4)"
        graph.boxes[name] = Box(name, name, kind, shape, 10, "input" if i == 0 else "layer")
        if previous:
            graph.connect(previous, [name])
        previous = name
    return graph


def test_block_names_are_read_the_way_keras_applications_write_them():
    from kerasnb.viz._blocks import family, prefix_key, suffix_key

    assert prefix_key("conv2_block1_1_conv") == "conv2_block1"
    assert prefix_key("conv4_block12_concat") == "conv4_block12"
    assert prefix_key("block2a_expand_conv") == "block2a"
    assert prefix_key("block_13_depthwise_BN") == "block_13"
    assert prefix_key("predictions") is None and prefix_key("stem_conv") is None
    assert suffix_key("separable_conv_1_bn_normal_left1_6") == "*_6"
    assert suffix_key("reduction_add_1_stem_1") == "*_stem_1"
    assert family("conv3_block4") == "conv3_block#" and family("block4c") == "block4#"


def test_collapse_folds_runs_of_one_family_and_keeps_the_rest():
    from kerasnb.viz._blocks import collapse

    layers_ = [("input", "InputLayer"), ("stem", "Conv2D")]
    for b in (1, 2, 3):
        layers_ += [(f"conv2_block{b}_1_conv", "Conv2D"), (f"conv2_block{b}_out", "Activation")]
    for b in (1, 2):
        layers_ += [(f"conv3_block{b}_1_conv", "Conv2D"), (f"conv3_block{b}_out", "Activation")]
    layers_.append(("predictions", "Dense"))
    graph = _chain_graph(layers_)
    folded = collapse(graph)
    names = [b.name for b in folded.boxes.values()]
    assert names == ["input", "stem", "conv2_block ×3", "conv3_block ×2", "predictions"]
    block = folded.boxes["block:conv2_block1"]
    assert block.kind == "block" and block.params == 60 and len(block.members) == 6
    assert ("block:conv2_block1", "block:conv3_block1") in folded.edges
    assert "draws every layer" in folded.note


def test_collapse_finds_repeats_by_structure_when_names_say_nothing():
    from kerasnb.viz._blocks import collapse

    layers_ = [("input_layer", "InputLayer")]
    for i in range(3):
        layers_ += [(f"dense_{2 * i}", "Dense"), (f"dense_{2 * i + 1}", "Dense"),
                    (f"add_{i}", "Add")]
    graph = _chain_graph(layers_)
    for i in range(3):  # a residual edge over each block
        graph.connect("input_layer" if i == 0 else f"add_{i - 1}", [f"add_{i}"])
    folded = collapse(graph)
    assert [b.name for b in folded.boxes.values()] == ["input_layer", "repeated block ×3"]


def test_big_models_fold_by_default_and_unfold_on_request():
    inputs = keras.Input((4,))
    x = inputs
    for stage in (1, 2):
        for block in range(1, 11):
            for part in ("a", "b", "c"):
                x = layers.Dense(4, name=f"stage{stage}_block{block}_{part}")(x)
    model = keras.Model(inputs, x, name="tall")
    folded = knb.show_model(model)
    assert [b.name for b in folded.graph.boxes.values()][1:] == ["stage1_block ×10",
                                                                "stage2_block ×10"]
    assert len(knb.show_model(model, collapse=False).graph.boxes) == 61
    assert len(knb.show_model(model, collapse=True).graph.boxes) == 3
    long = "a_really_long_layer_name_that_goes_on_and_on_and_on_and_on_forever"
    wide = keras.Sequential([keras.Input((2,)), layers.Dense(1, name=long)])
    assert f">{long}</text>" in knb.show_model(wide).svg
