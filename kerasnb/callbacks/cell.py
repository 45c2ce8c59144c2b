"""Which notebook cell a LivePlot lives in, and a call when that cell ends.

One LivePlot serves several ``fit()`` calls: in the same cell it keeps drawing
in the view it already put there; in a new cell it shows a new view. IPython's
``post_execute`` event says when the running cell is over however it ended
(done, Ctrl-C, Kernel > Interrupt, an error), so the plot can draw its final
state and mark an interrupted run. Outside IPython there is no cell: the plot
is "shown" once and nothing is watched.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from .backends.base import ipython_shell

_NO_SHELL = "no shell"


class CellWatch:
    """The cell a plot was shown in, and one ``on_end()`` call when the running cell ends.

    Args:
        on_end: called (no arguments) once after the watched cell finished.
    """

    def __init__(self, on_end: Callable[[], None]) -> None:
        self._on_end = on_end
        self._shown_in: Any = None
        self._watching = False

    def new_cell(self) -> bool:
        """True the first time it is asked in a cell (the plot should show itself there)."""
        cell = getattr(ipython_shell(), "execution_count", _NO_SHELL)
        if self._shown_in == cell:
            return False
        self._shown_in = cell
        return True

    def watch(self) -> None:
        """Ask IPython for one `on_end` call when the running cell ends (main thread only)."""
        shell = ipython_shell()
        if shell is None or self._watching or threading.current_thread() is not threading.main_thread():
            return
        shell.events.register("post_execute", self._cell_ended)
        self._watching = True

    def _cell_ended(self) -> None:
        shell = ipython_shell()
        if shell is not None and self._watching:
            shell.events.unregister("post_execute", self._cell_ended)
        self._watching = False
        self._on_end()
