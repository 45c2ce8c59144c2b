"""The exercise cells of a lesson notebook: build them, append them, fill in the solutions.

Each cell carries ``metadata.kerasnb = {"exercise": id, "role": ...}`` (roles:
intro, setup, prompt, starter, check, progress), so the section can be rebuilt and a
test can run a copy of the notebook with the starter cells replaced by the solutions.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ._lesson import Lesson

_KEEP_LOCAL = ("09-", "14-")  # lessons whose end we only append to


def _cell(kind: str, source: str, role: str, exercise: str, *, tags=()) -> dict:
    meta: dict = {"kerasnb": {"exercise": exercise, "role": role}}
    if tags:
        meta["tags"] = list(tags)
    cell = {"cell_type": kind, "id": hashlib.sha1(f"{exercise}:{role}".encode()).hexdigest()[:8],
            "metadata": meta, "source": _lines(source)}
    if kind == "code":
        cell["execution_count"] = None
        cell["outputs"] = []
    return dict(sorted(cell.items()))


def _lines(text: str) -> list[str]:
    lines = text.strip("\n").split("\n")
    return [line + "\n" for line in lines[:-1]] + [lines[-1]]


def check_cell_source(exercise) -> str:
    """The check cell under a starter: the check, with hint and solution commented out."""
    lines = [exercise.check_call]
    if exercise.kind == "choice":
        lines.append(f"# ex.{exercise.name}.ask()       # the same question as radio buttons")
    lines += [f"# ex.{exercise.name}.hint()      # a hint; call it again for a stronger one",
              f"# ex.{exercise.name}.solution()  # the code of a solution (not run)"]
    return "\n".join(lines)


def lesson_cells(lesson: Lesson) -> list[dict]:
    """The cells of a lesson's checked exercises, to append at the end of its notebook."""
    key = lesson.module
    intro = ("## Checked exercises\n\nFill in each blank `____`, run the cell, then run the "
             "check under it: `ex.q1.check()` reads your variables (your model, your history, "
             "your answer) and says in plain words what is right or wrong. "
             "`ex.q1.hint()` gives a hint (call it again for a stronger one) and "
             "`ex.q1.solution()` shows a solution without running it. First run the set-up "
             "cell: it loads what the exercises use.\n\nEvery correct check is saved on this "
             "computer only, and `knb.progress()` shows the course map with what you solved.")
    cells = [_cell("markdown", intro, "intro", key),
             _cell("code", lesson.setup, "setup", key)]
    for i, q in enumerate(lesson, 1):
        cells.append(_cell("markdown", f"### Exercise {i} · {q.title}\n\n{q.prompt}", "prompt",
                           q.id))
        cells.append(_cell("code", q.starter, "starter", q.id, tags=["raises-exception"]))
        cells.append(_cell("code", check_cell_source(q), "check", q.id))
    cells.append(_cell("code", "knb.progress()   # what you have solved, lesson by lesson",
                       "progress", key))
    return cells


def _is_ours(cell: dict) -> bool:
    return "kerasnb" in cell.get("metadata", {})


def append_exercises(path: str | Path, lesson: Lesson) -> None:
    """Put the lesson's exercise cells at the end of its notebook (replacing older ones).

    The closing "Next" link stays last: a final "Next: ..." line or cell is moved
    after the exercises (for the lessons in ``_KEEP_LOCAL`` it is repeated instead).
    """
    path = Path(path)
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if not _is_ours(c)]
    ending = None
    last = cells[-1]
    text = "".join(last["source"]) if last["cell_type"] == "markdown" else ""
    lines = text.rstrip("\n").split("\n")
    final = lines[-1]
    is_next = final.startswith("Next:") or "end of the course" in final
    if is_next and not path.name.startswith(_KEEP_LOCAL):
        if len(lines) == 1:
            ending = cells.pop()
        else:
            last["source"] = _lines("\n".join(lines[:-1]).rstrip("\n"))
            ending = _cell("markdown", final, "next", lesson.module)
            ending["metadata"] = {}  # now the lesson's own closing cell
    elif is_next:
        ending = _cell("markdown", final, "next", lesson.module)
    nb["cells"] = cells + lesson_cells(lesson) + ([ending] if ending else [])
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def fill_solutions(path: str | Path) -> int:
    """Replace every starter cell of a notebook by its solution; return how many were filled.

    Used on a copy of a lesson notebook, so that the test run executes every exercise
    solved while the stored notebook keeps its blanks.
    """
    from . import get

    path = Path(path)
    nb = json.loads(path.read_text(encoding="utf-8"))
    filled = 0
    for cell in nb["cells"]:
        info = cell.get("metadata", {}).get("kerasnb", {})
        if info.get("role") == "starter":
            cell["source"] = _lines(get(info["exercise"]).solution_code)
            filled += 1
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return filled
