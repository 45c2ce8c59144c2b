"""Scenario 5: confusion_matrix in JupyterLab: clicking a cell shows that cell's examples."""

import json

import pytest
from labdriver import cells, error_outputs, output_locator, run_all, shoot, stream_text

pytestmark = pytest.mark.browser

DATA = """\
import json
import kerasnb as knb

model = knb.pretrained.load("mnist_0to4")
_, (x, y) = knb.datasets.load("mnist")
keep = y < 5
x, y = (x[keep] / 255.0).reshape(-1, 28, 28, 1).astype("float32"), y[keep]
"""
SHOW = """\
cm = knb.confusion_matrix(model, x, y, class_names=["zero", "one", "two", "three", "four"])
cm
"""
COUNTS = 'print("counts", json.dumps(cm.counts.tolist()))'
NAMES = ["zero", "one", "two", "three", "four"]


def the_cell_to_click(counts: list[list[int]]) -> tuple[int, int]:
    """The most frequent mistake (true, predicted), or the first class if there is none."""
    k = len(counts)
    mistakes = [(counts[i][j], i, j) for i in range(k) for j in range(k) if i != j]
    n, i, j = max(mistakes)
    return (i, j) if n else (0, 0)


def test_clicking_a_cell_shows_its_examples(notebook):
    page = notebook("confusion.ipynb", [DATA, SHOW, COUNTS])
    assert run_all(page), error_outputs(page)
    printed = stream_text(cells(page)[2])
    counts = json.loads(printed.split("counts", 1)[1])
    true, pred = the_cell_to_click(counts)

    figure = output_locator(page, 1).locator(".kerasnb-cm")
    examples = output_locator(page, 1).locator(".kerasnb-cm-examples")
    figure.locator(".js-plotly-plot .heatmaplayer").wait_for(timeout=60_000)
    assert examples.inner_text().strip() == ""

    # click the middle of cell (true, pred): columns are predicted classes, rows true ones
    # from the top (the y axis is reversed)
    area = figure.locator(".js-plotly-plot .nsewdrag").first.bounding_box()
    k = len(counts)
    page.mouse.click(area["x"] + (pred + 0.5) * area["width"] / k,
                     area["y"] + (true + 0.5) * area["height"] / k)

    caption = f"{counts[true][pred]} samples of class {NAMES[true]} predicted as {NAMES[pred]}"
    page.wait_for_function("([el, text]) => el.innerText.includes(text)",
                           arg=[examples.element_handle(), caption], timeout=60_000)
    examples.locator("img").first.wait_for()
    assert not error_outputs(page), error_outputs(page)
    shoot(page, "confusion-matrix", output_locator(page, 1))
