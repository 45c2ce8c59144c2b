"""Matplotlib output: one figure, lines re-set in place, shown as a PNG.

Live, the PNG goes to a display handle created in the training cell and
updated in place (never ``clear_output()``). Headless (nbclient, nbval,
papermill) nothing is shown until the end: one final PNG in the stored output.
The figure is a ``matplotlib.figure.Figure`` that pyplot never sees, so the
inline backend does not show it a second time at the end of the cell.
"""

from __future__ import annotations

import base64
import io
import math
import threading
from collections import OrderedDict
from typing import Any

from ..scene import LR_PANEL, Scene
from .base import (
    BEST_COLOR,
    MARK_COLORS,
    MimeBundle,
    Output,
    display,
    heading_lines,
    series_style,
    with_markers,
)

LIVE_DPI = 72
SAVE_DPI = 120


class MatplotlibOutput(Output):
    """Static PNG frames through a display handle (``live=False``: one final frame)."""

    name = "matplotlib"

    def __init__(self, *, live: bool = True) -> None:
        self.live = live
        self._painter = Painter()
        self._handle: Any = None

    def show(self, scene: Scene) -> None:
        if self.live:
            self._handle = display(MimeBundle({"text/plain": placeholder(scene)}),
                                   display_id=True)

    def draw(self, scene: Scene) -> bool:
        if self._handle is None:  # nobody to show a frame to
            return False
        rebuilt = self._painter.stale(scene)
        self._handle.update(self.bundle(scene))
        return rebuilt

    def finish(self, scene: Scene) -> None:
        if self.live:
            self.draw(scene)
        else:
            display(final_bundle(scene))

    def figure(self, scene: Scene) -> Any:
        return self._painter.paint(scene)

    def bundle(self, scene: Scene) -> MimeBundle:
        fig = self._painter.paint(scene)
        return MimeBundle({"image/png": png_base64(fig), "text/plain": describe(scene)})


def placeholder(scene: Scene) -> str:
    return f"LivePlot: {scene.heading or 'waiting for the first epoch'}"


def describe(scene: Scene) -> str:
    names = ", ".join(p.name for p in scene.panels) or "no panels yet"
    return f"LivePlot ({names}): {scene.heading}" if scene.heading else f"LivePlot ({names})"


def png_base64(fig: Any, dpi: int = LIVE_DPI) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def literal(text: str) -> str:
    """``text`` drawn as written: a ``$`` would otherwise start matplotlib's mathtext."""
    return str(text).replace("$", r"\$")


def static_figure(scene: Scene) -> Any:
    """A matplotlib Figure of ``scene`` (for saving and for non-drawing outputs)."""
    return Painter().paint(scene)


class Painter:
    """Owns one Figure; rebuilds its axes only when the panels change."""

    def __init__(self) -> None:
        self.fig: Any = None
        self._key: tuple | None = None
        self._axes: list[Any] = []
        self._lines: list[list[Any]] = []
        self._best: list[Any] = []
        self._marks_key: tuple | None = None
        self._mark_artists: list[Any] = []
        self._heading: Any = None
        self._heading_lines = 1
        self._height = 1.0

    def stale(self, scene: Scene) -> bool:
        """Whether painting ``scene`` needs new axes."""
        return self.fig is None or scene.layout_key != self._key

    def paint(self, scene: Scene) -> Any:
        if self.stale(scene):
            self._build(scene)
        for panel, ax, lines, best in zip(scene.panels, self._axes, self._lines,
                                          self._best, strict=True):
            for series, line in zip(panel.series, lines, strict=True):
                line.set_data(series.x, series.y)
            best.set_data([b[0] for b in panel.best], [b[1] for b in panel.best])
            ax.relim()
            ax.autoscale_view()
        marks_key = tuple(scene.marks)
        if marks_key != self._marks_key:
            self._draw_marks(scene)
            self._marks_key = marks_key
        width = self.fig.get_figwidth()
        lines = heading_lines(scene.heading, max(int(width * 14), 20))
        if len(lines) != self._heading_lines:  # make room for a wrapped heading
            self._heading_lines = len(lines)
            self.fig.subplots_adjust(top=1 - (0.5 + 0.16 * (len(lines) - 1)) / self._height)
        self._heading.set_text(literal("\n".join(lines)))
        return self.fig

    def _build(self, scene: Scene) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator

        n = len(scene.panels)
        cols = min(max(n, 1), 3)
        rows = max(math.ceil(n / cols), 1)
        width, height = 3.4 * cols + 0.6, 2.6 * rows + 0.5
        if self.fig is None:
            self.fig = Figure(figsize=(width, height))
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
        if n == 0:
            fig.text(0.5, 0.5, "waiting for the first epoch", ha="center", va="center",
                     color="#888888")
        for i, panel in enumerate(scene.panels):
            ax = fig.add_subplot(rows, cols, i + 1)
            # A fixed y spares matplotlib a costly search for a title position on every frame.
            ax.set_title("learning rate" if panel.name == LR_PANEL else literal(panel.name),
                         fontsize=10,
                         y=1.0, pad=4)
            if i == (rows - 1) * cols:  # every text costs drawing time: label one axis
                ax.set_xlabel("epoch", fontsize=8)
            ax.tick_params(labelsize=8)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
            ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
            ax.grid(True, alpha=0.25)
            if panel.log_y:
                ax.set_yscale("log")
            else:
                ax.ticklabel_format(axis="y", useOffset=False)
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
        self._key = scene.layout_key

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


# Headless runs (nbval, nbclient, papermill) store one final frame per fit. Building a figure's
# axes costs about twice as much as drawing it, and a notebook fits with the same few panel
# layouts again and again, so final frames reuse a figure per layout (the last few layouts).
FINAL_LAYOUTS = 4
_final_painters: OrderedDict[Any, Painter] = OrderedDict()
_final_lock = threading.Lock()


def final_bundle(scene: Scene) -> MimeBundle:
    """The PNG and text of ``scene``'s final frame, drawn on a figure kept for its layout."""
    with _final_lock:
        painter = _final_painters.pop(scene.layout_key, None) or Painter()
        _final_painters[scene.layout_key] = painter
        while len(_final_painters) > FINAL_LAYOUTS:
            _final_painters.popitem(last=False)
        return MimeBundle({"image/png": png_base64(painter.paint(scene)),
                           "text/plain": describe(scene)})
