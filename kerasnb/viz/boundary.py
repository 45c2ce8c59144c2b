"""``decision_boundary``: a 2-D classifier's answer over the whole plane.

The model is run on a grid covering the data; the background is shaded by the
class probabilities and the samples are drawn on top, coloured by class.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validate import check_limit, check_positive_int, check_real
from ._display import View, escape, mpl_text, new_figure, use_widgets
from ._inputs import as_array, check_model, labels, model_x, names_for
from ._predict import interpret, raw_outputs, refuse_nan_predictions

PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b",
           "#9d755d", "#ff9da6", "#bab0ac")


def _rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i: i + 2], 16) / 255.0 for i in (1, 3, 5)])


def _colours(k: int) -> list[str]:
    return [PALETTE[i % len(PALETTE)] for i in range(k)]


class DecisionBoundary(View):
    """What ``decision_boundary`` returns.

    Attributes:
        xs, ys: the grid's coordinates along each axis.
        probs: class probabilities on the grid, shape (len(ys), len(xs), classes).
        class_names: the classes, in colour order.
        accuracy: the share of the samples the model gets right.
        plotly_figure: the plotly ``FigureWidget`` (interactive views only).
    """

    kind = "decision boundary"

    def __init__(self, x, truth, xs, ys, probs, names, accuracy, interactive) -> None:
        super().__init__()
        self.xs, self.ys, self.probs = xs, ys, probs
        self.class_names, self.accuracy = names, accuracy
        self._x, self._truth = x, truth
        self.plotly_figure = None
        if interactive:
            self.plotly_figure = self._plotly()
            self.widget = self.plotly_figure
        else:
            self.figure = self._matplotlib()

    def __repr__(self) -> str:
        return (f"<DecisionBoundary: {len(self.class_names)} classes, {len(self._x)} samples, "
                f"accuracy {self.accuracy:.1%}>")

    def _shade(self) -> np.ndarray:
        """An RGB image: class colours mixed by probability, lightened towards white."""
        colours = np.stack([_rgb(c) for c in _colours(len(self.class_names))])
        mixed = self.probs @ colours
        return 0.45 * mixed + 0.55

    def _matplotlib(self):
        figure = new_figure(6.0, 5.0)
        ax = figure.subplots()
        extent = (self.xs[0], self.xs[-1], self.ys[0], self.ys[-1])
        ax.imshow(self._shade(), origin="lower", extent=extent, aspect="auto",
                  interpolation="bilinear")
        k = len(self.class_names)
        for c in [1] if k == 2 else range(k):  # where class c stops being the top class
            others = np.delete(self.probs, c, axis=-1).max(axis=-1)
            margin = self.probs[..., c] - others
            if margin.min() < 0 < margin.max():
                ax.contour(self.xs, self.ys, margin, levels=[0.0], colors="#555",
                           linewidths=0.9)
        for i, (name, colour) in enumerate(zip(self.class_names, _colours(len(self.class_names)), strict=True)):
            points = self._x[self._truth == i]
            ax.scatter(points[:, 0], points[:, 1], s=18, color=colour, edgecolors="white",
                       linewidths=0.6, label=mpl_text(name))
        ax.set(xlim=extent[:2], ylim=extent[2:], xlabel="x1", ylabel="x2")
        ax.legend(loc="best", fontsize=8, framealpha=0.8)
        ax.set_title(f"accuracy {self.accuracy:.1%}", fontsize=10)
        return figure

    def _plotly(self):
        import plotly.graph_objects as go

        k = len(self.class_names)
        names = [escape(n) for n in self.class_names]
        figure = go.FigureWidget()
        if k == 2:
            figure.add_contour(x=self.xs, y=self.ys, z=self.probs[..., 1], zmin=0, zmax=1,
                               colorscale=[[0, "#a6c3e0"], [0.5, "#ffffff"], [1, "#f9c08f"]],
                               contours={"start": 0, "end": 1, "size": 0.1},
                               colorbar={"title": {"text": f"P({names[1]})"}},
                               hovertemplate="x1 %{x:.3g}<br>x2 %{y:.3g}<br>"
                                             "P = %{z:.2f}<extra></extra>")
        else:
            step = 1.0 / k
            scale = []
            for i, colour in enumerate(_colours(k)):
                scale += [[i * step, colour], [(i + 1) * step, colour]]
            figure.add_heatmap(x=self.xs, y=self.ys, z=self.probs.argmax(axis=-1), zmin=-0.5,
                               zmax=k - 0.5, colorscale=scale, opacity=0.35, showscale=False,
                               customdata=self.probs.max(axis=-1),
                               hovertemplate="x1 %{x:.3g}<br>x2 %{y:.3g}<br>"
                                             "P = %{customdata:.2f}<extra></extra>")
        for i, (name, colour) in enumerate(zip(names, _colours(k), strict=True)):
            points = self._x[self._truth == i]
            figure.add_scatter(x=points[:, 0], y=points[:, 1], mode="markers", name=name,
                               marker={"color": colour, "size": 7,
                                       "line": {"color": "white", "width": 0.8}})
        figure.update_layout(width=620, height=520, template="plotly_white",
                             title={"text": f"accuracy {self.accuracy:.1%}", "x": 0.02,
                                    "xanchor": "left"},
                             xaxis={"title": "x1", "range": [self.xs[0], self.xs[-1]]},
                             yaxis={"title": "x2", "range": [self.ys[0], self.ys[-1]]})
        return figure


def decision_boundary(model, x: Any, y: Any, *, class_names: Any = None, resolution: int = 150,
                      padding: float = 0.1, interactive: bool | None = None) -> DecisionBoundary:
    """Shade the plane by what a 2-D classifier predicts, with the samples on top.

    Binary and multiclass: the background mixes the class colours by
    probability, lines mark where the predicted class changes.

    Args:
        model: a classifier over two input features.
        x: samples with two features, shape (n, 2).
        y: their labels (class indices or one-hot rows).
        class_names: names for the legend.
        resolution: grid points along each axis.
        padding: margin around the data, as a share of its range.
        interactive: True for a live plotly figure, False for a static one;
            None picks by front end.

    Returns:
        A ``DecisionBoundary`` with the grid's ``.probs``.

    Raises:
        ValueError: ``x`` does not have two features, does not fit the model,
            or ``y`` does not match it.

    Example:
        >>> (x, y), _ = knb.datasets.load("moons")        # doctest: +SKIP
        >>> knb.decision_boundary(model, x, y)            # doctest: +SKIP
    """
    check_model(model)
    array = as_array("x", x, allow_empty=False, finite="error")
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(f"`x` must have two features per sample, shape (n, 2), to draw a "
                         f"decision boundary. Received: x with shape {array.shape}")
    array = model_x(model, array, finite="error", view="decision_boundary")
    resolution = check_positive_int("resolution", resolution)
    check_limit("resolution", "resolution", resolution)
    padding = check_real("padding", padding, low=0.0, high=10.0, high_open=True)
    truth = labels("y", y, len(array))
    low, high = array.min(axis=0), array.max(axis=0)
    pad = padding * np.where(high > low, high - low, 1.0)
    xs = np.linspace(low[0] - pad[0], high[0] + pad[0], resolution)
    ys = np.linspace(low[1] - pad[1], high[1] + pad[1], resolution)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2).astype(np.float32)
    points = interpret(model, raw_outputs(model, array), truth)
    refuse_nan_predictions(model, points)
    if points.task != "classification":
        raise ValueError(f"`model` must be a classifier (class scores or one sigmoid unit). "
                         f"Received: model {model.name!r} with one linear output (a regressor)")
    probs = interpret(model, raw_outputs(model, grid, batch_size=4096), truth,
                      "classification").probs
    k = max(probs.shape[1], int(truth.max(initial=0)) + 1)
    if probs.shape[1] < k:
        probs = np.pad(probs, ((0, 0), (0, k - probs.shape[1])))
    names = names_for(class_names, k)[:k]
    accuracy = float(np.mean(points.probs.argmax(axis=1) == truth))
    return DecisionBoundary(array, truth, xs, ys, probs.reshape(resolution, resolution, -1),
                            names, accuracy, use_widgets(interactive))
