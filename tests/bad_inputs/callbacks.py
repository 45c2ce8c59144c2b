"""Rows for LivePlot and compare (kerasnb.callbacks)."""

import numpy as np

import kerasnb as knb
from bad_inputs import Row


def _update(logs, step=None):
    live = knb.LivePlot(backend="text")
    live.update(logs, step=step)
    return live


def _titled(title):
    live = knb.LivePlot(backend="text", title=title)
    live.update({"loss": 1.0})
    return live


def _drawn(obj):
    """Draw ``obj`` as a notebook would (PNG through matplotlib, where mathtext would fail)."""
    bundle = obj._repr_mimebundle_()
    assert "image/png" in bundle
    return bundle


ROWS = [
    Row("liveplot-every-zero", lambda: knb.LivePlot(every=0), arg="every"),
    Row("liveplot-every-float", lambda: knb.LivePlot(every=2.5), arg="every"),
    Row("liveplot-every-bool", lambda: knb.LivePlot(every=True), arg="every"),
    Row("liveplot-every-numpy", lambda: knb.LivePlot(every=np.int64(2)), accept=True),
    Row("liveplot-max-fps-zero", lambda: knb.LivePlot(max_fps=0), arg="max_fps"),
    Row("liveplot-max-fps-inf", lambda: knb.LivePlot(max_fps=float("inf")), arg="max_fps"),
    Row("liveplot-max-fps-string", lambda: knb.LivePlot(max_fps="4"), arg="max_fps"),
    Row("liveplot-max-fps-numpy", lambda: knb.LivePlot(max_fps=np.float32(2.5)), accept=True),
    Row("liveplot-max-fps-numpy-int", lambda: knb.LivePlot(max_fps=np.int64(3)), accept=True),
    Row("liveplot-log-y-string", lambda: knb.LivePlot(log_y="yes"), arg="log_y"),
    Row("liveplot-log-y-numpy-bool", lambda: knb.LivePlot(log_y=np.bool_(True)), accept=True),
    Row("liveplot-show-lr-int", lambda: knb.LivePlot(show_lr=1), arg="show_lr"),
    Row("liveplot-update-kind", lambda: knb.LivePlot(update="step"), arg="update"),
    Row("liveplot-backend", lambda: knb.LivePlot(backend="bokeh"), arg="backend"),
    Row("liveplot-title-int", lambda: knb.LivePlot(title=5), arg="title"),
    Row("liveplot-metrics-empty", lambda: knb.LivePlot(metrics=[]), arg="metrics"),
    Row("liveplot-metrics-int", lambda: knb.LivePlot(metrics=[1]), arg="metrics"),
    Row("liveplot-update-string-value", lambda: _update({"loss": "abc"}), arg="logs"),
    Row("liveplot-update-list-value", lambda: _update({"loss": [1, 2]}), arg="logs"),
    Row("liveplot-update-not-dict", lambda: _update([0.3]), arg="logs"),
    Row("liveplot-update-step-string", lambda: _update({"loss": 0.3}, step="1"), arg="step"),
    Row("liveplot-update-numpy-values", lambda: _update({"loss": np.float32(0.3),
                                                         "acc": np.float64(0.9)},
                                                        step=np.int64(3)), accept=True),
    Row("liveplot-update-none-value", lambda: _update({"loss": 0.3, "val_loss": None}),
        accept=True),
    Row("liveplot-mark-epoch-float", lambda: _update({"loss": 1.0}).mark(1.5, "info", "x"),
        arg="epoch"),
    Row("liveplot-mark-epoch-numpy", lambda: _update({"loss": 1.0}).mark(np.int64(1), "info",
                                                                         "x"), accept=True),
    Row("liveplot-mark-kind", lambda: _update({"loss": 1.0}).mark(1, "boom", "x"), arg="kind"),
    Row("liveplot-save-suffix", lambda: _update({"loss": 1.0}).save("plot.jpg"), arg="path"),
    Row("compare-nothing", lambda: knb.compare(), arg="histories"),
    Row("compare-labels-count", lambda: knb.compare({"loss": [1]}, labels=["a", "b"]),
        arg="labels"),
    Row("compare-labels-string", lambda: knb.compare({"loss": [1]}, labels="a"), arg="labels"),
    Row("compare-run-type", lambda: knb.compare(5), arg="histories"),
    Row("compare-run-list-of-numbers", lambda: knb.compare([0.5, 0.3]), arg="histories"),
    Row("compare-interactive-string", lambda: knb.compare({"loss": [1]}, interactive="yes"),
        arg="interactive"),
    Row("compare-interactive-numpy-bool",
        lambda: knb.compare({"loss": [1]}, interactive=np.bool_(False)), accept=True),
    Row("compare-dollar-label", lambda: _drawn(knb.compare({"loss": [1.0, 0.5]},
                                                           labels=[r"a $x^$ b"])), accept=True),
    Row("liveplot-dollar-title-drawn", lambda: _drawn(_titled(r"price $\notacommand$")),
        accept=True),
]
