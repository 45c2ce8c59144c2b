"""Plotly output: a FigureWidget (zoom, hover) whose traces are re-set in place.

The widget sits in a ``VBox`` shown once per cell; every redraw re-sets the x
and y of existing traces inside one ``batch_update()`` (one message to the
front end). The figure is rebuilt only when panels or lines come or go.
"""

from __future__ import annotations

import importlib.util
import math
from typing import Any

from ..scene import LR_PANEL, Scene
from .base import BEST_COLOR, MARK_COLORS, Output, display, series_style, with_markers

ROW_HEIGHT = 300


def usable() -> bool:
    """Whether plotly's FigureWidget can be built here (plotly and anywidget installed)."""
    return all(importlib.util.find_spec(name) is not None
               for name in ("plotly", "anywidget", "ipywidgets"))


class PlotlyOutput(Output):
    """Interactive plotly FigureWidget, updated in place."""

    name = "plotly"

    def __init__(self) -> None:
        self._box: Any = None
        self._fig: Any = None
        self._key: tuple | None = None
        self._marks_key: tuple | None = None
        self._titles: tuple = ()

    def show(self, scene: Scene) -> None:
        self.draw(scene)
        display(self._box)

    def draw(self, scene: Scene) -> None:
        if self._fig is None or scene.layout_key != self._key:
            import ipywidgets
            import plotly.graph_objects as go

            self._fig = go.FigureWidget(build(scene))
            self._key = scene.layout_key
            self._marks_key = None
            self._titles = tuple(self._fig.layout.annotations)
            if self._box is None:
                self._box = ipywidgets.VBox([self._fig])
            else:
                self._box.children = (self._fig,)
        marks_key = tuple(scene.marks)
        with self._fig.batch_update():
            fill(self._fig, scene, self._titles, marks=marks_key != self._marks_key)
        self._marks_key = marks_key

    def figure(self, scene: Scene) -> Any:
        self.draw(scene)
        return self._fig


def static_figure(scene: Scene) -> Any:
    """A plain ``plotly.graph_objects.Figure`` of ``scene`` (for HTML and compare)."""
    fig = build(scene)
    fill(fig, scene, tuple(fig.layout.annotations), marks=True)
    return fig


def build(scene: Scene) -> Any:
    """An empty-traced figure with one subplot per panel, traces in scene order."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    n = len(scene.panels)
    if n == 0:
        fig = go.Figure()
        fig.update_layout(height=ROW_HEIGHT, template="plotly_white",
                          annotations=[dict(text="waiting for the first epoch", showarrow=False,
                                            xref="paper", yref="paper", x=0.5, y=0.5)])
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        return fig
    cols = min(n, 3)
    rows = math.ceil(n / cols)
    titles = ["learning rate" if p.name == LR_PANEL else p.name for p in scene.panels]
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles, horizontal_spacing=0.07,
                        vertical_spacing=0.5 / (rows + 1))
    for i, panel in enumerate(scene.panels):
        row, col = divmod(i, cols)
        for series in panel.series:
            color, dashed, opacity = series_style(series, scene.multi_run)
            fig.add_trace(go.Scatter(
                x=[], y=[], name=series.label, opacity=opacity, legendgroup=series.label,
                mode="lines+markers" if with_markers(series) else "lines",
                line=dict(color=color, dash="dash" if dashed else None,
                          width=1 if series.role == "batch" else 2),
                marker=dict(size=5), connectgaps=False), row=row + 1, col=col + 1)
        fig.add_trace(go.Scatter(
            x=[], y=[], name="best", mode="markers", showlegend=panel.name == "loss",
            legendgroup="best", hovertemplate="best: %{y:.4g} at epoch %{x}<extra></extra>",
            marker=dict(symbol="star", size=14, color=BEST_COLOR,
                        line=dict(color="#333333", width=1))), row=row + 1, col=col + 1)
        if panel.log_y:
            fig.update_yaxes(type="log", row=row + 1, col=col + 1)
        fig.update_xaxes(title_text="epoch", title_standoff=4, row=row + 1, col=col + 1)
    fig.update_layout(height=ROW_HEIGHT * rows + 40, template="plotly_white",
                      margin=dict(l=50, r=20, t=70, b=40), hovermode="closest",
                      title=dict(x=0.01, font=dict(size=13)))
    return fig


def fill(fig: Any, scene: Scene, titles: tuple, *, marks: bool) -> None:
    """Set the traces' points, the heading and (when asked) the marks from ``scene``."""
    i = 0
    axes = []
    for panel in scene.panels:
        for series in panel.series:
            trace = fig.data[i]
            trace.x = series.x
            trace.y = [None if math.isnan(v) else v for v in series.y]
            i += 1
        best = fig.data[i]
        best.x = [b[0] for b in panel.best]
        best.y = [b[1] for b in panel.best]
        axes.append((best.xaxis, best.yaxis))
        i += 1
    fig.layout.title.text = scene.heading
    if not marks:
        return
    shapes, notes = [], []
    for xref, yref in axes:
        for mark in scene.marks:
            color = MARK_COLORS.get(mark.kind, "#444444")
            shapes.append(dict(type="line", xref=xref, yref=f"{yref} domain", x0=mark.x,
                               x1=mark.x, y0=0, y1=1, line=dict(color=color, dash="dot",
                                                               width=1.5)))
            notes.append(dict(x=mark.x, y=1, xref=xref, yref=f"{yref} domain", text=mark.text,
                              showarrow=False, textangle=-90, xanchor="right", yanchor="top",
                              font=dict(size=10, color=color)))
    fig.layout.shapes = shapes
    fig.layout.annotations = (*titles, *notes)
