"""Real mistakes in the data, the embeddings, the saved files and the callbacks."""

from __future__ import annotations

import keras
import numpy as np
from keras import layers

from . import Case, rng, standardized
from ._build import binary, registrar, seq

L = layers
CASES: list[Case] = []
case = registrar(CASES)


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
