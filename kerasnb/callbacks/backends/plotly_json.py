"""A `Scene` as a plotly.js figure written by hand: a plain, JSON-able dict.

The SVG live plot ends training with this figure in the same display (the
``application/vnd.plotly.v1+json`` type, which JupyterLab, Notebook 7 and VS
Code draw with their own plotly.js): zoom and hover for the final picture,
without importing plotly in the kernel. It shows what the SVG frames showed,
in the same grid of up to two columns: colours, dashes, log axes, best stars,
marks and the heading. Only plotly.js attributes are used (no template name,
which only plotly's Python side expands), and no NaN: gaps are None.
"""

from __future__ import annotations

import html
import math
from typing import Any

from ..scene import LR_PANEL, Panel, Scene, Series
from . import svg_axes as axes
from .base import BEST_COLOR, MARK_COLORS, RUN_COLORS, heading_lines, series_style, with_markers
from .svg_lines import thinned_xy

ROW = 250  # px per row of panels: title, plot, tick labels and axis title
TITLE_PX, AXIS_PX = 24, 42  # above and below each plot inside its row
TOP, BOTTOM = 40, 56  # margins: heading, legend
HEADING_CHARS = 110
COLUMNS = 1500  # a line keeps at most 2 points per 1/COLUMNS of its x span
GRID = "#ebebeb"
FONT = dict(family="-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
            size=11, color="#444444")


def plotly_figure(scene: Scene) -> dict:
    """``{"data": [...], "layout": {...}}`` for plotly.js, one subplot per panel.

    Panels sit in a grid of up to 2 columns (``xaxis``/``yaxis``,
    ``xaxis2``/``yaxis2``, ... with their domains). Lines keep the live
    plot's colours and dashes, log panels a log y axis, each run's best epoch
    a star, marks a dotted vertical line with their text, and the heading is
    the title. JSON-able as is: no NaN or infinity (None marks a gap). A
    batch stream longer than ``2 * COLUMNS`` points keeps its lowest and
    highest point per ``1 / COLUMNS`` of its x span (the figure is stored in
    the notebook).

    Args:
        scene: what to draw (`kerasnb.callbacks.scene.build_scene`).

    Returns:
        The figure as plain dicts, lists, strings and numbers, ready to be the
        ``application/vnd.plotly.v1+json`` entry of a display bundle.
    """
    n = len(scene.panels)
    cols = 1 if n == 1 else 2
    rows = max(math.ceil(n / cols), 1)
    heading = [_text(line) for line in heading_lines(scene.heading, HEADING_CHARS)] \
        if scene.heading else []
    top = TOP + 17 * max(len(heading) - 1, 0)
    legend_rows = _legend_rows(scene, cols)
    bottom = BOTTOM + 18 * (legend_rows - 1)
    paper = rows * ROW
    layout: dict[str, Any] = dict(
        height=top + paper + bottom, margin=dict(l=56, r=20, t=top, b=bottom),
        paper_bgcolor="#ffffff", plot_bgcolor="#ffffff", font=FONT, hovermode="closest",
        showlegend=n > 0,
        title=dict(text="<br>".join(heading), x=0.01, xanchor="left", y=1, yanchor="top",
                   yref="container", pad=dict(t=10), font=dict(size=13)),
        legend=dict(orientation="h", x=0, xanchor="left", y=0, yanchor="bottom",
                    yref="container", font=dict(size=11)))
    if not n:
        layout.update(xaxis=dict(visible=False), yaxis=dict(visible=False), annotations=[dict(
            text="waiting for the first epoch", showarrow=False, xref="paper", yref="paper",
            x=0.5, y=0.5, font=dict(size=13, color="#888888"))])
        return dict(data=[], layout=layout)
    gap = 0.1 if cols == 2 else 0.0
    width = (1 - gap * (cols - 1)) / cols
    data: list[dict] = []
    notes: list[dict] = []
    shapes: list[dict] = []
    best_shown = False
    for i, panel in enumerate(scene.panels):
        row, col = divmod(i, cols)
        x0 = col * (width + gap)
        y1 = 1 - (row * ROW + TITLE_PX) / paper
        y0 = 1 - ((row + 1) * ROW - AXIS_PX) / paper
        suffix = "" if i == 0 else str(i + 1)
        xref, yref = f"x{suffix}", f"y{suffix}"
        layout[f"xaxis{suffix}"] = _x_axis(panel, scene, _domain(x0, x0 + width), yref)
        layout[f"yaxis{suffix}"] = _y_axis(panel, _domain(y0, y1), xref)
        title = "learning rate" if panel.name == LR_PANEL else panel.name
        notes.append(dict(text=f"<b>{_text(title)}</b>", x=x0, y=y1, xref="paper",
                          yref="paper", xanchor="left", yanchor="bottom", showarrow=False,
                          font=dict(size=12, color="#333333")))
        for series in panel.series:
            data.append(_line(series, panel, scene, xref, yref))
        if panel.best:
            data.append(_best(panel, scene, xref, yref, show=not best_shown))
            best_shown = True
        for mark in scene.marks:
            color = MARK_COLORS.get(mark.kind, "#444444")
            shapes.append(dict(type="line", xref=xref, yref=f"{yref} domain", x0=mark.x,
                               x1=mark.x, y0=0, y1=1,
                               line=dict(color=color, dash="dot", width=1.5)))
            notes.append(dict(x=mark.x, y=1, xref=xref, yref=f"{yref} domain",
                              text=_text(_short(mark.text, 30)), showarrow=False,
                              textangle=-90, xanchor="right", yanchor="top",
                              hovertext=_text(f"{mark.kind} at epoch {mark.x:g}: {mark.text}"),
                              font=dict(size=10, color=color)))
    layout["annotations"] = notes
    layout["shapes"] = shapes
    return dict(data=data, layout=layout)


def _x_axis(panel: Panel, scene: Scene, domain: list[float], yref: str) -> dict:
    axis = dict(domain=domain, anchor=yref, gridcolor=GRID, zeroline=False, showline=True,
                linecolor="#cccccc", mirror=True, title=dict(text="epoch", standoff=4))
    lists = [s.x for s in panel.series] + [[m.x for m in scene.marks]]
    span = axes.lists_range(lists)
    if span is None:
        return axis
    axis["range"] = list(axes.padded(*span, pad=0.03))  # as the SVG frames showed it
    if all(x == int(x) for xs in lists for x in xs if math.isfinite(x)):
        _, step = axes.linear_ticks(span[0], span[1], 5, integer=True)
        axis.update(tickmode="linear", tick0=0, dtick=step)  # whole epochs only
    return axis


def _y_axis(panel: Panel, domain: list[float], xref: str) -> dict:
    axis = dict(domain=domain, anchor=xref, type="log" if panel.log_y else "linear",
                gridcolor=GRID, zeroline=False, showline=True, linecolor="#cccccc",
                mirror=True, exponentformat="e")
    span = axes.lists_range([s.y for s in panel.series], positive=True) if panel.log_y else None
    if span is not None:  # the SVG's ticks: decades, or 1-2-5 inside one decade
        ticks = axes.log_ticks(*axes.log_padded(*span))
        axis.update(tickmode="array", tickvals=[10.0 ** t for t in ticks],
                    ticktext=axes.log_labels(ticks))
    return axis


def _line(series: Series, panel: Panel, scene: Scene, xref: str, yref: str) -> dict:
    color, dashed, opacity = series_style(series, scene.multi_run)
    batch = series.role == "batch"
    xs, ys = series.x, series.y
    if len(xs) > 2 * COLUMNS:  # kept in the notebook: a long stream is thinned, spikes kept
        xs, ys = thinned_xy(series, COLUMNS)
    return dict(
        type="scatter", x=[_number(x) for x in xs],
        y=[_number(y, panel.log_y) for y in ys], name=_text(series.label),
        legendgroup=_text(series.label), xaxis=xref, yaxis=yref, opacity=opacity,
        connectgaps=False, mode="lines+markers" if with_markers(series) else "lines",
        marker=dict(size=5, color=color),
        line=dict(color=color, dash="dash" if dashed else "solid", width=1 if batch else 2),
        hovertemplate="epoch %{x} · %{fullData.name} %{y:.4g}<extra></extra>")


def _best(panel: Panel, scene: Scene, xref: str, yref: str, *, show: bool) -> dict:
    xs, ys, texts, edges = [], [], [], []
    for x, y, run in panel.best:
        label, rec = scene.runs[run] if run < len(scene.runs) else ("", None)
        found = rec.best() if rec is not None else None
        key = found[0] if found else panel.name
        who = f" ({label})" if scene.multi_run and label else ""
        xs.append(_number(x))
        ys.append(_number(y, panel.log_y))
        texts.append(_text(f"best {key} {axes.value_text(y)} at epoch {axes.x_text(x)}{who}"))
        edges.append(RUN_COLORS[run % len(RUN_COLORS)] if scene.multi_run else "#333333")
    return dict(type="scatter", x=xs, y=ys, text=texts, name="best", mode="markers",
                legendgroup="best", showlegend=show, xaxis=xref, yaxis=yref,
                hovertemplate="%{text}<extra></extra>",
                marker=dict(symbol="star", size=14, color=BEST_COLOR,
                            line=dict(color=edges, width=1)))


def _legend_rows(scene: Scene, cols: int) -> int:
    """About how many rows the one legend under the figure takes (700 px wide)."""
    used, rows = 0.0, 1
    for label in dict.fromkeys(s.label for p in scene.panels for s in p.series):
        width = 40 + 6.5 * len(label)
        if used and used + width > 700:
            rows, used = rows + 1, 0.0
        used += width
    return min(rows, 6)


def _number(value: float, log: bool = False) -> float | None:
    """``value`` for JSON: None for NaN and infinity (and for values <= 0 on a log axis)."""
    if value is None or value - value != 0 or (log and value <= 0):
        return None
    return float(value)


def _text(text: str) -> str:
    # plotly.js reads a few HTML tags in its text (<b>, <br>, <a>): a name is shown, never parsed.
    return html.escape(str(text), quote=False)


def _short(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[:chars - 1] + "\u2026"


def _domain(low: float, high: float) -> list[float]:
    return [min(max(round(low, 6), 0.0), 1.0), min(max(round(high, 6), 0.0), 1.0)]
