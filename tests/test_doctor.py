"""knb.check's Report and Finding, the check registry, and argument errors."""

from __future__ import annotations

import html
import pathlib
import re

import keras
import numpy as np
import pytest
from keras import layers

import kerasnb as knb
from kerasnb.doctor import CheckError, Finding, Report, list_checks, registry

HOSTILE = '<img src=x onerror="alert(1)"> & co'


def hostile_model():
    model = keras.Sequential([keras.Input((4,)),
                              layers.Dense(3, activation="sigmoid", name=HOSTILE)])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


def test_public_names_are_the_doctor_ones():
    assert knb.check is knb.doctor.check
    assert knb.Report is Report and knb.Doctor is knb.doctor.Doctor
    from kerasnb.doctor.live import Doctor

    assert knb.Doctor is Doctor


def test_html_escapes_every_user_string():
    report = knb.check(hostile_model())
    assert report.codes == ["KNB101"]
    assert report[0].where == HOSTILE  # the text view keeps the name as it is
    assert HOSTILE in repr(report)
    page = report._repr_html_()
    assert HOSTILE not in page and "<img" not in page
    assert html.escape(HOSTILE) in page
    crafted = Report([Finding("KNB999", "warning", "</td><script>x()</script>",
                              fix="a < b && c > d", where="<b>")], notes=["<i>note</i>"])
    page = crafted._repr_html_()
    assert "<script>" not in page and "<b>" not in page and "<i>" not in page
    assert "a &lt; b &amp;&amp; c &gt; d" in page


def test_html_styles_are_scoped_to_one_report():
    report = knb.check(hostile_model())
    first, second = report._repr_html_(), report._repr_html_()
    root = re.search(r'<div id="(knb-report-[0-9a-f-]+)"', first).group(1)
    assert root not in second  # every display gets its own id
    css = re.search(r"<style>(.*?)</style>", first, re.S).group(1)
    rules = [r.split("{")[0].strip() for r in re.sub(r"/\*.*?\*/", "", css, flags=re.S)
             .split("}") if "{" in r]
    assert rules and all(sel.strip().startswith(f"#{root}")
                         for rule in rules for sel in rule.split(","))


def test_report_orders_counts_and_answers_questions():
    findings = [Finding("KNB205", "info", "i"), Finding("KNB301", "error", "e"),
                Finding("KNB201", "warning", "w"), Finding("KNB101", "error", "e1"),
                Finding("KNB101", "error", "e1")]  # an exact duplicate is dropped
    report = Report(findings)
    assert report.codes == ["KNB101", "KNB301", "KNB201", "KNB205"]
    assert len(report) == 4 and list(report) == [report[i] for i in range(4)]
    assert "KNB201" in report and "KNB999" not in report and findings[0] in report
    assert not report.ok and len(report.errors) == 2
    assert [f.code for f in report.warnings] == ["KNB201"]
    assert [f.code for f in report.infos] == ["KNB205"]
    assert report.summary() == "knb.check: 2 errors, 1 warning, 1 info"
    assert Report().summary() == "knb.check: no problems found" and Report().ok
    assert Report([Finding("KNB205", "info", "i")]).ok


def test_text_view_shows_message_fix_and_notes():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(1, activation="softmax")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    text = repr(knb.check(model))
    assert text.splitlines()[0] == "knb.check: 1 error, 0 warnings, 0 infos"
    assert "ERROR KNB102 (dense" in text and "  fix: layers.Dense(1" in text
    assert "note: Pass x and y as well" in text
    assert str(knb.check(model)) == text


def test_raise_for_errors():
    report = knb.check(hostile_model())
    with pytest.raises(CheckError, match=r"knb.check found 1 error:\n  ERROR KNB101") as info:
        report.raise_for_errors()
    assert isinstance(info.value, ValueError) and info.value.report is report
    fine = Report([Finding("KNB201", "warning", "w")])
    assert fine.raise_for_errors() is fine


def test_finding_severity_is_validated():
    with pytest.raises(ValueError, match=r"`severity` must be one of 'error', 'warning', "
                                         r"'info'. Received: severity='fatal'"):
        Finding("KNB101", "fatal", "m")


@pytest.mark.parametrize("kwargs, message", [
    ({"model": np.zeros(3)}, r"`model` must be a keras.Model or None. Received: model of "
                             r"type ndarray"),
    ({"model": keras.callbacks.History()}, r"To check a training history, pass it as "
                                           r"history="),
    ({"model": None, "callbacks": keras.callbacks.EarlyStopping()},
     r"`callbacks` must be a list of keras callbacks"),
    ({"model": None, "save_path": 3}, r"`save_path` must be a file path"),
])
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        knb.check(**kwargs)


def test_every_check_has_a_code_a_title_and_a_test():
    checks = list_checks()
    codes = [c for c, _, _ in checks]
    assert len(codes) >= 30 and codes == sorted(set(codes))
    tested = "".join(p.read_text() for p in
                     pathlib.Path(__file__).parent.glob("test_doctor_checks*.py"))
    for code, severity, title in checks:
        assert severity in ("error", "warning", "info") and title
        assert f"def test_{code.lower()}_" in tested, f"{code} has no test"


def test_registry_rejects_bad_and_duplicate_codes():
    with pytest.raises(ValueError, match="registered twice"):
        registry.register("KNB101", "error")(lambda ctx: None)
    with pytest.raises(ValueError, match=r"`code` must look like 'KNB101'"):
        registry.register("E101", "error")
    with pytest.raises(ValueError, match=r"`severity` must be one of"):
        registry.register("KNB998", "fatal")


def test_a_broken_check_is_reported_not_raised(monkeypatch):
    def broken(ctx):
        """A check that fails."""
        raise RuntimeError("boom")

    monkeypatch.setitem(registry.CHECKS, "KNB999",
                        registry.CheckSpec("KNB999", "error", ("model",), broken))
    report = knb.check(hostile_model())
    hit = next(f for f in report if f.code == "KNB000")
    assert hit.severity == "info" and "KNB999 (A check that fails.)" in hit.message
    assert "RuntimeError: boom" in hit.message and "KNB101" in report


def test_check_changes_nothing_on_the_model():
    model = keras.Sequential([layers.Dense(4), layers.Dense(1)])
    x = np.random.default_rng(0).normal(size=(10, 3)).astype("float32")
    knb.check(model, x, x[:, 0])
    assert not model.built and not model.compiled
