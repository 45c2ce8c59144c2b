"""Exercises of lesson 03 · Activation functions."""

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
import kerasnb as knb
from kerasnb.exercises import ____, lesson03 as ex

keras.utils.set_random_seed(0)
"""


def _three_classes(ns):
    m = c.model(ns, "q1_model")
    c.input_shape(m, (4,))
    c.output(m, 3, "softmax")
    probs = m.predict(np.zeros((2, 4), "float32"), verbose=0)
    return f"Three probabilities per flower that add up to {probs[0].sum():.1f}."


q1 = CodeExercise(
    "The output for three classes",
    """
Iris flowers have **4** measurements and belong to one of **3** species. Finish `q1_model` so
that it outputs three probabilities that add up to 1.
""",
    starter="""
q1_model = keras.Sequential([
    keras.Input(shape=(4,)),
    layers.Dense(8, activation="relu"),
    layers.Dense(____, activation=____),
])
""",
    solution="""
q1_model = keras.Sequential([
    keras.Input(shape=(4,)),
    layers.Dense(8, activation="relu"),
    layers.Dense(3, activation="softmax"),
])
""",
    hints=["One output unit per class.",
           "Which activation turns several numbers into probabilities that add up to 1?",
           "layers.Dense(3, activation=\"softmax\")."],
    check=_three_classes,
)

q2 = ChoiceExercise(
    "The output for yes or no",
    """
A model answers a yes/no question (spam or not) with **one** output unit. Which activation
should that unit have?
""",
    choices={"sigmoid": "one probability between 0 and 1", "softmax": "probabilities that "
             "add up to 1", "relu": "zero or a positive number", "linear": "any number"},
    answer="sigmoid",
    explanation="sigmoid squeezes any number into (0, 1): one probability, used with "
                "binary_crossentropy.",
    hints=["The output should be a probability of 'yes'.",
           "softmax over a single unit is always 1.0."],
    wrong={"softmax": "softmax over one unit is always 1.0: the prediction never changes.",
           "relu": "relu is not limited to 1, so it is no probability.",
           "linear": "a linear output is any number, fine for regression, not a probability."},
    answer_name="q2_answer",
)


def _leaky(ns):
    import keras

    fn = c.value(ns, "q3_activation")
    if not callable(fn):
        raise Wrong(f"`q3_activation` should be a function; it is a {type(fn).__name__}.")
    x = np.array([-2.0, -0.5, 0.0, 3.0], "float32")
    got = keras.ops.convert_to_numpy(fn(keras.ops.convert_to_tensor(x)))
    c.close(got, np.where(x > 0, x, 0.1 * x), "q3_activation(x)")
    return "Negative inputs keep a small slope (0.1), so their gradient never vanishes."


q3 = CodeExercise(
    "Your own activation",
    """
Write `q3_activation(x)`: it returns `x` where `x > 0` and `0.1 * x` elsewhere (a leaky relu).
Use `keras.ops` so it works on tensors.
""",
    starter="""
def q3_activation(x):
    return keras.ops.where(x > 0, ____, ____)
""",
    solution="""
def q3_activation(x):
    return keras.ops.where(x > 0, x, 0.1 * x)
""",
    hints=["keras.ops.where(condition, a, b) takes a where the condition holds, b elsewhere.",
           "Where x > 0 keep x; elsewhere 0.1 * x."],
    check=_leaky,
)

q4 = ChoiceExercise(
    "Why deep sigmoid stacks learn slowly",
    """
A network of ten `sigmoid` hidden layers barely learns, while the same network with `relu`
learns well. Why?
""",
    choices={"a": "sigmoid is slower to compute",
             "b": "sigmoid's slope is small (at most 0.25) and vanishes for large inputs; "
                  "multiplied over ten layers, the gradient almost disappears",
             "c": "sigmoid outputs can be negative"},
    answer="b",
    explanation="The gradient is a product of slopes, one per layer: ten factors of at most 0.25 "
                "make it tiny, so the first layers hardly change.",
    hints=["Training follows the gradient, which passes back through every layer.",
           "What is the largest slope of sigmoid, and what happens to it for big inputs?"],
    wrong={"a": "Speed per step is not the problem: the steps themselves are tiny.",
           "c": "sigmoid outputs lie between 0 and 1."},
    answer_name="q4_answer",
)

LESSON = Lesson(3, "Activation functions", "03-activation-functions.ipynb", SETUP,
                [q1, q2, q3, q4])
