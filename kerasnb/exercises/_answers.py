"""Exercises answered with a value: one of several choices, or a number."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from .._validate import is_real
from ._exercise import AnswerExercise, Wrong

if TYPE_CHECKING:  # pragma: no cover
    from ._choice_widget import ChoiceWidget


class ChoiceExercise(AnswerExercise):
    """A multiple-choice question: ``check("b")``; `ask` shows it as radio buttons.

    Args:
        title: A few words naming the question.
        prompt: The question, in Markdown.
        choices: Option key -> the option's text (keys are what the learner types).
        answer: The key of the right option.
        explanation: Why it is right, shown with a correct answer.
        hints: Hints, from a nudge to nearly the answer.
        wrong: Option key -> what to say when that option is picked.
        answer_name: The notebook variable that holds the answer.
    """

    kind = "choice"

    def __init__(self, title: str, prompt: str, *, choices: Mapping[str, str], answer: str,
                 explanation: str, hints: list[str], wrong: Mapping[str, str] | None = None,
                 answer_name: str = "answer") -> None:
        keys = ", ".join(repr(k) for k in choices)
        super().__init__(title, prompt, answer_name=answer_name,
                         solution=f"{answer_name} = {answer!r}", hints=hints,
                         explanation=explanation, starter_comment=f"one of {keys}")
        self.choices = dict(choices)
        self.answer = answer
        self.wrong = dict(wrong or {})
        options = "\n".join(f"- `{k!r}`: {v}" for k, v in self.choices.items())
        self.prompt = f"{self.prompt}\n\n{options}"

    def _compare(self, answer: Any, ns: Mapping) -> None:
        key = answer.strip() if isinstance(answer, str) else answer
        if isinstance(key, str) and key not in self.choices:
            by_text = {v.lower(): k for k, v in self.choices.items()}
            key = by_text.get(key.lower(), key.lower() if key.lower() in self.choices else key)
        if key not in self.choices:
            keys = ", ".join(repr(k) for k in self.choices)
            raise Wrong(f"{answer!r} is not one of the options: answer with one of {keys}.")
        if key != self.answer:
            said = self.wrong.get(key, "")
            raise Wrong(f"{key!r} ({self.choices[key]}) is not right. {said}".strip())

    def ask(self) -> ChoiceWidget:
        """The question as radio buttons with a Check button (an ipywidgets VBox).

        The button calls `check` with the picked key, so the widget and
        ``check(answer)`` give the same feedback.
        """
        from ._choice_widget import ChoiceWidget

        return ChoiceWidget(self)


class NumberExercise(AnswerExercise):
    """A question answered with a number: ``check(42)``.

    Args:
        title: A few words naming the question.
        prompt: The question, in Markdown.
        answer: The number, or ``answer(namespace) -> number`` computed from the
            exercise's data.
        explanation: How to get it, shown with a correct answer.
        hints: Hints, from a nudge to nearly the answer.
        tolerance: Relative tolerance for a right answer (0 means exact).
        wrong: Callables ``(answer, right) -> str | None`` naming a typical
            mistake (a forgotten bias, an off-by-one).
        answer_name: The notebook variable that holds the answer.
        solution: Code that sets ``answer_name`` (needed when ``answer`` is computed).
    """

    kind = "number"

    def __init__(self, title: str, prompt: str, *, answer: float | Callable[[Mapping], float],
                 explanation: str, hints: list[str], tolerance: float = 0.0,
                 wrong: list[Callable[[float, float], str | None]] | None = None,
                 answer_name: str = "answer", solution: str | None = None) -> None:
        if solution is None:
            if callable(answer):
                raise TypeError("a computed `answer` needs the `solution` code that computes it")
            solution = f"{answer_name} = {answer!r}"
        super().__init__(title, prompt, answer_name=answer_name,
                         solution=solution, hints=hints,
                         explanation=explanation, starter_comment="a number")
        self.answer = answer
        self.tolerance = tolerance
        self.wrong = list(wrong or [])

    def right_answer(self, ns: Mapping) -> float:
        """The right number (computed from the exercise's data where it depends on it)."""
        return self.answer(ns) if callable(self.answer) else self.answer

    def _compare(self, answer: Any, ns: Mapping) -> None:
        if isinstance(answer, str):
            try:
                answer = float(answer.replace(",", "").replace("_", ""))
            except ValueError:
                raise Wrong(f"{answer!r} is not a number: answer with a number.") from None
        if not is_real(answer):
            raise Wrong(f"The answer must be a number; you gave a {type(answer).__name__}.")
        right = self.right_answer(ns)
        if abs(float(answer) - right) <= self.tolerance * abs(right) + 1e-9:
            return
        for spot in self.wrong:
            said = spot(float(answer), right)
            if said:
                raise Wrong(f"{answer} is not right: {said}")
        direction = "too big" if answer > right else "too small"
        raise Wrong(f"{answer} is not right (it is {direction}).")
