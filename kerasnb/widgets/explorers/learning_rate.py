"""The learning-rate explorer: one tiny Keras model trained at several rates, side by side.

``learning_rate_explorer()`` returns a `LearningRateExplorer` (see
`explorers.base` for what it shows where); ``explorer.train(rate)``,
``explorer.clear()`` and ``explorer.learning_rate = ...`` are the twins of its
Train button, Clear button and slider.

Example:
    >>> import kerasnb as knb
    >>> knb.widgets.learning_rate_explorer([0.01, 0.1, 1.0], data="diabetes")
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Any, NamedTuple

import ipywidgets as widgets
import numpy as np
import traitlets

from ..._validate import (
    bad_value,
    check_array,
    check_choice,
    check_int,
    check_limit,
    check_positive_int,
    is_real,
)
from .base import Explorer, new_figure, real, wants_widget

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

OPTIMIZERS = ("sgd", "adam", "rmsprop", "adagrad", "nadam", "adamw")


class LearningRateRun(NamedTuple):
    """The training loss at every full-batch step of one run."""

    learning_rate: float
    losses: list[float]
    diverged: bool  # the loss blew up or ended above where it started

    @property
    def final_loss(self) -> float:
        return self.losses[-1]


def _check_rate(name: str, rate) -> float:
    return real(name, rate, low=0, low_open=True, expected="a positive number")


def _task_of(y: np.ndarray) -> str:
    if np.issubdtype(y.dtype, np.floating) and not np.all(np.mod(y, 1) == 0):
        return "regression"
    return "binary" if len(np.unique(y)) <= 2 else "multiclass"


def _training_data(data):
    """Standardised ``(x, y, task)`` from a data set name or an ``(x, y)`` tuple."""
    from ... import datasets

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


class LearningRateExplorer(Explorer):
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
        interactive: show the live widget (True), a still picture (False), or
            the widget where widgets render (None).
    """

    learning_rate = traitlets.Float(0.1, help="the rate the next run uses")

    def __init__(self, data: Any = "diabetes", *, optimizer: str = "sgd", steps: int = 60,
                 hidden: int = 16, seed: int = 0, interactive: bool | None = None) -> None:
        interactive = wants_widget(interactive)
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
                        widgets.HTML(), interactive)
        widgets.link((self, "learning_rate"), (self.slider, "value"))
        self.train_button.on_click(lambda _: self._guarded(self.train, self.learning_rate))
        self.clear_button.on_click(lambda _: self._guarded(self.clear))

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
        self._guarded(self.train, change["new"])

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

    def figure(self, *, for_widget: bool = False) -> Figure:
        """Loss per step (left) and final loss against the learning rate (right)."""
        import matplotlib

        fig = new_figure(for_widget, (10.4, 3.8))
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



def learning_rate_explorer(learning_rates: Sequence[float] = (0.001, 0.01, 0.1, 1.0), *,
                           data: Any = "diabetes", optimizer: str = "sgd", steps: int = 60,
                           hidden: int = 16, seed: int = 0,
                           interactive: bool | None = None) -> LearningRateExplorer:
    """Train one tiny model at several learning rates and show the losses side by side.

    Args:
        learning_rates: the rates trained at once (the widget's slider adds more).
        data: a toy or tabular data set name or a tuple ``(x, y)``.
        optimizer: one of ``OPTIMIZERS``; ``"sgd"`` shows the effect most plainly.
        steps: full-batch gradient steps per run.
        hidden: units of the model's one hidden layer.
        seed: seed of the initial weights, shared by every run.
        interactive: ``True`` shows the live widget, ``False`` a still picture
            of its figure; ``None`` picks the widget where widgets render.

    Returns:
        The `LearningRateExplorer` (slider, Train and Clear buttons), whatever
        the front end, with every rate trained: ``.runs`` holds the losses,
        ``.best()`` the best run, ``.figure()`` the matplotlib figure and
        ``.save(path)`` writes it.

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
    explorer = LearningRateExplorer(data, optimizer=optimizer, steps=steps, hidden=hidden,
                                    seed=seed, interactive=wants_widget(interactive))
    for rate in rates:
        explorer.train(rate)
    return explorer
