"""Scenario 2: LivePlot in a live JupyterLab draws while the model trains, beside the cell's print."""

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
live = knb.LivePlot(title="moons")
history = model.fit(x, y, validation_split=0.25, epochs={EPOCHS}, batch_size=32, verbose=0,
                    callbacks=[live, slow])
"""

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
    };
}"""


def test_liveplot_grows_while_training(notebook):
    page = notebook("liveplot.ipynb", [SOURCE])
    output = output_locator(page, 0)

    run_all(page, wait=False)
    output.locator(".js-plotly-plot").first.wait_for(timeout=120_000)
    samples = []
    running = True
    deadline = time.monotonic() + 120
    while running and time.monotonic() < deadline:
        running = not run_all_done(page)
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

    final = output.evaluate(POINTS)
    assert final["data"] == EPOCHS, final
    assert {"loss", "val_loss"} <= set(final["names"]), final["names"]
    assert final["markers"] >= EPOCHS, final
    assert GREETING in stream_text(cells(page)[0])
    assert GREETING in output.inner_text(), "the printed line is gone from the cell"
    shoot(page, "liveplot", output)
