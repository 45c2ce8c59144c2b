"""A learner's progress: correct checks are saved in a small JSON file and shown as a course map.

The file lives in the Jupyter data directory (``$KERASNB_PROGRESS_DIR`` in tests), is
written atomically, survives a new kernel, and nothing breaks when it cannot be written.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import kerasnb as knb
from kerasnb import exercises
from kerasnb.exercises import _progress


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "progress"
    monkeypatch.setenv("KERASNB_PROGRESS_DIR", str(folder))
    return folder


def test_correct_checks_are_recorded_and_shown(store):
    assert knb.progress().total == (0, sum(len(ls) for ls in exercises.lessons()))
    assert not exercises.lesson02.q1.check(144, namespace={})       # wrong: not recorded
    assert exercises.lesson02.q1.check(160, namespace={})
    assert exercises.lesson02.q3.check(1568, namespace={})
    data = json.loads((store / "progress.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and sorted(data["done"]) == ["lesson02.q1", "lesson02.q3"]
    shown = knb.progress()
    assert shown.total[0] == 2
    row = next(items for number, _, items in shown.lessons if number == 2)
    assert [ok for _, ok in row] == [True, False, True, False]
    assert "02 Layers" in repr(shown) and "✓·✓·" in repr(shown) and "2/4" in repr(shown)
    html = shown._repr_html_()
    assert "Course progress: 2 of" in html and "lesson02.q1" in html
    bundle = shown._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"} and bundle["text/plain"] == repr(shown)


def test_a_second_correct_check_keeps_the_first_date(store):
    exercises.lesson03.q2.check("sigmoid", namespace={})
    first = _progress.solved()["lesson03.q2"]
    exercises.lesson03.q2.check("sigmoid", namespace={})
    assert _progress.solved() == {"lesson03.q2": first}


def test_the_file_is_replaced_atomically_and_survives_garbage(store):
    store.mkdir(parents=True)
    (store / "progress.json").write_text("{not json", encoding="utf-8")
    assert _progress.solved() == {}                                # a broken file is no crash
    assert _progress.record("lesson01.q2")
    assert list(store.iterdir()) == [store / "progress.json"]      # no temporary file left
    _progress.reset()
    assert _progress.solved() == {}


def test_an_unwritable_folder_does_not_break_a_check(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("KERASNB_PROGRESS_DIR", str(blocker / "progress"))
    assert exercises.lesson02.q3.check(1568, namespace={}).correct
    assert not _progress.record("lesson02.q3")
    assert "0 of" in repr(knb.progress())


def test_default_folder_is_the_jupyter_data_dir(monkeypatch):
    from jupyter_core.paths import jupyter_data_dir

    monkeypatch.delenv("KERASNB_PROGRESS_DIR", raising=False)
    assert _progress.progress_dir() == Path(jupyter_data_dir()) / "kerasnb"


def test_checks_read_the_notebook_namespace():
    """With no namespace given, a check reads IPython's user namespace, as in a notebook."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        shell.run_cell("from kerasnb.exercises import ____, lesson06 as ex\n"
                       "import numpy as np\nq1_probs = np.array([[0.1, 0.9], [0.8, 0.2]])\n"
                       "q1_classes = ____")
        assert shell.run_cell("fb = ex.q1.check()").success
        assert shell.user_ns["fb"].kind == "blank"
        shell.run_cell("q1_classes = np.argmax(q1_probs, axis=1)")
        shell.run_cell("fb = ex.q1.check()")
        assert shell.user_ns["fb"].correct, str(shell.user_ns["fb"])
    finally:
        InteractiveShell.clear_instance()


@pytest.mark.slow
def test_progress_shows_in_a_new_kernel(store):
    """Solve two exercises in one kernel; a second, new kernel's knb.progress() shows them."""
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient

    def run(*sources: str) -> list[str]:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        NotebookClient(nb, timeout=300, kernel_name="python3").execute()
        return ["".join(o.get("text", "") or o.get("data", {}).get("text/plain", ""))
                for c in nb.cells for o in c.outputs]

    assert os.environ["KERASNB_PROGRESS_DIR"] == str(store)  # the kernels inherit it
    solved = run("from kerasnb.exercises import lesson05 as ex",
                 "ex.q1.check(160)", "ex.q1.check(5000)")
    assert "Correct" in solved[0] and "Not yet" in solved[1]
    shown = run("import kerasnb as knb\nprint(knb.progress())")
    assert "1 of" in shown[0] and "05 Training and callbacks" in shown[0], shown
    line = next(text for text in shown[0].splitlines() if text.strip().startswith("05"))
    assert "✓···" in line and "1/4" in line
