"""The bad-input table: every public call refuses a bad value at kerasnb's boundary.

Rows live in ``tests/bad_inputs/<area>.py`` (``ROWS``). A refused value must raise the
expected exception with the argument's name in backticks in the message, never an
error from deep inside TensorFlow, NumPy or matplotlib; an accepted one (NumPy
scalars, say) must not raise at all.
"""

from __future__ import annotations

import importlib
import pkgutil
import warnings

import bad_inputs  # tests/ is on sys.path (pytest rootdir-relative import)
import pytest


def _rows():
    rows = []
    for info in sorted(pkgutil.iter_modules(bad_inputs.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"bad_inputs.{info.name}")
        rows.extend(module.ROWS)
    return rows


ROWS = _rows()


def test_row_ids_are_unique():
    ids = [r.id for r in ROWS]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_bad_input(row):
    if row.accept:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            row.call()
        return
    with pytest.raises(row.exc) as info:
        row.call()
    message = str(info.value)
    assert len(message) < 2_000, f"message too long ({len(message)} chars): {message[:300]}..."
    if row.arg is not None:
        assert f"`{row.arg}`" in message, message
