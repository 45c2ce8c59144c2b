"""kerasnb._cells.track: a re-run of a cell closes the widgets its last run displayed.

Driven through a real IPython shell (``run_cell(..., cell_id=...)`` is what ipykernel calls
with the id JupyterLab sends), with real ipywidgets; no kernel or browser needed.
"""

from __future__ import annotations

import pytest

ipywidgets = pytest.importorskip("ipywidgets")
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402

from kerasnb import _cells  # noqa: E402

CELL = """
import ipywidgets
from kerasnb._cells import track
box = track(ipywidgets.VBox([ipywidgets.IntSlider(), ipywidgets.HTML("plot")]))
"""


@pytest.fixture
def shell():
    shell = InteractiveShell.instance()
    _cells._by_cell.clear()
    # In a kernel the first call reads the running cell's id from the execute request; a bare
    # shell has no request, so the hook is installed by a first call before the cells run.
    _cells.track(None)
    yield shell
    _cells._by_cell.clear()
    _cells._current = None


def open_widgets() -> int:
    """Open widgets: ``Widget.widgets``, under its ipywidgets 8 name."""
    from ipywidgets.widgets import widget

    return len(getattr(widget, "_instances", None) or ipywidgets.Widget.widgets)


def run(shell, code: str, cell_id: str | None):
    result = shell.run_cell(code, cell_id=cell_id)
    result.raise_error()
    return result


def test_rerunning_a_cell_closes_what_it_created(shell):
    run(shell, CELL, "cell-a")
    first = open_widgets()
    old = shell.user_ns["box"]
    for _ in range(3):
        run(shell, CELL, "cell-a")
        assert open_widgets() == first
    assert old.comm is None and all(child.comm is None for child in old.children)
    assert shell.user_ns["box"].comm is not None  # the new one works


def test_other_cells_keep_their_widgets(shell):
    run(shell, CELL, "cell-a")
    kept = shell.user_ns["box"]
    run(shell, CELL, "cell-b")
    run(shell, CELL, "cell-b")
    assert kept.comm is not None
    run(shell, CELL, "cell-a")
    assert kept.comm is None


def test_a_widget_shown_again_belongs_to_its_last_cell(shell):
    run(shell, CELL, "cell-a")
    box = shell.user_ns["box"]
    run(shell, "track(box)", "cell-b")
    run(shell, CELL, "cell-a")  # cell-a's re-run no longer owns it
    assert box.comm is not None
    run(shell, "1", "cell-b")
    assert box.comm is None


def test_without_a_cell_id_nothing_is_closed(shell):
    run(shell, CELL, None)
    box = shell.user_ns["box"]
    run(shell, CELL, None)
    assert box.comm is not None
    assert _cells.current_cell() is None


def test_outside_ipython_track_returns_the_widget(monkeypatch):
    import IPython

    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    w = ipywidgets.HTML("x")
    assert _cells.track(w) is w
    w.close()
