"""Axis ranges, "nice" ticks and compact tick labels for the SVG live plot.

Pure arithmetic on Python floats, no NumPy: a frame has a few hundred numbers
at most, and this runs on every frame inside ``fit()``. Ranges come from the
finite values only; a single point or a flat line still gets a readable span.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

# Values beyond this are treated as this big for ranges, so that ``hi - lo`` stays finite.
HUGE = 1e300
PAD = 0.06  # share of the span added above and below the data


def finite_range(values: Iterable[float]) -> tuple[float, float] | None:
    """``(low, high)`` of the finite values, or None when there are none."""
    # v - v is 0.0 for a finite number and NaN for NaN and +-inf.
    kept = [v for v in values if v is not None and v - v == 0]
    if not kept:
        return None
    return max(min(kept), -HUGE), min(max(kept), HUGE)


def lists_range(lists: Iterable[list[float]], *,
                positive: bool = False) -> tuple[float, float] | None:
    """`finite_range` over several lists (``positive``: of the values > 0 only).

    A list whose sum is finite holds no NaN or infinity, so its ``min`` and
    ``max`` are taken in C: a long batch stream costs little on every frame.
    """
    low = high = None
    for values in lists:
        if not values:
            continue
        total = sum(values)
        if total - total == 0 and (not positive or min(values) > 0):
            span = max(min(values), -HUGE), min(max(values), HUGE)
        else:
            span = finite_range(v for v in values if not positive or v > 0)
            if span is None:
                continue
        low = span[0] if low is None else min(low, span[0])
        high = span[1] if high is None else max(high, span[1])
    return None if low is None else (low, high)


def padded(low: float, high: float, *, pad: float = PAD) -> tuple[float, float]:
    """A linear span around ``[low, high]`` with room above and below.

    A flat line (``low == high``) gets a span of 10% of its value, or 1 around 0.
    """
    if high <= low:
        half = abs(low) * 0.1 or 1.0
        return low - half, low + half
    extra = (high - low) * pad
    return low - extra, high + extra


def log_padded(low: float, high: float, *, pad: float = PAD) -> tuple[float, float]:
    """A span in decades (``log10``) around positive ``[low, high]``."""
    a, b = math.log10(low), math.log10(high)
    if b <= a:
        return a - 0.5, b + 0.5
    extra = (b - a) * pad
    return a - extra, b + extra


def nice_step(span: float, count: int) -> float:
    """The 1, 2 or 5 x 10^k step giving about ``count`` ticks over ``span``."""
    raw = span / max(count, 1)
    if not raw > 0 or not math.isfinite(raw):
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    error = raw / power  # in [1, 10): round to the nearest of 1, 2, 5, 10 (geometrically)
    factor = 10 if error >= 7.07 else 5 if error >= 3.16 else 2 if error >= 1.41 else 1
    return factor * power


def linear_ticks(low: float, high: float, count: int = 5, *,
                 integer: bool = False) -> tuple[list[float], float]:
    """``(ticks, step)``: the multiples of a nice step inside ``[low, high]``.

    ``integer`` keeps the step a whole number (epochs).
    """
    step = nice_step(high - low, count)
    if integer:
        step = max(1.0, round(step))
    first = math.ceil(low / step - 1e-9)
    ticks = []
    k = first
    while len(ticks) < 50:
        t = k * step
        if t > high + step * 1e-9:
            break
        ticks.append(0.0 if abs(t) < step * 1e-9 else t)
        k += 1
    return ticks, step


def log_ticks(a: float, b: float) -> list[float]:
    """Tick exponents (``log10`` of the value) for a log axis spanning ``[a, b]`` decades.

    Whole decades, every second or fifth one when there are many; over fewer
    than three decades, the 2 and 5 multiples as well so that enough ticks show.
    """
    first, last = math.ceil(a - 1e-9), math.floor(b + 1e-9)
    decades = last - first + 1
    if decades >= 3:
        every = 1 if decades <= 7 else 2 if decades <= 14 else 5 if decades <= 35 else 20
        return [float(e) for e in range(first, last + 1) if e % every == 0]
    out = []
    for e in range(math.floor(a), math.ceil(b) + 1):
        for m in (1, 2, 5):
            t = e + math.log10(m)
            if a - 1e-9 <= t <= b + 1e-9:
                out.append(t)
    return out


def tick_label(value: float, step: float) -> str:
    """A short label for a tick ``value`` on a linear axis of spacing ``step``.

    ``0.25``, ``-3``, ``12k``, ``1.5M``, ``1e-3``, ``2.5e30``.
    """
    if value == 0:
        return "0"
    size = abs(value)
    if step <= 1e-3 or size >= 1e13:  # the whole axis in e-notation, never 0.0005
        return exp_label(value)
    for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if size >= scale and step >= scale / 10:
            return _decimal(value / scale, step / scale) + suffix
    return _decimal(value, step)


def log_labels(exponents: list[float]) -> list[str]:
    """Labels of log-axis ticks at ``10 ** e``: ``0.5, 1, 10`` or, when any is below
    0.1 or from 10k up, all in e-notation (``1e-4, 1e-3, 1e-2``)."""
    values = [10.0 ** e for e in exponents]
    if all(0.1 <= v < 1e4 for v in values):
        return [f"{v:.4g}" for v in values]
    return [exp_label(v) for v in values]


def exp_label(value: float) -> str:
    """``value`` in short scientific notation: ``1e-3``, ``2.5e-4``, ``-1e30``."""
    mantissa, _, exponent = f"{value:.2e}".partition("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"


def _decimal(value: float, step: float) -> str:
    places = max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0
    text = f"{value:.{min(places, 10)}f}"
    return "0" if text.strip("-0.") == "" else text


def value_text(value: float) -> str:
    """A value in a tooltip: four significant digits (``0.4123``, ``1.235e+04``)."""
    return f"{value:.4g}"


def x_text(x: float) -> str:
    """An x position in a tooltip: ``7`` for an epoch, ``3.25`` inside one."""
    return f"{x:g}"
