"""Drawing the playground's views cheaply: numpy -> colours -> PNG bytes, and small SVGs.

Maps use Playground's palette: orange for negative, near-white for zero and
blue for positive values, clipped to [-1, 1]. Non-finite values (a diverged
network) draw as grey, so a NaN never breaks a frame.
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Sequence

import numpy as np

from .config import DOMAIN

NEGATIVE, ZERO, POSITIVE = (245, 147, 34), (232, 234, 235), (8, 119, 189)
NAN_GREY = (150, 150, 150)
_HEX = {"neg": "#f59322", "pos": "#0877bd"}


def _palette() -> np.ndarray:
    t = np.linspace(-1.0, 1.0, 256)[:, None]
    neg, zero, pos = (np.array(c, dtype=float) for c in (NEGATIVE, ZERO, POSITIVE))
    lut = np.where(t < 0, zero + (neg - zero) * -t, zero + (pos - zero) * t)
    return np.vstack([lut, NAN_GREY]).round().astype("uint8")


_LUT = _palette()


def colourise(values: np.ndarray) -> np.ndarray:
    """uint8 RGB for values in [-1, 1] (clipped); NaN and inf become grey."""
    v = np.asarray(values, dtype="float64")
    finite = np.isfinite(v)
    index = np.round((np.clip(np.where(finite, v, 0.0), -1, 1) + 1) * 127.5).astype(int)
    return _LUT[np.where(finite, index, 256)]


def png_bytes(rgb: np.ndarray, size: int | None = None, smooth: bool = False) -> bytes:
    from PIL import Image

    image = Image.fromarray(rgb, "RGB")
    if size is not None:
        image = image.resize((size, size), Image.BILINEAR if smooth else Image.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def decision_map(values: np.ndarray, train: tuple[np.ndarray, np.ndarray],
                 test: tuple[np.ndarray, np.ndarray] | None, size: int = 256) -> bytes:
    """The output over the plane with the data points on top, as PNG bytes.

    Args:
        values: ``(GRID, GRID)`` output mapped to [-1, 1] (image order).
        train: ``(points, colour_values)``: 2-D points and their values in [-1, 1].
        test: the same for test points (drawn with a dark edge), or None.
        size: width and height in pixels.
    """
    from PIL import Image, ImageDraw

    image = Image.fromarray(colourise(values), "RGB").resize((size, size), Image.BILINEAR)
    draw = ImageDraw.Draw(image)
    r = max(2.0, size / 90)
    for layer, edge in ((train, (255, 255, 255)), (test, (40, 40, 40))):
        if layer is None or not len(layer[0]):
            continue
        points, point_values = layer
        px = (points[:, 0] + DOMAIN) / (2 * DOMAIN) * size
        py = (DOMAIN - points[:, 1]) / (2 * DOMAIN) * size
        fills = colourise(point_values)
        for x, y, fill in zip(px, py, fills, strict=True):
            draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(int(c) for c in fill),
                         outline=edge)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


# Geometry of the network diagram, shared with the per-layer controls above it.
NODE, GAP, STEP, LEFT, TOP = 30, 8, 84, 60, 22


def network_width(columns: int) -> int:
    """Width in pixels of a diagram with ``columns`` columns (inputs, hidden, output)."""
    return LEFT + STEP * (columns - 1) + NODE + 12


def network_svg(inputs: Sequence[tuple[str, str]], layers: Sequence[tuple[str, Sequence[str]]],
                kernels: Sequence[np.ndarray], node: int = NODE) -> str:
    """The network as an SVG: a small map per unit, links coloured by sign, width by size.

    Args:
        inputs: ``(label, thumbnail_uri)`` per input feature.
        layers: ``(header, [thumbnail_uri per unit])`` per Dense layer, the output last.
        kernels: the kernel ``(fan_in, units)`` of every Dense layer, same order.
        node: the side of a unit's square in pixels (shrunk when a layer is tall).
    """
    columns = [[uri for _, uri in inputs]] + [list(uris) for _, uris in layers]
    tallest = max(len(c) for c in columns)
    node = int(max(10, min(node, 340 / tallest - 8)))
    gap, step, left, top = GAP, STEP, LEFT, TOP
    width = network_width(len(columns))
    height = top + tallest * (node + gap) + 4

    def y_of(i):
        return top + i * (node + gap)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">']
    for c, kernel in enumerate(kernels):  # links first, so the units sit on top
        x0, x1 = left + c * step + node, left + (c + 1) * step
        xm = (x0 + x1) / 2
        for i, j in np.ndindex(kernel.shape):
            w = float(kernel[i, j])
            if not math.isfinite(w):
                continue
            y0, y1 = y_of(i) + node / 2, y_of(j) + node / 2
            colour = _HEX["pos"] if w > 0 else _HEX["neg"]
            parts.append(
                f'<path d="M{x0},{y0:.1f} C{xm},{y0:.1f} {xm},{y1:.1f} {x1},{y1:.1f}" '
                f'fill="none" stroke="{colour}" stroke-opacity="0.75" '
                f'stroke-width="{min(8.0, 0.4 + 2.5 * abs(w)):.2f}"><title>weight {w:.3f}'
                f'</title></path>')
    headers = ["input"] + [h for h, _ in layers]
    for c, uris in enumerate(columns):
        x = left + c * step
        parts.append(f'<text x="{x + node / 2}" y="{top - 8}" text-anchor="middle" '
                     f'fill="#555">{html.escape(headers[c])}</text>')
        for i, uri in enumerate(uris):
            parts.append(f'<image href="{uri}" x="{x}" y="{y_of(i)}" width="{node}" '
                         f'height="{node}" preserveAspectRatio="none" '
                         f'style="image-rendering:pixelated"/>'
                         f'<rect x="{x}" y="{y_of(i)}" width="{node}" height="{node}" '
                         f'fill="none" stroke="#999"/>')
    for i, (label, _) in enumerate(inputs):
        parts.append(f'<text x="{left - 6}" y="{y_of(i) + node / 2 + 4}" text-anchor="end">'
                     f'{html.escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def loss_svg(train: Sequence[float], test: Sequence[float], width: int = 256,
             height: int = 70) -> str:
    """Train (grey) and test (black) loss curves over the epochs, as a small SVG."""
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}"><rect width="{width}" height="{height}" '
             f'fill="#fafafa" stroke="#ddd"/>']
    values = np.asarray([*train, *test], dtype="float64")
    finite = values[np.isfinite(values)]
    if len(train) > 1 and finite.size:
        top = float(finite.max()) or 1.0
        stride = max(1, len(train) // width)  # at most one point per pixel
        for series, colour in ((train, "#999"), (test, "#222")):
            ys = np.asarray(series, dtype="float64")[::stride]
            xs = np.arange(len(ys)) * stride / (len(train) - 1) * (width - 4) + 2
            ok = np.isfinite(ys)
            py = height - 3 - np.clip(ys[ok], 0, top) / top * (height - 6)
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs[ok], py, strict=True))
            parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                         f'stroke-width="1.5"/>')
        parts.append(f'<text x="{width - 6}" y="12" text-anchor="end" font-family="sans-serif" '
                     f'font-size="10"><tspan fill="#222">test</tspan> <tspan fill="#999">'
                     f'train</tspan></text>')
    parts.append("</svg>")
    return "".join(parts)


def format_loss(value: float) -> str:
    return f"{value:.3f}" if math.isfinite(value) else str(value)
