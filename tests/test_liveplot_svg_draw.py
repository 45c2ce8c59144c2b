"""The SVG live plot's drawing functions and its final plotly figure, on real recordings.

Scenes come from a tiny Keras model trained for real (epochs and batch points,
its learning rate, a mark) and from `Recording`s filled the way LivePlot
fills them (NaN, inf, huge values, hostile names). The SVG is parsed as XML
and read back: panels, points, gaps, ticks, tooltips, ids. The plotly figure
is checked by plotly itself and by a strict JSON dump.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET

import keras
import numpy as np
import pytest

import kerasnb as knb
from kerasnb.callbacks.backends import svg_axes as axes
from kerasnb.callbacks.backends.base import RUN_COLORS, TRAIN_COLOR, VAL_COLOR
from kerasnb.callbacks.backends.plotly_json import plotly_figure
from kerasnb.callbacks.backends.svg_draw import render_svg
from kerasnb.callbacks.backends.svg_lines import polylines
from kerasnb.callbacks.record import Recording
from kerasnb.callbacks.scene import Series, build_scene

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # raises on anything that is not well-formed XML
    assert root.tag == f"{NS}svg"
    return root


def panels(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{NS}g") if g.get("data-panel") is not None]


def series_group(panel: ET.Element, key: str) -> ET.Element:
    (group,) = [g for g in panel.iter(f"{NS}g") if g.get("data-series") == key]
    return group


def point_counts(group: ET.Element) -> list[int]:
    return [len(p.get("points").split()) for p in group.iter(f"{NS}polyline")]


def texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{NS}text")]  # a <title> child is no label


def tooltips(element: ET.Element) -> list[str]:
    return [t.text for t in element.iter(f"{NS}title")]


def finite(values) -> int:
    return sum(1 for v in values if math.isfinite(v))


@pytest.fixture(scope="module")
def trained():
    """Two tiny real models trained for 4 epochs, batch points streamed, the rate decaying."""
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(192, 4)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("float32")
    lives = []
    for units in (4, 16):
        schedule = keras.optimizers.schedules.ExponentialDecay(0.05, 6, 0.1)
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(units, activation="relu"),
                                  keras.layers.Dense(1, activation="sigmoid")])
        model.compile(keras.optimizers.Adam(schedule), "binary_crossentropy",
                      metrics=["accuracy", keras.metrics.AUC(name="auc")])
        live = knb.LivePlot(backend="text", update="batch")
        model.fit(x, y, validation_split=0.25, epochs=4, batch_size=24, verbose=0,
                  callbacks=[live])
        lives.append(live)
    lives[0].mark(2, "overfitting", "val_loss rises while loss falls <since epoch 2>")
    return lives


@pytest.fixture(scope="module")
def scene(trained):
    return build_scene([("", trained[0]._recording)], title="tiny <model>", status="done")


def test_real_fit_draws_one_panel_per_metric_with_its_lines(scene):
    root = parse(render_svg(scene, uid="fit"))
    drawn = panels(root)
    assert [g.get("data-panel") for g in drawn] == [p.name for p in scene.panels]
    assert [p.name for p in scene.panels] == ["loss", "accuracy", "auc", "learning_rate"]
    assert "tiny <model> · done" in texts(root)
    for group, panel in zip(drawn, scene.panels, strict=True):
        assert texts(group)[0] == ("learning rate" if panel.name == "learning_rate"
                                   else panel.name)
        for series in panel.series:
            line = series_group(group, series.key)
            if series.role != "batch":  # short lines are drawn point for point
                assert sum(point_counts(line)) == finite(series.y)
            else:  # batch points sit between epochs (fractional x), drawn faint
                assert any(x != int(x) for x in series.x)
                assert line.get("stroke-opacity") == "0.35"
        legend = [g for g in group.iter(f"{NS}g") if g.get("class") == "legend"][0]
        assert [s.label for s in panel.series] == texts(legend)[:len(panel.series)]


def test_epoch_points_have_tooltips_and_the_best_epoch_a_star(scene, trained):
    root = parse(render_svg(scene, uid="tips"))
    loss = panels(root)[0]
    rec = trained[0]._recording
    val = [g for g in loss.iter(f"{NS}g") if g.get("data-dots") == "val_loss"][0]
    tips = tooltips(val)
    assert len(tips) == len(rec.x) == 4
    assert tips[2] == f"epoch 3 · val_loss {rec.columns['val_loss'][2]:.4g}"
    key, x, value = rec.best()
    (star,) = [p for p in loss.iter(f"{NS}polygon") if p.get("class") == "best"]
    assert tooltips(star) == [f"best {key} {value:.4g} at epoch {x:g}"]
    (mark,) = [g for g in loss.iter(f"{NS}g") if g.get("class") == "mark"]
    assert mark.get("data-kind") == "overfitting"
    assert tooltips(mark) == [
        "overfitting at epoch 3: val_loss rises while loss falls <since epoch 2>"]


def test_learning_rate_panel_has_log_ticks_at_decades(scene):
    lr_panel = scene.panels[-1]
    assert lr_panel.log_y
    rates = [v for s in lr_panel.series for v in s.y]
    assert max(rates) / min(rates) > 100  # the schedule spans decades
    group = panels(parse(render_svg(scene, uid="lr")))[-1]
    labels = [t for t in texts(group) if re.fullmatch(r"[0-9.e-]+", t)
              and t not in {"1", "2", "3", "4", "5"}]
    ticks = [float(t) for t in labels]
    assert len(ticks) >= 2
    assert all(abs(math.log10(t) - round(math.log10(t))) < 1e-9 for t in ticks), labels


def test_nan_and_inf_split_the_line_and_get_a_mark():
    rec = Recording()
    losses = [1.0, 0.8, math.nan, 0.6, 0.5, math.inf, 0.4, 0.35]
    for i, loss in enumerate(losses):
        rec.add_row(i + 1, {"loss": loss, "val_loss": 1.1 - i * 0.05})
    rec.add_mark(len(losses), "stop", "stopped at epoch 8 (KeyboardInterrupt)")
    scene = build_scene([("", rec)])
    root = parse(render_svg(scene, uid="gaps"))
    (loss,) = panels(root)
    assert point_counts(series_group(loss, "loss")) == [2, 2, 2]
    assert point_counts(series_group(loss, "val_loss")) == [8]
    kinds = [g.get("data-kind") for g in loss.iter(f"{NS}g") if g.get("class") == "mark"]
    assert kinds == ["stop", "nan"]
    assert any(t.startswith("nan at epoch 3: not finite: loss=nan") for t in tooltips(loss))


def test_hostile_names_and_texts_stay_text():
    rec = Recording()
    for i in range(3):
        rec.add_row(i + 1, {"<script>": 0.5 + i, 'a"b': 1.0 - i * 0.1, "x&y": 2.0})
    rec.add_mark(2, "info", '</text></svg><script>alert("x")</script>')
    title = "<img src=x onerror=alert(1)> 'q' & \"dq\""
    svg = render_svg(build_scene([("", rec)], title=title, status="<b>"), uid='"><x')
    root = parse(svg)
    tags = {el.tag.replace(NS, "") for el in root.iter()}
    assert tags <= {"svg", "g", "rect", "path", "text", "title", "clipPath", "polyline",
                    "circle", "polygon", "line"}
    assert [g.get("data-panel") for g in panels(root)] == ["<script>", 'a"b', "x&y"]
    assert f"{title} · <b>" in texts(root)
    assert '</text></svg><script>alert("x")</script>' in " ".join(tooltips(root))
    assert root.get("class") == "x"  # the uid keeps only id-safe characters


def test_ids_are_scoped_by_uid_and_nothing_external():
    rec = Recording()
    for i in range(5):
        rec.add_row(i + 1, {"loss": 1 / (i + 1), "accuracy": i / 5})
    scene = build_scene([("", rec)])
    for uid in ("plotA", "plotB"):
        svg = render_svg(scene, uid=uid)
        root = parse(svg)
        ids = [el.get("id") for el in root.iter() if el.get("id")]
        assert ids and len(set(ids)) == len(ids)
        assert all(i.startswith(f"{uid}-") for i in ids)
        refs = re.findall(r"url\(#([^)]*)\)", svg)
        assert refs and set(refs) <= set(ids)
        assert root.get("class") == uid
        assert not re.search(r"<script|<style|href=|javascript:|@import|<foreign", svg)
    first, second = render_svg(scene), render_svg(scene)
    assert parse(first).get("class") != parse(second).get("class")  # a fresh uid each call


def test_extreme_values_never_break_drawing():
    rec = Recording()
    values = [1e30, -1e30, math.inf, 1e308, -1e308, math.nan, 3.0]
    for i, v in enumerate(values):
        rec.add_row(i + 1, {"loss": v, "val_loss": math.nan, "big": 1e30 + i * 1e28,
                            "flat": 0.25, "neg_lr": -1.0})
    svg = render_svg(build_scene([("", rec)], log_y=True), uid="x")
    root = parse(svg)
    assert len(panels(root)) == 4
    numbers = [v for el in root.iter() for k, v in el.attrib.items()
               if k not in {"class", "data-panel", "data-series", "data-dots", "data-kind",
                            "font-family", "aria-label"}]
    assert not [v for v in numbers if re.search(r"nan|inf", v, re.IGNORECASE)]
    for line in root.iter(f"{NS}polyline"):
        for pair in line.get("points").split():
            assert all(abs(float(c)) <= 1e5 for c in pair.split(","))
    flat = [g for g in panels(root) if g.get("data-panel") == "flat"][0]
    assert {"0.1", "0.2", "0.5"} <= set(texts(flat))  # log axis inside one decade: 1-2-5
    assert point_counts(series_group(flat, "flat")) == [7]
    linear = panels(parse(render_svg(build_scene([("", rec)]), uid="y")))
    flat = [g for g in linear if g.get("data-panel") == "flat"][0]
    assert {"0.24", "0.25", "0.26"} <= set(texts(flat))  # a flat line still gets a span


def test_empty_scene_shows_heading_and_waiting_text():
    scene = build_scene([("", Recording())], status="epoch 0/3")
    root = parse(render_svg(scene, uid="e"))
    assert panels(root) == []
    assert texts(root) == ["epoch 0/3", "waiting for the first epoch"]
    fig = plotly_figure(scene)
    json.dumps(fig, allow_nan=False)
    assert fig["data"] == []


def test_compare_colours_by_run_and_dashes_validation(trained):
    runs = [("narrow", trained[0]._recording), ("wide", trained[1]._recording)]
    scene = build_scene(runs, metrics=["loss"], show_lr=False)
    (loss,) = panels(parse(render_svg(scene, uid="cmp")))
    for series in scene.panels[0].series:
        (group,) = [g for g in loss.iter(f"{NS}g") if g.get("data-series") == series.key
                    and g.get("data-run") == str(series.run)]
        assert group.get("stroke") == RUN_COLORS[series.run]
        assert (group.get("stroke-dasharray") is not None) == (series.role == "val")
    stars = [p for p in loss.iter(f"{NS}polygon") if p.get("class") == "best"]
    assert [s.get("stroke") for s in stars] == [RUN_COLORS[0], RUN_COLORS[1]]
    assert tooltips(stars[1])[0].endswith("(wide)")


def test_long_batch_lines_are_thinned_keeping_spikes():
    xs = [i / 100 for i in range(1, 3001)]
    ys = [1.0 + 0.01 * math.sin(i) for i in range(3000)]
    ys[1234] = 9.0  # one spike
    ys[2000] = math.nan
    line = Series("batch loss", "loss (batches)", "batch", 0, xs, ys)
    scale = (10.0, 10.0, 200.0, 20.0)  # 300 px wide, y = 200 - 20 * value
    full = polylines(line, False, scale, thin=math.inf)
    thinned = polylines(line, False, scale, thin=600)
    assert [len(p.split()) for p in full] == [2000, 999]
    assert len(thinned) == 2 and sum(len(p.split()) for p in thinned) <= 2 * 301 + 2
    top = min(float(pair.split(",")[1]) for p in thinned for pair in p.split())
    assert top == pytest.approx(200 - 20 * 9.0, abs=0.05)


def test_plotly_figure_is_valid_json_with_one_subplot_per_panel(scene):
    import plotly.graph_objects as go

    fig = plotly_figure(scene)
    json.dumps(fig, allow_nan=False)
    go.Figure(fig)  # plotly's own validation of every attribute
    layout = fig["layout"]
    xaxes = sorted(k for k in layout if k.startswith("xaxis"))
    assert len(xaxes) == len(scene.panels)
    for i, panel in enumerate(scene.panels):
        suffix = "" if i == 0 else str(i + 1)
        assert layout[f"yaxis{suffix}"]["type"] == ("log" if panel.log_y else "linear")
    assert layout["yaxis4"]["type"] == "log"
    assert "tiny &lt;model&gt; · done" in layout["title"]["text"]
    names = [t["name"] for t in fig["data"]]
    assert names[:3] == ["loss (batches)", "loss", "val_loss"]
    assert fig["data"][1]["line"]["color"] == TRAIN_COLOR
    assert fig["data"][2]["line"]["color"] == VAL_COLOR
    best = [t for t in fig["data"] if t["name"] == "best"][0]
    assert best["text"][0].startswith("best val_loss")
    assert any("overfitting at epoch 3" in a.get("hovertext", "") for a in layout["annotations"])


def test_plotly_figure_puts_none_at_gaps_and_refuses_nothing():
    import plotly.graph_objects as go

    rec = Recording()
    for i, v in enumerate([1.0, math.nan, 0.5, math.inf, 1e30]):
        rec.add_row(i + 1, {"loss": v, "learning_rate": 10.0 ** -i})
    runs = [("a<b>", rec), ("b", rec)]
    for scene in (build_scene([("", rec)]), build_scene(runs)):
        fig = plotly_figure(scene)
        json.dumps(fig, allow_nan=False)
        go.Figure(fig)
        loss = [t for t in fig["data"] if t["name"].endswith("loss")][0]
        assert loss["y"] == [1.0, None, 0.5, None, 1e30]
    assert [t["name"] for t in fig["data"]][0] == "a&lt;b&gt; loss"


@pytest.mark.parametrize(("value", "step", "label"), [
    (0.25, 0.05, "0.25"), (12000, 2000, "12k"), (1e-3, 1e-3, "1e-3"), (0, 0.5, "0"),
    (2.5e-4, 5e-5, "2.5e-4"), (1e30, 2e29, "1e30"), (-3, 1, "-3"), (1_500_000, 500_000, "1.5M"),
])
def test_tick_labels_are_compact(value, step, label):
    assert axes.tick_label(value, step) == label


def test_ranges_and_ticks_are_nice():
    assert axes.finite_range([math.nan, math.inf, 2.0, -math.inf]) == (2.0, 2.0)
    assert axes.finite_range([math.nan]) is None
    low, high = axes.padded(2.0, 2.0)  # a single point still gets a span
    assert low < 2.0 < high
    ticks, step = axes.linear_ticks(*axes.padded(0.2, 0.9), 4)
    assert step == 0.2 and ticks == pytest.approx([0.2, 0.4, 0.6, 0.8])
    ticks, step = axes.linear_ticks(*axes.padded(1, 20, pad=0.03), 5, integer=True)
    assert step == 5 and ticks == [5, 10, 15, 20]
    assert axes.log_ticks(*axes.log_padded(1e-5, 1e-1)) == [-5, -4, -3, -2, -1]
    inside = axes.log_ticks(*axes.log_padded(2e-3, 6e-3))  # within one decade: 1-2-5
    assert axes.log_labels(inside) == ["2e-3", "5e-3"]
    assert axes.log_labels(axes.log_ticks(*axes.log_padded(1e-5, 1e-1))) == [
        "1e-5", "1e-4", "1e-3", "1e-2", "1e-1"]  # one notation per axis
    assert axes.log_labels(axes.log_ticks(*axes.log_padded(0.3, 20))) == [
        "0.5", "1", "2", "5", "10", "20"]


def test_long_batch_streams_stay_small_in_both_figures():
    rec = Recording()
    for i in range(6000):  # 60 epochs of 100 batches
        value = math.nan if i == 4000 else 9.0 if i == 2345 else 1.0 + 0.01 * math.sin(i)
        rec.add_batch((i + 1) / 100, {"loss": value})
        if (i + 1) % 100 == 0:
            rec.add_row((i + 1) // 100, {"loss": 1.0})
    scene = build_scene([("", rec)])
    svg = render_svg(scene, uid="long")
    (loss,) = panels(parse(svg))
    counts = point_counts(series_group(loss, "batch loss"))
    assert len(counts) == 2 and sum(counts) <= 2 * 700 + 4  # two points per pixel column
    assert len(svg) < 60_000
    fig = plotly_figure(scene)
    batch = fig["data"][0]
    assert batch["name"] == "loss (batches)"
    assert len(batch["x"]) <= 2 * 1500 + 3
    assert max(v for v in batch["y"] if v is not None) == 9.0  # the spike is kept
    assert batch["y"].count(None) == 1  # and the gap
    assert batch["x"] == sorted(batch["x"])


def test_x_axis_runs_to_the_fits_last_epoch_while_it_runs(trained):
    """Mid-fit frames keep one x axis, to the planned last epoch: curves fill it, nothing
    rescales; the final frame (no fit running) fits the points again."""
    rec = trained[0]._recording

    def loss_line_px(x_end):
        root = parse(render_svg(build_scene([("", rec)], x_end=x_end), uid="xe"))
        loss = panels(root)[0]
        points = series_group(loss, "loss").find(f"{NS}polyline").get("points").split()
        xs = [float(p.split(",")[0]) for p in points]
        return xs[-1] - xs[0], texts(loss)

    running, labels = loss_line_px(20.0)
    final, _ = loss_line_px(None)
    assert "20" in labels  # the axis reaches epoch 20 with 4 epochs drawn
    assert running < 0.3 * final  # 3 of 19 epochs' width, not the whole plot
    assert loss_line_px(2.0)[0] == final  # points past a stale planned end: fit the points
