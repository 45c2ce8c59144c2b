"""Exercises of lesson 02 · Layers."""

from __future__ import annotations

from . import _checks as c
from ._answers import NumberExercise
from ._exercise import CodeExercise, Wrong
from ._lesson import Lesson

SETUP = """
import numpy as np
import keras
from keras import layers
import kerasnb as knb
from kerasnb.exercises import ____, lesson02 as ex

keras.utils.set_random_seed(0)
"""

q1 = NumberExercise(
    "Parameters of a convolution",
    """
How many parameters does `layers.Conv2D(16, (3, 3))` have on grayscale images of shape
`(28, 28, 1)`? Set `q1_answer`.
""",
    answer=160,
    explanation="Each of the 16 filters has 3·3·1 weights and one bias: 16 × (9 + 1) = 160. "
                "The image size does not matter: the same filter slides everywhere.",
    hints=["A filter covers 3 × 3 pixels of each input channel; grayscale has 1 channel.",
           "Every filter also has one bias.",
           "filters × (kernel height × kernel width × channels + 1)."],
    wrong=[lambda a, r: "those are the weights; each of the 16 filters also has a bias."
           if a == 144 else None,
           lambda a, r: "a filter's weights do not depend on the image size: it slides over "
           "the image." if a > 10_000 else None],
    answer_name="q1_answer",
)


def _small_cnn(ns):
    m = c.model(ns, "q2_model")
    c.input_shape(m, (28, 28, 1))
    if "Conv2D" not in c.layer_kinds(m):
        raise Wrong("Your model has no Conv2D layer: start with one, then pool and flatten.")
    c.output(m, 10, "softmax")
    n = m.count_params()
    if n >= 20_000:
        raise Wrong(f"Your model has {n:,} parameters; keep it under 20,000. A MaxPooling2D "
                    "before Flatten divides the Dense layer's inputs by four.")
    return f"{n:,} parameters, output shape {tuple(m.outputs[0].shape)}."


q2 = CodeExercise(
    "A small CNN",
    """
Build `q2_model` for 28×28 grayscale digits: a `Conv2D` layer, then pooling, `Flatten` and a
`Dense` output of **10** class probabilities, with **fewer than 20,000** parameters in all.
""",
    starter="""
q2_model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(8, (3, 3), activation="relu"),
    layers.MaxPooling2D(____),
    layers.Flatten(),
    layers.Dense(____, activation=____),
])
""",
    solution="""
q2_model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(8, (3, 3), activation="relu"),
    layers.MaxPooling2D((2, 2)),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
""",
    hints=["Pooling with (2, 2) halves the height and the width of the feature maps.",
           "Ten classes: ten output units, and an activation that turns them into "
           "probabilities that add up to 1.",
           "layers.MaxPooling2D((2, 2)) and layers.Dense(10, activation=\"softmax\")."],
    check=_small_cnn,
)

q3 = NumberExercise(
    "What Flatten gives",
    """
A `Flatten` layer receives feature maps of shape `(None, 7, 7, 32)`. How many numbers per
example does it output? Set `q3_answer`.
""",
    answer=1568,
    explanation="Flatten lines up every number: 7 × 7 × 32 = 1,568 per example.",
    hints=["Flatten keeps every number, it only changes the shape.",
           "Multiply all the sizes except the batch axis (None)."],
    answer_name="q3_answer",
)


def _embedding(ns):
    import keras

    layer = c.value(ns, "q4_layer")
    if not isinstance(layer, keras.layers.Embedding):
        raise Wrong(f"`q4_layer` should be a layers.Embedding; it is a {type(layer).__name__}.")
    if layer.input_dim != 1000:
        raise Wrong(f"input_dim is {layer.input_dim}: it is the vocabulary size, 1000 words.")
    if layer.output_dim != 16:
        raise Wrong(f"output_dim is {layer.output_dim}: each word should become 16 numbers.")
    out = keras.ops.convert_to_numpy(layer(keras.ops.convert_to_tensor([[1, 2, 3]])))
    return f"Each word id becomes 16 numbers: output shape {out.shape}, {layer.count_params():,} " \
           "parameters (one row of 16 per word)."


q4 = CodeExercise(
    "Words as vectors",
    """
Make `q4_layer`, an `Embedding` layer for a vocabulary of **1000** words that turns each
word id into a vector of **16** numbers.
""",
    starter="q4_layer = layers.Embedding(input_dim=____, output_dim=____)",
    solution="q4_layer = layers.Embedding(input_dim=1000, output_dim=16)",
    hints=["input_dim is how many different word ids there are.",
           "output_dim is the length of each word's vector.",
           "layers.Embedding(input_dim=1000, output_dim=16)."],
    check=_embedding,
)

LESSON = Lesson(2, "Layers", "02-layers.ipynb", SETUP, [q1, q2, q3, q4])
