"""Run time and peak memory of every tutorial notebook, executed headless in a Jupyter kernel.

Each notebook runs once with nbclient in a fresh kernel (in a temporary folder, with the
same offline guard the tests use, its exercises filled with their solutions). After its last
cell one more cell, added to the copy only, reads the kernel's peak resident memory
(``ru_maxrss``, the high-water mark the operating system keeps for the process). The table goes
to benchmarks/results/notebooks.md. Goals: each notebook under 90 s and under 750 MB, the course
under 10 minutes on 2 CPU cores.

The kernel runs ``--python`` (default: this interpreter). For the figures students see, give
the Python of an environment made like theirs, runtime dependencies only::

    python -m venv /tmp/course && /tmp/course/bin/pip install .
    .venv/bin/python benchmarks/bench_notebooks.py --python /tmp/course/bin/python

``--env NAME=VALUE`` (repeatable) sets a variable for the kernel only, e.g. glibc's
``MALLOC_ARENA_MAX=2``; ``--cells`` prints which cells raise the peak; ``--out FILE`` writes
the table elsewhere (``-`` for nowhere).

    .venv/bin/python benchmarks/bench_notebooks.py [--python PY] [--env N=V] [NOTEBOOK ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from kerasnb.exercises import fill_solutions

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "notebooks.md"


MEMORY_GOAL_MB = 750
# Linux and macOS keep the process' peak resident size (KiB on Linux, bytes on macOS).
PEAK_CELL = ("import resource, sys\n"
             "_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
             "print(_peak / 2**20 if sys.platform == 'darwin' else _peak / 1024)")


# With --cells: after every cell the kernel notes its peak so far (one number per cell).
TRACE_CELL = ("import resource as _r\n_knb_peaks = []\nget_ipython().events.register("
              "'post_run_cell', lambda _: _knb_peaks.append(_r.getrusage(_r.RUSAGE_SELF)"
              ".ru_maxrss / 1024))")
TRACE_END = "print(list(_knb_peaks))"


def kernelspec(folder: Path, python: str, env: dict[str, str]) -> str:
    """Write a kernel spec running ``python`` with ``env`` into ``folder``; its name."""
    spec = folder / "kernels" / "knb-bench"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "kerasnb bench", "language": "python", "env": env}))
    return "knb-bench"


def run(path: Path, kernel: str, cells: bool = False) -> tuple[float, float]:
    """Execute a copy of ``path``; its wall time in seconds and the kernel's peak RSS in MiB."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        shutil.copy2(path, copy)
        fill_solutions(copy)  # the exercises run solved, as in the nbval test
        nb = nbformat.read(copy, as_version=4)
        n_cells = len(nb.cells)
        if cells:
            nb.cells.insert(0, nbformat.v4.new_code_cell(TRACE_CELL))
            nb.cells.append(nbformat.v4.new_code_cell(TRACE_END))
        nb.cells.append(nbformat.v4.new_code_cell(PEAK_CELL))
        start = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name=kernel,
                       resources={"metadata": {"path": tmp}}).execute()
        seconds = time.perf_counter() - start
        peak = float(nb.cells[-1].outputs[0]["text"])
        if cells:
            trace = [float(v) for v in nb.cells[-2].outputs[0]["text"].strip("[]\n").split(",")]
            code = [(i, c) for i, c in enumerate(nb.cells[1:n_cells + 1]) if c.cell_type == "code"]
            before = trace[0]  # post_run_cell runs for code cells only, the trace cell first
            for (i, cell), after in zip(code, trace[1:], strict=False):
                if after - before >= 5:
                    first = cell.source.strip().splitlines() or [""]
                    print(f"  cell {i:>2}: +{after - before:5.0f} MB -> {after:4.0f} MB  "
                          f"{first[0][:70]}", flush=True)
                before = after
        return seconds, peak


def _describe(python: str) -> str:
    """Python, TensorFlow and Keras versions of ``python``, and which optional packages it has."""
    code = ("import importlib.metadata as m, importlib.util as u, platform\n"
            "def v(*d):\n"
            "    for x in d:\n"
            "        try: return m.version(x)\n"
            "        except m.PackageNotFoundError: pass\n"
            "    return 'not installed'\n"
            "extra = [p for p in ('sklearn', 'scipy', 'pandas') if u.find_spec(p)]\n"
            "print(f\"Python {platform.python_version()}, TensorFlow {v('tensorflow-cpu', "
            "'tensorflow')}, Keras {v('keras')}; scikit-learn, SciPy, pandas: "
            "{', '.join(extra) + ' installed' if extra else 'none installed'}\")")
    return subprocess.run([python, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--python", default=sys.executable,
                        help="the interpreter the kernels run (default: this one)")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="an environment variable for the kernel only (repeatable)")
    parser.add_argument("--cells", action="store_true", help="print the cells raising the peak")
    parser.add_argument("--out", default=str(OUT), help="where the table goes ('-': nowhere)")
    args = parser.parse_args(argv)
    extra_env = dict(item.split("=", 1) for item in args.env)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT / "tests" / "netguard"), os.environ.get("PYTHONPATH")]))
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    # Solved exercises are recorded in a throw-away folder, not in the user's progress.
    os.environ["KERASNB_PROGRESS_DIR"] = tempfile.mkdtemp(prefix="kerasnb-bench-progress-")
    specs = Path(tempfile.mkdtemp(prefix="kerasnb-bench-kernel-"))
    kernel = kernelspec(specs, args.python, extra_env)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        filter(None, [str(specs), os.environ.get("JUPYTER_PATH")]))
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    rows, total, peaks = [], 0.0, []
    for p in paths:
        seconds, peak = run(p, kernel, args.cells)
        total += seconds
        peaks.append(peak)
        rows.append(f"| {p.stem} | {seconds:.1f} s | {'yes' if seconds < 90 else 'NO'} "
                    f"| {peak:.0f} MB | {'yes' if peak < MEMORY_GOAL_MB else 'NO'} |")
        print(rows[-1], flush=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    text = "\n".join([
        "# Notebook run times and memory", "",
        "Each tutorial executed once, headless, by nbclient in a fresh kernel (the time includes "
        "starting and stopping the kernel), with the network blocked and the exercises solved as "
        "in the tests. Peak "
        "memory is the kernel's peak resident set (`ru_maxrss`, MB = MiB) read by one extra cell "
        "after the last; in JupyterLab, with live widgets, a kernel holds some 50-60 MB more.", "",
        f"Machine: {os.cpu_count()} CPU cores, load average {load:.1f} at the end; "
        f"{time.strftime('%Y-%m-%d')}. Kernel: {_describe(args.python)}"
        + (f"; kernel environment {', '.join(args.env)}" if args.env else "") + ". "
        f"Command: `.venv/bin/python benchmarks/bench_notebooks.py {' '.join(argv)}`." + (
            " The machine was busy with other work (load average above its core count): the "
            "wall times are several times a quiet run's; the memory figures do not depend on "
            "the load." if load > (os.cpu_count() or 1) else ""), "",
        "| notebook | wall time | under 90 s | peak memory | under 750 MB |",
        "|---|---:|---|---:|---|", *rows,
        f"| **whole course** | **{total / 60:.1f} min** | {'yes' if total < 600 else 'NO'} "
        f"(goal 10 min) | {max(peaks):.0f} MB at most | "
        f"{'yes' if max(peaks) < MEMORY_GOAL_MB else 'NO'} |", ""])
    if args.out != "-":
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
