"""knb.check looks at a sample of x without copying the data it is given.

A student's kernel on Binder or a class JupyterHub has a limited amount of memory:
checking the training set must not cost a second copy of it. The scale check
(KNB201) reads at most a few thousand samples, in their own precision when float32
holds them exactly.
"""

from __future__ import annotations

import tracemalloc

import keras
import numpy as np
from keras import layers

import kerasnb as knb
from kerasnb.doctor import scale_facts as sf

RNG = np.random.default_rng(0)


def _pixels(n=4000):
    return RNG.integers(0, 256, size=(n, 28, 28)).astype("float32")


def _peak_mb(func) -> float:
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def test_check_allocates_less_than_half_of_x():
    x, y = _pixels(), np.arange(4000) % 10
    model = keras.Sequential([keras.Input((28, 28)), layers.Flatten(),
                              layers.Dense(8, activation="relu"),
                              layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    knb.check(model, x, y)  # the first call imports and caches what the checks use
    peak = _peak_mb(lambda: knb.check(model, x, y))
    assert "KNB201" in knb.check(model, x, y)  # the raw pixels are still found
    assert peak < 0.5 * x.nbytes / 2**20, f"knb.check allocated {peak:.1f} MB for a " \
        f"{x.nbytes / 2**20:.1f} MB x"


def test_scale_is_the_same_in_float32_and_float64():
    pixels = _pixels(600)
    standardized = (RNG.normal(size=(600, 3)) * [1.0, 2.0, 0.5] + 0.1).astype("float32")
    for data in (pixels, pixels / np.float32(255), standardized, pixels * 40):
        narrow, wide = sf.measure(data), sf.measure(data.astype("float64"))
        assert (narrow.lo, narrow.hi, narrow.low, narrow.high) == \
            (wide.lo, wide.hi, wide.low, wide.high)
        assert (narrow.whole, narrow.pixels, narrow.prepared) == \
            (wide.whole, wide.pixels, wide.prepared)
        assert sf.too_large(narrow) == sf.too_large(wide)
