"""The checks added for what real users get wrong, and the false alarms they must not raise.

Like test_doctor_checks.py: each test shows the mistake caught and the fixed
setup passing the same check.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
from keras import layers

import kerasnb as knb

RNG = np.random.default_rng(3)


def seq(*stack, shape=(4,), loss=None, metrics=None):
    model = keras.Sequential([keras.Input(shape), *stack])
    if loss is not None:
        model.compile(optimizer="adam", loss=loss, metrics=metrics)
    return model


def only(report, code):
    hits = [f for f in report if f.code == code]
    assert len(hits) == 1, report
    return hits[0]


def clean(report):
    return report.ok and not report.warnings


def test_knb112_per_step_targets_for_a_per_sample_model():
    model = seq(layers.Dense(8, activation="relu"), layers.Dense(1), shape=(10,), loss="mse")
    x = RNG.normal(size=(64, 10)).astype("float32")
    hit = only(knb.check(model, x, RNG.normal(size=(64, 5, 1))), "KNB112")
    assert "5 targets per sample" in hit.message and "y[:, -1]" in hit.fix
    assert "KNB112" not in knb.check(model, x, RNG.normal(size=(64, 1)))


def test_knb303_lstm_returning_sequences_into_dense():
    # the Stack Overflow case: LSTM(return_sequences=True) x2 -> Dense(1), y of shape (N, 1)
    model = seq(layers.LSTM(8, return_sequences=True), layers.LSTM(8, return_sequences=True),
                layers.Dense(1), shape=(45, 2), loss="mse")
    x = RNG.normal(size=(40, 45, 2)).astype("float32")
    hit = only(knb.check(model, x, RNG.normal(size=(40, 1))), "KNB303")
    assert "return_sequences=True" in hit.message and "return_sequences=False" in hit.fix
    assert "(None, 45, 1)" in hit.message and "without an error" in hit.message
    # a target per step: intended
    assert "KNB303" not in knb.check(model, x, RNG.normal(size=(40, 45, 1)))
    conv = seq(layers.Conv1D(4, 3, activation="relu"), layers.Dense(1, activation="sigmoid"),
               shape=(20, 3), loss="binary_crossentropy")
    hit = only(knb.check(conv, RNG.normal(size=(30, 20, 3)), np.arange(30) % 2), "KNB303")
    assert "GlobalAveragePooling1D" in hit.fix and "shape error" in hit.message


def test_knb113_accuracy_on_a_regression():
    model = seq(layers.Dense(8, activation="relu"), layers.Dense(1), loss="mse",
                metrics=["accuracy"])
    x = RNG.normal(size=(100, 4)).astype("float32")
    hit = only(knb.check(model, x, RNG.normal(20, 5, size=100)), "KNB113")
    assert hit.severity == "warning" and 'metrics=["mae"]' in hit.fix
    assert "KNB113" in knb.check(model)  # the loss alone says regression
    fine = seq(layers.Dense(1), loss="mse", metrics=["mae"])
    assert "KNB113" not in knb.check(fine, x, RNG.normal(size=100))
    binary = seq(layers.Dense(1, activation="sigmoid"), loss="binary_crossentropy",
                 metrics=["accuracy"])
    assert "KNB113" not in knb.check(binary, x, np.arange(100) % 2)
    assert "KNB113" in knb.check(binary, x, RNG.random(100))  # continuous targets in 0..1


def test_knb114_multi_hot_targets_with_softmax():
    y = (RNG.random((120, 6)) > 0.6).astype("float32")
    y[0] = [1, 1, 1, 0, 0, 0]
    bad = seq(layers.Dense(6, activation="softmax"), loss="categorical_crossentropy")
    x = RNG.normal(size=(120, 4)).astype("float32")
    hit = only(knb.check(bad, x, y), "KNB114")
    assert "multi-label" in hit.message and 'activation="sigmoid"' in hit.fix
    good = seq(layers.Dense(6, activation="sigmoid"), loss="binary_crossentropy")
    assert clean(knb.check(good, x, y))


def test_knb115_regression_target_on_a_huge_scale():
    x = RNG.normal(size=(200, 5)).astype("float32")
    prices = RNG.normal(250_000, 80_000, size=200)
    model = seq(layers.Dense(16, activation="relu"), layers.Dense(1), shape=(5,), loss="mse")
    hit = only(knb.check(model, x, prices), "KNB115")
    assert "median" in hit.message and "y_std" in hit.fix
    assert "KNB115" not in knb.check(model, x, (prices - prices.mean()) / prices.std())
    started = seq(layers.Dense(16, activation="relu"),
                  layers.Dense(1, bias_initializer=keras.initializers.Constant(250_000.0)),
                  shape=(5,), loss="mse")
    assert "KNB115" not in knb.check(started, x, prices)


@pytest.mark.parametrize("x, words", [
    (np.zeros((0, 4), dtype="float32"), "is empty"),
    ("data.csv", "single string"),
    (np.array([["a", "b", "c", "d"]] * 5), "holds text"),
    ([[1.0, 2.0], [3.0]], "ragged"),
])
def test_knb207_empty_text_or_ragged_x(x, words):
    model = seq(layers.Dense(1), loss="mse")
    report = knb.check(model, x, None)
    assert words in only(report, "KNB207").message and not report.ok


def test_knb207_text_into_a_text_model_is_fine():
    texts = np.array(["a good film", "a bad film", "good", "bad"] * 10)
    vectorize = layers.TextVectorization(max_tokens=20, output_sequence_length=4)
    vectorize.adapt(texts)
    inp = keras.Input((1,), dtype="string")
    out = layers.Dense(1, activation="sigmoid")(
        layers.GlobalAveragePooling1D()(layers.Embedding(20, 4)(vectorize(inp))))
    model = keras.Model(inp, out)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    assert clean(knb.check(model, texts[:, None], np.arange(40) % 2))
    bad_y = knb.check(model, texts[:, None], np.array(["pos", "neg"] * 20))
    assert "holds text" in only(bad_y, "KNB207").message
    as_objects = np.array(["pos", "neg"] * 20, dtype=object)  # a pandas column of strings
    assert "holds text" in only(knb.check(model, texts[:, None], as_objects), "KNB207").message


def test_knb208_ids_beyond_the_embedding():
    ids = RNG.integers(1, 10_001, size=(200, 8))  # ids 1..10000, as a Tokenizer gives them
    ids[0, 0] = 10_000
    bad = seq(layers.Embedding(10_000, 8), layers.GlobalAveragePooling1D(),
              layers.Dense(1, activation="sigmoid"), shape=(8,), loss="binary_crossentropy")
    hit = only(knb.check(bad, ids, np.arange(200) % 2), "KNB208")
    assert "input_dim=10000" in hit.message and "Embedding(10001, 8)" in hit.fix
    good = seq(layers.Embedding(10_001, 8), layers.GlobalAveragePooling1D(),
               layers.Dense(1, activation="sigmoid"), shape=(8,), loss="binary_crossentropy")
    assert clean(knb.check(good, ids, np.arange(200) % 2))
    negative = ids.copy()
    negative[0, 0] = -1
    assert "negative ids" in only(knb.check(good, negative, np.arange(200) % 2),
                                  "KNB208").message


# -- false alarms of KNB201 ---------------------------------------------------------------


def test_knb201_silent_on_heavy_tailed_standardized_features():
    raw = RNG.standard_t(1.2, size=(500, 6))
    x = ((raw - raw.mean(axis=0)) / raw.std(axis=0)).astype("float32")
    assert np.abs(x).max() > 20  # the tails reach far
    model = seq(layers.Dense(8, activation="relu"), layers.Dense(1), shape=(6,), loss="mse")
    assert "KNB201" not in knb.check(model, x, RNG.normal(size=500))
    assert "KNB201" in knb.check(model, x * 300 + 1000, RNG.normal(size=500))


class TokenAndPosition(layers.Layer):
    def __init__(self, maxlen, vocab, dim, **kw):
        super().__init__(**kw)
        self.token_emb = layers.Embedding(vocab, dim)
        self.pos_emb = layers.Embedding(maxlen, dim)

    def call(self, x):
        positions = keras.ops.arange(0, keras.ops.shape(x)[-1])
        return self.token_emb(x) + self.pos_emb(positions)


def test_knb201_silent_on_ids_into_a_custom_embedding():
    inp = keras.Input((20,))
    hidden = layers.GlobalAveragePooling1D()(TokenAndPosition(20, 5000, 8)(inp))
    model = keras.Model(inp, layers.Dense(2, activation="softmax")(hidden))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    ids = RNG.integers(0, 5000, size=(64, 20))
    assert clean(knb.check(model, ids, np.arange(64) % 2))
    too_many = ids.copy()
    too_many[0, 0] = 5000
    assert "KNB208" in knb.check(model, too_many, np.arange(64) % 2)


class Lookup(layers.Layer):
    """An embedding written by hand: a weight matrix and ops.take."""

    def build(self, input_shape):
        self.table = self.add_weight(shape=(3000, 8))

    def call(self, ids):
        return keras.ops.take(self.table, keras.ops.cast(ids, "int32"), axis=0)


def test_knb201_silent_on_ids_into_a_hand_written_lookup():
    model = seq(Lookup(), layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid"),
                shape=(12,), loss="binary_crossentropy")
    ids = RNG.integers(0, 3000, size=(100, 12))
    assert "KNB201" not in knb.check(model, ids, np.arange(100) % 2)
    assert "KNB201" in knb.check(model, ids.astype("float32") * 10, np.arange(100) % 2)


def test_knb201_silent_on_caffe_style_preprocessed_images():
    from keras.applications import vgg16

    pixels = RNG.integers(0, 256, size=(16, 32, 32, 3)).astype("float32")
    x = vgg16.preprocess_input(pixels.copy())
    assert x.min() < -100 and x.max() > 140
    model = seq(layers.Conv2D(4, 3, activation="relu"), layers.GlobalAveragePooling2D(),
                layers.Dense(3, activation="softmax"), shape=(32, 32, 3),
                loss="sparse_categorical_crossentropy")
    assert "KNB201" not in knb.check(model, x, np.arange(16) % 3)
    assert "KNB201" in knb.check(model, pixels, np.arange(16) % 3)


def test_knb201_silent_when_batchnorm_follows_the_first_layer():
    pixels = RNG.integers(0, 256, size=(16, 12, 12, 1)).astype("uint8")
    model = seq(layers.Conv2D(4, 3), layers.BatchNormalization(), layers.ReLU(),
                layers.Flatten(), layers.Dense(3, activation="softmax"), shape=(12, 12, 1),
                loss="sparse_categorical_crossentropy")
    assert "KNB201" not in knb.check(model, pixels, np.arange(16) % 3)


def test_knb206_counts_what_the_data_holds():
    # 300 images of 64x64x3 (3.7 M numbers) for a 500k-parameter model: not "tiny"
    model = seq(layers.Conv2D(16, 3, activation="relu"), layers.MaxPooling2D(4),
                layers.Flatten(), layers.Dense(128, activation="relu"),
                layers.Dense(2, activation="softmax"), shape=(64, 64, 3),
                loss="sparse_categorical_crossentropy")
    x = RNG.random((300, 64, 64, 3)).astype("float32")
    assert "KNB206" not in knb.check(model, x, np.arange(300) % 2)


# -- Keras 3 files, weights and snippets ---------------------------------------------------


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # h5py inside Keras' save_weights
def test_knb503_weights_path_follows_the_installed_keras(tmp_path):
    model = seq(layers.Dense(1), loss="mse")
    hit = only(knb.check(model, weights_path="model_init.hdf5"), "KNB503")
    assert "model_init.weights.h5" in hit.fix and hit.where == "weights_path"
    with pytest.raises(ValueError, match="weights.h5"):  # what the installed Keras does
        model.save_weights(tmp_path / "model_init.hdf5")
    assert not knb.check(model, weights_path="model_init.weights.h5").codes
    model.save_weights(tmp_path / "model_init.weights.h5")
    # ModelCheckpoint with .h5 for whole models is legacy (a warning), never an error
    keep = keras.callbacks.ModelCheckpoint(str(tmp_path / "best.h5"), save_best_only=True)
    report = knb.check(model, callbacks=[keep])
    assert report.ok and report.codes == ["KNB501"]


@pytest.mark.parametrize("path", ['x"); import os; os.system("echo hi"); ("',
                                  "C:\\new\\model.h5", "it's\nhere.h5"])
def test_fix_snippets_quote_paths_as_literals(path):
    import ast

    report = knb.check(None, save_path=path)
    assert report.codes
    for finding in report:
        tree = ast.parse(finding.fix)  # valid Python
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        assert {type(a).__name__ for c in calls for a in c.args} <= {"Constant"}
        assert not any(getattr(c.func, "attr", "") == "system" for c in calls)
    if path.startswith("C:"):
        assert "C:\\\\new\\\\model.keras" in report[0].fix  # the backslashes survive


def test_class_and_sample_weight_are_checked():
    model = seq(layers.Dense(1, activation="sigmoid"), loss="binary_crossentropy")
    x, y = RNG.normal(size=(20, 4)), np.arange(20) % 2
    with pytest.raises(ValueError, match="`class_weight`"):
        knb.check(model, x, y, class_weight=[1, 2])
    with pytest.raises(ValueError, match="`sample_weight`"):
        knb.check(model, x, y, sample_weight=np.ones(7))
    assert knb.check(model, x, y, class_weight={np.int64(0): 1, 1: np.float32(2.0)}).ok
