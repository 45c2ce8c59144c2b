"""Three students on a real JupyterHub run the start notebook at once, and all get their plot.

The same code as benchmarks/bench_classroom.py (N=10 there): a JupyterHub with the dummy
authenticator and the simple local-process spawner on 127.0.0.1, configurable-http-proxy
from npm, students who log in through the form, start a server and run every cell of
00-start-here over the kernel websocket. Afterwards nothing the hub started may be left.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

from _hub import Hub, find_proxy, ours  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("jupyterhub") is None,
                       reason="jupyterhub is not installed (the test extra has it)"),
    pytest.mark.skipif(find_proxy() is None and not os.environ.get("CI"),
                       reason="configurable-http-proxy is not installed (npm; see .ci/run)"),
]


def test_three_students_run_the_start_notebook(tmp_path):
    from bench_classroom import run_class

    start = time.monotonic()
    results, own, wall, left = run_class(3, tmp_path / "hub")
    start_here = json.loads((BENCH.parent / "notebooks" / "00-start-here.ipynb").read_text())
    code_cells = sum(c["cell_type"] == "code" for c in start_here["cells"])
    failed = {r.name: r.error for r in results if not r.ok}
    assert not failed, failed
    for r in results:
        assert r.cells == code_cells  # every code cell of 00-start-here ran
        assert 0 < r.first_frame_s < r.run_s  # the live plot streamed before the end
        assert r.kernel_peak_mb > 300  # a real kernel with TensorFlow loaded was measured
    assert own["hub"] > 0 and own["proxy"] > 0
    assert left == [], f"processes outlived the hub: {left}"
    assert ours(tmp_path / "hub") == []
    assert time.monotonic() - start < 1800


def test_the_hub_stops_everything_it_started(tmp_path):
    """A server started and never used is stopped with the hub, as are the hub and proxy."""
    from _student import Student

    hub = Hub(tmp_path / "hub").start()
    try:
        s = Student(hub.url, "idle-student")
        s.login()
        s.spawn()
        pids = hub.pids()
        assert set(pids) == {"hub", "proxy"}
        running = ours(tmp_path / "hub")
        assert len(running) >= 3  # hub, proxy, the student's server
        home = tmp_path / "hub" / "home" / "idle-student" / "kerasnb-course"
        assert (home / "00-start-here.ipynb").is_file()  # copied on first start
    finally:
        left = hub.stop()
    assert left == []
    assert ours(tmp_path / "hub") == []
