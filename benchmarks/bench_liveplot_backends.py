"""What does LivePlot cost on each Keras backend? The same fit with and without it.

Run:  python benchmarks/bench_liveplot_backends.py [--rounds 5] [--epochs 20]
          [--python jax=/path/to/venv/bin/python --python torch=...]

For each backend (TensorFlow with this Python; JAX and PyTorch with this Python
where they are importable, or with the Python given by ``--python``), one
worker process fits the LivePlot benchmark's model, a 64-unit MLP on the
digits set (20% held out, batch 32), under ``KERAS_BACKEND=<backend>`` with
``KERASNB_FRONTEND=headless``, as nbval and nbclient runs see it:

- no callback (the reference),
- ``knb.LivePlot()`` (headless: collects every epoch, one final figure),
- ``knb.LivePlot(update="batch")``.

One compiled model per worker, weights reset before each fit; a warm-up round
first, then ``--rounds`` rounds in which each LivePlot fit runs right next to a
no-callback fit (order alternating). Reported per backend: the median ratio of
the fit times and the median time inside LivePlot's hooks as a share of the
reference fit. Writes a section at the end of benchmarks/results/liveplot.md
(replacing an earlier one) and prints it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "liveplot.md"
HEADING = "## LivePlot on each Keras backend"
BACKENDS = ("tensorflow", "jax", "torch")


def worker(rounds: int, epochs: int) -> dict:
    """Runs inside the backend's process; returns the timings as a dict."""
    import keras

    import kerasnb as knb

    (x, y), _ = knb.datasets.load("digits")
    x = x.reshape(len(x), -1).astype("float32") / 16.0
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((x.shape[1],)), keras.layers.Dense(64, "relu"),
                              keras.layers.Dense(10, "softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    start = [w.copy() for w in model.get_weights()]

    def fit(callback=None) -> tuple[float, float]:
        model.set_weights(start)
        hooks = 0.0
        if callback is not None:
            timer = _HookTimer(callback)
            callbacks = [timer]
        else:
            callbacks = []
        t = time.perf_counter()
        model.fit(x, y, epochs=epochs, batch_size=32, validation_split=0.2, verbose=0,
                  callbacks=callbacks)
        if callback is not None:
            hooks = timer.spent
        return time.perf_counter() - t, hooks

    makers = {"epoch": knb.LivePlot, "batch": lambda: knb.LivePlot(update="batch")}
    first = {name: fit(make())[0] for name, make in makers.items()}
    fit()
    rows = {name: {"ratio": [], "hooks": [], "fit": []} for name in makers}
    reference = []
    for r in range(rounds):
        for name, make in makers.items():
            if r % 2:
                base, _ = fit()
                spent, hooks = fit(make())
            else:
                spent, hooks = fit(make())
                base, _ = fit()
            reference.append(base)
            rows[name]["ratio"].append(spent / base)
            rows[name]["hooks"].append(hooks / base)
            rows[name]["fit"].append(spent)
    import importlib.metadata as md

    backend = keras.backend.backend()
    version = md.version("tensorflow-cpu" if backend == "tensorflow" and _has("tensorflow-cpu")
                         else backend)
    return {"backend": backend, "version": version, "keras": keras.__version__,
            "reference": statistics.median(reference), "first": first,
            "tf_imported": "tensorflow" in sys.modules,
            **{name: {k: statistics.median(v) for k, v in row.items()}
               for name, row in rows.items()}}


def _has(dist: str) -> bool:
    import importlib.metadata as md

    try:
        md.version(dist)
        return True
    except md.PackageNotFoundError:
        return False


class _HookTimer:
    """Wraps a callback; forwards the hooks it overrides and times them."""

    def __new__(cls, callback):
        import keras

        base = keras.callbacks.Callback
        hooks = [h for h in dir(base) if h.startswith("on_")
                 and getattr(type(callback), h) is not getattr(base, h)]

        class Timer(base):
            spent = 0.0

            def set_model(self, model):
                callback.set_model(model)

            def set_params(self, params):
                callback.set_params(params)

        def forward(hook):
            def run(self, *args, **kwargs):
                t = time.perf_counter()
                getattr(callback, hook)(*args, **kwargs)
                self.spent += time.perf_counter() - t
            return run

        for hook in hooks:
            setattr(Timer, hook, forward(hook))
        return Timer()


def table(results: list[dict], rounds: int, epochs: int) -> str:
    lines = [HEADING, "",
             f"The model above (64 relu units, softmax over 10, digits, batch 32, {epochs} "
             f"epochs), one worker process per backend with `KERASNB_FRONTEND=headless`; "
             f"medians over {rounds} rounds, each LivePlot fit next to a no-callback fit. "
             "Ratio and inside-hooks share as above. The JAX and PyTorch workers run with "
             "TensorFlow blocked from import (`tests/notf`).", "",
             f"Machine: {os.cpu_count()} CPU cores shared with other work, Python "
             f"{platform.python_version()}, Keras {results[0]['keras'] if results else '?'}; "
             f"{time.strftime('%Y-%m-%d')}. Command: `python "
             f"benchmarks/bench_liveplot_backends.py --rounds {rounds} --epochs {epochs}`.", "",
             "| backend | no-callback fit | `LivePlot()` ratio | inside hooks | "
             "`LivePlot(update=\"batch\")` ratio | inside hooks | TensorFlow imported |",
             "|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(
            f"| {r['backend']} {r['version']} | {r['reference']:.2f} s | "
            f"**{r['epoch']['ratio']:.2f}×** | {100 * r['epoch']['hooks']:.1f}% | "
            f"**{r['batch']['ratio']:.2f}×** | {100 * r['batch']['hooks']:.1f}% | "
            f"{'yes' if r['tf_imported'] else 'no'} |")
    return "\n".join(lines) + "\n"


def write(section: str) -> None:
    text = RESULTS.read_text() if RESULTS.exists() else "# LivePlot benchmark\n"
    if HEADING in text:
        text = text[:text.index(HEADING)]
    RESULTS.write_text(text.rstrip("\n") + "\n\n" + section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--python", action="append", default=[],
                        help="backend=/path/to/python for a backend in another venv")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.rounds, args.epochs)))
        return
    pythons = {b: sys.executable for b in BACKENDS if importlib.util.find_spec(b)}
    pythons.update(item.split("=", 1) for item in args.python)
    results = []
    for backend in BACKENDS:
        if backend not in pythons:
            continue
        path = [str(ROOT)] if backend == "tensorflow" else [str(ROOT / "tests" / "notf"),
                                                            str(ROOT)]
        env = {**os.environ, "KERAS_BACKEND": backend, "KERASNB_FRONTEND": "headless",
               "PYTHONPATH": os.pathsep.join(path), "TF_CPP_MIN_LOG_LEVEL": "2",
               "MPLBACKEND": "Agg"}
        out = subprocess.run([pythons[backend], __file__, "--worker", backend, "--rounds",
                              str(args.rounds), "--epochs", str(args.epochs)],
                             env=env, capture_output=True, text=True, check=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"{backend}: done", file=sys.stderr)
    section = table(results, args.rounds, args.epochs)
    write(section)
    print(section)


if __name__ == "__main__":
    main()
