"""``show_images``: a grid of sample images with their labels."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validate import LIMITS, check_positive_int
from ._compat import old_spellings
from ._display import View, grid_shape, mpl_text, new_figure
from ._inputs import as_array, images, labels, names_for

MAX_DEFAULT = 64


class ImageGrid(View):
    """A static grid of images (what ``show_images`` returns).

    Attributes:
        indices: which samples of ``x`` are shown.
        titles: the caption under each image.
        panels: how many images are drawn.
    """

    kind = "image grid"

    def __init__(self, figure, indices: np.ndarray, titles: list[str], total: int) -> None:
        super().__init__(figure=figure)
        self.indices = indices
        self.titles = titles
        self.panels = len(indices)
        self.total = total

    def __repr__(self) -> str:
        return f"<ImageGrid: {self.panels} of {self.total} images>"


def captions(y: Any, class_names: Any, n: int) -> list[str]:
    """One caption per sample: a class name for labels, a number for other targets."""
    if y is None:
        return [""] * n
    values = as_array("y", y)
    try:
        classes = labels("y", values, n)
    except ValueError:
        flat = values.reshape(n, -1) if len(values) == n else None
        if flat is None or flat.shape[1] != 1:
            raise ValueError(f"`y` must hold one label or value per image ({n}). "
                             f"Received: y with shape {values.shape}") from None
        return [f"{v:.3g}" for v in flat[:, 0]]
    names = names_for(class_names, int(classes.max(initial=0)) + 1)
    return [names[c] for c in classes]


def fitting(n: int, cols: int, cell_w: float, cell_h: float) -> tuple[int, int]:
    """(columns, how many of ``n`` panels) so the picture stays within LIMITS["pixels"]."""
    side = LIMITS["pixels"] / 100 - 0.3  # inches at the 100 dpi pictures are stored with
    cols = max(1, min(cols, int(side // cell_w)))
    return cols, min(n, cols * max(1, int(side // cell_h)))


def draw_grid(pictures: np.ndarray, titles: list[str], *, cols: int | None = None,
              colours: list[str] | None = None, cell: float = 1.25) -> Any:
    """A matplotlib figure with one small image per panel and its title."""
    cols, fits = fitting(len(pictures), cols or 10, cell, cell + 0.25)
    pictures, titles = pictures[:fits], titles[:fits]
    rows, cols = grid_shape(len(pictures), cols)
    figure = new_figure(cols * cell, rows * (cell + (0.25 if any(titles) else 0.0)))
    axes = figure.subplots(rows, cols, squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if i >= len(pictures):
            continue
        picture = pictures[i]
        ax.imshow(picture, cmap="gray" if picture.ndim == 2 else None, vmin=0.0, vmax=1.0,
                  interpolation="nearest")
        if titles[i]:
            ax.set_title(mpl_text(titles[i]), fontsize=9,
                         color=(colours[i] if colours else "#222"))
    return figure


@old_spellings(positional=2, moved=("class_names",))
def show_images(x: Any, y: Any = None, *, class_names: Any = None, n: int | None = None,
                cols: int | None = None) -> ImageGrid:
    """Show images in a grid, with their labels when ``y`` is given.

    Grayscale ``(n, h, w)`` or ``(n, h, w, 1)`` and colour ``(n, h, w, 3|4)``
    images; any value range (bytes 0-255 and standardised values are rescaled
    for display).

    Args:
        x: the images.
        y: labels (class indices or one-hot rows) or numeric targets, one per image.
        class_names: names for the class indices in ``y``.
        n: how many images to show, from the start of ``x``; default all, up to 64.
        cols: images per row; default up to 10.

    Returns:
        An ``ImageGrid``; it shows itself in a notebook, ``.save("grid.png")`` writes it.

    Raises:
        ValueError: ``x`` does not hold images, ``y`` does not match ``x``, or
            ``class_names`` is too short.

    Example:
        >>> (x, y), _ = knb.datasets.load("mnist")          # doctest: +SKIP
        >>> knb.show_images(x[:20], y[:20])                  # doctest: +SKIP
    """
    pictures = images("x", x)
    total = len(pictures)
    if n is not None:
        n = check_positive_int("n", n)
    if cols is not None:
        cols = check_positive_int("cols", cols)
    count = min(total, n if n is not None else MAX_DEFAULT)
    count = fitting(count, cols or 10, 1.25, 1.5)[1]  # the picture's size limit
    titles = captions(y, class_names, total)[:count]
    indices = np.arange(count)
    return ImageGrid(draw_grid(pictures[:count], titles, cols=cols), indices, titles, total)
