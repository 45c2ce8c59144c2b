"""Every public feature on the Keras backend this run uses (TensorFlow, JAX or PyTorch).

The same file runs three times in CI (``.ci/backends.sh``): on TensorFlow, and
under ``KERAS_BACKEND=jax`` and ``=torch`` with TensorFlow blocked from import
(``tests/notf``), so a feature that still reaches for TensorFlow fails here.
The cross-backend test runs the saliency maps of one tiny CNN on every
backend it can find and compares the arrays.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import kerasnb as knb

pytestmark = pytest.mark.backend

HERE = Path(__file__).parent
ROOT = HERE.parent
BACKENDS = ("tensorflow", "jax", "torch")


@pytest.fixture(scope="module")
def keras():
    import keras

    return keras


@pytest.fixture(scope="module")
def cnn(keras):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(4, 3, activation="relu", name="conv"),
        keras.layers.Flatten(),
        keras.layers.Dense(3, activation="softmax"),
    ])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


@pytest.fixture(scope="module")
def images():
    rng = np.random.default_rng(0)
    return rng.random((24, 8, 8, 1), dtype="float32"), rng.integers(0, 3, 24)


def _tensorflow_loaded_wrongly(keras) -> bool:
    return keras.backend.backend() != "tensorflow" and "tensorflow" in sys.modules


def test_liveplot_and_compare_record_a_real_fit(keras, cnn, images):
    x, y = images
    plot = knb.LivePlot(backend="text")
    history = cnn.fit(x, y, epochs=2, batch_size=8, validation_split=0.25, verbose=0,
                      callbacks=[plot])
    assert len(plot.history["loss"]) == 2 and np.isfinite(plot.history["val_loss"]).all()
    plot.update({"loss": 0.5}, step=3)
    assert plot.history["loss"][-1] == 0.5
    figure = knb.compare(history, history, labels=["a", "b"])
    assert figure is not None
    assert not _tensorflow_loaded_wrongly(keras)


def test_check_summary_and_show_model(keras, cnn, images):
    x, y = images
    report = knb.check(cnn, x, y)
    assert hasattr(report, "ok") and str(report)
    assert "conv" in repr(knb.summary(cnn))
    assert knb.show_model(cnn) is not None
    assert not _tensorflow_loaded_wrongly(keras)


def test_viz_functions_draw_from_the_model(keras, cnn, images):
    x, y = images
    assert knb.show_images(x[:4], y[:4]) is not None
    assert knb.show_activations(cnn, x[:2]) is not None
    assert knb.show_filters(cnn, layers="conv") is not None
    assert knb.show_predictions(cnn, x[:8], y[:8]) is not None
    assert knb.confusion_matrix(cnn, x, y) is not None
    assert not _tensorflow_loaded_wrongly(keras)


@pytest.mark.parametrize("method", ["gradient", "gradcam"])
def test_saliency_gives_unit_scaled_maps(keras, cnn, images, method):
    x, _ = images
    result = knb.saliency(cnn, x[:3], method=method)
    maps = np.asarray(result.maps)
    assert maps.shape == (3, 8, 8)
    assert np.isfinite(maps).all() and maps.min() >= 0 and maps.max() <= 1 + 1e-6
    assert maps.max() > 0  # a real gradient, not zeros
    assert not _tensorflow_loaded_wrongly(keras)


def test_decision_boundary_on_2d_points(keras):
    x, y = _moons()
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(4, activation="tanh"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile("adam", "binary_crossentropy")
    model.fit(x, y, epochs=1, verbose=0)
    assert knb.decision_boundary(model, x, y) is not None


def _moons():
    from kerasnb.datasets import toys

    x, y = toys.GENERATORS["moons"](n=64, noise=0.1, seed=0)
    return x.astype("float32"), y.astype("float32")


def test_model_builder_builds_and_fits(keras):
    x, y = _moons()
    builder = knb.ModelBuilder((2,), task="binary")
    assert not builder.errors and builder.model.layers[-1].units == 1
    history = builder.fit(x, y, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert not _tensorflow_loaded_wrongly(keras)


def test_playground_steps_lower_the_loss(keras):
    playground = knb.Playground(dataset="xor", hidden=(4,), learning_rate=0.1)
    playground.step(30)
    losses = playground._engine.history["train_loss"]
    assert len(losses) == 31 and losses[-1] < losses[0]
    assert np.isfinite(losses).all()
    assert not _tensorflow_loaded_wrongly(keras)


def test_playground_with_dropout_and_regularization_trains(keras):
    playground = knb.Playground(hidden=(6, 3), regularization="l2", reg_rate=0.01,
                                dropout=0.2, batch_size=7)
    playground.step(5)
    losses = playground._engine.history["train_loss"]
    assert len(losses) == 6 and np.isfinite(losses).all()
    grids = playground._engine.grid_outputs()
    assert grids[-1].shape[-1] == 1 and np.isfinite(grids[-1]).all()


def test_playground_epoch_makes_the_same_steps_as_train_on_batch(keras):
    import copy

    playground = knb.Playground(hidden=(5, 3), regularization="l2", reg_rate=0.01,
                                batch_size=7)
    engine = playground._engine
    start = [w.copy() for w in engine.model.get_weights()]
    order = copy.deepcopy(engine.rng).permutation(engine.n_train)
    engine.train(1)
    fast = engine.model.get_weights()
    engine.model.set_weights(start)
    x, y = engine.train_data
    for first in range(0, engine.n_train, 7):
        engine.model.train_on_batch(x[order[first:first + 7]], y[order[first:first + 7]])
    for got, want in zip(fast, engine.model.get_weights(), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    assert any(not np.allclose(a, b) for a, b in zip(fast, start, strict=True))


def test_datasets_load_offline():
    (x_train, y_train), (x_test, _) = knb.datasets.load("digits")
    assert x_train.shape[0] == y_train.shape[0] and x_test.shape[1:] == x_train.shape[1:]


def test_about_reports_the_backend_and_its_version(keras):
    info = knb.about()
    backend = keras.backend.backend()
    assert info["keras backend"] == backend
    assert info["backend version"].startswith(backend + " ")
    assert info["backend version"].split(" ", 1)[1] != "not installed"
    assert info["devices"] and not _tensorflow_loaded_wrongly(keras)


def test_import_kerasnb_imports_no_backend():
    code = ("import sys, kerasnb; "
            "print(sorted(m for m in ('keras', 'tensorflow', 'jax', 'torch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.strip() == "[]"


def test_blocked_tensorflow_cannot_be_imported():
    code = "import tensorflow"
    env = {**os.environ, "PYTHONPATH": f"{HERE / 'notf'}{os.pathsep}{ROOT}"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode != 0 and "blocked" in out.stderr


def _backend_pythons() -> dict[str, str]:
    """Backend -> a Python that can run it: this one where importable, or KERASNB_BACKEND_PYTHONS.

    ``KERASNB_BACKEND_PYTHONS="jax=/path/bin/python,torch=/other/bin/python"``
    points at other virtual environments.
    """
    found = {b: sys.executable for b in BACKENDS if importlib.util.find_spec(b) is not None}
    for item in filter(None, os.environ.get("KERASNB_BACKEND_PYTHONS", "").split(",")):
        name, _, python = item.partition("=")
        if name in BACKENDS and Path(python).exists():
            found[name] = python
    return found


@pytest.mark.slow
def test_saliency_maps_are_the_same_on_every_backend(tmp_path):
    pythons = _backend_pythons()
    if len(pythons) < 2:
        pytest.skip(f"only {sorted(pythons)} installed: nothing to compare")
    rng = np.random.default_rng(1)
    shapes = [(3, 3, 1, 4), (4,), (3, 3, 4, 3), (3,), (3, 3), (3,)]
    weights = {f"w{i}": rng.normal(0, 0.5, s).astype("float32") for i, s in enumerate(shapes)}
    np.savez(tmp_path / "weights.npz", x=rng.random((3, 8, 8, 1), dtype="float32"), **weights)
    maps = {}
    for backend, python in pythons.items():
        out = tmp_path / f"{backend}.npz"
        env = {**os.environ, "KERAS_BACKEND": backend, "PYTHONPATH": str(ROOT)}
        run = subprocess.run([python, str(HERE / "backends" / "saliency_run.py"),
                              str(tmp_path / "weights.npz"), str(out)],
                             capture_output=True, text=True, env=env, timeout=600)
        assert run.returncode == 0, run.stderr[-2000:]
        maps[backend] = np.load(out)
        assert str(maps[backend]["backend"]) == backend
    first, *others = maps
    for backend in others:
        for method in ("gradient", "gradcam"):
            np.testing.assert_allclose(maps[backend][method], maps[first][method],
                                       atol=1e-4, err_msg=f"{method}: {backend} vs {first}")
            assert maps[first][method].max() > 0
