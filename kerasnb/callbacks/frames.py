"""When a LivePlot redraws: a time budget, so watching costs a set share of training.

`Frames` sits between the callback and its output: the callback says new
numbers came (`changed`) and asks for a frame (`draw`). A frame is drawn only
when what it is expected to cost stays under `DRAW_BUDGET` of the time that
went by since the last one ended (and at most ``max_fps`` a second), so a slow
output draws less often instead of slowing training down; otherwise the frame
stays due. The first epoch's frame of each ``fit()`` is drawn whatever the
budget says (the student sees the plot start), and the final state always is
(`finish`), like Keras' ``Progbar.interval``.

The expected cost of a frame is the kernel time of the last frame that did not
rebuild the figure, plus the output's `Output.view_cost` (what a front end on
the same machine spends showing it). Every frame's time is added to `spent`,
which the tests and benchmarks read.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from .backends.base import Output
from .scene import Scene

# Redraws may take about this share of the time between two frames.
DRAW_BUDGET = 0.03


class Frames:
    """The redraw throttle of one output.

    Args:
        output: where frames go.
        max_fps: at most this many frames a second (fewer when frames are slow).
        budget: the share of the time between frames that drawing may take.
        clock: the time in seconds (``time.perf_counter``; tests pass their own).

    Attributes:
        new_data: numbers came since the last final frame.
        pending: a frame was skipped (throttled, or the output draws only at the end).
        cost: the expected cost of the next frame, in seconds (0 until one is drawn).
        spent: seconds spent drawing since the current ``fit()`` began (`begin`).
        drawn: frames drawn since `begin` (the final one included).
    """

    def __init__(self, output: Output, max_fps: float, *, budget: float = DRAW_BUDGET,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        self.output = output
        self.min_interval = 1 / max_fps
        self.budget = budget
        self.clock = clock
        self.cost = 0.0
        self.last = -math.inf
        self.new_data = False
        self.pending = False
        self.spent = 0.0
        self.drawn = 0
        self.first_due = True

    @property
    def due(self) -> bool:
        """Whether something is recorded but not drawn as the final state yet."""
        return self.new_data or self.pending

    def begin(self) -> None:
        """A ``fit()`` starts: its first epoch's frame is drawn whatever the budget says."""
        self.pending = False
        self.first_due = True
        self.spent = 0.0
        self.drawn = 0

    def changed(self) -> None:
        self.new_data = True

    def defer(self) -> None:
        """Draw later (at the next frame or the final one)."""
        self.pending = True

    def allows(self, now: float) -> bool:
        """Whether a frame at ``now`` keeps drawing within the budget and ``max_fps``."""
        since = now - self.last
        return since >= self.min_interval and self.cost <= self.budget * since

    def show(self, make_scene: Callable[[bool], Scene]) -> None:
        """Put a view in the current cell (a non-live output shows only its final frame)."""
        if self.output.live:
            start = self.clock()
            self.output.show(make_scene(True))
            self.last = self.clock()
            self.spent += self.last - start

    def draw(self, make_scene: Callable[[bool], Scene], *, force: bool = False,
             epoch_end: bool = False) -> None:
        """A frame now, if one is due; ``make_scene(full)`` builds what to draw.

        ``force`` draws whatever the budget says; ``epoch_end`` marks the end of an
        epoch, whose frame is forced for the first epoch of a ``fit()``.
        ``full=False`` asks for the cheap scene (runs and status only) an output
        that reads no panels is given.
        """
        output = self.output
        if not output.live:
            self.pending = True  # a headless kernel gets one figure, at the end
            return
        now = self.clock()
        forced = force or (epoch_end and self.first_due) or not output.throttled
        if not forced and not self.allows(now):
            self.pending = True
            return
        rebuilt = output.draw(make_scene(output.needs_scene))
        done = self.clock()
        if not rebuilt:  # a rebuild is a one-time cost: it says nothing of the next frames
            self.cost = done - now + output.view_cost
        self._drawn(now, done)
        self.first_due = self.first_due and not epoch_end
        self.pending = False

    def finish(self, scene: Scene) -> None:
        """Draw the final state (whatever the budget says)."""
        self.new_data = False
        self.pending = False
        start = self.clock()
        self.output.finish(scene)
        self._drawn(start, self.clock())

    def _drawn(self, start: float, end: float) -> None:
        self.spent += end - start
        self.drawn += 1
        self.last = end
