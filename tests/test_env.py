"""Front-end detection: the one place that decides how things are drawn."""

import os
import subprocess
import sys

import pytest

from kerasnb import _env

CODE = "from kerasnb._env import frontend; print(frontend())"


def detect(env_extra=None, drop=()):
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("VSCODE_")}
    env.pop("KERASNB_FRONTEND", None)
    env.update(env_extra or {})
    out = subprocess.run([sys.executable, "-c", CODE], env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_plain_python_is_terminal():
    assert detect() == "terminal"


def test_override_by_environment():
    assert detect({"KERASNB_FRONTEND": "headless"}) == "headless"


def test_bad_override_names_the_variable(monkeypatch):
    monkeypatch.setenv("KERASNB_FRONTEND", "firefox")
    with pytest.raises(ValueError, match="KERASNB_FRONTEND.*Received: KERASNB_FRONTEND='firefox'"):
        _env.frontend()


def kernel_frontend(extra_env=None):
    from jupyter_client.manager import start_new_kernel

    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("VSCODE_", "JPY_")) and k != "KERASNB_FRONTEND"}
    env.update(extra_env or {})
    km, kc = start_new_kernel(kernel_name="python3", env=env)
    try:
        lines = []
        kc.execute_interactive(CODE, output_hook=lambda m: lines.append(m["content"].get("text", "")),
                               timeout=60)
        return "".join(lines).strip()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


@pytest.mark.slow
def test_kernel_without_front_end_is_headless():
    # nbclient, nbval and papermill start kernels exactly like this.
    assert kernel_frontend() == "headless"


@pytest.mark.slow
def test_kernel_started_by_jupyter_server_is_live():
    # jupyter_server names the session of every kernel it starts.
    assert kernel_frontend({"JPY_SESSION_NAME": "/tmp/x.ipynb"}) == "jupyter"


def test_helpers_agree():
    assert _env.is_live("jupyter") and _env.widgets_render("vscode")
    assert not _env.is_live("headless") and _env.in_kernel("headless")
    assert not _env.widgets_render("colab") and not _env.in_kernel("terminal")


@pytest.mark.parametrize("argv, served", [
    (["/usr/bin/python3", "-m", "jupyterlab", "--port=1"], True),
    (["/venv/bin/jupyter-lab"], True),
    (["/venv/bin/python", "/venv/bin/jupyter", "lab"], True),
    (["/venv/bin/jupyter", "notebook"], True),
    (["/venv/bin/python", "-m", "pytest", "/tmp/test_notebook_runs_under_nbval0/x.ipynb"], False),
    (["/venv/bin/jupyter", "nbconvert", "--to", "notebook", "--execute", "a.ipynb"], False),
    (["/venv/bin/python", "tests/test_notebooks.py"], False),
])
def test_server_detection_matches_program_names_only(monkeypatch, argv, served):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.setattr(_env, "_parent_argv", lambda: argv)
    assert _env._served_by_jupyter() is served


def test_a_long_bad_override_is_cut_in_the_message(monkeypatch):
    monkeypatch.setenv("KERASNB_FRONTEND", "x" * 100_000)
    with pytest.raises(ValueError, match="`KERASNB_FRONTEND` must be one of jupyter") as info:
        _env.frontend()
    assert len(str(info.value)) < 400


def test_about_bundle_carries_text_plain_and_the_table():
    from kerasnb.about import About

    info = About({"kerasnb": "0.0", "devices": ["CPU (x)", "GPU (<y>)"]})
    bundle = info._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    assert bundle["text/plain"] == str(info) and "CPU (x), GPU (<y>)" in bundle["text/plain"]
    assert "GPU (&lt;y&gt;)" in bundle["text/html"] and dict(info)["kerasnb"] == "0.0"
