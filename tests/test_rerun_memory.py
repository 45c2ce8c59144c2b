"""Run All three times on lesson 05 in one kernel: widgets and memory stay at the first run's.

A real kernel (jupyter_client), told it is behind JupyterLab (so LivePlot and the widgets take
their live path), runs every code cell of 05 in order, each execute request carrying its
cell's id as JupyterLab sends it. After each Run All a probe (no cell id) counts the open
ipywidgets (``Widget.widgets``) and reads the kernel's resident memory after a collection.
"""

from __future__ import annotations

import os
import queue
import shutil
import time
from pathlib import Path

import nbformat
import pytest

jupyter_client = pytest.importorskip("jupyter_client")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "05-training-and-callbacks.ipynb"
NETGUARD = ROOT / "tests" / "netguard"
RUNS = 3
GROWTH_MB = 15  # resident memory may move this much between runs (allocator, caches)

PROBE = """
import gc, json
from ipywidgets.widgets import widget as _w
gc.collect()
_rss = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS'))
print(json.dumps({"widgets": len(getattr(_w, "_instances", None) or _w.Widget.widgets),
                  "rss_mb": _rss / 1024}))
"""


def execute(kc, code: str, cell_id: str | None, timeout: float = 600) -> str:
    """Run ``code`` as JupyterLab does (``cellId`` in the metadata); its stdout, or raise."""
    msg = kc.session.msg("execute_request", {
        "code": code, "silent": False, "store_history": True, "user_expressions": {},
        "allow_stdin": False, "stop_on_error": True},
        metadata={"cellId": cell_id} if cell_id else {})
    kc.shell_channel.send(msg)
    msg_id, out, deadline = msg["header"]["msg_id"], [], time.monotonic() + timeout
    replied = idle = False
    while not (replied and idle):
        if time.monotonic() > deadline:
            raise TimeoutError(f"cell {cell_id} ran over {timeout} s")
        try:
            reply = kc.get_shell_msg(timeout=0.05)
            if reply["parent_header"].get("msg_id") == msg_id:
                replied = True
                if reply["content"]["status"] != "ok":
                    c = reply["content"]
                    raise AssertionError(f"cell {cell_id}: {c['ename']}: {c['evalue']}")
        except queue.Empty:
            pass
        while True:
            try:
                io = kc.get_iopub_msg(timeout=0.05)
            except queue.Empty:
                break
            if io["parent_header"].get("msg_id") != msg_id:
                continue
            kind = io["header"]["msg_type"]
            if kind == "stream":
                out.append(io["content"]["text"])
            elif kind == "status" and io["content"]["execution_state"] == "idle":
                idle = True
    return "".join(out)


@pytest.fixture
def kernel(tmp_path):
    env = dict(os.environ, KERASNB_FRONTEND="jupyter", JPY_SESSION_NAME=str(NOTEBOOK.name),
               TF_ENABLE_ONEDNN_OPTS="0", TF_CPP_MIN_LOG_LEVEL="2",
               KERAS_HOME=str(tmp_path / "keras-home"),
               MPLBACKEND="module://matplotlib_inline.backend_inline")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NETGUARD), str(ROOT),
                                                      env.get("PYTHONPATH")]))
    shutil.copy2(NOTEBOOK, tmp_path / NOTEBOOK.name)
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name="python3", env=env,
                                                     cwd=str(tmp_path), startup_timeout=120)
    try:
        yield kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def run_all_three_times(kc) -> list[dict]:
    import json

    nb = nbformat.read(NOTEBOOK, as_version=4)
    cells = [(c.get("id"), c.source) for c in nb.cells if c.cell_type == "code"]
    after = []
    for _ in range(RUNS):
        for cell_id, code in cells:
            execute(kc, code, cell_id)
        after.append(json.loads(execute(kc, PROBE, None).strip().splitlines()[-1]))
    return after


@pytest.mark.slow
@pytest.mark.xfail(strict=False, reason=(
    "needs kerasnb._cells.track(widget) where kerasnb shows widgets: in "
    "kerasnb/callbacks/backends/plotly.py PlotlyOutput.show, the box and its 'waiting' HTML "
    "child; and memory grows about 75 MB per Run All besides (the count of live keras Models "
    "stays at 17), which closing widgets does not free"))
def test_run_all_again_keeps_widgets_and_memory(kernel):
    after = run_all_three_times(kernel)
    first, second, third = after
    print("after each Run All:", after)
    assert second["widgets"] == first["widgets"] and third["widgets"] == first["widgets"], after
    assert third["rss_mb"] - first["rss_mb"] < GROWTH_MB, after


# What the one-line calls would do, shown without editing the library: every widget is filed
# under the cell that displays it (the display hook ipywidgets 8 goes through).
TRACK_AT_DISPLAY = """
import ipywidgets
from kerasnb._cells import track
_shown = ipywidgets.Widget._repr_mimebundle_
ipywidgets.Widget._repr_mimebundle_ = lambda self, **kw: _shown(track(self), **kw)
"""


@pytest.mark.slow
@pytest.mark.xfail(strict=False, reason=(
    "filed where displayed, half the widgets a Run All of 05 adds are closed by the next "
    "(30, 45, 60 open after three runs, not 30, 30, 30): the rest are widgets put into a box "
    "after it was shown, which need track() where kerasnb creates them"))
def test_tracked_widgets_are_closed_by_the_next_run_all(kernel):
    execute(kernel, TRACK_AT_DISPLAY, None)
    after = run_all_three_times(kernel)
    print("after each Run All, widgets tracked where displayed:", after)
    first, second, third = after
    assert second["widgets"] == first["widgets"] and third["widgets"] == first["widgets"], after
