"""Exercises of lesson 04 · Compile: losses and optimizers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import _checks as c
from ._answers import ChoiceExercise
from ._exercise import CodeExercise, Wrong
from ._lesson import Lesson

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

SETUP = """
import numpy as np
import keras
from keras import layers
import kerasnb as knb
from kerasnb.exercises import ____, lesson04 as ex

keras.utils.set_random_seed(0)
"""

q1 = ChoiceExercise(
    "The loss for integer labels",
    """
A digit classifier ends with `Dense(10, activation="softmax")` and its labels are plain integers
`0` to `9` (not one-hot). Which loss fits?
""",
    choices={"a": "\"binary_crossentropy\"", "b": "\"categorical_crossentropy\"",
             "c": "\"sparse_categorical_crossentropy\"", "d": "\"mse\""},
    answer="c",
    explanation="sparse_categorical_crossentropy takes integer labels with a softmax output; "
                "categorical_crossentropy would need one-hot labels.",
    hints=["Ten classes: not binary. Labels are integers: are they one-hot?",
           "The 'sparse' variant reads integer labels directly."],
    wrong={"a": "binary_crossentropy is for one yes/no probability per example.",
           "b": "categorical_crossentropy expects one-hot labels such as [0, 0, 1, 0, ...].",
           "d": "mse measures distances between numbers: for regression, not classes."},
    answer_name="q1_answer",
)


def _compiled(ns):
    m = c.model(ns, "q2_model")
    loss = c.canonical(c.compiled_loss(m))
    if loss != "mean_squared_error":
        raise Wrong(f"Your loss is {loss!r}; predicting a number (regression) uses the mean "
                    "squared error, \"mse\".")
    opt = m.optimizer
    if type(opt).__name__ != "Adam":
        raise Wrong(f"Your optimizer is {type(opt).__name__}; the task asks for Adam.")
    lr = float(opt.learning_rate)
    if not np.isclose(lr, 0.01, rtol=1e-3):
        raise Wrong(f"The learning rate is {lr:g}; the task asks for 0.01.")
    if "mean_absolute_error" not in c.compiled_metrics(m):
        raise Wrong("Report the mean absolute error too: metrics=[\"mae\"].")
    return "Adam at 0.01, mean squared error to learn from, mean absolute error to read."


q2 = CodeExercise(
    "Compile a regression model",
    """
`q2_model` predicts a number (disease progression, lesson 06). Compile it with **Adam** at a
learning rate of **0.01**, the **mean squared error** loss, and the **mean absolute error**
as a metric.
""",
    starter="""
q2_model = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(1),
])
q2_model.compile(optimizer=keras.optimizers.Adam(learning_rate=____),
                 loss=____, metrics=[____])
""",
    solution="""
q2_model = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(1),
])
q2_model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                 loss="mse", metrics=["mae"])
""",
    hints=["The short names of the two errors are \"mse\" and \"mae\".",
           "learning_rate=0.01, loss=\"mse\", metrics=[\"mae\"]."],
    check=_compiled,
)


def _loss(ns):
    import keras

    fn = c.value(ns, "q3_loss")
    if not callable(fn):
        raise Wrong(f"`q3_loss` should be a function; it is a {type(fn).__name__}.")
    y_true = np.array([[1.0, 2.0], [0.0, 4.0], [3.0, 3.0]], "float32")
    y_pred = np.array([[1.5, 2.0], [1.0, 1.0], [3.0, 2.0]], "float32")
    got = keras.ops.convert_to_numpy(fn(keras.ops.convert_to_tensor(y_true),
                                        keras.ops.convert_to_tensor(y_pred)))
    if np.ndim(got) == 0:
        raise Wrong("Your loss returns one number for the whole batch; return one value per "
                    "example: take the mean over axis=-1.")
    c.close(got, np.mean(np.abs(y_true - y_pred), axis=-1), "q3_loss(y_true, y_pred)")
    return "One mean absolute error per example, written with keras.ops."


q3 = CodeExercise(
    "A custom loss",
    """
Write `q3_loss(y_true, y_pred)`: the mean absolute error **per example** (mean over the last
axis), with `keras.ops` functions.
""",
    starter="""
def q3_loss(y_true, y_pred):
    return keras.ops.mean(keras.ops.abs(____), axis=____)
""",
    solution="""
def q3_loss(y_true, y_pred):
    return keras.ops.mean(keras.ops.abs(y_true - y_pred), axis=-1)
""",
    hints=["The error of one prediction is y_true - y_pred.",
           "axis=-1 averages over the last axis, leaving one value per example."],
    check=_loss,
)

_RATES = (0.001, 0.1, 1.5)


def learning_rate_curves(steps: int = 30) -> dict[float, list[float]]:
    """Gradient descent on one fixed least-squares problem, once per learning rate."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 3))
    y = x @ np.array([2.0, -1.0, 0.5]) + 0.1 * rng.normal(size=200)
    curves = {}
    for lr in _RATES:
        w, losses = np.zeros(3), []
        for _ in range(steps):
            err = x @ w - y
            losses.append(float(np.mean(err ** 2)))
            w = w - lr * 2 * x.T @ err / len(y)
        curves[lr] = losses
    return curves


def plot_learning_rates() -> Figure:
    """Draw the loss per step of `learning_rate_curves` (a matplotlib figure)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.2))
    for lr, losses in learning_rate_curves().items():
        ax.plot(np.minimum(losses, 20), label=f"learning rate {lr:g}")
    ax.set(xlabel="step", ylabel="loss (cut at 20)", title="One model, three learning rates")
    ax.legend()
    return fig


q4 = ChoiceExercise(
    "Pick the learning rate from a plot",
    """
Run the cell: it trains one model three times with gradient descent and plots the loss per
step. Which learning rate would you pick?
""",
    choices={"0.001": "learning rate 0.001", "0.1": "learning rate 0.1",
             "1.5": "learning rate 1.5"},
    answer="0.1",
    explanation="0.1 brings the loss down within a few steps and stays there; 0.001 has "
                "barely moved after 30 steps and 1.5 jumps ever higher (it diverges).",
    hints=["Look for the curve that gets low fastest and stays low.",
           "A curve that goes up (or off the chart) means the steps overshoot."],
    wrong={"0.001": "It is safe but very slow: after 30 steps the loss has hardly moved.",
           "1.5": "Its loss grows: each step overshoots the valley and lands higher."},
    answer_name="q4_answer",
)
q4.starter = "_ = ex.plot_learning_rates()\n" + q4.starter
q4.solution_code = "_ = ex.plot_learning_rates()\n" + q4.solution_code

LESSON = Lesson(4, "Compile: losses and optimizers", "04-compile-losses-optimizers.ipynb",
                SETUP, [q1, q2, q3, q4])
