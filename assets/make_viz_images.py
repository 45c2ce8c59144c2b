"""Regenerate the README pictures of kerasnb.viz in assets/viz/ from real tiny models.

Run:  .venv/bin/python assets/make_viz_images.py

Every picture comes from a model trained here, in seconds, on data bundled
with kerasnb (the MNIST subset, the two-moons toy set, scikit-learn's diabetes
set), with fixed seeds. Nothing is downloaded.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERASNB_QUIET", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "assets" / "viz"

import keras  # noqa: E402
from keras import layers  # noqa: E402

import kerasnb as knb  # noqa: E402
from kerasnb.datasets import toys  # noqa: E402


def mnist_cnn():
    (x, y), (xt, yt) = knb.datasets.load("mnist")
    x, xt = x[..., None] / 255.0, xt[..., None] / 255.0
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(16, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dropout(0.3),
        layers.Dense(10, activation="softmax"),
    ], name="mnist_cnn")
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=3, batch_size=64, verbose=0)
    return model, xt.astype("float32"), yt


def branchy_model():
    """Two inputs, a shared encoder, a residual block, a nested head and two outputs."""
    image = keras.Input((28, 28, 1), name="image")
    meta = keras.Input((4,), name="metadata")
    h = layers.Conv2D(16, 3, padding="same", activation="relu", name="stem")(image)
    r = layers.Conv2D(16, 3, padding="same", activation="relu", name="block_conv1")(h)
    r = layers.Conv2D(16, 3, padding="same", name="block_conv2")(r)
    h = layers.Add(name="residual")([h, r])
    h = layers.GlobalAveragePooling2D(name="pool")(h)
    shared = layers.Dense(16, activation="relu", name="shared_dense")
    m = shared(layers.Dense(16, name="meta_dense")(meta))
    joined = layers.Concatenate(name="join")([shared(h), m])
    head_in = keras.Input((32,))
    head = keras.Model(head_in, layers.Dense(10, activation="softmax", name="digit")(
        layers.Dense(32, activation="relu", name="head_hidden")(head_in)), name="classifier")
    size = layers.Dense(1, name="size")(joined)
    return keras.Model([image, meta], [head(joined), size], name="two_headed")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    written = []

    def keep(view, name):
        written.append(view.save(OUT / name))

    keep(knb.show_model(branchy_model()), "show_model.svg")
    keep(knb.show_model(branchy_model(), expand_nested=True), "show_model_nested.svg")

    model, xt, yt = mnist_cnn()
    keep(knb.show_images(xt[:20], yt[:20], cols=10), "show_images.png")
    keep(knb.show_activations(model, xt[:10], sample=3, n=16, interactive=False),
         "show_activations.png")
    keep(knb.show_filters(model), "show_filters.png")
    keep(knb.saliency(model, xt[:6]), "saliency.png")
    keep(knb.show_predictions(model, xt, yt, n=8, only_errors=True), "show_predictions.png")
    keep(knb.confusion_matrix(model, xt, yt, interactive=False), "confusion_matrix.png")

    keras.utils.set_random_seed(0)
    x, y = toys.gaussian(n=300, classes=3)
    clf = keras.Sequential([keras.Input((2,)), layers.Dense(16, activation="relu"),
                            layers.Dense(3, activation="softmax")])
    clf.compile(keras.optimizers.Adam(0.03), "sparse_categorical_crossentropy")
    clf.fit(x, y, epochs=40, batch_size=32, verbose=0)
    keep(knb.decision_boundary(clf, x, y, class_names=["north-east", "west", "south"],
                               interactive=False), "decision_boundary.png")

    (xd, yd), (xdt, ydt) = knb.datasets.load("diabetes")
    keras.utils.set_random_seed(0)
    reg = keras.Sequential([keras.Input((xd.shape[1],)), layers.Dense(16, activation="relu"),
                            layers.Dense(1)])
    reg.compile(keras.optimizers.Adam(0.05), "mse")
    reg.fit(xd, yd, epochs=40, batch_size=32, verbose=0)
    keep(knb.show_predictions(reg, xdt, ydt, interactive=False), "show_predictions_regression.png")

    for path in written:
        print(Path(path).relative_to(ROOT), f"{Path(path).stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
