"""The activation explorer: activation functions and their slopes, with a slider for the input.

``activation_explorer()`` returns an `ActivationExplorer` (see `explorers.base`
for what it shows where); set ``explorer.x``, ``explorer.activations`` or
``explorer.derivative`` from Python as the controls do.

Example:
    >>> import kerasnb as knb
    >>> knb.widgets.activation_explorer(["relu", "tanh"], x=1.5)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import numpy as np
import traitlets

from ..._validate import bad_value, check_bool, is_real
from .base import Explorer, new_figure, real, wants_widget

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

# Element-wise activations of keras.activations, with their output range.
ACTIVATIONS = {
    "relu": "[0, ∞)", "sigmoid": "(0, 1)", "tanh": "(-1, 1)", "linear": "(-∞, ∞)",
    "leaky_relu": "(-∞, ∞)", "elu": "(-1, ∞)", "selu": "(-1.76, ∞)", "gelu": "[-0.17, ∞)",
    "silu": "[-0.28, ∞)", "mish": "[-0.31, ∞)", "softplus": "(0, ∞)", "softsign": "(-1, 1)",
    "relu6": "[0, 6]", "hard_sigmoid": "[0, 1]", "hard_silu": "[-0.38, ∞)",
    "hard_tanh": "[-1, 1]", "exponential": "(0, ∞)", "celu": "(-1, ∞)",
    "log_sigmoid": "(-∞, 0)", "squareplus": "(0, ∞)", "sparse_plus": "[0, ∞)",
    "soft_shrink": "(-∞, ∞)", "hard_shrink": "(-∞, ∞)", "tanh_shrink": "(-∞, ∞)",
}
_ALIASES = {"swish": "silu", "hard_swish": "hard_silu"}
# These act on a whole vector at once, so they have no curve of one input.
_VECTOR_WISE = ("softmax", "log_softmax", "sparsemax", "glu")


def _resolve_activations(activations) -> dict[str, Callable]:
    """``{label: function}`` from names, functions or a ``{label: function}`` mapping."""
    import keras

    if isinstance(activations, Mapping):
        items = list(activations.items())
    else:
        if isinstance(activations, str) or callable(activations):
            activations = [activations]
        if not isinstance(activations, Sequence):
            raise bad_value("activations", "a list of activation names or functions", activations)
        items = [(getattr(a, "__name__", "custom") if callable(a) else a, a) for a in activations]
    if not items:
        raise bad_value("activations", "a non-empty list of activation names or functions",
                        activations)
    resolved: dict[str, Callable] = {}
    for label, item in items:
        if callable(item):
            resolved[str(label)] = item
            continue
        name = _ALIASES.get(item, item) if isinstance(item, str) else item
        if name in _VECTOR_WISE:
            raise bad_value("activations", f"element-wise activations ({name} works on a whole "
                            "vector at once, so it has no curve of one input)", item)
        if name not in ACTIVATIONS:
            raise bad_value("activations", "names from " + ", ".join(ACTIVATIONS)
                            + " or functions of a tensor", item)
        resolved[name] = keras.activations.get(name)
    return resolved


def _check_range(x_range) -> tuple[float, float]:
    """``(low, high)``: two finite numbers, low < high, with a finite width."""
    expected = "two numbers with low < high, both finite"
    if isinstance(x_range, (str, bytes)) or not isinstance(x_range, (Sequence, np.ndarray)) \
            or len(x_range) != 2 or not all(is_real(v) for v in x_range):
        raise bad_value("x_range", expected, x_range)
    try:
        low, high = (float(v) for v in x_range)
    except OverflowError:  # an int too big for a float
        raise bad_value("x_range", expected, x_range) from None
    if not (math.isfinite(high - low) and low < high):
        raise bad_value("x_range", expected, x_range)
    return low, high


def _evaluate(fn: Callable, xs) -> tuple[np.ndarray, np.ndarray]:
    """Values and slopes (central differences, in float64) of one activation."""
    import keras

    h = 1e-5
    xs = np.asarray(xs, dtype="float64")
    stacked = keras.ops.convert_to_tensor(np.stack([xs, xs - h, xs + h]), dtype="float64")
    out = np.asarray(keras.ops.convert_to_numpy(fn(stacked)), dtype="float64")
    return out[0], (out[2] - out[1]) / (2 * h)


class ActivationExplorer(Explorer):
    """Activation functions and their slopes, with a picker and a slider for the input.

    Args:
        activations: the functions drawn at first: names from ``ACTIVATIONS``,
            functions of a tensor, or a ``{label: function}`` mapping. The
            picker also offers every name in ``ACTIVATIONS``.
        x: the input marked on every curve.
        x_range: ``(low, high)`` of the horizontal axis and the slider.
        derivative: also draw the slopes (what gradient descent multiplies by).
        interactive: show the live widget (True), a still picture (False), or
            the widget where widgets render (None).
    """

    activations = traitlets.Tuple(help="labels of the activations drawn")
    x = traitlets.Float(1.0, help="the input marked on every curve")
    derivative = traitlets.Bool(True, help="also draw the slopes")

    def __init__(self, activations: Any = ("relu", "sigmoid", "tanh", "linear"), *,
                 x: float = 1.0, x_range: tuple[float, float] = (-5.0, 5.0),
                 derivative: bool = True, interactive: bool | None = None) -> None:
        chosen = _resolve_activations(activations)
        self._functions: dict[str, Callable | None] = {**chosen}
        for name in ACTIVATIONS:  # resolved from Keras when first picked
            self._functions.setdefault(name, None)
        low, high = _check_range(x_range)
        self.x_range = (low, high)
        x = real("x", x, low=low, high=high,
                  expected=f"a number in [{low:g}, {high:g}] (x_range)")
        derivative = check_bool("derivative", derivative)
        self.picker = widgets.SelectMultiple(options=list(self._functions), rows=8,
                                             description="activations")
        self.slider = widgets.FloatSlider(min=low, max=high, step=(high - low) / 200,
                                          description="input x")
        self.slopes_box = widgets.Checkbox(description="show slopes (derivatives)")
        self._init_view(widgets.HBox([self.picker, widgets.VBox([self.slider, self.slopes_box])]),
                        widgets.HTML(), interactive)
        self.set_trait("x", x)
        self.set_trait("derivative", bool(derivative))
        self.set_trait("activations", tuple(chosen))
        widgets.link((self, "activations"), (self.picker, "value"))
        widgets.link((self, "x"), (self.slider, "value"))
        widgets.link((self, "derivative"), (self.slopes_box, "value"))

    @traitlets.validate("activations")
    def _valid_activations(self, proposal):
        labels = tuple(_ALIASES.get(n, n) for n in proposal["value"])
        for label in labels:
            if label not in self._functions:
                raise bad_value("activations", "labels from " + ", ".join(self._functions), label)
        return labels

    @traitlets.validate("x")
    def _valid_x(self, proposal):
        low, high = self.x_range
        if not low <= proposal["value"] <= high:
            raise bad_value("x", f"a number in [{low:g}, {high:g}] (x_range)", proposal["value"])
        return proposal["value"]

    @traitlets.observe("activations", "x", "derivative")
    def _on_change(self, change) -> None:
        self._refresh()

    def _function(self, label: str) -> Callable:
        if self._functions[label] is None:
            self._functions[label] = _resolve_activations([label])[label]
        return self._functions[label]

    def values(self, x: float | None = None) -> dict[str, tuple[float, float]]:
        """``{label: (f(x), slope at x)}`` for the drawn activations (default at ``self.x``)."""
        x = self.x if x is None else float(x)
        out = {}
        for label in self.activations:
            value, slope = _evaluate(self._function(label), [x])
            out[label] = (float(value[0]), float(slope[0]))
        return out

    def figure(self, *, for_widget: bool = False) -> Figure:
        """The matplotlib figure of the current state: curves left, slopes right."""
        panels = 2 if self.derivative else 1
        fig = new_figure(for_widget, (5.2 * panels, 3.6))
        axes = fig.subplots(1, panels, squeeze=False)[0]
        xs = np.linspace(*self.x_range, 401)
        at_x = self.values()
        for label in self.activations:
            values, slopes = _evaluate(self._function(label), xs)
            value, slope = at_x[label]
            color = axes[0].plot(xs, values, label=label)[0].get_color()
            axes[0].plot([self.x], [value], "o", color=color)
            if self.derivative:
                axes[1].plot(xs, slopes, label=label, color=color)
                axes[1].plot([self.x], [slope], "o", color=color)
        for ax, title in zip(axes, ("activation f(x)", "slope f'(x)"), strict=False):
            ax.axhline(0, color="0.6", lw=0.8)
            ax.axvline(0, color="0.6", lw=0.8)
            ax.axvline(self.x, color="0.3", lw=0.8, ls=":")
            ax.set(title=title, xlabel="input x", ylim=(-2.2, 3.2))
            if self.activations:
                ax.legend(loc="upper left", fontsize="small")
        fig.tight_layout()
        return fig

    def _draw(self) -> None:
        super()._draw()
        rows = "".join(
            f"<tr><td>{escape(label)}</td><td>{value:.4f}</td><td>{slope:.4f}</td>"
            f"<td>{escape(ACTIVATIONS.get(label, '?'))}</td></tr>"
            for label, (value, slope) in self.values().items())
        self._status.value = (f"<table><tr><th>activation</th><th>f({self.x:.2f})</th>"
                              f"<th>slope</th><th>output range</th></tr>{rows}</table>")


def activation_explorer(activations: Any = ("relu", "sigmoid", "tanh", "linear"), *,
                        x: float = 1.0, x_range: tuple[float, float] = (-5.0, 5.0),
                        derivative: bool = True,
                        interactive: bool | None = None) -> ActivationExplorer:
    """Draw activation functions and their slopes, with a slider for the input.

    Args:
        activations: names of element-wise Keras activations (``"relu"``,
            ``"sigmoid"``, ``"tanh"``, ``"linear"``, ``"gelu"``, ...; see
            ``ACTIVATIONS``), functions of a tensor such as
            ``lambda t: keras.ops.maximum(t, 0.1 * t)``, or a
            ``{label: function}`` mapping.
        x: the input marked on every curve (the slider's start).
        x_range: ``(low, high)`` of the horizontal axis.
        derivative: also draw each function's slope, the number gradient
            descent multiplies by when it learns.
        interactive: ``True`` shows the live widget, ``False`` a still picture
            of its figure; ``None`` picks the widget where widgets render.

    Returns:
        The `ActivationExplorer` (picker, slider, table of values), whatever
        the front end: ``.figure()`` is its matplotlib figure, ``.save(path)``
        writes it, ``.values()`` gives the numbers.

    Raises:
        ValueError: an unknown or vector-wise activation (such as softmax), a
            bad ``x_range``, or ``x`` outside it.

    Example:
        >>> knb.widgets.activation_explorer(["relu", "gelu"], x=-0.5)
    """
    return ActivationExplorer(activations, x=x, x_range=x_range, derivative=derivative,
                              interactive=wants_widget(interactive))
