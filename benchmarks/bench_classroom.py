"""A class on one server: N students on a real JupyterHub run the start notebook at once.

A JupyterHub (dummy authenticator, simple local-process spawner, configurable-http-proxy) is
started on 127.0.0.1 in a temporary folder. N students, one thread each, all at the same
moment: log in through the login form, start their server through the hub API, open
``00-start-here.ipynb`` through the contents and sessions APIs and run every cell over the
kernel websocket, as Run All does. Reported: students whose run finished without error and
with a LivePlot frame, time from Run All to the first LivePlot frame and to the end of the
notebook (median and worst), peak resident memory of each student's kernel and server, and
the hub's and the proxy's own. Results go to benchmarks/results/classroom.md.

    .venv/bin/python benchmarks/bench_classroom.py [--students 10]

Needs ``jupyterhub`` (PyPI) and ``configurable-http-proxy`` (npm; `make classroom-setup`).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _hub import Hub, memory_mb, ours, pss_mb  # noqa: E402
from _student import Result, Student  # noqa: E402

OUT = Path(__file__).resolve().parent / "results" / "classroom.md"


class Sampler(threading.Thread):
    """Every second, the summed PSS of every process of the hub's folder; keeps the peak."""

    def __init__(self, work: Path) -> None:
        super().__init__(daemon=True)
        self.work, self.peak, self.done = work, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(1.0):
            self.peak = max(self.peak, sum(pss_mb(pid) for pid in ours(self.work)))


def run_class(n: int, work: Path) -> tuple[list[Result], dict, float, list[int]]:
    """Run ``n`` students at once on a fresh hub in ``work``.

    Returns the students' results, peak memory figures (MiB: ``hub`` and ``proxy`` resident,
    ``total_pss`` of every process of the class), the wall time of the whole class, and the
    process ids that outlived the hub's shutdown (killed).
    """
    hub = Hub(work).start()
    sampler = Sampler(hub.work)
    sampler.start()
    own: dict[str, float] = {}
    try:
        students = [Student(hub.url, f"student{i:02d}") for i in range(n)]
        gate = threading.Barrier(n)

        def visit(s: Student) -> None:
            gate.wait()
            s.go()

        start = time.perf_counter()
        threads = [threading.Thread(target=visit, args=(s,), daemon=True) for s in students]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=1800)
        wall = time.perf_counter() - start
        pids = hub.pids()
        own.update({name: memory_mb(pid)[0] for name, pid in pids.items()})
    finally:
        sampler.done.set()
        sampler.join(5)
        own["total_pss"] = sampler.peak
        left = hub.stop()
    return [s.result for s in students], own, wall, left


def _stats(values: list[float]) -> str:
    values = [v for v in values if v == v]
    if not values:
        return "n/a"
    return f"{statistics.median(values):.1f} s median, {max(values):.1f} s worst"


def machine() -> str:
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    mem = next((int(line.split()[1]) // 1024 for line in meminfo
                if line.startswith("MemTotal")), 0)
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo
                if line.startswith("model name")), platform.processor())
    from importlib.metadata import version
    return (f"{os.cpu_count()} CPU cores ({cpu}), {mem / 1024:.0f} GB RAM, "
            f"{platform.system()} {platform.release()}; Python {platform.python_version()}, "
            f"JupyterHub {version('jupyterhub')}, jupyter_server {version('jupyter_server')}, "
            f"TensorFlow {version('tensorflow-cpu')}")


def report(results: list[Result], own: dict, wall: float, load: float) -> str:
    n = len(results)
    ok = [r for r in results if r.ok]
    kernels = [r.kernel_peak_mb for r in ok if r.kernel_peak_mb == r.kernel_peak_mb]
    servers = [r.server_peak_mb for r in ok if r.server_peak_mb == r.server_peak_mb]
    per_student = max(k + s for k, s in zip(kernels, servers, strict=True)) if kernels else 0
    rows = [f"| {r.name} | {'yes' if r.ok else 'NO: ' + r.error[:80]} | {r.login_s:.1f} s "
            f"| {r.spawn_s:.1f} s | {r.first_frame_s:.1f} s | {r.run_s:.1f} s "
            f"| {r.kernel_peak_mb:.0f} MB | {r.server_peak_mb:.0f} MB |" for r in results]
    return "\n".join([
        "# A classroom on one server", "",
        f"{n} simulated students on a real JupyterHub on this machine, all at the same moment: "
        "log in through the login form, start a server through the hub API, open "
        "`00-start-here.ipynb` through the Jupyter REST API and run every cell over the kernel "
        "websocket, as Run All does (`benchmarks/bench_classroom.py`). Dummy authenticator, "
        "simple local-process spawner, configurable-http-proxy, everything on 127.0.0.1. The "
        "kernels see a Jupyter server, so LivePlot streams its live frames (the default: SVG "
        "in a display updated in place): a frame is the first display message that carries "
        "the plot with points.", "",
        f"Machine: {machine()}; load average {load:.1f} at the end (the machine was shared); "
        f"{time.strftime('%Y-%m-%d')}. Command: "
        f"`.venv/bin/python benchmarks/bench_classroom.py --students {n}`.", "",
        "## Summary", "",
        f"- students whose run finished without error, with a LivePlot frame: **{len(ok)} of {n}**",
        f"- Run All to the first LivePlot frame: {_stats([r.first_frame_s for r in ok])}",
        f"- Run All to the end of the notebook: {_stats([r.run_s for r in ok])}",
        f"- log in: {_stats([r.login_s for r in results])}; server start: "
        f"{_stats([r.spawn_s for r in results])}",
        f"- the whole class, from the first login to the last cell: {wall:.0f} s",
        f"- peak memory per student kernel: {statistics.median(kernels):.0f} MB median, "
        f"{max(kernels):.0f} MB worst" if kernels else "- peak memory per student kernel: n/a",
        f"- peak memory per student server (jupyterhub-singleuser): "
        f"{statistics.median(servers):.0f} MB median" if servers else "- server: n/a",
        f"- peak per student (server + kernel): {per_student:.0f} MB",
        f"- CPU time per student kernel for the whole notebook: "
        f"{_stats([r.kernel_cpu_s for r in ok]).replace(' s ', ' CPU-s ')}",
        f"- the hub's own peak memory: {own.get('hub', float('nan')):.0f} MB; the proxy's: "
        f"{own.get('proxy', float('nan')):.0f} MB",
        f"- the whole class at its peak, counting pages shared between processes once (PSS, "
        f"sampled every second): {own.get('total_pss', 0):.0f} MB, "
        f"{own.get('total_pss', 0) / max(n, 1):.0f} MB per student with the hub's share", "",
        "## Per student", "",
        "| student | finished | log in | server start | first frame | whole notebook "
        "| kernel peak | server peak |",
        "|---|---|---:|---:|---:|---:|---:|---:|", *rows, ""])


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=10)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="knb-class-") as tmp:
        results, own, wall, left = run_class(args.students, Path(tmp))
    text = report(results, own, wall, os.getloadavg()[0])
    if left:
        text += f"\nProcesses left after the hub stopped (killed): {len(left)}\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
