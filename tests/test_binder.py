"""The Binder (repo2docker) configuration holds together."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"


def test_python_is_pinned():
    assert re.fullmatch(r"python-3\.(10|11|12)\s*", (BINDER / "runtime.txt").read_text())


def test_image_installs_this_package_and_a_cpu_tensorflow():
    post = BINDER / "postBuild"
    assert post.stat().st_mode & 0o111, "postBuild must be executable"
    assert re.search(r"pip install .*\s\.\s*$", post.read_text(), re.M)
    reqs = (BINDER / "requirements.txt").read_text()
    assert "tensorflow-cpu" in reqs
    assert not re.search(r"^tensorflow(\s|[<>=]|$)", reqs, re.M), "full TensorFlow bloats the image"


def test_readme_badge_opens_an_existing_notebook():
    readme = (ROOT / "README.md").read_text()
    paths = re.findall(r"mybinder\.org/v2/gh/[^)\s]*\?urlpath=lab/tree/([^)\s&]+)", readme)
    assert paths, "the README has no Binder badge"
    for path in paths:
        assert (ROOT / path).is_file(), path


def repo2docker():
    here = Path(sys.executable).parent / "repo2docker"
    return str(here) if here.exists() else shutil.which("repo2docker")


@pytest.mark.slow
@pytest.mark.skipif(repo2docker() is None, reason="jupyter-repo2docker is not installed")
def test_repo2docker_dry_run():
    # --no-build: repo2docker reads binder/ and writes the Dockerfile it would build.
    out = subprocess.run([repo2docker(), "--no-build", "--no-run", "--debug", str(ROOT)],
                         capture_output=True, text=True, timeout=300)
    log = out.stdout + out.stderr
    assert out.returncode == 0, log[-3000:]
    assert "python=3.11" in log
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in log
    assert "./binder/postBuild" in log


# glibc's allocator settings every place the course runs sets (README, course table).
MALLOC = {"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": "131072",
          "MALLOC_TRIM_THRESHOLD_": "131072"}


def test_start_script_sets_the_allocator_and_runs_the_server_command():
    start = BINDER / "start"
    assert start.stat().st_mode & 0o111, "start must be executable"
    assert start.read_text().rstrip().splitlines()[-1] == 'exec "$@"'
    # repo2docker runs `start <the server command>`: the command must run, with the settings.
    out = subprocess.run([str(start), sys.executable, "-c",
                          "import json, os; print(json.dumps(dict(os.environ)))"],
                         capture_output=True, text=True, timeout=60, check=True)
    env = json.loads(out.stdout)
    assert {k: env.get(k) for k in MALLOC} == MALLOC
