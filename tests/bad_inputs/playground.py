"""Rows for knb.Playground: constructor, set, step, the layer twins, share strings and JSON."""

import json

import numpy as np

import kerasnb as knb
from bad_inputs import Row

_shared = []


def pg():
    """One small playground for the rows that need an instance (built on first use)."""
    if not _shared:
        _shared.append(knb.Playground(hidden=(2,)))
    return _shared[0]


def make(**kwargs):
    return lambda: knb.Playground(**kwargs)


def share(text):
    return lambda: knb.Playground.from_share(text)


def from_json(text):
    return lambda: knb.Playground.from_json(text)


ROWS = [
    # constructor and set(): NumPy scalars welcome, bool and oversized refused
    Row("pg-numpy-scalars-accepted", make(hidden=(np.int64(3), np.int32(2)),
                                          batch_size=np.int64(5), seed=np.int64(1),
                                          learning_rate=np.float32(0.1),
                                          noise=np.float64(0.1), show_test=np.bool_(True)),
        accept=True),
    Row("pg-hidden-array-accepted", make(hidden=np.array([3, 2])), accept=True),
    Row("pg-hidden-huge-units", make(hidden=(10**9,)), arg="hidden"),
    Row("pg-hidden-too-many-layers", make(hidden=(2,) * 9), arg="hidden"),
    Row("pg-hidden-million-layers", make(hidden=iter(lambda: 1, 0)), arg="hidden"),
    Row("pg-hidden-bool", make(hidden=(True,)), arg="hidden"),
    Row("pg-hidden-string", make(hidden="42"), arg="hidden"),
    Row("pg-hidden-nested", make(hidden=[[4]]), arg="hidden"),
    Row("pg-batch-bool", make(batch_size=True), arg="batch_size"),
    Row("pg-batch-huge", make(batch_size=10**20), arg="batch_size"),
    Row("pg-seed-string", make(seed="abc"), arg="seed"),
    Row("pg-seed-float", make(seed=1.0), arg="seed"),
    Row("pg-learning-rate-string", make(learning_rate="fast"), arg="learning_rate"),
    Row("pg-learning-rate-inf", make(learning_rate=float("inf")), arg="learning_rate"),
    Row("pg-train-ratio-huge", make(train_ratio=1e308), arg="train_ratio"),
    Row("pg-noise-bool", make(noise=False), arg="noise"),
    Row("pg-dropout-nan", make(dropout=float("nan")), arg="dropout"),
    Row("pg-features-unhashable", make(features=[["x1"]]), arg="features"),
    Row("pg-features-none", make(features=None), arg="features"),
    Row("pg-layer-activations-array", make(hidden=(2,), layer_activations=[np.array([1])]),
        arg="layer_activations"),
    Row("pg-hide-number", make(hide=5), arg="hide"),
    Row("pg-show-test-string", make(show_test="yes"), arg="show_test"),
    Row("pg-interactive-string", make(interactive="browser"), arg="interactive"),
    Row("pg-interactive-number", make(interactive=1), arg="interactive"),
    Row("pg-interactive-numpy-accepted", make(interactive=np.bool_(False)), accept=True),
    Row("pg-set-hidden-huge", lambda: pg().set(hidden=(200_000,)), arg="hidden"),
    Row("pg-set-unknown", lambda: pg().set(colour="red"), arg="settings"),
    Row("pg-step-zero", lambda: pg().step(0), arg="n"),
    Row("pg-step-bool", lambda: pg().step(True), arg="n"),
    Row("pg-step-float", lambda: pg().step(2.0), arg="n"),
    Row("pg-step-numpy-accepted", lambda: pg().step(n=np.int64(1)), accept=True),
    Row("pg-add-layer-units-huge", lambda: pg().add_layer(10**6), arg="units"),
    Row("pg-add-layer-index-float", lambda: pg().add_layer(2, index=0.5), arg="index"),
    Row("pg-add-neuron-numpy-accepted", lambda: pg().add_neuron(np.int64(0)), accept=True),
    Row("pg-add-neuron-bool", lambda: pg().add_neuron(False), arg="layer"),
    # share strings and JSON: refused at once, before anything big is built
    Row("share-huge-units", share("v1~h-1000000000"), arg="hidden"),
    Row("share-200000-units", share("v1~h-200000"), arg="hidden"),
    Row("share-many-layers", share("v1~h-" + ".".join(["1"] * 1500)), arg="hidden"),
    Row("share-too-long", share("v1~d-circles" + "~s-1" * 2000), arg="text"),
    Row("share-ten-megabytes", share("v1~" + "x" * 10_000_000), arg="text"),
    Row("share-batch-huge", share("v1~b-99999999999999999999"), arg="batch_size"),
    Row("share-bad-number", share("v1~lr-fast"), arg="text"),
    Row("share-bad-flag", share("v1~t-2"), arg="text"),
    Row("share-nan", share("v1~n-nan"), arg="noise"),
    Row("share-version", share("v2~h-4"), arg="text"),
    Row("share-not-a-string", share(42), arg="text"),
    Row("share-load-widget-twin", lambda: pg().load_share("v1~h-1000000000"), arg="hidden"),
    Row("share-load-not-a-string", lambda: pg().load_share(None), arg="text"),
    Row("json-wrong-type", from_json(42), arg="text"),
    Row("json-not-an-object", from_json("[4, 2]"), arg="text"),
    Row("json-unknown-key", from_json('{"speed": 3}'), arg="text"),
    Row("json-version-bool", from_json('{"version": true}'), arg="text"),
    Row("json-deep", from_json('{"hidden": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        arg="text"),
    Row("json-too-deep", from_json('{"hidden": ' + "[" * 70 + "]" * 70 + "}"), arg="text"),
    Row("json-too-big", from_json('{"dataset": "' + "x" * 3_000_000 + '"}'), arg="text"),
    Row("json-invalid", from_json('{"hidden": [4,'), arg="text"),
    Row("json-accepted", from_json(json.dumps({"hidden": [4, 2], "dataset": "xor"})),
        accept=True),
    Row("json-huge-list", from_json(json.dumps({"hidden": [1] * 100_000})), arg="hidden"),
    Row("save-suffix", lambda: pg().save("playground.txt"), arg="path"),
]
