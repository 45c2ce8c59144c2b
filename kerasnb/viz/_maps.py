"""Drawing one sample's layer outputs: conv maps as a grid, units as bars or a heatmap.

Each layer gets one axes: a conv layer's maps are tiled into a single image
first (``_display.montage``), which keeps drawing fast for wide layers.
"""

from __future__ import annotations

import numpy as np

from ._display import montage, mpl_text, new_figure

WIDTH = 10.0  # inches
MAX_BARS = 64
MAP_COLUMNS = 16


def describe(name: str, kind: str, array: np.ndarray, max_maps: int) -> str:
    shape = "×".join(str(d) for d in array.shape)
    text = f"{name} ({kind}) · {shape}"
    if array.ndim == 3 and array.shape[-1] > max_maps:
        text += f" · first {max_maps} of {array.shape[-1]} maps"
    return text


def _height(array: np.ndarray, max_maps: int) -> float:
    if array.ndim == 3:
        h, w, c = array.shape
        shown = min(c, max_maps)
        cols = min(shown, MAP_COLUMNS)
        rows = -(-shown // cols)
        return float(np.clip(WIDTH * rows * h / (cols * w), 0.9, 7.0)) + 0.35
    if array.ndim == 2:
        return 2.2
    return 1.5


def _draw_maps(ax, array: np.ndarray, max_maps: int, cmap) -> None:
    shown = min(array.shape[-1], max_maps)
    maps = np.moveaxis(array[..., :shown], -1, 0)
    ax.imshow(montage(maps, min(shown, MAP_COLUMNS)), cmap=cmap, vmin=0.0, vmax=1.0,
              interpolation="nearest")
    ax.set_axis_off()


def _draw_units(ax, values: np.ndarray, cmap) -> None:
    values = np.nan_to_num(values.reshape(-1).astype(np.float32))
    if values.size <= MAX_BARS:
        ax.bar(np.arange(values.size), values, color="#4c78a8", width=0.8)
        ax.axhline(0.0, color="#999", linewidth=0.6)
        ax.set_xlim(-0.6, values.size - 0.4)
        ax.set_xlabel("unit", fontsize=8)
        ax.tick_params(labelsize=7)
        return
    cols = int(np.ceil(values.size / max(1, int(np.sqrt(values.size / 8)))))
    rows = -(-values.size // cols)
    grid = np.full(rows * cols, np.nan, dtype=np.float32)
    grid[: values.size] = values
    image = ax.imshow(grid.reshape(rows, cols), cmap=cmap, aspect="auto",
                      interpolation="nearest")
    ax.set_yticks([])
    ax.set_xlabel(f"{values.size} units, {cols} per row", fontsize=8)
    ax.tick_params(labelsize=7)
    ax.figure.colorbar(image, ax=ax, fraction=0.03, pad=0.01)


def _draw_sequence(ax, array: np.ndarray, cmap) -> None:
    image = ax.imshow(np.nan_to_num(array.T), cmap=cmap, aspect="auto", interpolation="nearest",
                      origin="lower")
    ax.set_xlabel("time step", fontsize=8)
    ax.set_ylabel("unit", fontsize=8)
    ax.tick_params(labelsize=7)
    ax.figure.colorbar(image, ax=ax, fraction=0.03, pad=0.01)


def draw_activations(panels: list[tuple[str, str, np.ndarray]], *, max_maps: int,
                     title: str = ""):
    """One row per layer: ``panels`` holds (name, type, output of one sample)."""
    import matplotlib

    cmap = matplotlib.colormaps["viridis"].with_extremes(bad="white")
    heights = [_height(a, max_maps) for _, _, a in panels]
    figure = new_figure(WIDTH, sum(heights) + (0.3 if title else 0.0))
    if title:
        figure.suptitle(mpl_text(title), fontsize=11)
    axes = figure.subplots(len(panels), 1, squeeze=False, height_ratios=heights)[:, 0]
    for ax, (name, kind, array) in zip(axes, panels, strict=True):
        ax.set_title(mpl_text(describe(name, kind, array, max_maps)), fontsize=9, loc="left")
        if array.ndim == 3:
            _draw_maps(ax, array, max_maps, cmap)
        elif array.ndim == 2:
            _draw_sequence(ax, array, cmap)
        else:
            _draw_units(ax, array, cmap)
    return figure
