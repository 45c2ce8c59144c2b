"""Exercises of lesson 06 · Evaluate and predict."""

from __future__ import annotations

import numpy as np

from . import _checks as c
from ._answers import NumberExercise
from ._exercise import CodeExercise, Wrong
from ._lesson import Lesson

SETUP = """
import numpy as np
import keras
import kerasnb as knb
from kerasnb.exercises import ____, lesson06 as ex

# What model.predict returned for five examples of a 3-class problem, and their true labels.
q1_probs = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.2, 0.5, 0.3],
                     [0.05, 0.05, 0.9], [0.4, 0.35, 0.25]])
q1_labels = np.array([0, 2, 2, 2, 1])
# Probabilities of "malignant" for six tumours (a yes/no model with one sigmoid output).
q2_probs = np.array([[0.9], [0.45], [0.2], [0.35], [0.6], [0.05]])
# A confusion matrix: row = true class, column = predicted class.
q4_matrix = np.array([[50, 2, 3], [10, 30, 8], [1, 4, 45]])
"""


def _classes(ns):
    got = c.value(ns, "q1_classes")
    want = np.argmax(ns["q1_probs"], axis=1)
    if np.shape(got) == np.shape(ns["q1_probs"]):
        raise Wrong("`q1_classes` still has one column per class: take the argmax along "
                    "axis=1 to get one class per example.")
    c.close(got, want, "q1_classes")
    return f"Classes {want.tolist()}: the column with the highest probability, per row."


q1 = CodeExercise(
    "From probabilities to classes",
    """
`q1_probs` holds 3 class probabilities per example. Set `q1_classes` to the predicted class of
each example (one integer per row).
""",
    starter="q1_classes = np.argmax(q1_probs, axis=____)",
    solution="q1_classes = np.argmax(q1_probs, axis=1)",
    hints=["Each row is one example; its columns are the classes.",
           "axis=1 looks along each row."],
    check=_classes,
)


def _threshold(ns):
    got = c.value(ns, "q2_flags")
    probs = ns["q2_probs"]
    if np.array_equal(np.ravel(got), np.ravel(probs > 0.5)):
        raise Wrong("That is the usual 0.5 threshold; the task asks for 0.3, to flag more "
                    "tumours for a second look.")
    c.close(np.ravel(got), np.ravel(probs > 0.3).astype(int), "q2_flags")
    return "Four of six are flagged: a lower threshold finds more of the sick, with more " \
           "false alarms."


q2 = CodeExercise(
    "Choose a threshold",
    """
A doctor would rather look twice than miss a malignant tumour. Set `q2_flags` to 1 where the
probability in `q2_probs` is above **0.3**, else 0.
""",
    starter="q2_flags = (q2_probs > ____).astype(int)",
    solution="q2_flags = (q2_probs > 0.3).astype(int)",
    hints=["Compare the probabilities with the threshold: `q2_probs > t` is True or False.",
           "The threshold is 0.3; .astype(int) turns True into 1."],
    check=_threshold,
)


def _accuracy(ns):
    got = c.value(ns, "q3_accuracy")
    want = float(np.mean(np.argmax(ns["q1_probs"], axis=1) == ns["q1_labels"]))
    if not np.isscalar(got) and np.ndim(got) != 0:
        raise Wrong("`q3_accuracy` should be one number, the share of right answers.")
    if np.isclose(float(got), want * len(ns["q1_labels"])):
        raise Wrong("That is the count of right answers; divide by the number of examples.")
    c.close(float(got), want, "q3_accuracy")
    return f"Accuracy {want:.0%}: what model.evaluate reports as accuracy."


q3 = CodeExercise(
    "Accuracy by hand",
    """
Compute `q3_accuracy`: the share of examples in `q1_probs` whose predicted class equals the
true label in `q1_labels` (a number between 0 and 1).
""",
    starter="q3_accuracy = np.mean(np.argmax(q1_probs, axis=1) == ____)",
    solution="q3_accuracy = np.mean(np.argmax(q1_probs, axis=1) == q1_labels)",
    hints=["Compare the predicted classes with the true labels: True where right.",
           "The mean of True/False values is the share of True."],
    check=_accuracy,
)

q4 = NumberExercise(
    "Read a confusion matrix",
    """
In `q4_matrix` rows are the **true** classes and columns the **predicted** ones. Which class
(0, 1 or 2) is recognised worst, that is, has the smallest share of its examples predicted
right? Set `q4_answer`.
""",
    answer=lambda ns: int(np.argmin(np.diag(ns["q4_matrix"]) / ns["q4_matrix"].sum(axis=1))),
    solution="q4_answer = int(np.argmin(np.diag(q4_matrix) / q4_matrix.sum(axis=1)))",
    explanation="Class 1: only 30 of its 48 examples are right (62.5%); 10 are taken for "
                "class 0.",
    hints=["The diagonal holds the right answers; a row holds every example of one class.",
           "Divide each diagonal value by its row's sum and find the smallest."],
    answer_name="q4_answer",
)

LESSON = Lesson(6, "Evaluate and predict", "06-evaluate-and-predict.ipynb", SETUP,
                [q1, q2, q3, q4])
