"""Rows for the tutorial explorers: activation_explorer and learning_rate_explorer."""

import numpy as np

from bad_inputs import Row
from kerasnb.widgets.explorers import (
    ActivationExplorer,
    LearningRateExplorer,
    activation_explorer,
    learning_rate_explorer,
)

_RNG = np.random.default_rng(0)
X = _RNG.normal(size=(20, 2)).astype("float32")
Y = (X[:, 0] > 0).astype("int64")


def act(**kwargs):
    return lambda: ActivationExplorer(**kwargs)


def lr(data, **kwargs):
    return lambda: LearningRateExplorer(data, **({"steps": 1} | kwargs))


ROWS = [
    Row("act-numpy-x-accepted", act(x=np.float32(1.5), x_range=(np.int64(-2), np.float64(2))),
        accept=True),
    Row("act-x-nan", act(x=float("nan")), arg="x"),
    Row("act-x-bool", act(x=True), arg="x"),
    Row("act-x-outside", act(x=9.0), arg="x"),
    Row("act-x-range-infinite", act(x_range=(float("-inf"), 1.0)), arg="x_range"),
    Row("act-x-range-overflowing-width", act(x=0.0, x_range=(-1e308, 1e308)), arg="x_range"),
    Row("act-x-range-three", act(x_range=(1, 2, 3)), arg="x_range"),
    Row("act-x-range-strings", act(x_range=("a", "b")), arg="x_range"),
    Row("act-derivative-string", act(derivative="no"), arg="derivative"),
    Row("act-activations-empty", act(activations=[]), arg="activations"),
    Row("act-activations-number", act(activations=[5]), arg="activations"),
    Row("act-interactive-string", lambda: activation_explorer(interactive="yes"),
        arg="interactive"),
    # data given as (x, y): empty, ragged, NaN, strings, bad labels
    Row("lr-data-empty", lr((np.zeros((0, 2)), np.zeros(0))), arg="data"),
    Row("lr-data-ragged", lr(([[1.0, 2.0], [3.0]], [0, 1])), arg="data"),
    Row("lr-data-nan-x", lr((np.where(X > 1, np.nan, X), Y)), arg="data"),
    Row("lr-data-inf-y", lr((X, np.r_[Y[:-1], np.inf].astype("float32"))), arg="data"),
    Row("lr-data-strings", lr((np.array([["a", "b"]] * 4), np.array([0, 1, 0, 1]))),
        arg="data"),
    Row("lr-data-negative-labels", lr((X, Y - 1)), arg="data"),
    Row("lr-data-one-sample", lr((X[:1], Y[:1])), arg="data"),
    Row("lr-data-huge-label", lr((X, np.r_[np.arange(19), 10**9])), arg="data"),
    Row("lr-data-name", lr("mnist"), arg="data"),
    Row("lr-hidden-huge", lr("moons", hidden=10**9), arg="hidden"),
    Row("lr-hidden-bool", lr("moons", hidden=True), arg="hidden"),
    Row("lr-steps-float", lr("moons", steps=2.5), arg="steps"),
    Row("lr-seed-string", lr("moons", seed="a"), arg="seed"),
    Row("lr-seed-negative", lr("moons", seed=-1), arg="seed"),
    Row("lr-optimizer", lr("moons", optimizer="fast"), arg="optimizer"),
    Row("lr-numpy-accepted", lr((X, Y), steps=np.int64(2), hidden=np.int64(3),
                                seed=np.int64(1)), accept=True),
    Row("lr-rate-numpy-accepted", lambda: learning_rate_explorer(
        np.float32(0.1), data="moons", steps=2, interactive=False), accept=True),
    Row("lr-rates-nan", lambda: learning_rate_explorer([float("nan")], interactive=False),
        arg="learning_rates"),
    Row("lr-rates-set", lambda: learning_rate_explorer({0.1}, interactive=False),
        arg="learning_rates"),
    Row("lr-interactive-string", lambda: learning_rate_explorer(
        0.1, data="moons", steps=1, interactive="no"), arg="interactive"),
    Row("act-save-suffix", lambda: ActivationExplorer(["relu"]).save("curves.txt"), arg="path"),
    Row("lr-train-rate-zero", lambda: LearningRateExplorer("moons", steps=1).train(0),
        arg="learning_rate"),
]
