"""Scenario: a saved notebook keeps its pictures after a restart, in nbconvert HTML too.

Notebooks 00, 07 and 14 (LivePlot, interactive views, the model builder) and a
20-epoch LivePlot notebook are run in JupyterLab with a new kernel each, saved
(Lab's widget-state saving stays off, as `kerasnb lab` leaves it), then the
server is stopped and a new one started on the same folders, as a student who
comes back the next day. Reopened, every cell that drew something shows a picture
and no cell says "Error displaying widget". While the kernel lived, no snapshot
was visible next to its widget (nothing is shown twice). ``jupyter nbconvert --to
html`` of the saved notebooks has an ``<img>`` or ``<svg>`` in each such cell. The
default LivePlot (no widget) is saved as its final bundle, the SVG and plotly's JSON,
and reopened is drawn by JupyterLab's plotly extension (first the picture it stored when it
drew, then, with the mouse over it, the interactive figure).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest
from labdriver import (
    NOTEBOOKS,
    LabServer,
    cell_locator,
    close_notebook,
    error_outputs,
    free_port,
    kernel_id,
    lab_command,
    load_lab,
    open_notebook,
    picture_cells,
    run_all,
    save_notebook,
    shoot,
    shown_pictures,
    write_notebook,
)

from kerasnb.exercises import fill_solutions

pytestmark = pytest.mark.browser

TUTORIALS = ("00-start-here.ipynb", "07-image-classification-cnn.ipynb",
             "14-model-builder.ipynb")
LIVEPLOT = "liveplot-20-epochs.ipynb"
LIVEPLOT_CELLS = ["""\
import keras
import kerasnb as knb

keras.utils.set_random_seed(0)
(x, y), _ = knb.datasets.load("moons")
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy",
              metrics=["accuracy"])
history = model.fit(x, y, validation_split=0.25, epochs=20, batch_size=32, verbose=0,
                    callbacks=[knb.LivePlot(title="moons")])
"""]
# Saved sizes (bytes): small enough to mail, far from widget-state dumps of megabytes.
MAX_BYTES = {LIVEPLOT: 300_000, "00-start-here.ipynb": 250_000,
             "07-image-classification-cnn.ipynb": 1_000_000,
             "14-model-builder.ipynb": 400_000}
VIEWPORT = {"width": 1280, "height": 1100}


def _server(root, home) -> LabServer:
    port = free_port()
    return LabServer(lab_command(root, port), port=port, home=home, cwd=root).wait_ready()


def _page(browser, server, workspace):
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(60_000)
    page = context.new_page()
    load_lab(page, server, workspace=workspace)
    return context, page


def _wait_pictures(page, cells, timeout=60.0):
    """Wait until each of ``cells`` shows a picture and no widget says "Loading widget..."
    any more (reopened outputs render lazily; a dead widget ends as an error line)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        shown = shown_pictures(page)
        missing = [i for i in cells if shown[i]["pictures"] == 0]
        loading = page.evaluate("""() => Array.from(document.querySelectorAll(
            '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output')).some(
            el => el.getClientRects().length > 0 && el.innerText.includes('Loading widget'))""")
        if (not missing and not loading) or time.monotonic() > deadline:
            return shown, missing + (["still loading"] if loading else [])
        time.sleep(0.5)


def _wait_plotly(page, timeout=60.0):
    """Wait until the first cell's output is JupyterLab's plotly renderer, then hover it and
    wait for the interactive graph. (A saved plotly output reopens as the PNG the renderer
    stored when it drew; it becomes the interactive graph when the mouse comes over it.)"""
    import time

    def outputs():
        return page.evaluate("""() => Array.from(document.querySelector(
            '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')
            .querySelectorAll('.jp-OutputArea-output')).map(el => ({
                classes: el.className, renderer: el.matches('.jp-RenderedPlotly'),
                graph: el.matches('.js-plotly-plot') || !!el.querySelector('.js-plotly-plot'),
                image: !!el.querySelector('img')}))""")

    deadline = time.monotonic() + timeout
    while not any(o["renderer"] for o in outputs()):
        assert time.monotonic() < deadline, f"not drawn by the plotly renderer: {outputs()}"
        time.sleep(0.5)
    cell_locator(page, 0).locator(".jp-RenderedPlotly").first.hover()
    while not any(o["graph"] for o in outputs()):
        assert time.monotonic() < deadline, f"no interactive figure after reopening: {outputs()}"
        time.sleep(0.5)


def _html_cells(html: str) -> list[str]:
    """The exported HTML cut into one piece per notebook cell (lab template)."""
    return re.split(r'<div[^>]*class="jp-Cell ', html)[1:]


@pytest.fixture
def folders(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    for name in TUTORIALS:
        shutil.copy2(NOTEBOOKS / name, root / name)
        fill_solutions(root / name)  # a learner who did the exercises (blanks would raise)
    write_notebook(root / LIVEPLOT, LIVEPLOT_CELLS)
    return root, tmp_path / "home"


def test_saved_notebooks_keep_their_pictures(browser, folders, tmp_path):
    root, home = folders
    names = (LIVEPLOT, *TUTORIALS)

    # 1. Run every notebook in a live JupyterLab and save it.
    server = _server(root, home)
    try:
        context, page = _page(browser, server, "saved-run")
        shared = None  # one kernel runs them all: each notebook imports and seeds its own
        for name in names:
            open_notebook(page, name, kernel_id=shared)
            shared = shared or kernel_id(page)
            ok = run_all(page, timeout=400)
            assert ok and not error_outputs(page), (name, error_outputs(page))
            live = shown_pictures(page)
            twice = [i for i, c in enumerate(live) if c["shown_snapshots"]]
            assert not twice, f"{name}: a snapshot shows beside its live widget in cells {twice}"
            # The default LivePlot is no widget (its output is the picture): 00 and the
            # LivePlot notebook show none.
            if name not in (LIVEPLOT, "00-start-here.ipynb"):
                assert sum(c["snapshots"] for c in live) > 0, f"{name}: no widget left a snapshot"
            save_notebook(page)
            close_notebook(page)
        context.close()
    finally:
        server.stop()

    saved = {name: json.loads((root / name).read_text(encoding="utf-8")) for name in names}
    for name, nb in saved.items():
        assert "widgets" not in nb["metadata"], f"{name}: widget state was saved"
        size = (root / name).stat().st_size
        print(f"saved {name}: {size:,} bytes")
        assert size < MAX_BYTES[name], f"{name} is {size:,} bytes saved"
    # The default LivePlot's one output, as JupyterLab saved it: the final bundle.
    outputs = saved[LIVEPLOT]["cells"][0]["outputs"]
    plots = [o for o in outputs if "kerasnb-liveplot" in "".join(o.get("data", {}).get(
        "text/html", ""))]
    assert len(plots) == 1, outputs
    bundle = plots[0]["data"]
    assert "<svg" in "".join(bundle["text/html"]) and "done: 20/20 epochs" in "".join(
        bundle["text/plain"])
    loss = [t for t in bundle["application/vnd.plotly.v1+json"]["data"] if t.get("name") == "loss"]
    assert loss and len(loss[0]["x"]) == 20, bundle["application/vnd.plotly.v1+json"]["data"]

    # 2. A new server on the same folders: reopen, look at every cell that drew something.
    server = _server(root, home)
    try:
        context, page = _page(browser, server, "saved-reopen")
        for name in names:
            open_notebook(page, name)
            cells = picture_cells(saved[name])
            assert cells, f"{name}: no cell drew anything"
            shown, missing = _wait_pictures(page, cells)
            errors = [(i, c["errors"]) for i, c in enumerate(shown) if c["errors"]]
            assert not errors, f"{name} reopened shows widget errors: {errors}"
            assert not missing, f"{name} reopened: cells {missing} show no picture"
            if name == LIVEPLOT:  # the interactive figure, drawn from the saved JSON
                _wait_plotly(page)
                shoot(page, "saved-liveplot-reopened", cell_locator(page, 0))
            if name == "00-start-here.ipynb":
                live_cell = max(cells)  # the first training run, near the end
                cell_locator(page, live_cell).scroll_into_view_if_needed()
                shoot(page, "saved-reopened", cell_locator(page, live_cell))
            close_notebook(page)
            server.shutdown_kernels()
        context.close()
    finally:
        server.stop()

    # 3. nbconvert HTML (what nbviewer shows): a picture in each such cell, no widget error.
    out = tmp_path / "html"
    for name in names:
        subprocess.run([sys.executable, "-m", "nbconvert", "--to", "html", "--output-dir",
                        str(out), str(root / name)], check=True, capture_output=True,
                       timeout=120)
        html = (out / name.replace(".ipynb", ".html")).read_text(encoding="utf-8")
        pieces = _html_cells(html)
        assert len(pieces) == len(saved[name]["cells"]), name
        bare = [i for i in picture_cells(saved[name])
                if "<img" not in pieces[i] and "<svg" not in pieces[i]]
        assert not bare, f"{name}.html: cells {bare} have no <img> or <svg>"
        # Our pictures need no network: inline data, no script, nothing fetched.
        online = [i for i in picture_cells(saved[name])
                  if "<script" in pieces[i] or re.search(r'src=["\']https?:', pieces[i])]
        assert not online, f"{name}.html: cells {online} load something from the network"
        assert "Error displaying widget" not in html
        assert "waiting for the first epoch" not in html, f"{name}.html: a stale heading"
