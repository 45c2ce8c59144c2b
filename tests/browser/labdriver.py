"""Drive a real JupyterLab in Chromium: start the server, open notebooks, run them, read outputs.

The browser tests share these helpers through ``conftest.py``; a script that wants the
same set-up (the README screenshots, a debugging session) can import them too.

Everything the server and its kernels write lives in one temporary "home" folder: the
Jupyter config, runtime, data, Lab settings and workspaces. Nothing in the checkout or the
virtual environment is modified. Lab's settings switch notebook windowing off (every cell
stays in the DOM, so the tests can read cells far below the fold), and the kernels run with
``tests/netguard`` on PYTHONPATH, so a notebook that reaches for the internet fails.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
NETGUARD = ROOT / "tests" / "netguard"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SCREENSHOTS = ROOT / "assets" / "screenshots"
SHOTS: list[Path] = []  # the screenshots `shoot` took during the running test

# Debian's package first (`apt-get install chromium`); KERASNB_CHROMIUM overrides.
SYSTEM_CHROMIUMS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# User settings, one file per Lab plugin, written into a temporary JUPYTERLAB_SETTINGS_DIR.
LAB_SETTINGS = {
    # Lab 4 only keeps the visible cells of a long notebook in the DOM unless told otherwise.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    # No news or update toasts over the notebook.
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
    # Never write back into the served folder behind the test's back.
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    # The extension manager would ask the package index for listings.
    "@jupyterlab/extensionmanager-extension/plugin": {"enabled": False},
}

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def find_chromium() -> str | None:
    """The Chromium to drive, or None to use Playwright's own build (if it was installed)."""
    forced = os.environ.get("KERASNB_CHROMIUM")
    if forced:
        return forced
    return next((exe for exe in SYSTEM_CHROMIUMS if Path(exe).is_file()), None)


def launch_chromium(playwright):
    """Launch a headless Chromium through a started Playwright, or return None if there is none."""
    exe = find_chromium()
    if exe is None and not Path(playwright.chromium.executable_path).is_file():
        return None
    return playwright.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lab_environment(home: Path) -> dict[str, str]:
    """Environment for a Jupyter server (and its kernels) confined to ``home``.

    Token and password are off through a ``jupyter_server_config.json`` rather than command
    line flags, so the same environment serves ``kerasnb lab``, which forwards no flags.
    """
    dirs = {name: home / name for name in ("config", "runtime", "data", "settings",
                                            "workspaces", "keras", "checkpoints")}
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    server_config = {
        "ServerApp": {"ip": "127.0.0.1", "password": "", "allow_root": True,
                      "open_browser": False,
                      # lets the tests' own REST calls (stopping kernels) through
                      "disable_check_xsrf": True},
        "IdentityProvider": {"token": ""},
        "LabApp": {"expose_app_in_browser": True},
        "KernelSpecManager": {"ensure_native_kernel": True},
        # Lab makes a checkpoint of every notebook it opens: keep them out of the served folder.
        "FileCheckpoints": {"checkpoint_dir": str(dirs["checkpoints"])},
    }
    (dirs["config"] / "jupyter_server_config.json").write_text(json.dumps(server_config))
    for plugin, values in LAB_SETTINGS.items():
        path = dirs["settings"] / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))

    env = dict(os.environ)
    env.pop("KERASNB_FRONTEND", None)  # the kernels must find out for themselves
    env.update({
        "JUPYTER_CONFIG_DIR": str(dirs["config"]),
        "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
        "JUPYTER_DATA_DIR": str(dirs["data"]),  # no user kernelspec can shadow this venv's
        "JUPYTERLAB_SETTINGS_DIR": str(dirs["settings"]),
        "JUPYTERLAB_WORKSPACES_DIR": str(dirs["workspaces"]),
        "JUPYTER_PLATFORM_DIRS": "1",
        "KERAS_HOME": str(dirs["keras"]),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(NETGUARD), env.get("PYTHONPATH")])),
        "TF_ENABLE_ONEDNN_OPTS": "0",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def lab_command(root_dir: Path, port: int) -> list[str]:
    """``jupyter lab`` run by this interpreter, so its native kernel is this venv's Python."""
    return [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={root_dir}",
            "--IdentityProvider.token=", "--ServerApp.password=",
            "--LabApp.expose_app_in_browser=True", "--KernelSpecManager.ensure_native_kernel=True",
            "--ServerApp.allow_root=True"]


def cli_command(port: int) -> list[str]:
    """The README's first command: ``kerasnb lab --no-browser --port N``."""
    script = Path(sys.executable).with_name("kerasnb")
    head = [str(script)] if script.is_file() else [sys.executable, "-m", "kerasnb"]
    return [*head, "lab", "--no-browser", "--port", str(port)]


class LabServer:
    """A Jupyter server process on 127.0.0.1, started in its own process group.

    Args:
        command: the command line that starts the server.
        port: the port it listens on.
        home: the folder made by `lab_environment` for it.
        cwd: working folder of the command.
    """

    def __init__(self, command: list[str], *, port: int, home: Path, cwd: Path):
        self.port = port
        self.home = home
        self.url = f"http://127.0.0.1:{port}"
        home.mkdir(parents=True, exist_ok=True)
        self.log_path = home / "server.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, cwd=cwd, env=lab_environment(home),
                                        stdout=self._log, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    def log(self, tail: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-tail:]

    def api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(f"{self.url}/api/{path}", method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def wait_ready(self, timeout: float = 90.0) -> LabServer:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Jupyter server exited with code {self.process.returncode}"
                                   f":\n{self.log()}")
            try:
                self.api("status")
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
                if isinstance(exc, urllib.error.HTTPError):
                    raise
                time.sleep(0.3)
        raise TimeoutError(f"the Jupyter server did not answer within {timeout:.0f} s:\n"
                           f"{self.log()}")

    def shutdown_kernels(self) -> None:
        """Stop every kernel the server runs (they live in process groups of their own)."""
        if self.process.poll() is not None:
            return
        for kernel in self.api("kernels"):
            self.api(f"kernels/{kernel['id']}", method="DELETE")

    def stop(self) -> None:
        """Stop the kernels, then the server's process group (SIGTERM, SIGKILL after 20 s)."""
        try:
            self.shutdown_kernels()
        except OSError as exc:  # the server is going away anyway; SIGTERM stops its kernels
            print(f"could not stop the kernels through the REST API: {exc}")
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log.close()


# --------------------------------------------------------------------------- notebooks


def write_notebook(path: Path, cells: list[str]) -> Path:
    """Write a notebook of code cells (a cell starting with ``#md`` becomes markdown)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    for source in cells:
        if source.startswith("#md\n"):
            nb.cells.append(nbformat.v4.new_markdown_cell(source[4:]))
        else:
            nb.cells.append(nbformat.v4.new_code_cell(source))
    nbformat.write(nb, path)
    return path


# --------------------------------------------------------------------------- pages

# JavaScript run in the page; `window.jupyterapp` is there thanks to expose_app_in_browser.
_PANEL = "window.jupyterapp && window.jupyterapp.shell.currentWidget"

_KERNEL_IDLE = f"""() => {{
    const panel = {_PANEL};
    const kernel = panel && panel.sessionContext && panel.sessionContext.session
        && panel.sessionContext.session.kernel;
    return !!kernel && kernel.status === 'idle' && panel.content.widgets.length > 0;
}}"""


def load_lab(page, server: LabServer, *, workspace: str, timeout: float = 120.0) -> None:
    """Load JupyterLab in ``page``, in a fresh workspace of its own (no tabs restored)."""
    page.goto(f"{server.url}/lab/workspaces/{workspace}?reset")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell",
                           timeout=timeout * 1000)
    page.evaluate(_within("window.jupyterapp.restored", timeout, "JupyterLab to load"))


def open_notebook(page, name: str, *, kernel_id: str | None = None,
                  timeout: float = 120.0) -> None:
    """Open ``name`` (relative to the served folder) as File > Open does; wait for its kernel.

    Args:
        page: a page showing JupyterLab (see `load_lab`).
        name: the notebook's path.
        kernel_id: attach the notebook to this running kernel (as Kernel > Change Kernel >
            "Use Kernel from Other Session" does) instead of starting a new one.
        timeout: seconds to wait for the kernel to be idle.
    """
    args = {"path": name, "kernel": {"id": kernel_id}} if kernel_id else {"path": name}
    page.evaluate("args => { window.jupyterapp.commands.execute('docmanager:open', args); }",
                  args)
    wait_notebook_ready(page, name, timeout=timeout)


def wait_notebook_ready(page, name: str, *, timeout: float = 120.0) -> None:
    """Wait until ``name`` is the current tab, loaded, with an idle kernel."""
    page.wait_for_function(
        f"""name => {{ const p = {_PANEL};
            return !!p && !!p.context && p.context.path === name && p.context.isReady; }}""",
        arg=name, timeout=timeout * 1000)
    select_kernel_if_asked(page)
    page.wait_for_function(_KERNEL_IDLE, timeout=timeout * 1000)


def select_kernel_if_asked(page) -> None:
    """Accept Lab's "Select Kernel" dialog (shown for a notebook without kernel metadata)."""
    dialog = page.locator(".jp-Dialog")
    if dialog.count() and "kernel" in dialog.inner_text().lower():
        dialog.locator(".jp-mod-accept").click()


def close_notebook(page) -> None:
    """Close the current notebook without saving; its kernel keeps running."""
    page.evaluate(f"""() => {{
        const panel = {_PANEL};
        if (panel && panel.context) {{ panel.context.model.dirty = false; panel.dispose(); }}
    }}""")


def kernel_id(page) -> str:
    """The id of the current notebook's kernel."""
    return page.evaluate(f"() => {_PANEL}.sessionContext.session.kernel.id")


def kernel_execute(page, code: str, *, timeout: float = 60.0) -> None:
    """Run ``code`` quietly in the current notebook's kernel (no cell, no output)."""
    done = (f"{_PANEL}.sessionContext.session.kernel.requestExecute("
            "{code: code, silent: true, store_history: false}).done")
    page.evaluate(_within(done, timeout, "the kernel to run a request"), code)


def _within(promise: str, timeout: float, what: str) -> str:
    """A page function awaiting ``promise`` (JS), failing after ``timeout`` seconds."""
    return f"""async code => {{
        let timer;
        const late = new Promise((_, reject) => {{ timer = setTimeout(
            () => reject(new Error('waited {timeout:.0f} s for {what}')), {timeout * 1000:.0f}); }});
        try {{ await Promise.race([{promise}, late]); }} finally {{ clearTimeout(timer); }}
    }}"""


def run_all(page, *, wait: bool = True, timeout: float = 180.0) -> bool | None:
    """Run every cell of the current notebook, as Run > Run All Cells does.

    With ``wait=False`` it returns at once, so the test can watch cells while they run;
    call `wait_run_all` later. Returns whether every cell succeeded when it waits.
    """
    page.evaluate("""() => {
        window.__kerasnbRun = {done: false, ok: null, error: null};
        window.jupyterapp.commands.execute('notebook:run-all-cells').then(
            ok => { window.__kerasnbRun = {done: true, ok: ok, error: null}; },
            err => { window.__kerasnbRun = {done: true, ok: false, error: String(err)}; });
    }""")
    return wait_run_all(page, timeout=timeout) if wait else None


def run_all_done(page) -> bool:
    return page.evaluate("() => !!(window.__kerasnbRun && window.__kerasnbRun.done)")


def wait_run_all(page, *, timeout: float = 180.0) -> bool:
    """Wait for the `run_all` started last; True when every cell succeeded."""
    page.wait_for_function("() => window.__kerasnbRun && window.__kerasnbRun.done",
                           timeout=timeout * 1000)
    state = page.evaluate("() => window.__kerasnbRun")
    if state["error"]:
        raise RuntimeError(f"notebook:run-all-cells failed: {state['error']}")
    page.wait_for_function(_KERNEL_IDLE, timeout=timeout * 1000)
    return bool(state["ok"])


def cells(page) -> list[dict]:
    """The current notebook's cells as nbformat dicts, outputs included."""
    return page.evaluate(f"() => {_PANEL}.content.widgets.map(cell => cell.model.toJSON())")


def error_outputs(page) -> list[str]:
    """Every error output of the current notebook, and stderr streams carrying a traceback."""
    found = []
    for i, cell in enumerate(cells(page)):
        for out in cell.get("outputs", []):
            if out["output_type"] == "error":
                found.append(f"cell {i}: {out['ename']}: {out['evalue']}")
            elif out["output_type"] == "stream" and out["name"] == "stderr":
                text = _text(out["text"])
                if "Traceback" in text or "Error" in text:
                    found.append(f"cell {i} (stderr): {text.strip()[-500:]}")
    return found


def reveal_first_error(page) -> None:
    """Scroll the first error output into view, so a failure screenshot shows it."""
    error = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    if error.count():
        error.first.scroll_into_view_if_needed()


def stream_text(cell: dict) -> str:
    """Everything a cell printed (stdout and stderr)."""
    return "".join(_text(out["text"]) for out in cell.get("outputs", [])
                   if out["output_type"] == "stream")


def _text(text: str | list[str]) -> str:
    return "".join(text) if isinstance(text, list) else text


def cell_locator(page, index: int):
    """The DOM element of cell ``index`` in the current notebook."""
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell").nth(index)


def output_locator(page, index: int):
    """The output area of cell ``index`` (not the output areas of Output widgets inside it)."""
    return cell_locator(page, index).locator(".jp-Cell-outputArea")


def shoot(page, name: str, target=None) -> Path:
    """Save a screenshot of ``target`` (a locator) or the page as ``artifacts/NAME.png``.

    The conftest copies the screenshots of a passing test into ``assets/screenshots/``
    when ``KERASNB_SCREENSHOTS=1``: that is how the README's pictures are made.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    (target or page).screenshot(path=str(path))
    SHOTS.append(path)
    return path


# --------------------------------------------------------------------------- saved notebooks

# Outputs that draw something: what a saved notebook must still show as a picture.
PICTURE_MIMES = ("image/png", "image/svg+xml", "application/vnd.plotly.v1+json",
                 "application/vnd.jupyter.widget-view+json")


def save_notebook(page, *, timeout: float = 60.0) -> None:
    """Save the current notebook, as File > Save does, and wait until it is written."""
    page.evaluate(_within(f"{_PANEL}.context.save()", timeout, "the notebook to be saved"))


def picture_cells(nb: dict) -> list[int]:
    """Indices of the cells of ``nb`` (a notebook as JSON) whose outputs draw something."""
    found = []
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            html = _text(data.get("text/html", ""))
            if any(m in data for m in PICTURE_MIMES) or "<img" in html or "<svg" in html:
                found.append(i)
                break
    return found


# For each cell: how many pictures (img, svg, canvas) are visible in its outputs, and the
# visible text of widget errors there.
_SHOWN = """() => Array.from(document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')).map(cell => {
    const seen = el => el.getClientRects().length > 0
        && getComputedStyle(el).visibility !== 'hidden';
    const area = cell.querySelector('.jp-Cell-outputArea');
    if (!area) return {pictures: 0, errors: [], snapshots: 0, shown_snapshots: 0};
    const pictures = Array.from(area.querySelectorAll('img, svg, canvas'))
        .filter(el => seen(el) && el.getBoundingClientRect().height > 8).length;
    const errors = Array.from(area.querySelectorAll('.jp-OutputArea-output'))
        .filter(el => seen(el) && el.innerText.includes('Error displaying widget'))
        .map(el => el.innerText.slice(0, 120));
    const snaps = Array.from(area.querySelectorAll('[data-kerasnb-snapshot]'));
    return {pictures, errors, snapshots: snaps.length,
            shown_snapshots: snaps.filter(seen).length};
})"""


def shown_pictures(page) -> list[dict]:
    """Per cell of the current notebook: visible pictures, widget errors, snapshots shown."""
    return page.evaluate(_SHOWN)
