"""Teachers: the exercises as nbgrader source notebooks, graded by the same checks.

``export(folder)`` writes ``folder/source/lessonNN/lessonNN.ipynb`` for each lesson, the
layout of an nbgrader course directory. In each notebook the set-up cell is locked, each
exercise's solution sits between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (nbgrader
replaces it with a stub in the students' version), and a locked, autograded test cell
runs the exercise's check: ``ex.q1.assert_correct()`` raises with the feedback unless
the answer passes.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ._lesson import Lesson
from ._notebook import _lines

_HEADER = """
import os

os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERASNB_QUIET", "1")
"""

_CONFIG = '''"""nbgrader settings for the kerasnb exercises (written by `kerasnb assignments export`)."""

c = get_config()  # noqa: F821 - provided by nbgrader
c.CourseDirectory.root = {root!r}
# Importing TensorFlow can take a while on a busy machine: give each cell time.
c.Execute.timeout = 300
'''


def _grader(cell_id: str, *, grade: bool, solution: bool, locked: bool,
            points: int | None = None) -> dict:
    meta = {"grade": grade, "grade_id": cell_id, "locked": locked, "schema_version": 3,
            "solution": solution}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _cell(kind: str, source: str, key: str, meta: dict | None = None) -> dict:
    cell = {"cell_type": kind, "id": hashlib.sha1(key.encode()).hexdigest()[:8],
            "metadata": meta or {}, "source": _lines(source)}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return dict(sorted(cell.items()))


def test_source(exercise) -> str:
    """The code of an exercise's autograded test cell."""
    if exercise.kind == "code":
        return f"ex.{exercise.name}.assert_correct()"
    return f"ex.{exercise.name}.assert_correct({exercise.answer_name})"


def assignment_notebook(lesson: Lesson, *, points: int = 1) -> dict:
    """One lesson's exercises as an nbgrader source notebook (a notebook dict)."""
    key = lesson.module
    intro = (f"# {lesson.number:02d} · {lesson.title}: exercises\n\n"
             f"Run the set-up cell first. Write your answer in each answer cell (the "
             f"commented starter shows the shape of the answer, with blanks `____` to fill "
             f"in). You can check yourself at any time with `ex.q1.check()`; the grader runs "
             f"the same checks.")
    cells = [_cell("markdown", intro, f"{key}:intro"),
             _cell("code", _HEADER.strip() + "\n\n" + lesson.setup, f"{key}:setup",
                   _grader(f"{key}-setup", grade=False, solution=False, locked=True))]
    for i, q in enumerate(lesson, 1):
        cells.append(_cell("markdown", f"## Exercise {i} · {q.title} ({points} point"
                           f"{'s' if points != 1 else ''})\n\n{q.prompt}", f"{q.id}:prompt"))
        starter = "\n".join("# " + line if line else "#" for line in q.starter.splitlines())
        answer = (f"# Starter, with blanks to fill in:\n{starter}\n\n### BEGIN SOLUTION\n"
                  f"{q.solution_code}\n### END SOLUTION")
        cells.append(_cell("code", answer, f"{q.id}:answer",
                           _grader(f"{q.name}-answer", grade=False, solution=True,
                                   locked=False)))
        cells.append(_cell("code", test_source(q), f"{q.id}:test",
                           _grader(f"{q.name}-test", grade=True, solution=False, locked=True,
                                   points=points)))
    return {"cells": cells,
            "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)",
                                        "language": "python", "name": "python3"},
                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def export(folder: str | Path, lessons: list[int] | None = None, *,
           force: bool = False) -> list[Path]:
    """Write nbgrader source notebooks into the course directory ``folder``.

    Args:
        folder: The nbgrader course directory (created if missing). The notebooks go
            to ``source/lessonNN/lessonNN.ipynb``; an ``nbgrader_config.py`` naming the
            folder is written when there is none.
        lessons: Lesson numbers to export (default: all, 1 to 15).
        force: Overwrite notebooks that are already there.

    Returns:
        The notebooks written.
    """
    from .._validate import bad_type, check_int
    from . import lessons as all_lessons

    if not isinstance(folder, (str, os.PathLike)):
        raise bad_type("folder", "a folder path (str or Path)", folder)
    if lessons is not None:
        if isinstance(lessons, (str, bytes)) or not hasattr(lessons, "__iter__"):
            raise bad_type("lessons", "a list of lesson numbers from 1 to 15", lessons)
        lessons = [check_int("lessons", n, low=1, high=15) for n in lessons]
    root = Path(folder).expanduser().resolve()
    chosen = [ls for ls in all_lessons() if lessons is None or ls.number in set(lessons)]
    written = []
    for lesson in chosen:
        target = root / "source" / lesson.module / f"{lesson.module}.ipynb"
        if target.exists() and not force:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(assignment_notebook(lesson), indent=1, ensure_ascii=False) + "\n"
        target.write_text(text, encoding="utf-8")
        written.append(target)
    config = root / "nbgrader_config.py"
    if not config.exists():
        config.write_text(_CONFIG.format(root=str(root)), encoding="utf-8")
    return written
