"""Pieces of the `fix` snippets that carry user text (paths, names, metrics).

A snippet is meant to be pasted and run, so anything the user chose goes in as
a Python literal made by `repr` (a path with quotes or backslashes such as
``C:\\new\\model.h5`` stays what it was, and nothing in it can run), and text
placed in a ``# comment`` loses its line breaks, so it cannot start a new line
of code.
"""

from __future__ import annotations

import os


def literal(value: str | os.PathLike) -> str:
    """A Python string literal for ``value``: ``'C:\\\\new\\\\model.h5'``."""
    return repr(os.fspath(value))


def comment(text: str) -> str:
    """``text`` made safe to follow a ``#``: one line, no control characters."""
    return "".join(ch if ch.isprintable() else " " for ch in str(text))
