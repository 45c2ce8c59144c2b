"""Two-dimensional toy problems, the ones TensorFlow Playground made famous.

Every generator takes ``n`` (points), ``noise`` and ``seed`` and returns
``(x, y)`` with ``x`` of shape ``(n, 2)`` in roughly ``[-1, 1]`` (float32).
Classification sets give integer labels, regression sets float32 targets.
"""

from __future__ import annotations

import numpy as np

from .._utils import bad_value, check_positive_int


def _check(n, noise, seed):
    check_positive_int("n", n)
    if isinstance(noise, bool) or not isinstance(noise, (int, float)) or noise < 0:
        raise bad_value("noise", "a number >= 0", noise)
    if seed is not None and not isinstance(seed, (int, np.integer)):
        raise bad_value("seed", "an integer or None", seed)
    return np.random.default_rng(seed)


def _finish(x, y, rng, noise, classification=True):
    x = x + rng.normal(scale=noise, size=x.shape)
    order = rng.permutation(len(x))
    x = x[order].astype("float32")
    y = y[order]
    return x, (y.astype("int64") if classification else y.astype("float32"))


def moons(n: int = 400, noise: float = 0.1, seed: int | None = 0):
    """Two interleaving half circles (two classes)."""
    rng = _check(n, noise, seed)
    n0 = n // 2
    t0 = rng.uniform(0, np.pi, n0)
    t1 = rng.uniform(0, np.pi, n - n0)
    a = np.c_[np.cos(t0), np.sin(t0)]
    b = np.c_[1 - np.cos(t1), 0.5 - np.sin(t1)]
    x = (np.r_[a, b] - [0.5, 0.25]) / 1.25
    y = np.r_[np.zeros(n0), np.ones(n - n0)]
    return _finish(x, y, rng, noise / 1.25)


def circles(n: int = 400, noise: float = 0.05, seed: int | None = 0):
    """A disc of class 1 inside a ring of class 0."""
    rng = _check(n, noise, seed)
    n_in = n // 2
    r = np.r_[rng.uniform(0, 0.45, n_in), rng.uniform(0.65, 1.0, n - n_in)]
    t = rng.uniform(0, 2 * np.pi, n)
    x = np.c_[r * np.cos(t), r * np.sin(t)]
    y = np.r_[np.ones(n_in), np.zeros(n - n_in)]
    return _finish(x, y, rng, noise)


def xor(n: int = 400, noise: float = 0.05, seed: int | None = 0):
    """Class 1 where the two coordinates have the same sign."""
    rng = _check(n, noise, seed)
    x = rng.uniform(-1, 1, size=(n, 2))
    pad = 0.05  # keep points off the axes so the classes stay separable
    x = x + np.sign(x) * pad
    y = (x[:, 0] * x[:, 1] > 0).astype(int)
    return _finish(x / (1 + pad), y, rng, noise)


def spiral(n: int = 400, noise: float = 0.05, seed: int | None = 0, classes: int = 2):
    """``classes`` arms winding around the origin."""
    rng = _check(n, noise, seed)
    check_positive_int("classes", classes)
    per = np.full(classes, n // classes)
    per[: n - per.sum()] += 1
    xs, ys = [], []
    for k, m in enumerate(per):
        r = np.linspace(0.05, 1.0, m)
        t = 1.75 * 2 * np.pi * r + 2 * np.pi * k / classes
        xs.append(np.c_[r * np.sin(t), r * np.cos(t)])
        ys.append(np.full(m, k))
    return _finish(np.concatenate(xs), np.concatenate(ys), rng, noise)


def gaussian(n: int = 400, noise: float = 0.1, seed: int | None = 0, classes: int = 2):
    """Blobs of points, one per class, spaced evenly on a circle."""
    rng = _check(n, noise, seed)
    check_positive_int("classes", classes)
    labels = np.arange(n) % classes
    angle = 2 * np.pi * labels / classes + np.pi / 4
    centres = 0.5 * np.c_[np.cos(angle), np.sin(angle)]
    x = centres + rng.normal(scale=0.15, size=(n, 2))
    return _finish(x, labels, rng, noise)


def plane(n: int = 400, noise: float = 0.05, seed: int | None = 0):
    """Regression: the target is a tilted plane, ``(x1 + x2) / 2``."""
    rng = _check(n, noise, seed)
    x = rng.uniform(-1, 1, size=(n, 2))
    y = (x[:, 0] + x[:, 1]) / 2
    return _finish(x, y + rng.normal(scale=noise, size=n), rng, 0.0, classification=False)


def multi_gaussian(n: int = 400, noise: float = 0.05, seed: int | None = 0):
    """Regression: a sum of bumps and dips over the plane."""
    rng = _check(n, noise, seed)
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
