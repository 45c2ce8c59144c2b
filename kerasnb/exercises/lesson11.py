"""Exercises of lesson 11 · Custom layers and training loops."""

from __future__ import annotations

import numpy as np

from . import _checks as c
from ._answers import ChoiceExercise
from ._exercise import CodeExercise, Wrong
from ._lesson import Lesson

SETUP = """
import numpy as np
import keras
from keras import layers
import tensorflow as tf
import kerasnb as knb
from kerasnb.exercises import ____, lesson11 as ex

keras.utils.set_random_seed(0)
"""


def _fresh(layer):
    try:
        return type(layer)()
    except TypeError:
        return layer


def _scale_layer(ns):
    import keras

    layer = c.value(ns, "q1_layer")
    if not isinstance(layer, keras.layers.Layer):
        raise Wrong(f"`q1_layer` should be a keras layer; it is a {type(layer).__name__}.")
    layer = _fresh(layer)
    x = np.ones((2, 3), "float32")
    out = keras.ops.convert_to_numpy(layer(x))
    if len(layer.trainable_weights) != 1 or tuple(layer.trainable_weights[0].shape) != (3,):
        shapes = [tuple(w.shape) for w in layer.trainable_weights]
        raise Wrong(f"On 3 features the layer has trainable weights of shapes {shapes}; it "
                    "should have one, of shape (3,): one scale per feature, made in build().")
    c.close(out, x, "the output for ones (with the initial scale)")
    layer.trainable_weights[0].assign(np.array([2.0, 3.0, 4.0], "float32"))
    c.close(keras.ops.convert_to_numpy(layer(x)), np.array([[2, 3, 4]] * 2),
            "the output after setting the scale to [2, 3, 4]")
    return "One trainable scale per feature, made in build() once the input size is known."


q1 = CodeExercise(
    "A custom layer that passes a test",
    """
Write `Scale`, a layer with one trainable weight `scale` of shape `(features,)`, starting at
**ones**, that multiplies its inputs by it. The check calls it on ones, then sets the scale
to `[2, 3, 4]` and calls it again.
""",
    starter="""
class Scale(layers.Layer):
    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer=____,
                                     trainable=True)

    def call(self, inputs):
        return inputs * ____


q1_layer = Scale()
""",
    solution="""
class Scale(layers.Layer):
    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones",
                                     trainable=True)

    def call(self, inputs):
        return inputs * self.scale


q1_layer = Scale()
""",
    hints=["The initializer is named by a string such as \"zeros\" or \"ones\".",
           "call multiplies the inputs by the weight made in build: self.scale."],
    check=_scale_layer,
)


def _config(ns):
    import keras

    layer = c.value(ns, "q2_layer")
    config = layer.get_config()
    if config.get("factor") != 3.0:
        raise Wrong(f"get_config() returns {sorted(config)} without factor=3.0: add "
                    "config.update({\"factor\": self.factor}).")
    copy = type(layer).from_config(config)
    out = keras.ops.convert_to_numpy(copy(np.ones((1, 2), "float32")))
    c.close(out, [[3.0, 3.0]], "the rebuilt layer's output")
    return "get_config holds factor, so a saved model can rebuild this layer."


q2 = CodeExercise(
    "A layer that can be saved",
    """
`Times` multiplies its inputs by `factor`. Complete `get_config` so that
`Times.from_config(layer.get_config())` rebuilds the same layer (as `load_model` does).
""",
    starter="""
@keras.saving.register_keras_serializable(package="exercises")
class Times(layers.Layer):
    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, inputs):
        return inputs * self.factor

    def get_config(self):
        config = super().get_config()
        config.update(____)
        return config


q2_layer = Times(factor=3.0)
""",
    solution="""
@keras.saving.register_keras_serializable(package="exercises")
class Times(layers.Layer):
    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, inputs):
        return inputs * self.factor

    def get_config(self):
        config = super().get_config()
        config.update({"factor": self.factor})
        return config


q2_layer = Times(factor=3.0)
""",
    hints=["get_config must hold every argument of __init__.",
           "config.update({\"factor\": self.factor})"],
    check=_config,
)


def _gradient(ns):
    got = c.value(ns, "q3_grad")
    if got is None:
        raise Wrong("`q3_grad` is None: compute y from x inside the `with tf.GradientTape()` "
                    "block, so the tape records it.")
    c.close(float(got), 6.0, "q3_grad")
    return "dy/dx of x² at x = 3 is 2·3 = 6: what fit() computes for every weight."


q3 = CodeExercise(
    "A gradient with GradientTape",
    """
Let `x = tf.Variable(3.0)`. Record `y = x ** 2` on a `tf.GradientTape` and set `q3_grad` to
dy/dx.
""",
    starter="""
x = tf.Variable(3.0)
with tf.GradientTape() as tape:
    y = ____
q3_grad = tape.gradient(y, x)
""",
    solution="""
x = tf.Variable(3.0)
with tf.GradientTape() as tape:
    y = x ** 2
q3_grad = tape.gradient(y, x)
""",
    hints=["Inside the with block, compute y from x.", "y = x ** 2"],
    check=_gradient,
)

q4 = ChoiceExercise(
    "What @tf.function does",
    """
Wrapping a training step in `@tf.function` makes it faster. Why?
""",
    choices={"a": "it trains with fewer weights",
             "b": "TensorFlow traces the Python function once into a graph and then runs the "
                  "graph without Python",
             "c": "it uses a larger learning rate"},
    answer="b",
    explanation="The first call traces the function into a graph; later calls run the graph, "
                "skipping Python's overhead per operation. The maths is the same.",
    hints=["The numbers computed are the same with and without it.",
           "What costs time in a Python loop of many small operations?"],
    wrong={"a": "The model and its weights stay exactly the same.",
           "c": "The optimizer is not touched: the same steps, computed faster."},
    answer_name="q4_answer",
)

LESSON = Lesson(11, "Custom layers and training loops", "11-custom-layers-and-loops.ipynb",
                SETUP, [q1, q2, q3, q4])
