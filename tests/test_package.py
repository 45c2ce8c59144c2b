"""The package itself: cheap to import, lazy public names, about()."""

import json
import subprocess
import sys

import pytest

import kerasnb as knb

HEAVY = ("tensorflow", "keras", "plotly", "matplotlib", "ipywidgets")


def run_python(code: str, **kw) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, **kw)
    assert out.returncode == 0, out.stderr
    return out.stdout


def new_modules(code: str) -> list[str]:
    """The modules a fresh interpreter loads while running ``code``."""
    out = run_python("import sys, json\nbefore = set(sys.modules)\n" + code +
                     "\nprint(json.dumps(sorted(set(sys.modules) - before)))")
    return json.loads(out.strip().splitlines()[-1])


def test_import_loads_no_heavy_framework_and_almost_nothing_else():
    """What makes an import slow is what it loads: kerasnb loads two modules of its own."""
    loaded = new_modules("import kerasnb")
    assert not [m for m in loaded if m.split(".")[0] in HEAVY], loaded
    assert [m for m in loaded if m.startswith("kerasnb")] == ["kerasnb", "kerasnb._version"]
    # no typing, re, numpy...: only what the lazy look-up itself needs
    others = [m for m in loaded if not m.startswith("kerasnb")]
    assert set(others) <= {"__future__", "importlib", "importlib._bootstrap",
                           "importlib._bootstrap_external", "importlib.machinery", "warnings",
                           "_warnings", "_imp"}, others


def test_reading_history_loads_no_framework():
    loaded = new_modules("import kerasnb as knb\nh = knb.History({'loss': [1.0]})\n"
                         "knb.History.from_any([{'loss': 1.0}])")
    assert not [m for m in loaded if m.split(".")[0] in HEAVY], loaded
    assert "kerasnb._history" in loaded


def test_every_public_name_resolves_lazily():
    missing = []
    for name in knb.__all__:
        try:
            getattr(knb, name)
        except (AttributeError, ImportError) as e:
            missing.append(f"{name}: {e}")
    assert not missing, missing


def test_history_is_a_top_level_name():
    from kerasnb._history import History

    assert knb.History is History and "History" in knb.__all__ and "History" in dir(knb)


def test_dir_lists_the_public_names_only():
    names = dir(knb)
    assert set(knb.__all__) <= set(names)
    assert not [n for n in names if n.startswith("_") and not n.startswith("__")]
    assert "importlib" not in names and "TYPE_CHECKING" not in names


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        knb.nope  # noqa: B018


def test_version_has_one_source():
    from importlib.metadata import version

    from kerasnb._version import __version__

    assert knb.__version__ == __version__ == version("kerasnb")


def test_about_reports_versions_devices_and_front_end():
    info = knb.about()
    for key in ("kerasnb", "python", "tensorflow", "keras", "keras backend", "devices",
                "front end", "accelerator"):
        assert key in info, key
    assert info["keras backend"] == "tensorflow"
    assert any(d.startswith("CPU") for d in info["devices"])
    assert info["front end"] == "plain Python"  # pytest runs outside any kernel
    text = str(info)
    assert "keras backend" in text and "\n" in text
    html = info._repr_html_()
    assert html.startswith("<table") and "tensorflow" in html
    bundle = info._repr_mimebundle_()
    assert bundle == {"text/plain": text, "text/html": html}


def test_about_escapes_html(monkeypatch):
    from kerasnb.about import About

    html = About({"x": "<script>alert(1)</script>"})._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
