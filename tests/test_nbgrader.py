"""Teachers: an exported lesson goes through nbgrader's real generate_assignment and autograde.

One student hands in the solutions, another hands in the release version untouched; the
gradebook must give the first every point and the second none, and the export must hold
solution regions and locked test cells built from the exercises' checks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kerasnb import exercises
from kerasnb.cli import main
from kerasnb.exercises._nbgrader import export

pytest.importorskip("nbgrader", reason="nbgrader is the `teacher` extra")

ROOT = Path(__file__).resolve().parents[1]
LESSON = exercises.lesson06.LESSON


def _nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["KERASNB_PROGRESS_DIR"] = str(root / "progress")
    out = subprocess.run([sys.executable, "-m", "nbgrader", *args,
                          f"--CourseDirectory.root={root}", "--Execute.timeout=600"], cwd=root, env=env,
                         capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    return out


def _hand_in(root: Path, student: str, *, solved: bool) -> None:
    release = root / "release" / LESSON.module / f"{LESSON.module}.ipynb"
    nb = json.loads(release.read_text(encoding="utf-8"))
    if solved:
        for cell in nb["cells"]:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
            if grade_id.endswith("-answer"):
                name = grade_id.removesuffix("-answer")
                cell["source"] = exercises.get(f"{LESSON.module}.{name}").solution_code
    target = root / "submitted" / student / LESSON.module / release.name
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(nb), encoding="utf-8")


def test_export_writes_nbgrader_source_notebooks(tmp_path, capsys):
    assert main(["assignments", "export", str(tmp_path), "--lessons", "1", "6"]) == 0
    assert "Wrote 2 nbgrader source notebooks" in capsys.readouterr().out
    found = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.ipynb"))
    assert found == ["source/lesson01/lesson01.ipynb", "source/lesson06/lesson06.ipynb"]
    nb = json.loads((tmp_path / found[1]).read_text(encoding="utf-8"))
    graded = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade")]
    answers = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
    assert len(graded) == len(answers) == len(LESSON)
    assert all(c["metadata"]["nbgrader"]["locked"] and c["metadata"]["nbgrader"]["points"] == 1
               for c in graded)
    assert "".join(graded[0]["source"]) == "ex.q1.assert_correct()"
    assert all("### BEGIN SOLUTION" in "".join(c["source"]) for c in answers)
    # a second export keeps what is there unless forced
    assert main(["assignments", "export", str(tmp_path), "--lessons", "6"]) == 0
    assert "Wrote 0" in capsys.readouterr().out


def test_export_refuses_bad_arguments(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["assignments", "export", str(tmp_path), "--lessons", "16"])
    assert "`--lessons` must be lesson numbers from 1 to 15" in capsys.readouterr().err
    afile = tmp_path / "file.txt"
    afile.write_text("x")
    assert main(["assignments", "export", str(afile)]) == 2
    assert "`DIR` must be a folder" in capsys.readouterr().err
    with pytest.raises(ValueError, match="`lessons`"):
        export(tmp_path, [0])
    with pytest.raises(TypeError, match="`lessons`"):
        export(tmp_path, "1")
    with pytest.raises(TypeError, match="`folder`"):
        export(3, [1])


@pytest.mark.slow
def test_nbgrader_grades_a_solved_and_an_unsolved_submission(tmp_path):
    from nbgrader.api import Gradebook

    root = tmp_path / "course"
    export(root, [LESSON.number])
    _nbgrader(root, "generate_assignment", LESSON.module)
    student_nb = (root / "release" / LESSON.module / f"{LESSON.module}.ipynb").read_text()
    assert "BEGIN SOLUTION" not in student_nb and "NotImplementedError" in student_nb
    _hand_in(root, "alice", solved=True)
    _hand_in(root, "bob", solved=False)
    _nbgrader(root, "autograde", LESSON.module, "--Autograde.create_student=True")
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        alice = gb.find_submission(LESSON.module, "alice")
        bob = gb.find_submission(LESSON.module, "bob")
        assert alice.max_score == bob.max_score == len(LESSON)
        assert alice.score == len(LESSON)
        assert bob.score == 0
    graded = (root / "autograded" / "bob" / LESSON.module / f"{LESSON.module}.ipynb")
    assert "NotImplementedError" in graded.read_text()
    assert not (root / "progress").exists()  # grading records nobody's progress
    shutil.rmtree(root / "autograded")
