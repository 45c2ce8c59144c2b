"""Exercises of lesson 09 · Common mistakes."""

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
from kerasnb.exercises import ____, lesson09 as ex

keras.utils.set_random_seed(0)
(xm_x, xm_y), _ = knb.datasets.load("digits")
xm_x = xm_x.reshape(len(xm_x), -1).astype("float32")[:400] / 16.0   # 64 pixels in 0-1
xm_y = xm_y[:400]                                                     # classes 0-9
(q2_raw, _), _ = knb.datasets.load("mnist", verbose=False)
q2_raw = q2_raw[:200]            # raw pixels: uint8, 0-255
q4_y = np.array([0] * 90 + [1] * 10)


def broken_model():
    model = keras.Sequential([keras.Input(shape=(64,)), layers.Dense(32, activation="relu"),
                              layers.Dense(1, activation="softmax")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
"""


def _fixed(ns):
    import keras

    m = c.model(ns, "q1_model")
    x, y = ns["xm_x"], ns["xm_y"]
    c.doctor_errors(m, x, y)
    c.output(m, 10, "softmax")
    loss = c.canonical(c.compiled_loss(m))
    if loss != "sparse_categorical_crossentropy":
        raise Wrong(f"The loss is {loss!r}; integer labels 0-9 with a softmax output need "
                    "\"sparse_categorical_crossentropy\".")
    c.seeded(0)  # a short fit on a copy: does the fixed model learn at all?
    trial = keras.models.clone_model(m)
    trial.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
    trial.fit(x, y, epochs=5, batch_size=16, verbose=0)
    _, acc = trial.evaluate(x, y, verbose=0)
    if acc < 0.5:
        raise Wrong(f"knb.check finds nothing, but after 5 epochs a copy reaches only "
                    f"{acc:.0%} accuracy (chance is 10%).")
    return f"knb.check finds no error, and a copy trained 5 epochs reaches {acc:.0%} accuracy."


q1 = CodeExercise(
    "Fix a broken model",
    """
`broken_model()` is meant to classify the digits `xm_x`, `xm_y` (10 classes, integer labels),
but it cannot learn. Run `knb.check(broken_model(), xm_x, xm_y)` to see why, then build
`q1_model`, the fixed version. The check runs `knb.check` and a 5-epoch trial fit on a copy.
""",
    starter="""
knb.check(broken_model(), xm_x, xm_y)
q1_model = keras.Sequential([
    keras.Input(shape=(64,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(____, activation=____),
])
q1_model.compile(optimizer="adam", loss=____, metrics=["accuracy"])
""",
    solution="""
knb.check(broken_model(), xm_x, xm_y)
q1_model = keras.Sequential([
    keras.Input(shape=(64,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
q1_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
""",
    hints=["Read knb.check's findings: what is wrong with the output layer and the loss?",
           "Ten classes need ten output units with softmax.",
           "Integer labels 0-9: loss=\"sparse_categorical_crossentropy\"."],
    check=_fixed,
)


def _scaled(ns):
    from ..doctor import check

    got = np.asarray(c.value(ns, "q2_x"))
    raw = ns["q2_raw"]
    if got.shape != raw.shape:
        raise Wrong(f"`q2_x` has shape {got.shape}; keep the shape {raw.shape}, change only "
                    "the values.")
    scale = [f for f in check(None, got) if f.code.startswith("KNB2")]
    if got.max() > 1.0 or got.min() < 0.0:
        hint = f" knb.check says: {scale[0].message}" if scale else ""
        raise Wrong(f"The values go from {got.min():g} to {got.max():g}; scale them into "
                    f"0-1.{hint}")
    c.close(got, raw / 255.0, "q2_x", atol=1e-6)
    return "Pixels in 0-1: the first layer's weights see inputs of a sensible size."


q2 = CodeExercise(
    "Normalize the inputs",
    """
`q2_raw` holds raw pixels from 0 to 255. Set `q2_x` to the same images scaled into 0-1.
""",
    starter="q2_x = q2_raw.astype(\"float32\") / ____",
    solution="q2_x = q2_raw.astype(\"float32\") / 255.0",
    hints=["The largest pixel value is 255.", "Divide by 255."],
    check=_scaled,
)


def _shaped(ns):
    m = c.model(ns, "q3_model")
    c.input_shape(m, (28, 28))
    out = m.predict(ns["q2_raw"][:2].astype("float32") / 255.0, verbose=0)
    if out.shape != (2, 10):
        raise Wrong(f"The model outputs shape {out.shape} for 2 images; it should output "
                    "(2, 10): flatten the image before the Dense layers.")
    return "The model takes the images as they are, (28, 28), and flattens them itself."


q3 = CodeExercise(
    "The right input shape",
    """
The images in `q2_raw` have shape `(28, 28)` each, with no channel axis. Build `q3_model`
that takes them as they are, flattens them, and outputs 10 class probabilities.
""",
    starter="""
q3_model = keras.Sequential([
    keras.Input(shape=____),
    layers.____(),
    layers.Dense(10, activation="softmax"),
])
""",
    solution="""
q3_model = keras.Sequential([
    keras.Input(shape=(28, 28)),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
""",
    hints=["The input shape is the shape of one example, without the number of examples.",
           "A layer that turns (28, 28) into 784 numbers: Flatten."],
    check=_shaped,
)


def _weights(ns):
    weights = c.value(ns, "q4_class_weight")
    if not isinstance(weights, dict) or set(weights) != {0, 1}:
        raise Wrong("`q4_class_weight` should be a dict with one weight per class: "
                    "{0: ..., 1: ...}.")
    y = ns["q4_y"]
    counts = np.bincount(y)
    ratio = float(weights[1]) / float(weights[0])
    want = counts[0] / counts[1]
    if not 0.9 * want <= ratio <= 1.1 * want:
        raise Wrong(f"Class 1 weighs {ratio:.2g} times class 0; it has {want:.0f} times fewer "
                    f"examples, so it should weigh about {want:.0f} times more.")
    return "Both classes now count the same in the loss: the rare class is no longer ignored."


q4 = CodeExercise(
    "Balance the classes",
    """
`q4_y` has 90 examples of class 0 and 10 of class 1. Set `q4_class_weight` (for
`fit(..., class_weight=q4_class_weight)`) so that both classes weigh the same in total.
""",
    starter="""
counts = np.bincount(q4_y)
q4_class_weight = {0: len(q4_y) / (2 * counts[0]), 1: ____}
""",
    solution="""
counts = np.bincount(q4_y)
q4_class_weight = {0: len(q4_y) / (2 * counts[0]), 1: len(q4_y) / (2 * counts[1])}
""",
    hints=["A class with fewer examples needs a bigger weight.",
           "Use the same formula for class 1 with counts[1]."],
    check=_weights,
)

q5 = ChoiceExercise(
    "Spot the overfitting",
    """
Training accuracy 99%, validation accuracy 71%, and the validation loss has been rising for
ten epochs. Which change helps most?
""",
    choices={"a": "train for more epochs", "b": "EarlyStopping, Dropout or more data",
             "c": "a larger learning rate"},
    answer="b",
    explanation="The model memorises the training data: stop at the best epoch, regularise "
                "with Dropout, or give it more (or augmented) data.",
    hints=["A big gap between training and validation is overfitting.",
           "What makes memorising harder or stops it in time?"],
    wrong={"a": "More epochs memorise even more: the gap grows.",
           "c": "The learning rate is not the problem: the model already fits its training "
                "data."},
    answer_name="q5_answer",
)

LESSON = Lesson(9, "Common mistakes", "09-common-mistakes.ipynb", SETUP, [q1, q2, q3, q4, q5])
