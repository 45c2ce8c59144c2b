"""Run time and peak memory of every tutorial notebook, executed headless in a Jupyter kernel.

Each notebook runs once with nbclient in a kernel of this interpreter (in a temporary
folder, with the same offline guard the tests use, its exercises filled with their solutions). After its last cell one more cell, added
to the copy only, reads the kernel's peak resident memory (``ru_maxrss``, the high-water mark
the operating system keeps for the process). The table goes to benchmarks/results/notebooks.md.
Goals: each notebook under 90 s and under 750 MB, the course under 10 minutes on 2 CPU cores.

    .venv/bin/python benchmarks/bench_notebooks.py [NOTEBOOK ...]
"""

from __future__ import annotations

import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from kerasnb.exercises import fill_solutions

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "notebooks.md"


def _version(*dists: str) -> str:
    """The installed version of the first of ``dists`` that is installed."""
    from importlib.metadata import PackageNotFoundError, version

    for dist in dists:
        try:
            return version(dist)
        except PackageNotFoundError:
            continue
    return "not installed"


MEMORY_GOAL_MB = 750
# Linux and macOS keep the process' peak resident size (KiB on Linux, bytes on macOS).
PEAK_CELL = ("import resource, sys\n"
             "_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
             "print(_peak / 2**20 if sys.platform == 'darwin' else _peak / 1024)")


def run(path: Path) -> tuple[float, float]:
    """Execute a copy of ``path``; its wall time in seconds and the kernel's peak RSS in MiB."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        shutil.copy2(path, copy)
        fill_solutions(copy)  # the exercises run solved, as in the nbval test
        nb = nbformat.read(copy, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(PEAK_CELL))
        start = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": tmp}}).execute()
        seconds = time.perf_counter() - start
        peak = float(nb.cells[-1].outputs[0]["text"])
        return seconds, peak


def main(argv: list[str]) -> None:
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT / "tests" / "netguard"), os.environ.get("PYTHONPATH")]))
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    # Solved exercises are recorded in a throw-away folder, not in the user's progress.
    os.environ["KERASNB_PROGRESS_DIR"] = tempfile.mkdtemp(prefix="kerasnb-bench-progress-")
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    rows, total, peaks = [], 0.0, []
    for p in paths:
        seconds, peak = run(p)
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
        f"Machine: {os.cpu_count()} CPU cores, load average {load:.1f} at the end; Python "
        f"{platform.python_version()}, TensorFlow {_version('tensorflow-cpu', 'tensorflow')}, "
        f"Keras {_version('keras')}; {time.strftime('%Y-%m-%d')}. "
        "Command: `.venv/bin/python benchmarks/bench_notebooks.py`." + (
            " The machine was busy with other work (load average above its core count): the "
            "wall times are several times a quiet run's; the memory figures do not depend on "
            "the load." if load > (os.cpu_count() or 1) else ""), "",
        "| notebook | wall time | under 90 s | peak memory | under 750 MB |",
        "|---|---:|---|---:|---|", *rows,
        f"| **whole course** | **{total / 60:.1f} min** | {'yes' if total < 600 else 'NO'} "
        f"(goal 10 min) | {max(peaks):.0f} MB at most | "
        f"{'yes' if max(peaks) < MEMORY_GOAL_MB else 'NO'} |", ""])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text)
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
