"""Fixtures for the browser tests: one JupyterLab server and one Chromium for the session.

- ``lab``: a JupyterLab server on a free port of 127.0.0.1 serving a temporary copy of
  ``notebooks/`` (scenario notebooks are written beside them), stopped at the end.
- ``browser``: Debian's Chromium launched by Playwright.
- ``lab_page``: one page showing that JupyterLab, shared by the scenarios (loading Lab
  takes seconds; each scenario opens and closes its own notebook tab in it).
- ``notebook``: opens a notebook in ``lab_page``, by default on a shared kernel that has
  Keras, plotly, ipywidgets and kerasnb imported already (importing them takes most of a
  scenario's time otherwise); ``fresh_kernel=True`` starts a kernel of its own, as a
  student's first click does. Afterwards it closes the tab, closes the kernel's widgets
  and stops the fresh kernel. When the test failed, a screenshot of the page goes to
  ``tests/browser/artifacts/``.
- ``page``: a page of its own, for a test that starts its own server.
- ``readme_screenshots`` (automatic): with ``KERASNB_SCREENSHOTS=1`` the screenshots a
  passing test took (`labdriver.shoot`) are copied into ``assets/screenshots/``.

Without Chromium the tests are skipped, except under CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from labdriver import (
    ARTIFACTS,
    NOTEBOOKS,
    SCREENSHOTS,
    SHOTS,
    LabServer,
    cells,
    close_notebook,
    error_outputs,
    free_port,
    kernel_execute,
    kernel_id,
    lab_command,
    launch_chromium,
    load_lab,
    open_notebook,
    run_all,
    stream_text,
    write_notebook,
)

VIEWPORT = {"width": 1280, "height": 1100}

# What the shared kernel imports once for all scenarios.
WARM_UP = """\
import sys
print(sys.prefix)
import keras
import ipywidgets
import plotly.graph_objects
import kerasnb as knb
import kerasnb.callbacks, kerasnb.viz, kerasnb.widgets
knb.LivePlot, knb.ModelBuilder, knb.Playground, knb.show_activations, knb.confusion_matrix
"""


def _no_chromium() -> None:
    message = ("no Chromium found: install Debian's with `apt-get install -y chromium` "
               "(or set KERASNB_CHROMIUM to a Chromium executable)")
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def pytest_collection_modifyitems(session, config, items):
    """Run the browser tests last, so the Lab server and Chromium they share (session
    fixtures) are stopped as soon as they are done rather than idling through other tests."""
    here = Path(__file__).resolve().parent
    ours = [item for item in items if here in Path(str(item.path)).resolve().parents]
    if ours:
        others = [item for item in items if item not in ours]
        items[:] = others + ours


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _failed(request) -> bool:
    report = getattr(request.node, "report_call", None)
    return report is not None and report.failed


def _failure_screenshot(page, request) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-failure.png"))
    except Exception as exc:  # a crashed page must not hide the test's own failure
        print(f"no failure screenshot: {exc}")


@pytest.fixture(autouse=True)
def readme_screenshots(request):
    """With KERASNB_SCREENSHOTS=1, a passing test's screenshots go to assets/screenshots/."""
    SHOTS.clear()
    yield
    if os.environ.get("KERASNB_SCREENSHOTS") == "1" and SHOTS and not _failed(request):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for shot in SHOTS:
            shutil.copy2(shot, SCREENSHOTS / shot.name)


@pytest.fixture(scope="session")
def lab(browser, tmp_path_factory):
    """A JupyterLab server on a temporary copy of the tutorials (``.root`` is that folder)."""
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
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch_chromium(pw)
        if chromium is None:
            _no_chromium()
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def lab_page(browser, lab):
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(60_000)
    page = context.new_page()
    load_lab(page, lab, workspace="browser-tests")
    yield page
    context.close()


class SharedKernel:
    """A kernel with the heavy imports done, started on first use."""

    def __init__(self, lab: LabServer, page):
        self._lab, self._page, self._id = lab, page, None

    @property
    def id(self) -> str:
        if self._id is None:
            write_notebook(self._lab.root / "warm-up.ipynb", [WARM_UP])
            open_notebook(self._page, "warm-up.ipynb")
            ok = run_all(self._page, timeout=300)
            assert ok, f"the shared kernel did not start: {error_outputs(self._page)}"
            prefix = stream_text(cells(self._page)[0]).strip()
            assert prefix == sys.prefix, (
                f"the kernel runs the Python of {prefix}, not this environment's ({sys.prefix})")
            self._id = kernel_id(self._page)
            close_notebook(self._page)
        return self._id


@pytest.fixture(scope="session")
def shared_kernel(lab, lab_page):
    return SharedKernel(lab, lab_page)


@pytest.fixture
def notebook(lab, lab_page, shared_kernel, request):
    """``notebook(name, cells=None, *, fresh_kernel=False)`` opens a notebook; returns the page.

    With ``cells`` (a list of sources, see `labdriver.write_notebook`) the notebook is
    written into the served folder first.
    """
    opened, fresh = [], []

    def open_(name: str, cells: list[str] | None = None, *, fresh_kernel: bool = False):
        if cells is not None:
            write_notebook(lab.root / name, cells)
        open_notebook(lab_page, name, kernel_id=None if fresh_kernel else shared_kernel.id)
        opened.append(name)
        if fresh_kernel:
            fresh.append(kernel_id(lab_page))
        return lab_page

    yield open_
    if _failed(request):
        _failure_screenshot(lab_page, request)
    if opened:
        if not fresh:
            # stop anything still running, then let go of this scenario's widgets
            lab_page.evaluate(
                "() => { window.jupyterapp.commands.execute('kernelmenu:interrupt'); }")
            kernel_execute(lab_page, "import ipywidgets\nipywidgets.Widget.close_all()")
        close_notebook(lab_page)
    for kid in fresh:
        lab.api(f"kernels/{kid}", method="DELETE")


@pytest.fixture
def page(browser, request):
    """A page of its own (1280x900); a screenshot goes to artifacts/ when the test fails."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(60_000)
    page = context.new_page()
    yield page
    if _failed(request):
        _failure_screenshot(page, request)
    context.close()
