"""The default LivePlot output where widgets render: inline SVG frames, plotly's JSON at the end.

Cells run through a real ``InteractiveShell`` (IPython's display machinery and its
post-execute hooks), training tiny real Keras models; every display, and every update of
a display by its id, is captured as a notebook front end would receive it.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys

import numpy as np
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

import kerasnb as knb
from kerasnb.callbacks.backends import choose
from kerasnb.callbacks.backends.matplotlib import MatplotlibOutput
from kerasnb.callbacks.backends.svg import PLOTLY_MIME, SvgOutput

SETUP = """
import keras
from IPython.display import display
keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(4, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
"""


@pytest.fixture
def shell(monkeypatch):
    monkeypatch.setenv("KERASNB_FRONTEND", "jupyter")
    sh = InteractiveShell.instance()
    rng = np.random.default_rng(0)
    sh.user_ns.update(knb=knb, x=rng.normal(size=(64, 2)).astype("float32"))
    sh.user_ns["y"] = (sh.user_ns["x"].sum(axis=1) > 0).astype("float32")
    sh.run_cell(SETUP).raise_error()
    yield sh
    InteractiveShell.clear_instance()


def run(shell, code: str, *, error: type | None = None) -> list[dict]:
    """Run ``code`` as a cell; the outputs it sent (``update`` marks display updates)."""
    with capture_output() as captured:
        result = shell.run_cell(code, store_history=True)  # a new cell number, as a notebook
    if error is None:
        result.raise_error()
    else:
        assert isinstance(result.error_in_exec, error), result.error_in_exec
    return [{"data": o.data, "update": getattr(o, "update", False),
             "id": (getattr(o, "transient", None) or {}).get("display_id")}
            for o in captured.outputs]


def plots(outputs: list[dict]) -> list[dict]:
    return [o for o in outputs if "kerasnb-liveplot" in o["data"].get("text/html", "")]


def points(bundle: dict) -> int:
    return int(re.search(r"data-points='(\d+)'", bundle["text/html"]).group(1))


# -- which output auto picks --------------------------------------------------------------

@pytest.mark.parametrize("front, kind, live", [
    ("jupyter", SvgOutput, True), ("vscode", SvgOutput, True),
    ("colab", MatplotlibOutput, True), ("headless", MatplotlibOutput, False),
])
def test_auto_picks_svg_wherever_widgets_render(front, kind, live):
    output = choose("auto", front)
    assert type(output) is kind and output.live is live


def test_plotly_is_still_there_when_asked_for(monkeypatch):
    monkeypatch.setenv("KERASNB_FRONTEND", "jupyter")
    assert knb.LivePlot().backend == "svg"
    assert knb.LivePlot(backend="plotly").backend == "plotly"
    assert knb.LivePlot(backend="svg").backend == "svg"


def test_training_with_the_default_never_imports_plotly():
    code = """
import os, sys
os.environ["KERASNB_FRONTEND"] = "jupyter"
from IPython.core.interactiveshell import InteractiveShell
sh = InteractiveShell.instance()
r = sh.run_cell('''
import numpy as np, keras, kerasnb as knb
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
live = knb.LivePlot(update="batch")
model.fit(np.zeros((32, 2)), np.zeros(32), epochs=2, batch_size=8, verbose=0, callbacks=[live])
''')
r.raise_error()
print(sorted({m.split(".")[0] for m in sys.modules} & {"plotly", "anywidget"}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"


# -- one fit: live frames, then the final bundle ------------------------------------------

def test_a_fit_updates_one_html_display_and_ends_with_plotly_json(shell):
    out = run(shell, """
display({"text/plain": "kept"}, raw=True)
live = knb.LivePlot(max_fps=1e9)
model.fit(x, y, epochs=4, verbose=0, validation_split=0.25, callbacks=[live])
""")
    assert out[0]["data"] == {"text/plain": "kept"}  # other output stays: no clear_output()
    shown = [o for o in plots(out) if not o["update"]]
    assert len(shown) == 1 and shown[0]["id"]
    updates = [o for o in plots(out) if o["update"]]
    assert updates and all(o["id"] == shown[0]["id"] for o in updates)
    live_frames, final = updates[:-1], updates[-1]
    assert live_frames and all(PLOTLY_MIME not in o["data"] for o in live_frames)
    assert all("<svg" in o["data"]["text/html"] for o in live_frames)
    assert set(final["data"]) == {"text/html", PLOTLY_MIME, "text/plain"}
    assert "<svg" in final["data"]["text/html"] and "done: 4/4 epochs" in final["data"]["text/plain"]
    figure = final["data"][PLOTLY_MIME]
    json.dumps(figure)  # a notebook stores it as JSON
    loss = [t for t in figure["data"] if t.get("name") == "loss"]
    assert loss and len(loss[0]["y"]) == 4
    assert points(final["data"]) > points(live_frames[0]["data"])


def test_batch_updates_are_throttled_and_the_end_is_drawn(shell):
    out = run(shell, """
live = knb.LivePlot(update="batch")
model.fit(x, y, epochs=3, batch_size=2, verbose=0, callbacks=[live])
""")
    updates = [o for o in plots(out) if o["update"]]
    assert 1 < len(updates) < 3 * 32  # far fewer frames than batches
    final = updates[-1]["data"]
    names = [t.get("name") for t in final[PLOTLY_MIME]["data"]]
    assert "loss (batches)" in names and "done: 3/3 epochs" in final["text/plain"]
    live = shell.user_ns["live"]
    assert live._frames.drawn < 3 * 32


def test_one_liveplot_across_fits_and_cells(shell):
    first = run(shell, """
live = knb.LivePlot(max_fps=1e9)
model.fit(x, y, epochs=2, verbose=0, callbacks=[live])
model.fit(x, y, epochs=2, verbose=0, callbacks=[live])
""")
    shown = [o for o in plots(first) if not o["update"]]
    assert len(shown) == 1  # the same cell keeps its one display
    updates = [o for o in plots(first) if o["update"]]
    finals = [i for i, o in enumerate(updates) if PLOTLY_MIME in o["data"]]
    # The first fit's end, then live SVG again for the second fit, then its end.
    assert len(finals) == 2 and finals[-1] == len(updates) - 1
    assert any(PLOTLY_MIME not in o["data"] for o in updates[finals[0] + 1:])
    assert "done: 4/4 epochs" in updates[-1]["data"]["text/plain"]
    second = run(shell, "model.fit(x, y, epochs=1, verbose=0, callbacks=[live])")
    new = [o for o in plots(second) if not o["update"]]
    assert len(new) == 1 and new[0]["id"] != shown[0]["id"]  # a new cell, a new display
    assert "done: 5/5 epochs" in plots(second)[-1]["data"]["text/plain"]
    assert len(shell.user_ns["live"].history["loss"]) == 5


def test_ctrl_c_keeps_the_plot_and_marks_the_stop(shell):
    out = run(shell, """
class Stop(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        if epoch == 2:
            raise KeyboardInterrupt
live = knb.LivePlot()
model.fit(x, y, epochs=10, verbose=0, callbacks=[live, Stop()])
""", error=KeyboardInterrupt)
    final = plots(out)[-1]["data"]
    assert PLOTLY_MIME in final and "stopped" in final["text/plain"]
    loss = next(t for t in final[PLOTLY_MIME]["data"] if t.get("name") == "loss")
    assert len(loss["y"]) == 3
    assert len(shell.user_ns["live"].history["loss"]) == 3


def test_custom_loop_with_nan_and_inf_draws_and_ends_when_the_cell_ends(shell):
    out = run(shell, """
live = knb.LivePlot(max_fps=1e9)
for step, loss in enumerate([1.0, float("nan"), 0.5, float("inf"), 0.25]):
    live.update({"loss": loss, "val_loss": loss * 1.1}, step=step * 10)
""")
    frames = plots(out)
    assert all("<svg" in o["data"]["text/html"] for o in frames)
    final = frames[-1]["data"]
    assert PLOTLY_MIME in final  # the cell's end drew the final state
    loss = next(t for t in final[PLOTLY_MIME]["data"] if t.get("name") == "loss")
    assert loss["x"] == [0, 10, 20, 30, 40]
    assert loss["y"][1] is None or math.isnan(loss["y"][1])
    json.dumps(final[PLOTLY_MIME], allow_nan=False)  # no NaN in the stored JSON
    history = shell.user_ns["live"].history["loss"]
    assert history[0] == 1.0 and math.isnan(history[1]) and math.isinf(history[3])


def test_display_save_and_figure(shell, tmp_path):
    run(shell, "live = knb.LivePlot()\nlive.update({'loss': 0.5, 'accuracy': 0.7})")
    out = run(shell, "display(live)")
    assert len(out) == 1 and set(out[0]["data"]) == {"text/html", PLOTLY_MIME, "text/plain"}
    live = shell.user_ns["live"]
    assert type(live.figure).__name__ == "Figure"  # a matplotlib figure, no plotly import
    for suffix, start in ((".png", b"\x89PNG"), (".svg", b"<?xml"), (".html", b"<!DOCTYPE")):
        written = live.save(tmp_path / f"plot{suffix}")
        assert written.read_bytes().startswith(start)


@pytest.mark.slow
def test_inside_an_output_widget_frames_go_to_an_html_widget():
    """In a real kernel: the Output widget drops display updates, so no frame is sent as
    one; the frames set the value of an HTML widget shown inside the Output instead."""
    jupyter_client = pytest.importorskip("jupyter_client")
    import os
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    manager = jupyter_client.KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(root), env=dict(os.environ, PYTHONPATH=str(root),
                                                  KERASNB_FRONTEND="jupyter"))
    client = manager.client()
    client.start_channels()
    messages: list[dict] = []
    try:
        client.wait_for_ready(timeout=120)
        code = SETUP + """
import ipywidgets, numpy as np, kerasnb as knb
x = np.random.default_rng(0).normal(size=(64, 2)).astype("float32")
y = (x.sum(axis=1) > 0).astype("float32")
area = ipywidgets.Output()
display(area)
live = knb.LivePlot(max_fps=1e9)
with area:
    model.fit(x, y, epochs=3, verbose=0, callbacks=[live])
widget = live._output._widget
print(type(widget).__name__, "data-state='final'" in widget.value, "<svg" in widget.value,
      widget.value.count("data-points='9'"))  # loss, accuracy, learning rate: 3 epochs
"""
        reply = client.execute_interactive(code, timeout=240, output_hook=messages.append)
        assert reply["content"]["status"] == "ok", messages
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    kinds = [m["msg_type"] for m in messages]
    assert "update_display_data" not in kinds, kinds
    shown = [m["content"]["data"] for m in messages if m["msg_type"] == "display_data"]
    views = [d for d in shown if "application/vnd.jupyter.widget-view+json" in d]
    assert len(views) == 2  # the Output, and the HTML widget displayed inside it
    printed = "".join(m["content"].get("text", "") for m in messages if m["msg_type"] == "stream")
    assert printed.split() == ["HTML", "True", "True", "1"], printed


def test_the_default_opens_no_widget_so_a_rerun_leaves_nothing_behind(shell):
    from ipywidgets.widgets.widget import _instances

    before = len(_instances)
    for _ in range(3):  # the same cell, run three times
        out = run(shell, "live = knb.LivePlot()\nmodel.fit(x, y, epochs=1, verbose=0, "
                         "callbacks=[live])")
        assert len([o for o in plots(out) if not o["update"]]) == 1
    assert len(_instances) == before


@pytest.mark.parametrize("hub, at_most", [(False, 7), (True, 40)])
def test_a_browser_on_this_machine_gets_fewer_frames(monkeypatch, hub, at_most):
    """Locally the page's cost of a frame (tens of ms of Chromium's main thread, on the cores
    that train) counts in the redraw budget; on a hub or Binder the browser is elsewhere."""
    from kerasnb.callbacks.frames import Frames

    for name in ("JUPYTERHUB_SERVICE_PREFIX", "JUPYTERHUB_API_TOKEN", "BINDER_LAUNCH_HOST",
                 "BINDER_REQUEST", "COLAB_RELEASE_TAG"):
        monkeypatch.delenv(name, raising=False)
    if hub:
        monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/student-1/")
    now = [0.0]
    frames = Frames(SvgOutput(), max_fps=4, clock=lambda: now[0])
    frames.begin()
    for _ in range(40):  # a 10 s fit, an epoch every 0.25 s
        now[0] += 0.25
        frames.changed()
        frames.draw(lambda full: None, epoch_end=True)
    assert (frames.output.view_cost == 0) == hub
    # locally one frame per ~2 s of training at most (the first epoch's is forced); on a hub
    # every epoch (4 a second is max_fps)
    assert frames.drawn <= at_most
    assert frames.drawn >= (40 if hub else 4)
