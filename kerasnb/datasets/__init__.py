"""Offline-first data sets for the tutorials.

``load(name)`` returns ``(x_train, y_train), (x_test, y_test)`` like
``keras.datasets.*.load_data()``, and never waits on the network: real data
ships inside the package (the small tables are scikit-learn's, stored with NumPy).

Example:
    >>> from kerasnb import datasets
    >>> datasets.names()[:3]
    ['mnist', 'digits', 'iris']
    >>> (x_train, y_train), (x_test, y_test) = datasets.load("moons", n=200, noise=0.2)
    >>> x_train.shape
    (150, 2)
"""

from __future__ import annotations

import inspect
from typing import Any

from .._validate import bad_value, short_repr
from ._info import DatasetInfo
from ._loaders import INFOS, LOADERS, Splits, image, series

__all__ = ["DatasetInfo", "image", "info", "load", "names", "series"]


def names() -> list[str]:
    """The names ``load`` and ``info`` accept, in course order."""
    return list(LOADERS)


def _check_name(name: Any) -> str:
    if not isinstance(name, str) or name.lower() not in LOADERS:
        raise bad_value("name", f"one of {', '.join(names())}", name)
    return name.lower()


def info(name: str) -> DatasetInfo:
    """Class names, shapes, description, source and licence of a data set.

    Args:
        name: one of ``names()``.

    Returns:
        A ``DatasetInfo``; it shows itself as a table in a notebook.

    Raises:
        ValueError: ``name`` is not a known data set.
    """
    return INFOS[_check_name(name)]


def load(name: str, **options: Any) -> Splits:
    """Load a data set as ``(x_train, y_train), (x_test, y_test)``.

    Args:
        name: one of ``names()``.
        **options: the data set's own options, e.g. ``download=True`` for the
            full MNIST, ``n``, ``noise`` and ``seed`` for the 2-D toys,
            ``window`` and ``horizon`` for the time series. ``info(name)``
            and the loader docstrings list them.

    Returns:
        Two ``(x, y)`` tuples of NumPy arrays; splits are deterministic.

    Raises:
        ValueError: unknown ``name``, an option the data set does not take, or a
            bad option value (named in the message). ``download`` must be True
            or False: a string such as ``"no"`` never starts a download.
    """
    key = _check_name(name)
    loader = LOADERS[key]
    params = inspect.signature(loader).parameters
    unknown = sorted(set(options) - set(params))
    if unknown:
        allowed = ", ".join(params) or "none"
        raise ValueError(
            f"`{unknown[0][:60]}` is not an option of the {key!r} data set "
            f"(options: {allowed}). Received: "
            + ", ".join(f"{k[:60]}={short_repr(options[k], 60)}" for k in unknown[:5]))
    return loader(**options)
