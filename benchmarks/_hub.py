"""A real JupyterHub on 127.0.0.1 for the classroom load test, and the clean-up after it.

`Hub` starts ``jupyterhub`` (with configurable-http-proxy from npm) in a temporary folder:
the dummy authenticator (any name, no password), the simple local-process spawner (every
student's server runs as this machine's user, in its own home under the folder), the course
notebooks copied into each home on first start, as deploy/ does for a real class. A service
token with admin scopes lets the test stop servers. `stop()` ends every process the hub
started, and any left over, by process id.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
NETGUARD = ROOT / "tests" / "netguard"
BIN = Path(sys.executable).parent


def find_proxy() -> str | None:
    """configurable-http-proxy: on PATH, beside this Python, or in the venv's npm folder."""
    for cand in (shutil.which("configurable-http-proxy"),
                 BIN / "configurable-http-proxy",
                 BIN.parent / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"):
        if cand and Path(cand).exists():
            return str(cand)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


CONFIG = """\
import shutil
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{work}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{work}/cookie_secret"
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{work}/home/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 600
c.Spawner.http_timeout = 600
c.Spawner.environment = {env!r}
c.JupyterHub.services = [{{"name": "loadtest", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "loadtest", "services": ["loadtest"],
                             "scopes": ["admin:users", "admin:servers", "read:servers"]}}]

def copy_course(spawner):
    # deploy/ copies the tutorials on a student's first start only; so does this hub.
    home = "{work}/home/" + spawner.user.name
    if not shutil.os.path.isdir(home + "/kerasnb-course"):
        shutil.copytree({notebooks!r}, home + "/kerasnb-course")

c.Spawner.pre_spawn_hook = copy_course
"""


class Hub:
    """One JupyterHub and everything it starts; use as a context manager."""

    def __init__(self, work: Path) -> None:
        self.work = Path(work).resolve()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(16)
        self.proc: subprocess.Popen | None = None
        self.log = self.work / "jupyterhub.log"

    def _config(self) -> str:
        proxy = find_proxy()
        if proxy is None:
            raise RuntimeError("configurable-http-proxy is not installed (npm install "
                               "configurable-http-proxy)")
        env = {
            "PYTHONPATH": os.pathsep.join([str(NETGUARD), str(ROOT)]),
            "TF_ENABLE_ONEDNN_OPTS": "0", "TF_CPP_MIN_LOG_LEVEL": "2",
            "KERAS_HOME": str(self.work / "keras-home"),
            "JUPYTER_RUNTIME_DIR": str(self.work / "runtime"),
            "JUPYTER_CONFIG_DIR": str(self.work / "jupyter-config"),
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
            "PATH": os.pathsep.join([str(BIN), os.environ.get("PATH", "")]),
            # glibc's allocator as deploy/ (z2jh extraEnv, the TLJH snippet) sets it for students
            "MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": "131072",
            "MALLOC_TRIM_THRESHOLD_": "131072",
        }
        return CONFIG.format(
            port=self.port, hub_port=free_port(), proxy_port=free_port(), proxy=proxy,
            work=self.work, singleuser=str(BIN / "jupyterhub-singleuser"),
            # jupyter_server refuses to run as root unless told it may.
            args=["--allow-root"] if os.geteuid() == 0 else [], env=env, token=self.token,
            notebooks=str(ROOT / "notebooks"))

    def start(self, timeout: float = 120) -> Hub:
        self.work.mkdir(parents=True, exist_ok=True)
        (self.work / "jupyterhub_config.py").write_text(self._config())
        env = dict(os.environ, PATH=os.pathsep.join([str(BIN), os.environ.get("PATH", "")]))
        env.pop("JUPYTERHUB_API_TOKEN", None)
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [str(BIN / "jupyterhub"), "-f", str(self.work / "jupyterhub_config.py")],
                cwd=self.work, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("jupyterhub exited:\n" + self.log.read_text()[-3000:])
            try:
                if requests.get(self.url + "/hub/api/", timeout=2).ok:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError("jupyterhub did not answer:\n" + self.log.read_text()[-3000:])

    def api(self, method: str, path: str, **kw) -> requests.Response:
        """A request to the hub's REST API with the admin service token."""
        return requests.request(method, self.url + "/hub/api" + path, timeout=60,
                                headers={"Authorization": f"token {self.token}"}, **kw)

    def pids(self) -> dict[str, int]:
        """The hub's and the proxy's process ids."""
        found = {"hub": self.proc.pid} if self.proc else {}
        for pid in children(self.proc.pid) if self.proc else []:
            if "configurable-http-proxy" in cmdline(pid):
                found["proxy"] = pid
        return found

    def stop(self, timeout: float = 60) -> list[int]:
        """Stop every server, the hub and its proxy; kill what outlives them. Returns leftovers."""
        if self.proc and self.proc.poll() is None:
            try:
                users = self.api("GET", "/users").json()
                for user in users:
                    if user.get("servers"):
                        self.api("DELETE", f"/users/{user['name']}/server")
            except (requests.RequestException, ValueError):
                pass
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        left = ours(self.work)
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        return left

    def __enter__(self) -> Hub:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (from /proc)."""
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(entry.name))
    return kids


def ours(work: Path) -> list[int]:
    """Processes that belong to this hub's folder: their command line or working folder is in it."""
    work = str(Path(work).resolve())
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cwd = os.readlink(entry / "cwd")
        except OSError:
            cwd = ""
        if cwd.startswith(work) or work in cmdline(int(entry.name)):
            found.append(int(entry.name))
    return found


def memory_mb(pid: int) -> tuple[float, float]:
    """(peak, current) resident memory of ``pid`` in MiB, from /proc/PID/status."""
    fields = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                fields[key] = int(value.split()[0]) / 1024
    except OSError:
        return float("nan"), float("nan")
    return fields.get("VmHWM", float("nan")), fields.get("VmRSS", float("nan"))


def pss_mb(pid: int) -> float:
    """Proportional set size of ``pid`` in MiB: its private pages plus its share of shared ones.

    TensorFlow's libraries are some 400 MB of the resident set of every kernel, but the pages
    are the same file's for every kernel on the machine; PSS counts them once in all.
    """
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
