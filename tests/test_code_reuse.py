"""A cell run again runs the code objects of its last run (kerasnb/_code_reuse.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from IPython.core.interactiveshell import InteractiveShell

from kerasnb import _code_reuse

ipykernel_compiler = pytest.importorskip("ipykernel.compiler")


def jupyter_shell() -> InteractiveShell:
    """An IPython shell compiling as a Jupyter kernel does: a cell's file is named after its
    text (terminal IPython adds the execution number, so its cells never repeat a file)."""
    InteractiveShell.clear_instance()
    return InteractiveShell.instance(compiler_class=ipykernel_compiler.XCachingCompiler)


@pytest.fixture
def shell():
    sh = jupyter_shell()
    plain = type(sh.compile)
    yield sh
    sh.compile.__class__ = plain  # the compiler belongs to the shell: put it back as it was
    InteractiveShell.clear_instance()


CELL = textwrap.dedent("""
    import sys
    def square(v):
        return v * v
    seen.append((sys._getframe().f_code, square.__code__, square(len(seen) + 1)))
""")


def test_a_cell_run_again_gets_the_same_code_and_the_same_results(shell):
    assert _code_reuse.install(shell)
    assert _code_reuse.install(shell)  # twice is once
    shell.user_ns["seen"] = []
    for _ in range(3):
        assert shell.run_cell(CELL, store_history=True).success
    seen = shell.user_ns["seen"]
    assert seen[0][0] is seen[1][0] is seen[2][0]  # the cell's module code
    assert seen[0][1] is seen[2][1]  # and the function it defines
    assert [s[2] for s in seen] == [1, 4, 9]  # run again, it computes anew

    assert shell.run_cell(CELL.replace("v * v", "v * v * v"), store_history=True).success
    changed = shell.user_ns["seen"][-1]
    assert changed[1] is not seen[0][1] and changed[2] == 64  # edited text: compiled anew


def test_errors_magics_and_top_level_await_still_work(shell):
    _code_reuse.install(shell)
    for _ in range(2):
        result = shell.run_cell("1 / 0", store_history=True)
        assert isinstance(result.error_in_exec, ZeroDivisionError)
        assert shell.run_cell("%time x = 40 + 2", store_history=True).success
        assert shell.user_ns["x"] == 42
        assert shell.run_cell("import asyncio\nawait asyncio.sleep(0)\ny = 7",
                              store_history=True).success
        assert shell.user_ns["y"] == 7
        assert shell.run_cell("z = y *", store_history=True).error_before_exec is not None


def test_the_switch_turns_it_off(shell, monkeypatch):
    monkeypatch.setenv("KERASNB_REUSE_CODE", "0")
    assert not _code_reuse.install(shell)
    assert type(shell.compile).__module__ != _code_reuse.__name__


def test_tensorflow_records_a_cell_run_again_once():
    """The real effect, in fresh processes: TensorFlow's stack-trace cache is keyed by code
    objects, so a cell that fits a model, run again, grows the process each time; with its code
    reused it does not. That cache cannot be read from Python: the test compares the resident
    memory gained over 24 re-runs, without and with the reuse."""
    script = textwrap.dedent("""
        import gc, os, statistics, sys
        os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"; os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
        from IPython.core.interactiveshell import InteractiveShell
        from ipykernel.compiler import XCachingCompiler
        from kerasnb import _code_reuse, _custom_gradients
        sh = InteractiveShell.instance(compiler_class=XCachingCompiler)
        _custom_gradients.install()  # as in a notebook: graphs of dropped models go
        if sys.argv[1] == "reuse":
            _code_reuse.install(sh)
        sh.run_cell("import numpy as np, keras\\n"
                    "x = np.random.default_rng(0).random((64, 8), dtype='float32')\\n"
                    "y = (x.sum(1) > 4).astype('float32')")
        cell = ("m = keras.Sequential([keras.Input((8,)), keras.layers.Dense(8, activation='relu'),"
                " keras.layers.Dense(1, activation='sigmoid')])\\n"
                "m.compile('adam', 'binary_crossentropy')\\n"
                "m.fit(x, y, epochs=1, verbose=0)\\n"
                "del m")
        def rss():
            return next(int(l.split()[1]) for l in open('/proc/self/status')
                        if l.startswith('VmRSS')) / 1024
        seen = []
        for i in range(30):
            assert sh.run_cell(cell, store_history=True).success
            gc.collect()
            seen.append(rss())
        print(statistics.median(seen[-3:]) - statistics.median(seen[3:6]))
    """)
    grown = {}
    for mode in ("plain", "reuse"):
        out = subprocess.run([sys.executable, "-c", script, mode], capture_output=True,
                             text=True, timeout=600)
        assert out.returncode == 0, out.stderr[-2000:]
        grown[mode] = float(out.stdout.strip().splitlines()[-1])
    print("MB grown over 24 re-runs of a fitting cell:", grown)
    assert grown["plain"] > 8  # the growth this fixes: 0.7-0.8 MB per fit
    assert grown["reuse"] < grown["plain"] / 3


def test_a_huge_literal_is_not_kept(shell):
    _code_reuse.install(shell)
    shell.user_ns["seen"] = []
    # one statement (IPython compiles a cell's statements one by one) holding a large literal
    cell = "import sys\nseen.append((sys._getframe().f_code, " + repr(list(range(30_000))) + "))"
    for _ in range(2):
        assert shell.run_cell(cell, store_history=True).success
    (first, big), (second, _) = shell.user_ns["seen"]
    assert first is not second and len(big) == 30_000
    assert all(len(key[0]) <= _code_reuse.MAX_KEY_CHARS for key in shell.compile._kerasnb_kept)
