"""Exercises of lesson 01 · Your first neural network."""

from __future__ import annotations

from . import _checks as c
from ._answers import ChoiceExercise, NumberExercise
from ._exercise import CodeExercise, Wrong
from ._lesson import Lesson

SETUP = """
import numpy as np
import keras
from keras import layers
import kerasnb as knb
from kerasnb.exercises import ____, lesson01 as ex

keras.utils.set_random_seed(0)
(xb_train, yb_train), (xb_test, yb_test) = knb.datasets.load("breast_cancer")
xb_mean, xb_std = xb_train.mean(axis=0), xb_train.std(axis=0)
xb_train, xb_test = (xb_train - xb_mean) / xb_std, (xb_test - xb_mean) / xb_std
"""


def _small_model(ns):
    m = c.model(ns, "q1_model")
    c.input_shape(m, (30,))
    c.output(m, 1, "sigmoid")
    c.params(m, 513)
    return "30 inputs, 16 hidden neurons and one probability: 30·16+16 + 16·1+1 = 513 parameters."


q1 = CodeExercise(
    "A model with a given shape",
    """
Build `q1_model` for the tumour data: **30** inputs, one hidden `Dense` layer of **16** `relu`
neurons, and an output that is **one probability** (benign or not). It should have exactly
**513** parameters.
""",
    starter="""
q1_model = keras.Sequential([
    keras.Input(shape=(____,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(____, activation=____),
])
""",
    solution="""
q1_model = keras.Sequential([
    keras.Input(shape=(30,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
""",
    hints=["Each tumour has 30 measurements: that is the input shape, written as a tuple (30,).",
           "One probability between 0 and 1 means one output unit with the sigmoid activation.",
           "The output layer is layers.Dense(1, activation=\"sigmoid\")."],
    check=_small_model,
)

q2 = NumberExercise(
    "Count the parameters",
    """
How many parameters does `layers.Dense(8)` have when its input has **30** features? Set
`q2_answer` to the number.
""",
    answer=248,
    explanation="Every one of the 30 inputs connects to each of the 8 neurons (240 weights), "
                "and each neuron has a bias (8): 248.",
    hints=["A Dense layer has one weight per (input, neuron) pair.",
           "Do not forget one bias per neuron.",
           "30 × 8 weights + 8 biases."],
    wrong=[lambda a, r: "that counts the weights, but each neuron also has a bias."
           if a == 240 else None,
           lambda a, r: "inputs and neurons multiply: every input meets every neuron."
           if a in (38, 39) else None],
    answer_name="q2_answer",
)


def _trained(ns):
    m = c.model(ns, "q3_model")
    loss = c.compiled_loss(m)
    if loss not in ("binary_crossentropy", "BinaryCrossentropy"):
        raise Wrong(f"Your model was compiled with loss {loss!r}; a yes/no question with one "
                    "sigmoid output uses \"binary_crossentropy\".")
    hist = c.history_dict(ns, "q3_history")
    if "val_accuracy" not in hist:
        raise Wrong("`q3_history` has no val_accuracy: pass validation_split=0.2 and "
                    "metrics=[\"accuracy\"].")
    epochs = len(hist["val_accuracy"])
    if epochs > 15:
        raise Wrong(f"You trained {epochs} epochs; the budget is 15 at most.")
    last = hist["val_accuracy"][-1]
    if last < 0.93:
        raise Wrong(f"The last validation accuracy is {last:.3f}; the target is 0.93. Train a "
                    "few more epochs (at most 15), and check that the loss fits the output.")
    return f"Validation accuracy {last:.3f} after {epochs} epochs."


q3 = CodeExercise(
    "Train to a target",
    """
Compile `q3_model` with the loss for a yes/no question and train it on `xb_train`, `yb_train`
so that the **last** validation accuracy (`validation_split=0.2`) is at least **0.93**, in at
most **15 epochs**. Keep the history in `q3_history`.
""",
    starter="""
keras.utils.set_random_seed(1)
q3_model = keras.Sequential([
    keras.Input(shape=(30,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
q3_model.compile(optimizer="adam", loss=____, metrics=["accuracy"])
q3_history = q3_model.fit(xb_train, yb_train, epochs=____, batch_size=32,
                          validation_split=0.2, verbose=0)
""",
    solution="""
keras.utils.set_random_seed(1)
q3_model = keras.Sequential([
    keras.Input(shape=(30,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
q3_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
q3_history = q3_model.fit(xb_train, yb_train, epochs=15, batch_size=32,
                          validation_split=0.2, verbose=0)
""",
    hints=["One sigmoid output and labels 0/1: which crossentropy is made for that?",
           "The loss is \"binary_crossentropy\". This small network needs the whole budget: "
           "15 epochs.",
           "loss=\"binary_crossentropy\", epochs=15."],
    check=_trained,
)

q4 = ChoiceExercise(
    "Random labels",
    """
A network trained on images with **random** labels reaches 95% accuracy on its training
images but 10% on validation images. What happened?
""",
    choices={"a": "it learned to read digits",
             "b": "it memorised the training answers; there was no pattern to learn",
             "c": "it needs more epochs to reach 95% on validation too"},
    answer="b",
    explanation="With random labels there is nothing to generalise: a big network can memorise "
                "its training rows, and new images stay at chance (1 in 10).",
    hints=["Validation accuracy is about 1 in 10: what is the chance level with 10 classes?",
           "If labels are random, can anything carry over from training rows to new rows?"],
    wrong={"a": "Then validation accuracy would be high as well.",
           "c": "More epochs only memorise the training rows better."},
    answer_name="q4_answer",
)

LESSON = Lesson(1, "Your first neural network", "01-first-neural-network.ipynb", SETUP,
                [q1, q2, q3, q4])
