"""`ShowsItself` (one `_repr_mimebundle_`, always text/plain) and `scoped_css`."""

from __future__ import annotations

import re

import pytest

from kerasnb._repr import ShowsItself, scoped_css


class Plain(ShowsItself):
    def _repr_text(self) -> str:
        return "plain: 3 epochs"


class Rich(ShowsItself):
    def __init__(self, html: str | None = "<b>rich</b>") -> None:
        self.html = html
        self.html_calls = 0

    def _repr_text(self) -> str:
        return "rich in words"

    def _repr_html_(self) -> str | None:
        self.html_calls += 1
        return self.html


class Picture(Rich):
    def _repr_extra(self) -> dict:
        return {"image/png": b"\x89PNG...", "image/svg+xml": "<svg/>"}


def test_text_only():
    assert Plain()._repr_mimebundle_() == {"text/plain": "plain: 3 epochs"}


def test_text_and_html():
    assert Rich()._repr_mimebundle_() == {"text/plain": "rich in words",
                                          "text/html": "<b>rich</b>"}


def test_html_returning_none_is_left_out():
    assert Rich(html=None)._repr_mimebundle_() == {"text/plain": "rich in words"}


def test_extra_mime_types_join_the_bundle():
    bundle = Picture()._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "image/png", "image/svg+xml"}
    assert bundle["image/svg+xml"] == "<svg/>"


@pytest.mark.parametrize("include, exclude, expected", [
    ({"text/html"}, None, {"text/plain", "text/html"}),
    ({"image/png"}, None, {"text/plain", "image/png"}),
    ({"text/plain"}, None, {"text/plain"}),
    (None, {"text/html"}, {"text/plain", "image/png", "image/svg+xml"}),
    (None, {"text/plain", "image/png"}, {"text/plain", "text/html", "image/svg+xml"}),
    ({"text/html", "image/png"}, {"image/png"}, {"text/plain", "text/html"}),
    (["text/html"], (), {"text/plain", "text/html"}),  # any container, empty = no filter
])
def test_include_and_exclude_always_keep_text_plain(include, exclude, expected):
    bundle = Picture()._repr_mimebundle_(include=include, exclude=exclude)
    assert set(bundle) == expected


def test_no_html_is_built_when_none_is_wanted():
    rich = Rich()
    rich._repr_mimebundle_(include={"text/plain"})
    rich._repr_mimebundle_(exclude={"text/html"})
    assert rich.html_calls == 0
    rich._repr_mimebundle_()
    assert rich.html_calls == 1


def test_ipython_shows_the_bundle():
    """What IPython's display machinery gets from a ShowsItself object, with its filters."""
    from IPython.core.formatters import DisplayFormatter

    formatter = DisplayFormatter()
    data, _ = formatter.format(Rich())
    assert data == {"text/plain": "rich in words", "text/html": "<b>rich</b>"}
    data, _ = formatter.format(Rich(), exclude={"text/html"})
    assert data == {"text/plain": "rich in words"}
    data, _ = formatter.format(Picture(), include={"text/plain", "image/png"})
    assert set(data) == {"text/plain", "image/png"}


def test_scoped_css_gives_a_fresh_id_and_the_packaged_stylesheet():
    from importlib import resources

    raw = resources.files("kerasnb.viz").joinpath("viz.css").read_text(encoding="utf-8")
    assert "SCOPE" in raw
    scope, style = scoped_css("kerasnb.viz", "viz.css")
    other, _ = scoped_css("kerasnb.viz", "viz.css")
    assert scope != other
    assert re.fullmatch(r"kerasnb-\d+-\d+-[0-9a-f]{6}", scope)
    assert style.startswith("<style>") and style.endswith("</style>")
    assert "SCOPE" not in style
    assert style.count(f"#{scope}") == raw.count("SCOPE")
    assert style == f"<style>{raw.replace('SCOPE', '#' + scope)}</style>"


def test_scoped_css_prefix_and_a_missing_file():
    scope, _ = scoped_css("kerasnb.viz", "viz.css", prefix="kerasnb-report")
    assert scope.startswith("kerasnb-report-")
    with pytest.raises(FileNotFoundError):
        scoped_css("kerasnb.viz", "no-such.css")
