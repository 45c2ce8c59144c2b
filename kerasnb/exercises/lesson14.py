"""Exercises of lesson 14 · The model builder."""

from __future__ import annotations

from . import _checks as c
from ._answers import ChoiceExercise
from ._exercise import CodeExercise, Wrong
from ._lesson import Lesson

SETUP = """
import numpy as np
import keras
import kerasnb as knb
from kerasnb.exercises import ____, lesson14 as ex

keras.utils.set_random_seed(0)
q3_builder = knb.ModelBuilder((8,), task="binary")
"""


def _builder(ns, name):
    from ..widgets import ModelBuilder

    found = c.value(ns, name)
    if not isinstance(found, ModelBuilder):
        raise Wrong(f"`{name}` should be a knb.ModelBuilder; it is a {type(found).__name__}.")
    return found


def _three_classes(ns):
    b = _builder(ns, "q1_builder")
    if tuple(b.input_shape) != (4,):
        raise Wrong(f"The builder's input shape is {b.input_shape}; iris has 4 measurements: "
                    "(4,).")
    c.output(b.model, 3, "softmax")
    if b.loss != "sparse_categorical_crossentropy":
        raise Wrong(f"The builder compiles with {b.loss!r}; check task and num_classes.")
    return f"The builder picked a {b.loss} model with 3 softmax outputs."


q1 = CodeExercise(
    "A builder for three classes",
    """
Make `q1_builder`, a `knb.ModelBuilder` for iris flowers: **4** measurements per flower, the
task `"multiclass"` with **3** classes. The builder picks the output layer and the loss.
""",
    starter="q1_builder = knb.ModelBuilder((____,), task=____, num_classes=____)",
    solution="q1_builder = knb.ModelBuilder((4,), task=\"multiclass\", num_classes=3)",
    hints=["The input shape is one sample's shape: (4,).",
           "task=\"multiclass\", num_classes=3."],
    check=_three_classes,
)


def _dropout(ns):
    b = _builder(ns, "q2_builder")
    kinds = [layer["kind"] for layer in b.spec]
    if "Dropout" not in kinds:
        raise Wrong(f"The layers are {kinds}; add a Dropout layer.")
    i = kinds.index("Dropout")
    if b.spec[i].get("rate") != 0.25:
        raise Wrong(f"The Dropout rate is {b.spec[i].get('rate')}; the task asks for 0.25.")
    if i != len(kinds) - 2:
        raise Wrong(f"Dropout is layer {i + 1} of {len(kinds)}; put it just before the "
                    "output layer (index=-1).")
    if b.errors:
        raise Wrong("The builder reports: " + "; ".join(map(str, b.errors)))
    return "Dropout(0.25) sits right before the output, and the model is valid."


q2 = CodeExercise(
    "Add a layer with the Python twin",
    """
`q2_builder` starts with the builder's default stack. Add a `Dropout` layer with rate
**0.25** just **before the output layer**, using the Python twin of the "+ Add layer" button.
""",
    starter="""
q2_builder = knb.ModelBuilder((4,), task="multiclass", num_classes=3)
q2_builder.add(____, index=-1, rate=____)
""",
    solution="""
q2_builder = knb.ModelBuilder((4,), task="multiclass", num_classes=3)
q2_builder.add("Dropout", index=-1, rate=0.25)
""",
    hints=["add takes the layer kind as a string, such as \"Dense\".",
           "q2_builder.add(\"Dropout\", index=-1, rate=0.25)"],
    check=_dropout,
)


def _code(ns):
    import keras

    b = _builder(ns, "q3_builder")
    code = c.value(ns, "q3_code")
    if not isinstance(code, str):
        raise Wrong(f"`q3_code` should be the text of the code (a str); it is a "
                    f"{type(code).__name__}.")
    scope: dict = {}
    exec(code, scope)
    rebuilt = scope.get("model")
    if not isinstance(rebuilt, keras.Model):
        raise Wrong("Running `q3_code` does not define a Keras `model`: use the builder's "
                    ".code.")
    if rebuilt.count_params() != b.model.count_params():
        raise Wrong("The code builds a different model from q3_builder's.")
    return f"The exported code rebuilds the model: {rebuilt.count_params()} parameters."


q3 = CodeExercise(
    "From clicks to code",
    """
Set `q3_code` to the Keras code of `q3_builder`'s model (what "Show code" shows). The check
runs it and compares the model it builds.
""",
    starter="q3_code = q3_builder.____",
    solution="q3_code = q3_builder.code",
    hints=["The builder has an attribute with runnable Python of its model.",
           "q3_builder.code"],
    check=_code,
)

q4 = ChoiceExercise(
    "When a combination does not fit",
    """
You set a `Conv2D` kernel larger than its input in the builder. What does `builder.model`
give you then?
""",
    choices={"a": "an error", "b": "the last valid model, while builder.errors explains the "
             "problem", "c": "None"},
    answer="b",
    explanation="The builder keeps the last valid model and code, like an editor keeps your "
                "last saved version, and lists what does not fit in builder.errors.",
    hints=["The lesson compares the builder with an editor.",
           "Look at builder.errors after a bad combination."],
    wrong={"a": "Only a value that makes no sense on its own (units=0) raises at once.",
           "c": "The builder never loses its last working model."},
    answer_name="q4_answer",
)

LESSON = Lesson(14, "The model builder", "14-model-builder.ipynb", SETUP, [q1, q2, q3, q4])
