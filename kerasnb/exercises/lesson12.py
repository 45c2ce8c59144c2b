"""Exercises of lesson 12 · Sequences: text and time."""

from __future__ import annotations

import numpy as np

from . import _checks as c
from ._answers import ChoiceExercise, NumberExercise
from ._exercise import CodeExercise, Wrong
from ._lesson import Lesson

SETUP = """
import numpy as np
import keras
from keras import layers
import kerasnb as knb
from kerasnb.exercises import ____, lesson12 as ex

keras.utils.set_random_seed(0)
q1_texts = ["a great film with a great cast", "boring and far too long",
            "the best film of the year", "i fell asleep, too long and boring"]
q3_series = np.arange(10.0) ** 2     # 0, 1, 4, 9, ... one value per time step
"""


def _vectorizer(ns):
    import keras

    vec = c.value(ns, "q1_vectorizer")
    if not isinstance(vec, keras.layers.TextVectorization):
        raise Wrong(f"`q1_vectorizer` should be a layers.TextVectorization; it is a "
                    f"{type(vec).__name__}.")
    config = vec.get_config()
    if config.get("max_tokens") != 100:
        raise Wrong(f"max_tokens is {config.get('max_tokens')}; the task asks for 100.")
    if config.get("output_sequence_length") != 8:
        raise Wrong(f"output_sequence_length is {config.get('output_sequence_length')}; every "
                    "text should become 8 numbers.")
    if vec.vocabulary_size() <= 2:
        raise Wrong("The vocabulary is empty: call q1_vectorizer.adapt(q1_texts) first.")
    out = keras.ops.convert_to_numpy(vec(ns["q1_texts"]))
    return f"{vec.vocabulary_size()} words learned; the 4 texts become an array of shape " \
           f"{out.shape}."


q1 = CodeExercise(
    "Text to numbers",
    """
Make `q1_vectorizer`, a `TextVectorization` layer with at most **100** words that turns each
text into exactly **8** word ids, and let it learn its vocabulary from `q1_texts`.
""",
    starter="""
q1_vectorizer = layers.TextVectorization(max_tokens=____, output_sequence_length=____)
q1_vectorizer.____(q1_texts)
""",
    solution="""
q1_vectorizer = layers.TextVectorization(max_tokens=100, output_sequence_length=8)
q1_vectorizer.adapt(q1_texts)
""",
    hints=["output_sequence_length pads or cuts every text to that many ids.",
           "A preprocessing layer learns its vocabulary with .adapt(texts)."],
    check=_vectorizer,
)

q2 = NumberExercise(
    "Parameters of an LSTM",
    """
How many parameters does `layers.LSTM(32)` have on sequences of **16** features per step?
Set `q2_answer`.
""",
    answer=4 * (32 * (16 + 32) + 32),
    explanation="An LSTM has 4 gates; each is a Dense layer on [input, previous state]: "
                "4 × (32 × (16 + 32) + 32) = 6,272.",
    hints=["Each of the 4 gates sees the 16 inputs and the 32 previous outputs.",
           "Per gate: 32 × (16 + 32) weights + 32 biases; then times 4."],
    wrong=[lambda a, r: "that is one gate; an LSTM has four." if a == r / 4 else None,
           lambda a, r: "the gates also see the previous state (32 numbers), not only the 16 "
           "inputs." if a == 4 * (32 * 16 + 32) else None],
    answer_name="q2_answer",
)


def _windows(ns):
    series = ns["q3_series"]
    x, y = c.value(ns, "q3_x"), c.value(ns, "q3_y")
    want_x = np.array([series[i:i + 3] for i in range(len(series) - 3)])
    want_y = series[3:]
    if np.shape(x) != want_x.shape:
        raise Wrong(f"`q3_x` has shape {np.shape(x)}; with a window of 3 over 10 steps it "
                    f"should be {want_x.shape}.")
    c.close(x, want_x, "q3_x")
    if np.shape(y) == want_y.shape and np.allclose(y, series[2:-1]):
        raise Wrong("`q3_y` is the last value of each window; the target is the value after "
                    "it.")
    c.close(y, want_y, "q3_y")
    return "7 windows of 3 steps, each with the next value as its target."


q3 = CodeExercise(
    "Windows over a series",
    """
Cut `q3_series` (10 values) into windows of **3** steps: `q3_x` has one window per row, and
`q3_y` the value right **after** each window.
""",
    starter="""
q3_x = np.array([q3_series[i:i + ____] for i in range(len(q3_series) - 3)])
q3_y = q3_series[____:]
""",
    solution="""
q3_x = np.array([q3_series[i:i + 3] for i in range(len(q3_series) - 3)])
q3_y = q3_series[3:]
""",
    hints=["Each window is q3_series[i:i + 3].",
           "The first target is the value at position 3."],
    check=_windows,
)

q4 = ChoiceExercise(
    "The baseline to beat",
    """
Before training a forecasting model, which baseline should you measure first?
""",
    choices={"a": "a random guess", "b": "repeat the last value of the window",
             "c": "the largest value ever seen"},
    answer="b",
    explanation="Tomorrow is often like today: 'repeat the last value' is hard to beat, and "
                "a model that does worse has learned nothing useful.",
    hints=["A good baseline is simple and often surprisingly good.",
           "How does the weather tomorrow compare with today?"],
    wrong={"a": "Beating a random guess proves little.",
           "c": "That ignores where the series is now."},
    answer_name="q4_answer",
)

LESSON = Lesson(12, "Sequences: text and time", "12-sequences-text-and-time.ipynb", SETUP,
                [q1, q2, q3, q4])
