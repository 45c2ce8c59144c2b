#!/usr/bin/env bash
# CI: the unit tests once more under KERAS_BACKEND=jax and once under =torch, each in its own
# fresh virtual environment (`pip install -e ".[test,jax]"` resp. ".[test,torch]"), with
# TensorFlow blocked from import (tests/notf), so nothing may quietly fall back to it.
# Notebooks, browser and slow tests are left to the TensorFlow run of .ci/run, except the
# cross-backend saliency comparison in tests/test_backends.py.
# Usage: .ci/backends.sh [jax] [torch]   (default both). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
BACKENDS=("$@")
[ ${#BACKENDS[@]} -gt 0 ] || BACKENDS=(jax torch)
# The unit tests of the public features (LivePlot, compare, check, viz, widgets, datasets, about).
UNIT_TESTS=(tests/test_backends.py tests/test_liveplot.py tests/test_compare.py
            tests/test_viz_images.py tests/test_viz_activations.py tests/test_viz_predictions.py
            tests/test_viz_model.py tests/test_datasets.py tests/test_doctor.py
            tests/test_builder.py tests/test_playground.py tests/test_package.py)
status=0
for backend in "${BACKENDS[@]}"; do
    start=$(date +%s)
    venv=".venv-$backend"
    rm -rf "$venv"
    "$PYTHON" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    "$venv/bin/python" -m pip install --quiet -e ".[test,$backend]"
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
