"""A lesson's exercises, in order, with the set-up cell they need."""

from __future__ import annotations

import html
from collections.abc import Iterator

from .._repr import ShowsItself
from ._exercise import Exercise


class Lesson(ShowsItself):
    """The exercises at the end of one lesson.

    Args:
        number: The lesson number, 1 to 15.
        title: The lesson's title.
        notebook: The lesson's notebook file name.
        setup: Code run once before the exercises (imports, the data they use);
            the exercise section of the notebook and the nbgrader notebook both start
            with it.
        exercises: The exercises in order; they are named ``q1``, ``q2``, ...
    """

    def __init__(self, number: int, title: str, notebook: str, setup: str,
                 exercises: list[Exercise]) -> None:
        self.number = number
        self.title = title
        self.notebook = notebook
        self.setup = setup.strip()
        self.exercises = list(exercises)
        for i, exercise in enumerate(self.exercises, 1):
            exercise.lesson = number
            exercise.name = f"q{i}"

    @property
    def module(self) -> str:
        """The module to import in a notebook, such as ``"lesson01"``."""
        return f"lesson{self.number:02d}"

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises)

    def __len__(self) -> int:
        return len(self.exercises)

    def __repr__(self) -> str:
        lines = [f"Lesson {self.number:02d} · {self.title}: {len(self)} exercises"]
        lines += [f"  {q.name}: {q.title}" for q in self.exercises]
        return "\n".join(lines)

    def _repr_text(self) -> str:
        return repr(self)

    def _repr_html_(self) -> str:
        rows = "".join(f"<li><code>{q.name}</code> {html.escape(q.title)}</li>"
                       for q in self.exercises)
        return (f"<div><b>Lesson {self.number:02d} · {html.escape(self.title)}</b>"
                f"<ol style='list-style:none;padding-left:8px'>{rows}</ol></div>")
