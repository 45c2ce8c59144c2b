"""A cell that runs again runs the same code objects, so TensorFlow does not record it anew.

TensorFlow keeps the Python call stack of every operation it creates while tracing (each
layer call, each step of ``fit``) in a process-wide cache that is never emptied, keyed by the
code objects on that stack and their line numbers (``StackTrace::Capture`` in
tensorflow/python/util/stack_trace.cc). IPython compiles a cell anew each time it runs, so a
cell run again is new code objects and all its traces are new entries: about 1 MB per ``fit``
in that cell, for as long as the kernel lives (Run All on lesson 05 again: 12-17 MB each time).

`install()` gives the shell's compiler a memory: a statement compiled before, with the same
text at the same lines in the same cell file and with the same compiler flags, gets the code
object compiled then. Code objects are immutable, so running one again is what compiling it
again and running that would do; TensorFlow's cache then finds the stacks it already holds.
A cell whose text changed compiles as before. The compiled statements kept are at most
`MAX_KEPT` (the oldest go first); a statement whose syntax tree prints longer than
`MAX_KEY_CHARS` (a large literal) is not kept.

It is installed with the end-of-cell hook of `kerasnb._custom_gradients`, in the running
IPython shell only, on first use of a kerasnb name; ``KERASNB_REUSE_CODE=0`` turns it off.
"""

from __future__ import annotations

import ast
import os
import sys
from collections import OrderedDict

MAX_KEPT = 4096
MAX_KEY_CHARS = 200_000  # a statement with a literal of this size is compiled anew each time


def _reusing(base: type) -> type:
    """A subclass of the shell's compiler class that hands out code compiled before."""

    def __call__(self, source, filename, symbol, *args, **kwargs):
        if args or kwargs or not isinstance(source, ast.AST):
            return base.__call__(self, source, filename, symbol, *args, **kwargs)
        kept = self.__dict__.setdefault("_kerasnb_kept", OrderedDict())
        text = ast.dump(source, include_attributes=True)
        if len(text) > MAX_KEY_CHARS:
            return base.__call__(self, source, filename, symbol)
        key = (text, filename, symbol, self.flags)
        code = kept.get(key)
        if code is None:
            code = base.__call__(self, source, filename, symbol)
            kept[key] = code
            if len(kept) > MAX_KEPT:
                kept.popitem(last=False)
        else:
            kept.move_to_end(key)
        return code

    return type(f"Reusing{base.__name__}", (base,), {"__call__": __call__,
                                                    "__module__": __name__})


def install(shell=None) -> bool:
    """Make the running IPython shell's compiler reuse code it compiled (see the module)."""
    if os.environ.get("KERASNB_REUSE_CODE", "1").strip() == "0":
        return False
    if shell is None:
        shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    compiler = getattr(shell, "compile", None)
    if compiler is None or not callable(compiler):
        return False
    cls = type(compiler)
    if cls.__module__ == __name__:
        return True  # already reusing
    try:
        compiler.__class__ = _reusing(cls)
    except TypeError:  # a compiler whose class cannot be extended: leave it as it is
        return False
    return True
