"""When a LivePlot redraws: throttled by time and by what a frame costs.

`Frames` sits between the callback and its output: the callback says new
numbers came (`changed`) and asks for a frame (`draw`); a frame is drawn only
when the output is live and the last one is old enough, else it stays due and
the final state is always drawn (`finish`), like Keras' ``Progbar.interval``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from .backends.base import Output
from .scene import Scene

# Redraws take at most about this share of the wall time, whatever a frame costs.
DRAW_BUDGET = 0.03


class Frames:
    """The redraw throttle of one output.

    Args:
        output: where frames go.
        max_fps: at most this many frames a second (fewer when frames are slow).

    Attributes:
        new_data: numbers came since the last final frame.
        pending: a frame was skipped (throttled, or the output draws only at the end).
    """

    def __init__(self, output: Output, max_fps: float) -> None:
        self.output = output
        self.min_interval = 1 / max_fps
        self.interval = self.min_interval
        self.last = -math.inf
        self.new_data = False
        self.pending = False

    @property
    def due(self) -> bool:
        """Whether something is recorded but not drawn as the final state yet."""
        return self.new_data or self.pending

    def changed(self) -> None:
        self.new_data = True

    def defer(self) -> None:
        """Draw later (at the next frame or the final one)."""
        self.pending = True

    def show(self, make_scene: Callable[[bool], Scene]) -> None:
        """Put a view in the current cell (a non-live output shows only its final frame)."""
        if self.output.live:
            self.output.show(make_scene(True))
            self.last = time.perf_counter()

    def draw(self, make_scene: Callable[[bool], Scene], *, force: bool = False) -> None:
        """A frame now, if one is due; ``make_scene(full)`` builds what to draw.

        ``full=False`` asks for the cheap scene (runs and status only) an output
        that reads no panels is given.
        """
        output = self.output
        if not output.live:
            self.pending = True  # a headless kernel gets one figure, at the end
            return
        now = time.perf_counter()
        if output.throttled and not force and now - self.last < self.interval:
            self.pending = True
            return
        rebuilt = output.draw(make_scene(output.needs_scene))
        done = time.perf_counter()
        if not rebuilt:  # a rebuild is a one-time cost: it says nothing of the next frames
            self.interval = max(self.min_interval, (done - now) / DRAW_BUDGET)
        self.last = done
        self.pending = False

    def finish(self, scene: Scene) -> None:
        """Draw the final state (whatever the throttle says)."""
        self.new_data = False
        self.pending = False
        self.output.finish(scene)
        self.last = time.perf_counter()
