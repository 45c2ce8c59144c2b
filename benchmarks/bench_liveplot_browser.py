"""LivePlot with a real browser attached: JupyterLab in Chromium renders what the kernel sends.

Run:  .venv/bin/python benchmarks/bench_liveplot_browser.py [--rounds 5] [--epochs 20]

A JupyterLab (tests/browser/labdriver.py: temporary Jupyter folders, no token, offline
kernels) is opened in Debian's Chromium through Playwright. Notebooks run in it:

1. Fresh kernels, the way a student's first training run goes: imports, data, a compiled
   model, then one ``fit`` with ``knb.LivePlot()`` (the default: SVG frames), and once more
   with ``knb.LivePlot(backend="plotly")``. A callback placed before LivePlot notes the
   wall-clock time the first epoch ended; the page notes when it first showed a frame with
   points (an SVG frame whose ``data-points`` is above 0, or plotly.js's
   ``plotly_afterplot`` event of a figure with points). The difference is the first frame's
   delay, imports included.
2. The cost, measured inside the kernel: the benchmark's 20-epoch MLP on digits, fitted with
   no callback and with each LivePlot configuration, side by side, ``--rounds`` times
   (callback first in odd rounds), each fit started once the page is idle (`settle`, which
   reads Chromium's CPU time from /proc). Per configuration: the fit time against the adjacent
   no-callback fit (median ratio), the kernel's time per frame drawn, the bytes the kernel
   sent over the websocket per update (everything the page received during the fit, less
   what a no-callback fit receives, per widget or display message), and the frames the
   browser showed.

Replaces the section "With a browser attached" of benchmarks/results/liveplot.md (the
sections after it are kept).
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import statistics
import struct
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import labdriver as lab  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "liveplot.md"
HEADING = "## With a browser attached"

CONFIGS = {  # name -> (label, callback expression, goal as the largest extra fraction)
    "epoch": ('`LivePlot()` (auto: SVG frames), `update="epoch"`', "knb.LivePlot()", 0.05),
    "batch": ('`LivePlot(update="batch")` (auto: SVG frames)', "knb.LivePlot(update='batch')",
              0.15),
    "plotly": ('`LivePlot(backend="plotly")` (FigureWidget), `update="epoch"`',
               "knb.LivePlot(backend='plotly')", 0.05),
    "matplotlib": ('`LivePlot(backend="matplotlib")` (PNG frames, the Colab path)',
                   "knb.LivePlot(backend='matplotlib')", 0.05),
}
FIRSTS = {  # notebook -> (LivePlot expression, words)
    "first": ("knb.LivePlot()", "default (SVG frames)"),
    "first-plotly": ("knb.LivePlot(backend='plotly')", '`backend="plotly"`, plotly first '
                     "imported inside the fit"),
}

def cpu_seconds(word: str) -> float:
    """CPU time (user + system, seconds) of every process whose command line holds ``word``."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if word not in (proc / "cmdline").read_bytes().decode(errors="replace"):
                continue
            fields = (proc / "stat").read_text().rpartition(")")[2].split()
        except OSError:  # the process ended meanwhile
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


SETUP = """
import os, json, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np, keras
import kerasnb as knb
keras.utils.set_random_seed(0)
(x, y), _ = knb.datasets.load("digits")
x = x.reshape(len(x), -1) / 16.0
model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(64, activation="relu"),
                          keras.layers.Dense(10, activation="softmax")])
model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
start_weights = model.get_weights()

class FirstEpoch(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        if epoch == 0:
            self.at = time.time() * 1000

def settle(quiet=0.02, window=0.25, longest=8.0):  # until the page has drawn what came
    end = time.monotonic() + longest
    before = cpu_seconds("chromium")
    while time.monotonic() < end:
        time.sleep(window)
        now = cpu_seconds("chromium")
        if now - before < quiet:
            return
        before = now

def fit(callbacks, epochs):
    settle()
    model.set_weights(start_weights)
    t = time.perf_counter()
    model.fit(x, y, validation_split=0.2, epochs=epochs, batch_size=32, verbose=0,
              callbacks=callbacks)
    return time.perf_counter() - t
"""

# The kernel reads the page's CPU time with the same function (this machine runs both).
SETUP = "import os\nfrom pathlib import Path\n\n" + inspect.getsource(cpu_seconds) + SETUP

# The cost notebook traces the training step once before the measured fits (otherwise the
# first no-callback fit of round 0 carries the tracing and its ratio means nothing).
WARM_FIT = "\nfit([], 1)\n"

FIRST = """
mark = FirstEpoch()
fit([mark, {expr}], {epochs})
print(json.dumps({{"first_epoch_end_ms": mark.at}}))
"""

# Marks let the page split the websocket traffic (and the CPU time) by fit. The no-callback
# fit runs first in even rounds, the LivePlot fit first in odd ones.
REF = """
print("@@ref {name} {i}", flush=True)
t_ref = fit([], {epochs})
"""
CB = """
print("@@cb {name} {i}", flush=True)
cb = {expr}
t_cb = fit([cb], {epochs})
settle()
"""
REPORT = """
print("@@idle {name} {i}", flush=True)
print(json.dumps({{"name": "{name}", "ref": t_ref, "cb": t_cb, "drawn": cb._frames.drawn,
                  "spent": cb._frames.spent, "kernel": cb.backend}}))
"""


def round_cell(name: str, i: int, epochs: int, expr: str) -> str:
    """The code of one side-by-side pair of fits."""
    pair = REF + CB if i % 2 == 0 else CB + REF
    return (pair + REPORT).format(name=name, i=i, epochs=epochs, expr=expr)


# Page side: when a frame with points was shown. Plotly: plotly.js paints (afterplot). SVG: a
# new LivePlot frame element with points in the page (JupyterLab renders each display update
# anew).
WATCH = """() => {
  window.__paints = [];
  const seen = new WeakSet();
  const hook = () => {
    document.querySelectorAll('.js-plotly-plot').forEach(el => {
      if (seen.has(el) || !el.on) return;
      seen.add(el);
      el.on('plotly_afterplot', () => {
        const points = (el.data || []).some(t => t.x && t.x.length > 0);
        if (points) window.__paints.push(Date.now());
      });
    });
    document.querySelectorAll('.kerasnb-liveplot').forEach(el => {
      if (seen.has(el)) return;
      seen.add(el);
      if (Number(el.dataset.points) > 0 && el.querySelector('svg')) {
        window.__paints.push(Date.now());
      }
    });
  };
  new MutationObserver(hook).observe(document.body, {childList: true, subtree: true});
  hook();
}"""


def msg_type(payload) -> tuple[str, str]:
    """(msg_type, text of a stream) of a kernel websocket frame, JSON or v1 binary protocol."""
    if isinstance(payload, str):
        msg = json.loads(payload)
        return msg["header"]["msg_type"], str(msg.get("content", {}).get("text", ""))
    n = struct.unpack_from("<Q", payload, 0)[0]
    offsets = struct.unpack_from(f"<{n}Q", payload, 8)
    parts = [payload[offsets[i]:offsets[i + 1]] for i in range(n - 1)]
    header, content = json.loads(parts[1]), json.loads(parts[4]) if len(parts) > 4 else {}
    return header["msg_type"], str(content.get("text", "")) if isinstance(content, dict) else ""


class Traffic:
    """Bytes and widget/display messages the page receives from the kernel, split by marks.

    At each mark it also reads the CPU time the browser's processes and the kernel have used,
    so each phase's CPU seconds on both sides are known.
    """

    def __init__(self) -> None:
        self.phase, self.bytes, self.updates = "setup", {}, {}
        self.opens: dict[str, int] = {}  # bytes of comm_open (a new widget's whole state)
        self.marks: list[tuple[float, str]] = []  # (time in ms, phase that starts)
        self.cpu: dict[str, tuple[float, float]] = {}  # phase -> (browser, kernel) CPU s
        self._cpu_at = (cpu_seconds("chromium"), cpu_seconds("ipykernel"))

    def frame(self, payload) -> None:
        size = len(payload if isinstance(payload, bytes) else payload.encode())
        try:
            kind, text = msg_type(payload)
        except (ValueError, KeyError, struct.error):
            kind, text = "", ""
        if "@@" in text:
            now = (cpu_seconds("chromium"), cpu_seconds("ipykernel"))
            self.cpu[self.phase] = tuple(b - a for a, b in zip(self._cpu_at, now, strict=True))
            self._cpu_at = now
            self.phase = text.strip().split("@@")[-1]
            self.marks.append((time.time() * 1000, self.phase))
            return
        self.bytes[self.phase] = self.bytes.get(self.phase, 0) + size
        if kind in ("comm_msg", "comm_open", "display_data", "update_display_data"):
            self.updates[self.phase] = self.updates.get(self.phase, 0) + 1
        if kind == "comm_open":
            self.opens[self.phase] = self.opens.get(self.phase, 0) + size


def run(rounds: int, epochs: int) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        root, home = Path(tmp) / "root", Path(tmp) / "home"
        root.mkdir()
        warm = "import plotly.graph_objects  # plotly imported before the fit\n"
        for name, (expr, _) in FIRSTS.items():
            lab.write_notebook(root / f"{name}.ipynb",
                               [SETUP, FIRST.format(epochs=epochs, expr=expr)])
        cells = [warm + SETUP + WARM_FIT] + [round_cell(name, i, epochs, expr)
                                  for i in range(rounds) for name, (_, expr, _) in CONFIGS.items()]
        lab.write_notebook(root / "cost.ipynb", cells)
        port = lab.free_port()
        server = lab.LabServer(lab.lab_command(root, port), port=port, home=home,
                               cwd=root).wait_ready()
        browser = lab.launch_chromium(pw)
        if browser is None:
            raise SystemExit("no Chromium: apt-get install chromium")
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            traffic = Traffic()
            page.on("websocket", lambda ws: ws.on("framereceived", traffic.frame))
            lab.load_lab(page, server, workspace="bench")
            page.evaluate(WATCH)
            first = {}
            for name in FIRSTS:
                page.evaluate("() => { window.__paints = []; }")
                lab.open_notebook(page, f"{name}.ipynb")
                assert lab.run_all(page, timeout=600), lab.error_outputs(page)
                page.wait_for_timeout(3000)
                out = lab.stream_text(lab.cells(page)[1]).strip().splitlines()[-1]
                end = json.loads(out)["first_epoch_end_ms"]
                paints = page.evaluate("() => window.__paints")
                first[name] = paints[0] - end if paints else None
                lab.close_notebook(page)
            page.evaluate("() => { window.__paints = []; }")
            lab.open_notebook(page, "cost.ipynb")
            assert lab.run_all(page, timeout=3600), lab.error_outputs(page)
            out = [lab.stream_text(c) for c in lab.cells(page)[1:]]
            fits = [json.loads(o.strip().splitlines()[-1]) for o in out]
            paints = page.evaluate("() => window.__paints")
        finally:
            browser.close()
            server.stop()
    by_phase: dict[str, int] = {}
    for t in paints:
        phase = next((ph for at, ph in reversed(traffic.marks) if at <= t), "setup")
        by_phase[phase] = by_phase.get(phase, 0) + 1
    return {"first": first, "fits": fits, "bytes": traffic.bytes, "updates": traffic.updates,
            "opens": traffic.opens, "paints": by_phase, "cpu": traffic.cpu}


def section(data: dict, rounds: int, epochs: int) -> str:
    rows, verdicts = [], []
    for name, (label, _, goal) in CONFIGS.items():
        fits = [f for f in data["fits"] if f["name"] == name]
        ratio = statistics.median(f["cb"] / f["ref"] for f in fits)
        per_fit, opened, cpu = [], [], []
        for i in range(rounds):
            sent = data["bytes"].get(f"cb {name} {i}", 0) - data["bytes"].get(f"ref {name} {i}", 0)
            per_fit.append((sent, data["updates"].get(f"cb {name} {i}", 0),
                            data["paints"].get(f"cb {name} {i}", 0)))
            opened.append(data["opens"].get(f"cb {name} {i}", 0))
            cpu_cb, cpu_ref = (data["cpu"].get(f"{side} {name} {i}", (0.0, 0.0))
                               for side in ("cb", "ref"))
            cpu.append((cpu_cb[0] - cpu_ref[0], cpu_cb[1] - cpu_ref[1]))
        updates = statistics.median(u for _, u, _ in per_fit)
        per_frame = statistics.median(f.get("spent", 0) / max(f.get("drawn", 0), 1) for f in fits)
        per_update = statistics.median(s / u for s, u, _ in per_fit if u) if updates else 0
        painted = statistics.median(p for _, _, p in per_fit)
        drawn = statistics.median(f.get("drawn", 0) for f in fits)
        share = statistics.median(f.get("spent", 0) / f["ref"] for f in fits)
        met = ratio - 1 <= goal
        verdicts.append(f"{label}: {'met' if met else 'not met'} ({(ratio - 1) * 100:+.1f}%, "
                        f"goal ≤ {goal * 100:.0f}%)")
        rows.append(f"| {label} | {statistics.median(f['ref'] for f in fits):.2f} s "
                    f"| {statistics.median(f['cb'] for f in fits):.2f} s | **{ratio:.3f}×** "
                    f"| {drawn:.0f} | {per_frame * 1000:.1f} ms | {share * 100:.1f}% "
                    f"| {updates:.0f} | {per_update / 1024:.1f} KB "
                    f"| {statistics.median(opened) / 1024:.0f} KB | {painted:.0f} "
                    f"| {statistics.median(b for b, _ in cpu):+.2f} s "
                    f"| {statistics.median(k for _, k in cpu):+.2f} s "
                    f"| ≤ {goal * 100:.0f}% |")
    for name, (_, what) in FIRSTS.items():
        ms = data["first"].get(name)
        txt = f"{ms / 1000:.2f} s" if ms is not None else "never: no frame with points shown"
        ok = ms is not None and ms <= 1000
        verdicts.append(f"first frame on screen after the first epoch ended, fresh kernel, "
                        f"{what}: {txt}, {'met' if ok else 'not met'} (goal ≤ 1 s)")
    return "\n".join([
        HEADING, "",
        "The same MLP, fitted in a JupyterLab that a real Chromium shows (Playwright), so "
        "every frame is rendered and every message reaches a page "
        f"(`benchmarks/bench_liveplot_browser.py --rounds {rounds} --epochs {epochs}`). "
        "Fit times are measured inside the kernel; each LivePlot fit runs next to a "
        "no-callback fit, callback and reference alternating, median of the ratios; every fit "
        "starts once the page is idle (Chromium's processes under 0.02 CPU seconds in a "
        "quarter of a second, at most 8 s of waiting), so what the page still draws of one "
        "fit does not land in the next. Bytes per "
        "update: what the page received over the kernel websocket during the LivePlot fit "
        "less what it received during the no-callback fit, per widget or display message. "
        "Frames shown: during the fit, new SVG frames with points in the page (the default "
        "output; the final one is plotly's JSON, drawn by JupyterLab's plotly extension after "
        "the fit) or plotly.js `plotly_afterplot` events of a figure with points (the "
        "FigureWidget); the matplotlib path's PNGs are not counted. Frames drawn, per frame "
        "and drawing share: the frames the kernel drew during the fit (the final one "
        "included), its time per frame and in all, as a share of the no-callback fit. "
        "Widget opens: the bytes of the `comm_open` messages among them (a new widget's "
        "whole state; for plotly's FigureWidget that includes its JavaScript module). CPU, "
        "extra per fit: the CPU seconds (user and system, from /proc) Chromium's processes "
        "and the kernel used from the mark before the LivePlot fit until the mark after it "
        "(which includes the page drawing the final figure after the fit), less the same "
        "for the no-callback fit, median over the rounds; the machine has two cores, so "
        "the browser's work competes with training.", "",
        f"Machine: 2 CPU cores shared with other work (load average {os.getloadavg()[0]:.1f} "
        f"at the end), Python {platform.python_version()}; {time.strftime('%Y-%m-%d')}.", "",
        "| callback | no callback | with it | ratio | frames drawn | per frame | drawing share "
        "| messages per fit | bytes per message | of which widget opens, per fit "
        "| frames shown | browser CPU, extra per fit | kernel CPU, extra per fit | goal |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|", *rows, "",
        *(f"- {v}" for v in verdicts), "",
        "Ratio of each round (LivePlot fit / its no-callback fit), in round order:", "",
        *(f"- {label}: " + ", ".join(f"{f['cb'] / f['ref']:.3f}" for f in data["fits"]
                                      if f["name"] == name)
          for name, (label, _, _) in CONFIGS.items()), ""])


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=20)
    args = parser.parse_args(argv)
    data = run(args.rounds, args.epochs)
    text = section(data, args.rounds, args.epochs)
    old = RESULTS.read_text() if RESULTS.exists() else "# LivePlot benchmark\n"
    head, _, rest = old.partition(HEADING)
    after = rest[rest.index("\n## "):] if "\n## " in rest else ""  # the sections after it
    RESULTS.write_text(head.rstrip() + "\n\n" + text + after)
    print(text)
    print(json.dumps(data["first"]), data["paints"])
    print(json.dumps([{k: f[k] for k in ("name", "ref", "cb", "drawn")} for f in data["fits"]]))


if __name__ == "__main__":
    main(sys.argv[1:])
