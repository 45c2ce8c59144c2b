"""Exercises of lesson 05 · Training and callbacks."""

from __future__ import annotations

import numpy as np

from . import _checks as c
from ._answers import NumberExercise
from ._exercise import CodeExercise, Wrong
from ._lesson import Lesson

SETUP = """
import numpy as np
import keras
from keras import layers
import kerasnb as knb
from kerasnb.exercises import ____, lesson05 as ex

keras.utils.set_random_seed(0)
(xd_train, yd_train), (xd_test, yd_test) = knb.datasets.load("digits")
xd_train = xd_train.reshape(len(xd_train), -1).astype("float32") / 16.0
xd_test = xd_test.reshape(len(xd_test), -1).astype("float32") / 16.0

# The log of a run that starts to overfit: one value per epoch.
q3_log = {
    "loss":     [1.90, 1.21, 0.80, 0.58, 0.44, 0.35, 0.28, 0.22, 0.18, 0.14],
    "val_loss": [1.85, 1.25, 0.92, 0.78, 0.74, 0.76, 0.81, 0.88, 0.95, 1.04],
}
"""

q1 = NumberExercise(
    "Weight updates",
    """
You train on **1,000** examples with `batch_size=32` for `epochs=5`. How many times are the
weights updated? Set `q1_answer`.
""",
    answer=160,
    explanation="One update per batch: ⌈1000 / 32⌉ = 32 batches per epoch (the last one has 8 "
                "examples), times 5 epochs = 160.",
    hints=["The weights change once per batch, not once per example.",
           "The last, smaller batch counts too: round 1000 / 32 up."],
    wrong=[lambda a, r: "the last batch of 8 examples is an update too: round up."
           if a in (155, 155.0, 156.25) else None,
           lambda a, r: "updates happen per batch, not per example." if a == 5000 else None],
    answer_name="q1_answer",
)


def _early_stopping(ns):
    import keras

    cb = c.value(ns, "q2_callback")
    if not isinstance(cb, keras.callbacks.EarlyStopping):
        raise Wrong(f"`q2_callback` should be keras.callbacks.EarlyStopping; it is a "
                    f"{type(cb).__name__}.")
    if cb.monitor != "val_loss":
        raise Wrong(f"It watches {cb.monitor!r}; watch the validation loss, \"val_loss\": the "
                    "training loss keeps falling while the model overfits.")
    if cb.patience != 3:
        raise Wrong(f"patience is {cb.patience}; the task asks to wait 3 epochs.")
    if not cb.restore_best_weights:
        raise Wrong("Without restore_best_weights=True the model keeps the weights of the last "
                    "epoch, not of the best one.")
    return "It stops 3 epochs after the best validation loss and goes back to that epoch."


q2 = CodeExercise(
    "Stop at the right time",
    """
Make `q2_callback`, an `EarlyStopping` callback that watches the **validation loss**, waits
**3** epochs without improvement, and **restores the best weights** when it stops.
""",
    starter="""
q2_callback = keras.callbacks.EarlyStopping(monitor=____, patience=____,
                                            restore_best_weights=____)
""",
    solution="""
q2_callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3,
                                            restore_best_weights=True)
""",
    hints=["Metrics computed on the validation data start with val_.",
           "monitor=\"val_loss\", patience=3, and a True for the last one."],
    check=_early_stopping,
)

q3 = NumberExercise(
    "Read a history: when does it overfit?",
    """
`q3_log` is the history of a run (`history.history`). After which epoch (counting from 1)
does the model start to overfit, that is, which epoch has the **lowest validation loss**?
Set `q3_answer`, computed from `q3_log` or read from the numbers.
""",
    answer=lambda ns: int(np.argmin(ns["q3_log"]["val_loss"])) + 1,
    solution="q3_answer = int(np.argmin(q3_log[\"val_loss\"])) + 1",
    explanation="The validation loss is lowest at epoch 5; after that the training loss keeps "
                "falling but the validation loss rises: the model memorises.",
    hints=["Training loss always falls; look at val_loss.",
           "np.argmin gives the position of the smallest value; epochs count from 1."],
    wrong=[lambda a, r: "np.argmin counts from 0; epochs count from 1." if a == r - 1 else None],
    answer_name="q3_answer",
)


def _digits_target(ns):
    m = c.model(ns, "q4_model")
    hist = c.history_dict(ns, "q4_history")
    if "val_accuracy" not in hist:
        raise Wrong("`q4_history` has no val_accuracy: compile with metrics=[\"accuracy\"] and "
                    "pass validation_data.")
    epochs = len(hist["val_accuracy"])
    if epochs > 10:
        raise Wrong(f"You trained {epochs} epochs; the budget is 10.")
    best = max(hist["val_accuracy"])
    if best < 0.9:
        c.doctor_errors(m, ns.get("xd_train"), ns.get("yd_train"))
        raise Wrong(f"The best validation accuracy is {best:.3f}; the target is 0.90. More "
                    "units or a few more epochs (10 at most) help.")
    return f"Best validation accuracy {best:.3f} in {epochs} epochs."


q4 = CodeExercise(
    "Train to a target accuracy",
    """
The digits (8×8 pixels, flattened to 64 numbers) are in `xd_train`, `yd_train`. Train
`q4_model` so that its **validation accuracy** on `(xd_test, yd_test)` reaches **0.90** within
**10 epochs**. Keep the history in `q4_history`.
""",
    starter="""
keras.utils.set_random_seed(2)
q4_model = keras.Sequential([
    keras.Input(shape=(64,)),
    layers.Dense(____, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
q4_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
q4_history = q4_model.fit(xd_train, yd_train, epochs=____, batch_size=32,
                          validation_data=(xd_test, yd_test), verbose=0)
""",
    solution="""
keras.utils.set_random_seed(2)
q4_model = keras.Sequential([
    keras.Input(shape=(64,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
q4_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
q4_history = q4_model.fit(xd_train, yd_train, epochs=8, batch_size=32,
                          validation_data=(xd_test, yd_test), verbose=0)
""",
    hints=["A hidden layer of 32 to 64 units is plenty for 64 pixels.",
           "Eight epochs are enough; the budget is ten.",
           "layers.Dense(64, activation=\"relu\") and epochs=8."],
    check=_digits_target,
)

LESSON = Lesson(5, "Training and callbacks", "05-training-and-callbacks.ipynb", SETUP,
                [q1, q2, q3, q4])
