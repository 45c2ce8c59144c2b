"""Scenario 6: the README's first command, ``kerasnb lab``, opens the start notebook in a browser."""

import time

import pytest
from labdriver import (
    NOTEBOOKS,
    LabServer,
    cell_locator,
    cli_command,
    free_port,
    shoot,
    wait_notebook_ready,
)

pytestmark = pytest.mark.browser

START = "00-start-here.ipynb"


def _file_to_run_opener(server: LabServer, timeout: float = 20.0):
    """The page the server sends a browser to for the notebook named on its command line."""
    runtime = server.home / "runtime"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sorted(runtime.glob("jpserver-file-to-run-*-open.html"))
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"the server wrote no page to open {START}; files: "
                         f"{sorted(p.name for p in runtime.iterdir())}\n{server.log()}")


def test_kerasnb_lab_opens_the_start_notebook(browser, page, tmp_path):
    port = free_port()
    server = LabServer(cli_command(port), port=port, home=tmp_path / "home", cwd=tmp_path)
    try:
        server.wait_ready()
        assert f"kerasnb: starting JupyterLab on {NOTEBOOKS / START}" in server.log(20_000)
        served = {item["name"] for item in server.api("contents")["content"]}
        assert START in served, f"the server serves {sorted(served)}, not the tutorials"

        page.goto(_file_to_run_opener(server).as_uri())
        page.wait_for_url(f"{server.url}/lab/tree/{START}", timeout=30_000)
        wait_notebook_ready(page, START)
        title = cell_locator(page, 0)
        assert "Start here" in title.inner_text()
        tab = page.locator(".lm-TabBar-tab.jp-mod-current")
        assert START in tab.first.inner_text()
        shoot(page, "kerasnb-lab")
    finally:
        server.stop()
