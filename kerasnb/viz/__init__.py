"""Looking inside a model: architecture, activations, filters, saliency, predictions.

Every function returns an object you can keep that shows itself in a notebook:
live (plotly or ipywidgets) in JupyterLab, Notebook 7 and VS Code, a static
figure or SVG elsewhere. ``interactive=True/False`` overrides the choice where a
live version exists. Importing this package loads no TensorFlow, plotly or
matplotlib; each function loads what it draws with.

Example:
    >>> import kerasnb as knb
    >>> knb.show_model(model)                       # doctest: +SKIP
    >>> knb.show_activations(model, x_test[:10])    # doctest: +SKIP
    >>> knb.confusion_matrix(model, x_test, y_test) # doctest: +SKIP
"""

from __future__ import annotations

# Each module imports only numpy at load time, so these imports stay cheap. Some
# modules share their function's name (``summary``, ``saliency``): importing the
# functions here, once, keeps ``kerasnb.viz.summary`` the function.
from .activations import show_activations
from .architecture import show_model
from .boundary import decision_boundary
from .confusion import confusion_matrix
from .filters import show_filters
from .images import show_images
from .predictions import show_predictions
from .saliency import saliency
from .summary import summary

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
