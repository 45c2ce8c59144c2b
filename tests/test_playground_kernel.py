"""Playing in a real ipykernel: training runs on the kernel's loop, which stays responsive."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

jupyter_client = pytest.importorskip("jupyter_client")

ROOT = Path(__file__).resolve().parents[1]


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
    reply = client.execute_interactive(code, timeout=180, output_hook=_collect(out := []))
    assert reply["content"]["status"] == "ok", "\n".join(out)
    return "".join(out).strip()


def _collect(out: list[str]):
    def hook(msg):
        content = msg["content"]
        if msg["msg_type"] == "execute_result":
            out.append(content["data"]["text/plain"])
        elif msg["msg_type"] == "error":
            out.append("\n".join(content["traceback"]))
    return hook


def click(client, model_id: str) -> None:
    """What the browser sends when a button is pressed."""
    content = {"comm_id": model_id, "data": {"method": "custom", "content": {"event": "click"}}}
    client.shell_channel.send(client.session.msg("comm_msg", content))


@pytest.mark.slow
def test_play_trains_between_cells_and_the_pause_button_stops_it(kernel):
    run(kernel, "import kerasnb as knb\np = knb.Playground(hidden=(2,))\np.step(1)")
    assert run(kernel, "p.play(); p.playing") == "True"
    first = int(run(kernel, "p.epoch"))
    epochs = first
    for _ in range(100):  # cells keep running while it plays, and it keeps training
        time.sleep(0.1)
        epochs = int(run(kernel, "p.epoch"))
        if epochs > first + 2:
            break
    assert epochs > first + 2
    assert run(kernel, "p.playing") == "True"

    pause_id = run(kernel, "p._ui.pause.model_id").strip("'")
    click(kernel, pause_id)  # a widget message, handled between two training slices
    assert run(kernel, "p.playing") == "False"
    stopped = run(kernel, "p.epoch")
    time.sleep(0.5)
    assert run(kernel, "p.epoch") == stopped
