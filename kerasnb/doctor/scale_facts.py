"""Is an input on a scale a network handles well? Robust statistics, not ``max > 20``.

Looked at per feature (the last axis) on at most a few thousand samples, with
percentiles instead of the extremes, so one outlier or a heavy tail does not
decide. Data that was prepared on purpose is left alone: standardized features
(mean about 0, standard deviation about 1, whatever their tails) and centred
images (mean-subtracted, as ``keras.applications.*.preprocess_input`` in the
"caffe" mode leaves them, about -124..152).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SCALE_LIMIT = 20.0  # a feature whose 1st-99th percentile range reaches beyond +-20
MAX_ROWS = 1024  # samples looked at
MAX_VALUES = 500_000  # values looked at (large images: fewer samples)


@dataclass(frozen=True)
class Scale:
    """What the inputs look like, on the samples looked at."""

    lo: float  # 1st percentile of the feature reaching furthest
    hi: float  # 99th percentile of that feature
    low: float  # smallest value seen
    high: float  # largest value seen
    whole: bool  # every value a whole number
    pixels: bool  # whole numbers 0..255 in an image-shaped array
    prepared: bool  # standardized or centred on purpose


def sample(x: np.ndarray) -> np.ndarray:
    """At most `MAX_ROWS` samples (evenly spread), fewer for large samples."""
    per_sample = max(int(np.prod(x.shape[1:], dtype=np.int64)), 1)
    rows = max(1, min(MAX_ROWS, MAX_VALUES // per_sample, len(x)))
    if rows >= len(x):
        return x
    step = len(x) / rows
    return x[(np.arange(rows) * step).astype(np.int64)]


def measure(x: np.ndarray) -> Scale | None:
    """Robust scale facts of a numeric array of samples (rows with NaN/inf left out)."""
    part = sample(x)
    flat = part.reshape(len(part), -1) if part.ndim <= 2 else part.reshape(-1, part.shape[-1])
    # float32 holds uint8/int16/float16/float32 values exactly: no float64 copy of the sample.
    values = flat.astype(np.result_type(flat.dtype, np.float32), copy=False)
    if not np.isfinite(values).all():
        keep = np.isfinite(values).all(axis=1)
        values = values[keep] if keep.any() else np.nan_to_num(values, posinf=0, neginf=0)
    p_lo, p_hi = np.percentile(values, [1, 99], axis=0, method="nearest")
    mean, std = values.mean(axis=0, dtype=np.float64), values.std(axis=0)
    reach = np.nan_to_num(np.maximum(np.abs(p_lo), np.abs(p_hi)))
    j = int(np.argmax(reach))
    low, high = float(values.min()), float(values.max())
    whole = bool(np.issubdtype(x.dtype, np.integer)) or bool(
        np.all(np.mod(values.reshape(-1)[:4096], 1) == 0))
    standardized = bool(np.all((np.abs(mean) <= 0.5) & (std >= 0.2) & (std <= 5.0)))
    centred_image = x.ndim >= 3 and low < 0 < high and bool(
        np.all(np.abs(mean) <= 0.5 * np.maximum(std, 1e-12)))
    return Scale(float(p_lo[j]), float(p_hi[j]), low, high, whole,
                 pixels=x.ndim >= 3 and whole and low >= 0 and high <= 255,
                 prepared=standardized or centred_image)


def too_large(scale: Scale) -> bool:
    return not scale.prepared and max(abs(scale.lo), abs(scale.hi)) > SCALE_LIMIT
