"""SVG output: each frame an inline SVG in HTML, updated in place through a display handle.

No widget, no JavaScript and no plotly while training runs: a frame is a few
kilobytes of ``text/html`` (the drawing of `svg_draw.render_svg`) sent as
``update_display_data`` to the display the plot put in its cell, which the
browser swaps in. When training ends the same display gets the final bundle:
the last SVG as ``text/html``, the interactive figure as plotly's JSON
(``application/vnd.plotly.v1+json``, a plain dict from
`svg_draw.plotly_figure`: JupyterLab and Notebook 7 draw it with their plotly
extension, VS Code natively, even in a saved notebook reopened without its
kernel) and ``text/plain``. nbconvert, nbviewer and GitHub show the SVG.

Plotly's JSON appears in the final bundle only: plotly's renderer keeps its
first graph and ignores later updates of the same output, so a live frame
carrying it would freeze the plot. A fit after the end (the same cell) goes
back to SVG frames: the output's type changes, so the front end renders anew.

Inside an ``ipywidgets.Output`` (the ModelBuilder's plot area) a display
update never reaches the view: the Output widget keeps the ``display_data``
messages it captures but drops ``update_display_data``. There the frames go
to the value of an ``ipywidgets.HTML`` shown inside it instead (the same SVG;
the final frame too, without plotly's JSON).
"""

from __future__ import annotations

import sys
import uuid
from typing import Any

from ... import _env
from ..scene import Scene
from .base import MimeBundle, Output, display

PLOTLY_MIME = "application/vnd.plotly.v1+json"
LOCAL_VIEW_COST = 0.06  # seconds (see SvgOutput.__init__)
LIVE_CLASS = "kerasnb-liveplot"


class SvgOutput(Output):
    """Inline SVG frames in a ``text/html`` display; plotly's JSON in the final one."""

    name = "svg"

    def __init__(self) -> None:
        # What the page spends taking in one frame when it runs on the training machine
        # (JupyterLab replaces the output, Chromium parses, lays out and paints an SVG of
        # 5-25 kB), counted by the redraw budget: Chromium used 0.9-1.2 CPU seconds more per
        # 20-epoch fit with 3-4 frames and the final figure than without a LivePlot
        # (benchmarks/bench_liveplot_browser.py, 2 cores). A browser on another computer (a
        # hub, Binder) costs this machine nothing.
        self.view_cost = 0.0 if _env.browser_elsewhere() else LOCAL_VIEW_COST
        self.uid = uuid.uuid4().hex[:8]
        self._handle: Any = None  # the display in the cell
        self._widget: Any = None  # an ipywidgets.HTML, inside an Output widget

    def show(self, scene: Scene) -> None:
        self._handle = self._widget = None
        if inside_output_widget():
            import ipywidgets

            from ... import _cells

            self._widget = ipywidgets.HTML(frame_html(scene, self.uid))
            display(_cells.track(self._widget))  # closed with the area or the cell showing it
            return
        self._handle = display(MimeBundle(live_bundle(scene, self.uid)), display_id=True)

    def draw(self, scene: Scene) -> bool:
        if self._widget is not None:
            self._widget.value = frame_html(scene, self.uid)
        elif self._handle is not None:
            self._handle.update(MimeBundle(live_bundle(scene, self.uid)))
        return False  # every frame is drawn whole: there is no figure to rebuild

    def finish(self, scene: Scene) -> None:
        if self._widget is not None:
            self._widget.value = frame_html(scene, self.uid, final=True)
        elif self._handle is not None:
            self._handle.update(MimeBundle(final_bundle(scene, self.uid)))


def inside_output_widget() -> bool:
    """Whether a display now lands in an ``ipywidgets.Output`` (a ``with output:`` block)."""
    widgets = sys.modules.get("ipywidgets")
    if widgets is None:  # no Output widget can exist before ipywidgets is imported
        return False
    from ipywidgets.widgets.widget import _instances

    return any(isinstance(w, widgets.Output) and w.msg_id for w in list(_instances.values()))


def frame_html(scene: Scene, uid: str, *, final: bool = False) -> str:
    """One frame: the SVG in a ``div`` that says how many points it shows, and of how many
    epochs (the longest epoch line), for tests and benchmarks to read in the page."""
    from .svg_draw import render_svg

    lines = [series for panel in scene.panels for series in panel.series]
    shown = sum(len(series.x) for series in lines)
    epochs = max((len(series.x) for series in lines if series.role != "batch"), default=0)
    state = "final" if final else "live"
    return (f"<div class='{LIVE_CLASS}' data-kerasnb-liveplot='{uid}' data-points='{shown}' "
            f"data-epochs='{epochs}' data-state='{state}' "
            "style='max-width:100%;overflow-x:auto'>"
            f"{render_svg(scene, uid=uid)}</div>")


def live_bundle(scene: Scene, uid: str) -> dict[str, Any]:
    """A live frame's bundle: the SVG and the status in words (never plotly's JSON)."""
    from .matplotlib import describe

    return {"text/html": frame_html(scene, uid), "text/plain": describe(scene)}


def final_bundle(scene: Scene, uid: str = "") -> dict[str, Any]:
    """The end of training: the last SVG, plotly's JSON of the same figure, and words."""
    from .matplotlib import describe
    from .plotly_json import plotly_figure

    uid = uid or uuid.uuid4().hex[:8]
    return {"text/html": frame_html(scene, uid, final=True),
            PLOTLY_MIME: plotly_figure(scene),
            "text/plain": describe(scene)}
