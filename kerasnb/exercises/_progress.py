"""A learner's progress: the exercises they solved, in a small JSON file on their computer.

The file is ``kerasnb/progress.json`` in the Jupyter data directory
(``jupyter --data-dir``: on Binder and JupyterHub it lives in the home
directory), or in ``$KERASNB_PROGRESS_DIR`` when that is set. Nothing is sent
anywhere.
"""

from __future__ import annotations

import html
import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from .._repr import ShowsItself

_FILE = "progress.json"


def progress_dir() -> Path:
    """The folder of the progress file."""
    override = os.environ.get("KERASNB_PROGRESS_DIR")
    if override:
        return Path(override).expanduser()
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "kerasnb"


def _load() -> dict:
    try:
        data = json.loads((progress_dir() / _FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    done = data.get("done") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in done.items()} if isinstance(done, dict) else {}


def solved() -> dict[str, str]:
    """Exercise name -> when it was first solved (UTC, ISO 8601)."""
    return _load()


def record(exercise_id: str) -> bool:
    """Record a solved exercise; False when the folder cannot be written (nothing breaks)."""
    done = _load()
    if exercise_id in done:
        return True
    done[exercise_id] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return _save(done)


def reset() -> None:
    """Forget every solved exercise."""
    _save({})


def _save(done: dict[str, str]) -> bool:
    folder = progress_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".json", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"version": 1, "done": dict(sorted(done.items()))}, f, indent=1)
        os.replace(tmp, folder / _FILE)  # atomic: a reader sees the old or the new file
    except OSError:
        return False
    return True


class Progress(ShowsItself):
    """The course map with the exercises solved per lesson (shows itself as a table).

    Attributes:
        done: Exercise name -> when it was solved.
        lessons: Per lesson ``(number, title, [(exercise name, solved?), ...])``.
    """

    def __init__(self, done: dict[str, str], lessons: list) -> None:
        self.done = done
        self.lessons = [(ls.number, ls.title, [(q.id, q.id in done) for q in ls])
                        for ls in lessons]

    @property
    def total(self) -> tuple[int, int]:
        """``(solved, all)`` over the course."""
        marks = [ok for _, _, items in self.lessons for _, ok in items]
        return sum(marks), len(marks)

    def __repr__(self) -> str:
        solved_n, all_n = self.total
        lines = [f"Course progress: {solved_n} of {all_n} exercises solved "
                 f"(saved in {progress_dir() / _FILE})"]
        for number, title, items in self.lessons:
            marks = "".join("✓" if ok else "·" for _, ok in items)
            count = sum(ok for _, ok in items)
            lines.append(f"  {number:02d} {title[:38]:38} {marks:6} {count}/{len(items)}")
        return "\n".join(lines)

    def _repr_text(self) -> str:
        return repr(self)

    def _repr_html_(self) -> str:
        solved_n, all_n = self.total
        rows = []
        for number, title, items in self.lessons:
            marks = "".join(
                f"<span title='{html.escape(q)}' style='color:{'#2e7d32' if ok else '#bbb'}'>"
                f"{'●' if ok else '○'}</span>" for q, ok in items)
            count = sum(ok for _, ok in items)
            rows.append(f"<tr><td>{number:02d}</td><td>{html.escape(title)}</td>"
                        f"<td style='letter-spacing:3px'>{marks}</td>"
                        f"<td>{count}/{len(items)}</td></tr>")
        return (f"<div class='knb-progress'><b>Course progress: {solved_n} of {all_n} "
                "exercises solved</b><table><tr><th>#</th><th>Lesson</th><th>Exercises"
                f"</th><th>Done</th></tr>{''.join(rows)}</table><small>Saved on this computer "
                f"only, in {html.escape(str(progress_dir() / _FILE))}.</small></div>")


def progress() -> Progress:
    """The course map with the exercises you solved, lesson by lesson.

    Correct checks are recorded in a small JSON file on this computer (the Jupyter
    data directory, or ``$KERASNB_PROGRESS_DIR``), so a new kernel sees them too.
    Nothing is sent anywhere.

    Returns:
        A `Progress` that shows itself as a table in a notebook.

    Example:
        >>> knb.progress()
    """
    from . import lessons

    return Progress(solved(), lessons())
