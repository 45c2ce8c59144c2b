"""Rows for the `kerasnb` command, run in-process through ``kerasnb.cli.main``.

A refused call must end with a non-zero status and exactly one line on stderr that
names the argument; :func:`run` turns that into a :class:`CommandFailed` for the table.
Anything else (a traceback, several lines, a zero status) fails the row.
"""

import contextlib
import io
import os
import tempfile
from pathlib import Path

from bad_inputs import Row
from kerasnb import cli


class CommandFailed(Exception):
    """The command refused its arguments: the message is its one line of stderr."""


def run(*argv: str) -> None:
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            status = cli.main(list(argv))
        except SystemExit as exit_:  # argparse
            status = exit_.code
    lines = err.getvalue().splitlines()
    if status and len(lines) == 1 and "Traceback" not in lines[0]:
        raise CommandFailed(lines[0])
    if status:
        raise AssertionError(f"status {status} with stderr {err.getvalue()!r}")


_TMP = tempfile.TemporaryDirectory(prefix="kerasnb-cli-rows-")  # removed at exit


def folder_with(setup) -> str:
    """A fresh temporary folder prepared by ``setup(path)``."""
    path = Path(tempfile.mkdtemp(dir=_TMP.name))
    setup(path)
    return str(path)


def _link(target_name):
    def setup(path):
        os.symlink(path.parent / target_name, path / "00-start-here.ipynb")
    return setup


def _file(path):
    (path / "file.txt").write_text("x")


ROWS = [
    Row("cli-notebooks-dangling-link", lambda: run("notebooks", folder_with(_link("gone"))),
        exc=CommandFailed, arg="DIR"),
    Row("cli-notebooks-link-force", lambda: run("notebooks", folder_with(_link("other.txt")),
                                                "--force"), exc=CommandFailed, arg="DIR"),
    Row("cli-notebooks-folder-in-the-way", lambda: run("notebooks", folder_with(
        lambda p: (p / "01-first-neural-network.ipynb").mkdir())), exc=CommandFailed,
        arg="DIR"),
    Row("cli-notebooks-file", lambda: run("notebooks", folder_with(_file) + "/file.txt"),
        exc=CommandFailed, arg="DIR"),
    Row("cli-notebooks-empty", lambda: run("notebooks", ""), exc=CommandFailed, arg="DIR"),
    Row("cli-notebooks-under-a-file", lambda: run("notebooks",
                                                  folder_with(_file) + "/file.txt/sub"),
        exc=CommandFailed),
    Row("cli-lab-port-text", lambda: run("lab", "--port", "abc"), exc=CommandFailed,
        arg="--port"),
    Row("cli-lab-port-zero", lambda: run("lab", "--port", "0"), exc=CommandFailed,
        arg="--port"),
    Row("cli-lab-dir-file", lambda: run("lab", "--dir", folder_with(_file) + "/file.txt"),
        exc=CommandFailed, arg="--dir"),
    Row("cli-lab-dir-empty", lambda: run("lab", "--dir", ""), exc=CommandFailed, arg="--dir"),
    Row("cli-unknown-command", lambda: run("serve"), exc=CommandFailed),
]
