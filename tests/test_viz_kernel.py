"""The viz results displayed by a real Jupyter kernel (nbclient): one output each, right type."""

from __future__ import annotations

import os

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

SETUP = """
import numpy as np
import keras
from keras import layers
import kerasnb as knb
x = np.random.default_rng(0).random((20, 8, 8, 1)).astype("float32")
y = np.arange(20) % 3
model = keras.Sequential([keras.Input((8, 8, 1)), layers.Conv2D(2, 3, name="conv"),
                          layers.Flatten(), layers.Dense(3, activation="softmax")])
"""

WIDGET = "application/vnd.jupyter.widget-view+json"
CELLS = {
    "knb.show_model(model)": "image/svg+xml",
    "knb.summary(model)": "text/html",
    "knb.show_images(x[:4], y[:4])": "image/png",
    "knb.show_activations(model, x)": "image/png",
    "knb.show_filters(model)": "image/png",
    "knb.saliency(model, x[:2])": "image/png",
    "knb.show_predictions(model, x, y, n=4)": "image/png",
    "knb.confusion_matrix(model, x, y)": "image/png",
    "knb.show_activations(model, x, interactive=True)": WIDGET,
    "knb.confusion_matrix(model, x, y, interactive=True)": WIDGET,
}


@pytest.mark.slow
def test_each_view_shows_once_in_a_headless_kernel():
    sources = [SETUP, *CELLS]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    # a kernel nobody watches, as under nbval or nbclient: static pictures by default
    env = {**os.environ, "KERASNB_FRONTEND": "headless"}
    nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3").execute(env=env)
    for cell, mime in zip(notebook.cells[1:], CELLS.values(), strict=True):
        results = [o for o in cell.outputs if o.output_type in ("execute_result", "display_data")]
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, (cell.source, errors)
        if mime == WIDGET:  # the widget, then the snapshot a saved notebook shows
            assert len(results) == 2, cell.source
            assert "<img" in results.pop()["data"]["text/html"], cell.source
        assert len(results) == 1, cell.source  # shown once, not also by a pyplot backend
        assert set(results[0]["data"]) == {mime, "text/plain"}, cell.source
