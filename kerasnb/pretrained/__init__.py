"""Small pretrained Keras models that ship inside kerasnb, for offline transfer learning.

``keras.applications`` downloads its ImageNet weights from the internet; the
models here come with the package, so the transfer-learning lesson works on a
laptop with no network. Each one was trained by a script under ``assets/``
(named in its ``info``), so nothing shipped is a mystery.

Example:
    >>> import kerasnb as knb
    >>> knb.pretrained.names()
    ['mnist_0to4']
    >>> base = knb.pretrained.load("mnist_0to4", include_top=False)  # doctest: +SKIP
    >>> base.trainable = False                                       # doctest: +SKIP
"""

from __future__ import annotations

from ._models import PretrainedInfo, info, load, names

__all__ = ["PretrainedInfo", "info", "load", "names"]
