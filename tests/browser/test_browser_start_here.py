"""Scenario 1: the start notebook runs from top to bottom in JupyterLab without an error."""

import pytest
from labdriver import cells, error_outputs, reveal_first_error, run_all, shoot

pytestmark = pytest.mark.browser

START = "00-start-here.ipynb"


def test_start_here_runs_without_errors(lab, notebook):
    if not (lab.root / START).is_file():
        pytest.fail(f"notebooks/{START} is missing")
    page = notebook(START, fresh_kernel=True)  # a new kernel, as a student's first run
    ok = run_all(page, timeout=300)
    errors = error_outputs(page)
    if errors:
        reveal_first_error(page)
    assert not errors, "error output in the start notebook:\n" + "\n".join(errors)
    assert ok, "Run All Cells reported a failed cell"
    code = [c for c in cells(page) if c["cell_type"] == "code"]
    not_run = [i for i, c in enumerate(code) if c["execution_count"] is None]
    assert not not_run, f"code cells {not_run} did not run"
    dialogs = page.locator(".jp-Dialog")
    assert dialogs.count() == 0, dialogs.first.inner_text()
    # The first live run, near the end: SVG frames while it trained, then the final bundle's
    # interactive plotly figure (JupyterLab's plotly extension draws it).
    plot = page.locator(".js-plotly-plot")
    assert plot.count(), "the start notebook's live run shows no plotly figure"
    assert page.locator(".kerasnb-liveplot").count() == 0, "a live SVG frame was left over"
    plot.last.scroll_into_view_if_needed()
    # its curves are drawn: every trace of the last figure has points, not just empty axes
    traces = page.evaluate("""() => { const figs = document.querySelectorAll('.js-plotly-plot');
        const data = figs[figs.length - 1].data || [];
        return data.map(t => (t.x || []).length); }""")
    assert traces and sum(n > 0 for n in traces) >= 2, traces
    shoot(page, "start-here")
