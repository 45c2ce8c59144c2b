"""``show_filters``: the kernels conv layers learned, as small patches."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from .._validate import LIMITS, check_positive_int
from ._compat import old_spellings
from ._display import View, mpl_text, new_figure, unit_scale
from ._inputs import check_model
from ._layers import layer_list


class FilterGrid(View):
    """What ``show_filters`` returns: a static grid of kernel patches per layer.

    Attributes:
        layers: the names of the layers shown, one section each.
        kernels: layer name -> its kernel (kernel height, width, input channels, filters).
        modes: layer name -> "rgb", "gray" (one patch per filter) or "channels"
            (one per filter and input channel).
        panels: how many patches are drawn in all.
        layer, kernel, mode: the first layer's name, kernel and mode.
    """

    kind = "filter grid"

    def __init__(self, figure, kernels: dict[str, np.ndarray], modes: dict[str, str],
                 panels: int) -> None:
        super().__init__(figure=figure)
        self.layers = list(kernels)
        self.kernels = kernels
        self.modes = modes
        self.panels = panels
        self.layer = self.layers[0]
        self.kernel = kernels[self.layer]
        self.mode = modes[self.layer]

    def __repr__(self) -> str:
        if len(self.layers) == 1:
            return f"<FilterGrid of {self.layer!r}: {self.panels} {self.mode} patches>"
        return (f"<FilterGrid of {len(self.layers)} layers "
                f"({', '.join(map(repr, self.layers))}): {self.panels} patches>")


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


def _checked_kernel(target) -> np.ndarray:
    kernel = _kernel(target) if getattr(target, "built", False) else None
    if kernel is None:
        state = "not built yet" if not getattr(target, "built", False) else type(target).__name__
        raise ValueError(f"`layers` must name built convolutional layers (a kernel with 3 or 4 "
                         f"axes). Received: layers={target.name!r} ({state})")
    return kernel


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


class _Section:
    """One layer's patches: the image to draw, its size in inches and its labels."""

    def __init__(self, target, kernel: np.ndarray, n: int, n_channels: int) -> None:
        kh, kw, channels, filters = kernel.shape
        shown = min(filters, n)
        patches = np.moveaxis(kernel[..., :shown], -1, 0)  # (filters, kh, kw, channels)
        self.title = (f"{target.name} ({type(target).__name__}) · {filters} filters of "
                      f"{kh}×{kw} over {channels} channel{'s' if channels != 1 else ''}")
        if shown < filters:
            self.title += f" · first {shown}"
        self.ticks = None
        if channels in (1, 3):
            self.mode = "gray" if channels == 1 else "rgb"
            tiles = np.stack([unit_scale(p) for p in patches])
            tiles = tiles[..., 0] if channels == 1 else tiles
            cols = min(shown, 8 if shown <= 32 else 16)
            self.image = _tile(tiles, cols)
            if self.mode == "rgb":
                self.image = np.where(np.isnan(self.image), 1.0, self.image)
            self.size = (min(10.0, 0.6 * cols + 0.5), 0.6 * (-(-shown // cols)) + 0.5)
            self.panels = shown
        else:
            self.mode = "channels"
            used = min(channels, n_channels)
            scale = np.abs(patches).reshape(shown, -1).max(axis=1) + 1e-12
            tiles = patches[..., :used] / scale[:, None, None, None]  # (shown, kh, kw, used)
            tiles = np.moveaxis(tiles, -1, 1).reshape(shown * used, kh, kw)
            self.image = _tile(tiles, used)
            self.size = (min(10.0, 0.45 * used + 1.2), min(14.0, 0.45 * shown + 0.8))
            self.ticks = ([c * (kw + 1) + (kw - 1) / 2 for c in range(used)], range(used),
                          [r * (kh + 1) + (kh - 1) / 2 for r in range(shown)], range(shown))
            if used < channels:
                self.title += f" · first {used} channels"
            self.panels = shown * used

    def draw(self, ax) -> None:
        if self.mode == "channels":
            ax.imshow(self.image, cmap="RdBu_r", vmin=-1.0, vmax=1.0, interpolation="nearest")
            xs, xlabels, ys, ylabels = self.ticks
            ax.set_xticks(xs, xlabels)
            ax.set_yticks(ys, ylabels)
            ax.tick_params(labelsize=7, length=0)
            ax.set_xlabel("input channel", fontsize=8)
            ax.set_ylabel("filter", fontsize=8)
            for side in ax.spines.values():
                side.set_visible(False)
        else:
            ax.imshow(self.image, cmap="gray", interpolation="nearest", vmin=0.0, vmax=1.0)
            ax.set_axis_off()
        ax.set_title(mpl_text(self.title), fontsize=9, loc="left")


@old_spellings(positional=1, moved=("layer",), layer="layers", max_filters="n",
               max_channels="n_channels")
def show_filters(model, *, layers: Any = None, n: int = 64, n_channels: int = 16) -> FilterGrid:
    """Show the kernels of convolutional layers.

    A first layer over RGB or grayscale images shows one colour or gray patch
    per filter. A deeper layer shows a row per filter and a column per input
    channel, blue for negative weights and red for positive ones. Several
    layers are drawn one below the other.

    Args:
        model: a built ``keras.Model``.
        layers: the conv layer by name, index or object, or a list of them;
            default the first conv layer.
        n: at most this many filters (rows or patches) per layer (formerly
            ``max_filters``).
        n_channels: at most this many input channels (columns) for deeper
            layers (formerly ``max_channels``).

    Returns:
        A ``FilterGrid``; ``.kernels`` holds the weights shown, by layer name.

    Raises:
        ValueError: a layer is not in the model (the real ones are listed), is
            not convolutional, or is not built yet.

    Example:
        >>> knb.show_filters(model, layers="conv2d")             # doctest: +SKIP
        >>> knb.show_filters(model, layers=["conv1", "conv2"])   # doctest: +SKIP
    """
    check_model(model)
    n = check_positive_int("n", n)
    n_channels = check_positive_int("n_channels", n_channels)
    targets = [_first_conv(model)] if layers is None else layer_list(model, layers)
    targets = list({id(t): t for t in targets}.values())  # a layer named twice: once
    kernels = {target.name: _checked_kernel(target) for target in targets}
    sections = [_Section(target, kernels[target.name], n, n_channels) for target in targets]
    room, kept = LIMITS["pixels"] / 100, 1  # inches at the 100 dpi pictures are stored with
    while kept < len(sections) and sum(s.size[1] for s in sections[:kept + 1]) <= room:
        kept += 1
    if kept < len(sections):
        warnings.warn(f"show_filters drew {kept} of the {len(sections)} layers asked for: "
                      "more would pass the picture size limit (knb.set_limits(pixels=...)); "
                      "pass fewer `layers` or a smaller `n`.", UserWarning, stacklevel=3)
        targets, sections = targets[:kept], sections[:kept]
        kernels = {t.name: kernels[t.name] for t in targets}
    width = max(s.size[0] for s in sections)
    figure = new_figure(width, sum(s.size[1] for s in sections))
    if len(sections) == 1:
        sections[0].draw(figure.subplots())
    else:
        parts = figure.subfigures(len(sections), 1, height_ratios=[s.size[1] for s in sections])
        for part, section in zip(parts, sections, strict=True):
            section.draw(part.subplots())
    return FilterGrid(figure, kernels, {t.name: s.mode for t, s in zip(targets, sections,
                                                                        strict=True)},
                      sum(s.panels for s in sections))
