"""Drawing one sample's layer outputs: conv maps as a grid, units as bars or a heatmap.

Each layer gets one axes: a conv layer's maps are tiled into a single image
first (``_display.montage``), which keeps drawing fast for wide layers.
"""

from __future__ import annotations

import numpy as np

from ._display import montage, mpl_text

WIDTH = 10.0  # inches
MAX_BARS = 64
MAP_COLUMNS = 16


def describe(name: str, kind: str, array: np.ndarray, max_maps: int) -> str:
    shape = "×".join(str(d) for d in array.shape)
    text = f"{name} ({kind}) · {shape}"
    if array.ndim == 3 and array.shape[-1] > max_maps:
        text += f" · first {max_maps} of {array.shape[-1]} maps"
    bad = int(array.size - np.count_nonzero(np.isfinite(array)))
    if bad:
        text += f" · {bad} NaN/inf values, drawn as 0"
    return text


def fit_blocks(blocks: list[tuple[float, float, float]], head: float, gap: float,
               max_inches: float) -> tuple[list[tuple[float, float, float]], int]:
    """Shrink panel bodies, then drop panels from the end, until the figure fits.

    Returns the blocks kept (shrunk) and how many panels were dropped.
    """
    def total(bs):
        return head + sum(sum(b) for b in bs) + gap * (len(bs) - 1)

    if total(blocks) <= max_inches:
        return blocks, 0
    fixed = head + sum(a + c for a, _, c in blocks) + gap * (len(blocks) - 1)
    bodies = sum(b for _, b, _ in blocks)
    scale = max((max_inches - fixed) / bodies, 0.0) if bodies else 1.0
    blocks = [(a, max(b * scale, 0.4), c) for a, b, c in blocks]
    kept = list(blocks)
    while len(kept) > 1 and total(kept) > max_inches:
        kept.pop()
    return kept, len(blocks) - len(kept)


def _body(array: np.ndarray, max_maps: int, width: float) -> float:
    """Height in inches of a panel's plot area."""
    if array.ndim == 3:
        h, w, c = array.shape
        shown = min(c, max_maps)
        cols = min(shown, MAP_COLUMNS)
        rows = -(-shown // cols)
        return float(np.clip(width * rows * h / (cols * w), 0.5, 7.0))
    return 1.6 if array.ndim == 2 else 1.1


def _draw_maps(ax, array: np.ndarray, max_maps: int, cmap) -> None:
    shown = min(array.shape[-1], max_maps)
    maps = np.moveaxis(array[..., :shown], -1, 0)
    ax.imshow(montage(maps, min(shown, MAP_COLUMNS)), cmap=cmap, vmin=0.0, vmax=1.0,
              interpolation="nearest")
    ax.set_axis_off()


def _draw_units(ax, values: np.ndarray, cmap, cax) -> None:
    values = np.nan_to_num(values.reshape(-1).astype(np.float32))
    if values.size <= MAX_BARS:
        ax.bar(np.arange(values.size), values, color="#4c78a8", width=0.8)
        ax.axhline(0.0, color="#999", linewidth=0.6)
        ax.set_xlim(-0.6, max(values.size, 10) - 0.4)
        ax.xaxis.get_major_locator().set_params(integer=True)
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
    ax.figure.colorbar(image, cax=cax)
    cax.tick_params(labelsize=7)


def _draw_sequence(ax, array: np.ndarray, cmap, cax) -> None:
    image = ax.imshow(np.nan_to_num(array.T), cmap=cmap, aspect="auto", interpolation="nearest",
                      origin="lower")
    ax.set_xlabel("time step", fontsize=8)
    ax.set_ylabel("unit", fontsize=8)
    ax.tick_params(labelsize=7)
    ax.figure.colorbar(image, cax=cax)
    cax.tick_params(labelsize=7)


def draw_activations(panels: list[tuple[str, str, np.ndarray]], *, max_maps: int,
                     title: str = ""):
    """One row per layer: ``panels`` holds (name, type, output of one sample).

    Axes are placed in inches by hand: a layout engine would cost more than
    the drawing itself, and the live view redraws on every slider move.
    """
    import matplotlib
    from matplotlib.figure import Figure

    from .._validate import LIMITS

    cmap = matplotlib.colormaps["viridis"].with_extremes(bad="white")
    left, right, head, gap = 0.55, 0.2, 0.3 if title else 0.1, 0.15
    plot_width = WIDTH - left - right
    blocks = []
    for _, _, array in panels:
        below = 0.05 if array.ndim == 3 else 0.5
        blocks.append((0.3, _body(array, max_maps, plot_width), below))
    blocks, dropped = fit_blocks(blocks, head, gap, LIMITS["pixels"] / 100 - 0.05)
    if dropped:  # no stored picture over LIMITS["pixels"] on a side
        panels = panels[: len(blocks)]
        title = (title + " · " if title else "") + \
            f"first {len(panels)} of {len(panels) + dropped} layers (choose with layers=...)"
        head = max(head, 0.3)
    height = head + sum(sum(b) for b in blocks) + gap * (len(blocks) - 1)
    figure = Figure(figsize=(WIDTH, height))
    if title:
        figure.suptitle(mpl_text(title), fontsize=11, y=1 - 0.05 / height, va="top")
    top = height - head
    for (name, kind, array), (above, body, below) in zip(panels, blocks, strict=True):
        bottom = top - above - body
        heatmap = array.ndim == 2 or (array.ndim != 3 and array.size > MAX_BARS)
        bar_room = 0.7 if heatmap else 0.0
        ax = figure.add_axes((left / WIDTH, bottom / height, (plot_width - bar_room) / WIDTH,
                              body / height))
        ax.set_title(mpl_text(describe(name, kind, array, max_maps)), fontsize=9, loc="left")
        cax = figure.add_axes(((WIDTH - right - 0.15) / WIDTH, bottom / height, 0.12 / WIDTH,
                               body / height)) if bar_room else None
        if array.ndim == 3:
            ax.set_anchor("W")
            _draw_maps(ax, array, max_maps, cmap)
        elif array.ndim == 2:
            _draw_sequence(ax, array, cmap, cax)
        else:
            _draw_units(ax, array, cmap, cax)
        top = bottom - below - gap
    return figure
