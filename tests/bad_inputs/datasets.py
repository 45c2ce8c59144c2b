"""Rows for kerasnb.datasets: load, info, series and the toy generators."""

import numpy as np

from bad_inputs import Row
from kerasnb import datasets
from kerasnb.datasets import toys


def load(name, **options):
    return lambda: datasets.load(name, **options)


ROWS = [
    # names
    Row("load-name-unknown", load("cifar"), arg="name"),
    Row("load-name-int", load(5), arg="name"),
    Row("load-name-huge-cut", load("x" * 1_000_000), arg="name"),
    Row("load-option-unknown", load("iris", n=5), arg="n"),
    Row("info-name-none", lambda: datasets.info(None), arg="name"),
    Row("info-name-list", lambda: datasets.info(["mnist"]), arg="name"),
    Row("series-name", lambda: datasets.series("sunspots"), arg="name"),
    # MNIST: a truthy string must never start a download
    Row("mnist-download-string", load("mnist", download="no"), arg="download"),
    Row("mnist-download-int", load("mnist", download=1), arg="download"),
    Row("mnist-verbose-string", load("mnist", verbose="yes"), arg="verbose"),
    Row("mnist-numpy-bool-accepted", load("mnist", download=np.bool_(False), verbose=False),
        accept=True),
    # scikit-learn sets
    Row("iris-seed-negative", load("iris", seed=-5), arg="seed"),
    Row("iris-seed-string", load("iris", seed="abc"), arg="seed"),
    Row("iris-seed-too-big", load("iris", seed=2**40), arg="seed"),
    Row("iris-seed-float", load("iris", seed=1.5), arg="seed"),
    Row("iris-seed-bool", load("wine", seed=True), arg="seed"),
    Row("iris-test-fraction-one", load("iris", test_fraction=1.0), arg="test_fraction"),
    Row("iris-test-fraction-nan", load("iris", test_fraction=float("nan")),
        arg="test_fraction"),
    Row("iris-test-fraction-too-small", load("iris", test_fraction=0.01),
        arg="test_fraction"),
    Row("diabetes-test-fraction-string", load("diabetes", test_fraction="0.2"),
        arg="test_fraction"),
    Row("iris-numpy-accepted", load("iris", seed=np.int64(3), test_fraction=np.float32(0.3)),
        accept=True),
    # 2-D toys
    Row("moons-n-zero", load("moons", n=0), arg="n"),
    Row("moons-n-float", load("moons", n=200.0), arg="n"),
    Row("moons-n-bool", load("moons", n=True), arg="n"),
    Row("moons-n-one-leaves-no-test", load("moons", n=1), arg="n"),
    Row("moons-n-over-limit", load("moons", n=10**12), arg="n"),
    Row("moons-noise-negative", load("moons", noise=-1), arg="noise"),
    Row("moons-noise-string", load("moons", noise="0.1"), arg="noise"),
    Row("moons-noise-inf", load("moons", noise=float("inf")), arg="noise"),
    Row("moons-noise-huge", load("spiral", noise=1e300), arg="noise"),
    Row("moons-seed-negative", load("moons", seed=-5), arg="seed"),
    Row("moons-seed-string", load("xor", seed="abc"), arg="seed"),
    Row("moons-test-fraction-zero", load("circles", test_fraction=0), arg="test_fraction"),
    Row("moons-numpy-accepted", load("moons", n=np.int64(50), noise=np.float32(0.1),
                                     seed=np.int32(2)), accept=True),
    Row("toys-classes-huge", lambda: toys.spiral(classes=10**9), arg="classes"),
    Row("toys-classes-zero", lambda: toys.gaussian(classes=0), arg="classes"),
    Row("toys-classes-numpy-accepted", lambda: toys.gaussian(n=np.int64(30),
                                                             classes=np.int64(3)), accept=True),
    Row("toys-n-zero", lambda: toys.moons(n=0), arg="n"),
    Row("toys-n-string", lambda: toys.circles(n="400"), arg="n"),
    Row("toys-noise-nan", lambda: toys.xor(noise=float("nan")), arg="noise"),
    Row("toys-seed-float", lambda: toys.plane(seed=0.5), arg="seed"),
    Row("toys-numpy-accepted", lambda: toys.multi_gaussian(n=np.int64(20), noise=np.float64(0),
                                                           seed=np.uint8(1)), accept=True),
    # time series and text
    Row("co2-window-zero", load("co2", window=0), arg="window"),
    Row("co2-window-too-long", load("co2", window=600), arg="window"),
    Row("co2-horizon-huge", load("co2", horizon=10**6), arg="horizon"),
    Row("co2-horizon-string", load("co2", horizon="1"), arg="horizon"),
    Row("co2-numpy-accepted", load("co2", window=np.int64(12), horizon=np.int64(2)),
        accept=True),
    Row("reviews-test-fraction-tiny", load("reviews", test_fraction=1e-6),
        arg="test_fraction"),
]
