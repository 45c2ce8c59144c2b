"""Plotly output: a FigureWidget (zoom, hover) whose traces are re-set in place.

The widget sits in a ``VBox`` shown once per cell. It is made with the first
frame's points in its opening state, and every later redraw sends only what
changed inside one ``batch_update()`` (one message): the x and y of the traces
that got new points (a validation line that did not move, a "best" star that
stayed, are not re-sent), the heading, and the marks or axis ticks when they
change. The
figure is rebuilt only when panels or lines come or go. Until plotly is
imported (in the background, `preload`) frames show the status line as text.
The final frame also stores the whole figure in the widget's state, so a view
that renders late (a fresh page still loading plotly.js) shows the end, not the
opening state.
"""

from __future__ import annotations

import html
import importlib.util
import math
from copy import deepcopy
from typing import Any

from ..scene import LR_PANEL, Scene
from . import preload
from .base import (
    BEST_COLOR,
    MARK_COLORS,
    Output,
    heading_lines,
    ipython_shell,
    series_style,
    with_markers,
)

ROW_HEIGHT = 300
TOP_MARGIN = 70
HEADING_CHARS = 110  # about what a notebook-wide plot holds on one line at 13 px
LIVE_WORDS = "LivePlot: interactive plot (a saved notebook shows its last picture instead)"


def usable() -> bool:
    """Whether plotly's FigureWidget can be built here (plotly and anywidget installed)."""
    return all(importlib.util.find_spec(name) is not None
               for name in ("plotly", "anywidget", "ipywidgets"))


class PlotlyOutput(Output):
    """Interactive plotly FigureWidget, updated in place."""

    name = "plotly"
    # An allowance for plotly.js redrawing the figure in a browser on the same machine.
    view_cost = 0.02

    def __init__(self) -> None:
        self._box: Any = None
        self._snapshot: Any = None
        self._final: Scene | None = None
        self._fig: Any = None
        self._key: tuple | None = None
        self._marks_key: tuple | None = None
        self._titles: tuple = ()
        self._sent: list[tuple] = []  # per trace: the (x, y) lists it shows
        self._waiting: Any = None  # the status line shown until plotly is imported
        self._refresh_due = False  # the saved-notebook picture is to be made after the cell
        preload.start()

    def show(self, scene: Scene) -> None:
        import ipywidgets

        if self._box is None:
            self._box = ipywidgets.VBox()
        if scene.panels:
            self.draw(scene)
        elif self._fig is None:  # no figure until there is something to plot
            self._wait_text(f"{scene.heading} waiting for the first epoch")
        if self._snapshot is None:
            from ... import _snapshot

            self._snapshot = _snapshot.Snapshot(
                self._box, self._picture, live_words=LIVE_WORDS,
                caption="LivePlot picture saved with the notebook: run the cell to train again.")
        self._snapshot.show()

    def finish(self, scene: Scene) -> None:
        """Draw the final state; the picture a saved notebook keeps is made once, after the cell."""
        preload.wait()
        self.draw(scene)
        if self._fig is not None:  # a view rendered from here on starts at the end
            self._fig._widget_data = deepcopy(self._fig._data)
            self._fig._widget_layout = deepcopy(self._fig._layout)
        self._final = scene
        if self._snapshot is not None and not self._refresh_due:
            self._refresh_due = True
            after_cell(self._refresh_snapshot)

    def cell_ended(self) -> None:
        self._refresh_snapshot()

    def _refresh_snapshot(self) -> None:
        if self._refresh_due:
            self._refresh_due = False
            self._snapshot.refresh()

    def _picture(self) -> tuple[str, str]:
        from ..._snapshot import png_img
        from .matplotlib import final_bundle

        if self._final is None:
            return ("<i>LivePlot: training was still running</i>",
                    "LivePlot: training was still running")
        data = final_bundle(self._final).data
        return png_img(data["image/png"], alt=data["text/plain"]), data["text/plain"]

    def draw(self, scene: Scene) -> bool:
        if self._fig is None and not preload.loaded():
            if not preload.importing():
                preload.wait()  # the import failed: raise its error here
            else:  # plotly is still being imported: the status line, as text
                self._wait_text(f"{scene.heading} (the interactive plot is loading)")
                return False
        rebuilt = self._fig is None or scene.layout_key != self._key
        if rebuilt:
            import ipywidgets
            import plotly.graph_objects as go

            spec = build(scene)
            self._sent = fill_data(spec["data"], scene)
            self._fig = go.FigureWidget(spec)  # the first frame's points travel with it
            unhook_module_file(self._fig)
            self._key = scene.layout_key
            self._marks_key = None
            self._titles = tuple(self._fig.layout.annotations)
            if self._box is None:
                self._box = ipywidgets.VBox()
            self._box.children = (self._fig,)
        marks_key = tuple(scene.marks)
        with self._fig.batch_update():
            fill(self._fig, scene, self._titles, marks=marks_key != self._marks_key,
                 sent=self._sent)
        self._marks_key = marks_key
        return rebuilt

    def figure(self, scene: Scene) -> Any:
        preload.wait()
        self.draw(scene)
        return self._fig

    def _wait_text(self, text: str) -> None:
        import ipywidgets

        if self._waiting is None:
            self._waiting = ipywidgets.HTML()
        self._waiting.value = f"<i>LivePlot: {html.escape(text)}</i>"
        if self._box is not None and self._box.children != (self._waiting,):
            self._box.children = (self._waiting,)


def after_cell(callback: Any) -> None:
    """Call ``callback`` once, when the running cell's code has returned (IPython's
    ``post_execute``: still inside the cell's execution, so its outputs are kept).

    The saved-notebook picture (a matplotlib PNG, a few hundred ms) is made
    there rather than inside ``fit()``: training is not kept waiting for a
    picture nobody sees until the notebook is saved. Outside IPython, or off
    the main thread, it is made at once.
    """
    import threading

    shell = ipython_shell()
    if shell is None or threading.current_thread() is not threading.main_thread():
        callback()
        return

    def once() -> None:
        shell.events.unregister("post_execute", once)
        callback()

    shell.events.register("post_execute", once)


def static_bundle(scene: Scene) -> dict[str, Any]:
    """A display bundle that needs no kernel: plotly's JSON and a PNG in HTML.

    JupyterLab, Notebook 7 and VS Code draw the plotly JSON (zoom and hover,
    plotly.js from their own extension, no CDN); nbconvert, nbviewer and GitHub,
    which do not know that type, show the PNG inlined in the HTML.
    """
    import json

    from ..._snapshot import png_img
    from .matplotlib import final_bundle

    data = final_bundle(scene).data
    return {"application/vnd.plotly.v1+json": json.loads(static_figure(scene).to_json()),
            "text/html": png_img(data["image/png"], alt=data["text/plain"]),
            "text/plain": data["text/plain"]}


def static_figure(scene: Scene) -> Any:
    """A plain ``plotly.graph_objects.Figure`` of ``scene`` (for HTML and compare)."""
    preload.wait()  # never import plotly here while the background import is half done
    import plotly.graph_objects as go

    spec = build(scene)
    fill_data(spec["data"], scene)
    fig = go.Figure(spec)
    fill(fig, scene, tuple(fig.layout.annotations), marks=True)
    return fig


def build(scene: Scene) -> dict:
    """The figure as a plain dict: one subplot per panel, empty traces in scene order.

    Laid out by hand rather than with ``make_subplots``: a dict is validated
    once, when the figure is made, which makes rebuilding several times cheaper.
    """
    layout: dict[str, Any] = dict(
        template="plotly_white", hovermode="closest", height=ROW_HEIGHT,
        margin=dict(l=50, r=20, t=TOP_MARGIN, b=85), title=dict(x=0.01, font=dict(size=13)),
        # One row under the panels leaves them the whole width.
        legend=dict(orientation="h", x=0, xanchor="left", y=0, yanchor="bottom",
                    yref="container", font=dict(size=11)))
    n = len(scene.panels)
    if n == 0:
        layout.update(xaxis=dict(visible=False), yaxis=dict(visible=False), annotations=[dict(
            text="waiting for the first epoch", showarrow=False, xref="paper", yref="paper",
            x=0.5, y=0.5)])
        return dict(data=[], layout=layout)
    cols = min(n, 3)
    rows = math.ceil(n / cols)
    gap_x, gap_y = 0.07, 0.5 / (rows + 1)
    width, height = (1 - gap_x * (cols - 1)) / cols, (1 - gap_y * (rows - 1)) / rows
    layout["height"] = ROW_HEIGHT * rows + 80
    data, titles = [], []
    for i, panel in enumerate(scene.panels):
        row, col = divmod(i, cols)
        x0, y1 = col * (width + gap_x), 1 - row * (height + gap_y)
        suffix = "" if i == 0 else str(i + 1)
        # Rounded into [0, 1]: 1 - 2 * (0.5 - gap) can come out as -5.6e-17, which plotly refuses.
        layout[f"xaxis{suffix}"] = dict(domain=_domain(x0, x0 + width), anchor=f"y{suffix}",
                                        title=dict(text="epoch", standoff=4))
        layout[f"yaxis{suffix}"] = dict(domain=_domain(y1 - height, y1), anchor=f"x{suffix}",
                                        type="log" if panel.log_y else "linear",
                                        tickformat="~e" if panel.name == LR_PANEL else "")
        titles.append(dict(text="learning rate" if panel.name == LR_PANEL else panel.name,
                           x=x0 + width / 2, y=y1, xref="paper", yref="paper",
                           xanchor="center", yanchor="bottom", showarrow=False,
                           font=dict(size=14)))
        on = dict(xaxis=f"x{suffix}", yaxis=f"y{suffix}")
        for series in panel.series:
            color, dashed, opacity = series_style(series, scene.multi_run)
            data.append(dict(
                type="scatter", x=[], y=[], name=series.label, opacity=opacity,
                legendgroup=series.label, connectgaps=False, marker=dict(size=5),
                mode="lines+markers" if with_markers(series) else "lines",
                line=dict(color=color, dash="dash" if dashed else "solid",
                          width=1 if series.role == "batch" else 2), **on))
        data.append(dict(
            type="scatter", x=[], y=[], name="best", mode="markers", legendgroup="best",
            showlegend=panel.name == "loss",
            hovertemplate="best: %{y:.4g} at epoch %{x}<extra></extra>",
            marker=dict(symbol="star", size=14, color=BEST_COLOR,
                        line=dict(color="#333333", width=1)), **on))
    layout["annotations"] = titles
    return dict(data=data, layout=layout)


def _domain(low: float, high: float) -> list[float]:
    return [min(max(round(low, 6), 0.0), 1.0), min(max(round(high, 6), 0.0), 1.0)]


def points(scene: Scene) -> list[tuple[list, list]]:
    """Per trace, in `build` order: its ``(x, y)`` lists (NaN where a line has a gap)."""
    out = []
    for panel in scene.panels:
        out.extend((series.x, series.y) for series in panel.series)
        out.append(([b[0] for b in panel.best], [b[1] for b in panel.best]))
    return out


def arrays(x: list, y: list) -> dict[str, Any]:
    """A trace's ``x`` and ``y``, with None in the gaps (plotly's JSON for a missing point)."""
    return {"x": list(x), "y": [None if math.isnan(v) else v for v in y]}


def fill_data(traces: list[dict], scene: Scene) -> list[tuple]:
    """Put ``scene``'s points in the trace dicts of `build`; returns what they now show."""
    shown = points(scene)
    for trace, (x, y) in zip(traces, shown, strict=True):
        trace.update(arrays(x, y))
    return shown


def fill(fig: Any, scene: Scene, titles: tuple, *, marks: bool,
         sent: list[tuple] | None = None) -> None:
    """Set the traces' points, the heading and (when asked) the marks from ``scene``.

    ``sent`` holds what each trace shows; only traces whose points differ from
    it are set (and it is brought up to date), so an update carries only them.
    """
    shown = points(scene)
    for i, (x, y) in enumerate(shown):
        if sent is not None:
            if sent[i][0] == x and sent[i][1] == y:
                continue
            sent[i] = (x, y)
        fig.data[i].update(arrays(x, y))
    axes = [(fig.data[i].xaxis, fig.data[i].yaxis)
            for i in _best_indexes(scene)]
    lines = heading_lines(html.escape(scene.heading, quote=False), HEADING_CHARS)
    fig.layout.title.text = "<br>".join(lines)
    top = TOP_MARGIN + 17 * (len(lines) - 1)
    if fig.layout.margin.t != top:
        fig.layout.margin.t = top
    last = max((x for p in scene.panels for s in p.series for x in s.x[-1:]), default=0)
    step = epoch_step(last)
    if fig.layout.xaxis.dtick != step:
        fig.update_xaxes(tickmode="linear", tick0=0, dtick=step)
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


def _best_indexes(scene: Scene) -> list[int]:
    """The index of each panel's "best" trace (after its lines)."""
    out, i = [], 0
    for panel in scene.panels:
        i += len(panel.series)
        out.append(i)
        i += 1
    return out


def epoch_step(last: float) -> int:
    """Whole-epoch tick spacing: 1, 2, 5, 10, 20, ... so that at most about six ticks show."""
    step = 1
    while last / step > 6:
        for factor in (2, 2.5, 2):  # 1 -> 2 -> 5 -> 10 -> 20 -> 50 ...
            step = int(step * factor)
            if last / step <= 6:
                break
    return step


def unhook_module_file(widget: Any) -> int:
    """Let a closed anywidget be collected: drop its link to its class's module file.

    anywidget connects every new widget to the class-wide contents of its JavaScript file (to
    reload views when the file is edited) and never disconnects it, so each FigureWidget ever
    made stays in memory. Plotly's packaged module never changes: the link is not needed.

    Returns:
        How many links were dropped (0 where anywidget works differently).
    """
    dropped = 0
    for cls in type(widget).__mro__:
        for key in ("_esm", "_css"):
            signal = getattr(cls.__dict__.get(key), "changed", None)
            for slot in list(getattr(signal, "_slots", ())):
                fn = getattr(slot, "dereference", lambda: None)()
                cells = getattr(fn, "__closure__", None) or ()
                if any(getattr(c, "cell_contents", None) is widget for c in cells):
                    signal.disconnect(fn)
                    dropped += 1
    return dropped
