"""The interface every LivePlot output implements, and the look they share."""

from __future__ import annotations

import sys
import textwrap
from typing import Any

from ..._repr import ShowsItself
from ..scene import Scene, Series

TRAIN_COLOR = "#1f77b4"
VAL_COLOR = "#ff7f0e"
LR_COLOR = "#2ca02c"
BEST_COLOR = "#d4a017"
RUN_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
              "#7f7f7f", "#bcbd22", "#17becf")
MARK_COLORS = {"overfitting": "#ff7f0e", "divergence": "#d62728", "nan": "#d62728",
               "stop": "#444444", "info": "#1f77b4"}


class Output:
    """Where a LivePlot draws. The callback collects numbers and calls these hooks.

    Attributes:
        name: the backend name ("plotly", "matplotlib", "text", ...).
        live: whether frames are drawn while training runs. A non-live output
            draws once, in `finish`.
        throttled: whether the callback limits `draw` calls to ``max_fps``.
        needs_scene: whether `draw` reads the panels; when False it gets a
            scene with only the runs and the status (cheap on every update).
        view_cost: seconds a front end on the same machine spends showing one
            frame, beyond the kernel's own time; the redraw budget counts it.
    """

    name = "base"
    live = True
    throttled = True
    needs_scene = True
    view_cost = 0.0

    def show(self, scene: Scene) -> None:
        """Put a view of the plot in the current cell (called once per cell)."""

    def draw(self, scene: Scene) -> bool | None:
        """Bring the view up to date with ``scene``.

        Returns:
            True when the figure had to be rebuilt (panels or lines changed):
            a one-time cost the callback's throttle leaves out of its estimate.
        """

    def finish(self, scene: Scene) -> None:
        """Training ended or stopped: draw the final state."""
        self.draw(scene)

    def cell_ended(self) -> None:
        """The notebook cell the plot trained in is over (after `finish`, if it ran)."""

    def figure(self, scene: Scene) -> Any:
        """The figure object, up to date with ``scene``.

        Returns:
            The output's own figure, or None when it draws none (a text output):
            the callback then draws ``scene`` with matplotlib itself.
        """
        return None


def series_style(series: Series, multi_run: bool) -> tuple[str, bool, float]:
    """``(color, dashed, opacity)`` of a line."""
    if multi_run:
        color = RUN_COLORS[series.run % len(RUN_COLORS)]
        return color, series.role == "val", 0.35 if series.role == "batch" else 1.0
    if series.role == "val":
        return VAL_COLOR, False, 1.0
    if series.role == "lr":
        return LR_COLOR, False, 1.0
    return TRAIN_COLOR, False, 0.35 if series.role == "batch" else 1.0


def with_markers(series: Series) -> bool:
    """Dots on epoch lines while they are short, so a lone point shows."""
    return series.role != "batch" and len(series.x) <= 60


def heading_lines(text: str, width: int) -> list[str]:
    """``text`` wrapped into lines of at most ``width`` characters (long titles wrap, never cut)."""
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def ipython_shell() -> Any:
    """The running IPython shell, or None (IPython is never imported here)."""
    ipython = sys.modules.get("IPython")
    return None if ipython is None else ipython.get_ipython()


def display(obj: Any, *, display_id: bool = False) -> Any:
    """IPython's display when a shell runs (returns the handle), else nothing."""
    if ipython_shell() is None:
        return None
    from IPython.display import display as ipy_display

    return ipy_display(obj, display_id=display_id) if display_id else ipy_display(obj)


class MimeBundle(ShowsItself):
    """A ready-made display object: ``{mimetype: data}`` with a text/plain fallback."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def _repr_text(self) -> str:
        return str(self.data.get("text/plain", "LivePlot"))

    def _repr_extra(self) -> dict:
        return {k: v for k, v in self.data.items() if k != "text/plain"}

    def __repr__(self) -> str:
        return self._repr_text()
