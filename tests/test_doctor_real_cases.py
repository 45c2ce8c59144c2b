"""knb.check on the public corpus of real cases (tests/doctor_corpus).

Every real mistake is caught with the codes it must have; every published
working setup gets no error and no warning.
"""

from __future__ import annotations

import warnings

import keras
import pytest
from doctor_corpus import correct, mistakes

import kerasnb as knb

MISTAKES = mistakes.CASES
CORRECT = correct.CASES


def run(case):
    keras.utils.set_random_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Keras' own notes while building the models
        model, x, y, kwargs = case.build()
    return knb.check(model, x, y, **kwargs)


def test_the_corpus_is_large_and_sourced():
    assert len(MISTAKES) >= 40 and len(CORRECT) >= 20
    cases = MISTAKES + CORRECT
    assert len({c.name for c in cases}) == len(cases)
    for c in cases:
        assert c.url.startswith(("https://", "http://")) and c.saw
    assert all(c.codes for c in MISTAKES)


@pytest.mark.parametrize("case", MISTAKES, ids=[c.name for c in MISTAKES])
def test_real_mistakes_are_caught(case):
    report = run(case)
    assert case.codes <= set(report.codes), (case.url, report)
    assert "KNB000" not in report, report


@pytest.mark.parametrize("case", CORRECT, ids=[c.name for c in CORRECT])
def test_published_working_setups_get_no_error_and_no_warning(case):
    report = run(case)
    assert report.ok and not report.warnings, (case.url, report)
    assert "KNB000" not in report, report
