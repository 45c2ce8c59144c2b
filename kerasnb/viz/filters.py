"""``show_filters``: the kernels a conv layer learned, as small patches."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._utils import check_positive_int
from ._display import View, mpl_text, new_figure, unit_scale
from ._inputs import check_model, layer_of


class FilterGrid(View):
    """What ``show_filters`` returns: a static grid of kernel patches.

    Attributes:
        layer: the layer's name.
        kernel: its kernel as an array (kernel height, width, input channels, filters).
        panels: how many patches are drawn.
        mode: "rgb", "gray" (one patch per filter) or "channels" (one per filter and channel).
    """

    kind = "filter grid"

    def __init__(self, figure, layer: str, kernel: np.ndarray, panels: int, mode: str) -> None:
        super().__init__(figure=figure)
        self.layer = layer
        self.kernel = kernel
        self.panels = panels
        self.mode = mode

    def __repr__(self) -> str:
        return f"<FilterGrid of {self.layer!r}: {self.panels} {self.mode} patches>"


def _kernel(layer) -> np.ndarray | None:
    weight = getattr(layer, "kernel", None)
    if weight is None:
        weight = getattr(layer, "depthwise_kernel", None)
    if weight is None or len(weight.shape) not in (3, 4):
        return None
    kernel = np.asarray(weight.numpy(), dtype=np.float32)
    return kernel[None] if kernel.ndim == 3 else kernel  # Conv1D: (1, k, in, out)


def _first_conv(model):
    for layer in model.layers:
        if layer.built and _kernel(layer) is not None:
            return layer
    raise ValueError(f"`model` must have a convolutional layer to show filters. Received: "
                     f"model {model.name!r} with layers "
                     f"{', '.join(type(lay).__name__ for lay in model.layers)}")


def _tile(tiles: np.ndarray, cols: int, gap: int = 1) -> np.ndarray:
    """Tiles (n, h, w[, 3]) laid out in rows of ``cols``, NaN between them."""
    n, h, w = tiles.shape[:3]
    rows = -(-n // cols)
    out = np.full((rows * (h + gap) - gap, cols * (w + gap) - gap, *tiles.shape[3:]), np.nan,
                  dtype=np.float32)
    for i, tile in enumerate(tiles):
        r, c = divmod(i, cols)
        out[r * (h + gap): r * (h + gap) + h, c * (w + gap): c * (w + gap) + w] = tile
    return out


def show_filters(model, layer: Any = None, *, max_filters: int = 64,
                 max_channels: int = 16) -> FilterGrid:
    """Show the kernels of a convolutional layer.

    A first layer over RGB or grayscale images shows one colour or gray patch
    per filter. A deeper layer shows a row per filter and a column per input
    channel, blue for negative weights and red for positive ones.

    Args:
        model: a built ``keras.Model``.
        layer: the conv layer, by name, index or object; default the first one.
        max_filters: at most this many filters (rows or patches).
        max_channels: at most this many input channels (columns) for deeper layers.

    Returns:
        A ``FilterGrid``; ``.kernel`` holds the weights shown.

    Raises:
        ValueError: the layer is not in the model (the real ones are listed), is
            not convolutional, or is not built yet.

    Example:
        >>> knb.show_filters(model, "conv2d")  # doctest: +SKIP
    """
    check_model(model)
    check_positive_int("max_filters", max_filters)
    check_positive_int("max_channels", max_channels)
    target = _first_conv(model) if layer is None else layer_of(model, layer)
    kernel = _kernel(target) if target.built else None
    if kernel is None:
        state = "not built yet" if not target.built else type(target).__name__
        raise ValueError(f"`layer` must be a built convolutional layer (a kernel with 3 or 4 "
                         f"axes). Received: layer={target.name!r} ({state})")
    kh, kw, channels, filters = kernel.shape
    shown = min(filters, max_filters)
    patches = np.moveaxis(kernel[..., :shown], -1, 0)  # (filters, kh, kw, channels)
    title = (f"{target.name} ({type(target).__name__}) · {filters} filters of {kh}×{kw} over "
             f"{channels} channel{'s' if channels != 1 else ''}")
    if shown < filters:
        title += f" · first {shown}"
    if channels in (1, 3):
        mode = "gray" if channels == 1 else "rgb"
        tiles = np.stack([unit_scale(p) for p in patches])
        tiles = tiles[..., 0] if channels == 1 else tiles
        cols = min(shown, 8 if shown <= 32 else 16)
        image = _tile(tiles, cols)
        figure = new_figure(min(10.0, 0.6 * cols + 0.5), 0.6 * (-(-shown // cols)) + 0.5)
        ax = figure.subplots()
        if mode == "rgb":
            image = np.where(np.isnan(image), 1.0, image)
        ax.imshow(image, cmap="gray", interpolation="nearest", vmin=0.0, vmax=1.0)
        ax.set_axis_off()
        panels = shown
    else:
        mode = "channels"
        used = min(channels, max_channels)
        scale = np.abs(patches).reshape(shown, -1).max(axis=1) + 1e-12
        tiles = (patches[..., :used] / scale[:, None, None, None])  # (shown, kh, kw, used)
        tiles = np.moveaxis(tiles, -1, 1).reshape(shown * used, kh, kw)
        image = _tile(tiles, used)
        figure = new_figure(min(10.0, 0.45 * used + 1.2), min(14.0, 0.45 * shown + 0.8))
        ax = figure.subplots()
        ax.imshow(image, cmap="RdBu_r", vmin=-1.0, vmax=1.0, interpolation="nearest")
        ax.set_xticks([c * (kw + 1) + (kw - 1) / 2 for c in range(used)], range(used))
        ax.set_yticks([r * (kh + 1) + (kh - 1) / 2 for r in range(shown)], range(shown))
        ax.tick_params(labelsize=7, length=0)
        ax.set_xlabel("input channel", fontsize=8)
        ax.set_ylabel("filter", fontsize=8)
        for side in ax.spines.values():
            side.set_visible(False)
        if used < channels:
            title += f" · first {used} channels"
        panels = shown * used
    ax.set_title(mpl_text(title), fontsize=9, loc="left")
    return FilterGrid(figure, target.name, kernel, panels, mode)
