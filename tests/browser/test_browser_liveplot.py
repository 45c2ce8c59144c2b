"""Scenario 2: LivePlot in a live JupyterLab draws while the model trains, beside the cell's print.

The default output (svg) shows SVG frames that grow while training runs and, at the end,
the interactive plotly figure (drawn by JupyterLab's plotly extension from the final
bundle); ``backend="plotly"`` is the FigureWidget, which grows in place.
"""

import time

import pytest
from labdriver import (
    cells,
    error_outputs,
    output_locator,
    run_all,
    run_all_done,
    shoot,
    stream_text,
    wait_run_all,
)

pytestmark = pytest.mark.browser

EPOCHS = 20
GREETING = "Training a small network on the two moons."

# Each epoch also waits a little, so a person (and this test) sees the plot grow.
SOURCE = f"""\
import time
import keras
import kerasnb as knb

keras.utils.set_random_seed(0)
(x, y), _ = knb.datasets.load("moons")
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy",
              metrics=["accuracy"])
print("{GREETING}")
slow = keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: time.sleep(0.5))
live = knb.LivePlot(title="moons"{{backend}})
history = model.fit(x, y, validation_split=0.25, epochs={EPOCHS}, batch_size=32, verbose=0,
                    callbacks=[live, slow])
"""

# Epochs the SVG frame shows (its longest epoch line).
SVG_EPOCHS = """cell => {
    const frame = cell.querySelector('.kerasnb-liveplot');
    if (!frame || !frame.querySelector('svg')) return null;
    return Number(frame.dataset.epochs);
}"""

# Points per trace of the first plotly figure in the cell: the figure's own data and the
# marker elements plotly drew in the SVG.
POINTS = """cell => {
    const plot = cell.querySelector('.js-plotly-plot');
    if (!plot || !plot.data) return null;
    const traces = plot.data.filter(t => t.name !== 'best');
    return {
        data: Math.max(0, ...traces.map(t => (t.x || []).length)),
        names: traces.map(t => t.name),
        markers: plot.querySelectorAll('.scatterlayer .trace .points path').length,
        lines: plot.querySelectorAll('.scatterlayer .trace .js-line').length,
    };
}"""


@pytest.mark.parametrize("backend", ["auto", "plotly"])
def test_liveplot_grows_while_training(notebook, backend):
    arg = "" if backend == "auto" else f", backend={backend!r}"
    page = notebook(f"liveplot-{backend}.ipynb", [SOURCE.replace("{backend}", arg)])
    output = output_locator(page, 0)

    run_all(page, wait=False)
    live_view = ".kerasnb-liveplot svg" if backend == "auto" else ".js-plotly-plot"
    output.locator(live_view).first.wait_for(timeout=120_000)
    samples = []
    running = True
    deadline = time.monotonic() + 120
    while running and time.monotonic() < deadline:
        running = not run_all_done(page)
        if backend == "auto":
            points = output.evaluate(SVG_EPOCHS)
            points = None if points is None else {"data": points}
        else:
            points = output.evaluate(POINTS)
        if running and points is not None:
            samples.append(points["data"])
        time.sleep(0.25)
    assert wait_run_all(page), error_outputs(page)
    assert not error_outputs(page), error_outputs(page)

    assert samples == sorted(samples), f"the number of points went down: {samples}"
    partial = sorted({n for n in samples if 0 < n < EPOCHS})
    assert len(partial) >= 3, (
        f"the plot did not grow while training ran; points seen: {samples}")

    if backend == "auto":  # the final bundle: JupyterLab's plotly extension draws it
        output.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
        assert output.locator(".kerasnb-liveplot").count() == 0  # the SVG gave way to it
    final = output.evaluate(POINTS)
    assert final["data"] == EPOCHS, final
    assert {"loss", "val_loss"} <= set(final["names"]), final["names"]
    if backend == "plotly":
        assert final["markers"] >= EPOCHS, final
    else:  # the final figure's look is the drawing code's; here: its lines are drawn
        assert final["lines"] >= 2, final
    assert GREETING in stream_text(cells(page)[0])
    assert GREETING in output.inner_text(), "the printed line is gone from the cell"
    shoot(page, "liveplot" if backend == "auto" else "liveplot-plotly", output)
