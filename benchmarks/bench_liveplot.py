"""What does watching training cost? LivePlot against a progress bar, livelossplot and TensorBoard.

Run:  .venv/bin/python benchmarks/bench_liveplot.py [--rounds 5] [--epochs 20]

Inside one real Jupyter kernel (nbclient executes a generated notebook) the
same small model, a 64-unit MLP on the digits set (1,437 training images of
8x8 pixels, 20% held out for validation, batch 32, 20 epochs), is fitted with:

- no callback and ``verbose=0`` (the reference),
- Keras' progress bar (``verbose=1``),
- ``knb.LivePlot()`` and ``knb.LivePlot(update="batch")`` as the kernel picks
  them: nbclient's kernel is headless, so they draw one final figure,
- the same forced onto the live paths a watched notebook gets:
  ``backend="plotly"`` (JupyterLab, Notebook 7, VS Code) and
  ``backend="matplotlib"`` (Colab),
- livelossplot's ``PlotLossesKeras()``,
- Keras' ``TensorBoard`` callback (logs in a temporary folder).

One compiled model is reused (weights reset before every fit), so every fit
runs the same traced training step and the difference is what the callback
costs. A warm-up round pays the one-time costs (imports, first figures) and is
reported apart. Then, for ``--rounds`` rounds, each callback is timed right
next to a no-callback fit (callback first in odd rounds, reference first in
even ones), so a change in the machine's load hits both alike. Reported per
callback, as medians over the rounds:

- its fit time divided by the adjacent no-callback fit time (wall clock);
- the time spent inside its hooks (every callback is wrapped in a timer that
  forwards the hooks it overrides and no others), as a share of the
  no-callback fit time: what the callback itself costs, steadier on a shared
  machine than a difference of two wall-clock times.

Writes the Markdown table to benchmarks/results/liveplot.md and prints it.
``--final-frame`` measures only the static form a saved notebook keeps (made
once at the end of a fit) and rewrites that section of the results.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "liveplot.md"

# name -> (label in the table, callback expression, goal)
CONFIGS = {
    "progbar": ("`verbose=1` progress bar", "keras.callbacks.ProgbarLogger()", ""),
    "liveplot": ("`LivePlot()`, headless kernel: one final figure", "knb.LivePlot()",
                 "≤ 5% extra"),
    "liveplot_batch": ("`LivePlot(update=\"batch\")`, headless",
                       "knb.LivePlot(update='batch')", "≤ 15% extra"),
    "liveplot_svg": ("`LivePlot(backend=\"svg\")`, live SVG frames (the default where "
                     "widgets render)", "knb.LivePlot(backend='svg')", "≤ 5% extra"),
    "liveplot_svg_batch": ("`LivePlot(update=\"batch\", backend=\"svg\")`, live SVG frames",
                           "knb.LivePlot(update='batch', backend='svg')", "≤ 15% extra"),
    "liveplot_plotly": ("`LivePlot(backend=\"plotly\")`, live widget",
                        "knb.LivePlot(backend='plotly')", "≤ 5% extra"),
    "liveplot_plotly_batch": ("`LivePlot(update=\"batch\", backend=\"plotly\")`, live widget",
                              "knb.LivePlot(update='batch', backend='plotly')", "≤ 15% extra"),
    "liveplot_matplotlib": ("`LivePlot(backend=\"matplotlib\")`, live PNG frames",
                            "knb.LivePlot(backend='matplotlib')", "≤ 5% extra"),
    "livelossplot": ("livelossplot `PlotLossesKeras()`", "PlotLossesKeras()", ""),
    "tensorboard": ("Keras `TensorBoard` callback",
                    "keras.callbacks.TensorBoard(log_dir=tempfile.mkdtemp(dir=LOGS))", ""),
}

SETUP = """\
import json, os, tempfile, time
import numpy as np
import keras
import kerasnb as knb
from livelossplot import PlotLossesKeras

HOOKS = ("on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end", "on_test_begin",
         "on_test_end", "on_train_batch_begin", "on_train_batch_end", "on_test_batch_begin",
         "on_test_batch_end", "on_batch_begin", "on_batch_end")


class Timed(keras.callbacks.Callback):
    \"\"\"Forwards the hooks ``inner`` overrides (no others) and sums the time they take.\"\"\"

    def __init__(self, inner):
        super().__init__()
        self.inner, self.seconds = inner, 0.0
        for name in HOOKS:
            method = getattr(inner, name)
            if not getattr(method, "_is_default", False):
                setattr(self, name, self._timed(method))

    def _timed(self, method):
        def hook(*args, **kwargs):
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
        return hook

    def set_model(self, model):
        super().set_model(model)
        self.inner.set_model(model)

    def set_params(self, params):
        super().set_params(params)
        if isinstance(self.inner, keras.callbacks.ProgbarLogger):
            params = {**params, "verbose": 1}  # fit(verbose=0): only this bar prints
        self.inner.set_params(params)


LOGS = tempfile.mkdtemp()
(x_train, y_train), _ = knb.datasets.load("digits")
x_train = x_train.reshape(len(x_train), -1) / 16.0
keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(64, activation="relu"),
                          keras.layers.Dense(10, activation="softmax")])
model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
start_weights = model.get_weights()
model.fit(x_train, y_train, epochs=1, batch_size=32, validation_split=0.2, verbose=0)
runs = []
front_end = knb.about()["front end"]


def timed_fit(callback=None):
    callbacks = [] if callback is None else [Timed(callback)]
    model.set_weights(start_weights)
    start = time.perf_counter()
    model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32, validation_split=0.2,
              verbose=0, callbacks=callbacks)
    return time.perf_counter() - start, callbacks[0].seconds if callbacks else 0.0


def pair(name, make, reference_first):
    if reference_first:
        reference, (seconds, inside) = timed_fit(), timed_fit(make())
    else:
        (seconds, inside), reference = timed_fit(make()), timed_fit()
    runs.append(dict(name=name, seconds=seconds, inside=inside, reference=reference[0]))
"""


def make_notebook(rounds: int, epochs: int, names: list[str]):
    import nbformat

    cells = [nbformat.v4.new_code_cell(f"EPOCHS = {epochs}\n" + SETUP)]
    for r in range(rounds + 1):  # round 0 warms up
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            cells.append(nbformat.v4.new_code_cell(
                f"pair({name!r}, lambda: {CONFIGS[name][1]}, reference_first={r % 2 == 0})"))
    cells.append(nbformat.v4.new_code_cell(
        "print(json.dumps({'runs': runs, 'front_end': str(front_end)}))"))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def run(rounds: int, epochs: int, names: list[str]) -> dict:
    import nbclient

    nb = make_notebook(rounds, epochs, names)
    env = dict(os.environ)
    for name in ("KERASNB_FRONTEND", "JPY_SESSION_NAME", "MPLBACKEND"):
        env.pop(name, None)
    env.update(TF_CPP_MIN_LOG_LEVEL="2", TF_ENABLE_ONEDNN_OPTS="0", KERASNB_QUIET="1",
               PYTHONWARNINGS="ignore")
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as cwd:
        client = nbclient.NotebookClient(nb, timeout=1800, kernel_name="python3",
                                         resources={"metadata": {"path": cwd}})
        client.execute(env=env)
    last = nb.cells[-1].outputs
    text = "".join(o.get("text", "") for o in last if o.output_type == "stream")
    result = json.loads(text.strip().splitlines()[-1])
    result["load"] = (load_before, os.getloadavg()[0])
    return result


def table(result: dict, rounds: int, epochs: int) -> str:
    import keras
    import plotly

    by_name: dict[str, list[dict]] = {}
    for run in result["runs"]:
        by_name.setdefault(run["name"], []).append(run)
    references = [r["reference"] for r in result["runs"][len(by_name):]]
    rows = [f"| no callback (reference) | {statistics.median(references):.2f} s | 1.00× | "
            f"— | — | |"]
    for name, (label, _, goal) in CONFIGS.items():
        if name not in by_name:
            continue
        warm, *timed = by_name[name]
        ratio = statistics.median(r["seconds"] / r["reference"] for r in timed)
        inside = statistics.median(r["inside"] / r["reference"] for r in timed)
        seconds = statistics.median(r["seconds"] for r in timed)
        rows.append(f"| {label} | {seconds:.2f} s | **{ratio:.2f}×** | {100 * inside:.1f}% | "
                    f"{warm['seconds']:.2f} s | {goal} |")
    header = [
        "# LivePlot benchmark",
        "",
        f"{epochs}-epoch MLP (64 relu units, softmax over 10) on `knb.datasets.load(\"digits\")`"
        " (1,437 images of 8x8, `validation_split=0.2`, batch 32), fitted inside one Jupyter "
        f"kernel run by nbclient (front end as detected there: {result['front_end']}). One "
        "compiled model, weights reset before each fit. After a warm-up round, each callback "
        f"is timed {rounds} times, each time right next to a no-callback fit; the table gives "
        "medians over those rounds.",
        "",
        "- **ratio**: the fit's wall-clock time divided by the adjacent no-callback fit's.",
        "- **inside hooks**: time spent in the callback's own hooks, as a share of the "
        "no-callback fit time (what the callback itself costs; steadier than the ratio "
        "when other work shares the cores).",
        "- **first use**: the warm-up fit, with one-time imports and first figures.",
        "",
        f"Machine: {os.cpu_count()} CPU cores shared with other work (load average "
        f"{result['load'][0]:.1f} at the start, {result['load'][1]:.1f} at the end), Python "
        f"{platform.python_version()}, Keras {keras.__version__}, plotly {plotly.__version__}; "
        f"{time.strftime('%Y-%m-%d')}. Command: `.venv/bin/python "
        f"benchmarks/bench_liveplot.py --rounds {rounds} --epochs {epochs}`.",
        "",
        "| callback | median fit time | ratio | inside hooks | first use | goal |",
        "|---|---|---|---|---|---|",
    ]
    notes = [
        "",
        "The headless rows are what nbval, nbclient and papermill runs get (one final PNG); the "
        "SVG rows are what a watched JupyterLab / Notebook 7 / VS Code notebook gets "
        "(`backend=\"auto\"` picks svg there); the plotly rows are the plotly widget asked for "
        "by name (nobody renders anything here, so the browser's drawing is not counted, as it "
        "runs outside the kernel: see \"With a browser attached\" below for that); the "
        "matplotlib row is the Colab path. First use includes imports: plotly's first import also loads "
        "nbformat and jsonschema, which takes seconds. What one matplotlib frame costs, "
        "without a kernel: `benchmarks/bench_liveplot_frames.py` "
        "(`benchmarks/results/liveplot_frames.md`).",
        "",
    ]
    return "\n".join(header + rows + notes)


FINAL_HEADING = "## The picture a saved notebook keeps"


def final_frame(rounds: int, epochs: int) -> str:
    """Cost of the static form made once at the end of a fit, for a 4-panel LivePlot.

    Measured in this process (no kernel needed): the final PNG through matplotlib
    on a new figure (first fit of a layout) and on the figure kept for its layout
    (later fits), the snapshot the plotly output sends (PNG in HTML), and the
    bundle ``display(live)`` shows (plotly JSON and PNG).
    """
    import kerasnb as knb
    from kerasnb.callbacks.backends import matplotlib as mpl_backend
    from kerasnb.callbacks.backends import mpl_figure
    from kerasnb.callbacks.backends.plotly import PlotlyOutput, static_bundle

    live = knb.LivePlot(backend="text", title="a four-panel run")
    for i in range(1, epochs + 1):
        live.update({"loss": 1 / i, "val_loss": 1.1 / i, "accuracy": 1 - 1 / (i + 1),
                     "val_accuracy": 1 - 1.2 / (i + 1), "auc": 0.5 + i / (3 * epochs),
                     "val_auc": 0.5 + i / (4 * epochs), "learning_rate": 1e-3 * 0.9 ** i})
    scene = live._scene()
    assert len(scene.panels) == 4, [p.name for p in scene.panels]
    output = PlotlyOutput()
    output._final = scene

    def fresh():
        mpl_figure._kept.clear()
        return mpl_backend.final_bundle(scene)

    cases = [("final PNG, first fit of this panel layout (new figure)", fresh),
             ("final PNG, later fits (figure kept for the layout)",
              lambda: mpl_backend.final_bundle(scene)),
             ("plotly output's snapshot (PNG in HTML)", output._picture),
             ("`display(live)` bundle (plotly JSON + PNG)", lambda: static_bundle(scene))]
    rows = []
    for label, call in cases:
        call()  # warm-up: imports, fonts
        walls, cpus = [], []
        for _ in range(rounds):
            start, cpu = time.perf_counter(), time.process_time()
            result = call()
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
        data = result.data if hasattr(result, "data") else result
        size = len(str(data.get("image/png", data)))
        rows.append(f"| {label} | **{statistics.median(cpus) * 1000:.0f} ms** | "
                    f"{max(cpus) * 1000:.0f} ms | {statistics.median(walls) * 1000:.0f} ms | "
                    f"{size / 1000:.0f} KB |")
    return "\n".join([
        FINAL_HEADING, "",
        f"A LivePlot of {epochs} epochs with 4 panels (loss, accuracy, auc, learning rate) "
        "makes its static form once, when the fit ends (or is interrupted): the picture the "
        "saved notebook, nbconvert, nbviewer and GitHub show. Goal: under 0.3 s. "
        f"Median and worst CPU time of this process over {rounds} rounds after a warm-up "
        "(steadier than wall time when other work shares the cores; the wall-time median "
        f"is given too, with the machine's load average {os.getloadavg()[0]:.1f} at the "
        "end); size of what is stored "
        f"(base64). Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}. "
        "Command: `.venv/bin/python benchmarks/bench_liveplot.py --final-frame`.", "",
        "| static form | CPU median | CPU worst | wall median | stored |",
        "|---|---|---|---|---|", *rows, ""])


def _replace_section(text: str, section: str) -> str:
    head = text.split(FINAL_HEADING)[0].rstrip("\n")
    return f"{head}\n\n{section}" if head else section


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--final-frame", action="store_true",
                        help="only measure the static form made at the end of a fit")
    parser.add_argument("--only", action="append", choices=list(CONFIGS),
                        help="time only this callback (repeatable); prints, writes nothing")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("MPLBACKEND", "agg")
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else ""
    if args.final_frame:
        text = _replace_section(old, final_frame(max(args.rounds, 5), args.epochs))
    elif args.only:
        result = run(args.rounds, args.epochs, args.only)
        sys.stdout.write(table(result, args.rounds, args.epochs))
        return
    else:
        result = run(args.rounds, args.epochs, list(CONFIGS))
        section = old[old.index(FINAL_HEADING):] if FINAL_HEADING in old else ""
        text = table(result, args.rounds, args.epochs)
        text = _replace_section(text, section) if section else text
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
