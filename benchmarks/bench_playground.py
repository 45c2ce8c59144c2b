"""How alive does knb.Playground feel? Training speed, view updates per second, memory.

Run:  .venv/bin/python benchmarks/bench_playground.py [--seconds 5] [--epochs 1000]

Measures, for the default network (circles, x1 and x2, hidden (4, 2), batch 10,
250 training points):

1. one epoch with the playground's graph epoch (which also computes the train and
   test loss), with a ``train_on_batch`` loop and with ``model.fit(epochs=1)`` (both
   training only), and their ratios;
2. view updates per second while playing on an asyncio loop (target >= 5/s),
   and the time of one redraw;
3. resident memory (RSS) over 1,000 epochs of play-like slices, which must stay flat.

Writes a Markdown table to benchmarks/results/playground.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keras  # noqa: E402
import numpy as np  # noqa: E402

import kerasnb as knb  # noqa: E402
from kerasnb.widgets._slices import SLICE_SECONDS  # noqa: E402


def rss_mb() -> float:
    """Current resident memory of this process in MB (Linux)."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def per_epoch(run, epochs: int) -> float:
    run(1)  # warm up: traces, builds
    start = time.perf_counter()
    run(epochs)
    return (time.perf_counter() - start) / epochs


def bench_epochs(epochs: int) -> dict[str, float]:
    p = knb.Playground()
    x, y = p._engine.train_data
    graph = per_epoch(p._engine.train, epochs)

    model = keras.models.clone_model(p.model)
    model.compile(optimizer=keras.optimizers.SGD(0.03), loss="binary_crossentropy")
    rng = np.random.default_rng(0)

    def batches(n):
        for _ in range(n):
            order = rng.permutation(len(x))
            for start in range(0, len(x), 10):
                idx = order[start:start + 10]
                model.train_on_batch(x[idx], y[idx])

    on_batch = per_epoch(batches, max(5, epochs // 10))

    def fit(n):
        for _ in range(n):
            model.fit(x, y, batch_size=10, epochs=1, verbose=0)

    fitted = per_epoch(fit, max(3, epochs // 20))
    return {"graph": graph, "train_on_batch": on_batch, "fit": fitted}


def bench_play(seconds: float) -> dict[str, float]:
    p = knb.Playground()
    p.step(1)
    start = time.perf_counter()
    for _ in range(20):
        p.refresh()
    redraw = (time.perf_counter() - start) / 20

    async def session():
        frames, epoch = p._frames, p.epoch
        begin = time.perf_counter()
        p.play()
        await asyncio.sleep(seconds)
        p.pause()
        elapsed = time.perf_counter() - begin
        return (p._frames - frames) / elapsed, (p.epoch - epoch) / elapsed

    fps, eps = asyncio.run(session())
    return {"redraw": redraw, "fps": fps, "epochs_per_s": eps}


def bench_memory(epochs: int) -> list[tuple[int, float]]:
    p = knb.Playground()
    p.step(20)
    p.refresh()
    samples = [(p.epoch, rss_mb())]
    per_slice = 20  # about what one 0.1 s slice trains while playing
    while p.epoch < epochs:
        p._engine.train(per_slice)
        p.refresh()  # every slice redraws, as play does
        if p.epoch % 100 == 0:
            samples.append((p.epoch, rss_mb()))
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="time to play")
    parser.add_argument("--epochs", type=int, default=1000, help="epochs for the memory run")
    args = parser.parse_args()

    epochs = bench_epochs(100)
    play = bench_play(args.seconds)
    memory = bench_memory(args.epochs)
    load = os.getloadavg()

    lines = [
        "# knb.Playground responsiveness",
        "",
        f"Default network (circles, features x1 and x2, hidden (4, 2), tanh, batch 10, "
        f"250 training points). {os.cpu_count()} CPU cores, load average "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (the cores were shared), Python "
        f"{platform.python_version()}, Keras {keras.__version__} on "
        f"{keras.backend.backend()}. `{Path(sys.argv[0]).name} --seconds {args.seconds:g} "
        f"--epochs {args.epochs}`.",
        "",
        "## One epoch",
        "",
        "| training step | ms per epoch | vs. graph epoch |",
        "|---|---:|---:|",
    ]
    for name, label in (("graph", "playground graph epoch (`tf.function`, chosen; also "
                                  "computes train and test loss)"),
                        ("train_on_batch", "`train_on_batch` per mini-batch (no test loss)"),
                        ("fit", "`model.fit(epochs=1)` (no test loss)")):
        lines.append(f"| {label} | {epochs[name] * 1000:.1f} | "
                     f"{epochs[name] / epochs['graph']:.1f}x |")
    lines += [
        "",
        "## Playing",
        "",
        "| measure | value | target |",
        "|---|---:|---:|",
        f"| view updates per second while playing | {play['fps']:.1f} | >= 5 |",
        f"| epochs per second while playing | {play['epochs_per_s']:.0f} | |",
        f"| one redraw (grid pass, maps, diagram, curves) | {play['redraw'] * 1000:.1f} ms | |",
        f"| training time per slice | {SLICE_SECONDS * 1000:.0f} ms | |",
        "",
        "## Memory over epochs (train 20 epochs, redraw, repeat)",
        "",
        "| epoch | RSS (MB) |",
        "|---:|---:|",
        *(f"| {e} | {mb:.1f} |" for e, mb in memory),
        "",
        f"Start {memory[0][1]:.1f} MB, end {memory[-1][1]:.1f} MB "
        f"({memory[-1][1] - memory[0][1]:+.1f} MB over {memory[-1][0] - memory[0][0]} epochs).",
        "",
    ]
    out = ROOT / "benchmarks" / "results" / "playground.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
