"""deploy/: the Zero to JupyterHub values and the Littlest JupyterHub recipe hold together.

The YAML is read as Helm would read it, the recipe as bash would, and every command and key
is compared with what the documentation of those projects gives (quoted below with its page).
The first-start hook is run for real, in a temporary home.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
Z2JH = ROOT / "deploy" / "z2jh" / "config.yaml"
TLJH = ROOT / "deploy" / "tljh" / "install.sh"
CLASSROOM = ROOT / "benchmarks" / "results" / "classroom.md"

# https://tljh.jupyter.org/en/latest/install/custom-server.html (Step 1)
TLJH_APT = "sudo apt install python3 python3-dev git curl"
TLJH_BOOTSTRAP = ("curl -L https://tljh.jupyter.org/bootstrap.py "
                  "| sudo -E python3 - --admin <admin-user-name>")
# https://tljh.jupyter.org/en/latest/howto/user-env/user-environment.html: `sudo -E pip install numpy`
TLJH_PIP = "sudo -E pip install"
# https://tljh.jupyter.org/en/latest/topic/tljh-config.html and .../topic/idle-culler.html
TLJH_KEYS = {"limits.memory", "limits.cpu", "user_environment.default_app",
             "services.cull.timeout", "services.cull.every", "services.cull.max_age"}
TLJH_RELOAD = "sudo tljh-config reload"
# https://tljh.jupyter.org/en/latest/howto/content/share-data.html: new homes copy /etc/skel
TLJH_SKEL = "/etc/skel"
# https://z2jh.jupyter.org/en/latest/jupyterhub/customizing/user-resources.html
# and .../user-environment.html; cull: https://z2jh.jupyter.org/en/latest/resources/reference.html
Z2JH_SINGLEUSER_KEYS = {"image", "memory", "cpu", "defaultUrl", "extraEnv", "lifecycleHooks"}
Z2JH_CULL_KEYS = {"enabled", "timeout", "every", "users", "maxAge", "concurrency",
                  "removeNamedServers"}

UNITS = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


def to_bytes(size: str | int) -> int:
    """Kubernetes / TLJH memory sizes: a byte count or a number with K, M, G or T."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT]?)i?", str(size).strip())
    assert m, f"not a memory size: {size!r}"
    return int(float(m.group(1)) * UNITS.get(m.group(2), 1))


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load(Z2JH.read_text())


def recipe_commands() -> list[str]:
    """The recipe's commands, one per line (comments, blanks and shell set-up dropped)."""
    lines = [ln.strip() for ln in TLJH.read_text().splitlines()]
    return [ln for ln in lines if ln and not ln.startswith("#")
            and not ln.startswith(("set ", "ADMIN="))]


def test_z2jh_values_use_only_documented_keys(values):
    assert set(values) <= {"singleuser", "cull", "hub", "proxy"}
    assert set(values["singleuser"]) <= Z2JH_SINGLEUSER_KEYS
    assert set(values["cull"]) <= Z2JH_CULL_KEYS


def test_z2jh_names_a_pinned_image_built_from_binder(values):
    image = values["singleuser"]["image"]
    assert image["name"] and "kerasnb" in image["name"]
    assert str(image["tag"]) and str(image["tag"]) != "latest"
    header = Z2JH.read_text()
    # The build command the file documents reads this repository (whose binder/ wins).
    assert re.search(r"repo2docker .*--image-name\s+" + re.escape(image["name"]), header, re.S)
    assert (ROOT / "binder" / "postBuild").is_file()


def test_z2jh_memory_fits_a_student_as_measured(values):
    memory = values["singleuser"]["memory"]
    guarantee, limit = to_bytes(memory["guarantee"]), to_bytes(memory["limit"])
    assert guarantee <= limit
    cpu = values["singleuser"]["cpu"]
    assert 0 < float(cpu["guarantee"]) <= float(cpu["limit"])
    # benchmarks/results/classroom.md: "peak per student (server + kernel): N MB"
    m = re.search(r"peak per student \(server \+ kernel\)[^0-9]*(\d+) MB", CLASSROOM.read_text())
    assert m, "classroom.md gives no per-student peak"
    student = int(m.group(1)) * 2**20
    assert guarantee >= student, "the guarantee must hold one student's measured peak"
    assert limit >= 2 * student * 0.85, "the limit should leave room for a second lesson"


def test_z2jh_culls_idle_servers(values):
    cull = values["cull"]
    assert cull["enabled"] is True
    assert 300 <= int(cull["timeout"]) <= 4 * 3600
    assert int(cull["every"]) <= int(cull["timeout"])


def post_start(values) -> list[str]:
    return values["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]


def test_z2jh_first_start_copies_the_course_once(values, tmp_path):
    command = post_start(values)
    assert command[:2] == ["sh", "-c"]
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, HOME=str(tmp_path),
               PATH=os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")]))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    if not (bin_dir / "kerasnb").exists():  # the console script of an editable install
        pytest.skip("the kerasnb command is not installed beside this Python")
    run = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    course = tmp_path / "kerasnb-course"
    names = sorted(p.name for p in course.glob("*.ipynb"))
    assert names == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    # A second start keeps the student's work.
    start = course / "00-start-here.ipynb"
    start.write_text("{}")
    again = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True,
                           timeout=120)
    assert again.returncode == 0, again.stderr
    assert start.read_text() == "{}"
    url = values["singleuser"]["defaultUrl"]
    assert url.startswith("/lab/tree/kerasnb-course/") and (course / url.rsplit("/", 1)[1]).is_file()


def test_tljh_recipe_is_valid_bash():
    run = subprocess.run(["bash", "-n", str(TLJH)], capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr
    assert os.access(TLJH, os.X_OK)


def test_tljh_recipe_installs_as_the_docs_say():
    commands = recipe_commands()
    assert commands[0] == TLJH_APT
    boot = TLJH_BOOTSTRAP.replace("<admin-user-name>", '"$ADMIN"')
    assert commands[1] == boot
    pips = [c for c in commands if c.startswith(TLJH_PIP)]
    assert len(pips) == 1 and "kerasnb" in pips[0]
    copy = [c for c in commands if "kerasnb notebooks" in c]
    assert len(copy) == 1 and shlex.split(copy[0])[-1].startswith(TLJH_SKEL + "/")
    assert commands[-1] == TLJH_RELOAD


def test_tljh_settings_are_documented_and_match_z2jh(values):
    sets = {}
    for c in recipe_commands():
        if c.startswith("sudo tljh-config set "):
            _, _, _, key, value = shlex.split(c)
            sets[key] = value
    assert set(sets) <= TLJH_KEYS, set(sets) - TLJH_KEYS
    assert to_bytes(sets["limits.memory"]) == to_bytes(values["singleuser"]["memory"]["limit"])
    assert float(sets["limits.cpu"]) == float(values["singleuser"]["cpu"]["limit"])
    assert int(sets["services.cull.timeout"]) == int(values["cull"]["timeout"])
    assert sets["user_environment.default_app"] == "jupyterlab"


# The values binder/start exports (tests/test_binder.py checks that script).
MALLOC = {"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": "131072",
          "MALLOC_TRIM_THRESHOLD_": "131072"}


def test_z2jh_sets_the_allocator_as_binder_does(values):
    env = values["singleuser"]["extraEnv"]
    assert {k: env.get(k) for k in MALLOC} == MALLOC


def test_tljh_sets_the_allocator_for_every_server(tmp_path):
    from traitlets.config import Config

    writes = [c for c in recipe_commands() if "jupyterhub_config.d/" in c]
    assert len(writes) == 1
    # TLJH loads every /opt/tljh/config/jupyterhub_config.d/*.py after its own settings.
    assert "/opt/tljh/config/jupyterhub_config.d/" in writes[0] and writes[0].endswith(".py > /dev/null")
    assert writes[0] in recipe_commands()[:-1]  # before the reload that applies it
    # Run the printf half for real, then load the snippet as JupyterHub would.
    printf = writes[0].split(" | sudo tee ")[0]
    snippet = subprocess.run(["bash", "-c", printf], capture_output=True, text=True,
                             timeout=30, check=True).stdout
    c = Config()
    exec(compile(snippet, "kerasnb-memory.py", "exec"), {"c": c})
    assert dict(c.Spawner.environment.get_value({})) == MALLOC
