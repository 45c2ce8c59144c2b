"""The Train and Stop buttons in a real ipykernel, clicked the way a browser clicks them.

Training runs in slices on the kernel's event loop (no thread): the kernel keeps
running cells between slices, the Stop click arrives and ends the run at the next
slice, and the live plot's output is sent with the click's message id, which is
what routes it into the builder's plot area.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

jupyter_client = pytest.importorskip("jupyter_client")

ROOT = Path(__file__).resolve().parents[1]

SETUP = """
import numpy as np
import kerasnb as knb
rng = np.random.default_rng(0)
x = rng.normal(size=(64, 6)).astype("float32")
y = np.argmax(x[:, :3], axis=1)
b = knb.ModelBuilder((6,), num_classes=3, data=(x, y))
b.epochs, b.batch_size = 2000, 4
"""


@pytest.fixture(scope="module")
def kernel():
    manager = jupyter_client.KernelManager(kernel_name="python3")
    env = dict(os.environ, PYTHONPATH=str(ROOT), KERASNB_FRONTEND="jupyter")
    manager.start_kernel(cwd=str(ROOT), env=env)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run(client, code: str) -> str:
    """Execute ``code``; return the text of its result (errors fail the test)."""
    out: list[str] = []

    def hook(msg):
        content = msg["content"]
        if msg["msg_type"] == "execute_result":
            out.append(content["data"]["text/plain"])
        elif msg["msg_type"] == "error":
            out.append("\n".join(content["traceback"]))

    reply = client.execute_interactive(code, timeout=180, output_hook=hook)
    assert reply["content"]["status"] == "ok", "\n".join(out)
    return "".join(out).strip()


def click(client, model_id: str) -> str:
    """What the browser sends when a button is pressed; returns the message id."""
    content = {"comm_id": model_id, "data": {"method": "custom", "content": {"event": "click"}}}
    msg = client.session.msg("comm_msg", content)
    client.shell_channel.send(msg)
    return msg["header"]["msg_id"]


def iopub_children(client, parent_id: str, until, timeout: float = 120.0) -> list[dict]:
    """IOPub messages sent on behalf of ``parent_id`` until ``until(messages)`` holds."""
    found: list[dict] = []
    end = time.monotonic() + timeout
    while time.monotonic() < end and not until(found):
        try:
            msg = client.get_iopub_msg(timeout=1)
        except Exception:  # queue.Empty
            continue
        if msg["parent_header"].get("msg_id") == parent_id:
            found.append(msg)
    return found


@pytest.mark.slow
def test_train_runs_between_cells_and_stop_ends_it(kernel):
    run(kernel, SETUP)
    train_id, stop_id, plot_id = (run(kernel, f"b.{name}.model_id").strip("'")
                                  for name in ("_train_button", "_stop_button", "_plot"))

    click_id = click(kernel, train_id)

    def plot_shown(messages):
        return any(m["msg_type"] == "display_data" for m in messages)

    def click_handled(messages):
        return any(m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"
                   for m in messages)

    # everything sent on behalf of the click until the kernel is done handling it: a front
    # end routes output into the plot area only until then (JupyterLab drops later output)
    messages = iopub_children(kernel, click_id, click_handled)
    # the plot area captures output carrying the click's id ...
    captures = [m for m in messages if m["msg_type"] == "comm_msg"
                and m["content"]["comm_id"] == plot_id
                and m["content"]["data"].get("state", {}).get("msg_id") == click_id]
    assert captures, [m["msg_type"] for m in messages]
    # ... and the live plot was displayed with that id, before the click's handling ended
    assert plot_shown(messages), [m["msg_type"] for m in messages]

    for _ in range(600):  # cells keep running while it trains
        if run(kernel, "b._status.value").startswith("'Epoch"):
            break
        time.sleep(0.1)
    assert run(kernel, "b.training") == "True"
    assert run(kernel, "1 + 1") == "2"

    click(kernel, stop_id)
    assert run(kernel, "b.wait(60)") == "True"
    assert int(run(kernel, "len(b.history.epoch)")) < 2000
    assert run(kernel, "b._status.value").startswith("'Stopped after")
    assert run(kernel, "b._train_button.disabled, b._stop_button.disabled") == "(False, True)"
    assert run(kernel, "b.errors") == "[]"
    assert run(kernel, "import threading; [t.name for t in threading.enumerate() "
                       "if 'train' in t.name]") == "[]"
