"""Radio buttons for a multiple-choice exercise; the Check button calls ``check(answer)``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as widgets

if TYPE_CHECKING:  # pragma: no cover
    from ._answers import ChoiceExercise
    from ._feedback import Feedback


class ChoiceWidget(widgets.VBox):
    """A question, its options as radio buttons, a Check button and the feedback.

    Args:
        exercise: A `ChoiceExercise`.

    Example:
        >>> w = ex.q3.ask()
        >>> w.pick("b")          # the same as clicking the option
        >>> w.submit()           # the same as clicking Check
        >>> w.feedback.correct
    """

    def __init__(self, exercise: ChoiceExercise) -> None:
        self.exercise = exercise
        # Radio labels do not wrap: long options are listed in full above, shortened below.
        listed = "".join(f"<li><b>{_escape(key)}</b>: {_escape(text)}</li>"
                         for key, text in exercise.choices.items())
        self.options = widgets.RadioButtons(
            options=[(_short(f"{key}: {text}"), key) for key, text in exercise.choices.items()],
            value=None, layout=widgets.Layout(width="auto"))
        self.button = widgets.Button(description="Check", button_style="primary")
        self.result = widgets.HTML("")
        self.feedback = None
        self.button.on_click(lambda _button: self.submit())
        super().__init__([widgets.HTML(f"<b>{_escape(exercise.id)}</b> · "
                                       f"{_escape(exercise.title)}<ul>{listed}</ul>"),
                          self.options, self.button, self.result])

    def pick(self, key: str) -> None:
        """Select option ``key`` (the Python twin of clicking it)."""
        self.options.value = key

    def submit(self) -> Feedback | None:
        """Check the selected option (the Python twin of the Check button)."""
        if self.options.value is None:
            self.result.value = "<i>Pick an option first.</i>"
            return None
        self.feedback = self.exercise.check(self.options.value)
        self.result.value = self.feedback._repr_html_()
        return self.feedback

    def _ipython_display_(self) -> None:
        """The radio buttons, and a snapshot of the question for the saved notebook."""
        from .. import _snapshot

        _snapshot.show(self, self._picture, live_words=repr(self),
                       caption="Snapshot of the question, saved with the notebook: "
                               "run the cell to answer it.")

    def _picture(self) -> tuple[str, str]:
        """The question, the option picked and the feedback, as HTML and in words."""
        chosen = self.options.value
        if chosen is None:
            answer, words = "<div><i>No option picked yet.</i></div>", "no option picked yet"
        else:
            answer = f"<div>Picked: <b>{_escape(str(chosen))}</b></div>"
            words = f"picked {chosen!r}"
        if self.feedback is not None:
            words += ", " + ("correct" if self.feedback.correct else "not yet")
        return (self.children[0].value + answer + self.result.value,
                f"{self.exercise.id}: {words}")

    def __repr__(self) -> str:
        keys = ", ".join(repr(k) for k in self.exercise.choices)
        return (f"{self.exercise.id}: radio buttons need a live front end; answer with "
                f"ex.{self.exercise.name}.check(...) and one of {keys}")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _escape(text: str) -> str:
    import html

    return html.escape(text)
