#!/usr/bin/env bash
# CI: the unit tests once more under KERAS_BACKEND=jax and once under =torch, each in its own
# fresh virtual environment (`pip install -e ".[test,jax]"` resp. ".[test,torch]"), with
# TensorFlow blocked from import (tests/notf), so nothing may quietly fall back to it.
# Notebooks, browser and slow tests are left to the TensorFlow run of .ci/run, except the
# cross-backend saliency comparison (marker `backend`).
# Usage: .ci/backends.sh [jax] [torch]   (default both). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
BACKENDS=("$@")
[ ${#BACKENDS[@]} -gt 0 ] || BACKENDS=(jax torch)
# tests/test_backends.py drives every public feature (LivePlot, compare, check, viz, saliency,
# ModelBuilder, Playground, datasets, about) on the backend, checks TensorFlow stays unloaded,
# and compares the saliency maps with TensorFlow's (installed as kerasnb's default dependency).
# Set UNIT_TESTS="tests/a.py tests/b.py" to run more files.
read -r -a UNIT_TESTS <<< "${UNIT_TESTS:-tests/test_backends.py}"
# With BASE_VENV (default .venv, made by `make test`), each backend venv reuses its packages.
BASE_VENV="${BASE_VENV:-.venv}"
status=0
for backend in "${BACKENDS[@]}"; do
    start=$(date +%s)
    venv=".venv-$backend"
    rm -rf "$venv"
    "$PYTHON" -m venv "$venv"
    if [ -d "$BASE_VENV" ]; then
        # Layered on the TensorFlow venv of the main run: its packages are seen through a .pth
        # file, so only the backend itself is downloaded (minutes saved per backend).
        base_site=$("$BASE_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
        own_site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
        echo "$base_site" > "$own_site/kerasnb-base-venv.pth"
        "$venv/bin/python" -m pip install --quiet -e ".[$backend]"
    else
        "$venv/bin/python" -m pip install --quiet --upgrade pip
        "$venv/bin/python" -m pip install --quiet -e ".[test,$backend]"
    fi
    installed=$(( $(date +%s) - start ))
    if KERAS_BACKEND="$backend" PYTHONPATH="$PWD/tests/notf:$PWD" MPLBACKEND=Agg \
        "$venv/bin/python" -m pytest -q -p no:cacheprovider \
        -m "backend or (not slow and not browser and not notebook)" "${UNIT_TESTS[@]}"; then
        result=passed
    else
        result=FAILED
        status=1
    fi
    echo "backend $backend: $result (install ${installed} s, total $(( $(date +%s) - start )) s)"
done
exit $status
