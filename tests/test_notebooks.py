"""Every tutorial runs end to end under nbval, with the network unreachable.

Each notebook is executed by nbval (``--nbval-lax``: only cells marked
``# NBVAL_CHECK_OUTPUT`` are compared) in a kernel of this interpreter, in a
child pytest whose processes get ``tests/netguard`` on PYTHONPATH, so any
attempt to reach the internet fails the notebook.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kerasnb.exercises import fill_solutions

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NETGUARD = Path(__file__).resolve().parent / "netguard"


def offline_env(tmp_path: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NETGUARD), env.get("PYTHONPATH")]))
    env["TF_ENABLE_ONEDNN_OPTS"] = "0"
    env["TF_CPP_MIN_LOG_LEVEL"] = "2"
    env["KERAS_HOME"] = str(tmp_path / "keras-home")  # no cached downloads to lean on
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    env.pop("KERASNB_FRONTEND", None)
    env["KERASNB_PROGRESS_DIR"] = str(tmp_path / "progress")  # exercises solved in a test stay there
    return env


def test_there_are_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert "00-start-here.ipynb" in names


def test_netguard_blocks_the_network(tmp_path):
    code = ("import urllib.request\n"
            "try:\n    urllib.request.urlopen('http://example.com', timeout=5)\n"
            "except OSError as e:\n    print('blocked' if 'blocked' in str(e) else repr(e))\n")
    out = subprocess.run([sys.executable, "-c", code], env=offline_env(tmp_path),
                         capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "blocked", out.stdout + out.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [i for i, c in enumerate(nb["cells"])
             if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; strip them before committing"


@pytest.mark.slow
@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_under_nbval(path, tmp_path):
    # Run a copy, so files a lesson saves land in a temporary folder, not in notebooks/.
    copy = tmp_path / path.name
    shutil.copy2(path, copy)
    fill_solutions(copy)  # the exercises run solved; the stored notebook keeps its blanks
    cmd = [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env",
           "--nbval-cell-timeout=300", "-p", "no:cacheprovider", "-q", "--rootdir", str(tmp_path),
           "-c", os.devnull, str(copy)]
    out = subprocess.run(cmd, env=offline_env(tmp_path), cwd=tmp_path, capture_output=True,
                         text=True, timeout=900)
    assert out.returncode == 0, f"{path.name} failed under nbval:\n{out.stdout[-6000:]}\n{out.stderr[-2000:]}"
