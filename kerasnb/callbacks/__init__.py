"""Training callbacks: the live loss/metric plot and run comparison.

- `LivePlot` a ``keras.callbacks.Callback`` drawing live curves (``live.py``);
  it only collects numbers (``record.py``), works out what to draw
  (``scene.py``) and hands that to one output backend (``backends/``). Where
  the current ``fit()`` is lives in ``run.py``, when to redraw in
  ``frames.py``, which notebook cell the plot is in in ``cell.py``.
- `compare` overlays finished runs, given in any form `kerasnb.History.from_any`
  reads (``compare.py``).

Names load on first use, so importing this package does not import Keras.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_LAZY = {
    "LivePlot": ".live",
    "compare": ".compare",
    "Comparison": ".compare",
}

__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'kerasnb.callbacks' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


if TYPE_CHECKING:  # pragma: no cover - for editors and type checkers only
    from .compare import Comparison, compare  # noqa: F401
    from .live import LivePlot  # noqa: F401
