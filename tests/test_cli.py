"""The `kerasnb` command: help, copying the tutorials (also from a wheel), serving Lab."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from kerasnb import cli

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_NAMES = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


def kerasnb(*args, cwd=None, env=None, exe=(sys.executable, "-m", "kerasnb")):
    return subprocess.run([*exe, *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=120)


@pytest.mark.parametrize("args", [[], ["--help"], ["lab", "--help"], ["notebooks", "--help"],
                                  ["about", "--help"]])
def test_every_command_has_help(args):
    out = kerasnb(*args)
    assert out.returncode == 0 and "usage: kerasnb" in out.stdout


def test_about_command_prints_the_environment():
    out = kerasnb("about")
    assert out.returncode == 0
    assert "keras backend" in out.stdout and "tensorflow" in out.stdout


def test_bad_port_is_named():
    out = kerasnb("lab", "--port", "99999")
    assert out.returncode == 2 and "`--port` must be an integer from 1 to 65535" in out.stderr


def one_line_error(out) -> str:
    """The command failed with exactly one line on stderr and no traceback."""
    assert out.returncode != 0, out.stdout
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in out.stderr, out.stderr
    return lines[0]


def test_user_errors_are_one_line_without_traceback(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    cases = [
        (("notebooks", str(blocker)), "`DIR` must be a folder"),
        (("notebooks", str(blocker / "sub")), "Not a directory"),
        (("notebooks", ""), "`DIR` must be a folder path"),
        (("lab", "--dir", str(blocker)), "`--dir` must be a folder"),
        (("lab", "--port", "http"), "`--port` must be an integer"),
        (("lab", "--port", "-3"), "`--port` must be an integer"),
        (("serve",), "invalid choice: 'serve'"),
        (("notebooks",), "the following arguments are required: DIR"),
    ]
    for args, message in cases:
        line = one_line_error(kerasnb(*args))
        assert line.startswith("kerasnb") and message in line, (args, line)
    assert blocker.read_text() == "x"


def test_notebooks_never_writes_through_a_symlink(tmp_path):
    dest = tmp_path / "course"
    dest.mkdir()
    outside = tmp_path / "outside.ipynb"  # does not exist: the link dangles
    (dest / "00-start-here.ipynb").symlink_to(outside)
    line = one_line_error(kerasnb("notebooks", str(dest)))
    assert "symbolic link" in line and "00-start-here.ipynb" in line
    assert not outside.exists()  # no file created outside DIR
    assert list(dest.iterdir()) == [dest / "00-start-here.ipynb"]  # nothing half copied

    secret = tmp_path / "secret.txt"
    secret.write_text("keep me")
    (dest / "00-start-here.ipynb").unlink()
    (dest / "03-activation-functions.ipynb").symlink_to(secret)
    one_line_error(kerasnb("notebooks", str(dest), "--force"))
    assert secret.read_text() == "keep me"  # --force does not overwrite the link's target
    assert (dest / "03-activation-functions.ipynb").is_symlink()

    (dest / "03-activation-functions.ipynb").unlink()
    assert kerasnb("notebooks", str(dest)).returncode == 0  # once the link is gone it works
    assert sorted(p.name for p in dest.glob("*.ipynb")) == NOTEBOOK_NAMES


def test_lab_refuses_a_symlink_in_its_folder_before_starting(tmp_path):
    dest = tmp_path / "course"
    dest.mkdir()
    (dest / "02-layers.ipynb").symlink_to(tmp_path / "elsewhere.ipynb")
    line = one_line_error(kerasnb("lab", "--dir", str(dest), "--no-browser"))
    assert "`--dir` holds a symbolic link" in line and not (tmp_path / "elsewhere.ipynb").exists()


def test_a_folder_in_the_way_is_refused(tmp_path):
    (tmp_path / "05-training-and-callbacks.ipynb").mkdir()
    line = one_line_error(kerasnb("notebooks", str(tmp_path), "--force"))
    assert "folder where a notebook goes" in line
    assert not list((tmp_path / "05-training-and-callbacks.ipynb").iterdir())


def test_notebooks_copies_every_tutorial_and_keeps_edits(tmp_path):
    dest = tmp_path / "course"
    out = kerasnb("notebooks", str(dest))
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in dest.glob("*.ipynb")) == NOTEBOOK_NAMES
    start = dest / "00-start-here.ipynb"
    start.write_text("{}")  # a student's edits are never overwritten silently
    assert kerasnb("notebooks", str(dest)).returncode == 0
    assert start.read_text() == "{}"
    assert kerasnb("notebooks", str(dest), "--force").returncode == 0
    assert json.loads(start.read_text())["cells"]


def test_notebooks_refuses_a_file_as_destination(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    out = kerasnb("notebooks", str(target))
    assert out.returncode == 2 and "`DIR` must be a folder" in out.stderr


def test_lab_command_serves_the_start_notebook_folder():
    cmd = cli.lab_command(ROOT / "notebooks", port=8123, no_browser=True)
    assert cmd[1:3] == ["-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={ROOT / 'notebooks'}" in cmd
    assert str(ROOT / "notebooks" / "00-start-here.ipynb") in cmd
    assert "--port=8123" in cmd and "--no-browser" in cmd


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("wheel")
    res = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                          str(out_dir), str(ROOT)], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    (path,) = out_dir.glob("kerasnb-*.whl")
    return path


@pytest.mark.slow
def test_wheel_ships_notebooks_and_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for nb in NOTEBOOK_NAMES:
        assert f"kerasnb/_notebooks/{nb}" in names
    for data in ("mnist_subset.npz", "co2_monthly.csv", "reviews.csv"):
        assert f"kerasnb/datasets/data/{data}" in names


@pytest.mark.slow
def test_notebooks_command_from_an_installed_wheel(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    site = subprocess.run([str(venv / "bin" / "python"), "-c",
                           "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    res = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q",
                          "--target", site, str(wheel)], capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr
    dest = tmp_path / "course"
    # Run from an unrelated folder, so nothing can come from the checkout.
    out = kerasnb("notebooks", str(dest), cwd=tmp_path,
                  exe=(str(venv / "bin" / "python"), "-m", "kerasnb"),
                  env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in dest.glob("*.ipynb")) == NOTEBOOK_NAMES
    installed = subprocess.run([str(venv / "bin" / "python"), "-c",
                                "import kerasnb.cli as c; print(c.packaged_notebooks())"],
                               capture_output=True, text=True, cwd=tmp_path,
                               env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)}).stdout
    assert "_notebooks" in installed and str(ROOT) not in installed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_lab_serves_the_start_notebook(tmp_path):
    port = free_port()
    env = dict(os.environ, JUPYTER_TOKEN="kerasnb-test", JUPYTER_RUNTIME_DIR=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-m", "kerasnb", "lab", "--no-browser", "--port",
                             str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=env, text=True)
    url = (f"http://127.0.0.1:{port}/api/contents/00-start-here.ipynb"
           "?content=0&token=kerasnb-test")
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    meta = json.load(r)
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read()
                assert time.monotonic() < deadline, "JupyterLab did not start in 90 s"
                time.sleep(1)
        assert meta["type"] == "notebook" and meta["name"] == "00-start-here.ipynb"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab/tree/00-start-here.ipynb"
                                    "?token=kerasnb-test", timeout=10) as r:
            page = r.read().decode()
        assert r.status == 200 and "JupyterLab" in page
        config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">'
                                      r"(.*?)</script>", page, re.S).group(1))
        assert config["news"] == {"disabled": True}   # no news prompt over the first lesson
    finally:
        proc.terminate()
        try:
            output, _ = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
    # Root needs --allow-root to start Lab; the command says when it adds it.
    said = "running as root, so JupyterLab starts with --allow-root" in output
    assert said == (hasattr(os, "geteuid") and os.geteuid() == 0), output[:2000]
    # Stopping `kerasnb lab` stops the server itself: nothing keeps answering on the port.
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                pass
        except OSError:
            break
        assert time.monotonic() < deadline, f"a JupyterLab still serves port {port} after stop"
        time.sleep(0.5)
