"""Close the widgets an earlier run of the same cell showed.

A front end that re-runs a cell replaces the cell's outputs, but the widgets those outputs
showed stay alive in the kernel (``ipywidgets.Widget.widgets`` keeps every open widget, and
each keeps its state and whatever its callbacks hold: figures, models, data). Running a
notebook twice then holds two copies of everything it displayed.

Code that displays a widget calls `track(widget)`. The widget is filed under the cell that is
running (the cell id JupyterLab, Notebook 7 and VS Code send with each execution); when that
same cell runs again, every widget filed under it is closed first, children included, so the
memory after the Nth run equals the first's. Without a cell id (nbclient, nbval, a terminal)
nothing is filed and nothing is closed.

A widget the user holds may be shown again by the re-run (``builder`` displayed by a cell
that is run twice, one `LivePlot` drawing in two cells). `track(box, keep=widget)` files the
wrapper ``box`` as above, but ``widget`` inside it is only closed once the re-run has
finished and no output shows it any more.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

__all__ = ["track"]


@dataclass
class _Shown:
    """One tracked output: the widget, the part the re-run may show again, the callbacks."""

    widget: weakref.ref
    keep: weakref.ref | None = None
    on_close: Callable[[], None] | None = None   # after ``widget`` is closed
    on_release: Callable[[], None] | None = None  # after ``keep`` is closed

    def kept(self) -> Any:
        return None if self.keep is None else self.keep()


_by_cell: dict[str, list[_Shown]] = {}
_pending: list[_Shown] = []  # kept widgets of the cell re-running now: closed after it
_current: str | None = None
_running: str | None = None  # the cell whose pending widgets `_post_run_cell` decides
_hooked: set[int] = set()  # id() of the IPython shells the hooks are registered with


def _pre_run_cell(info: Any = None) -> None:
    """IPython ``pre_run_cell`` hook: remember the cell, close what its last run showed."""
    global _current, _running
    _current = _running = getattr(info, "cell_id", None) or None
    if _current is None:
        return
    for shown in _by_cell.pop(_current, []):
        widget, kept = shown.widget(), shown.kept()
        if widget is not None:
            _close(widget, keep=kept)
        if shown.on_close is not None:
            shown.on_close()
        if kept is not None:
            _pending.append(shown)


def _post_run_cell(result: Any = None) -> None:
    """IPython ``post_run_cell`` hook: close the kept widgets no output shows any more."""
    global _current
    _current = None  # a widget shown later (a button's callback) belongs to no cell
    if not _pending:
        return
    if _running is not None and not getattr(result, "success", True):
        # The run stopped on an error, maybe before showing its widgets again: keep them
        # filed under the cell, for its next run to decide.
        _by_cell.setdefault(_running, []).extend(_pending)
        _pending.clear()
        return
    shown_now = {id(w) for entries in _by_cell.values() for s in entries
                 if (w := s.kept()) is not None}
    released = []
    for shown in _pending:
        kept = shown.kept()
        if kept is not None and id(kept) not in shown_now:
            _close(kept)
            released.append(shown)
    _pending.clear()
    for shown in released:
        if shown.on_release is not None:
            shown.on_release()


def _close(widget: Any, keep: Any = None) -> None:
    """Close ``widget`` and every widget it holds (children, layout, style), but not ``keep``."""
    from ipywidgets import Widget

    seen: set[int] = {id(keep)} if keep is not None else set()
    stack = [widget]
    while stack:
        w = stack.pop()
        if id(w) in seen or not isinstance(w, Widget):
            continue
        seen.add(id(w))
        stack.extend(_unfile(_area_key(w)))  # what was shown inside it (an Output widget)
        for name in w.keys:  # the synced traits: where child widgets live
            value = getattr(w, name, None)
            stack.extend(value if isinstance(value, (list, tuple)) else [value])
        w.close()


def _area_key(widget: Any) -> str:
    return f"widget:{getattr(widget, 'model_id', id(widget))}"


def _unfile(key: str) -> list[Any]:
    """Forget what is filed under ``key``; the widgets to close (kept ones too), callbacks run."""
    found = []
    for shown in _by_cell.pop(key, []):
        found.extend(w for w in (shown.widget(), shown.kept()) if w is not None)
        for callback in (shown.on_close, shown.on_release):
            if callback is not None:
                callback()
    return found


@contextmanager
def shown_in(area: Any) -> Iterator[None]:
    """Widgets tracked in this block belong to ``area`` (an Output widget), not to a cell.

    A widget's own plot area is filled by button clicks, after its cell has run: what it
    shows there is closed with ``area``, or by `close_shown_in` before the area is reused.
    """
    global _current
    saved, _current = _current, _area_key(area)
    try:
        yield
    finally:
        _current = saved


def close_shown_in(area: Any) -> None:
    """Close every widget tracked while `shown_in` ``area`` (before the area shows new ones)."""
    for widget in _unfile(_area_key(area)):
        _close(widget)


def close_tree(widget: Any) -> None:
    """Close ``widget`` and every widget it holds (what a re-run does to a tracked widget)."""
    _close(widget)


def _install() -> bool:
    """Register the hooks with the running IPython shell; False when there is none."""
    global _current
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    if id(shell) not in _hooked:
        shell.events.register("pre_run_cell", _pre_run_cell)
        shell.events.register("post_run_cell", _post_run_cell)
        _hooked.add(id(shell))
        # The cell running now started before the hook existed: ask the kernel for its id.
        _current = _current or _cell_from_kernel(shell)
    return True


def _cell_from_kernel(shell: Any) -> str | None:
    """The ``cellId`` of the execute request ipykernel is answering, if any."""
    kernel = getattr(shell, "kernel", None)
    get_parent = getattr(kernel, "get_parent", None)
    try:
        parent = get_parent("shell") if callable(get_parent) else {}
    except Exception:  # pragma: no cover - an ipykernel without channels
        return None
    return ((parent or {}).get("metadata") or {}).get("cellId") or None


def current_cell() -> str | None:
    """The id of the cell running now, as the front end sent it, or None."""
    return _current


def track(widget: Any, *, keep: Any = None, on_close: Callable[[], None] | None = None,
          on_release: Callable[[], None] | None = None) -> Any:
    """File ``widget`` under the running cell; a re-run of that cell closes it.

    Call it where a widget is displayed (a widget displayed by several cells belongs to the
    last). Safe anywhere: outside IPython, or without a cell id, it does nothing.

    Args:
        widget: an ``ipywidgets.Widget`` (containers close their children too).
        keep: a widget inside ``widget`` that the re-run may show again (an object the user
            holds). It is closed after the re-run, and only if no output shows it then.
        on_close: called once ``widget`` is closed.
        on_release: called once ``keep`` is closed.

    Returns:
        ``widget``, so that ``display(track(box))`` reads naturally.

    Example:
        >>> from kerasnb._cells import track
        >>> box = track(ipywidgets.VBox([...]))      # doctest: +SKIP
    """
    if not _install() or _current is None or widget is None:
        return widget
    refs = _by_cell.setdefault(_current, [])
    if keep is None:
        for cell, others in _by_cell.items():  # a widget shown again belongs to its last cell
            if cell != _current:
                others[:] = [s for s in others if s.widget() is not widget]
        if any(s.widget() is widget for s in refs):
            return widget
    refs.append(_Shown(weakref.ref(widget), None if keep is None else weakref.ref(keep),
                       on_close, on_release))
    return widget
