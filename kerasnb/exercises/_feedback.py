"""What a check, a hint or a solution shows: a small coloured box with a text/plain twin."""

from __future__ import annotations

import html
from dataclasses import dataclass

from .._repr import ShowsItself

# kind -> (title word, border colour, background colour)
_LOOK = {
    "correct": ("Correct", "#2e7d32", "#e8f5e9"),
    "incorrect": ("Not yet", "#c62828", "#ffebee"),
    "blank": ("Not yet", "#ef6c00", "#fff3e0"),
    "hint": ("Hint", "#1565c0", "#e3f2fd"),
    "solution": ("Solution", "#6a1b9a", "#f3e5f5"),
}


@dataclass(frozen=True)
class Feedback(ShowsItself):
    """The outcome of `Exercise.check`, `hint` or `solution`.

    Attributes:
        kind: ``"correct"``, ``"incorrect"``, ``"blank"`` (an answer is still
            ``____``), ``"hint"`` or ``"solution"``.
        exercise: The exercise's name, such as ``"lesson01.q2"``.
        message: What is right or wrong, in plain words.
        code: Code to show (a solution), or ``""``.
    """

    kind: str
    exercise: str
    message: str
    code: str = ""

    @property
    def correct(self) -> bool:
        """True for a passing check."""
        return self.kind == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def _title(self) -> str:
        return f"{_LOOK[self.kind][0]} · {self.exercise}"

    def __str__(self) -> str:
        mark = {"correct": "✓", "incorrect": "✗", "blank": "…"}.get(self.kind, "›")
        text = f"{mark} {self._title()}: {self.message}"
        if self.code:
            text += "\n\n" + "\n".join("    " + line for line in self.code.splitlines())
        return text

    def __repr__(self) -> str:
        return str(self)

    def _repr_text(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        _, border, background = _LOOK[self.kind]
        body = "<br>".join(html.escape(part) for part in self.message.split("\n"))
        code = ""
        if self.code:
            code = ("<pre style='margin:6px 0 0;padding:6px;background:#fff;overflow-x:auto'>"
                    f"{html.escape(self.code)}</pre>")
        return (f"<div class='knb-exercise knb-exercise-{self.kind}' style='border-left:5px "
                f"solid {border};background:{background};color:#212121;padding:6px 10px;"
                f"margin:4px 0;font-family:sans-serif;font-size:14px;border-radius:3px'>"
                f"<b style='color:{border}'>{html.escape(self._title())}</b>: {body}{code}</div>")
