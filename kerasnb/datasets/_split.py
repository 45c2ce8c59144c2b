"""A stratified train/test split in NumPy (what the small real data sets use).

Each class keeps its share in both parts: the test part takes ``ceil(test_fraction * n)``
samples (rounded as scikit-learn's ``train_test_split`` does), handed out to the classes in
proportion to their sizes, the remainder to the classes with the largest leftover share.
"""

from __future__ import annotations

import math

import numpy as np

from .._validate import bad_value


def test_size(n: int, test_fraction: float) -> int:
    """How many of ``n`` samples go to the test part."""
    return math.ceil(test_fraction * n)


def check_sizes(n: int, test_fraction: float, groups: int = 1) -> None:
    """Refuse a ``test_fraction`` that leaves a part with fewer than ``groups`` samples."""
    n_test = test_size(n, test_fraction)
    if min(n_test, n - n_test) < groups:
        need = f"one sample of each of the {groups} classes" if groups > 1 else "one sample"
        raise bad_value("test_fraction", f"a fraction that leaves at least {need} in both "
                        f"train and test (of {n} samples)", test_fraction)


def _test_counts(counts: np.ndarray, n_test: int) -> np.ndarray:
    """Test samples per class: proportional shares, the rest by largest remainder."""
    exact = counts * n_test / counts.sum()
    taken = np.floor(exact).astype(int)
    order = np.argsort(-(exact - taken), kind="stable")
    taken[order[: n_test - taken.sum()]] += 1
    return np.minimum(taken, counts)


def split(x: np.ndarray, y: np.ndarray, test_fraction: float, seed: int | None,
          stratify: bool = True):
    """``(x_train, y_train), (x_test, y_test)``, shuffled with ``seed``.

    With ``stratify`` every class of ``y`` keeps its share in both parts;
    without it the test part is a random ``test_fraction`` of the samples.
    """
    classes, inverse = np.unique(y, return_inverse=True) if stratify else ([0], np.zeros(len(y), int))
    check_sizes(len(x), test_fraction, len(classes))
    rng = np.random.default_rng(seed)
    counts = np.bincount(inverse, minlength=len(classes))
    test_idx, train_idx = [], []
    for label, n_test in enumerate(_test_counts(counts, test_size(len(x), test_fraction))):
        members = rng.permutation(np.flatnonzero(inverse == label))
        test_idx.append(members[:n_test])
        train_idx.append(members[n_test:])
    train = rng.permutation(np.concatenate(train_idx))
    test = rng.permutation(np.concatenate(test_idx))
    return (x[train], y[train]), (x[test], y[test])
