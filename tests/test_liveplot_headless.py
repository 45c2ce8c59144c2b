"""LivePlot in a real Jupyter kernel that nobody watches (nbclient), as nbval runs notebooks.

One notebook, one kernel: each cell checks what the stored notebook keeps.
"""

from __future__ import annotations

import os

import pytest

SETUP = """\
import numpy as np
import keras
import kerasnb as knb

rng = np.random.default_rng(0)
x = rng.normal(size=(160, 4)).astype("float32")
y = (x[:, 0] + x[:, 1] > 0).astype("float32")
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])

class StopAt(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        if epoch == 1:
            raise KeyboardInterrupt  # what Kernel > Interrupt does mid-fit
"""

CELLS = {
    "headless": """\
print("before fit")
live = knb.LivePlot()
_ = model.fit(x, y, epochs=3, validation_split=0.25, verbose=0, callbacks=[live])
print("backend:", live.backend, live._output.live)
""",
    "interrupted": """\
print("start")
stopped = knb.LivePlot()
model.fit(x, y, epochs=5, verbose=0, callbacks=[stopped, StopAt()])
""",
    "custom loop": """\
loop = knb.LivePlot()
for i in range(4):
    loop.update({"loss": 1.0 / (i + 1)})
print("loop done")
""",
    "live matplotlib": """\
print("kept")
framed = knb.LivePlot(backend="matplotlib", max_fps=1000)
_ = model.fit(x, y, epochs=3, verbose=0, callbacks=[framed])
""",
    "live plotly": """\
widget = knb.LivePlot(backend="plotly")
_ = model.fit(x, y, epochs=2, verbose=0, callbacks=[widget])
""",
}


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    cells = [nbformat.v4.new_code_cell(SETUP)]
    for name, source in CELLS.items():
        cell = nbformat.v4.new_code_cell(source)
        if name == "interrupted":
            cell.metadata["tags"] = ["raises-exception"]
        cells.append(cell)
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    env = dict(os.environ)
    for name in ("JPY_SESSION_NAME", "MPLBACKEND"):
        env.pop(name, None)
    # What nbclient, nbval and papermill kernels are detected as; the detection itself
    # is kerasnb._env's and tested in test_env.py. Forcing it keeps this test independent
    # of the command line that started pytest (a kernel's parent).
    env.update(KERASNB_FRONTEND="headless", TF_CPP_MIN_LOG_LEVEL="2",
               TF_ENABLE_ONEDNN_OPTS="0", PYTHONWARNINGS="ignore")
    cwd = tmp_path_factory.mktemp("notebook")
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(cwd)}})
    client.execute(env=env)
    return dict(zip(CELLS, nb.cells[1:], strict=True))


def kinds(cell):
    """Each output as its type, or its richest mimetype for display data."""
    out = []
    for output in cell.outputs:
        if output.output_type == "stream":
            out.append(("stream", output.text))
        elif output.output_type == "error":
            out.append(("error", output.ename))
        else:
            data = output.get("data", {})
            for mime in ("image/png", "application/vnd.jupyter.widget-view+json"):
                if mime in data:
                    out.append((mime, data.get("text/plain", "")))
                    break
            else:
                out.append((output.output_type, str(data.get("text/plain", ""))))
    return out


@pytest.mark.slow
def test_headless_kernel_stores_exactly_one_final_figure_and_keeps_prints(executed):
    outputs = kinds(executed["headless"])
    text = "".join(t for kind, t in outputs if kind == "stream")
    assert "before fit" in text and "backend: matplotlib False" in text
    images = [t for kind, t in outputs if kind == "image/png"]
    assert len(images) == 1, outputs
    assert "done: 3/3 epochs" in images[0] and "loss, accuracy" in images[0]
    assert outputs[0] == ("stream", "before fit\n")  # nothing cleared it


@pytest.mark.slow
def test_interrupted_fit_keeps_the_figure_marked_where_it_stopped(executed):
    outputs = kinds(executed["interrupted"])
    assert ("error", "KeyboardInterrupt") in outputs
    images = [t for kind, t in outputs if kind == "image/png"]
    assert len(images) == 1 and "stopped after epoch 2" in images[0], outputs
    assert outputs[0] == ("stream", "start\n")


@pytest.mark.slow
def test_custom_loop_shows_one_figure_when_the_cell_ends(executed):
    outputs = kinds(executed["custom loop"])
    assert [kind for kind, _ in outputs] == ["stream", "image/png"], outputs


@pytest.mark.slow
def test_live_matplotlib_updates_one_display_in_place(executed):
    outputs = kinds(executed["live matplotlib"])
    assert outputs[0] == ("stream", "kept\n")  # never clear_output()
    images = [t for kind, t in outputs if kind == "image/png"]
    assert len(images) == 1 and "done: 3/3 epochs" in images[0], outputs


@pytest.mark.slow
def test_live_plotly_shows_one_widget(executed):
    outputs = kinds(executed["live plotly"])
    # The widget, then the snapshot a saved notebook shows (hidden while the widget lives).
    assert [kind for kind, _ in outputs] == ["application/vnd.jupyter.widget-view+json",
                                             "display_data"]
    snapshot = executed["live plotly"].outputs[1].data
    assert "<img src='data:image/png;base64," in snapshot["text/html"]
    assert "done: 2/2 epochs" in snapshot["text/plain"]
