"""``confusion_matrix``: which classes the model mixes up, and the examples behind each cell.

The live view is a plotly heatmap: clicking a cell shows that cell's examples
below it. ``ConfusionMatrix.select(true, pred)`` is the click's Python twin.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from .._validate import check_choice, is_int
from ._compat import old_spellings
from ._display import (
    View,
    escape,
    figure_png,
    mpl_text,
    new_figure,
    png_widget,
    save_text,
    use_widgets,
)
from ._inputs import as_array, check_model, images, is_image_shape, labels, model_x, names_for
from ._predict import predict, refuse_nan_predictions
from .images import draw_grid

MAX_EXAMPLES = 24


class Examples(View):
    """The samples behind one cell: a picture for images, a table otherwise.

    Attributes:
        indices: their positions in ``x``.
    """

    kind = "example set"

    def __init__(self, caption: str, indices: np.ndarray, figure=None, rows=None) -> None:
        super().__init__(figure=figure)
        self.caption, self.indices, self._rows = caption, indices, rows

    def __repr__(self) -> str:
        return f"<Examples: {self.caption}>"

    def html(self) -> str:
        """The caption, and a table of the samples when they are not images."""
        head = f"<b>{escape(self.caption)}</b>"
        if self._rows is None or not len(self.indices):
            return head
        cells = "".join(f"<tr><td>#{i}</td><td>{escape(r)}</td></tr>"
                        for i, r in zip(self.indices, self._rows, strict=True))
        return f"{head}<table>{cells}</table>"

    def _repr_html_(self) -> str | None:
        return None if self.figure is not None else self.html()

    def save(self, path: str | os.PathLike) -> Path:
        """Write the examples: .png/.svg/.pdf for images, else .html or .txt.

        Returns:
            The ``pathlib.Path`` written.
        """
        if self.figure is not None:
            return super().save(path)
        return save_text(self, path, self.kind)


class ConfusionMatrix(View):
    """What ``confusion_matrix`` returns.

    Attributes:
        matrix: rows are true classes, columns predicted ones (counts or rates).
        counts: the counts, whatever ``normalize`` was.
        class_names: the names on both axes.
        accuracy: the share of samples on the diagonal.
        examples: the live box that shows a clicked cell's samples (interactive only).
    """

    kind = "confusion matrix"

    def __init__(self, x, truth, predicted, names, normalize, interactive) -> None:
        super().__init__()
        k = len(names)
        self._x, self._truth, self._predicted = x, truth, predicted
        self.class_names, self.normalize = names, normalize
        self.counts = np.zeros((k, k), dtype=np.int64)
        np.add.at(self.counts, (truth, predicted), 1)
        self.matrix = _normalised(self.counts, normalize)
        self.accuracy = float(np.trace(self.counts) / max(self.counts.sum(), 1))
        self.plotly_figure = None
        if interactive:
            self.widget = self._build_widget()
        else:
            self.figure = self._draw()

    def __repr__(self) -> str:
        return (f"<ConfusionMatrix: {len(self.class_names)} classes, {self.counts.sum()} samples, "
                f"accuracy {self.accuracy:.1%}>")

    def _label(self, value: float) -> str:
        return f"{value:d}" if self.normalize is None else f"{value:.2f}"

    def _draw(self):
        k = len(self.class_names)
        size = min(1.2 + 0.55 * k, 12.0)
        figure = new_figure(size + 1.2, size)
        ax = figure.subplots()
        image = ax.imshow(self.matrix, cmap="Blues", vmin=0)
        names = [mpl_text(n) for n in self.class_names]
        ax.set_xticks(range(k), names, rotation=45 if k > 6 else 0, ha="right" if k > 6 else "center")
        ax.set_yticks(range(k), names)
        ax.set(xlabel="predicted", ylabel="true")
        top = float(self.matrix.max()) or 1.0
        if k <= 20:
            for (i, j), value in np.ndenumerate(self.matrix):
                ax.text(j, i, self._label(value), ha="center", va="center", fontsize=8,
                        color="white" if value > 0.6 * top else "#222")
        figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
        ax.set_title(f"accuracy {self.accuracy:.1%}", fontsize=10)
        return figure

    def _build_widget(self):
        import ipywidgets as widgets
        import plotly.graph_objects as go

        k = len(self.class_names)
        names = [escape(n) for n in self.class_names]
        text = [[self._label(v) for v in row] for row in self.matrix]
        custom = [[[names[i], names[j], int(self.counts[i, j])] for j in range(k)]
                  for i in range(k)]
        heatmap = go.Heatmap(
            z=self.matrix, x=list(range(k)), y=list(range(k)), colorscale="Blues",
            text=text, texttemplate="%{text}" if k <= 20 else None, customdata=custom,
            hovertemplate="true %{customdata[0]}<br>predicted %{customdata[1]}<br>"
                          "%{customdata[2]} samples<extra></extra>")
        side = min(140 + 42 * k, 900)
        self.plotly_figure = go.FigureWidget(data=[heatmap])
        self.plotly_figure.update_layout(
            width=side + 120, height=side, margin={"l": 90, "b": 90, "t": 50, "r": 20},
            title={"text": f"accuracy {self.accuracy:.1%}", "x": 0.02, "xanchor": "left"},
            xaxis={"title": "predicted", "tickvals": list(range(k)), "ticktext": names},
            yaxis={"title": "true", "tickvals": list(range(k)), "ticktext": names,
                   "autorange": "reversed"})
        self.plotly_figure.data[0].on_click(self._on_click)
        self.examples = widgets.VBox()
        self.examples.add_class("kerasnb-cm-examples")
        self.error = widgets.HTML()
        frame = widgets.Box([self.plotly_figure])
        frame.add_class("kerasnb-cm")
        hint = widgets.HTML("<i>Click a cell to see its samples below.</i>")
        return widgets.VBox([frame, hint, self.error, self.examples])

    def _on_click(self, trace, points, state) -> None:
        if not points.xs:  # plotly calls every trace's handler, with no points for the others
            return
        from ..widgets._guard import run_guarded

        run_guarded(self._show_error, self.select, int(points.ys[0]), int(points.xs[0]))

    def _show_error(self, text: str | None) -> None:
        self.error.value = "" if text is None else f'<span style="color:#b00">{escape(text)}</span>'

    def _class(self, name: str, value: Any) -> int:
        if is_int(value) and 0 <= value < len(self.class_names):
            return int(value)
        if isinstance(value, str) and value in self.class_names:
            return self.class_names.index(value)
        raise ValueError(f"`{name}` must be a class index below {len(self.class_names)} or one "
                         f"of {', '.join(map(repr, self.class_names))}. Received: {name}={value!r}")

    def select(self, true_class: Any, pred_class: Any) -> Examples:
        """The samples of class ``true_class`` predicted as ``pred_class`` (a cell's click twin).

        In the live view they also appear below the matrix.
        """
        t, p = self._class("true_class", true_class), self._class("pred_class", pred_class)
        indices = np.flatnonzero((self._truth == t) & (self._predicted == p))
        shown = indices[:MAX_EXAMPLES]
        caption = (f"{len(indices)} samples of class {self.class_names[t]} predicted as "
                   f"{self.class_names[p]}" + (f", first {len(shown)}" if len(shown) <
                                                len(indices) else ""))
        if is_image_shape(self._x.shape[1:]) and len(shown):
            figure = draw_grid(images("x", self._x[shown]), [f"#{i}" for i in shown], cols=12,
                               cell=0.9)
            result = Examples(caption, shown, figure=figure)
        else:
            rows = [np.array2string(self._x[i].reshape(-1)[:12], precision=3, separator=", ")
                    for i in shown]
            result = Examples(caption, shown, rows=rows)
        if self.widget is not None:
            self._show_examples(result)
        return result

    def _show_examples(self, result: Examples) -> None:
        import ipywidgets as widgets

        children = [widgets.HTML(result.html())]
        if result.figure is not None:
            children.append(png_widget(figure_png(result.figure)))
        self.examples.children = children


def _normalised(counts: np.ndarray, normalize: str | None) -> np.ndarray:
    if normalize is None:
        return counts
    axis = {"true": 1, "pred": 0, "all": None}[normalize]
    total = counts.sum(axis=axis, keepdims=axis is not None).astype(np.float64)
    return np.divide(counts, total, out=np.zeros(counts.shape), where=total > 0)


@old_spellings(positional=3, moved=("class_names", "normalize"))
def confusion_matrix(model, x: Any, y: Any, *, class_names: Any = None,
                     normalize: str | None = None,
                     interactive: bool | None = None) -> ConfusionMatrix:
    """Count how often each true class is predicted as each class.

    Args:
        model: a classifier (one input, one output of class scores or a
            sigmoid unit).
        x: input samples.
        y: their true labels (class indices or one-hot rows).
        class_names: names for both axes.
        normalize: None for counts, "true" for rates per true class (rows sum
            to 1), "pred" per predicted class (columns), "all" over everything.
        interactive: True for a live heatmap where clicking a cell shows its
            samples, False for a static figure; None picks by front end.

    Returns:
        A ``ConfusionMatrix``: ``.matrix`` as a NumPy array, ``.select(true,
        pred)`` for the samples behind a cell.

    Raises:
        ValueError: ``x`` does not fit the model, ``y`` does not match it, the
            model is a regressor, or ``normalize`` is not a known choice.

    Example:
        >>> cm = knb.confusion_matrix(model, x_test, y_test, normalize="true")  # doctest: +SKIP
        >>> cm.select(true_class=4, pred_class=9)                               # doctest: +SKIP
    """
    check_model(model)
    array = model_x(model, x, finite="error", view="confusion_matrix")  # NaN: no fake accuracy
    check_choice("normalize", normalize, (None, "true", "pred", "all"))
    truth = labels("y", y, len(array))
    result = predict(model, array, truth)
    refuse_nan_predictions(model, result)
    if result.task != "classification":
        raise ValueError(f"`model` must be a classifier (class scores or one sigmoid unit). "
                         f"Received: model {model.name!r} with one linear output (a regressor); "
                         f"show_predictions plots regression results")
    k = max(result.num_classes, int(truth.max(initial=0)) + 1)
    names = names_for(class_names, k)[:k]
    return ConfusionMatrix(as_array("x", array), truth, result.predicted, names, normalize,
                           use_widgets(interactive))
