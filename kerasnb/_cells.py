"""Close the widgets an earlier run of the same cell created.

A front end that re-runs a cell replaces the cell's outputs, but the widgets those outputs
showed stay alive in the kernel (``ipywidgets.Widget.widgets`` keeps every open widget, and
each keeps its state and whatever its callbacks hold: figures, models, data). Running a
notebook twice then holds two copies of everything it displayed.

Code that displays a widget calls `track(widget)`. The widget is filed under the cell that is
running (the cell id JupyterLab, Notebook 7 and VS Code send with each execution); when that
same cell runs again, every widget filed under it is closed first, children included, so the
memory after the Nth run equals the first's. Without a cell id (nbclient, nbval, a terminal)
nothing is filed and nothing is closed.
"""

from __future__ import annotations

import weakref
from typing import Any

__all__ = ["track"]

_by_cell: dict[str, list[weakref.ref]] = {}
_current: str | None = None
_hooked: set[int] = set()  # id() of the IPython shells the hook is registered with


def _pre_run_cell(info: Any = None) -> None:
    """IPython ``pre_run_cell`` hook: remember the cell, close what its last run left."""
    global _current
    _current = getattr(info, "cell_id", None) or None
    if _current is None:
        return
    for ref in _by_cell.pop(_current, []):
        widget = ref()
        if widget is not None:
            _close(widget)


def _close(widget: Any) -> None:
    """Close ``widget`` and every widget it holds (children, layout, style), once each."""
    from ipywidgets import Widget

    seen: set[int] = set()
    stack = [widget]
    while stack:
        w = stack.pop()
        if id(w) in seen or not isinstance(w, Widget):
            continue
        seen.add(id(w))
        for name in w.keys:  # the synced traits: where child widgets live
            value = getattr(w, name, None)
            stack.extend(value if isinstance(value, (list, tuple)) else [value])
        w.close()


def _install() -> bool:
    """Register the hook with the running IPython shell; False when there is none."""
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


def track(widget: Any) -> Any:
    """File ``widget`` under the running cell; a re-run of that cell closes it.

    Call it where a widget is displayed (a widget displayed by several cells belongs to the
    last). Safe anywhere: outside IPython, or without a cell id, it does nothing.

    Args:
        widget: an ``ipywidgets.Widget`` (containers close their children too).

    Returns:
        ``widget``, so that ``display(track(box))`` reads naturally.

    Example:
        >>> from kerasnb._cells import track
        >>> box = track(ipywidgets.VBox([...]))      # doctest: +SKIP
    """
    if not _install() or _current is None:
        return widget
    refs = _by_cell.setdefault(_current, [])
    for cell, others in _by_cell.items():  # a widget shown again belongs to its last cell
        if cell != _current:
            others[:] = [r for r in others if r() is not widget]
    if not any(r() is widget for r in refs):
        refs.append(weakref.ref(widget))
    return widget
