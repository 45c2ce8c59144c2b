"""Small explorers for the tutorials: activation functions and the learning rate.

``activation_explorer()`` draws activation functions and their slopes with a
slider for the input; ``learning_rate_explorer()`` trains one tiny Keras model
at several learning rates and draws the loss curves side by side. Each returns
its explorer, always (see `base` for the rule): the live widget where widgets
render, a still picture of the same figure elsewhere (``interactive=`` decides).
The explorers are driven from Python the same way their controls drive them:
set ``explorer.x``, ``explorer.activations`` or ``explorer.learning_rate``,
call ``.train(rate)``.

Example:
    >>> import kerasnb as knb
    >>> knb.widgets.activation_explorer(["relu", "tanh"], x=1.5)
    >>> knb.widgets.learning_rate_explorer([0.01, 0.1, 1.0], data="diabetes")
"""

from __future__ import annotations

from .activations import ACTIVATIONS, ActivationExplorer, activation_explorer
from .base import Explorer
from .learning_rate import (
    OPTIMIZERS,
    LearningRateExplorer,
    LearningRateRun,
    learning_rate_explorer,
)

__all__ = ["ACTIVATIONS", "OPTIMIZERS", "ActivationExplorer", "Explorer", "LearningRateExplorer",
           "LearningRateRun", "activation_explorer", "learning_rate_explorer"]
