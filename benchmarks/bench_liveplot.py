"""What does watching training cost? LivePlot against a progress bar, livelossplot and TensorBoard.

Run:  .venv/bin/python benchmarks/bench_liveplot.py [--rounds 5] [--epochs 20]

Inside one real Jupyter kernel (nbclient executes a generated notebook) the
same small model, a 64-unit MLP on the digits set (1,437 training images of
8x8 pixels, 20% held out for validation, batch 32, 20 epochs), is fitted with:

- no callback and ``verbose=0`` (the reference),
- Keras' ``verbose=1`` progress bar,
- ``knb.LivePlot()`` and ``knb.LivePlot(update="batch")`` as the kernel picks
  them: nbclient's kernel is headless, so they draw one final figure,
- the same two forced onto the live paths a watched notebook gets:
  ``backend="plotly"`` (JupyterLab, Notebook 7, VS Code) and
  ``backend="matplotlib"`` (Colab),
- livelossplot's ``PlotLossesKeras()``,
- Keras' ``TensorBoard`` callback (logs in a temporary folder).

One compiled model is reused (weights reset before every fit), so each fit
runs the same traced training step and the difference is what the callback
costs. A first round warms up every configuration (imports, first figures)
and is reported apart; then the configurations are timed in rotating order
for ``--rounds`` rounds. Each is reported as the median over rounds of its
time divided by that round's no-callback time, for wall-clock time and for
the kernel's CPU time (on shared cores the CPU time is the steadier measure).

Writes the Markdown table to benchmarks/results/liveplot.md and prints it.
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

# name -> (label in the table, callbacks expression, verbose, goal)
CONFIGS = {
    "none": ("no callback (reference)", "[]", 0, ""),
    "progbar": ("`verbose=1` progress bar", "[]", 1, ""),
    "liveplot": ("`LivePlot()` (headless kernel: one final figure)", "[knb.LivePlot()]", 0,
                 "≤ 1.05×"),
    "liveplot_batch": ("`LivePlot(update=\"batch\")` (headless)",
                       "[knb.LivePlot(update='batch')]", 0, "≤ 1.15×"),
    "liveplot_plotly": ("`LivePlot(backend=\"plotly\")` (live widget)",
                        "[knb.LivePlot(backend='plotly')]", 0, "≤ 1.05×"),
    "liveplot_plotly_batch": ("`LivePlot(update=\"batch\", backend=\"plotly\")` (live widget)",
                              "[knb.LivePlot(update='batch', backend='plotly')]", 0, "≤ 1.15×"),
    "liveplot_matplotlib": ("`LivePlot(backend=\"matplotlib\")` (live PNG frames)",
                            "[knb.LivePlot(backend='matplotlib')]", 0, "≤ 1.05×"),
    "livelossplot": ("livelossplot `PlotLossesKeras()`", "[PlotLossesKeras()]", 0, ""),
    "tensorboard": ("Keras `TensorBoard` callback",
                    "[keras.callbacks.TensorBoard(log_dir=tempfile.mkdtemp(dir=LOGS))]", 0, ""),
}

SETUP = """\
import json, os, tempfile, time
import numpy as np
import keras
import kerasnb as knb
from livelossplot import PlotLossesKeras

LOGS = tempfile.mkdtemp()
(x_train, y_train), _ = knb.datasets.load("digits")
x_train = x_train.reshape(len(x_train), -1) / 16.0
keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(64, activation="relu"),
                          keras.layers.Dense(10, activation="softmax")])
model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
start_weights = model.get_weights()
model.fit(x_train, y_train, epochs=1, batch_size=32, validation_split=0.2, verbose=0)
times = {}
front_end = knb.about()["front end"]

def timed_fit(name, callbacks, verbose):
    model.set_weights(start_weights)
    wall, cpu = time.perf_counter(), time.process_time()
    model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32, validation_split=0.2,
              verbose=verbose, callbacks=callbacks)
    times.setdefault(name, []).append((time.perf_counter() - wall, time.process_time() - cpu))
"""


def make_notebook(rounds: int, epochs: int):
    import nbformat

    cells = [nbformat.v4.new_code_cell(f"EPOCHS = {epochs}\n" + SETUP)]
    names = list(CONFIGS)
    for r in range(rounds + 1):  # round 0 warms up
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            _, callbacks, verbose, _ = CONFIGS[name]
            cells.append(nbformat.v4.new_code_cell(
                f"timed_fit({name!r}, {callbacks}, {verbose})"))
    cells.append(nbformat.v4.new_code_cell(
        "print(json.dumps({'times': times, 'front_end': str(front_end)}))"))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def run(rounds: int, epochs: int) -> dict:
    import nbclient

    nb = make_notebook(rounds, epochs)
    env = dict(os.environ)
    for name in ("KERASNB_FRONTEND", "JPY_SESSION_NAME", "MPLBACKEND"):
        env.pop(name, None)
    env.update(TF_CPP_MIN_LOG_LEVEL="2", TF_ENABLE_ONEDNN_OPTS="0", KERASNB_QUIET="1",
               PYTHONWARNINGS="ignore")
    with tempfile.TemporaryDirectory() as cwd:
        client = nbclient.NotebookClient(nb, timeout=1800, kernel_name="python3",
                                         resources={"metadata": {"path": cwd}})
        client.execute(env=env)
    last = nb.cells[-1].outputs
    text = "".join(o.get("text", "") for o in last if o.output_type == "stream")
    return json.loads(text.strip().splitlines()[-1])


def table(result: dict, rounds: int, epochs: int) -> str:
    times = result["times"]
    ref_wall = [w for w, _ in times["none"][1:]]
    ref_cpu = [c for _, c in times["none"][1:]]
    rows = []
    for name, (label, _, _, goal) in CONFIGS.items():
        runs = times[name][1:]
        wall = statistics.median(w / r for (w, _), r in zip(runs, ref_wall, strict=True))
        cpu = statistics.median(c / r for (_, c), r in zip(runs, ref_cpu, strict=True))
        seconds = statistics.median(w for w, _ in runs)
        first = times[name][0][0]
        rows.append(f"| {label} | {seconds:.2f} s | **{wall:.2f}×** | {cpu:.2f}× | "
                    f"{first:.2f} s | {goal} |")
    import keras
    import plotly

    header = [
        "# LivePlot benchmark",
        "",
        f"{epochs}-epoch MLP (64 relu units, softmax over 10) on `knb.datasets.load(\"digits\")`"
        f" (1,437 images of 8x8, `validation_split=0.2`, batch 32), fitted inside one Jupyter "
        f"kernel run by nbclient (front end as detected there: {result['front_end']}). "
        f"One compiled model, weights reset before each fit; a warm-up round, then {rounds} "
        "rounds in rotating order. Ratios are the median over rounds of each fit's time "
        "divided by the same round's no-callback time.",
        "",
        f"Machine: {os.cpu_count()} CPU cores (shared), Python {platform.python_version()}, "
        f"Keras {keras.__version__}, plotly {plotly.__version__}; "
        f"{time.strftime('%Y-%m-%d')}. Command: `.venv/bin/python "
        f"benchmarks/bench_liveplot.py --rounds {rounds} --epochs {epochs}`.",
        "",
        "| callback | median time | wall-clock ratio | CPU-time ratio | first use (warm-up) "
        "| goal |",
        "|---|---|---|---|---|---|",
    ]
    notes = [
        "",
        "First use includes one-time imports in the kernel (plotly's first import also loads "
        "nbformat/jsonschema, which takes seconds on this machine), so it is reported apart.",
        "The headless rows are what nbval, nbclient and papermill runs get; the plotly rows are "
        "what a watched JupyterLab / Notebook 7 / VS Code notebook gets (`backend=\"auto\"` "
        "picks plotly there); the matplotlib row is the Colab path.",
        "",
    ]
    return "\n".join(header + rows + notes)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=20)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    result = run(args.rounds, args.epochs)
    text = table(result, args.rounds, args.epochs)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
