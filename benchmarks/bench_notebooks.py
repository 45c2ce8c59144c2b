"""Run time of every tutorial notebook, executed headless in a Jupyter kernel.

Each notebook runs once with nbclient in a kernel of this interpreter (in a temporary
folder, with the same offline guard the tests use); the table of wall times goes to
benchmarks/results/notebooks.md. Goals: each notebook under 90 s, the course under 10 minutes
on 2 CPU cores.

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


def run(path: Path) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        shutil.copy2(path, copy)
        nb = nbformat.read(copy, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": tmp}}).execute()
        return time.perf_counter() - start


def main(argv: list[str]) -> None:
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT / "tests" / "netguard"), os.environ.get("PYTHONPATH")]))
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    rows, total = [], 0.0
    for p in paths:
        seconds = run(p)
        total += seconds
        rows.append(f"| {p.stem} | {seconds:.1f} s | {'yes' if seconds < 90 else 'NO'} |")
        print(rows[-1], flush=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    text = "\n".join([
        "# Notebook run times", "",
        "Each tutorial executed once, headless, by nbclient in a fresh kernel (the time includes "
        "starting and stopping the kernel), with the network blocked as in the tests.", "",
        f"Machine: {os.cpu_count()} CPU cores, load average {load:.1f} at the end; Python "
        f"{platform.python_version()}, TensorFlow {_version('tensorflow-cpu', 'tensorflow')}, "
        f"Keras {_version('keras')}; {time.strftime('%Y-%m-%d')}. "
        "Command: `.venv/bin/python benchmarks/bench_notebooks.py`.", "",
        "| notebook | wall time | under 90 s |", "|---|---:|---|", *rows,
        f"| **whole course** | **{total / 60:.1f} min** | {'yes' if total < 600 else 'NO'} (goal 10 min) |", ""])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text)
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
