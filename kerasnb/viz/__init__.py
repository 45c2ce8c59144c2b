"""Looking inside a model: architecture, activations, filters, saliency, predictions.

Every function returns an object you can keep that shows itself in a notebook:
live (plotly or ipywidgets) in JupyterLab, Notebook 7 and VS Code, a static
figure or SVG elsewhere. ``interactive=True/False`` overrides the choice where a
live version exists. Arguments follow one convention: ``model, x, y`` positional,
everything else keyword-only; ``n`` says how many, ``layers=`` which layers (a
name, an index, a layer or a list), ``class_names=`` the names of the classes;
a result that can be written has ``.save(path)`` returning the ``pathlib.Path``. Importing this package loads no TensorFlow, plotly or
matplotlib; each function loads what it draws with.

Example:
    >>> import kerasnb as knb
    >>> knb.show_model(model)                       # doctest: +SKIP
    >>> knb.show_activations(model, x_test[:10])    # doctest: +SKIP
    >>> knb.confusion_matrix(model, x_test, y_test) # doctest: +SKIP
"""

from __future__ import annotations

# Each module imports only numpy at load time, so these imports stay cheap. No
# module is named like a function: ``kerasnb.viz.summary`` is the function, its
# module ``summary_table`` (and ``saliency``'s is ``saliency_maps``).
from .activations import show_activations
from .architecture import show_model
from .boundary import decision_boundary
from .confusion import confusion_matrix
from .filters import show_filters
from .images import show_images
from .predictions import show_predictions
from .saliency_maps import saliency
from .summary_table import summary

__all__ = [
    "show_model",
    "summary",
    "show_images",
    "show_activations",
    "show_filters",
    "saliency",
    "show_predictions",
    "confusion_matrix",
    "decision_boundary",
]
