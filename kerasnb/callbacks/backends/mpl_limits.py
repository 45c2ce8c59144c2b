"""Axis limits of LivePlot frames that rarely change while a fit runs.

A frame whose limits are those of the last one only draws its lines over a
cached picture of the axes (`mpl_figure.Painter`), so the limits are chosen to
hold for a whole fit: x runs from the first point to 10, 20, 40... epochs (the
final frame ends at the last point), accuracy-like values keep [0, 1.02], other
values keep a range with headroom that only grows, and log axes whole decades.
Data outside the limits widen them once (one full redraw), then frames are
cheap again.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

# Panels whose values are fractions in [0, 1]: their y axis stays [0, 1.02].
BOUNDED = ("acc", "auc", "precision", "recall", "f1", "iou", "dice")
# The top of a fractions axis (a point at 1 shows whole).
FRACTIONS_TOP = 1.02
# Room left beyond the data on a grown linear axis, as a share of its span.
HEADROOM = 0.15
# Room at each end of an axis so a point at the edge shows whole, as a share of the span.
EDGE = 0.04

Limits = tuple[float, float]


def finite(values: Iterable[float]) -> list[float]:
    return [v for v in values if isinstance(v, (int, float)) and math.isfinite(v)]


def bounded(name: str, values: list[float]) -> bool:
    """Whether the panel ``name`` holds fractions (accuracy, AUC, ...) all within [0, 1]."""
    lowered = name.lower()
    return (any(token in lowered for token in BOUNDED) and bool(values)
            and min(values) >= 0 and max(values) <= 1)


def x_range(xs: list[float], current: Limits | None, *, final: bool = False,
            planned: float | None = None) -> Limits:
    """From the first point to the fit's last epoch when ``planned``, else to 10, 20, 40...
    (``final``: to the last point)."""
    if not xs:
        return current or (0.0, planned or 10.0)
    low, high = min(xs), max(xs)
    if planned is not None and not final and high <= planned:
        start = float(math.floor(low))
        if planned > start:
            return start, float(planned)
    if not final and current is not None and current[0] <= low and high <= current[1]:
        return current
    start = float(math.floor(low))
    if final:
        return start, max(high, start + 1)
    end = 10.0
    while end < high or end <= start:
        end *= 2
    return start, end


def y_range(values: list[float], current: Limits | None, *, fractions: bool,
            log: bool) -> Limits:
    """``current`` while it holds ``values``, else a range that holds both, with headroom."""
    if not values:
        return current or ((0.1, 1.0) if log else (0.0, 1.0))
    low, high = min(values), max(values)
    if current is not None and current[0] <= low and high <= current[1]:
        return current
    if fractions:
        return 0.0, 1.0
    if current is not None:
        low, high = min(low, current[0]), max(high, current[1])
    if log:
        bottom = math.floor(math.log10(low) + 1e-9)
        top = math.ceil(math.log10(high) - 1e-9)
        # A lone value on a decade tops its axis: rates mostly fall from where they start.
        return 10.0 ** min(bottom, top - 1), 10.0 ** top
    span = (high - low) or abs(high) or 1.0
    # Non-negative values start at 0 while they are near it, and on the first limits of a
    # fit (a loss starts high and falls towards 0).
    near_zero = low <= 0.5 * high or low == high or current is None
    bottom = 0.0 if low >= 0 and near_zero else low - HEADROOM * span
    if low >= 0 > bottom:
        bottom = 0.0
    top = high + HEADROOM * ((high - bottom) or span)
    step = nice_step((top - bottom) / 4)
    return math.floor(bottom / step) * step, math.ceil(top / step) * step


def nice_step(step: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least ``step``."""
    scale = 10.0 ** math.floor(math.log10(step))
    return next(m * scale for m in (1, 2, 2.5, 5, 10) if m * scale >= step * (1 - 1e-9))


def shown(limits: Limits, *, log: bool = False, fractions: bool = False) -> Limits:
    """The limits drawn: a little room at each end so a point at the edge shows whole."""
    low, high = limits
    if fractions:
        return 0.0, FRACTIONS_TOP
    if log:
        pad = (math.log10(high) - math.log10(low)) * EDGE
        return low / 10.0 ** pad, high * 10.0 ** pad
    pad = (high - low) * EDGE
    return low - pad, high + pad
