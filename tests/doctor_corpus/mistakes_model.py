"""Real mistakes in the output layer, the loss, the labels and the targets."""

from __future__ import annotations

import keras
import numpy as np
from keras import layers

from . import Case, rng, standardized
from ._build import binary, registrar, seq

L = layers
CASES: list[Case] = []
case = registrar(CASES)


# -- output layer and loss ---------------------------------------------------------------


@case("so-44151760-dense1-softmax-sparse",
      "https://stackoverflow.com/questions/44151760/received-a-label-value-of-1-which-is-outside-the-valid-range-of-0-1-python",
      "Received a label value of 1 which is outside the valid range of [0, 1)",
      "KNB102", "KNB111", "KNB303")
def _():
    model = seq((16, 1, 1), L.Conv2D(64, 1, activation="relu"), L.MaxPooling2D((1, 1)),
                L.Conv2D(32, 1, activation="relu"), L.MaxPooling2D((1, 1)),
                L.Dense(128, activation="relu"), L.Dense(64, activation="relu"),
                L.Dense(1, activation="softmax"), loss="sparse_categorical_crossentropy",
                metrics=["accuracy"])
    return model, standardized(rng().normal(size=(400, 16))).reshape(-1, 16, 1, 1), \
        binary(400), {}


@case("se-456718-conv1d-dense1-softmax",
      "https://techfeed.net/es/456718/",
      "binary CNN always predicts 1 (confusion matrix [[0 362] [0 608]]); "
      "ReduceLROnPlateau watched val_acc", "KNB102", "KNB504")
def _():
    model = seq((10, 4), L.Conv1D(16, 4, padding="same"), L.BatchNormalization(),
                L.LeakyReLU(), L.Dropout(0.2), L.Conv1D(8, 4, padding="same"),
                L.BatchNormalization(), L.LeakyReLU(), L.Dropout(0.2), L.Flatten(),
                L.Dense(64), L.BatchNormalization(), L.LeakyReLU(), L.Dense(1),
                L.Activation("softmax"), loss="binary_crossentropy", metrics=["accuracy"])
    cb = keras.callbacks.ReduceLROnPlateau(monitor="val_acc", factor=0.9, patience=30)
    return model, rng().normal(-1.06, 0.003, size=(6000, 10, 4)).astype("float32"), \
        binary(6000), {"callbacks": [cb]}


@case("se-80265-dense1-softmax-cce",
      "https://boohere.com/ru/detail/80265.html",
      "the one-unit softmax model always answers class 0", "KNB102", "KNB111")
def _():
    model = seq((20,), L.Dense(32, activation="relu"), L.Dense(1, activation="softmax"),
                loss="categorical_crossentropy", metrics=["accuracy"])
    return model, rng().normal(size=(500, 20)).astype("float32"), binary(500), {}


@case("stats-softmax-always-1",
      "https://stats.stackexchange.com/revisions/2bda6552-783b-4fb7-ba2b-a03d2266e69b/view-source",
      "in this model softmax always predicts 1", "KNB102")
def _():
    x = rng().integers(0, 2, size=(100, 3)).astype("float32")
    model = seq((3,), L.Dense(10, activation="relu"), L.Dense(1, activation="softmax"),
                loss="binary_crossentropy", optimizer="rmsprop")
    return model, x, (x.sum(axis=1) > 1).astype("int64"), {}


@case("dsse-91069-sigmoid-on-4-classes",
      "https://datascience.stackexchange.com/questions/91069/the-sum-of-multi-class-prediction-is-not-1-using-tensorflow-and-keras",
      "the 4 predicted values of a sample do not sum to 1", "KNB101")
def _():
    model = seq((50,), L.Embedding(5000, 50, trainable=False), L.LSTM(128),
                L.Dense(4, activation="sigmoid"), loss="categorical_crossentropy",
                metrics=[keras.metrics.CategoricalAccuracy()])
    y = np.eye(4, dtype="float32")[rng().integers(0, 4, 300)]
    return model, rng().integers(0, 5000, size=(300, 50)), y, {}


@case("so-42081257-bce-on-topics",
      "https://stackoverflow.com/questions/42081257/why-binary-crossentropy-and-categorical-crossentropy-give-different-performances",
      "binary crossentropy reports ~80% accuracy, categorical ~50%, on a multi-class problem",
      "KNB103")
def _():
    model = seq((100,), L.Embedding(20000, 100), L.Dropout(0.25),
                L.Conv1D(32, 4, activation="relu"), L.MaxPooling1D(2), L.Flatten(),
                L.Dense(256), L.Dropout(0.25), L.Activation("relu"), L.Dense(6),
                L.Activation("softmax"), loss="binary_crossentropy", metrics=["accuracy"])
    y = np.eye(6, dtype="float32")[rng().integers(0, 6, 3000)]
    return model, rng().integers(0, 20000, size=(3000, 100)), y, {}


@case("bce-mnist-cnn-99-percent",
      "https://newbe.dev/why-is-binary-crossentropy-more-accurate-than-categorical-crossentropy-for-multiclass-classification-in-keras",
      "MNIST CNN with binary crossentropy reports 99.8% accuracy, 99.0% by hand", "KNB103")
def _():
    model = seq((28, 28, 1), L.Conv2D(32, 3, activation="relu"),
                L.Conv2D(64, 3, activation="relu"), L.MaxPooling2D(), L.Dropout(0.25),
                L.Flatten(), L.Dense(128, activation="relu"), L.Dropout(0.5),
                L.Dense(10, activation="softmax"), loss="binary_crossentropy",
                metrics=["accuracy"])
    x = rng().random((2000, 28, 28, 1)).astype("float32")
    return model, x, np.eye(10, dtype="float32")[rng().integers(0, 10, 2000)], {}


@case("price-with-binary-crossentropy",
      "https://openillumi.com/en/en-keras-tf-fix-huge-negative-loss-regression",
      "loss: -117944.7500 and accuracy 3.8897e-05 when predicting a price", "KNB110", "KNB113")
def _():
    model = seq((8,), L.Dense(32, activation="relu"), L.Dense(1, activation="sigmoid"),
                loss="binary_crossentropy", metrics=["accuracy"])
    return model, rng().normal(size=(1607, 8)).astype("float32"), \
        rng().lognormal(11, 0.6, size=1607), {}


@case("e-com-net-cce-integer-mnist",
      "https://e-com-net.com/article/1188291707914002432.htm",
      "Error when checking target: expected dense_2 to have shape (10,) but got array "
      "with shape (1,)", "KNB104")
def _():
    model = seq((28, 28, 1), L.Conv2D(32, 3, activation="relu"), L.Flatten(),
                L.Dense(128, activation="relu"), L.Dense(10, activation="softmax"),
                loss=keras.losses.categorical_crossentropy,
                optimizer=keras.optimizers.Adadelta(), metrics=["accuracy"])
    return model, rng().random((1000, 28, 28, 1)).astype("float32"), \
        rng().integers(0, 10, 1000).astype("uint8"), {}


@case("readke-cce-integer-five-classes",
      "http://www.readke.com/c/01034051B2022.html",
      "Error when checking target: expected dense_1 to have shape (5,) but got array with "
      "shape (1,)", "KNB104")
def _():
    model = seq((64,), L.Dense(64, activation="relu"), L.Dense(5, activation="softmax"),
                loss="categorical_crossentropy", metrics=["accuracy"])
    return model, rng().random((800, 64)).astype("float32"), rng().integers(0, 5, 800), {}


@case("keras-8404-sparse-with-one-hot",
      "https://github.com/keras-team/keras/issues/8404",
      "sparse_categorical_crossentropy fails on one-hot labels of 120 dog breeds", "KNB105")
def _():
    model = seq((64, 64, 3), L.Conv2D(16, 3, activation="relu"), L.GlobalAveragePooling2D(),
                L.Dense(120, activation="softmax"), loss="sparse_categorical_crossentropy",
                metrics=["accuracy"])
    y = np.eye(120, dtype="float32")[rng().integers(0, 120, 600)]
    return model, rng().random((600, 64, 64, 3)).astype("float32"), y, {}


@case("whosebug-3634840-to-categorical-4-columns",
      "https://whosebug.com/question/3634840/Keras-Dense-Layer-Output-Shape-Error",
      "expected dense_1 to have shape (None, 3) but got array with shape (658118, 4)",
      "KNB109")
def _():
    model = seq((30,), L.Embedding(5000, 32), L.LSTM(32), L.Dense(3, activation="softmax"),
                loss="categorical_crossentropy", metrics=["accuracy"])
    classes = rng().integers(1, 4, 2000)  # classes 1, 2, 3: to_categorical gives 4 columns
    return model, rng().integers(0, 5000, size=(2000, 30)), \
        keras.utils.to_categorical(classes), {}


# -- y against the output: sequences, multi-label, regression --------------------------------


@case("newbe-lstm-return-sequences-dense",
      "https://newbe.dev/error-when-checking-target-expected-dense-1-to-have-3-dimensions-but-got-array-with-shape-118-1",
      "Error when checking target: expected dense_1 to have 3 dimensions, but got array "
      "with shape (118, 1)", "KNB303")
def _():
    model = seq((45, 2), L.LSTM(64, return_sequences=True), L.LSTM(64, return_sequences=True),
                L.Dense(1), loss="mse")
    return model, standardized(rng().normal(size=(118, 45, 2))), rng().normal(size=(118, 1)), {}


@case("newbetuts-44164749-multilabel-softmax",
      "https://newbetuts.com/44164749-how-does-keras-handle-multilabel-classification",
      "11 labels from MultiLabelBinarizer, several per row, trained with softmax and "
      "categorical crossentropy", "KNB114")
def _():
    model = seq((300,), L.Dense(5000, activation="relu"), L.Dropout(0.1),
                L.Dense(600, activation="relu"), L.Dropout(0.1),
                L.Dense(11, activation="softmax"), loss="categorical_crossentropy",
                optimizer=keras.optimizers.SGD(0.01, momentum=0.9, nesterov=True),
                metrics=["accuracy"])
    y = (rng().random((5000, 11)) < 0.25).astype("float32")
    return model, rng().random((5000, 300)).astype("float32"), y, {}


@case("so-41589126-several-digits-softmax",
      "https://stackoverflow.com/questions/41589126/what-is-the-replace-for-softmax-layer-in-case-more-than-one-output-can-be-activa/41594001",
      "several of the 10 outputs can be true, but softmax makes them sum to 1", "KNB114")
def _():
    model = seq((28, 28, 1), L.Conv2D(32, 3, activation="relu"), L.MaxPooling2D(),
                L.Flatten(), L.Dense(128, activation="relu"),
                L.Dense(10, activation="softmax"), loss="categorical_crossentropy")
    y = (rng().random((1000, 10)) < 0.3).astype("float32")
    return model, rng().random((1000, 28, 28, 1)).astype("float32"), y, {}


@case("stats-272862-job-categories-softmax",
      "https://stats.stackexchange.com/questions/272862/which-deep-learning-model-can-classify-categories-which-are-not-mutually-exclusi/273024",
      "labels encoded [1,1,0] or [1,1,1], softmax output [0.45, 0.35, 0.2]", "KNB114")
def _():
    model = seq((200,), L.Dense(64, activation="relu"), L.Dense(3, activation="softmax"),
                loss="categorical_crossentropy", metrics=["accuracy"])
    y = (rng().random((400, 3)) < 0.5).astype("float32")
    y[0] = 1.0
    return model, rng().random((400, 200)).astype("float32"), y, {}


@case("ogeek-405141-boston-mse-accuracy",
      "https://ogeek.cn/qa/?qa=405141%2F",
      "Boston housing regression with mse reports accuracy 0.0138", "KNB113")
def _():
    scales = np.array([3.6, 11, 11, 0.07, 0.55, 6.3, 69, 3.8, 9.5, 408, 18, 357, 12.7])
    x = (rng().random((506, 13)) * 2 * scales).astype("float32")
    model = seq((13,), L.Dense(13, kernel_initializer="normal", activation="relu"),
                L.Dense(1, kernel_initializer="normal"), loss="mean_squared_error",
                metrics=["accuracy"])
    return model, x, rng().normal(22.5, 9.2, size=506).clip(5, 50), {}


@case("coderedirect-50948-mse-accuracy-linear",
      "https://coderedirect.com/questions/50948/what-function-defines-accuracy-in-keras-when-the-loss-is-mean-squared-error-mse",
      "what does val_acc: 0.3250 mean for a mean squared error model?", "KNB113")
def _():
    model = seq((20,), L.Dense(64, activation="relu"), L.Dense(1), L.Activation("linear"),
                loss="mean_squared_error", metrics=["accuracy"])
    return model, rng().normal(size=(1000, 20)).astype("float32"), \
        rng().normal(3, 2, size=1000), {}


@case("openillumi-accuracy-stuck-at-zero",
      "https://openillumi.com/?p=75188",
      "loss decreases but accuracy stays at 0.0000e+00 with mean_squared_error", "KNB113")
def _():
    model = seq((5,), L.Dense(16, activation="relu"), L.Dense(1), loss="mean_squared_error",
                metrics=["accuracy"])
    return model, rng().normal(size=(300, 5)).astype("float32"), \
        rng().normal(size=300).astype("float32"), {}


@case("dsse-49109-lstm-accuracy-continuous",
      "https://library.kiwix.org/datascience.stackexchange.com_en_all_2021-04/A/question/49109.html",
      "accuracy stays low although the targets are predicted well: the targets are "
      "continuous in [0, 1]", "KNB113")
def _():
    model = seq((10, 2), L.LSTM(3), L.Dense(1, activation="sigmoid"),
                loss="binary_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
    y = rng().integers(0, 100, (1000, 1)) / 100
    return model, rng().normal(0.5, 1, size=(1000, 10, 2)).astype("float32"), y, {}


@case("stats-409000-house-prices-250k",
      "https://stats.stackexchange.com/questions/409000/should-we-normalize-target-data-as-well-as-input-data",
      "after 2,000 epochs the outputs were still creeping up from 0 towards the mean "
      "price of 250,000", "KNB115")
def _():
    model = seq((9,), L.Dense(16, activation="relu"), L.Dense(16, activation="relu"),
                L.Dense(1), loss="mse")
    return model, standardized(rng().normal(size=(2000, 9))), \
        rng().lognormal(12.3, 0.5, size=2000), {}


@case("so-52800582-y-equals-x-to-the-fourth",
      "http://stackoverflow.com.mevn.net/questions/52800582/why-do-i-fail-to-predict-y-x4-with-keras-y-x3-works",
      "y = x**4 on [-100, 100] is not learned (outputs up to 1e8)", "KNB115", "KNB201")
def _():
    x = rng().uniform(-100, 100, size=(1000, 1)).astype("float32")
    model = seq((1,), L.Dense(40, activation="sigmoid"), L.Dense(20, activation="elu"),
                L.Dense(1), loss="mse")
    return model, x, x[:, 0].astype("float64") ** 4, {}
