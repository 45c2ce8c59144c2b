"""What one LivePlot frame costs on the matplotlib path (Colab): CPU per frame, no kernel.

Run:  .venv/bin/python benchmarks/bench_liveplot_frames.py [--rounds 5] [--write]

A ``LivePlot(backend="matplotlib")`` output is fed the scenes of a 20-epoch
run with four panels (loss/val_loss, accuracy/val_accuracy, auc/val_auc,
learning rate), once with epoch points only and once with 36 batch points an
epoch (``update="batch"``), and draws them into a display handle that keeps
the PNGs. Measured with ``time.process_time`` (CPU of this process, steadier
than wall time when other work shares the cores), medians over ``--rounds``:

- **first frame, new layout**: a LivePlot whose panel layout this process has
  not drawn yet (the figure and its axes are built);
- **first frame, layout seen**: the next LivePlot of that layout, after the
  first one's cell ended (a re-run cell, a second model);
- **later frame**: frames at epochs 5, 10, 15 and 20 on the same figure (most are
  blitted: only the lines, best points and heading drawn over the cached axes; the x
  axis growing from 10 to 20 epochs at epoch 15 redraws the figure once);
- **final frame**: the frame `finish` draws when the fit ends (its heading says "done");
- **after the cell**: what the output does when the cell ends (the picture the notebook
  keeps is drawn in full), outside the fit's hooks.

``--write`` saves the table to benchmarks/results/liveplot_frames.md; ``--png
DIR`` saves the last frames, to look at. Run it with another ``PYTHONPATH`` to
compare two versions of kerasnb side by side.
"""

from __future__ import annotations

import argparse
import base64
import os
import platform
import statistics
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "liveplot_frames.md"
EPOCHS, BATCHES = 20, 36


class Handle:
    """A display handle that keeps what it is given."""

    def __init__(self) -> None:
        self.frames: list = []

    def update(self, obj) -> None:
        self.frames.append(obj.data)


def scenes(batch: bool) -> list:
    import kerasnb as knb
    from kerasnb.callbacks.backends.base import Output

    live = knb.LivePlot(backend=Output(), title="a four-panel run")
    out = []
    for i in range(1, EPOCHS + 1):
        for b in range(BATCHES if batch else 0):
            t = i - 1 + (b + 1) / BATCHES
            live._recording.add_batch(t, {"loss": 1 / (t + 1), "accuracy": 1 - 1 / (t + 2)})
        live.update({"loss": 1 / i, "val_loss": 1.1 / i, "accuracy": 1 - 1 / (i + 1),
                     "val_accuracy": 1 - 1.2 / (i + 1), "auc": 0.5 + i / (3 * EPOCHS),
                     "val_auc": 0.5 + i / (4 * EPOCHS), "learning_rate": 1e-3 * 0.9 ** i})
        out.append(live._scene())
    return out


def cpu_ms(call) -> float:
    start = time.process_time()
    call()
    return 1000 * (time.process_time() - start)


def measure(rounds: int, png_dir: Path | None) -> list[str]:
    from kerasnb.callbacks.backends.matplotlib import MatplotlibOutput

    rows = []
    for name, batch in (("epoch", False), ("batch", True)):
        run = scenes(batch)
        new, seen, later, final, after, size = [], [], [], [], [], 0
        for r in range(rounds + 1):  # round 0 warms up (imports, fonts)
            first, second = MatplotlibOutput(), MatplotlibOutput()
            for output in (first, second):
                output._handle = Handle()
            key = ("layout", r)  # a layout no earlier round drew
            head = _relabelled(run[0], key)
            later_scenes = [_relabelled(s, key) for s in run[4::5]]
            fresh = cpu_ms(partial(first.draw, head))
            first.cell_ended()
            again = cpu_ms(partial(second.draw, head))
            steps = [cpu_ms(partial(second.draw, s)) for s in later_scenes]
            done = _relabelled(run[-1], key, status="done: 20/20 epochs in 3.1s")
            ended = cpu_ms(partial(second.finish, done))
            last = second._handle.frames[-1]["image/png"]
            kept = cpu_ms(second.cell_ended)
            if r:
                new.append(fresh)
                seen.append(again)
                later.extend(steps)
                final.append(ended)
                after.append(kept)
            size = len(last)
        if png_dir is not None:
            png_dir.mkdir(parents=True, exist_ok=True)
            (png_dir / f"frame_{name}.png").write_bytes(base64.b64decode(last))
        rows.append(f"| {name} points ({'36 batches an epoch' if batch else 'per epoch'}) | "
                    f"**{statistics.median(new):.0f} ms** | **{statistics.median(seen):.0f} ms**"
                    f" | **{statistics.median(later):.0f} ms** | **{statistics.median(final):.0f}"
                    f" ms** | {statistics.median(after):.0f} ms | {size / 1000:.0f} KB |")
    return rows


def _relabelled(scene, key, status=None):
    """``scene`` with a panel name unique to ``key``: a layout no earlier round drew."""
    import copy

    scene = copy.copy(scene)
    if status is not None:
        scene.status = status
    scene.panels = list(scene.panels)
    last = copy.copy(scene.panels[-1])
    last.name = f"{last.name} {key[1]}"
    scene.panels[-1] = last
    return scene


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="write the results file")
    parser.add_argument("--png", type=Path, help="save the last frames here")
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "agg")
    load = os.getloadavg()[0]
    rows = measure(args.rounds, args.png)
    text = "\n".join([
        "# LivePlot frames on the matplotlib path", "",
        f"CPU time (`time.process_time`) of one frame of `LivePlot(backend=\"matplotlib\")`, "
        f"drawn and encoded as the PNG sent to the display handle, for a {EPOCHS}-epoch run "
        "with four panels (loss, accuracy, auc with their `val_` twins, learning rate); "
        f"medians over {args.rounds} rounds after a warm-up. Load average {load:.1f} at "
        f"the start, {os.getloadavg()[0]:.1f} at the end; 2 shared CPU cores, Python "
        f"{platform.python_version()}; {time.strftime('%Y-%m-%d')}. Command: "
        "`.venv/bin/python benchmarks/bench_liveplot_frames.py --write`.", "",
        "| scene | first frame, new layout | first frame, layout seen | later frame | "
        "final frame | after the cell | PNG |",
        "|---|---:|---:|---:|---:|---:|---:|", *rows, ""])
    if args.write:
        RESULTS.write_text(text, encoding="utf-8")
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
