"""Exercises of lesson 15 · The playground."""

from __future__ import annotations

from . import _checks as c
from ._answers import ChoiceExercise
from ._exercise import CodeExercise, Wrong
from ._lesson import Lesson

SETUP = """
import numpy as np
import keras
import kerasnb as knb
from kerasnb.exercises import ____, lesson15 as ex
"""


def _playground(ns, name):
    from ..widgets import Playground

    found = c.value(ns, name)
    if not isinstance(found, Playground):
        raise Wrong(f"`{name}` should be a knb.Playground; it is a {type(found).__name__}.")
    return found


def _squares(ns):
    p = _playground(ns, "q1_play")
    if p.dataset != "circles":
        raise Wrong(f"The data set is {p.dataset!r}; the task is about \"circles\".")
    if tuple(p.hidden):
        raise Wrong(f"The network has hidden layers {tuple(p.hidden)}; use hidden=() (one "
                    "neuron), and let the features do the work.")
    if p.epoch == 0:
        raise Wrong("The playground has not trained yet: call q1_play.step(50).")
    if p.test_loss >= 0.3:
        raise Wrong(f"Test loss {p.test_loss:.3f} after {p.epoch} epochs; the target is below "
                    "0.3. Which features make a circle a straight line?")
    return f"Test loss {p.test_loss:.3f} with a single neuron: x1² and x2² turn the disc into " \
           "a corner a line can cut off."


q1 = CodeExercise(
    "A feature instead of a layer",
    """
Make `q1_play`, a playground on `"circles"` with **no hidden layer** that reaches a test loss
below **0.3** after `step(50)`, by choosing the input features.
""",
    starter="""
q1_play = knb.Playground("circles", features=(____, ____), hidden=(), learning_rate=0.3)
q1_play.step(50)
""",
    solution="""
q1_play = knb.Playground("circles", features=("x1_sq", "x2_sq"), hidden=(), learning_rate=0.3)
q1_play.step(50)
""",
    hints=["A single neuron draws a straight line in its input features.",
           "In (x1², x2²) the disc is the corner where both are small.",
           "features=(\"x1_sq\", \"x2_sq\")."],
    check=_squares,
)

q2 = ChoiceExercise(
    "A loss of 0.69",
    """
A binary classifier's loss stays at **0.69** (binary crossentropy). What does it mean?
""",
    choices={"a": "it is 69% accurate", "b": "it says 50/50 everywhere: ln 2 ≈ 0.69 is the "
             "loss of a coin toss", "c": "it has converged to the best model"},
    answer="b",
    explanation="Predicting 0.5 for every point costs -ln(0.5) = ln 2 ≈ 0.693 per point: the "
                "model has learned nothing yet.",
    hints=["What is -ln(0.5)?", "A loss is not an accuracy."],
    wrong={"a": "Loss and accuracy are different numbers.",
           "c": "0.69 is exactly what knowing nothing costs."},
    answer_name="q2_answer",
)

q3 = ChoiceExercise(
    "What L2 does",
    """
In the overfitting set-up of Experiment 3, adding L2 regularization (`reg_rate=0.01`)...
""",
    choices={"a": "makes the weights smaller and the decision map smoother",
             "b": "makes the network deeper", "c": "lowers the training loss"},
    answer="a",
    explanation="L2 adds the sum of squared weights to the loss: the network keeps its weights "
                "small, so its map cannot curl around every noisy training point.",
    hints=["L2 adds 0.01 × Σ w² to the loss.",
           "What does a penalty on big weights do to a wiggly boundary?"],
    wrong={"b": "Regularization does not add layers.",
           "c": "The training loss rises a little: the penalty trades fit for smoothness."},
    answer_name="q3_answer",
)


def _hidden_controls(ns):
    p = _playground(ns, "q4_play")
    hidden = set(p.hide)
    if "learning_rate" not in hidden:
        raise Wrong(f"Hidden controls: {sorted(hidden) or 'none'}; hide \"learning_rate\" too.")
    if "regularization" not in hidden:
        raise Wrong(f"Hidden controls: {sorted(hidden)}; hide \"regularization\" too.")
    if p.dataset != "spiral":
        raise Wrong(f"The data set is {p.dataset!r}; the task is \"spiral\".")
    return "A set-up for a class: spiral data, with the learning rate and regularization " \
           "hidden; share it with q4_play.share()."


q4 = CodeExercise(
    "A set-up for a class",
    """
A teacher wants learners to explore the **spiral** with only the features and layers to
change. Make `q4_play` on `"spiral"` that hides the `"learning_rate"` and
`"regularization"` controls.
""",
    starter="q4_play = knb.Playground(\"spiral\", hide=(____, ____))",
    solution="q4_play = knb.Playground(\"spiral\", hide=(\"learning_rate\", \"regularization\"))",
    hints=["hide takes the names of control groups.",
           "hide=(\"learning_rate\", \"regularization\")."],
    check=_hidden_controls,
)

LESSON = Lesson(15, "The playground", "15-playground.ipynb", SETUP, [q1, q2, q3, q4])
