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


def test_import_loads_no_heavy_framework_and_is_fast():
    code = (
        "import sys, time, json\n"
        "t = time.perf_counter()\n"
        "import kerasnb\n"
        "dt = time.perf_counter() - t\n"
        f"print(json.dumps({{'seconds': dt, 'loaded': [m for m in {HEAVY!r} if m in sys.modules]}}))\n"
    )
    # Best of three: the first start may pay for cold disk caches.
    results = [json.loads(run_python(code)) for _ in range(3)]
    assert all(r["loaded"] == [] for r in results), results
    assert min(r["seconds"] for r in results) < 0.5, results


def test_every_public_name_resolves_lazily():
    missing = []
    for name in knb.__all__:
        try:
            getattr(knb, name)
        except (AttributeError, ImportError) as e:
            missing.append(f"{name}: {e}")
    assert not missing, missing


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


def test_about_escapes_html(monkeypatch):
    from kerasnb.about import About

    html = About({"x": "<script>alert(1)</script>"})._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
