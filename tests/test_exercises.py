"""Every exercise's solution passes its own check; its starter (blanks unfilled) fails it kindly.

The checks read the learner's objects from a namespace, exactly as they read the
notebook's in a kernel: each test runs the lesson's set-up cell, then the starter or
the solution cell, in a fresh namespace.
"""

from __future__ import annotations

import contextlib

import pytest

from kerasnb import exercises
from kerasnb.exercises import Blank, BlankError, ____
from kerasnb.exercises._notebook import check_cell_source

LESSONS = exercises.lessons()
ALL = [q for lesson in LESSONS for q in lesson]
_SETUPS: dict[int, dict] = {}


@pytest.fixture(autouse=True)
def _own_progress(tmp_path, monkeypatch):
    monkeypatch.setenv("KERASNB_PROGRESS_DIR", str(tmp_path / "progress"))


def _namespace(exercise) -> dict:
    if exercise.lesson not in _SETUPS:
        ns: dict = {"__name__": "__main__"}
        lesson = next(ls for ls in LESSONS if ls.number == exercise.lesson)
        exec(compile(lesson.setup, f"<setup {lesson.module}>", "exec"), ns)
        _SETUPS[exercise.lesson] = ns
    return dict(_SETUPS[exercise.lesson])


def test_every_lesson_has_three_to_five_exercises():
    assert [ls.number for ls in LESSONS] == list(range(1, 16))
    assert all(3 <= len(ls) <= 5 for ls in LESSONS), [len(ls) for ls in LESSONS]
    assert len(ALL) >= 55
    assert len({q.id for q in ALL}) == len(ALL)


@pytest.mark.parametrize("exercise", ALL, ids=[q.id for q in ALL])
def test_solution_passes_its_check(exercise):
    ns = _namespace(exercise)
    exec(compile(exercise.solution_code, f"<solution {exercise.id}>", "exec"), ns)
    feedback = exercise.check(namespace=ns)
    assert feedback.correct, str(feedback)
    assert feedback.message
    assert exercise.id in exercises.progress().done


@pytest.mark.parametrize("exercise", ALL, ids=[q.id for q in ALL])
def test_starter_fails_with_a_helpful_message(exercise):
    assert "____" in exercise.starter
    ns = _namespace(exercise)
    # A blank used as a number or a shape stops the cell, as it does in a notebook.
    with contextlib.suppress(Exception):
        exec(compile(exercise.starter, f"<starter {exercise.id}>", "exec"), ns)
    feedback = exercise.check(namespace=ns)
    assert not feedback.correct
    assert feedback.kind in ("blank", "incorrect")
    assert "stopped on an error" not in feedback.message, feedback.message
    if feedback.kind == "blank":
        assert "____" in feedback.message or "not defined" in feedback.message, feedback.message
    else:  # the blank stopped the cell half way: the check says what is still missing
        assert len(feedback.message) > 30, feedback.message
    assert exercise.id not in exercises.progress().done
    # the notebook's check cell under the starter runs without raising, blanks and all
    exec(compile(check_cell_source(exercise), f"<check {exercise.id}>", "exec"), ns)


@pytest.mark.parametrize("exercise", ALL, ids=[q.id for q in ALL])
def test_hints_and_solution_are_shown_not_run(exercise):
    assert len(exercise.hints) >= 2
    first, second = exercise.hint(), exercise.hint()
    assert first.kind == second.kind == "hint" and first.message != second.message
    assert exercise.hint(1).message.startswith(exercise.hints[0])
    shown = exercise.solution()
    assert shown.kind == "solution" and shown.code == exercise.solution_code
    bundle = shown._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    assert exercise.check_call.startswith(f"ex.{exercise.name}.check(")


def test_hint_level_is_checked():
    q = exercises.lesson01.q1
    with pytest.raises(ValueError, match="`level`"):
        q.hint(0)
    with pytest.raises(ValueError, match="`level`"):
        q.hint(len(q.hints) + 1)


def test_the_blank_explains_itself():
    assert Blank() is ____ and repr(____) == "____"
    for use in (lambda: int(____), lambda: ____ + 1, lambda: list(____), lambda: ____()):
        with pytest.raises(BlankError, match="replace every ____"):
            use()
    assert exercises.has_blank({"a": [1, (2, ____)]}) and not exercises.has_blank([1, 2])


def test_exercise_objects_show_themselves_with_text_plain():
    lesson = exercises.lessons()[0]
    q = lesson.exercises[0]
    shown = {"feedback": (q.hint(1), {"text/plain", "text/html"}),
             "lesson": (lesson, {"text/plain", "text/html"}),
             "exercise": (q, {"text/plain", "text/markdown"})}
    for what, (obj, kinds) in shown.items():
        bundle = obj._repr_mimebundle_()
        assert set(bundle) == kinds, what
        assert bundle["text/plain"].strip(), what
    assert q.title in shown["exercise"][0]._repr_mimebundle_()["text/plain"]
    assert "Lesson 01" in lesson._repr_mimebundle_()["text/plain"]


def test_feedback_escapes_html():
    fb = exercises.Feedback("incorrect", "lesson01.q1", "<script>x</script> & more", code="a<b")
    html = fb._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "a&lt;b" in html
    assert str(fb).startswith("✗ Not yet · lesson01.q1")
    assert not fb and exercises.Feedback("correct", "x", "ok")


def test_wrong_answers_get_specific_feedback():
    q = exercises.lesson01.q2
    assert "bias" in q.check(240, namespace={}).message
    assert "not a number" in q.check("many", namespace={}).message
    assert q.check("248", namespace={}).correct
    choice = exercises.lesson03.q2
    said = choice.check("softmax", namespace={})
    assert not said and "always 1.0" in said.message
    assert "not one of the options" in choice.check("tanh", namespace={}).message
    assert choice.check("SIGMOID", namespace={}).correct


def test_output_layer_feedback_names_the_mistake():
    import keras

    ns = {"q1_model": keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8),
                                        keras.layers.Dense(1, activation="softmax")])}
    said = exercises.lesson03.q1.check(namespace=ns)
    assert "1 unit with softmax" in said.message and "always 1.0" in said.message


def test_choice_widget_calls_the_same_check():
    w = exercises.lesson03.q4.ask()
    assert w.submit() is None and "Pick an option" in w.result.value
    w.pick("a")
    assert not w.submit().correct and "Not yet" in w.result.value
    w.options.value = "b"
    w.button.click()
    assert w.feedback.correct and "Correct" in w.result.value
    assert "lesson03.q4" in repr(w)


def test_namespace_must_be_a_mapping():
    with pytest.raises(TypeError, match="`namespace`"):
        exercises.lesson01.q1.check(namespace=["q1_model"])
    assert "lesson01.q1" in exercises.lesson01.q1._repr_markdown_()


def test_get_finds_exercises_by_name():
    assert exercises.get("lesson02.q3") is exercises.lesson02.q3
    with pytest.raises(ValueError, match="`exercise_id`"):
        exercises.get("lesson99.q1")
    with pytest.raises(ValueError, match="`exercise_id`"):
        exercises.get("lesson01.q9")


@pytest.mark.parametrize("lesson", LESSONS, ids=[ls.module for ls in LESSONS])
def test_lesson_notebook_ends_with_its_exercises(lesson):
    """The notebook holds the same starters and checks as the package, blanks kept."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "notebooks" / lesson.notebook
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    ours = [(c["metadata"]["kerasnb"], "".join(c["source"]), c) for c in cells
            if "kerasnb" in c["metadata"]]
    starters = {info["exercise"]: (src, cell) for info, src, cell in ours
                if info["role"] == "starter"}
    assert list(starters) == [q.id for q in lesson]
    for q in lesson:
        src, cell = starters[q.id]
        assert src == q.starter and "____" in src
        assert "raises-exception" in cell["metadata"]["tags"]
    checks = [src for info, src, _ in ours if info["role"] == "check"]
    assert [src.splitlines()[0] for src in checks] == [q.check_call for q in lesson]
    setup = next(src for info, src, _ in ours if info["role"] == "setup")
    assert setup == lesson.setup and f"{lesson.module} as ex" in setup
    first = next(i for i, c in enumerate(cells) if "kerasnb" in c["metadata"])
    assert all("kerasnb" in c["metadata"] for c in cells[first:-1])  # appended at the end
    last = "".join(cells[-1]["source"])
    assert last.startswith("Next:") or "end of the course" in last


def test_history_checks_read_any_history():
    from kerasnb._history import History
    from kerasnb.exercises import _checks

    history = History({"loss": [1.0, 0.5], "val_accuracy": [0.5, 0.7]})

    class Run:  # a LivePlot, a Playground: anything with a .history
        pass

    run = Run()
    run.history = history
    for given in (history, run, {"loss": [1.0, 0.5], "val_accuracy": [0.5, 0.7]}):
        got = _checks.history_dict({"h": given}, "h")
        assert got == {"loss": [1.0, 0.5], "val_accuracy": [0.5, 0.7]}
    for bad in (3.0, {}, Run()):
        with pytest.raises(exercises.Wrong, match="`h` should be what model.fit returns"):
            _checks.history_dict({"h": bad}, "h")
