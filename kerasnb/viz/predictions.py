"""``show_predictions``: what the model answers, sample by sample.

Images get a gallery (``_gallery``), other inputs a table of the top classes,
and regression models a predicted-vs-actual plot (``_regression``).
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from .._repr import ShowsItself
from .._validate import check_bool, check_positive_int
from ._compat import old_spellings
from ._display import escape, save_text, scoped_css, use_widgets
from ._gallery import PredictionGallery, draw_gallery
from ._inputs import as_array, check_model, images, is_image_shape, labels, model_x, names_for
from ._predict import predict
from ._regression import RegressionPlot
from .images import fitting


class PredictionTable(ShowsItself):
    """Top classes for tabular samples, mistakes highlighted (HTML, with a text fallback).

    Attributes:
        indices: which samples of ``x`` are shown.
        rows: per sample (index, true name or None, [(class name, probability), ...]).
        wrong: for each shown sample, True when the prediction is a mistake.
    """

    kind = "prediction table"

    def __init__(self, indices, truth, probs, names, n_top) -> None:
        self.indices = indices
        self.rows = []
        for i, index in enumerate(indices):
            order = np.argsort(probs[i])[::-1][:n_top]
            true = None if truth is None else names[truth[i]]
            self.rows.append((int(index), true, [(names[j], float(probs[i][j])) for j in order]))
        self.wrong = np.array([t is not None and t != top[0][0] for _, t, top in self.rows],
                              dtype=bool)

    def __repr__(self) -> str:
        return self._repr_text()

    def save(self, path: str | os.PathLike) -> Path:
        """Write the table to ``path``: .html (the notebook's table) or .txt (the text).

        Returns:
            The ``pathlib.Path`` written.
        """
        return save_text(self, path, self.kind)

    def _repr_text(self) -> str:
        lines = [f"PredictionTable: {len(self.rows)} samples, {int(self.wrong.sum())} mistakes"]
        for (index, true, top), wrong in zip(self.rows, self.wrong, strict=True):
            guesses = ", ".join(f"{name} {p:.0%}" for name, p in top)
            mark = "  <- wrong" if wrong else ""
            head = f"#{index}" + (f" true {true}" if true is not None else "")
            lines.append(f"{head}: {guesses}{mark}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        scope, css = scoped_css()
        has_truth = any(t is not None for _, t, _ in self.rows)
        head = "<th>sample</th>" + ("<th>true</th>" if has_truth else "") + \
            "<th>predicted</th><th>top classes</th>"
        body = []
        for (index, true, top), wrong in zip(self.rows, self.wrong, strict=True):
            bars = "<br>".join(
                f'<span class="kerasnb-bar" style="width:{60 * p:.0f}px"></span>'
                f"{escape(name)} {p:.0%}" for name, p in top)
            cells = f'<td class="num">{index}</td>'
            cells += f"<td>{escape(true)}</td>" if has_truth else ""
            cells += f"<td><b>{escape(top[0][0])}</b></td><td>{bars}</td>"
            body.append(f'<tr class="{"wrong" if wrong else ""}">{cells}</tr>')
        return (f'{css}<div id="{scope}" class="kerasnb-predictions"><table><thead><tr>{head}'
                f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>")


def _targets(y: Any, n: int) -> np.ndarray:
    values = as_array("y", y).astype(np.float32)
    values = values.reshape(len(values), -1) if values.ndim > 1 else values[:, None]
    if len(values) != n or values.shape[1] != 1:
        raise ValueError(f"`y` must hold one target value per sample ({n}). "
                         f"Received: y with shape {np.shape(y)}")
    return values[:, 0]


@old_spellings(positional=3, moved=("class_names", "n", "only_errors"), top_k="n_top")
def show_predictions(model, x: Any, y: Any = None, *, class_names: Any = None, n: int = 16,
                     only_errors: bool = False, n_top: int = 3, task: str | None = None,
                     interactive: bool | None = None
                     ) -> PredictionGallery | PredictionTable | RegressionPlot:
    """Show what the model predicts for some samples, and where it is wrong.

    Classifiers over images get a gallery: each image with its true and
    predicted label and bars for the top classes, mistakes in red. Classifiers
    over other inputs get a table of the top classes. Regression models get
    predicted against actual values with the identity line, and the residuals.

    Args:
        model: a ``keras.Model`` with one input and one output.
        x: input samples.
        y: true labels (class indices or one-hot rows) or target values.
        class_names: names for the class indices.
        n: at most this many samples (all samples for the regression plot
            unless ``only_errors``).
        only_errors: show only mistakes (classification) or the ``n`` largest
            errors (regression); needs ``y``.
        n_top: how many of the most likely classes to list per sample (formerly
            ``top_k``).
        task: "classification" or "regression"; default guessed from the
            model's output and ``y``.
        interactive: for the regression plot, True for a live plotly figure,
            False for a static one; None picks by front end.

    Returns:
        A ``PredictionGallery``, a ``PredictionTable`` or a ``RegressionPlot``.

    Raises:
        ValueError: ``x`` does not fit the model, ``y`` does not match ``x``,
            ``only_errors`` or a regression plot without ``y``.

    Example:
        >>> knb.show_predictions(model, x_test, y_test, only_errors=True)  # doctest: +SKIP
    """
    check_model(model)
    array = model_x(model, x, view="show_predictions")
    n = check_positive_int("n", n)
    n_top = check_positive_int("n_top", n_top)
    only_errors = check_bool("only_errors", only_errors)
    if only_errors and y is None:
        raise ValueError("`y` is needed to find mistakes. Received: y=None with only_errors=True")
    result = predict(model, array, y, task)
    if result.task == "regression":
        if y is None:
            raise ValueError("`y` is needed to plot predicted against actual values for a "
                             "regression model. Received: y=None")
        actual = _targets(y, len(array))
        indices = np.arange(len(array))
        usable = np.isfinite(actual) & np.isfinite(result.values)
        if not usable.all():
            left = int((~usable).sum())
            if not usable.any():
                raise ValueError(f"`y` and the predictions hold no pair of finite values to plot "
                                 f"({left} of {len(usable)} have NaN or inf). Received: y with "
                                 f"{int((~np.isfinite(actual)).sum())} NaN or inf values")
            warnings.warn(f"{left} of {len(usable)} samples have a NaN or infinite target "
                          "(`y`) or prediction; they are left out of the plot.", UserWarning,
                          stacklevel=2)
            indices = indices[usable]
        if only_errors:
            errors = np.abs(result.values[indices] - actual[indices])
            indices = indices[np.argsort(-errors, kind="stable")[:n]]
        return RegressionPlot(actual[indices], result.values[indices], indices,
                              use_widgets(interactive))
    probs = result.probs
    truth = None if y is None else labels("y", y, len(array))
    names = names_for(class_names, max(probs.shape[1], 1 + int(truth.max(initial=0))
                                       if truth is not None else 0))
    indices = np.arange(len(array))
    if only_errors:
        indices = indices[probs.argmax(axis=1) != truth]
    indices = indices[:n]
    shown_truth = None if truth is None else truth[indices]
    if not is_image_shape(array.shape[1:]):
        return PredictionTable(indices, shown_truth, probs[indices], names, n_top)
    wrong = np.zeros(len(indices), dtype=bool) if truth is None else \
        probs[indices].argmax(axis=1) != shown_truth
    if not len(indices):
        figure = _nothing_to_show()
    elif len(indices) > (most := fitting(len(indices), 8, 1.45, 2.35)[1]):
        indices, wrong = indices[:most], wrong[:most]  # the picture's size limit
        figure = draw_gallery(images("x", array[indices]), probs[indices],
                              None if truth is None else truth[indices], names, n_top)
    else:
        pictures = images("x", array[indices])
        figure = draw_gallery(pictures, probs[indices], shown_truth, names, n_top)
    return PredictionGallery(figure, indices, wrong)


def _nothing_to_show():
    from ._display import new_figure

    figure = new_figure(4.0, 1.0)
    ax = figure.subplots()
    ax.set_axis_off()
    ax.text(0.5, 0.5, "no mistakes to show", ha="center", va="center", fontsize=11)
    return figure
