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
    _cells._pending.clear()
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


# -- the path every kerasnb widget is shown through: kerasnb._snapshot ---------------------

SHOW = """
import ipywidgets
from kerasnb import _snapshot
picture = lambda: ("<b>x</b>", "x")
{make}
_snapshot.show(w, picture, caption="snapshot", live_words="w")
"""


def test_a_rerun_closes_the_shown_widget_and_what_it_ever_held(shell):
    make = "w = ipywidgets.VBox([ipywidgets.HTML('waiting')])"
    run(shell, SHOW.format(make=make), "cell-a")
    first = open_widgets()
    old = shell.user_ns["w"]
    waiting = old.children[0]
    old.children = (ipywidgets.IntSlider(),)  # a child replaced after showing (a new figure)
    slider = old.children[0]
    for _ in range(3):
        run(shell, SHOW.format(make=make), "cell-a")
        assert open_widgets() == first
    assert old.comm is None and waiting.comm is None and slider.comm is None
    assert shell.user_ns["w"].comm is not None


def test_a_widget_the_rerun_shows_again_stays_open(shell):
    run(shell, "w = ipywidgets.VBox([ipywidgets.HTML('builder')])", "cell-make")
    run(shell, SHOW.format(make=""), "cell-show")
    first = open_widgets()
    w = shell.user_ns["w"]
    snap = w._kerasnb_snapshot
    for _ in range(3):
        run(shell, SHOW.format(make=""), "cell-show")
        assert w.comm is not None and w.children[0].comm is not None
        assert open_widgets() == first  # only the wrapper box was replaced
        assert len(snap.handles) == 1   # the replaced output is no longer refreshed
    run(shell, "1", "cell-show")        # the cell no longer shows it: closed after the run
    assert w.comm is None and snap.handles == []


def test_a_widget_shown_by_two_cells_stays_while_one_still_shows_it(shell):
    run(shell, "w = ipywidgets.VBox([ipywidgets.HTML('plot')])", "cell-make")
    run(shell, SHOW.format(make=""), "cell-a")
    run(shell, SHOW.format(make=""), "cell-b")
    w = shell.user_ns["w"]
    run(shell, "1", "cell-a")
    assert w.comm is not None           # cell-b's output still shows it
    run(shell, "1", "cell-b")
    assert w.comm is None


def test_a_rerun_stopped_by_an_error_keeps_the_widget_for_the_next_run(shell):
    run(shell, "w = ipywidgets.VBox([ipywidgets.HTML('builder')])", "cell-make")
    run(shell, SHOW.format(make=""), "cell-show")
    w = shell.user_ns["w"]
    assert not shell.run_cell("1 / 0\n" + SHOW.format(make=""), cell_id="cell-show").success
    assert w.comm is not None           # the error came before it was shown again
    run(shell, SHOW.format(make=""), "cell-show")
    assert w.comm is not None and len(w._kerasnb_snapshot.handles) == 1


def test_showing_a_closed_widget_says_so_instead_of_failing(shell):
    run(shell, "w = ipywidgets.VBox([ipywidgets.HTML('builder')])", "cell-make")
    run(shell, SHOW.format(make=""), "cell-show")
    run(shell, "1", "cell-show")
    from IPython.utils.capture import capture_output

    with capture_output() as shown:
        run(shell, SHOW.format(make=""), "cell-other")
    assert shell.user_ns["w"].comm is None
    assert [o.data["text/plain"] for o in shown.outputs] == [
        "w (closed: the cell that showed it ran again without it; run the cell that makes it)"]


AREA = """
import ipywidgets
from kerasnb import _cells, _snapshot
area = ipywidgets.Output()
owner = ipywidgets.VBox([area])
"""

IN_AREA = """
w = ipywidgets.VBox([ipywidgets.HTML('plot')])
with area, _cells.shown_in(area):
    _snapshot.show(w, lambda: ("<b>x</b>", "x"), caption="snapshot", live_words="w")
"""


def test_widgets_shown_in_an_area_are_closed_when_it_is_reused_or_closed(shell):
    start = open_widgets()
    run(shell, AREA, "cell-area")
    base = open_widgets()
    filled = []
    for _ in range(3):  # a button click refills the area, outside any cell
        _cells.close_shown_in(shell.user_ns["area"])
        shell.ex(IN_AREA)
        filled.append(open_widgets())
    assert filled[0] > base and filled == [filled[0]] * 3, (base, filled)
    last = shell.user_ns["w"]
    assert last.comm is not None
    _cells.close_tree(shell.user_ns["owner"])  # e.g. a re-run closing the widget that owns it
    assert last.comm is None and open_widgets() == start


def test_a_builder_plot_is_closed_by_the_next_training_and_with_the_builder(shell, monkeypatch):
    from kerasnb.callbacks.backends.plotly import PlotlyOutput, usable
    from kerasnb.widgets.builder import loop

    if not usable():
        pytest.skip("plotly's FigureWidget is not installed")
    # The builder's plot as a widget (plotly's), the kind a front end with widgets shows.
    monkeypatch.setattr(loop, "choose", lambda *args: PlotlyOutput())
    run(shell, """
import numpy as np
import kerasnb as knb
rng = np.random.default_rng(0)
x = rng.normal(size=(32, 4)).astype("float32")
b = knb.ModelBuilder((4,), num_classes=2, data=(x, (x[:, 0] > 0).astype("int64")))
b.epochs, b.batch_size = 2, 16
""", "cell-make")
    b = shell.user_ns["b"]
    b._train_button.click()  # after the cell: what a click in the browser does
    after_one = open_widgets()
    first_plot = b.live_plot
    for _ in range(2):
        b._train_button.click()
        assert open_widgets() == after_one
    assert b.live_plot is not first_plot and not b.errors
    figure_box = b.live_plot._output.inner._box
    assert first_plot._output.inner._box.comm is None  # the first run's plot was closed
    assert figure_box.comm is not None
    _cells.close_tree(b)  # the builder closed (a re-run that makes a new one): its plot too
    assert figure_box.comm is None and b.comm is None
