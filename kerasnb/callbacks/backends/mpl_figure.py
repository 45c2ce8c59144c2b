"""The matplotlib figure of a LivePlot: built once per panel layout, then updated in place.

A `Painter` owns one ``matplotlib.figure.Figure`` (pyplot never sees it). It
makes the axes, lines, legends and titles when the panels or lines change
(`Scene.layout_key`) and otherwise only sets the lines' points, the best
points, the marks and the heading. While a fit runs (`Painter.frame`) the axis
limits hold (`mpl_limits`), so everything but the lines, best points and
heading is drawn once and cached; a later frame draws those few artists over
the cache ("blitting"). New limits, marks or a taller heading redraw it all;
`Painter.paint` draws the whole figure (the pictures that are kept). Building
costs about twice as much as drawing, so painters are kept for reuse: `take`
hands out the one kept for a layout (or a new one) and `give` puts it back,
for the next frame, fit or LivePlot of that layout (the last `KEPT_LAYOUTS`
layouts).

What a frame costs is mostly text (each label is laid out and drawn glyph by
glyph), so the axes carry few of them: about four ticks a side, tick labels
in plain text (no mathtext, also on the log axes), one x label per figure.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from typing import Any

from ..scene import LR_PANEL, Scene
from . import mpl_limits as limits
from .base import BEST_COLOR, MARK_COLORS, heading_lines, series_style, with_markers

# Dots per inch of the figure (its PNG frames are drawn at this size).
FIGURE_DPI = 72
# About this many tick intervals on each axis.
TICKS = 4
# Painters kept for reuse, one per panel layout, the most recently used.
KEPT_LAYOUTS = 4

_kept: OrderedDict[Any, Painter] = OrderedDict()
_kept_lock = threading.Lock()


def literal(text: str) -> str:
    """``text`` drawn as written: a ``$`` would otherwise start matplotlib's mathtext."""
    return str(text).replace("$", r"\$")


def take(layout_key: tuple) -> Painter:
    """The painter kept for ``layout_key`` (removed from the kept ones), else a new one."""
    with _kept_lock:
        painter = _kept.pop(layout_key, None)
    if painter is None:
        return Painter()
    painter.reset_limits()
    return painter


def give(painter: Painter) -> None:
    """Keep ``painter`` for the next `take` of its layout (dropping the oldest layouts)."""
    if painter.fig is None:
        return
    with _kept_lock:
        _kept.pop(painter.key, None)
        _kept[painter.key] = painter
        while len(_kept) > KEPT_LAYOUTS:
            _kept.popitem(last=False)


class Painter:
    """Owns one Figure; rebuilds its axes only when the panels change."""

    def __init__(self) -> None:
        self.fig: Any = None
        self.key: tuple | None = None
        self._axes: list[Any] = []
        self._lines: list[list[Any]] = []
        self._best: list[Any] = []
        self._marks_key: tuple | None = None
        self._mark_artists: list[Any] = []
        self._heading: Any = None
        self._heading_lines = 1
        self._height = 1.0
        self._ranges: list | None = None  # the grown x range, then each panel's y range
        self._drawn: tuple | None = None  # the limits set on the axes
        self._x_guess: tuple | None = None  # the x range of the last fit drawn
        self._background: Any = None  # the canvas without lines, best points and heading
        self._animated = False  # lines, best points and heading left out of canvas.draw()
        self.full_draws = 0  # frames drawn in full (the others only drew their lines)

    def stale(self, scene: Scene) -> bool:
        """Whether painting ``scene`` needs new axes."""
        return self.fig is None or scene.layout_key != self.key

    def reset_limits(self) -> None:
        """Forget the limits grown so far, but for the x range, kept as a guess (a re-run
        cell mostly fits as many epochs again: its first frame can keep the cached axes)."""
        if self._ranges:
            self._x_guess = self._ranges[0]
        self._ranges = None

    def paint(self, scene: Scene, *, final: bool = True) -> Any:
        """The figure showing ``scene``, to draw in full (`png_base64`, ``savefig``); its x
        axis ends at the last point unless not ``final`` (then as in the frames of a fit)."""
        if self._update(scene, final):
            self._background = None  # the cached picture shows other limits or marks
        self._set_animated(False)
        return self.fig

    def frame(self, scene: Scene, *, final: bool = False) -> Any:
        """The figure with ``scene`` drawn on its canvas, ready to encode.

        While the limits, marks and heading height stay as they were, only the
        lines, best points and heading are drawn over a cached picture of the
        rest (axes, ticks, titles, legends): a few milliseconds, not a full draw.
        """
        full = self._update(scene, final) or self._background is None
        canvas = self.fig.canvas
        self._set_animated(True)
        if full:
            canvas.draw()  # everything but the animated artists
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        else:
            canvas.restore_region(self._background)
        for ax, lines, best in zip(self._axes, self._lines, self._best, strict=True):
            for artist in (*lines, best):
                ax.draw_artist(artist)
        self.fig.draw_artist(self._heading)
        self.full_draws += full
        return self.fig

    def _update(self, scene: Scene, final: bool) -> bool:
        """Set the lines, limits, marks and heading; whether the cached picture is out of date."""
        changed = self.stale(scene)
        if changed:
            self._build(scene)
        for panel, lines, best in zip(scene.panels, self._lines, self._best, strict=True):
            for series, line in zip(panel.series, lines, strict=True):
                line.set_data(series.x, series.y)
            best.set_data([b[0] for b in panel.best], [b[1] for b in panel.best])
        changed = self._set_limits(scene, final) or changed
        marks_key = tuple(scene.marks)
        if marks_key != self._marks_key:
            self._draw_marks(scene)
            self._marks_key = marks_key
            changed = True
        width = self.fig.get_figwidth()
        lines = heading_lines(scene.heading, max(int(width * 14), 20))
        if len(lines) != self._heading_lines:  # make room for a wrapped heading
            self._heading_lines = len(lines)
            self.fig.subplots_adjust(top=1 - (0.5 + 0.16 * (len(lines) - 1)) / self._height)
            changed = True
        self._heading.set_text(literal("\n".join(lines)))
        return changed

    def _set_limits(self, scene: Scene, final: bool) -> bool:
        """Apply `mpl_limits` to every panel; whether any limit changed."""
        xs = [x for p in scene.panels for s in p.series for x in s.x]
        ranges = self._ranges or [None] * (len(scene.panels) + 1)
        x = limits.x_range(xs, ranges[0] or self._x_guess, final=final, planned=scene.x_end)
        new, drawn = [x], []
        for i, panel in enumerate(scene.panels):
            values = limits.finite([*(v for s in panel.series for v in s.y),
                                    *(b[1] for b in panel.best)])
            if panel.log_y:
                values = [v for v in values if v > 0]
            fractions = limits.bounded(panel.name, values)
            y = limits.y_range(values, ranges[i + 1], fractions=fractions, log=panel.log_y)
            new.append(y)
            drawn.append((limits.shown(x), limits.shown(y, log=panel.log_y,
                                                        fractions=fractions
                                                        and y == (0.0, 1.0))))
        self._ranges = new
        if tuple(drawn) == self._drawn:
            return False
        for ax, (xlim, ylim) in zip(self._axes, drawn, strict=True):
            ax.set_xlim(xlim)
            ax.set_ylim(ylim)
        self._drawn = tuple(drawn)
        return True

    def _set_animated(self, animated: bool) -> None:
        if animated != self._animated:  # animated artists are left out of a full draw
            for artist in (*(a for row in self._lines for a in row), *self._best, self._heading):
                artist.set_animated(animated)
            self._animated = animated

    def _build(self, scene: Scene) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        n = len(scene.panels)
        cols = min(max(n, 1), 3)
        rows = max(math.ceil(n / cols), 1)
        width, height = 3.4 * cols + 0.6, 2.6 * rows + 0.5
        if self.fig is None:
            self.fig = Figure(figsize=(width, height), dpi=FIGURE_DPI, facecolor="white")
            FigureCanvasAgg(self.fig)
        else:
            self.fig.clear()
            self.fig.set_size_inches(width, height)
        fig = self.fig
        self._height, self._heading_lines = height, 1
        fig.subplots_adjust(left=0.6 / width, right=1 - 0.15 / width, bottom=0.45 / height,
                            top=1 - 0.5 / height, wspace=0.35, hspace=0.55)
        self._heading = fig.text(0.01, 1 - 0.12 / height, "", ha="left", va="top", fontsize=9)
        self._axes, self._lines, self._best = [], [], []
        self._marks_key, self._mark_artists = None, []
        self._ranges, self._drawn, self._background, self._animated = None, None, None, False
        if n == 0:
            fig.text(0.5, 0.5, "waiting for the first epoch", ha="center", va="center",
                     color="#888888")
        for i, panel in enumerate(scene.panels):
            ax = fig.add_subplot(rows, cols, i + 1)
            # A fixed y spares matplotlib a costly search for a title position on every frame.
            ax.set_title("learning rate" if panel.name == LR_PANEL else literal(panel.name),
                         fontsize=10, y=1.0, pad=4)
            if i == (rows - 1) * cols:  # every text costs drawing time: label one axis
                ax.set_xlabel("epoch", fontsize=8)
            _style_axes(ax, panel.log_y)
            _fix_label_positions(ax, fig)
            lines = []
            for series in panel.series:
                color, dashed, alpha = series_style(series, scene.multi_run)
                (line,) = ax.plot([], [], color=color, alpha=alpha, label=literal(series.label),
                                  linestyle="--" if dashed else "-",
                                  linewidth=1.0 if series.role == "batch" else 1.6,
                                  marker="o" if with_markers(series) else None, markersize=3)
                lines.append(line)
            (best,) = ax.plot([], [], linestyle="none", marker="*", markersize=12,
                              color=BEST_COLOR, markeredgecolor="#333333", zorder=5,
                              label="best" if panel.name == "loss" else "_nolegend_")
            if len(panel.series) > 1 or panel.name == "loss":
                ax.legend(fontsize=7, loc="best", framealpha=0.6)
            self._axes.append(ax)
            self._lines.append(lines)
            self._best.append(best)
        self.key = scene.layout_key

    def _draw_marks(self, scene: Scene) -> None:
        for artist in self._mark_artists:
            artist.remove()
        self._mark_artists = []
        for ax in self._axes:
            for mark in scene.marks:
                color = MARK_COLORS.get(mark.kind, "#444444")
                self._mark_artists.append(ax.axvline(mark.x, color=color, linestyle=":",
                                                     linewidth=1.2))
                self._mark_artists.append(ax.text(
                    mark.x, 0.97, f" {literal(mark.text)}", transform=ax.get_xaxis_transform(),
                    rotation=90, ha="right", va="top", fontsize=7, color=color, clip_on=True))


def _fix_label_positions(ax: Any, fig: Any) -> None:
    """Axis labels at fixed places: placed automatically, each frame would measure every
    tick label of every panel first (a sixth of a frame's time)."""
    from matplotlib.transforms import offset_copy

    below_ticks = offset_copy(ax.transAxes, fig, y=-17, units="points")
    ax.xaxis.set_label_coords(0.5, 0, transform=below_ticks)
    ax.yaxis.set_label_coords(-0.15, 0.5)


def _style_axes(ax: Any, log_y: bool) -> None:
    """Ticks, grid and scale of one panel: few ticks, labels in plain text."""
    from matplotlib.ticker import LogLocator, MaxNLocator

    ax.tick_params(labelsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=TICKS + 1, integer=True, steps=[1, 2, 5, 10]))
    ax.grid(True, alpha=0.25)
    if log_y:
        ax.set_yscale("log")
        # matplotlib's own log labels are mathtext ("10^-4"), slow to lay out.
        ax.yaxis.set_major_locator(LogLocator(numticks=TICKS + 1))
        ax.yaxis.set_major_formatter(_log_labels(minor=False))
        ax.yaxis.set_minor_formatter(_log_labels(minor=True))
    else:
        ax.yaxis.set_major_locator(MaxNLocator(nbins=TICKS))
        ax.ticklabel_format(axis="y", useOffset=False)


def _log_labels(*, minor: bool) -> Any:
    """Plain-text labels of a log axis: its decades, and 2 and 5 times them (``minor``) while
    the axis spans at most two decades."""
    from matplotlib.ticker import Formatter

    class LogLabels(Formatter):
        def __call__(self, x: float, pos: int | None = None) -> str:
            if not x > 0:
                return ""
            exponent = math.floor(math.log10(x) + 1e-9)
            coefficient = round(x / 10.0 ** exponent, 6)
            if minor:
                low, high = self.axis.get_view_interval()
                if coefficient not in (2, 5) or not 0 < low < high <= low * 100:
                    return ""
            elif coefficient != 1:
                return ""
            return f"{x:g}" if 1e-3 <= x < 1e4 else f"{x:.0e}"

    return LogLabels()
