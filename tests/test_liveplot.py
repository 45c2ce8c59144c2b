"""LivePlot driven with synthetic logs: backends, drawing, throttling, marks, saving.

Training with real models is in test_liveplot_fit.py; the headless notebook
run in test_liveplot_notebook.py.
"""

from __future__ import annotations

import math
import re
import time
import warnings

import numpy as np
import pytest

import kerasnb as knb
from kerasnb.callbacks.backends import Output, choose
from kerasnb.callbacks.backends.matplotlib import MatplotlibOutput
from kerasnb.callbacks.backends.svg import SvgOutput
from kerasnb.callbacks.backends.text import TextOutput


class Recorder(Output):
    """An output that only counts: what the callback asked to show, draw, finish."""

    name = "recorder"

    def __init__(self, *, live: bool = True, throttled: bool = True) -> None:
        self.live = live
        self.throttled = throttled
        self.shows: list = []
        self.draws: list = []
        self.finishes: list = []

    def show(self, scene):
        self.shows.append(scene)

    def draw(self, scene):
        self.draws.append(scene)

    def finish(self, scene):
        self.finishes.append(scene)


def epochs(live, rows, *, total=None, steps=None):
    """Drive the Keras hooks of a fit() by hand with ``rows`` as epoch logs."""
    live.set_params({"epochs": total or len(rows), "steps": steps, "verbose": 0})
    live.on_train_begin()
    for i, logs in enumerate(rows):
        live.on_epoch_begin(i)
        live.on_epoch_end(i, dict(logs))
    live.on_train_end()


ROWS = [{"loss": 1.0 / (i + 1), "accuracy": 0.5 + i / 20, "val_loss": 1.2 / (i + 1),
         "val_accuracy": 0.45 + i / 20} for i in range(6)]


# -- backend choice --------------------------------------------------------------------


@pytest.mark.parametrize("front, kind, live", [
    ("jupyter", SvgOutput, True),
    ("vscode", SvgOutput, True),
    ("colab", MatplotlibOutput, True),
    ("headless", MatplotlibOutput, False),
    ("ipython", TextOutput, True),
    ("terminal", TextOutput, True),
])
def test_auto_backend_follows_the_front_end(monkeypatch, front, kind, live):
    monkeypatch.setenv("KERASNB_FRONTEND", front)
    plot = knb.LivePlot()
    assert type(plot._output) is kind
    assert plot._output.live is live
    monkeypatch.setenv("KERASNB_FRONTEND", "terminal")
    assert type(plot._output) is kind  # picked once, at construction


def test_widget_front_end_without_plotly_still_gets_svg(monkeypatch):
    import kerasnb.callbacks.backends.plotly as plotly_backend

    monkeypatch.setattr(plotly_backend, "usable", lambda: False)
    output = choose("auto", "jupyter")  # the SVG output needs neither plotly nor widgets
    assert type(output) is SvgOutput and output.live


@pytest.mark.parametrize("name", ["svg", "plotly", "matplotlib", "text"])
def test_backend_argument_overrides_the_front_end(monkeypatch, name):
    monkeypatch.setenv("KERASNB_FRONTEND", "headless")
    assert knb.LivePlot(backend=name).backend == name


def test_an_output_instance_is_used_as_is():
    recorder = Recorder()
    assert knb.LivePlot(backend=recorder)._output is recorder


@pytest.mark.parametrize("kwargs, message", [
    ({"update": "step"}, "`update` must be one of 'epoch', 'batch'. Received: update='step'"),
    ({"every": 0}, "`every` must be a positive integer. Received: every=0"),
    ({"max_fps": 0}, "`max_fps` must be a positive number. Received: max_fps=0"),
    ({"max_fps": True}, "`max_fps` must be a positive number"),
    ({"backend": "bokeh"}, "`backend` must be one of 'auto', 'svg', 'plotly', 'matplotlib', 'text'"),
    ({"metrics": []}, "`metrics` must be None or a non-empty list of metric names"),
    ({"metrics": ["loss", 3]}, "`metrics` must be None or a non-empty list"),
    ({"log_y": "yes"}, "`log_y` must be True or False. Received: log_y='yes'"),
    ({"title": 5}, "`title` must be a string or None. Received: title=5"),
    ({"doctor": "yes"}, "`doctor` must be True, False or a kerasnb Doctor instance"),
])
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises(ValueError) as info:
        knb.LivePlot(**kwargs)
    assert str(info.value).startswith(message)


# -- numbers ---------------------------------------------------------------------------


def test_history_is_per_epoch_and_aligned():
    live = knb.LivePlot(backend=Recorder())
    epochs(live, [{"loss": 1.0}, {"loss": 0.5, "val_loss": 0.7}, {}, {"loss": 0.25}])
    assert live.history == {"loss": [1.0, 0.5, None, 0.25], "val_loss": [None, 0.7, None, None]}
    history = live.history
    history["loss"].append(9)  # a copy: the plot's numbers are not changed
    assert live.history["loss"] == [1.0, 0.5, None, 0.25]


def test_keras_logs_are_copied_not_mutated():
    live = knb.LivePlot(backend=Recorder())
    logs = {"loss": 1.0, "note": "text", "vector": np.ones(3)}
    live.set_params({"epochs": 1})
    live.on_train_begin()
    live.on_epoch_begin(0)
    live.on_epoch_end(0, logs)
    assert logs == {"loss": 1.0, "note": "text", "vector": logs["vector"]}
    assert list(live.history) == ["loss"]  # strings and vectors are not plotted


def test_custom_loop_update_with_steps_and_tensor_values():
    import keras

    recorder = Recorder(throttled=False)
    live = knb.LivePlot(backend=recorder)
    for i in range(3):
        live.update({"loss": keras.ops.convert_to_tensor(1.0 / (i + 1)), "mae": np.float32(i)})
    live.update({"loss": 0.1}, step=10)
    assert live.history.history == {"loss": pytest.approx([1.0, 0.5, 1 / 3, 0.1]),
                                    "mae": [0.0, 1.0, 2.0, None]}
    loss = recorder.draws[-1].panels[0].series[0]
    assert loss.key == "loss" and loss.x == [1.0, 2.0, 3.0, 10.0]
    assert len(recorder.draws) == 4 and len(recorder.shows) == 1
    with pytest.raises(ValueError, match="`step` must be a number or None. Received: step='5'"):
        live.update({"loss": 1.0}, step="5")
    with pytest.raises(ValueError, match="`logs` must be a dict of metric values"):
        live.update([("loss", 1.0)])


def test_missing_values_are_left_out_not_invented():
    live = knb.LivePlot(backend="plotly")
    for i in range(6):
        logs = {"loss": 1.0 / (i + 1)}
        if i % 2:
            logs["val_loss"] = 1.5 / (i + 1)
        live.update(logs)
    fig = live.figure
    traces = {t.name: t for t in fig.data}
    assert traces["loss"].x == (1.0, 2.0, 3.0, 4.0, 5.0, 6.0)
    assert traces["val_loss"].x == (2.0, 4.0, 6.0)
    assert None not in traces["val_loss"].y


def test_nan_and_inf_are_gaps_flagged_and_never_crash(tmp_path, capsys):
    rows = [{"loss": 1.0}, {"loss": math.nan}, {"loss": 0.5}, {"loss": math.inf}]
    plotly_live = knb.LivePlot(backend="plotly")
    for row in rows:
        plotly_live.update(row)
    assert plotly_live.history["loss"][1] != plotly_live.history["loss"][1]  # NaN kept
    loss = next(t for t in plotly_live.figure.data if t.name == "loss")
    assert loss.y == (1.0, None, 0.5, None) and loss.connectgaps is False
    scene = plotly_live._scene()
    nan_marks = [m for m in scene.marks if m.kind == "nan"]
    assert [m.x for m in nan_marks] == [2.0]  # flagged where it first happened
    assert "not finite: loss" in scene.status  # the last value is inf
    assert any(s["x0"] == 2.0 for s in plotly_live.figure.layout.shapes)
    for backend in ("matplotlib", "text"):
        live = knb.LivePlot(backend=backend)
        for row in rows:
            live.update(row)
        live.save(tmp_path / f"{backend}.png")
    assert "loss nan (!)" in capsys.readouterr().out


def test_empty_logs_are_fine(tmp_path):
    live = knb.LivePlot(backend="plotly")
    epochs(live, [{}, {}])
    live.update(None)
    assert live.history == {}
    assert live.figure is not None
    live.save(tmp_path / "empty.png")


# -- panels ----------------------------------------------------------------------------


def test_each_metric_shares_a_panel_with_its_val_twin_lr_last():
    recorder = Recorder()
    live = knb.LivePlot(backend=recorder)
    epochs(live, [{**row, "lr": 0.01, "my_metric": 1.0} for row in ROWS])
    panels = recorder.finishes[-1].panels
    assert [p.name for p in panels] == ["loss", "accuracy", "my_metric", "learning_rate"]
    assert [s.key for s in panels[1].series] == ["accuracy", "val_accuracy"]
    assert [s.key for s in panels[3].series] == ["lr"]


def test_metrics_pick_panels_and_show_lr_hides_the_rate():
    recorder = Recorder()
    live = knb.LivePlot(["val_accuracy"], show_lr=False, backend=recorder)
    epochs(live, [{**row, "learning_rate": 0.1} for row in ROWS])
    assert [p.name for p in recorder.finishes[-1].panels] == ["accuracy"]


def test_a_requested_metric_that_never_appears_warns_once_naming_the_logged_ones():
    live = knb.LivePlot(["loss", "acc"], backend=Recorder())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for row in ROWS:
            live.update(row)
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "'acc'" in message and "accuracy, loss" in message
    assert caught[0].category is UserWarning


def test_best_epoch_is_starred_and_in_the_status():
    recorder = Recorder()
    live = knb.LivePlot(backend=recorder)
    rows = [{"loss": 1.0, "val_loss": 0.9}, {"loss": 0.8, "val_loss": 0.5},
            {"loss": 0.6, "val_loss": 0.7}]
    epochs(live, rows)
    scene = recorder.finishes[-1]
    assert scene.panels[0].best == [(2.0, 0.5, 0)]
    assert "best val_loss 0.5 at epoch 2" in scene.status
    assert "done: 3/3 epochs" in scene.status


def test_log_y_and_the_learning_rate_panel_scale():
    live = knb.LivePlot(log_y=True, backend="plotly")
    for i in range(4):
        live.update({"loss": 10.0 ** -i, "learning_rate": 0.1 * 10.0 ** -i})
    fig = live.figure
    assert fig.layout.yaxis.type == "log"  # loss
    assert fig.layout.yaxis2.type == "log"  # the rate, always read in decades
    linear = knb.LivePlot(backend="plotly")
    linear.update({"loss": 1.0, "learning_rate": 0.01})
    assert linear.figure.layout.yaxis.type != "log"
    assert linear.figure.layout.yaxis2.type == "log"
    assert linear.figure.layout.xaxis.dtick == 1  # ticks on whole epochs
    for _ in range(20):
        linear.update({"loss": 1.0})
    assert linear.figure.layout.xaxis.dtick == linear.figure.layout.xaxis2.dtick == 5  # 21 epochs


# -- drawing -----------------------------------------------------------------------------


def test_batch_mode_redraws_are_throttled_and_the_final_state_is_drawn():
    recorder = Recorder()
    live = knb.LivePlot(update="batch", max_fps=4, backend=recorder)
    live.set_params({"epochs": 2, "steps": 100, "verbose": 0})
    started = time.perf_counter()
    live.on_train_begin()
    for epoch in range(2):
        live.on_epoch_begin(epoch)
        for batch in range(100):
            live.on_train_batch_end(batch, {"loss": 1.0 / (1 + batch + 100 * epoch)})
        live.on_epoch_end(epoch, {"loss": 0.5 / (epoch + 1), "val_loss": 0.6})
    live.on_train_end()
    elapsed = time.perf_counter() - started
    assert len(recorder.draws) <= elapsed * 4 + 1, (len(recorder.draws), elapsed)
    assert len(recorder.draws) < 20  # never one redraw per batch
    final = recorder.finishes[-1]
    stream = next(s for s in final.panels[0].series if s.role == "batch")
    assert len(stream.x) == 200 and stream.x[0] == pytest.approx(0.01) and stream.x[-1] == 2.0
    assert "done: 2/2 epochs" in final.status


def test_epoch_mode_redraws_each_epoch_when_time_allows_and_every_skips():
    def slow_epochs(live):  # epochs far apart compared with what a frame costs
        live.set_params({"epochs": len(ROWS)})
        live.on_train_begin()
        for i, logs in enumerate(ROWS):
            time.sleep(0.1)
            live.on_epoch_begin(i)
            live.on_epoch_end(i, dict(logs))
        live.on_train_end()

    recorder = Recorder()
    slow_epochs(knb.LivePlot(max_fps=1e9, backend=recorder))
    assert [len(s.panels[0].series[0].x) for s in recorder.draws] == [1, 2, 3, 4, 5, 6]
    assert len(recorder.finishes) == 1
    recorder = Recorder()
    slow_epochs(knb.LivePlot(every=2, max_fps=1e9, backend=recorder))
    assert [len(s.panels[0].series[0].x) for s in recorder.draws] == [2, 4, 6]


def test_a_slow_frame_widens_the_interval_between_frames():
    class Slow(Recorder):
        def draw(self, scene):
            super().draw(scene)
            time.sleep(0.01)  # a frame costing 10 ms may be drawn at most every ~0.3 s

    recorder = Slow()
    live = knb.LivePlot(max_fps=1e9, backend=recorder)
    for i in range(40):
        live.update({"loss": 1.0 / (i + 1)})
        time.sleep(0.002)
    assert 1 <= len(recorder.draws) < 10


def test_a_headless_output_gets_no_frames_only_the_final_one():
    recorder = Recorder(live=False)
    live = knb.LivePlot(update="batch", backend=recorder)
    live.set_params({"epochs": 2, "steps": 5})
    live.on_train_begin()
    for epoch in range(2):
        live.on_epoch_begin(epoch)
        for batch in range(5):
            live.on_train_batch_end(batch, {"loss": 1.0})
        live.on_epoch_end(epoch, {"loss": 1.0})
    live.on_train_end()
    assert recorder.shows == [] and recorder.draws == [] and len(recorder.finishes) == 1


def test_plotly_updates_the_same_widget_in_place():
    live = knb.LivePlot(max_fps=1e9, backend="plotly")
    live.update({"loss": 1.0, "val_loss": 1.1})
    fig = live.figure
    for i in range(2, 5):
        live.update({"loss": 1.0 / i, "val_loss": 1.1 / i})
    assert live.figure is fig  # same panels: same widget, new points
    assert next(t for t in fig.data if t.name == "val_loss").x == (1.0, 2.0, 3.0, 4.0)
    assert "best val_loss" in fig.layout.title.text
    live.update({"loss": 0.1, "val_loss": 0.2, "auc": 0.9})  # a new panel: rebuilt once
    assert live.figure is not fig
    assert live._output._box.children == (live.figure,)


def test_a_liveplot_shows_itself_with_a_text_fallback():
    live = knb.LivePlot(backend="plotly")
    live.update({"loss": 1.0})
    bundle = live._repr_mimebundle_()
    # No widget view: once the kernel is gone nothing could show it. Plotly's own JSON
    # (JupyterLab, Notebook 7, VS Code) and a PNG in HTML (nbconvert, nbviewer, GitHub).
    assert set(bundle) == {"application/vnd.plotly.v1+json", "text/html", "text/plain"}
    assert bundle["text/html"].startswith("<img src='data:image/png;base64,")
    assert bundle["application/vnd.plotly.v1+json"]["data"][0]["y"] == [1.0]
    assert bundle["text/plain"] == "LivePlot (loss): epoch 1 · best loss 1 at epoch 1"
    static = knb.LivePlot(backend="text")
    static.update({"loss": 1.0})
    assert set(static._repr_mimebundle_()) == {"image/png", "text/plain"}


def test_matplotlib_reuses_one_figure():
    live = knb.LivePlot(backend="matplotlib")
    live.update({"loss": 1.0, "val_loss": 1.1})
    fig = live.figure
    axes = list(fig.axes)
    live.update({"loss": 0.5, "val_loss": 0.6})
    assert live.figure is fig and list(fig.axes) == axes
    xs, ys = axes[0].lines[0].get_data()
    assert list(xs) == [1.0, 2.0] and list(ys) == [1.0, 0.5]


def test_final_frames_share_a_figure_yet_each_matches_a_fresh_drawing():
    from kerasnb.callbacks.backends import mpl_figure
    from kerasnb.callbacks.backends.matplotlib import Painter, final_bundle, png_base64

    def scene_of(rows, mark=None):
        live = knb.LivePlot(backend=Recorder())
        for logs in rows:
            live.update(dict(logs))
        if mark:
            live.mark(*mark)
        return live._scene()

    big = [{k: 10 * v for k, v in row.items()} for row in ROWS[:3]]
    scenes = [scene_of(ROWS, mark=(2, "overfitting", "val_loss rises")),  # marks, then none
              scene_of(big),                                          # other limits
              scene_of([{"loss": 1.0}, {"loss": 0.5}]),               # other panels
              scene_of(ROWS)]                                         # back to the first layout
    painters = []
    for scene in scenes:
        fresh = png_base64(Painter().paint(scene))
        assert final_bundle(scene).data["image/png"] == fresh
        painters.append(mpl_figure._kept[scene.layout_key])
    assert painters[0] is painters[1] is painters[3] is not painters[2]  # one figure per layout
    for i in range(mpl_figure.KEPT_LAYOUTS + 2):                         # only the last few kept
        final_bundle(scene_of([{f"metric_{i}": 1.0}]))
    assert len(mpl_figure._kept) == mpl_figure.KEPT_LAYOUTS


def test_text_backend_prints_one_line_per_epoch(capsys):
    live = knb.LivePlot(backend="text")
    epochs(live, ROWS[:3])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines[:3]] == ["epoch 1", "epoch 2", "epoch 3"]
    assert "val_loss 1.2" in lines[0] and "ETA" in lines[0]
    assert lines[3].startswith("LivePlot: done: 3/3 epochs")


def test_marks_are_drawn_on_every_panel(tmp_path):
    live = knb.LivePlot(backend="plotly")
    epochs(live, ROWS)
    live.mark(3, "overfitting", "val_loss rises")
    fig = live.figure
    panels = len(live._scene().panels)
    assert panels == 2
    lines = [s for s in fig.layout.shapes if s["x0"] == 4.0]  # Keras epoch 3 is the 4th point
    assert len(lines) == panels
    assert sum(a["text"] == "val_loss rises" for a in fig.layout.annotations) == panels
    svg = live.save(tmp_path / "marked.svg").read_text()
    assert "val_loss rises" in svg or "val\\_loss rises" in svg
    with pytest.raises(ValueError, match="`kind` must be one of 'overfitting', 'divergence'"):
        live.mark(1, "oops", "x")
    with pytest.raises(ValueError, match="`epoch` must be an integer. Received: epoch=1.5"):
        live.mark(1.5, "info", "x")


def test_reset_starts_over():
    recorder = Recorder()
    live = knb.LivePlot(backend=recorder)
    epochs(live, ROWS[:3])
    live.mark(1, "info", "x")
    live.reset()
    assert live.history == {} and live._recording.marks == []
    epochs(live, ROWS[:2])
    assert live._recording.x == [1.0, 2.0]
    assert not any(m.kind == "info" for m in recorder.finishes[-1].marks)


# -- saving ------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["plotly", "matplotlib", "text"])
def test_save_each_format(tmp_path, backend):
    live = knb.LivePlot(backend=backend, title="digits <MLP>")
    epochs(live, ROWS)
    png = live.save(tmp_path / "plot.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = live.save(str(tmp_path / "plot.svg"))
    assert "<svg" in svg.read_text()[:2000]
    page = live.save(tmp_path / "plot.html").read_text()
    assert page.lstrip().lower().startswith("<!doctype html") or page.startswith("<html")
    assert not re.search(r"<script[^>]*\ssrc=", page)  # works offline: nothing to fetch
    if backend == "plotly":
        assert "Plotly.newPlot" in page and len(page) > 1_000_000  # plotly.js inlined
        assert "digits &lt;MLP&gt;" in page or "digits \\u003cMLP\\u003e" in page
    else:
        assert "<svg" in page and "digits &lt;MLP&gt;" in page
    with pytest.raises(ValueError, match=r"`path` must be a file name ending in \.png, \.svg or "
                                         r"\.html. Received: path='.*plot\.jpg'"):
        live.save(tmp_path / "plot.jpg")


def test_doctor_is_forwarded_after_recording_and_can_mark():
    import keras

    class Watcher(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.plot = None
            self.calls = []

        def on_train_begin(self, logs=None):
            self.calls.append("begin")

        def on_epoch_end(self, epoch, logs=None):
            self.calls.append(("epoch", epoch, len(self.plot.history["loss"])))
            if epoch == 1:
                self.plot.mark(epoch, "divergence", "loss went up")

        def on_train_end(self, logs=None):
            self.calls.append("end")

    watcher = Watcher()
    recorder = Recorder()
    live = knb.LivePlot(backend=recorder, doctor=watcher)
    assert watcher.plot is live
    live.set_model("a model")
    assert watcher.model == "a model"
    epochs(live, ROWS[:3])
    assert watcher.calls == ["begin", ("epoch", 0, 1), ("epoch", 1, 2), ("epoch", 2, 3), "end"]
    assert [(m.x, m.kind) for m in recorder.finishes[-1].marks] == [(2.0, "divergence")]


def test_doctor_true_uses_the_live_doctor_or_says_it_is_missing():
    try:
        from kerasnb.doctor.live import Doctor
    except ImportError:
        with pytest.raises(ImportError, match=r"LivePlot\(doctor=True\) needs "
                                              r"kerasnb.doctor.live.Doctor"):
            knb.LivePlot(doctor=True, backend=Recorder())
    else:
        live = knb.LivePlot(doctor=True, backend=Recorder())
        assert isinstance(live._doctor, Doctor)


def test_a_closed_plotly_figure_is_collected():
    """anywidget links every widget to its class's module file; the plotly output unlinks it."""
    import gc
    import weakref

    go = pytest.importorskip("plotly.graph_objects")
    from kerasnb.callbacks.backends.plotly import unhook_module_file

    fig = go.FigureWidget()
    assert unhook_module_file(fig) == 1
    ref = weakref.ref(fig)
    fig.close()
    del fig
    gc.collect()
    assert ref() is None
