"""Real mistakes, from questions and issues; each with the codes knb.check must report."""

from __future__ import annotations

import keras
import numpy as np
from keras import layers

from . import Case, rng, standardized

L = layers


def seq(shape, *stack, loss=None, metrics=None, optimizer="adam"):
    model = keras.Sequential([keras.Input(shape), *stack])
    if loss is not None:
        model.compile(optimizer=optimizer, loss=loss, metrics=metrics)
    return model


def binary(n, seed=0):
    return rng(seed).integers(0, 2, size=(n, 1))


CASES: list[Case] = []


def case(name, url, saw, *codes):
    def register(build):
        CASES.append(Case(name, url, saw, build, frozenset(codes)))
        return build
    return register


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


# -- data ---------------------------------------------------------------------------------


@case("dsse-19283-imbalance-predicts-negative",
      "https://datascience.stackexchange.com/questions/19283/why-mlp-only-learns-bias-for-unbalanced-binary-classification",
      "88.4% negatives: after 2 epochs the model predicts everything negative", "KNB205")
def _():
    model = seq((122,), L.Dense(8, activation="relu"), L.Dense(8, activation="relu"),
                L.Dense(8, activation="relu"), L.Dense(1, activation="sigmoid"),
                loss="binary_crossentropy", metrics=["accuracy"])
    y = (rng().random(20000) < 0.116).astype("int64")  # 891,473 rows in the question
    return model, standardized(rng().normal(size=(20000, 122))), y, {}


@case("e-com-net-fashion-mnist-conv2d",
      "https://e-com-net.com/article/1282004287597068288.htm",
      "Input 0 of layer conv2d is incompatible with the layer: expected ndim=4, found "
      "ndim=3. Full shape received: [None, 28, 28]", "KNB203")
def _():
    model = seq((28, 28, 1), L.Conv2D(6, 5, padding="same", activation="relu"),
                L.MaxPooling2D(), L.Flatten(), L.Dense(128, activation="relu"),
                L.Dense(10, activation="softmax"), loss="sparse_categorical_crossentropy",
                metrics=["sparse_categorical_accuracy"])
    return model, rng().random((6000, 28, 28)), rng().integers(0, 10, 6000), {}


@case("so-60648191-conv2d-21x21",
      "https://gamingcommission.club/stackoverflow.com/questions/60648191/tensorflow-keras-conv2d-error-with-2d-numpy-array-input",
      "expected conv2d_input to have 4 dimensions, but got array with shape (21, 21)",
      "KNB203")
def _():
    model = seq((21, 21, 1), L.Conv2D(32, 3, activation="relu"), L.Flatten(), L.Dense(1),
                loss="mse")
    return model, rng().random((200, 21, 21)).astype("float32"), \
        rng().random(200).astype("float32"), {}


@case("deeplearning-ai-71509-sign-language",
      "https://community.deeplearning.ai/t/why-add-another-dimension-to-data-in-wk-4-classifying-sign-languages/71509",
      "the (10000, 28, 28) images need a channel axis for Conv2D", "KNB203")
def _():
    model = seq((28, 28, 1), L.Conv2D(64, 3, activation="relu"), L.MaxPooling2D(),
                L.Flatten(), L.Dense(128, activation="relu"),
                L.Dense(26, activation="softmax"), loss="sparse_categorical_crossentropy",
                metrics=["accuracy"])
    return model, rng().random((2000, 28, 28)).astype("float32"), rng().integers(0, 26, 2000), {}


@case("ogeek-619240-channels-first",
      "https://ogeek.cn/qa/?qa=619240%2F",
      "the data is (samples, 1, 28, 28) while Conv2D expects channels last", "KNB203")
def _():
    model = seq((28, 28, 1), L.Conv2D(32, 3, activation="relu"), L.Flatten(),
                L.Dense(10, activation="softmax"), loss="sparse_categorical_crossentropy")
    return model, rng().random((1000, 1, 28, 28)).astype("float32"), rng().integers(0, 10, 1000), {}


# -- embeddings ---------------------------------------------------------------------------


def _recommender(n_books, n_users, book_dim):
    book_in, user_in = keras.Input((1,), name="book"), keras.Input((1,), name="user")
    books = L.Flatten()(L.Embedding(book_dim, 5)(book_in))
    users = L.Flatten()(L.Embedding(n_users + 1, 5)(user_in))
    model = keras.Model([book_in, user_in], L.Dot(axes=1)([books, users]))
    model.compile(optimizer="adam", loss="mean_squared_error")
    x = {"book": rng().integers(1, n_books + 1, (5000, 1)),
         "user": rng().integers(1, n_users + 1, (5000, 1))}
    x["book"][0, 0] = n_books
    return model, x, rng().integers(1, 6, 5000).astype("float32"), {}


@case("tannergilbert-1-embedding-max-index",
      "https://github.com/TannerGilbert/Tutorials/issues/1",
      "indices[4,0] = 10000 is not in [0, 10000): input_dim was the maximum index, not +1",
      "KNB208")
def _():
    return _recommender(10000, 53424, 10000)


def _text_ids(n, length, vocab, top):
    ids = rng().integers(0, vocab, size=(n, length))
    ids[0, 0] = top
    return ids


@case("keras-11819-embedding-23624",
      "https://github.com/keras-team/keras/issues/11819",
      "indices[6,4] = 23624 is not in [0, 23624) towards the end of the first epoch", "KNB208")
def _():
    model = seq((5,), L.Embedding(23624, 50, trainable=False), L.Flatten(),
                L.Dense(23624, activation="softmax"), loss="sparse_categorical_crossentropy")
    return model, _text_ids(3000, 5, 23624, 23624), rng().integers(0, 23624, 3000), {}


@case("tensorflow-37254-embedding-10",
      "https://github.com/tensorflow/tensorflow/issues/37254",
      "indices[0,4] = 10 is not in [0, 10); and: Can save best model only with "
      "val_categorical_accuracy available", "KNB208")
def _():
    main = keras.Input((50,), name="main_input")
    aux = keras.Input((3,), name="aux_input")
    text = L.GlobalMaxPooling1D()(L.Conv1D(16, 3, activation="relu")(L.Embedding(10, 8)(main)))
    out = L.Dense(6, activation="softmax", name="main_output")(L.Concatenate()([text, aux]))
    model = keras.Model([main, aux], out)
    model.compile(optimizer="adam", loss="categorical_crossentropy",
                  metrics=["categorical_accuracy"])
    y = np.eye(6, dtype="float32")[rng().integers(0, 6, 2000)]
    x = {"main_input": _text_ids(2000, 50, 10, 10),
         "aux_input": rng().normal(size=(2000, 3)).astype("float32")}
    return model, x, y, {}


@case("tensorflow-38619-embedding-vocab",
      "https://github.com/tensorflow/tensorflow/issues/38619",
      "indices[39,107] = 85525 is not in [0, 85525); fixed with input_dim = vocabulary + 1",
      "KNB208")
def _():
    inp = keras.Input((120,))
    hidden = L.GlobalAveragePooling1D()(L.Embedding(85525, 30)(inp))
    model = keras.Model(inp, L.Dense(1, activation="sigmoid")(hidden))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model, _text_ids(2000, 120, 85525, 85525), binary(2000), {}


class TokenAndPositionEmbedding(L.Layer):
    """As in keras.io's text_classification_with_transformer example."""

    def __init__(self, maxlen, vocab_size, embed_dim):
        super().__init__()
        self.token_emb = L.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = L.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        positions = keras.ops.arange(start=0, stop=keras.ops.shape(x)[-1], step=1)
        return self.token_emb(x) + self.pos_emb(positions)


@case("keras-io-602-negative-token-ids",
      "https://github.com/keras-team/keras-io/issues/602",
      "indices[23,617] = -26 is not in [0, 61196) with vocab_size = 61196, maxlen = 1781",
      "KNB208")
def _():
    inp = keras.Input((1781,))
    hidden = L.GlobalAveragePooling1D()(TokenAndPositionEmbedding(1781, 61196, 32)(inp))
    model = keras.Model(inp, L.Dense(2, activation="softmax")(L.Dense(20, activation="relu")(hidden)))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    ids = _text_ids(300, 1781, 61196, 61195)
    ids[23, 617] = -26
    return model, ids, rng().integers(0, 2, 300), {}


# -- Keras 3 files and callbacks ------------------------------------------------------------


def _small():
    return seq((12,), L.Dense(8, activation="relu"), L.Dense(1, activation="sigmoid"),
               loss="binary_crossentropy", metrics=["accuracy"])


@case("dl-4-tsc-53-save-weights-hdf5",
      "https://github.com/hfawaz/dl-4-tsc/issues/53",
      "keras 3.8: The filename must end in `.weights.h5`. Received: filepath=...model_init.hdf5",
      "KNB503")
def _():
    return _small(), None, None, {"weights_path": "results/resnet/model_init.hdf5"}


@case("keras-io-1568-checkpoint-keras-weights-only",
      "https://github.com/keras-team/keras-io/issues/1568",
      "The filename must end in `.weights.h5`. Received: filepath=/tmp/model.keras", "KNB503")
def _():
    return _small(), None, None, {"weights_path": "/tmp/model.keras"}


@case("napari-n2v-55-weights-best-h5",
      "https://github.com/juglab/napari-n2v/issues/55",
      "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided must "
      "end in `.weights.h5`", "KNB503")
def _():
    return _small(), None, None, {"weights_path": "models/n2v_2D/weights_best.h5"}


@case("keras-18740-vit-checkpoint-folder",
      "https://github.com/keras-team/keras/pull/18740",
      "the ViT example's ModelCheckpoint('/tmp/checkpoint', save_weights_only=True) fails "
      "under Keras 3", "KNB503")
def _():
    return _small(), None, None, {"weights_path": "/tmp/checkpoint"}


@case("deepxde-1693-save-weights-ckpt",
      "https://github.com/lululxvi/deepxde/issues/1693",
      "save_weights('.../model-10.ckpt'): The filename must end in `.weights.h5`", "KNB503")
def _():
    return _small(), None, None, {"weights_path": "pinn/model-10.ckpt"}


@case("deepvirfinder-12-val-acc",
      "https://github.com/jessieren/DeepVirFinder/issues/12",
      "Early stopping conditioned on metric `val_acc` which is not available. Available "
      "metrics are: val_loss,val_accuracy,loss,accuracy", "KNB504")
def _():
    model = seq((300, 4), L.Conv1D(64, 10, activation="relu"), L.GlobalMaxPooling1D(),
                L.Dense(64, activation="relu"), L.Dense(1, activation="sigmoid"),
                loss="binary_crossentropy", metrics=["accuracy"])
    stop = keras.callbacks.EarlyStopping(monitor="val_acc", patience=5)
    return model, None, None, {"callbacks": [stop]}


@case("video-classification-7-val-acc",
      "https://github.com/alxcnwy/Deep-Neural-Networks-for-Video-Classification/issues/7",
      "Can save best model only with val_acc available, skipping", "KNB504")
def _():
    model = seq((20, 128), L.LSTM(32), L.Dense(5, activation="softmax"),
                loss="categorical_crossentropy", metrics=["accuracy"])
    callbacks = [keras.callbacks.ModelCheckpoint("best.keras", monitor="val_acc",
                                                 save_best_only=True),
                 keras.callbacks.EarlyStopping(monitor="val_acc", patience=3)]
    return model, None, None, {"callbacks": callbacks}


@case("dsse-42568-sigmoid-six-categories",
      "https://datascience.stackexchange.com/questions/42568/should-estimated-probabilities-from-multi-class-classification-sum-to-1",
      "the six class probabilities of an image do not sum to 1", "KNB101")
def _():
    model = seq((32, 32, 3), L.Conv2D(16, 3, activation="relu"), L.MaxPooling2D(),
                L.Flatten(), L.Dense(6, activation="sigmoid"),
                loss="categorical_crossentropy", metrics=["accuracy"])
    y = np.eye(6, dtype="float32")[rng().integers(0, 6, 600)]
    return model, rng().random((600, 32, 32, 3)).astype("float32"), y, {}


@case("keras-6954-monitor-accuracy-logged-as-acc",
      "https://github.com/keras-team/keras/pull/6954",
      "Early stopping requires accuracy available! (the metric was logged as 'acc')", "KNB504")
def _():
    model = seq((8,), L.Dense(8, activation="relu"), L.Dense(1, activation="sigmoid"),
                loss="binary_crossentropy", metrics=["acc"])
    return model, None, None, {"callbacks": [keras.callbacks.EarlyStopping(monitor="accuracy")]}
