"""Import plotly's FigureWidget in the background, so the first live figure comes sooner.

In a fresh kernel the first ``import plotly.graph_objects`` plus its
FigureWidget takes seconds: plotly's renderers import nbformat, which imports
jsonschema, whose optional format checkers build a grammar at import (most of
the time, measured with ``python -X importtime``). The plotly output starts this
import in a thread when it is made (before ``fit()``) and draws nothing from
plotly until it is done, so training does not wait for it; the final frame
waits (`wait`).
"""

from __future__ import annotations

import sys
import threading

_MODULES = ("plotly.graph_objects", "plotly.basewidget")
_lock = threading.Lock()
_thread: threading.Thread | None = None
_error: BaseException | None = None


def loaded() -> bool:
    """Whether plotly's FigureWidget is imported (by us or by the user)."""
    return all(name in sys.modules for name in _MODULES) and not importing()


def importing() -> bool:
    thread = _thread
    return thread is not None and thread.is_alive()


def start() -> None:
    """Begin importing in a daemon thread (once; nothing to do when already imported)."""
    global _thread
    with _lock:
        if _thread is not None or all(name in sys.modules for name in _MODULES):
            return
        _thread = threading.Thread(target=_load, name="kerasnb-plotly-import", daemon=True)
        _thread.start()


def wait() -> None:
    """Block until the import is done; re-raise its error here, in the caller's thread."""
    thread = _thread
    if thread is not None:
        thread.join()
    if _error is not None:
        raise _error


def _load() -> None:
    global _error
    try:
        import plotly.basewidget  # noqa: F401
        import plotly.graph_objects  # noqa: F401
    except BaseException as e:  # noqa: BLE001 - shown by wait(), in the drawing thread
        _error = e
