"""Where is this code running? One small function, called once per object.

`frontend()` answers with one of:

- ``"jupyter"``  a kernel behind JupyterLab or Notebook 7 (jupyter_server)
- ``"vscode"``   a kernel behind VS Code's notebook editor
- ``"colab"``    Google Colab
- ``"headless"`` a kernel nobody is watching: nbclient, nbval, papermill, nbconvert
- ``"ipython"``  terminal IPython
- ``"terminal"`` plain Python (scripts, ``python -c``, logs)

The environment variable ``KERASNB_FRONTEND`` overrides the guess, and every
object that draws accepts an argument that overrides it again.
"""

from __future__ import annotations

import os
import subprocess
import sys

FRONTENDS = ("jupyter", "vscode", "colab", "headless", "ipython", "terminal")
LIVE_FRONTENDS = ("jupyter", "vscode", "colab")
WIDGET_FRONTENDS = ("jupyter", "vscode")

# Programs that serve notebooks to a person (exact names; nbconvert, nbclient and pytest are not).
_SERVER_NAMES = ("jupyter-lab", "jupyter-server", "jupyter-notebook", "jupyterhub-singleuser",
                 "jupyter_server", "jupyterlab", "notebook", "voila")


def _shell_name() -> str | None:
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return None
    try:
        shell = ipython.get_ipython()
    except Exception:  # pragma: no cover - IPython half imported
        return None
    return None if shell is None else type(shell).__name__


def _parent_argv() -> list[str]:
    """The argument list of this process' parent, or [] when it cannot be read."""
    ppid = os.getppid()
    try:
        with open(f"/proc/{ppid}/cmdline", "rb") as f:
            return [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
    except OSError:
        pass
    try:  # macOS and other systems without /proc
        out = subprocess.run(["ps", "-o", "command=", "-p", str(ppid)], capture_output=True,
                             text=True, timeout=2)
        return out.stdout.split()
    except (OSError, subprocess.SubprocessError):
        return []


def _program(argv: list[str]) -> list[str]:
    """What the parent runs: the program's name and, for `python -m X` or `jupyter X`, X too."""
    if not argv:
        return []
    names = [os.path.basename(argv[0])]
    rest = argv[1:]
    if names[0].startswith("python") and rest:
        if rest[0] == "-m" and len(rest) > 1:
            names.append(rest[1])
        else:
            names.append(os.path.basename(rest[0]))
            rest = rest[1:]
    if names[-1] == "jupyter" and rest:
        names.append("jupyter-" + rest[0])
    return names


def _served_by_jupyter() -> bool:
    # jupyter_server >= 2 names the notebook of every kernel it starts.
    if os.environ.get("JPY_SESSION_NAME"):
        return True
    return any(name in _SERVER_NAMES for name in _program(_parent_argv()))


def frontend() -> str:
    """Guess the front end showing this process' output (see the module docstring)."""
    forced = os.environ.get("KERASNB_FRONTEND", "").strip().lower()
    if forced:
        if forced not in FRONTENDS:
            from ._validate import bad_value

            raise bad_value("KERASNB_FRONTEND", f"one of {', '.join(FRONTENDS)}", forced)
        return forced
    shell = _shell_name()
    if shell is None:
        return "terminal"
    if shell == "TerminalInteractiveShell":
        return "ipython"
    if "google.colab" in sys.modules or shell == "Shell" and "COLAB_RELEASE_TAG" in os.environ:
        return "colab"
    if any(k.startswith("VSCODE_") for k in os.environ):
        return "vscode"
    if _served_by_jupyter():
        return "jupyter"
    return "headless"


def is_live(front: str | None = None) -> bool:
    """True when someone watches the output as it is produced."""
    return (front or frontend()) in LIVE_FRONTENDS


def widgets_render(front: str | None = None) -> bool:
    """True when ipywidgets (and anywidget-based ones) render in this front end."""
    return (front or frontend()) in WIDGET_FRONTENDS


def in_kernel(front: str | None = None) -> bool:
    """True inside a Jupyter kernel, watched or not (rich display works)."""
    return (front or frontend()) in LIVE_FRONTENDS + ("headless",)


# Set in the servers JupyterHub spawns and in Binder's sessions: the person's browser runs on
# their own computer, not on the machine that trains.
_REMOTE_SERVER_VARIABLES = ("JUPYTERHUB_SERVICE_PREFIX", "JUPYTERHUB_API_TOKEN",
                            "BINDER_LAUNCH_HOST", "BINDER_REQUEST")


def browser_elsewhere() -> bool:
    """True when the browser showing the notebook surely runs on another computer.

    A hub's or Binder's server (the variables they set) or Colab: drawing a frame there costs
    the kernel's machine nothing. Elsewhere (a local JupyterLab, VS Code) the browser may
    share the cores that train, so outputs count what showing a frame costs it.
    """
    return (any(os.environ.get(name) for name in _REMOTE_SERVER_VARIABLES)
            or "COLAB_RELEASE_TAG" in os.environ)
