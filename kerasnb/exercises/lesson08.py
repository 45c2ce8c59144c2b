"""Exercises of lesson 08 · Saving and loading."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import _checks as c
from ._answers import ChoiceExercise
from ._exercise import CodeExercise, Wrong
from ._lesson import Lesson

SETUP = """
import tempfile
from pathlib import Path

import numpy as np
import keras
from keras import layers
import kerasnb as knb
from kerasnb.exercises import ____, lesson08 as ex

keras.utils.set_random_seed(0)
ex_folder = Path(tempfile.mkdtemp(prefix="kerasnb-exercises-"))


def small_model():
    model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(8, activation="relu"),
                              layers.Dense(3, activation="softmax")])
    return model


q1_model = small_model()
ex_x = np.random.default_rng(0).normal(size=(5, 4)).astype("float32")
"""


def _same_predictions(a, b, x, what: str) -> None:
    pa, pb = a.predict(x, verbose=0), b.predict(x, verbose=0)
    if not np.allclose(pa, pb, atol=1e-6):
        raise Wrong(f"{what} predicts differently from the original: its weights are not the "
                    "saved ones.")


def _saved(ns):
    import keras

    path = Path(c.value(ns, "q1_path"))
    if path.suffix != ".keras":
        raise Wrong(f"{path.name!r} does not end in .keras, the Keras 3 file for a whole model.")
    if not path.is_file():
        raise Wrong(f"There is no file {str(path)!r} yet: call q1_model.save(q1_path).")
    loaded = c.model(ns, "q1_loaded")
    if loaded is ns["q1_model"]:
        raise Wrong("`q1_loaded` is the original model itself: load it from the file with "
                    "keras.models.load_model(q1_path).")
    if not isinstance(loaded, keras.Model):
        raise Wrong("`q1_loaded` should be a Keras model.")
    _same_predictions(ns["q1_model"], loaded, ns["ex_x"], "`q1_loaded`")
    return "Saved and loaded: the copy predicts exactly like the original."


q1 = CodeExercise(
    "Save and reload a whole model",
    """
Save `q1_model` as a whole model in the folder `ex_folder` (a `Path`), then load it back as
`q1_loaded`. The check compares their predictions.
""",
    starter="""
q1_path = ex_folder / ____
q1_model.save(q1_path)
q1_loaded = keras.models.load_model(____)
""",
    solution="""
q1_path = ex_folder / "q1_model.keras"
q1_model.save(q1_path)
q1_loaded = keras.models.load_model(q1_path)
""",
    hints=["In Keras 3 a whole model is saved in a file ending in .keras.",
           "keras.models.load_model takes the same path."],
    check=_saved,
)


def _weights(ns):
    path = Path(c.value(ns, "q2_path"))
    if not path.name.endswith(".weights.h5"):
        raise Wrong(f"{path.name!r} does not end in .weights.h5: Keras 3 refuses other names "
                    "for weights files.")
    if not path.is_file():
        raise Wrong(f"There is no file {str(path)!r}: call q1_model.save_weights(q2_path).")
    fresh = c.model(ns, "q2_fresh")
    if fresh is ns["q1_model"]:
        raise Wrong("`q2_fresh` is the original model: build a new one with small_model().")
    _same_predictions(ns["q1_model"], fresh, ns["ex_x"], "`q2_fresh`")
    return "Weights only: a fresh model with the same blueprint got the trained numbers back."


q2 = CodeExercise(
    "Weights only",
    """
Save only the weights of `q1_model` in `ex_folder`, build a fresh model with `small_model()`
(same blueprint, random weights) as `q2_fresh`, and load the weights into it.
""",
    starter="""
q2_path = ex_folder / ____
q1_model.save_weights(q2_path)
q2_fresh = small_model()
q2_fresh.____(q2_path)
""",
    solution="""
q2_path = ex_folder / "q1_model.weights.h5"
q1_model.save_weights(q2_path)
q2_fresh = small_model()
q2_fresh.load_weights(q2_path)
""",
    hints=["Keras 3 weights files end in .weights.h5.",
           "The method that reads them back is load_weights."],
    check=_weights,
)

q3 = ChoiceExercise(
    "A Keras 2 habit",
    """
Which of these calls stops with a `ValueError` in Keras 3? (`knb.check(None, save_path=...)`
knows too.)
""",
    choices={"a": "model.save(\"model.keras\")", "b": "model.save(\"model.h5\")",
             "c": "model.save_weights(\"weights.h5\")",
             "d": "model.save_weights(\"model.weights.h5\")"},
    answer="c",
    explanation="Keras 3 insists that a weights file ends in .weights.h5 (knb.check reports "
                "KNB503); model.save(\"model.h5\") still works, in the legacy format.",
    hints=["Two of these are the recommended Keras 3 names.",
           "Legacy .h5 whole models still load and save, with a warning."],
    wrong={"a": "That is the recommended Keras 3 format.",
           "b": "It works, with a warning that the format is legacy (KNB501).",
           "d": "That is the Keras 3 name for a weights file."},
    answer_name="q3_answer",
)


def _checkpoint(ns):
    import keras

    from ..doctor import check

    cb = c.value(ns, "q4_callback")
    if not isinstance(cb, keras.callbacks.ModelCheckpoint):
        raise Wrong(f"`q4_callback` should be keras.callbacks.ModelCheckpoint; it is a "
                    f"{type(cb).__name__}.")
    problems = [f for f in check(None, callbacks=[cb]) if f.severity in ("error", "warning")]
    if problems:
        raise Wrong("knb.check says: " + " ".join(f"{f.code}: {f.message}" for f in problems))
    if not str(cb.filepath).endswith(".keras"):
        raise Wrong(f"The path {str(cb.filepath)!r} should end in .keras (a whole model).")
    if cb.monitor != "val_accuracy":
        raise Wrong(f"It monitors {cb.monitor!r}; the task asks for \"val_accuracy\".")
    if not cb.save_best_only:
        raise Wrong("Without save_best_only=True every epoch overwrites the file, the best "
                    "one too.")
    return "It keeps the epoch with the best validation accuracy in a .keras file."


q4 = CodeExercise(
    "Keep the best model",
    """
Make `q4_callback`, a `ModelCheckpoint` that writes a whole model to `ex_folder / "best.keras"`,
monitors **`val_accuracy`** and keeps only the **best** epoch.
""",
    starter="""
q4_callback = keras.callbacks.ModelCheckpoint(ex_folder / ____, monitor=____,
                                              save_best_only=____)
""",
    solution="""
q4_callback = keras.callbacks.ModelCheckpoint(ex_folder / "best.keras", monitor="val_accuracy",
                                              save_best_only=True)
""",
    hints=["The file name is given in the task.",
           "monitor=\"val_accuracy\" and save_best_only=True."],
    check=_checkpoint,
)

LESSON = Lesson(8, "Saving and loading", "08-saving-and-loading.ipynb", SETUP, [q1, q2, q3, q4])
