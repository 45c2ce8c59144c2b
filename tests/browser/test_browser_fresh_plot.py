"""Scenario: a student's very first LivePlot, in a new kernel, draws its curves.

The default output draws SVG frames while the kernel trains (no plotly import), and the final
bundle carries plotly's JSON, which JupyterLab's plotly extension draws. The figure must show
every trace with its points once the cell is done, not an empty set of axes.
"""

import pytest
from labdriver import error_outputs, run_all

pytestmark = pytest.mark.browser

SOURCE = """\
import keras
import kerasnb as knb

keras.utils.set_random_seed(0)
(x, y), _ = knb.datasets.load("moons")
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(x, y, validation_split=0.25, epochs=6, verbose=0,
                    callbacks=[knb.LivePlot()])
"""

# For every plotly figure on the page: how many traces, and how many of them have points.
TRACES = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(el => ({
    traces: (el.data || []).length,
    with_points: (el.data || []).filter(t => t.x && t.x.length > 0).length,
}))"""


def test_first_liveplot_in_a_fresh_kernel_draws_its_curves(notebook):
    page = notebook("fresh-plot.ipynb", [SOURCE], fresh_kernel=True)
    assert run_all(page, timeout=300), error_outputs(page)
    page.wait_for_function(
        f"() => ({TRACES})().some(f => f.with_points >= 4)", timeout=30_000)
    figures = page.evaluate(TRACES)
    assert figures and figures[-1]["with_points"] >= 4, figures
