"""One simulated student on a JupyterHub: log in, start a server, Run All on a notebook.

Everything goes through the public interfaces a browser uses: the hub's login form (with
its XSRF cookie), the hub REST API (a token for oneself, start the server, wait until it is
ready), then, through the proxy, the Jupyter server's contents and sessions APIs and the
kernel's websocket (the JSON form of the messaging protocol, as JupyterLab speaks it). Cells
run in order, one ``execute_request`` after the other; a cell that fails stops the run.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests
import websocket
from _hub import cmdline, memory_mb

NOTEBOOK = "kerasnb-course/00-start-here.ipynb"


@dataclass
class Result:
    name: str
    ok: bool = False
    error: str = ""
    login_s: float = float("nan")    # login form posted -> cookie
    spawn_s: float = float("nan")    # server requested -> ready
    first_frame_s: float = float("nan")  # Run All -> first LivePlot frame on the websocket
    run_s: float = float("nan")      # Run All -> last cell done
    kernel_peak_mb: float = float("nan")
    server_peak_mb: float = float("nan")
    kernel_cpu_s: float = float("nan")  # CPU time the kernel used (user + system)
    cells: int = 0
    bytes_received: int = 0
    timeline: list = field(default_factory=list)


def is_frame(msg: dict) -> bool:
    """A LivePlot frame with points: the default's SVG display (or an update of it), plotly
    traces reaching a FigureWidget (``backend="plotly"``), or a static picture."""
    kind = msg["header"]["msg_type"]
    if kind in ("comm_open", "comm_msg"):
        return '"scatter"' in json.dumps(msg["content"])
    if kind in ("display_data", "update_display_data"):
        data = msg["content"].get("data", {})
        page = str(data.get("text/html", ""))
        svg = "kerasnb-liveplot" in page and "<svg" in page and "data-points='0'" not in page
        return svg or "image/png" in data or "image/svg+xml" in data
    return False


def message(session: str, code: str) -> dict:
    return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": "execute_request",
                       "username": "student", "session": session, "version": "5.3",
                       "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}


def kernel_pid(kernel_id: str) -> int | None:
    """The kernel process: the one started with this kernel's connection file."""
    for entry in Path("/proc").iterdir():
        line = cmdline(int(entry.name)) if entry.name.isdigit() else ""
        if f"kernel-{kernel_id}.json" in line and "ipykernel" in line:
            return int(entry.name)
    return None


class Student:
    """A student of the hub at ``url``, called ``name``."""

    def __init__(self, url: str, name: str, cell_timeout: float = 600) -> None:
        self.url, self.name, self.cell_timeout = url, name, cell_timeout
        self.http = requests.Session()
        self.result = Result(name)
        self.token = ""

    def login(self) -> None:
        start = time.perf_counter()
        self.http.get(f"{self.url}/hub/login", timeout=60).raise_for_status()
        xsrf = self.http.cookies.get("_xsrf", "")
        r = self.http.post(f"{self.url}/hub/login", timeout=120, allow_redirects=False,
                           data={"username": self.name, "password": "", "_xsrf": xsrf})
        if r.status_code != 302:
            raise RuntimeError(f"login answered {r.status_code}")
        xsrf = self.http.cookies.get("_xsrf", path="/hub/")  # renewed by the login
        # With the login cookie, ask the hub for an API token, as a page script would.
        r = self.http.post(f"{self.url}/hub/api/users/{self.name}/tokens", timeout=60,
                           headers={"X-XSRFToken": xsrf}, json={"note": "load test"})
        r.raise_for_status()
        self.token = r.json()["token"]
        self.http.headers["Authorization"] = f"token {self.token}"
        self.result.login_s = time.perf_counter() - start

    def spawn(self, timeout: float = 900) -> None:
        start = time.perf_counter()
        r = self.http.post(f"{self.url}/hub/api/users/{self.name}/server", timeout=120)
        if r.status_code not in (201, 202, 400):  # 400: already running
            raise RuntimeError(f"spawn answered {r.status_code}: {r.text[:200]}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            user = self.http.get(f"{self.url}/hub/api/users/{self.name}", timeout=60).json()
            server = user.get("servers", {}).get("")
            if server and server.get("ready"):
                self.result.spawn_s = time.perf_counter() - start
                return
            time.sleep(0.5)
        raise RuntimeError("the server did not become ready")

    def run_notebook(self, path: str = NOTEBOOK) -> None:
        base = f"{self.url}/user/{self.name}"
        nb = self.http.get(f"{base}/api/contents/{path}", timeout=120).json()["content"]
        codes = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                 for c in nb["cells"] if c["cell_type"] == "code"]
        r = self.http.post(f"{base}/api/sessions", timeout=120, json={
            "path": path, "name": Path(path).name, "type": "notebook",
            "kernel": {"name": "python3"}})
        r.raise_for_status()
        session = r.json()
        kernel_id = session["kernel"]["id"]
        ws_url = base.replace("http://", "ws://") + f"/api/kernels/{kernel_id}/channels"
        ws = websocket.create_connection(f"{ws_url}?session_id={uuid.uuid4().hex}",
                                         header=[f"Authorization: token {self.token}"],
                                         timeout=self.cell_timeout)
        try:
            self._run_cells(ws, codes)
            pid = kernel_pid(kernel_id)
            if pid:
                self.result.kernel_peak_mb = memory_mb(pid)[0]
                stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                self.result.server_peak_mb = memory_mb(int(stat[1]))[0]
                # utime and stime, fields 14 and 15 of stat (11 and 12 after the name)
                ticks = os.sysconf("SC_CLK_TCK")
                self.result.kernel_cpu_s = (int(stat[11]) + int(stat[12])) / ticks
        finally:
            ws.close()
            self.http.delete(f"{base}/api/sessions/{session['id']}", timeout=120)

    def _run_cells(self, ws, codes: list[str]) -> None:
        sid = uuid.uuid4().hex
        start = time.perf_counter()
        for i, code in enumerate(codes):
            msg = message(sid, code)
            ws.send(json.dumps(msg))
            done = {"reply": False, "idle": False}
            while not all(done.values()):
                raw = ws.recv()
                self.result.bytes_received += len(raw)
                reply = json.loads(raw)
                if reply.get("parent_header", {}).get("msg_id") != msg["header"]["msg_id"]:
                    continue
                kind = reply["header"]["msg_type"]
                if kind == "execute_reply":
                    done["reply"] = True
                    if reply["content"]["status"] != "ok":
                        c = reply["content"]
                        raise RuntimeError(f"cell {i}: {c.get('ename')}: {c.get('evalue')}")
                elif kind == "status" and reply["content"]["execution_state"] == "idle":
                    done["idle"] = True
                elif kind == "error":
                    c = reply["content"]
                    raise RuntimeError(f"cell {i}: {c.get('ename')}: {c.get('evalue')}")
                elif is_frame(reply) and self.result.first_frame_s != self.result.first_frame_s:
                    self.result.first_frame_s = time.perf_counter() - start
            self.result.cells += 1
            self.result.timeline.append(round(time.perf_counter() - start, 2))
        self.result.run_s = time.perf_counter() - start

    def go(self) -> Result:
        """The whole visit; errors end up in ``result.error``, never raised."""
        try:
            self.login()
            self.spawn()
            self.run_notebook()
            self.result.ok = self.result.first_frame_s == self.result.first_frame_s
            if not self.result.ok:
                self.result.error = "no LivePlot frame reached the websocket"
        except Exception as e:  # one student's failure is a figure, not a crash
            self.result.error = f"{type(e).__name__}: {e}"
        return self.result
