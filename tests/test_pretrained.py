"""The shipped pretrained model: registry, loading, the convolutional base, its script."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import kerasnb as knb
from kerasnb import pretrained
from kerasnb.pretrained import _models

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "kerasnb" / "pretrained"
NAME = "mnist_0to4"


def _script():
    spec = importlib.util.spec_from_file_location("make_pretrained",
                                                  ROOT / "assets" / "make_pretrained.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def digits_0to4():
    (_, _), (x_test, y_test) = knb.datasets.load("mnist", verbose=False)
    keep = y_test < 5
    return (x_test[keep][..., None] / 255.0).astype("float32"), y_test[keep]


def test_names_and_top_level_name():
    assert pretrained.names() == [NAME]
    assert knb.pretrained is pretrained


def test_import_is_light():
    code = ("import sys, kerasnb.pretrained as p; p.names(); p.info('mnist_0to4'); "
            "print(sorted(m for m in ('tensorflow', 'keras', 'matplotlib', 'plotly') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_info_describes_the_model():
    meta = pretrained.info(NAME)
    assert meta.name == NAME
    assert meta.input_shape == (28, 28, 1)
    assert meta.class_names == ("0", "1", "2", "3", "4")
    assert meta.base_output == "conv3"
    assert meta.script == "assets/make_pretrained.py"
    assert 0.95 <= meta.test_accuracy <= 1.0
    text = str(meta)
    assert NAME in text and "98,437" in text and "assets/make_pretrained.py" in text
    html = meta._repr_html_()
    assert "<table>" in html and "include_top=False" in html
    assert meta.as_dict()["params"] == meta.params


def test_info_html_escapes_text():
    meta = pretrained.info(NAME)
    odd = _models.PretrainedInfo(**{**meta.as_dict(), "description": "<b>bold</b> & co"})
    html = odd._repr_html_()
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt; &amp; co" in html


def test_model_card_bundle_carries_text_plain():
    meta = pretrained.info(NAME)
    bundle = meta._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"} and bundle["text/plain"] == str(meta)


def test_model_card_class_names_are_keyword_only_and_positional_ones_warn():
    meta = pretrained.info(NAME)
    fields = list(meta.as_dict().values())
    with pytest.warns(DeprecationWarning, match=r"`class_names`.*PretrainedInfo\(\) by position"):
        old = _models.PretrainedInfo(*fields)
    assert old == meta


def test_load_whole_classifier_is_accurate(digits_0to4):
    x, y = digits_0to4
    model = pretrained.load(NAME)
    assert model.input_shape == (None, 28, 28, 1)
    assert model.output_shape == (None, 5)
    assert model.count_params() == pretrained.info(NAME).params
    assert not model.compiled  # shipped without optimizer state: compile for your task
    probs = model.predict(x, verbose=0)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    accuracy = float(np.mean(probs.argmax(axis=1) == y))
    assert accuracy == pytest.approx(pretrained.info(NAME).test_accuracy, abs=0.005)
    assert accuracy >= 0.95


def test_load_base_stops_at_the_last_conv_layer(digits_0to4):
    x, _ = digits_0to4
    full = pretrained.load(NAME)
    base = pretrained.load(NAME, include_top=False)
    assert base.layers[-1].name == "conv3"
    assert base.output_shape == (None, 3, 3, 128)
    assert [layer.name for layer in base.layers if layer.weights] == ["conv1", "conv2", "conv3"]
    for name in ("conv1", "conv2", "conv3"):
        for a, b in zip(full.get_layer(name).get_weights(), base.get_layer(name).get_weights(),
                        strict=True):
            np.testing.assert_array_equal(a, b)
    features = base.predict(x[:8], verbose=0)
    assert features.shape == (8, 3, 3, 128)
    assert np.all(features >= 0) and features.max() > 0  # ReLU maps that respond


def test_each_load_is_independent():
    first = pretrained.load(NAME, include_top=False)
    second = pretrained.load(NAME, include_top=False)
    first.trainable = False
    first.get_layer("conv1").kernel.assign(np.zeros((3, 3, 1, 32), "float32"))
    assert second.trainable and second.trainable_weights
    assert np.abs(second.get_layer("conv1").get_weights()[0]).sum() > 0


def test_frozen_base_with_a_new_top_trains_only_the_top():
    import keras

    base = pretrained.load(NAME, include_top=False)
    before = [w.copy() for w in base.get_weights()]
    base.trainable = False
    model = keras.Sequential([keras.Input((28, 28, 1)), base, keras.layers.Flatten(),
                              keras.layers.Dense(5, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    (x, y), _ = knb.datasets.load("mnist", verbose=False)
    keep = y >= 5
    x, y = (x[keep][:64, ..., None] / 255.0).astype("float32"), y[keep][:64] - 5
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    assert len(model.trainable_weights) == 2  # the new Dense kernel and bias
    for a, b in zip(before, base.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("bad", ["mnist", "", None, 3, "MNIST_0TO4 "])
def test_unknown_name_is_a_clear_error(bad):
    with pytest.raises(ValueError, match=r"`name` must be one of 'mnist_0to4'\. Received: name="):
        pretrained.load(bad)
    with pytest.raises(ValueError, match="`name` must be one of"):
        pretrained.info(bad)


@pytest.mark.parametrize("bad", ["no", 0, None])
def test_include_top_must_be_a_bool(bad):
    with pytest.raises(ValueError, match=r"`include_top` must be True or False\. Received: "
                                         r"include_top="):
        pretrained.load(NAME, include_top=bad)


def test_missing_model_file_names_the_script(tmp_path, monkeypatch):
    shutil.copy(FOLDER / f"{NAME}.json", tmp_path)
    monkeypatch.setattr(_models, "_folder", lambda: tmp_path)
    with pytest.raises(FileNotFoundError, match=r"python assets/make_pretrained\.py"):
        pretrained.load(NAME)


def test_shipped_files_are_small_and_packaged():
    model_file = FOLDER / f"{NAME}.keras"
    assert model_file.stat().st_size < 1_000_000
    assert json.loads((FOLDER / f"{NAME}.json").read_text())["name"] == NAME
    if shutil.which("git") and (ROOT / ".git").exists():
        ignored = subprocess.run(["git", "check-ignore", "-q", str(model_file)], cwd=ROOT)
        assert ignored.returncode == 1, "the .keras file must not be git-ignored (wheel contents)"


def test_script_and_shipped_model_agree():
    script = _script()
    meta = pretrained.info(NAME)
    recorded = (meta.name, meta.base_output, meta.seed, meta.epochs)
    assert recorded == (script.NAME, script.BASE_OUTPUT, script.SEED, script.EPOCHS)
    built = script.build_model()
    shipped = pretrained.load(NAME)
    assert [(layer.name, type(layer).__name__) for layer in built.layers] == [
        (layer.name, type(layer).__name__) for layer in shipped.layers]
    assert [w.shape for w in built.get_weights()] == [w.shape for w in shipped.get_weights()]
    assert "seed" in script.__doc__.lower() and "bundled mnist" in script.__doc__.lower()


@pytest.mark.slow
def test_script_reproduces_the_shipped_model(tmp_path, digits_0to4):
    """Run the script into a temporary folder: same accuracy, (nearly) the same predictions."""
    import keras

    script = _script()
    script.main(tmp_path)
    rebuilt = keras.saving.load_model(tmp_path / f"{NAME}.keras", compile=False)
    shipped = pretrained.load(NAME)
    x, _ = digits_0to4
    a = rebuilt.predict(x, verbose=0).argmax(axis=1)
    b = shipped.predict(x, verbose=0).argmax(axis=1)
    assert np.mean(a == b) >= 0.98
    meta = json.loads((tmp_path / f"{NAME}.json").read_text())
    assert meta["test_accuracy"] == pytest.approx(pretrained.info(NAME).test_accuracy, abs=0.01)
