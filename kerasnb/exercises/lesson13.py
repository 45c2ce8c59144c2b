"""Exercises of lesson 13 · Transfer learning and augmentation."""

from __future__ import annotations

from . import _checks as c
from ._answers import ChoiceExercise
from ._exercise import CodeExercise, Wrong
from ._lesson import Lesson

SETUP = """
import numpy as np
import keras
from keras import layers
import kerasnb as knb
from kerasnb.exercises import ____, lesson13 as ex

keras.utils.set_random_seed(0)


def small_base():
    # Stands in for a pretrained base such as keras.applications.MobileNetV2(include_top=False).
    return keras.Sequential([keras.Input(shape=(32, 32, 3)),
                             layers.Conv2D(8, 3, activation="relu"), layers.MaxPooling2D(),
                             layers.Conv2D(16, 3, activation="relu")], name="base")
"""


def _frozen(ns):
    m = c.model(ns, "q1_model")
    base = c.model(ns, "q1_base")
    if base not in m.layers:
        raise Wrong("`q1_base` is not a layer of `q1_model`: put it first in the Sequential.")
    if base.trainable:
        raise Wrong("The base is still trainable: set q1_base.trainable = False so training "
                    "does not wreck what it learned.")
    c.output(m, 3, "softmax")
    trainable = sum(int(w.numpy().size) for w in m.trainable_weights)
    if trainable != 16 * 3 + 3:
        raise Wrong(f"{trainable} weights are trainable; only the new top (51) should be.")
    return "Only the new top's 51 weights train; the base keeps what it knows."


q1 = CodeExercise(
    "Freeze the base, add a new top",
    """
Freeze `q1_base = small_base()` and put a new top on it: global average pooling and a
**3**-class softmax output. Only the top's weights may be trainable.
""",
    starter="""
q1_base = small_base()
q1_base.trainable = ____
q1_model = keras.Sequential([
    q1_base,
    layers.GlobalAveragePooling2D(),
    layers.Dense(____, activation="softmax"),
])
""",
    solution="""
q1_base = small_base()
q1_base.trainable = False
q1_model = keras.Sequential([
    q1_base,
    layers.GlobalAveragePooling2D(),
    layers.Dense(3, activation="softmax"),
])
""",
    hints=["A frozen layer has trainable set to False.", "Three classes: Dense(3)."],
    check=_frozen,
)


def _augment(ns):
    import keras

    aug = c.value(ns, "q2_augment")
    kinds = {type(layer).__name__: layer for layer in getattr(aug, "layers", [])}
    flip, rot = kinds.get("RandomFlip"), kinds.get("RandomRotation")
    if flip is None or rot is None:
        raise Wrong(f"`q2_augment` has {sorted(kinds)}; it needs a RandomFlip and a "
                    "RandomRotation layer.")
    if flip.mode != "horizontal":
        raise Wrong(f"RandomFlip mode is {flip.mode!r}; flip only \"horizontal\"ly (an "
                    "upside-down cat is rare).")
    factor = rot.get_config()["factor"]
    if max(abs(f) for f in (factor if isinstance(factor, (list, tuple)) else [factor])) != 0.1:
        raise Wrong(f"RandomRotation factor is {factor}; the task asks for 0.1 (±36°).")
    out = aug(keras.ops.ones((1, 8, 8, 3)), training=True)
    return f"Mirror and turn a little, only while training; output shape {tuple(out.shape)}."


q2 = CodeExercise(
    "Augmentation layers",
    """
Make `q2_augment`, a `Sequential` of two augmentation layers: a **horizontal** flip and a
rotation by up to **0.1** of a full turn.
""",
    starter="""
q2_augment = keras.Sequential([
    layers.RandomFlip(____),
    layers.RandomRotation(____),
])
""",
    solution="""
q2_augment = keras.Sequential([
    layers.RandomFlip("horizontal"),
    layers.RandomRotation(0.1),
])
""",
    hints=["RandomFlip takes a mode: \"horizontal\", \"vertical\" or both.",
           "RandomRotation's factor is a fraction of a full turn: 0.1."],
    check=_augment,
)

q3 = ChoiceExercise(
    "Fine-tuning",
    """
After training the new top, you unfreeze the base to fine-tune it. Which learning rate?
""",
    choices={"a": "the same as before", "b": "about 10 to 100 times smaller",
             "c": "10 times larger, to finish faster"},
    answer="b",
    explanation="The base's weights are already good: small steps adjust them without "
                "destroying what they learned.",
    hints=["The pretrained weights are close to what you want.",
           "Large steps on good weights undo them."],
    wrong={"a": "Steps that suited a random top can wreck the base's good weights.",
           "c": "Large steps destroy the pretrained features."},
    answer_name="q3_answer",
)

q4 = ChoiceExercise(
    "When augmentation works",
    """
A model starts with `layers.RandomFlip("horizontal")`. When does that layer change images?
""",
    choices={"a": "in fit() only (training)", "b": "in fit(), evaluate() and predict()",
             "c": "never: it only declares an option"},
    answer="a",
    explanation="Augmentation layers are active only in training; evaluate and predict see "
                "the images unchanged.",
    hints=["Should a test score depend on random flips?",
           "Layers like Dropout and RandomFlip look at the training flag."],
    wrong={"b": "Then test scores would be random: predict sees unchanged images.",
           "c": "It flips at random in every training batch."},
    answer_name="q4_answer",
)

LESSON = Lesson(13, "Transfer learning and augmentation",
                "13-transfer-learning-and-augmentation.ipynb", SETUP, [q1, q2, q3, q4])
