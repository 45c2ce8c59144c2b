"""Tiny real models and data shared by the kerasnb.viz tests (no tests here).

Each builder is cached, so a model is trained once per test process however
many test modules use it.
"""

from __future__ import annotations

import functools

import numpy as np

HOSTILE = "<script>alert(\"x\")&amp;'"  # Keras names may not hold "/"


@functools.cache
def mnist_small():
    """600 training and 120 test MNIST digits, (n, 28, 28, 1) floats in [0, 1]."""
    from kerasnb import datasets

    (x, y), (xt, yt) = datasets.load("mnist")
    return ((x[:600, ..., None] / 255.0).astype("float32"), y[:600],
            (xt[:120, ..., None] / 255.0).astype("float32"), yt[:120])


@functools.cache
def trained_cnn():
    """A small CNN shaped like the MNIST tutorial's, trained for two quick epochs."""
    import keras
    from keras import layers

    keras.utils.set_random_seed(1)
    x, y, _, _ = mnist_small()
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(6, 3, activation="relu", name="conv1"),
        layers.MaxPooling2D(name="pool1"),
        layers.Conv2D(8, 3, activation="relu", name="conv2"),
        layers.MaxPooling2D(name="pool2"),
        layers.Flatten(name="flatten"),
        layers.Dropout(0.2, name="dropout"),
        layers.Dense(10, activation="softmax", name="probs"),
    ], name="cnn")
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=2, batch_size=64, verbose=0)
    return model


@functools.cache
def trained_mlp(name: str = "iris"):
    """A small dense classifier on a tabular or 2-D toy data set."""
    import keras
    from keras import layers

    from kerasnb import datasets

    keras.utils.set_random_seed(2)
    if name == "gaussian":  # three blobs: a multiclass 2-D problem
        from kerasnb.datasets import toys

        x, y = toys.gaussian(n=300, classes=3)
        x, y, xt, yt = x[:240], y[:240], x[240:], y[240:]
    else:
        (x, y), (xt, yt) = datasets.load(name)
    k = int(y.max()) + 1
    head = layers.Dense(1, activation="sigmoid") if k == 2 else layers.Dense(k, activation="softmax")
    loss = "binary_crossentropy" if k == 2 else "sparse_categorical_crossentropy"
    model = keras.Sequential([keras.Input((x.shape[1],)), layers.Dense(16, activation="relu"),
                              head], name=f"mlp_{name}")
    model.compile(keras.optimizers.Adam(0.03), loss, metrics=["accuracy"])
    model.fit(x, y, epochs=30, batch_size=32, verbose=0)
    return model, (x.astype("float32"), y, xt.astype("float32"), yt)


@functools.cache
def trained_regressor():
    import keras
    from keras import layers

    from kerasnb import datasets

    keras.utils.set_random_seed(3)
    (x, y), (xt, yt) = datasets.load("diabetes")
    model = keras.Sequential([keras.Input((x.shape[1],)), layers.Dense(16, activation="relu"),
                              layers.Dense(1)], name="regressor")
    model.compile(keras.optimizers.Adam(0.05), "mse")
    model.fit(x, y, epochs=30, batch_size=32, verbose=0)
    return model, (x.astype("float32"), y.astype("float32"), xt.astype("float32"),
                   yt.astype("float32"))


def branchy_model():
    """Two inputs, a shared layer used twice, a nested functional model, two outputs."""
    import keras
    from keras import layers

    a = keras.Input((4,), name="left")
    b = keras.Input((4,), name=HOSTILE)
    shared = layers.Dense(5, name="shared")
    inner_in = keras.Input((5,))
    inner = keras.Model(inner_in, layers.Dense(2, name="inner_out")(
        layers.Dense(3, name="inner_hidden")(inner_in)), name="inner")
    left, right = shared(a), shared(b)
    merged = layers.Concatenate(name="merge")([left, right])
    out1 = layers.Dense(1, name="score")(merged)
    out2 = inner(left)
    return keras.Model([a, b], [out1, out2], name="branchy")


def images_rgb(n: int = 7, size: int = 12, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (n, size, size, 3)).astype("uint8")
