"""How long does knb.check take on a real-sized model and dataset? (goal: < 0.5 s)

Run:  .venv/bin/python benchmarks/bench_check.py [--repeats 7]

Times ``knb.check(model, x, y)`` (nothing is fitted) for models of about one
million parameters on 10,000 samples:

1. a Dense network on 784 tabular features (standardized);
2. a small CNN on 10,000 images of 28x28x1 (0..1);
3. an Embedding + LSTM text model on 10,000 sequences of 200 token ids;
4. the same Dense network not built yet (checked on a built copy);

and, measured in the same run as a yardstick, one ``model.predict`` over the
same x (what any look at the data through the model would cost). Writes a
Markdown table to benchmarks/results/check.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

import kerasnb as knb  # noqa: E402

GOAL_S = 0.5
N = 10_000
RNG = np.random.default_rng(0)


def dense(built=True):
    stack = [layers.Dense(1024, activation="relu"), layers.Dropout(0.2),
             layers.Dense(256, activation="relu"), layers.Dense(10, activation="softmax")]
    model = keras.Sequential(([keras.Input((784,))] if built else []) + stack)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    x = RNG.normal(size=(N, 784)).astype("float32")
    return model, x, RNG.integers(0, 10, N)


def cnn():
    model = keras.Sequential([
        keras.Input((28, 28, 1)), layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(), layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Flatten(), layers.Dense(580, activation="relu"),
        layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model, RNG.random((N, 28, 28, 1)).astype("float32"), RNG.integers(0, 10, N)


def text():
    model = keras.Sequential([
        keras.Input((200,)), layers.Embedding(20_000, 40), layers.LSTM(64),
        layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model, RNG.integers(0, 20_000, (N, 200)), RNG.integers(0, 2, N)


CASES = [("Dense, 784 features", lambda: dense()), ("CNN, 28x28x1 images", cnn),
         ("Embedding + LSTM, 200 ids", text),
         ("Dense, not built (checked on a copy)", lambda: dense(built=False))]


def timed(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    rows = []
    for title, build in CASES:
        model, x, y = build()
        knb.check(model, x, y)  # warm: first-use imports and Keras' probes
        times = timed(lambda m=model, a=x, b=y: knb.check(m, a, b), args.repeats)
        shown = model if model.built else keras.models.clone_model(model)
        if not shown.built:
            shown.build((None, *x.shape[1:]))
        params = shown.count_params()
        predict = min(timed(lambda m=shown, a=x: m.predict(a, batch_size=1000, verbose=0), 2))
        median = statistics.median(times)
        rows.append(f"| {title} | {params:,} | {x.shape} | {median:.3f} | {max(times):.3f} | "
                    f"{predict:.2f} | {predict / median:.0f}x | "
                    f"{'yes' if max(times) < GOAL_S else 'no'} |")
        print(rows[-1])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    text_out = "\n".join([
        "# knb.check: time on a 1M-parameter model and 10,000 samples",
        "",
        f"`knb.check(model, x, y)` without fitting, {args.repeats} runs per row after one "
        "warm-up run. Yardstick, measured in the same run: one `model.predict(x)` over "
        f"the same data. Goal: < {GOAL_S} s (checked on the slowest run).",
        "",
        "| model | params | x | check median s | check max s | predict s | predict / check "
        "| goal met |",
        "|---|---:|---|---:|---:|---:|---:|---|",
        *rows,
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, load average {load:.1f} during "
        f"the run; Python {platform.python_version()}, Keras {keras.__version__}, backend "
        f"{keras.backend.backend()}. The machine is shared: a high load average inflates "
        "every column.",
        "",
        "Run: `.venv/bin/python benchmarks/bench_check.py`",
        ""])
    out = ROOT / "benchmarks" / "results" / "check.md"
    out.write_text(text_out, encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
