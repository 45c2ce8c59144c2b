"""kerasnb: learn and try deep learning with tf.keras in Jupyter.

Importing kerasnb is cheap: TensorFlow, plotly and matplotlib load on first
use of a name that needs them.

Example:
    >>> import kerasnb as knb
    >>> (x_train, y_train), (x_test, y_test) = knb.datasets.load("digits")
    >>> live = knb.LivePlot()            # a keras.callbacks.Callback
    >>> knb.about()                      # versions, devices, front end
"""

from __future__ import annotations

import importlib

from ._version import __version__

# `typing` (and the `re`, `collections`, `enum` it pulls in) stays out of the import:
# type checkers read any name TYPE_CHECKING as true.
TYPE_CHECKING = False

# Public name -> "module:attribute" (or "module" for subpackages).
_LAZY: dict[str, str] = {
    # environment
    "about": "kerasnb.about:about",
    "set_limits": "kerasnb._validate:set_limits",
    "get_limits": "kerasnb._validate:get_limits",
    # training
    "LivePlot": "kerasnb.callbacks:LivePlot",
    "compare": "kerasnb.callbacks:compare",
    "History": "kerasnb._history:History",
    # looking inside
    "show_model": "kerasnb.viz:show_model",
    "summary": "kerasnb.viz:summary",
    "show_images": "kerasnb.viz:show_images",
    "show_activations": "kerasnb.viz:show_activations",
    "show_filters": "kerasnb.viz:show_filters",
    "saliency": "kerasnb.viz:saliency",
    "show_predictions": "kerasnb.viz:show_predictions",
    "confusion_matrix": "kerasnb.viz:confusion_matrix",
    "decision_boundary": "kerasnb.viz:decision_boundary",
    # widgets
    "ModelBuilder": "kerasnb.widgets:ModelBuilder",
    "Playground": "kerasnb.widgets:Playground",
    # mistakes
    "check": "kerasnb.doctor:check",
    "Report": "kerasnb.doctor:Report",
    "Doctor": "kerasnb.doctor:Doctor",
    # exercises
    "progress": "kerasnb.exercises:progress",
    # subpackages
    "callbacks": "kerasnb.callbacks",
    "datasets": "kerasnb.datasets",
    "pretrained": "kerasnb.pretrained",
    "doctor": "kerasnb.doctor",
    "exercises": "kerasnb.exercises",
    "viz": "kerasnb.viz",
    "widgets": "kerasnb.widgets",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'kerasnb' has no attribute {name!r}")
    module_name, _, attr = target.partition(":")
    # On first use, in a notebook: free the graphs TensorFlow keeps of models that are gone
    # (an end-of-cell hook; see kerasnb/_custom_gradients.py), and let a cell run again reuse
    # its code objects, which TensorFlow's stack-trace cache is keyed by (kerasnb/_code_reuse.py).
    importlib.import_module("kerasnb._custom_gradients").install()
    importlib.import_module("kerasnb._code_reuse").install()
    module = importlib.import_module(module_name)
    value = getattr(module, attr) if attr else module
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(__all__) | {n for n in globals() if n.startswith("__")})


if TYPE_CHECKING:  # pragma: no cover - for editors and type checkers only
    from typing import Any

    from . import callbacks, datasets, doctor, exercises, viz, widgets
    from ._history import History
    from ._validate import get_limits, set_limits
    from .about import about
    from .callbacks import LivePlot, compare
    from .doctor import Doctor, Report, check
    from .exercises import progress
    from .viz import (
        confusion_matrix,
        decision_boundary,
        saliency,
        show_activations,
        show_filters,
        show_images,
        show_model,
        show_predictions,
        summary,
    )
    from .widgets import ModelBuilder, Playground
