"""Fixtures for the browser tests: one JupyterLab server and one Chromium for the session.

- ``lab``: a JupyterLab server on a free port of 127.0.0.1 serving a temporary copy of
  ``notebooks/`` (the scenario notebooks are written beside them), stopped at the end.
- ``browser``: Debian's Chromium launched by Playwright.
- ``page``: a fresh browser page per test; when the test fails a screenshot of it goes to
  ``tests/browser/artifacts/``; afterwards every kernel of the server is shut down.

Without Chromium the tests are skipped, except under CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import os
import shutil

import pytest
from labdriver import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    NOTEBOOKS,
    LabServer,
    free_port,
    lab_command,
)


def _need_chromium() -> None:
    if CHROMIUM.is_file():
        return
    message = (f"Chromium not found at {CHROMIUM}; install it with "
               "`apt-get install -y chromium` (or set KERASNB_CHROMIUM)")
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A JupyterLab server on a temporary copy of the tutorials."""
    _need_chromium()
    root = tmp_path_factory.mktemp("lab-root")
    for nb in NOTEBOOKS.glob("*.ipynb"):
        shutil.copy2(nb, root / nb.name)
    port = free_port()
    server = LabServer(lab_command(root, port), port=port,
                       home=tmp_path_factory.mktemp("lab-home"), cwd=root)
    server.root = root
    try:
        yield server.wait_ready()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, request):
    """A new page (1280x900); screenshot to artifacts/ when the test fails."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-failure.png"),
                            full_page=True)
        except Exception as exc:  # a crashed page must not hide the test's own failure
            print(f"no failure screenshot: {exc}")
    context.close()
    server = request.node.funcargs.get("lab")
    if server is not None:
        server.shutdown_kernels()


@pytest.fixture
def workspace(request) -> str:
    """A Lab workspace name of this test's own, so no test restores another's tabs."""
    return "".join(ch if ch.isalnum() else "-" for ch in request.node.name)[:60]
