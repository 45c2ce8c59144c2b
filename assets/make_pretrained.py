"""Train and write the small pretrained model that kerasnb ships: ``mnist_0to4``.

What it is: a small convolutional network trained to tell the handwritten
digits 0, 1, 2, 3 and 4 apart. Lesson 13 freezes its convolutional base and
reuses it for a task it has never seen (the digits 5 to 9), the way one reuses
an ImageNet network from ``keras.applications`` on a machine with internet.

Data: the bundled MNIST subset of kerasnb (``knb.datasets.load("mnist")``;
real MNIST images from the MNIST training set, see assets/make_mnist_subset.py),
training split, digits 0-4 only (about 2,000 images). The test split's digits
0-4 give the accuracy recorded in the metadata. The digits 5-9 are never used
here, so lesson 13's transfer task is new to the model.

Training: 20 epochs of Adam with light augmentation (small rotations, zooms
and shifts, which keep a digit's label), which makes the convolutional
features more general and so more useful for a new task.

Determinism: seed 0 (``keras.utils.set_random_seed``) and TensorFlow's
deterministic ops, so running the script again gives the same weights on the
same machine and TensorFlow version (up to floating-point differences between
CPUs).

Writes, next to the package code:
    kerasnb/pretrained/mnist_0to4.keras  the model (no optimizer state), ~400 kB
    kerasnb/pretrained/mnist_0to4.json   what `knb.pretrained.info` reports

    python assets/make_pretrained.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers  # noqa: E402

NAME = "mnist_0to4"
SEED = 0
CLASSES = (0, 1, 2, 3, 4)
EPOCHS = 20
BATCH_SIZE = 32
BASE_OUTPUT = "conv3"  # the last layer of the convolutional base (include_top=False)
OUT_DIR = Path(__file__).resolve().parents[1] / "kerasnb" / "pretrained"


def load_data():
    """The bundled MNIST digits 0-4, scaled to [0, 1], shape (n, 28, 28, 1)."""
    from kerasnb import datasets

    (x_train, y_train), (x_test, y_test) = datasets.load("mnist", verbose=False)
    keep_train = np.isin(y_train, CLASSES)
    keep_test = np.isin(y_test, CLASSES)

    def prepare(x):
        return (x[..., None] / 255.0).astype("float32")

    return ((prepare(x_train[keep_train]), y_train[keep_train].astype("int64")),
            (prepare(x_test[keep_test]), y_test[keep_test].astype("int64")))


def build_model() -> keras.Model:
    """Convolutional base (conv1 to conv3) and a small classification top."""
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1), name="image"),
        layers.Conv2D(32, 3, activation="relu", name="conv1"),
        layers.MaxPooling2D(name="pool1"),
        layers.Conv2D(64, 3, activation="relu", name="conv2"),
        layers.MaxPooling2D(name="pool2"),
        layers.Conv2D(128, 3, activation="relu", name=BASE_OUTPUT),
        layers.Flatten(name="flatten"),
        layers.Dropout(0.3, name="dropout"),
        layers.Dense(len(CLASSES), activation="softmax", name="predictions"),
    ], name=NAME)


def train(seed: int = SEED):
    """Train the model from scratch; returns ``(model, test_accuracy, n_train)``."""
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    (x_train, y_train), (x_test, y_test) = load_data()
    model = build_model()
    # Augmentation only while training: the saved model holds just `model`.
    augment = keras.Sequential([
        layers.RandomRotation(0.05),
        layers.RandomZoom(0.1),
        layers.RandomTranslation(0.1, 0.1),
    ], name="augment")
    trainer = keras.Sequential([keras.Input(shape=(28, 28, 1)), augment, model])
    trainer.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                    metrics=["accuracy"])
    trainer.fit(x_train, y_train, epochs=EPOCHS, batch_size=BATCH_SIZE, verbose=0)
    model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    _, accuracy = model.evaluate(x_test, y_test, verbose=0)
    return model, float(accuracy), len(x_train)


def metadata(model: keras.Model, accuracy: float, n_train: int) -> dict:
    return {
        "name": NAME,
        "description": "A small CNN that tells the handwritten digits 0-4 apart; its "
                       "convolutional base (conv1 to conv3) is for transfer learning.",
        "input_shape": [28, 28, 1],
        "preprocessing": "grayscale 28x28 images scaled to [0, 1] (uint8 pixels / 255)",
        "class_names": [str(c) for c in CLASSES],
        "base_output": BASE_OUTPUT,
        "params": int(model.count_params()),
        "trained_on": f"{n_train:,} images of the digits 0-4 from kerasnb's bundled MNIST "
                      "subset (training split)",
        "test_accuracy": round(accuracy, 4),
        "script": "assets/make_pretrained.py",
        "seed": SEED,
        "epochs": EPOCHS,
        "source": "MNIST (LeCun, Cortes and Burges), the subset bundled with kerasnb",
        "licence": "weights: Apache-2.0 (like kerasnb); MNIST: CC BY-SA 3.0",
    }


def main(out_dir: Path = OUT_DIR) -> Path:
    model, accuracy, n_train = train()
    out_dir.mkdir(parents=True, exist_ok=True)
    # An uncompiled copy: the file holds architecture and weights, no optimizer state.
    plain = build_model()
    plain.set_weights(model.get_weights())
    path = out_dir / f"{NAME}.keras"
    plain.save(path)
    info = metadata(plain, accuracy, n_train)
    (out_dir / f"{NAME}.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size / 1e3:.0f} kB), "
          f"test accuracy on digits 0-4: {accuracy:.4f}")
    return path


if __name__ == "__main__":
    main()
