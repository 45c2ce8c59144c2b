"""One exercise: a prompt, a starter with blanks, hints, a solution and a check."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import Any

from .._repr import ShowsItself
from .._validate import bad_type, check_int
from ._blank import BlankError, has_blank
from ._feedback import Feedback

_MISSING = object()


class Wrong(Exception):
    """Raised by a check function: the message says, in plain words, what is wrong."""


class Missing(Wrong):
    """Raised by a check function when an answer is still a blank or not defined yet."""


def user_namespace(namespace: Mapping | None = None) -> Mapping:
    """The variables of the notebook (IPython's user namespace), or of the calling script."""
    if namespace is not None:
        if not isinstance(namespace, Mapping):
            raise bad_type("namespace", "a mapping of names to values (a dict)", namespace)
        return namespace
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with Jupyter
        get_ipython = None
    shell = get_ipython() if get_ipython else None
    if shell is not None:
        return shell.user_ns
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("kerasnb."):
        frame = frame.f_back
    return frame.f_globals if frame is not None else {}


class Exercise(ShowsItself):
    """An exercise of a lesson: ``check()``, ``hint()`` and ``solution()``.

    Args:
        title: A few words naming the exercise.
        prompt: The task, in Markdown.
        starter: The starter cell, with ``____`` blanks.
        solution: The same cell, solved. It is shown, never run, by `solution`.
        hints: Hints from a nudge to nearly the answer; `hint` shows the next one.
        check: ``check(namespace) -> str | None``: raises `Wrong` (or `Missing`)
            with a plain-words message, or returns a message for a correct answer.
    """

    kind = "code"

    def __init__(self, title: str, prompt: str, *, starter: str, solution: str,
                 hints: list[str], check: Callable[[Mapping], str | None]) -> None:
        self.title = title
        self.prompt = prompt.strip()
        self.starter = starter.strip()
        self.solution_code = solution.strip()
        self.hints = list(hints)
        self._check = check
        self.lesson = 0
        self.name = "q0"
        self._hints_shown = 0

    @property
    def id(self) -> str:
        """The exercise's name in the course, such as ``"lesson01.q2"``."""
        return f"lesson{self.lesson:02d}.{self.name}"

    @property
    def check_call(self) -> str:
        """The code that checks this exercise in a notebook cell."""
        return f"ex.{self.name}.check()"

    def __repr__(self) -> str:
        return f"<exercise {self.id}: {self.title}>"

    def _repr_text(self) -> str:
        return f"{self.id} · {self.title}\n\n{self.prompt}"

    def _repr_markdown_(self) -> str:
        return f"**{self.id} · {self.title}**\n\n{self.prompt}"

    def _repr_extra(self) -> dict:
        return {"text/markdown": self._repr_markdown_()}

    def check(self, *, namespace: Mapping | None = None) -> Feedback:
        """Check the learner's objects in the notebook (never their source code).

        Args:
            namespace: Where to read the learner's variables; by default the
                notebook's (IPython's user namespace) or the calling script's globals.

        Returns:
            A `Feedback` box; ``feedback.correct`` says whether it passed. A
            correct answer is recorded in the learner's progress (`knb.progress`).
        """
        return self._finish(self._judge(user_namespace(namespace), _MISSING))

    def assert_correct(self, *, namespace: Mapping | None = None) -> None:
        """Raise `AssertionError` with the feedback unless the check passes (for nbgrader)."""
        feedback = self._judge(user_namespace(namespace), _MISSING)
        if not feedback.correct:
            raise AssertionError(str(feedback))

    def hint(self, level: int | None = None) -> Feedback:
        """Show the next hint (or hint ``level``, counting from 1)."""
        if level is None:
            self._hints_shown = min(self._hints_shown + 1, len(self.hints))
            level = self._hints_shown
        else:
            level = check_int("level", level, low=1, high=len(self.hints))
        more = "" if level == len(self.hints) else " Call hint() again for a stronger one."
        return Feedback("hint", f"{self.id} (hint {level} of {len(self.hints)})",
                        self.hints[level - 1] + more)

    def solution(self) -> Feedback:
        """Show the solution's code (it is not run)."""
        return Feedback("solution", self.id, "One way to solve it (run it yourself to see it "
                        "pass the check):", code=self.solution_code)

    def _finish(self, feedback: Feedback) -> Feedback:
        if feedback.correct:
            from ._progress import record

            record(self.id)
        return feedback

    def _judge(self, ns: Mapping, answer: Any) -> Feedback:
        try:
            message = self._run(ns, answer)
        except Missing as err:
            return Feedback("blank", self.id, str(err))
        except BlankError:
            return Feedback("blank", self.id, "Something you set is still the blank ____: "
                            "replace it with your answer and run the cell again.")
        except Wrong as err:
            return Feedback("incorrect", self.id, str(err))
        except Exception as err:  # the learner's objects may fail in any way
            if str(BlankError()) in str(err):  # Keras wraps errors raised inside call()
                return Feedback("blank", self.id, str(BlankError()))
            return Feedback("incorrect", self.id, "The check stopped on an error from your "
                            f"objects: {type(err).__name__}: {err}")
        return Feedback("correct", self.id, message or "Well done.")

    def _run(self, ns: Mapping, answer: Any) -> str | None:
        return self._check(ns)


CodeExercise = Exercise


class AnswerExercise(Exercise):
    """An exercise answered with a value: ``check(answer)``, or the variable ``answer_name``."""

    def __init__(self, title: str, prompt: str, *, answer_name: str, solution: str,
                 hints: list[str], explanation: str, starter_comment: str) -> None:
        super().__init__(title, prompt, starter=f"{answer_name} = ____  # {starter_comment}",
                         solution=solution, hints=hints, check=lambda ns: None)
        self.answer_name = answer_name
        self.explanation = explanation

    @property
    def check_call(self) -> str:
        return f"ex.{self.name}.check({self.answer_name})"

    def check(self, answer: Any = _MISSING, *, namespace: Mapping | None = None) -> Feedback:
        """Check ``answer`` (by default the notebook's variable ``answer_name``)."""
        return self._finish(self._judge(user_namespace(namespace), answer))

    def assert_correct(self, answer: Any = _MISSING, *,
                       namespace: Mapping | None = None) -> None:
        """Raise `AssertionError` with the feedback unless ``answer`` is right (for nbgrader)."""
        feedback = self._judge(user_namespace(namespace), answer)
        if not feedback.correct:
            raise AssertionError(str(feedback))

    def _run(self, ns: Mapping, answer: Any) -> str | None:
        if answer is _MISSING:
            if self.answer_name not in ns:
                raise Missing(f"`{self.answer_name}` is not defined yet: set it in the cell "
                              "above and run that cell.")
            answer = ns[self.answer_name]
        if has_blank(answer):
            raise Missing(f"`{self.answer_name}` is still the blank ____: replace it with "
                          "your answer.")
        self._compare(answer, ns)
        return f"{self.explanation}"

    def _compare(self, answer: Any, ns: Mapping) -> None:
        raise NotImplementedError
