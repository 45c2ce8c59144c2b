"""Exercises of lesson 10 · Functional API and subclassing."""

from __future__ import annotations

import numpy as np

from . import _checks as c
from ._exercise import CodeExercise, Wrong
from ._lesson import Lesson

SETUP = """
import numpy as np
import keras
from keras import layers
import kerasnb as knb
from kerasnb.exercises import ____, lesson10 as ex

keras.utils.set_random_seed(0)
"""


def _functional(ns):
    import keras

    m = c.model(ns, "q1_model")
    if isinstance(m, keras.Sequential):
        raise Wrong("`q1_model` is a Sequential model; build it with the functional API: "
                    "keras.Model(inputs, outputs).")
    c.input_shape(m, (8,))
    c.output(m, 1, "sigmoid")
    return "Inputs → layers called like functions → keras.Model(inputs, outputs)."


q1 = CodeExercise(
    "The functional API",
    """
Build `q1_model` with the **functional API**: an input of **8** features, a `Dense(16, relu)`
layer, and one sigmoid output.
""",
    starter="""
inputs = keras.Input(shape=(8,))
hidden = layers.Dense(16, activation="relu")(____)
outputs = layers.Dense(1, activation="sigmoid")(____)
q1_model = keras.Model(inputs=____, outputs=outputs)
""",
    solution="""
inputs = keras.Input(shape=(8,))
hidden = layers.Dense(16, activation="relu")(inputs)
outputs = layers.Dense(1, activation="sigmoid")(hidden)
q1_model = keras.Model(inputs=inputs, outputs=outputs)
""",
    hints=["In the functional API, each layer is called on the tensor before it.",
           "The hidden layer takes inputs, the output layer takes hidden, and keras.Model "
           "goes from inputs to outputs."],
    check=_functional,
)


def _two_outputs(ns):
    m = c.model(ns, "q2_model")
    c.input_shape(m, (64,))
    if len(m.outputs) != 2:
        raise Wrong(f"`q2_model` has {len(m.outputs)} output(s); it should have two: "
                    "outputs=[digit, parity].")
    shapes = [tuple(o.shape) for o in m.outputs]
    if sorted(s[-1] for s in shapes) != [1, 10]:
        raise Wrong(f"The outputs have shapes {shapes}; one should give 10 class "
                    "probabilities, the other one probability (odd or even).")
    return "One body, two heads: 10 digit probabilities and one parity probability."


q2 = CodeExercise(
    "Two outputs",
    """
Build `q2_model`: 64 inputs, a shared `Dense(32, relu)` body, and **two outputs**: `digit`
(10 softmax units) and `parity` (1 sigmoid unit).
""",
    starter="""
inputs = keras.Input(shape=(64,))
body = layers.Dense(32, activation="relu")(inputs)
digit = layers.Dense(10, activation="softmax", name="digit")(body)
parity = layers.Dense(____, activation=____, name="parity")(body)
q2_model = keras.Model(inputs, outputs=[digit, ____])
""",
    solution="""
inputs = keras.Input(shape=(64,))
body = layers.Dense(32, activation="relu")(inputs)
digit = layers.Dense(10, activation="softmax", name="digit")(body)
parity = layers.Dense(1, activation="sigmoid", name="parity")(body)
q2_model = keras.Model(inputs, outputs=[digit, parity])
""",
    hints=["Odd or even is one yes/no answer: one sigmoid unit.",
           "outputs=[digit, parity]."],
    check=_two_outputs,
)


def _two_inputs(ns):
    m = c.model(ns, "q3_model")
    if len(m.inputs) != 2:
        raise Wrong(f"`q3_model` has {len(m.inputs)} input(s); it should take two: "
                    "keras.Model([a, b], outputs).")
    out = m.predict([np.zeros((2, 4), "float32"), np.ones((2, 4), "float32")], verbose=0)
    if np.shape(out) != (2, 1):
        raise Wrong(f"For 2 pairs it outputs shape {np.shape(out)}; it should be (2, 1).")
    return "Two inputs joined with Concatenate, one output."


q3 = CodeExercise(
    "Two inputs",
    """
Build `q3_model` with **two inputs** `a` and `b` of 4 features each, joined with
`layers.Concatenate()`, then one `Dense(1)` output.
""",
    starter="""
a = keras.Input(shape=(4,))
b = keras.Input(shape=(4,))
joined = layers.Concatenate()([a, ____])
q3_model = keras.Model(inputs=[a, b], outputs=layers.Dense(____)(joined))
""",
    solution="""
a = keras.Input(shape=(4,))
b = keras.Input(shape=(4,))
joined = layers.Concatenate()([a, b])
q3_model = keras.Model(inputs=[a, b], outputs=layers.Dense(1)(joined))
""",
    hints=["Concatenate takes a list of the tensors to join.", "One output unit: Dense(1)."],
    check=_two_inputs,
)


def _subclassed(ns):
    import keras

    m = c.model(ns, "q4_model")
    if isinstance(m, keras.Sequential) or type(m).__name__ == "Functional":
        raise Wrong("`q4_model` should be an instance of your own keras.Model subclass.")
    out = keras.ops.convert_to_numpy(m(np.zeros((2, 5), "float32")))
    if out.shape != (2, 1):
        raise Wrong(f"Called on 2 examples of 5 features it returns shape {out.shape}; "
                    "it should return (2, 1).")
    c.params(m, 5 * 16 + 16 + 16 + 1)
    return "Layers made in __init__, used in call: a model written as a class."


q4 = CodeExercise(
    "Subclass keras.Model",
    """
Write `Q4Model`, a subclass of `keras.Model` that makes a `Dense(16, relu)` and a `Dense(1)`
layer in `__init__` and applies them in `call`. Set `q4_model = Q4Model()`.
""",
    starter="""
class Q4Model(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(16, activation="relu")
        self.out = layers.Dense(1)

    def call(self, inputs):
        return self.out(____)


q4_model = Q4Model()
""",
    solution="""
class Q4Model(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(16, activation="relu")
        self.out = layers.Dense(1)

    def call(self, inputs):
        return self.out(self.hidden(inputs))


q4_model = Q4Model()
""",
    hints=["call passes the inputs through the hidden layer, then the output layer.",
           "return self.out(self.hidden(inputs))"],
    check=_subclassed,
)

LESSON = Lesson(10, "Functional API and subclassing", "10-functional-and-subclassing.ipynb",
                SETUP, [q1, q2, q3, q4])
