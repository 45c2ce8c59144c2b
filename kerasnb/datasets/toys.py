"""Two-dimensional toy problems, the ones TensorFlow Playground made famous.

Every generator takes ``n`` (points), ``noise`` and ``seed`` (keyword-only) and returns
``(x, y)`` with ``x`` of shape ``(n, 2)`` in roughly ``[-1, 1]`` (float32).
Classification sets give integer labels, regression sets float32 targets.
"""

from __future__ import annotations

import numpy as np

from .._utils import positional_deprecated
from .._validate import bad_value, check_int, check_limit, check_positive_int, check_real

__all__ = ["GENERATORS", "MAX_NOISE", "circles", "gaussian", "moons", "multi_gaussian", "plane",
           "spiral", "xor"]

XY = tuple[np.ndarray, np.ndarray]

# The points lie in about [-1, 1]: noise far above that only hides the pattern, and past
# float32's range it would turn the points into inf.
MAX_NOISE = 10.0


def real(name: str, value: object, *, low: float, high: float, open_ends: bool = False) -> float:
    """``check_real`` within ``[low, high]`` (open with ``open_ends``), also for huge ints."""
    try:
        return check_real(name, value, low=low, high=high, low_open=open_ends,
                          high_open=open_ends)
    except OverflowError:  # an int too big for a float
        lo, hi = ("(", ")") if open_ends else ("[", "]")
        raise bad_value(name, f"a number in {lo}{low}, {high}{hi}", value) from None


def check_seed(seed: object) -> int | None:
    """None or a non-negative integer (NumPy integers too), as a Python int."""
    if seed is None:
        return None
    return check_int("seed", seed, low=0, expected="a non-negative integer or None")


def check_options(n: object, noise: object, seed: object) -> tuple[int, float, int | None]:
    """``n``, ``noise`` and ``seed`` of a generator, checked and made Python numbers."""
    n = check_positive_int("n", n)
    check_limit("samples", "n", n)
    noise = real("noise", noise, low=0, high=MAX_NOISE)
    return n, noise, check_seed(seed)


def _check(n, noise, seed):
    n, noise, seed = check_options(n, noise, seed)
    return n, noise, np.random.default_rng(seed)


def _classes(classes, n) -> int:
    return check_int("classes", classes, low=1, high=max(1, n),
                     expected=f"a positive integer, at most n={n}")


def _finish(x, y, rng, noise, classification=True):
    x = x + rng.normal(scale=noise, size=x.shape)
    order = rng.permutation(len(x))
    x = x[order].astype("float32")
    y = y[order]
    return x, (y.astype("int64") if classification else y.astype("float32"))


@positional_deprecated
def moons(*, n: int = 400, noise: float = 0.1, seed: int | None = 0) -> XY:
    """Two interleaving half circles (two classes)."""
    n, noise, rng = _check(n, noise, seed)
    n0 = n // 2
    t0 = rng.uniform(0, np.pi, n0)
    t1 = rng.uniform(0, np.pi, n - n0)
    a = np.c_[np.cos(t0), np.sin(t0)]
    b = np.c_[1 - np.cos(t1), 0.5 - np.sin(t1)]
    x = (np.r_[a, b] - [0.5, 0.25]) / 1.25
    y = np.r_[np.zeros(n0), np.ones(n - n0)]
    return _finish(x, y, rng, noise / 1.25)


@positional_deprecated
def circles(*, n: int = 400, noise: float = 0.05, seed: int | None = 0) -> XY:
    """A disc of class 1 inside a ring of class 0."""
    n, noise, rng = _check(n, noise, seed)
    n_in = n // 2
    r = np.r_[rng.uniform(0, 0.45, n_in), rng.uniform(0.65, 1.0, n - n_in)]
    t = rng.uniform(0, 2 * np.pi, n)
    x = np.c_[r * np.cos(t), r * np.sin(t)]
    y = np.r_[np.ones(n_in), np.zeros(n - n_in)]
    return _finish(x, y, rng, noise)


@positional_deprecated
def xor(*, n: int = 400, noise: float = 0.05, seed: int | None = 0) -> XY:
    """Class 1 where the two coordinates have the same sign."""
    n, noise, rng = _check(n, noise, seed)
    x = rng.uniform(-1, 1, size=(n, 2))
    pad = 0.05  # keep points off the axes so the classes stay separable
    x = x + np.sign(x) * pad
    y = (x[:, 0] * x[:, 1] > 0).astype(int)
    return _finish(x / (1 + pad), y, rng, noise)


@positional_deprecated
def spiral(*, n: int = 400, noise: float = 0.05, seed: int | None = 0, classes: int = 2) -> XY:
    """``classes`` arms winding around the origin."""
    n, noise, rng = _check(n, noise, seed)
    classes = _classes(classes, n)
    per = np.full(classes, n // classes)
    per[: n - per.sum()] += 1
    xs, ys = [], []
    for k, m in enumerate(per):
        r = np.linspace(0.05, 1.0, m)
        t = 1.75 * 2 * np.pi * r + 2 * np.pi * k / classes
        xs.append(np.c_[r * np.sin(t), r * np.cos(t)])
        ys.append(np.full(m, k))
    return _finish(np.concatenate(xs), np.concatenate(ys), rng, noise)


@positional_deprecated
def gaussian(*, n: int = 400, noise: float = 0.1, seed: int | None = 0, classes: int = 2) -> XY:
    """Blobs of points, one per class, spaced evenly on a circle."""
    n, noise, rng = _check(n, noise, seed)
    classes = _classes(classes, n)
    labels = np.arange(n) % classes
    angle = 2 * np.pi * labels / classes + np.pi / 4
    centres = 0.5 * np.c_[np.cos(angle), np.sin(angle)]
    x = centres + rng.normal(scale=0.15, size=(n, 2))
    return _finish(x, labels, rng, noise)


@positional_deprecated
def plane(*, n: int = 400, noise: float = 0.05, seed: int | None = 0) -> XY:
    """Regression: the target is a tilted plane, ``(x1 + x2) / 2``."""
    n, noise, rng = _check(n, noise, seed)
    x = rng.uniform(-1, 1, size=(n, 2))
    y = (x[:, 0] + x[:, 1]) / 2
    return _finish(x, y + rng.normal(scale=noise, size=n), rng, 0.0, classification=False)


@positional_deprecated
def multi_gaussian(*, n: int = 400, noise: float = 0.05, seed: int | None = 0) -> XY:
    """Regression: a sum of bumps and dips over the plane."""
    n, noise, rng = _check(n, noise, seed)
    x = rng.uniform(-1, 1, size=(n, 2))
    bumps = [(-0.5, -0.5, 1.0), (0.5, 0.5, 1.0), (-0.5, 0.5, -1.0), (0.5, -0.5, -1.0),
             (0.0, 0.0, 0.5)]
    y = np.zeros(n)
    for cx, cy, sign in bumps:
        y += sign * np.exp(-((x[:, 0] - cx) ** 2 + (x[:, 1] - cy) ** 2) / (2 * 0.15))
    return _finish(x, y + rng.normal(scale=noise, size=n), rng, 0.0, classification=False)


GENERATORS = {
    "moons": moons,
    "circles": circles,
    "xor": xor,
    "spiral": spiral,
    "gaussian": gaussian,
    "plane": plane,
    "multi_gaussian": multi_gaussian,
}
