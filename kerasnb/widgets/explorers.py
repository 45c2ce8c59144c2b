"""Small explorers for the tutorials: activation functions and the learning rate.

``activation_explorer()`` draws activation functions and their slopes with a
slider for the input; ``learning_rate_explorer()`` trains one tiny Keras model
at several learning rates and draws the loss curves side by side. In a live
front end each returns a widget; headless (nbval, scripts) it returns the
static matplotlib figure the widget would show. The widgets are driven from
Python the same way their controls drive them: set ``explorer.x``,
``explorer.activations`` or ``explorer.learning_rate``, call ``.train(rate)``.

Example:
    >>> import kerasnb as knb
    >>> knb.widgets.activation_explorer(["relu", "tanh"], x=1.5)
    >>> knb.widgets.learning_rate_explorer([0.01, 0.1, 1.0], data="diabetes")
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
import traitlets

from .. import _env
from .._validate import (
    bad_value,
    check_array,
    check_bool,
    check_choice,
    check_int,
    check_limit,
    check_positive_int,
    check_real,
    is_real,
)

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
OPTIMIZERS = ("sgd", "adam", "rmsprop", "adagrad", "nadam", "adamw")


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return buffer.getvalue()


def _new_figure(for_widget: bool, size):
    """A pyplot-free figure for widgets; a closed pyplot figure to return headless.

    A closed pyplot figure still displays once when it is a cell's value, and
    ``plt.show()`` at the end of the cell does not show it a second time.
    """
    if for_widget:
        from matplotlib.figure import Figure

        return Figure(figsize=size)
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=size)
    plt.close(fig)
    return fig


def _error_html(message: str) -> str:
    return f"<span style='color:#b00020'>{escape(message)}</span>"


def _wants_widget(interactive) -> bool:
    if interactive is None:
        return _env.widgets_render()
    if not isinstance(interactive, bool):
        raise bad_value("interactive", "True, False or None", interactive)
    return interactive


class _Explorer(widgets.VBox):
    """A figure shown as a PNG inside a widget, drawn on first display, then kept current."""

    def _init_view(self, controls, status) -> None:
        self._image = widgets.Image(format="png")
        self._status = status
        self._drawn = False
        super().__init__([controls, self._image, status])

    def _draw(self) -> None:
        self._image.value = _png(self.figure(for_widget=True))
        self._drawn = True

    def _refresh(self, force: bool = False) -> None:
        """Redraw after a change once the widget has been shown; errors go to the widget."""
        if not (self._drawn or force):
            return
        try:
            self._draw()
        except Exception as error:  # shown to the user, never swallowed
            self._drawn = True
            self._status.value = _error_html(f"{type(error).__name__}: {error}")

    def _repr_mimebundle_(self, **kwargs):
        self._refresh(force=not self._drawn)
        return super()._repr_mimebundle_(**kwargs)

    def _ipython_display_(self) -> None:
        """The explorer, and a snapshot of its picture for the saved notebook."""
        from ._snapshots import show_explorer

        self._refresh(force=not self._drawn)
        show_explorer(self, self._image)

    def __repr__(self) -> str:
        traits = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._state_traits())
        return f"{type(self).__name__}({traits})"

    def _state_traits(self) -> list[str]:
        """The explorer's own settings (not the box's layout traits), for its repr."""
        own = set(self.class_own_traits()) | {
            name for cls in type(self).__mro__[1:] if issubclass(cls, _Explorer)
            for name in cls.class_own_traits()}
        return sorted(own)

    def figure(self, *, for_widget: bool = False):  # pragma: no cover - overridden
        raise NotImplementedError


# ---------------------------------------------------------------- activations
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


def _real(name: str, value, *, expected: str, **bounds) -> float:
    """``check_real``, with an int too big for a float refused the same way."""
    try:
        return check_real(name, value, expected=expected, **bounds)
    except OverflowError:
        raise bad_value(name, expected, value) from None


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


class ActivationExplorer(_Explorer):
    """Activation functions and their slopes, with a picker and a slider for the input.

    Args:
        activations: the functions drawn at first: names from ``ACTIVATIONS``,
            functions of a tensor, or a ``{label: function}`` mapping. The
            picker also offers every name in ``ACTIVATIONS``.
        x: the input marked on every curve.
        x_range: ``(low, high)`` of the horizontal axis and the slider.
        derivative: also draw the slopes (what gradient descent multiplies by).
    """

    activations = traitlets.Tuple(help="labels of the activations drawn")
    x = traitlets.Float(1.0, help="the input marked on every curve")
    derivative = traitlets.Bool(True, help="also draw the slopes")

    def __init__(self, activations=("relu", "sigmoid", "tanh", "linear"), *, x: float = 1.0,
                 x_range: tuple[float, float] = (-5.0, 5.0), derivative: bool = True):
        chosen = _resolve_activations(activations)
        self._functions: dict[str, Callable | None] = {**chosen}
        for name in ACTIVATIONS:  # resolved from Keras when first picked
            self._functions.setdefault(name, None)
        low, high = _check_range(x_range)
        self.x_range = (low, high)
        x = _real("x", x, low=low, high=high,
                  expected=f"a number in [{low:g}, {high:g}] (x_range)")
        derivative = check_bool("derivative", derivative)
        self.picker = widgets.SelectMultiple(options=list(self._functions), rows=8,
                                             description="activations")
        self.slider = widgets.FloatSlider(min=low, max=high, step=(high - low) / 200,
                                          description="input x")
        self.slopes_box = widgets.Checkbox(description="show slopes (derivatives)")
        self._init_view(widgets.HBox([self.picker, widgets.VBox([self.slider, self.slopes_box])]),
                        widgets.HTML())
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

    def figure(self, *, for_widget: bool = False):
        """The matplotlib figure of the current state: curves left, slopes right."""
        panels = 2 if self.derivative else 1
        fig = _new_figure(for_widget, (5.2 * panels, 3.6))
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


def activation_explorer(activations=("relu", "sigmoid", "tanh", "linear"), *, x: float = 1.0,
                        x_range: tuple[float, float] = (-5.0, 5.0), derivative: bool = True,
                        interactive: bool | None = None):
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
        interactive: ``True`` for the widget, ``False`` for the static figure;
            ``None`` picks the widget where widgets render.

    Returns:
        An ``ActivationExplorer`` widget (picker, slider, table of values) in
        JupyterLab, Notebook 7 and VS Code; otherwise its matplotlib figure.

    Raises:
        ValueError: an unknown or vector-wise activation (such as softmax), a
            bad ``x_range``, or ``x`` outside it.

    Example:
        >>> knb.widgets.activation_explorer(["relu", "gelu"], x=-0.5)
    """
    widget = _wants_widget(interactive)
    explorer = ActivationExplorer(activations, x=x, x_range=x_range, derivative=derivative)
    return explorer if widget else explorer.figure()


# ---------------------------------------------------------------- learning rate
class LearningRateRun(NamedTuple):
    """The training loss at every full-batch step of one run."""

    learning_rate: float
    losses: list[float]
    diverged: bool  # the loss blew up or ended above where it started

    @property
    def final_loss(self) -> float:
        return self.losses[-1]


def _check_rate(name: str, rate) -> float:
    return _real(name, rate, low=0, low_open=True, expected="a positive number")


def _task_of(y: np.ndarray) -> str:
    if np.issubdtype(y.dtype, np.floating) and not np.all(np.mod(y, 1) == 0):
        return "regression"
    return "binary" if len(np.unique(y)) <= 2 else "multiclass"


def _training_data(data):
    """Standardised ``(x, y, task)`` from a data set name or an ``(x, y)`` tuple."""
    from .. import datasets

    if isinstance(data, str):
        usable = [n for n in datasets.names() if datasets.info(n).kind in ("toy", "tabular")]
        if data.lower() not in usable:
            raise bad_value("data", "a toy or tabular data set (" + ", ".join(usable)
                            + ") or a tuple (x, y)", data)
        (x, y), _ = datasets.load(data.lower())
        task = datasets.info(data.lower()).task
    elif isinstance(data, tuple) and len(data) == 2:
        x = check_array("data", data[0], finite="error")
        y = check_array("data", data[1], finite="error")
        if x.ndim != 2 or y.ndim != 1 or len(x) != len(y) or len(x) < 2:
            raise bad_value("data", "a tuple (x, y) with x of shape (samples, features) and y "
                            "of shape (samples,)", f"x.shape={x.shape}, y.shape={y.shape}")
        task = _task_of(y)
        if task != "regression" and (y.min() < 0 or (task == "binary" and y.max() > 1)):
            raise bad_value("data", "class labels 0, 1, ... in y (or float targets for "
                            "regression)", f"y with labels {np.unique(y)[:10].tolist()}")
        if task == "multiclass":  # one output unit per class, up to the largest label
            check_limit("units", "data", int(y.max()) + 1,
                        hint="(The model gets one output per class up to y's largest label.)")
    else:
        raise bad_value("data", "a data set name or a tuple (x, y)", data)
    x = np.asarray(x, dtype="float32")
    x = (x - x.mean(axis=0)) / (x.std(axis=0) + 1e-7)
    if task == "regression":
        y = ((y - y.mean()) / (y.std() + 1e-7)).astype("float32")
    return x, np.asarray(y), task


class LearningRateExplorer(_Explorer):
    """Train one tiny model at several learning rates and compare the loss curves.

    Every run starts from the same initial weights and takes ``steps``
    full-batch gradient steps, so only the learning rate differs. Moving the
    slider trains at the new rate, as the Train button does.

    Args:
        data: a toy or tabular data set name (``"moons"``, ``"iris"``,
            ``"diabetes"``, ...) or a tuple ``(x, y)``; features (and
            regression targets) are standardised.
        optimizer: one of ``OPTIMIZERS``.
        steps: gradient steps per run.
        hidden: units of the model's one hidden layer.
        seed: seed of the initial weights.
    """

    learning_rate = traitlets.Float(0.1, help="the rate the next run uses")

    def __init__(self, data="diabetes", *, optimizer: str = "sgd", steps: int = 60,
                 hidden: int = 16, seed: int = 0):
        self.optimizer = check_choice("optimizer", optimizer, OPTIMIZERS)
        self.steps = check_positive_int("steps", steps)
        hidden = check_positive_int("hidden", hidden)
        check_limit("units", "hidden", hidden)
        seed = check_int("seed", seed, low=0, expected="a non-negative integer")
        self._x, self._y, self.task = _training_data(data)
        self.data = data if isinstance(data, str) else "your data"
        self.runs: dict[float, LearningRateRun] = {}
        self._model, self._loss = self._build(hidden, seed)
        self._initial = self._model.get_weights()
        self.slider = widgets.FloatLogSlider(value=self.learning_rate, base=10, min=-4, max=1,
                                             step=0.25, description="learning rate",
                                             readout_format=".4g", continuous_update=False)
        self.train_button = widgets.Button(description="Train at this rate", icon="play")
        self.clear_button = widgets.Button(description="Clear", icon="trash")
        self._init_view(widgets.HBox([self.slider, self.train_button, self.clear_button]),
                        widgets.HTML())
        widgets.link((self, "learning_rate"), (self.slider, "value"))
        self.train_button.on_click(lambda _: self._safely(self.train, self.learning_rate))
        self.clear_button.on_click(lambda _: self._safely(self.clear))

    def _build(self, hidden: int, seed: int):
        import keras

        outputs, activation, loss = {
            "binary": (1, "sigmoid", "binary_crossentropy"),
            "multiclass": (int(self._y.max()) + 1, "softmax", "sparse_categorical_crossentropy"),
            "regression": (1, "linear", "mse"),
        }[self.task]
        init = keras.initializers.GlorotUniform(seed=seed)
        model = keras.Sequential([
            keras.Input(shape=(self._x.shape[1],)),
            keras.layers.Dense(hidden, activation="tanh", kernel_initializer=init),
            keras.layers.Dense(outputs, activation=activation, kernel_initializer=init),
        ])
        return model, loss

    @traitlets.validate("learning_rate")
    def _valid_rate(self, proposal):
        return _check_rate("learning_rate", proposal["value"])

    @traitlets.observe("learning_rate")
    def _on_rate(self, change) -> None:
        self._safely(self.train, change["new"])

    def train(self, learning_rate: float) -> LearningRateRun:
        """Train from the initial weights at ``learning_rate`` (twin of the Train button)."""
        import keras

        rate = _check_rate("learning_rate", learning_rate)
        optimizer = keras.optimizers.get(
            {"class_name": self.optimizer, "config": {"learning_rate": rate}})
        self._model.compile(optimizer=optimizer, loss=self._loss)
        self._model.set_weights(self._initial)
        losses: list[float] = []
        for _ in range(self.steps):
            losses.append(float(self._model.train_on_batch(self._x, self._y)))
            if not math.isfinite(losses[-1]) or losses[-1] > 1e6:
                break  # blown up: more steps only make NaNs
        last = losses[-1]
        run = LearningRateRun(rate, losses, not math.isfinite(last) or last > 1e6 or last > losses[0])
        self.runs[rate] = run
        self._status.value = escape(
            f"learning rate {rate:g}: loss {losses[0]:.3g} → {losses[-1]:.3g} after "
            f"{len(losses)} steps" + (" (diverged)" if run.diverged else ""))
        self._refresh()
        return run

    def clear(self) -> None:
        """Forget every run (twin of the Clear button)."""
        self.runs.clear()
        self._status.value = ""
        self._refresh()

    def best(self) -> LearningRateRun | None:
        """The run with the lowest final loss, diverged runs excluded."""
        calm = [r for r in self.runs.values() if not r.diverged]
        return min(calm, key=lambda r: r.final_loss) if calm else None

    def figure(self, *, for_widget: bool = False):
        """Loss per step (left) and final loss against the learning rate (right)."""
        import matplotlib

        fig = _new_figure(for_widget, (10.4, 3.8))
        left, right = fig.subplots(1, 2)
        runs = [self.runs[rate] for rate in sorted(self.runs)]
        colors = matplotlib.colormaps["viridis"](np.linspace(0, 0.9, max(len(runs), 1)))
        starts = [r.losses[0] for r in runs if math.isfinite(r.losses[0])]
        ceiling = max(starts + [1.0]) * 10  # blown-up losses are drawn at this height

        def shown(values):
            return np.clip(np.nan_to_num(np.asarray(values, dtype="float64"), nan=ceiling,
                                         posinf=ceiling), 1e-8, ceiling)

        for color, run in zip(colors, runs, strict=False):
            label = f"lr={run.learning_rate:g}" + (" (diverged)" if run.diverged else "")
            left.plot(np.arange(1, len(run.losses) + 1), shown(run.losses), color=color,
                      label=label)
            right.plot([run.learning_rate], shown([run.final_loss]), "x" if run.diverged else "o",
                       color=color, ms=9)
        if runs:
            left.legend(fontsize="small")
            right.plot([r.learning_rate for r in runs], shown([r.final_loss for r in runs]),
                       color="0.6", lw=0.8, zorder=0)
        left.set(yscale="log", xlabel="step (one full-batch update)", ylabel="training loss",
                 title=f"{self.optimizer} on {self.data}: loss per step")
        right.set(xscale="log", yscale="log", xlabel="learning rate",
                  ylabel=f"loss after {self.steps} steps", title="too small ← → too large")
        fig.tight_layout()
        return fig

    def _safely(self, action, *args) -> None:
        try:
            action(*args)
        except Exception as error:  # shown to the user, never swallowed
            self._status.value = _error_html(f"{type(error).__name__}: {error}")


def learning_rate_explorer(learning_rates: Sequence[float] = (0.001, 0.01, 0.1, 1.0), *,
                           data="diabetes", optimizer: str = "sgd", steps: int = 60,
                           hidden: int = 16, seed: int = 0, interactive: bool | None = None):
    """Train one tiny model at several learning rates and show the losses side by side.

    Args:
        learning_rates: the rates trained at once (the widget's slider adds more).
        data: a toy or tabular data set name or a tuple ``(x, y)``.
        optimizer: one of ``OPTIMIZERS``; ``"sgd"`` shows the effect most plainly.
        steps: full-batch gradient steps per run.
        hidden: units of the model's one hidden layer.
        seed: seed of the initial weights, shared by every run.
        interactive: ``True`` for the widget, ``False`` for the static figure;
            ``None`` picks the widget where widgets render.

    Returns:
        A ``LearningRateExplorer`` widget (slider, Train and Clear buttons) in
        JupyterLab, Notebook 7 and VS Code; otherwise its matplotlib figure.

    Raises:
        ValueError: a rate that is not a positive number, an unknown optimizer
            or data set.

    Example:
        >>> knb.widgets.learning_rate_explorer([0.01, 0.1, 1.0], optimizer="sgd")
    """
    if is_real(learning_rates):
        learning_rates = [learning_rates]
    if not isinstance(learning_rates, (Sequence, np.ndarray)) or len(learning_rates) == 0:
        raise bad_value("learning_rates", "a non-empty list of positive numbers", learning_rates)
    rates = [_check_rate("learning_rates", rate) for rate in learning_rates]
    widget = _wants_widget(interactive)
    explorer = LearningRateExplorer(data, optimizer=optimizer, steps=steps, hidden=hidden,
                                    seed=seed)
    for rate in rates:
        explorer.train(rate)
    return explorer if widget else explorer.figure()
