"""Scenario 8: checked exercises in JupyterLab: a failing check, a passing one, radio buttons."""

import pytest
from labdriver import error_outputs, output_locator, run_all, shoot

pytestmark = pytest.mark.browser

WRONG = """\
import keras
from keras import layers
from kerasnb.exercises import ____, lesson03 as ex

q1_model = keras.Sequential([
    keras.Input(shape=(4,)),
    layers.Dense(8, activation="relu"),
    layers.Dense(1, activation="softmax"),
])
ex.q1.check()
"""

RIGHT = """\
q1_model = keras.Sequential([
    keras.Input(shape=(4,)),
    layers.Dense(8, activation="relu"),
    layers.Dense(3, activation="softmax"),
])
ex.q1.check()
"""

ASK = "ex.q4.ask()"


def test_checks_show_coloured_feedback_and_radio_buttons_answer(notebook):
    page = notebook("exercises.ipynb", [WRONG, RIGHT, ASK])
    assert run_all(page), error_outputs(page)
    failing = output_locator(page, 0).locator(".knb-exercise-incorrect")
    failing.wait_for()
    assert "1 unit with softmax" in failing.inner_text()
    assert "always 1.0" in failing.inner_text()
    passing = output_locator(page, 1).locator(".knb-exercise-correct")
    passing.wait_for()
    assert "Correct" in passing.inner_text()
    shoot(page, "exercises", page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) "
                                          ".jp-Notebook .jp-Cell").nth(0).locator(".."))

    # the radio buttons call the same check as ex.q4.check(answer)
    question = output_locator(page, 2)
    radios = question.locator(".widget-radio-box label")
    assert radios.count() == 3
    radios.nth(0).click()
    question.get_by_role("button", name="Check").click()
    question.locator(".knb-exercise-incorrect").wait_for()
    radios.nth(1).click()
    question.get_by_role("button", name="Check").click()
    question.locator(".knb-exercise-correct").wait_for()
    shoot(page, "exercises-choice", question)
    assert not error_outputs(page), error_outputs(page)
