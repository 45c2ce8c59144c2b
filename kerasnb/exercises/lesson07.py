"""Exercises of lesson 07 · Image classification with a CNN."""

from __future__ import annotations

import numpy as np

from . import _checks as c
from ._answers import ChoiceExercise, NumberExercise
from ._exercise import CodeExercise, Wrong
from ._lesson import Lesson

SETUP = """
import numpy as np
import keras
from keras import layers
import kerasnb as knb
from kerasnb.exercises import ____, lesson07 as ex

keras.utils.set_random_seed(0)
(xi_train, yi_train), _ = knb.datasets.load("mnist", verbose=False)
q1_images = xi_train[:100]     # 100 raw images: uint8, shape (100, 28, 28), values 0-255
"""


def _prepared(ns):
    got = c.value(ns, "q1_x")
    raw = ns["q1_images"]
    arr = np.asarray(got)
    if arr.shape != (len(raw), 28, 28, 1):
        raise Wrong(f"`q1_x` has shape {arr.shape}; a CNN wants one channel axis at the end: "
                    f"{(len(raw), 28, 28, 1)}.")
    if not np.issubdtype(arr.dtype, np.floating):
        raise Wrong(f"`q1_x` has dtype {arr.dtype}; convert to float32 before dividing.")
    if arr.max() > 1.0:
        raise Wrong(f"The largest value is {arr.max():g}: divide by 255 so pixels lie in 0-1.")
    c.close(arr, raw[..., None] / 255.0, "q1_x", atol=1e-6)
    return "Shape (100, 28, 28, 1), float pixels between 0 and 1."


q1 = CodeExercise(
    "Prepare images for a CNN",
    """
`q1_images` holds 100 raw MNIST images (`uint8`, shape `(100, 28, 28)`, values 0-255). Set
`q1_x` to the same images as `float32` between 0 and 1 with a channel axis: `(100, 28, 28, 1)`.
""",
    starter="q1_x = q1_images.reshape(____).astype(\"float32\") / ____",
    solution="q1_x = q1_images.reshape(-1, 28, 28, 1).astype(\"float32\") / 255.0",
    hints=["reshape(-1, 28, 28, 1) keeps the number of images and adds the channel axis.",
           "Pixels go up to 255."],
    check=_prepared,
)


def _cnn(ns):
    m = c.model(ns, "q2_model")
    c.input_shape(m, (28, 28, 1))
    kinds = c.layer_kinds(m)
    if kinds.count("Conv2D") != 2 or kinds.count("MaxPooling2D") != 2:
        raise Wrong(f"Your layers are {kinds}; the task asks for two Conv2D layers, each "
                    "followed by MaxPooling2D.")
    c.output(m, 10, "softmax")
    c.params(m, 12_810)
    return "Conv 16 → pool → conv 32 → pool → 5·5·32 = 800 numbers → 10 classes: 12,810 " \
           "parameters."


q2 = CodeExercise(
    "Build the lesson's CNN",
    """
Build `q2_model`: `Conv2D(16, 3)` → `MaxPooling2D(2)` → `Conv2D(32, 3)` → `MaxPooling2D(2)` →
`Flatten` → 10 class probabilities, on `(28, 28, 1)` inputs (relu in the convolutions). It has
**12,810** parameters.
""",
    starter="""
q2_model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(2),
    layers.Conv2D(____, 3, activation="relu"),
    layers.MaxPooling2D(2),
    layers.Flatten(),
    layers.Dense(10, activation=____),
])
""",
    solution="""
q2_model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(2),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(2),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
""",
    hints=["The second convolution has 32 filters.",
           "Ten class probabilities: softmax."],
    check=_cnn,
)

q3 = NumberExercise(
    "Shrinking maps",
    """
`Conv2D(32, 3)` (default `padding="valid"`) is applied to `28 × 28` images. What is the height
(and width) of its output feature maps? Set `q3_answer`.
""",
    answer=26,
    explanation="A 3×3 window fits 28 - 3 + 1 = 26 times along each side without padding.",
    hints=["Without padding the window must stay inside the image.",
           "size - kernel + 1."],
    wrong=[lambda a, r: "with padding=\"valid\" the window never leaves the image, so the map "
           "shrinks." if a == 28 else None],
    answer_name="q3_answer",
)

q4 = ChoiceExercise(
    "What pooling does",
    """
What is the shape of the output of `MaxPooling2D(2)` applied to feature maps of shape
`(None, 26, 26, 32)`?
""",
    choices={"a": "(None, 13, 13, 32)", "b": "(None, 13, 13, 16)", "c": "(None, 24, 24, 32)",
             "d": "(None, 26, 26, 16)"},
    answer="a",
    explanation="Pooling keeps the largest value of each 2×2 block: height and width halve, the "
                "32 channels stay.",
    hints=["Pooling works on each channel separately.", "Each side is divided by 2."],
    wrong={"b": "Pooling does not change the number of channels.",
           "c": "That is what a 3×3 convolution would do.",
           "d": "Pooling shrinks height and width, not the channels."},
    answer_name="q4_answer",
)

LESSON = Lesson(7, "Image classification with a CNN", "07-image-classification-cnn.ipynb",
                SETUP, [q1, q2, q3, q4])
