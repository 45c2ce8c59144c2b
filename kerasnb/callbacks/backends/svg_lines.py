"""A line's points as SVG ``points`` strings: split at gaps, thinned when dense.

A NaN or infinite value (or, on a log axis, a value <= 0) ends a polyline and
the next finite value starts a new one, so gaps show as gaps. A line with more
points than two per pixel column keeps, per column, its lowest and its highest
point: a spike stays visible however long training runs. Short lines (epochs)
are mapped in plain Python; long ones (batch streams) with NumPy, which the
running Keras kernel has imported anyway. Coordinates get one decimal.
"""

from __future__ import annotations

import math
from itertools import chain

from ..scene import Series

LIMIT = 1e5  # pixel coordinates are kept within +-LIMIT
SHORT = 200  # lines up to this many points are mapped without NumPy


def polylines(series: Series, log_y: bool, scale: tuple[float, float, float, float],
              thin: float) -> list[str]:
    """The ``points`` attribute of each unbroken piece of ``series``.

    Args:
        series: the line.
        log_y: whether the y axis is logarithmic (``scale`` maps ``log10(y)``).
        scale: ``(ax, kx, by, ky)``: a point is drawn at ``(ax + x * kx, by - y * ky)``.
        thin: the most points drawn before a line is thinned (two per pixel column).
    """
    if len(series.x) > min(SHORT, thin):
        return _long(series, log_y, scale, thin)
    ax, kx, by, ky = scale
    if log_y:
        log10, nan = math.log10, math.nan
        pys = [by - log10(y) * ky if y > 0 else nan for y in series.y]
    else:
        pys = [by - y * ky for y in series.y]
    pxs = [ax + x * kx for x in series.x]
    points = list(zip(pxs, pys, strict=True))
    # The sums are finite when no coordinate is NaN or infinite (the usual case).
    if (points and math.isfinite(sum(pxs)) and math.isfinite(sum(pys))
            and max(max(pys), -min(pys), max(pxs), -min(pxs)) <= LIMIT):
        return [_text(points)]
    pieces, current = [], []
    for px, py in points:
        if px - px != 0 or py - py != 0:  # NaN or infinite: a gap
            if current:
                pieces.append(_text(current))
                current = []
            continue
        current.append((min(max(px, -LIMIT), LIMIT), min(max(py, -LIMIT), LIMIT)))
    if current:
        pieces.append(_text(current))
    return pieces


def _text(points: list[tuple[float, float]]) -> str:
    # One format string for the whole line: several times faster than joining pairs.
    return ("%.1f,%.1f " * len(points))[:-1] % tuple(chain.from_iterable(points))


def _long(series: Series, log_y: bool, scale: tuple[float, float, float, float],
          thin: float) -> list[str]:
    import numpy as np

    ax, kx, by, ky = scale
    x = np.asarray(series.x, dtype=float)
    y = np.asarray(series.y, dtype=float)
    with np.errstate(all="ignore"):
        if log_y:
            y = np.where(y > 0, np.log10(np.where(y > 0, y, 1.0)), np.nan)
        px = np.clip(ax + x * kx, -LIMIT, LIMIT)
        py = np.clip(by - y * ky, -LIMIT, LIMIT)
    ok = np.isfinite(x) & np.isfinite(y)  # clip keeps NaN, turns inf into +-LIMIT
    edges = np.flatnonzero(np.diff(np.concatenate(([0], ok.astype(np.int8), [0]))))
    pieces = []
    for start, end in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
        sx, sy = px[start:end], py[start:end]
        if len(x) > thin:
            sx, sy = _thinned(np, sx, sy)
        flat = np.empty(2 * len(sx))
        flat[0::2], flat[1::2] = sx, sy
        pieces.append(("%.1f,%.1f " * len(sx))[:-1] % tuple(flat.tolist()))
    return pieces


def thinned_xy(series: Series, columns: int) -> tuple[list[float], list[float]]:
    """``series``' points kept lowest and highest per ``columns``-th of its x span.

    For a figure that stores its data (plotly's JSON in the notebook): a long
    batch stream keeps its shape and spikes in at most ``2 * columns`` points.
    A gap stays a gap: one NaN point between the pieces.
    """
    import numpy as np

    x = np.asarray(series.x, dtype=float)
    y = np.asarray(series.y, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return list(series.x), list(series.y)
    low, high = float(x[ok].min()), float(x[ok].max())
    per = columns / (high - low) if high > low else 0.0
    out_x: list[float] = []
    out_y: list[float] = []
    edges = np.flatnonzero(np.diff(np.concatenate(([0], ok.astype(np.int8), [0]))))
    for start, end in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
        sx, sy = _thinned(np, (x[start:end] - low) * per, y[start:end])
        if out_x:
            out_x.append(float(x[start]))
            out_y.append(math.nan)
        out_x.extend((sx / per + low).tolist() if per else x[start:end][:len(sx)].tolist())
        out_y.extend(sy.tolist())
    return out_x, out_y


def _thinned(np, px, py):  # noqa: ANN001, ANN202 - NumPy arrays in and out
    """Per run of points in one pixel column: its lowest and highest point.

    The one nearer the column's first point comes first, so the line runs on
    from the column before without a needless stroke back.
    """
    column = np.floor(px).astype(np.int64)
    starts = np.flatnonzero(np.concatenate(([True], column[1:] != column[:-1])))
    ends = np.append(starts[1:], len(px)) - 1
    low, high = np.minimum.reduceat(py, starts), np.maximum.reduceat(py, starts)
    first = py[starts]
    low_first = first - low <= high - first
    xs = np.column_stack((px[starts], px[ends])).ravel()
    ys = np.column_stack((np.where(low_first, low, high),
                          np.where(low_first, high, low))).ravel()
    keep = np.ones(len(xs), dtype=bool)
    keep[1::2] = starts != ends  # a column of one point keeps it once
    return xs[keep], ys[keep]
