"""Live widgets that leave a picture in the saved notebook.

A widget output is stored in a notebook as a reference to a model that lives in
the kernel. Once the kernel is gone, JupyterLab (which picks the widget view
first in a trusted notebook) shows "Error displaying widget: model not found",
and nbconvert, nbviewer and GitHub show the output's text. Adding a PNG to the
widget's own bundle does not help: the widget view still wins.

So a live widget is shown as two outputs, one after the other:

1. the widget, wrapped in a box that carries the class ``kerasnb-live`` and a
   ``<style>`` that hides output 2 while the widget is drawn (the kernel lives);
2. a snapshot: HTML holding a picture of the widget's last state (an ``<img>``
   or an inline ``<svg>``) and a caption saying it is a snapshot. Its own
   ``<style>`` hides output 1 when it cannot show the widget (after a restart:
   the error line; in nbconvert HTML: the widget's text).

In a live front end one sees the widget only; after save, restart and reopen,
in nbconvert HTML, on nbviewer and on GitHub one sees the picture. The snapshot
is refreshed through its display id when the widget's state changes (at most
once a second while changes keep coming, and once more when they stop).

Every pair is filed with `kerasnb._cells.track` under the cell that shows it:
when that cell runs again, the wrapper box goes at once, and the widget itself
(with every widget it ever held, e.g. a figure replaced by a newer one) once the
re-run is over, unless the re-run shows it again.
"""

from __future__ import annotations

import base64
import contextlib
import html
import time
import uuid
import weakref
from collections.abc import Callable
from typing import Any

LIVE_CLASS = "kerasnb-live"
SNAPSHOT_ATTR = "data-kerasnb-snapshot"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MIN_INTERVAL = 1.0  # seconds between two snapshot refreshes while changes keep coming

# (picture HTML, words): what the snapshot shows and its text/plain.
Render = Callable[[], tuple[str, str]]


def png_img(png: bytes | str, alt: str = "", width: int | None = None) -> str:
    """An ``<img>`` with ``png`` (bytes, or base64 text) inlined as a data URI."""
    data = png if isinstance(png, str) else base64.b64encode(png).decode("ascii")
    size = f" width='{int(width)}'" if width else ""
    return (f"<img src='data:image/png;base64,{data}' alt='{html.escape(alt, quote=True)}'"
            f"{size} style='max-width:100%'>")


def live_style(snap_id: str) -> str:
    """CSS shown with the live widget: hides its snapshot (JupyterLab, Notebook 7, others)."""
    # Only the output that is this snapshot (">"): a widget holding an output widget that
    # shows another snapshot (a LivePlot inside the builder) must not hide itself.
    target = f'[{SNAPSHOT_ATTR}="{snap_id}"]'
    return (f"<style>.jp-OutputArea-child:has(> .jp-OutputArea-output > {target})"
            f"{{display:none}}{target}{{display:none}}</style>")


def snapshot_style(snap_id: str) -> str:
    """CSS shown with the snapshot: hides the widget output before it when it cannot show.

    That is JupyterLab's "Error displaying widget" (the renderer gets the class
    ``jupyter-widgets`` only then) and a text fallback (nbconvert HTML, an untrusted
    notebook). Never while the widget is still loading: a plot laid out while hidden
    would stay empty.
    """
    before = (".jp-OutputArea-child:has(+ .jp-OutputArea-child > .jp-OutputArea-output > "
              f'[{SNAPSHOT_ATTR}="{snap_id}"])')
    return (f"<style>{before}:has(> .jp-OutputArea-output.jupyter-widgets)"
            f":not(:has(.{LIVE_CLASS})),"
            f'{before}:has(> .jp-OutputArea-output[data-mime-type="text/plain"])'
            "{display:none}</style>")


def snapshot_html(snap_id: str, picture: str, caption: str) -> str:
    """The snapshot output's HTML: its style, the picture and the caption."""
    return (f"<div {SNAPSHOT_ATTR}='{snap_id}' class='kerasnb-snapshot'>"
            f"{snapshot_style(snap_id)}{picture}"
            "<div style='font-size:12px;color:#666;margin-top:2px'>"
            f"{html.escape(caption)}</div></div>")


def _shell() -> Any:
    import sys

    ipython = sys.modules.get("IPython")
    return None if ipython is None else ipython.get_ipython()


class Snapshot:
    """Shows ``widget`` live and a picture of its last state for the saved notebook.

    Args:
        widget: the ipywidgets widget to show.
        render: returns ``(picture_html, words)``: the picture of the widget's
            current state (see `png_img`) and its state in words (text/plain).
        caption: the line under the picture, e.g. "Snapshot of the builder:
            run the cell to use the builder."
        live_words: text/plain of the widget output (seen where widgets do not
            render and the snapshot's style is stripped, e.g. on GitHub).
    """

    def __init__(self, widget: Any, render: Render, *, caption: str, live_words: str) -> None:
        self.widget = widget
        self.render = render
        self.caption = caption
        self.live_words = live_words
        self.handles: list[tuple[str, Any]] = []
        self.last: dict[str, Any] | None = None  # the snapshot bundle sent last
        self._refreshed = -float("inf")
        self._dirty = False
        self._timer: Any = None
        self._watched: set[int] = set()
        self._members: dict[int, weakref.ref] = {}  # every widget ever in the tree

    # -- showing ----------------------------------------------------------------------

    def show(self) -> None:
        """Display the live widget and, right after it, its snapshot (one pair per call)."""
        if _shell() is None:  # plain Python: nothing shows anything
            return
        import ipywidgets
        from IPython.display import display

        if getattr(self.widget, "comm", True) is None:  # closed by a re-run that dropped it
            display({"text/plain": f"{self.live_words} (closed: the cell that showed it ran "
                                   "again without it; run the cell that makes it)"}, raw=True)
            return
        snap_id = uuid.uuid4().hex[:16]
        style = ipywidgets.HTML(live_style(snap_id), layout=ipywidgets.Layout(display="none"))
        box = ipywidgets.VBox([style, self.widget])
        box.add_class(LIVE_CLASS)
        self._follow(self.widget)
        from . import _cells

        _cells.track(box, keep=self.widget, on_close=lambda: self._forget(snap_id),
                     on_release=self.release)
        display({WIDGET_VIEW: {"version_major": 2, "version_minor": 0,
                               "model_id": box.model_id},
                 "text/plain": self.live_words}, raw=True)
        handle = display(self.bundle(snap_id), raw=True, display_id=True)
        self.handles.append((snap_id, handle))

    def _forget(self, snap_id: str) -> None:
        """The output pair ``snap_id`` was replaced by a re-run: stop refreshing it."""
        self.handles = [(i, h) for i, h in self.handles if i != snap_id]

    def _follow(self, widget: Any) -> None:
        """Remember ``widget`` and its tree, and every child put into it later."""
        from ipywidgets import Widget

        if not isinstance(widget, Widget) or id(widget) in self._members:
            return
        self._members[id(widget)] = weakref.ref(widget)
        if widget.has_trait("children"):
            widget.observe(self._on_children, names="children")
        for name in widget.keys:
            value = getattr(widget, name, None)
            for child in value if isinstance(value, (list, tuple)) else [value]:
                self._follow(child)

    def _on_children(self, change: Any) -> None:
        for child in change.get("new", ()):
            self._follow(child)

    def release(self) -> None:
        """The widget was closed for good: close what it held, drop the pictures."""
        from . import _cells

        members, self._members = self._members, {}
        for ref in members.values():
            member = ref()
            if member is not None and getattr(member, "comm", None) is not None:
                _cells.close_tree(member)
        self.handles = []
        self.last = None
        if self._timer is not None and hasattr(self._timer, "cancel"):
            self._timer.cancel()
        self._timer = None

    def bundle(self, snap_id: str) -> dict[str, Any]:
        """The snapshot output's bundle (HTML picture and words) for the current state."""
        try:
            picture, words = self.render()
        except Exception as error:  # a snapshot must never break the live widget
            picture = f"<i>no picture: {html.escape(f'{type(error).__name__}: {error}')}</i>"
            words = self.live_words
        self.last = {"text/html": snapshot_html(snap_id, picture, self.caption),
                     "text/plain": words}
        self._refreshed = time.monotonic()
        self._dirty = False
        return self.last

    def refresh(self) -> None:
        """Redraw the snapshot of every place the widget was shown."""
        for snap_id, handle in self.handles:
            if handle is not None:
                handle.update(self.bundle(snap_id), raw=True)

    # -- following changes ------------------------------------------------------------

    def changed(self, change: Any = None) -> None:
        """The widget's state changed: refresh now, or soon if a refresh just happened."""
        if not self.handles:
            return
        if time.monotonic() - self._refreshed >= MIN_INTERVAL:
            self.refresh()
            return
        self._dirty = True
        if self._timer is None:
            self._timer = _call_later(MIN_INTERVAL, self._flush)

    def _flush(self) -> None:
        self._timer = None
        if self._dirty:
            self.refresh()

    def watch(self, widget: Any = None) -> None:
        """Refresh on any ``value`` or ``children`` change in ``widget``'s tree."""
        widget = self.widget if widget is None else widget
        if id(widget) in self._watched or not hasattr(widget, "observe"):
            return
        self._watched.add(id(widget))
        names = [n for n in ("value", "children") if widget.has_trait(n)]
        if names:
            widget.observe(self._on_trait, names=names)
        for child in getattr(widget, "children", ()):
            self.watch(child)

    def _on_trait(self, change: Any) -> None:
        if change.get("name") == "children":
            for child in change.get("new", ()):
                self.watch(child)
        self.changed()


def _call_later(delay: float, callback: Callable[[], None]) -> Any:
    """Run ``callback`` on the kernel's event loop after ``delay`` s (else after the cell)."""
    import asyncio

    try:
        return asyncio.get_running_loop().call_later(delay, callback)
    except RuntimeError:  # no running loop (a script): after the next cell, if any
        shell = _shell()
        if shell is None:
            return None

        def once() -> None:
            shell.events.unregister("post_execute", once)
            callback()

        shell.events.register("post_execute", once)
        return once


def show(widget: Any, render: Render, *, caption: str, live_words: str,
         watch: bool = True) -> Snapshot:
    """Show ``widget`` with a snapshot; keep the snapshot current when ``watch``.

    The `Snapshot` is kept on the widget (``_kerasnb_snapshot``) so showing the
    same widget again adds a pair of outputs that share it.
    """
    snap = getattr(widget, "_kerasnb_snapshot", None)
    if snap is None:
        snap = Snapshot(widget, render, caption=caption, live_words=live_words)
        with contextlib.suppress(AttributeError):  # a widget that takes no new attributes
            widget._kerasnb_snapshot = snap
        if watch:
            snap.watch()
    snap.show()
    return snap
