"""Checked exercises for every lesson: ``check()``, ``hint()`` and ``solution()``.

Each lesson 01-15 ends with a few exercises. In a notebook::

    from kerasnb.exercises import ____, lesson01 as ex
    ex.q1.hint()        # a nudge; call again for a stronger one
    ex.q1.check()       # reads your variables (the model, the history) and says what is wrong
    ex.q1.solution()    # shows the code of a solution, without running it
    ex.q3.check("b")    # multiple-choice and number questions take the answer

Correct answers are recorded on this computer only (`knb.progress()` shows them).
"""

from __future__ import annotations

import importlib
import re
from typing import Any

from ._blank import Blank, BlankError, ____, has_blank
from ._exercise import Exercise, Wrong
from ._feedback import Feedback
from ._notebook import fill_solutions
from ._progress import progress

LESSON_NUMBERS = tuple(range(1, 16))

__all__ = ["____", "Blank", "BlankError", "Exercise", "Feedback", "Wrong", "has_blank",
           "lessons", "get", "progress", "fill_solutions", *(f"lesson{n:02d}" for n in LESSON_NUMBERS)]


def __getattr__(name: str) -> Any:
    if re.fullmatch(r"lesson\d\d", name) and int(name[6:]) in LESSON_NUMBERS:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def lessons() -> list:
    """Every lesson's `Lesson` (its exercises), 01 to 15."""
    from importlib.util import find_spec

    names = [f"{__name__}.lesson{n:02d}" for n in LESSON_NUMBERS]
    return [importlib.import_module(name).LESSON for name in names if find_spec(name)]


def get(exercise_id: str) -> Exercise:
    """The exercise named ``exercise_id``, such as ``"lesson01.q2"``."""
    from .._validate import bad_value

    match = re.fullmatch(r"lesson(\d\d)\.(q\d+)", str(exercise_id))
    if not match or int(match[1]) not in LESSON_NUMBERS:
        raise bad_value("exercise_id", "a name such as 'lesson01.q2'", exercise_id)
    module = importlib.import_module(f"{__name__}.lesson{match[1]}")
    found = getattr(module, match[2], None)
    if not isinstance(found, Exercise):
        raise bad_value("exercise_id", f"an exercise of lesson {match[1]}", exercise_id)
    return found

