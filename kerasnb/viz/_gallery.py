"""The image gallery of ``show_predictions``: each image, its labels and top-k bars."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._display import View, mpl_text, new_figure

RIGHT, WRONG, OTHER = "#2e7d32", "#c62828", "#b0b7c3"


class PredictionGallery(View):
    """Images with true and predicted labels and the top probabilities (static).

    Attributes:
        indices: which samples of ``x`` are shown.
        wrong: for each shown sample, True when the prediction is a mistake
            (all False when no ``y`` was given).
        panels: how many images are drawn.
    """

    kind = "prediction gallery"

    def __init__(self, figure, indices: np.ndarray, wrong: np.ndarray) -> None:
        super().__init__(figure=figure)
        self.indices = indices
        self.wrong = wrong
        self.panels = len(indices)

    def __repr__(self) -> str:
        return (f"<PredictionGallery: {self.panels} images, "
                f"{int(self.wrong.sum())} mistakes shown>")


def draw_gallery(pictures: np.ndarray, probs: np.ndarray, truth: np.ndarray | None,
                 names: list[str], n_top: int, cols: int = 8) -> Any:
    """``pictures`` and ``probs`` hold only the samples to show, in order."""
    n = len(pictures)
    cols = max(1, min(cols, n))
    rows = -(-n // cols)
    figure = new_figure(1.45 * cols, 2.35 * rows)
    grid = figure.add_gridspec(2 * rows, cols, height_ratios=[3, 1.2] * rows)
    k = min(n_top, probs.shape[1])
    for i in range(n):
        r, c = divmod(i, cols)
        ax = figure.add_subplot(grid[2 * r, c])
        picture = pictures[i]
        ax.imshow(picture, cmap="gray" if picture.ndim == 2 else None, vmin=0.0, vmax=1.0,
                  interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        pred = int(probs[i].argmax())
        wrong = truth is not None and truth[i] != pred
        colour = WRONG if wrong else (RIGHT if truth is not None else "#222")
        title = f"pred {names[pred]}" if truth is None else \
            f"true {names[truth[i]]}\npred {names[pred]}"
        ax.set_title(mpl_text(title), fontsize=8, color=colour)
        for side in ax.spines.values():
            side.set_color(colour if wrong else "#ccc")
            side.set_linewidth(3 if wrong else 0.8)
        bars = figure.add_subplot(grid[2 * r + 1, c])
        order = np.argsort(probs[i])[::-1][:k]
        colours = [(WRONG if wrong else RIGHT) if j == pred else
                   (RIGHT if truth is not None and j == truth[i] else OTHER) for j in order]
        bars.barh(np.arange(k), probs[i][order], color=colours, height=0.8)
        bars.set_xlim(0.0, 1.0)
        bars.set_ylim(k - 0.5, -0.5)
        bars.set_axis_off()
        for j, (cls, p) in enumerate(zip(order, probs[i][order], strict=True)):
            label = f"{mpl_text(names[cls])[:12]} {p:.0%}"
            inside = p > 0.55
            bars.text(0.03 if inside else p + 0.03, j, label, va="center", fontsize=6.5,
                      color="white" if inside else "#333")
    return figure
