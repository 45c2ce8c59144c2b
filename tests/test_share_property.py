"""Hostile Playground share strings and state JSON: a clear ValueError, fast, in little memory.

A share string or a JSON file comes from someone else. Whatever it holds, reading it
through ``Playground.from_share`` / ``Playground.from_json`` (or a dict through the
old ``from_state``) must end in either checked settings or a ValueError naming
``text``, ``state`` or a setting, within a second (hypothesis' deadline) and without
allocating more than a few MB (measured with tracemalloc): sizes are refused before
anything is built. These tests drive the exact reading and checking path of those
constructors and of ``Playground.load_share`` up to the point where a checked
configuration builds its Keras model; the last test builds the largest configuration
the checks let through, for real.
"""

from __future__ import annotations

import json
import re
import tracemalloc
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kerasnb as knb
from kerasnb.widgets.playground import config
from kerasnb.widgets.playground import share as sharing

MB = 1024 * 1024
FAST = settings(deadline=timedelta(seconds=1), max_examples=300,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
NAMED = re.compile(r"`([A-Za-z_]+)`")
ARGUMENTS = {"text", "state", "settings", *config.DEFAULTS}


def read(state):
    """What ``from_json`` / ``from_share`` (text) or ``from_state`` (a dict) check first."""
    if isinstance(state, str):
        looks_like_json = state[:100].lstrip().startswith("{")
        kwargs = sharing.from_json(state) if looks_like_json else sharing.from_share(state)
    else:
        kwargs = sharing.from_any(state)  # the old from_state(dict), read for one release
    return config.check_settings(config.DEFAULTS, kwargs)


def refused_or_read(state, budget=4 * MB):
    """Read ``state``; only a ValueError naming an argument may come out, in ``budget`` bytes."""
    tracemalloc.start()
    try:
        try:
            settings_ = read(state)
        except ValueError as err:
            message = str(err)
            assert len(message) < 2_000, message[:300]
            names = set(NAMED.findall(message))
            assert names & ARGUMENTS, message
            settings_ = None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < budget, f"{peak / MB:.1f} MB to read {str(state)[:200]!r}"
    if settings_ is not None:  # what was accepted fits what the playground can draw
        assert len(settings_["hidden"]) <= config.MAX_LAYERS
        assert all(1 <= u <= config.MAX_UNITS for u in settings_["hidden"])
        assert 1 <= settings_["batch_size"] <= config.N_POINTS
        json.dumps(sharing.to_state(settings_))  # a state that can be written back
    return settings_


# Pay the first-call imports before any deadline counts.
read({"show_test": True, "hidden": [2], "learning_rate": 0.1})
refused_or_read("v1~h-2")


# --- share strings ---

UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
numbers = st.one_of(
    st.integers(-10**30, 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["1e400", "-0", "nan", "inf", "0x10", "1_000", "9" * 4000, ""]),
)
words = st.one_of(st.sampled_from(config.DATASETS + config.FEATURES + config.ACTIVATIONS
                                  + config.HIDE_GROUPS + ("_", "l1", "l2", "0", "1")),
                  st.text(UNRESERVED, max_size=12))
values = st.one_of(numbers, words, st.lists(st.one_of(numbers, words), max_size=40)
                   .map(".".join))
keys = st.one_of(st.sampled_from(sorted(sharing.SHARE_KEYS.values())), st.text(UNRESERVED,
                                                                              max_size=3))
tokens = st.tuples(keys, st.sampled_from(["-", "", "--"]), values).map("".join)
share_strings = st.one_of(
    st.lists(tokens, max_size=20).map(lambda ts: "~".join(["v1", *ts])),
    st.text(max_size=300),
    st.text(UNRESERVED, max_size=300).map(lambda t: "v1~" + t),
)


@FAST
@given(share_strings)
def test_any_share_string_is_read_or_refused_cleanly(text):
    refused_or_read(text)


@FAST
@given(st.integers(1, 10**12), st.integers(1, 3_000))
def test_huge_networks_in_a_share_string_are_refused(units, layers):
    text = "v1~h-" + ".".join([str(units)] * layers)
    if len(text) > knb.get_limits()["share_chars"]:
        with pytest.raises(ValueError, match="`text` is .* over kerasnb's limit"):
            read(text)
    elif units > config.MAX_UNITS or layers > config.MAX_LAYERS:
        with pytest.raises(ValueError, match="`hidden` must be"):
            read(text)
    refused_or_read(text)


@settings(deadline=timedelta(seconds=1), max_examples=10)
@given(st.integers(5_000, 20_000_000))
def test_long_share_strings_are_refused_unread(length):
    text = "v1~h-" + "1" * length
    with pytest.raises(ValueError, match="`text` is .* share_chars"):
        read(text)
    refused_or_read(text, budget=MB)  # no copy of the text, no parse


def test_round_trip_of_accepted_settings():
    kwargs = {"dataset": "spiral", "features": ["x1", "sin_x2"], "hidden": [8, 8, 4],
              "learning_rate": 0.1, "batch_size": 25, "seed": 7, "hide": ["code"]}
    checked = read(kwargs)
    assert read(sharing.encode_share(checked)) == checked
    assert read(json.dumps(sharing.to_state(checked))) == checked


# --- state JSON ---

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**400, 10**400),
                         st.sampled_from([2**1024, -(10**400), 10**4000]),  # beyond float
                         st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30))
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=8), st.dictionaries(st.text(max_size=8), inner, max_size=5)),
    max_leaves=40)
setting_values = st.one_of(
    json_values,
    st.lists(st.integers(-5, 10**9), max_size=12),
    st.lists(st.sampled_from(config.FEATURES + config.ACTIVATIONS + config.HIDE_GROUPS),
             max_size=10),
    st.sampled_from(config.DATASETS + config.ACTIVATIONS + ("l1", "l2", "none")),
)
states = st.fixed_dictionaries(
    {}, optional={name: setting_values for name in (*config.DEFAULTS, "version")})
# Values that broke checks of this kind before: beyond float range, bool for int, NaN...
nasty = st.deferred(lambda: st.sampled_from(NASTY))
# One setting alone, so that every check is reached (in a full state the first bad one wins).
single = st.builds(lambda name, value: {name: value}, st.sampled_from(list(config.DEFAULTS)),
                   st.one_of(nasty, setting_values))
foreign = st.dictionaries(st.text(max_size=10), json_values, max_size=4)


NASTY = [2**1024, -(10**400), 10**9, -1, 0, True, False, None, float("nan"), float("inf"), "",
         "x" * 10_000, [], {}, [[]], [None], [True], [10**9], [2.5], ["x1", "x1"], 1e-320,
         0.5, 1]


def test_every_setting_with_every_nasty_value():
    for name in config.DEFAULTS:
        for value in NASTY:
            refused_or_read({name: value})
            refused_or_read(json.dumps({name: value}))


@FAST
@given(st.one_of(single, states, foreign, json_values))
def test_any_state_dict_is_read_or_refused_cleanly(state):
    refused_or_read(state)


@FAST
@given(st.one_of(single, states, foreign))
def test_any_state_json_text_is_read_or_refused_cleanly(state):
    refused_or_read(json.dumps(state))


@FAST
@given(st.text(max_size=200).map(lambda t: "{" + t))
def test_broken_json_is_refused_cleanly(text):
    refused_or_read(text)


@settings(deadline=timedelta(seconds=1), max_examples=15)
@given(st.integers(65, 500_000), st.sampled_from("[{"))
def test_deep_json_is_refused(depth, bracket):
    inner = ("[" * depth + "]" * depth) if bracket == "[" else ('{"a":' * depth + "1"
                                                                  + "}" * depth)
    text = '{"hidden": ' + inner + "}"
    with pytest.raises(ValueError, match="`text`"):
        read(text)
    refused_or_read(text, budget=len(text) * 4 + 4 * MB)


@settings(deadline=timedelta(seconds=1), max_examples=5)
@given(st.integers(2_000_001, 30_000_000))
def test_big_json_is_refused_before_parsing(size):
    text = '{"dataset": "' + "x" * size + '"}'
    with pytest.raises(ValueError, match="`text` is .* json_bytes"):
        read(text)
    refused_or_read(text, budget=MB)  # not parsed: nothing near the text's size allocated


def test_big_dict_values_are_read_only_as_far_as_needed():
    many = {"hidden": [1] * 2_000_000, "hide": ["code"] * 2_000_000}
    with pytest.raises(ValueError, match="`hidden` must be .* at most 8 of them"):
        read(many)
    refused_or_read(many, budget=MB)


def test_the_largest_accepted_playground_builds_and_draws():
    p = knb.Playground.from_share("v1~h-" + ".".join([str(config.MAX_UNITS)]
                                                      * config.MAX_LAYERS))
    p.step(1)
    units = [layer.units for layer in p.model.layers if hasattr(layer, "units")]
    assert units == [config.MAX_UNITS] * config.MAX_LAYERS + [1] and p.epoch == 1
    assert len(p._ui.diagram.value) < 8 * MB  # the picture sent on every redraw stays small
    p.close()
