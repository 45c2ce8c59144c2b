"""Text output for terminals and logs: one line per epoch, marks as their own lines."""

from __future__ import annotations

import math

from ..._utils import say
from ..scene import Scene
from .base import Output


class TextOutput(Output):
    """Prints each new epoch once; nothing is redrawn, so nothing is throttled."""

    name = "text"
    throttled = False
    needs_scene = False

    def __init__(self) -> None:
        self._rows = 0
        self._marks = 0

    def draw(self, scene: Scene) -> None:
        if not scene.runs:
            return
        rec = scene.runs[0][1]
        if len(rec) < self._rows:  # reset() started over
            self._rows = self._marks = 0
        best = rec.best()
        for row in range(self._rows, len(rec)):
            x = rec.x[row]
            cells = [f"{key} {format_value(column[row])}" for key, column in rec.columns.items()
                     if column[row] is not None]
            line = f"epoch {x:g}: " + "  ".join(cells)
            if best is not None and best[1] == x:
                line += "  *best*"
            if row == len(rec) - 1 and scene.status:
                line += f"  | {scene.status}"
            say(line)
        self._rows = len(rec)
        for mark in rec.marks[self._marks:]:
            say(f"  ! {mark.kind} at epoch {mark.x:g}: {mark.text}")
        self._marks = len(rec.marks)

    def finish(self, scene: Scene) -> None:
        self.draw(scene)
        if scene.heading:
            say(f"LivePlot: {scene.heading}")


def format_value(value: float) -> str:
    if not math.isfinite(value):
        return f"{value} (!)"
    return f"{value:.4g}"
