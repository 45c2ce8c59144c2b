"""Find the classic Keras mistakes before and during training.

`check` inspects a model (and, when given, its data, history, save path and
callbacks) and returns a `Report` of `Finding` objects, each with a stable code,
a severity, a plain-language message and a short fix. `Doctor` is a callback
that watches a running ``fit`` for overfitting, divergence and NaN losses.

Finding codes by area: KNB1xx output, loss and labels; KNB2xx data; KNB3xx
model; KNB4xx training history; KNB5xx Keras 3 formats and callbacks.
`list_checks()` lists them all.

Example:
    >>> import kerasnb as knb
    >>> knb.check(model, x_train, y_train)
    >>> model.fit(x_train, y_train, validation_split=0.2, callbacks=[knb.Doctor()])
"""

from __future__ import annotations

from .api import check
from .catalog import list_checks
from .live import Doctor
from .report import CheckError, Finding, Report

__all__ = ["check", "Report", "Finding", "Doctor", "CheckError", "list_checks"]
