"""No false alarms: correct setups give no error and no warning from knb.check.

Built on the bundled real datasets where one fits (kerasnb.datasets), on small
generated arrays otherwise. A healthy history comes from a real short fit.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
from keras import layers

import kerasnb as knb

RNG = np.random.default_rng(1)


def standardized(x):
    return ((x - x.mean(axis=0)) / x.std(axis=0)).astype("float32")


def compiled(model, loss, metrics=("accuracy",)):
    model.compile(optimizer="adam", loss=loss, metrics=list(metrics))
    return model


def binary():
    (x, y), _ = knb.datasets.load("moons")
    model = keras.Sequential([keras.Input((2,)), layers.Dense(16, activation="relu"),
                              layers.Dense(1, activation="sigmoid")])
    return compiled(model, "binary_crossentropy"), x, y, {}


def binary_raw_features_normalized_in_the_model():
    (x, y), _ = knb.datasets.load("breast_cancer")
    norm = layers.Normalization()
    norm.adapt(x)
    model = keras.Sequential([keras.Input((30,)), norm, layers.Dense(16, activation="relu"),
                              layers.Dropout(0.3), layers.Dense(1, activation="sigmoid")])
    return compiled(model, "binary_crossentropy"), x, y, {}


def multiclass_sparse():
    (x, y), _ = knb.datasets.load("iris")
    model = keras.Sequential([keras.Input((4,)), layers.Dense(16, activation="relu"),
                              layers.Dense(3, activation="softmax")])
    return compiled(model, "sparse_categorical_crossentropy"), standardized(x), y, {}


def multiclass_onehot():
    (x, y), _ = knb.datasets.load("wine")
    model = keras.Sequential([keras.Input((13,)), layers.Dense(16, activation="relu"),
                              layers.Dense(3, activation="softmax")])
    y_onehot = keras.utils.to_categorical(y, 3)
    return compiled(model, "categorical_crossentropy"), standardized(x), y_onehot, {}


def multiclass_logits():
    (x, y), _ = knb.datasets.load("iris")
    model = keras.Sequential([keras.Input((4,)), layers.Dense(16, activation="relu"),
                              layers.Dense(3)])
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    return compiled(model, loss), standardized(x), y, {}


def multilabel():
    x = RNG.normal(size=(200, 6)).astype("float32")
    y = (x[:, :3] > 0).astype("float32")  # three independent yes/no labels
    model = keras.Sequential([keras.Input((6,)), layers.Dense(16, activation="relu"),
                              layers.Dense(3, activation="sigmoid")])
    return compiled(model, "binary_crossentropy"), x, y, {}


def regression():
    (x, y), _ = knb.datasets.load("diabetes")
    model = keras.Sequential([keras.Input((10,)), layers.Dense(32, activation="relu"),
                              layers.Dense(1)])
    return compiled(model, "mse", metrics=("mae",)), x, y, {}


def cnn_on_scaled_images():
    (x, y), _ = knb.datasets.load("mnist")
    x = (x / 255.0).astype("float32")[..., None]
    model = keras.Sequential([
        keras.Input((28, 28, 1)), layers.Conv2D(8, 3, activation="relu"),
        layers.MaxPooling2D(), layers.Flatten(), layers.Dropout(0.5),
        layers.Dense(10, activation="softmax")])
    callbacks = [keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=3),
                 keras.callbacks.ModelCheckpoint("best.keras", save_best_only=True)]
    return (compiled(model, "sparse_categorical_crossentropy"), x, y,
            {"callbacks": callbacks, "save_path": "mnist_cnn.keras"})


def cnn_rescaling_raw_pixels():
    (x, y), _ = knb.datasets.load("digits")
    x = (x * 16).astype("uint8")[..., None]  # 0..255 pixels, scaled by the model
    model = keras.Sequential([
        keras.Input((8, 8, 1)), layers.RandomFlip("horizontal"), layers.Rescaling(1 / 255),
        layers.Conv2D(8, 3, activation="relu"), layers.GlobalAveragePooling2D(),
        layers.Dense(10, activation="softmax")])
    return compiled(model, "sparse_categorical_crossentropy"), x, y, {}


def functional_scaling_with_arithmetic():
    (x, y), _ = knb.datasets.load("digits")
    x = (x * 16).astype("uint8")[..., None]
    inp = keras.Input((8, 8, 1))
    scaled = inp / 127.5 - 1.0  # keras ops, not layers: the model scales its input
    hidden = layers.Conv2D(8, 3, activation="relu")(scaled)
    out = layers.Dense(10, activation="softmax")(layers.Flatten()(hidden))
    model = keras.Model(inp, out)
    stop = keras.callbacks.EarlyStopping(monitor="val_acc", patience=2)
    return (compiled(model, "sparse_categorical_crossentropy", metrics=("acc",)), [x], y,
            {"callbacks": [stop]})


def lstm_on_sequences():
    (x, y), _ = knb.datasets.load("co2")
    mean, std = x.mean(), x.std()
    x, y = (x - mean) / std, (y - mean) / std
    model = keras.Sequential([keras.Input((24, 1)), layers.LSTM(8), layers.Dense(1)])
    return compiled(model, "mse", metrics=("mae",)), x, y, {}


def lstm_sequence_to_sequence():
    x = RNG.normal(size=(64, 12, 3)).astype("float32")
    y = (x[..., 0] > 0).astype("int64")  # a class per time step
    model = keras.Sequential([keras.Input((12, 3)), layers.LSTM(8, return_sequences=True),
                              layers.Dense(2, activation="softmax")])
    return compiled(model, "sparse_categorical_crossentropy"), x, y, {}


def text_token_ids():
    (texts, y), _ = knb.datasets.load("reviews")
    vectorize = layers.TextVectorization(max_tokens=500, output_sequence_length=20)
    vectorize.adapt(texts[:500])
    ids = np.asarray(vectorize(texts[:500]))
    model = keras.Sequential([keras.Input((20,)), layers.Embedding(500, 8),
                              layers.GlobalAveragePooling1D(),
                              layers.Dense(1, activation="sigmoid")])
    return compiled(model, "binary_crossentropy"), ids, y[:500], {}


def functional_multi_output():
    x = RNG.normal(size=(120, 5)).astype("float32")
    kind = (x[:, 0] > 0).astype("int64") + (x[:, 1] > 0)
    price = (3 * x[:, 2] + 10).astype("float32")
    inp = keras.Input((5,), name="features")
    hidden = layers.Dense(16, activation="relu")(inp)
    hidden = layers.Dropout(0.2)(hidden)
    outputs = {"kind": layers.Dense(3, activation="softmax", name="kind")(hidden),
               "price": layers.Dense(1, name="price")(hidden)}
    model = keras.Model(inp, outputs)
    model.compile(optimizer="adam",
                  loss={"kind": "sparse_categorical_crossentropy", "price": "mse"},
                  metrics={"kind": ["accuracy"]})
    return model, x, {"kind": kind, "price": price}, {}


def functional_two_inputs():
    a = RNG.normal(size=(80, 3)).astype("float32")
    b = RNG.random(size=(80, 4, 4, 1)).astype("float32")
    y = (a[:, 0] > 0).astype("int64")
    in_a, in_b = keras.Input((3,), name="table"), keras.Input((4, 4, 1), name="image")
    merged = layers.Concatenate()([layers.Dense(4, activation="relu")(in_a),
                                   layers.Flatten()(in_b)])
    model = keras.Model([in_a, in_b], layers.Dense(1, activation="sigmoid")(merged))
    return compiled(model, "binary_crossentropy"), {"table": a, "image": b}, y, {}


def dataset_input():
    import tensorflow as tf

    (x, y), _ = knb.datasets.load("moons")
    ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
    model = keras.Sequential([keras.Input((2,)), layers.Dense(8, activation="tanh"),
                              layers.Dense(1, activation="sigmoid")])
    return compiled(model, "binary_crossentropy"), ds, None, {}


def healthy_history():
    loss = [0.9, 0.6, 0.45, 0.38, 0.33, 0.3, 0.28, 0.27]
    val = [0.95, 0.65, 0.5, 0.44, 0.41, 0.4, 0.39, 0.395]  # flattening, a little noise
    return None, None, None, {"history": {"loss": loss, "val_loss": val}}


CORPUS = [binary, binary_raw_features_normalized_in_the_model, multiclass_sparse,
          multiclass_onehot, multiclass_logits, multilabel, regression, cnn_on_scaled_images,
          cnn_rescaling_raw_pixels, functional_scaling_with_arithmetic, lstm_on_sequences, lstm_sequence_to_sequence,
          text_token_ids, functional_multi_output, functional_two_inputs, dataset_input,
          healthy_history]


@pytest.mark.parametrize("setup", CORPUS, ids=[f.__name__ for f in CORPUS])
def test_correct_setups_give_no_error_and_no_warning(setup):
    keras.utils.set_random_seed(0)
    model, x, y, kwargs = setup()
    report = knb.check(model, x, y, **kwargs)
    assert report.ok and not report.warnings, report
    assert "KNB000" not in report, report  # no check crashed


@pytest.mark.slow
def test_a_real_healthy_training_run_gives_no_alarm():
    keras.utils.set_random_seed(0)
    model, x, y, _ = binary()
    doctor = knb.Doctor()
    history = model.fit(x, y, validation_split=0.25, epochs=12, batch_size=32, verbose=0,
                        callbacks=[doctor])
    report = knb.check(model, x, y, history=history)
    assert report.codes == [], report
    assert doctor.findings == []
