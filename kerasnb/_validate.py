"""The one place kerasnb checks arguments at its public boundary.

Every public function and widget checks what it is given with these helpers, so
every bad value gets the same kind of message: the argument's name in backticks,
what was expected and what was received (cut to about 200 characters)::

    `n` must be a positive integer. Received: n=0

Integers are anything ``numbers.Integral`` except ``bool`` (so ``np.int64(5)``
from a NumPy computation is welcome); reals are ``numbers.Real`` except
``bool``. Arrays are checked for emptiness, raggedness, dtype and finiteness
without copying more than needed.

Resource limits (how many units, layers, parameters, bytes of JSON, ...) live in
:data:`LIMITS`; a teacher raises one with :func:`set_limits`. Nothing a shared
link or a JSON file can hold may exhaust the kernel or the browser.
"""

from __future__ import annotations

import math
import numbers
import reprlib
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = [
    "LIMITS",
    "bad_value",
    "check_array",
    "check_bool",
    "check_choice",
    "check_class_names",
    "check_finite_array",
    "check_fraction",
    "check_int",
    "check_limit",
    "check_positive_int",
    "check_real",
    "check_str",
    "get_limits",
    "is_int",
    "is_real",
    "set_limits",
    "short_repr",
]

_MAX_REPR = 200

# Default caps. Big enough for every lesson and for keras.applications-sized models,
# small enough that a hostile link or file cannot freeze a 2-core laptop.
_DEFAULT_LIMITS: dict[str, int] = {
    "units": 65_536,            # Dense units / Conv filters / Embedding dims in one layer
    "layers": 2_000,            # layers in a model built from a spec
    "params": 50_000_000,       # total parameters of a model built from a spec
    "json_bytes": 2_000_000,    # a builder/playground JSON document
    "json_depth": 64,           # nesting depth of such a document
    "share_chars": 4_000,       # a Playground share string
    "resolution": 1_000,        # grid points per side of a decision-boundary style plot
    "samples": 10_000_000,      # generated samples (toy data sets)
    "pixels": 2_000,            # a stored picture's longest side
}
LIMITS: dict[str, int] = dict(_DEFAULT_LIMITS)


def short_repr(value: Any, limit: int = _MAX_REPR) -> str:
    """``repr(value)`` cut to about ``limit`` characters, safe on huge or odd objects."""
    r = reprlib.Repr()
    r.maxstring = limit
    r.maxother = limit
    r.maxlist = r.maxtuple = r.maxdict = r.maxset = 12
    r.maxlevel = 3
    try:
        text = r.repr(value)
    except Exception:  # a user object whose __repr__ fails
        text = f"<{type(value).__name__} object>"
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


def bad_value(name: str, expected: str, received: Any) -> ValueError:
    """A ValueError in the project's style: names the argument, the expected, the received."""
    return ValueError(f"`{name}` must be {expected}. Received: {name}={short_repr(received)}")


def bad_type(name: str, expected: str, received: Any) -> TypeError:
    """Like :func:`bad_value` for a wrong type; the message also names the received type."""
    return TypeError(f"`{name}` must be {expected}. Received: {name}={short_repr(received)} "
                     f"(of type {type(received).__name__})")


def is_int(value: Any) -> bool:
    """True for Python and NumPy integers, False for bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def is_real(value: Any) -> bool:
    """True for Python and NumPy integers and floats, False for bool."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_int(name: str, value: Any, *, low: int | None = None, high: int | None = None,
              expected: str | None = None) -> int:
    """An integer in ``[low, high]`` (either bound optional), returned as a Python int."""
    ok = is_int(value) and (low is None or value >= low) and (high is None or value <= high)
    if not ok:
        if expected is None:
            if low is not None and high is not None:
                expected = f"an integer from {low} to {high}"
            elif low is not None:
                expected = {0: "a non-negative integer", 1: "a positive integer"}.get(
                    low, f"an integer >= {low}")
            elif high is not None:
                expected = f"an integer <= {high}"
            else:
                expected = "an integer"
        raise bad_value(name, expected, value)
    return int(value)


def check_positive_int(name: str, value: Any, *, allow_zero: bool = False,
                       high: int | None = None) -> int:
    """A positive integer (or non-negative with ``allow_zero``), NumPy integers included."""
    return check_int(name, value, low=0 if allow_zero else 1, high=high)


def check_real(name: str, value: Any, *, low: float | None = None, high: float | None = None,
               low_open: bool = False, high_open: bool = False,
               expected: str | None = None) -> float:
    """A finite real number within the bounds, returned as a Python float."""
    try:
        v = float(value) if is_real(value) else math.nan
    except OverflowError:  # an integer too large for a float
        v = math.inf
    ok = math.isfinite(v)
    if ok:
        if low is not None:
            ok = v > low if low_open else v >= low
        if ok and high is not None:
            ok = v < high if high_open else v <= high
    if not ok:
        if expected is None:
            if low is not None and high is not None:
                lo, hi = "(" if low_open else "[", ")" if high_open else "]"
                expected = f"a number in {lo}{low}, {high}{hi}"
            elif low is not None:
                expected = f"a number {'>' if low_open else '>='} {low}"
            elif high is not None:
                expected = f"a number {'<' if high_open else '<='} {high}"
            else:
                expected = "a finite number"
        raise bad_value(name, expected, value)
    return v


def check_fraction(name: str, value: Any, *, low: float = 0.0, high: float = 1.0,
                   inclusive: bool = False) -> float:
    """A number strictly between ``low`` and ``high`` (or within, with ``inclusive``)."""
    return check_real(name, value, low=low, high=high, low_open=not inclusive,
                      high_open=not inclusive)


def check_bool(name: str, value: Any) -> bool:
    """True or False (NumPy booleans too); a truthy string such as "no" is refused."""
    import numpy as np

    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise bad_value(name, "True or False", value)


def check_str(name: str, value: Any, *, max_len: int = 10_000, allow_empty: bool = True) -> str:
    """A string no longer than ``max_len`` characters."""
    if not isinstance(value, str) or len(value) > max_len or (not allow_empty and not value):
        what = "a non-empty string" if not allow_empty else "a string"
        raise bad_value(name, f"{what} of at most {max_len} characters", value)
    return value


def check_choice(name: str, value: Any, choices: Iterable[Any]) -> Any:
    """One of ``choices`` (compared with ``==``; unhashable values are refused cleanly)."""
    choices = tuple(choices)
    try:  # an array or an odd object compared with a string must not raise here
        found = any(value is c or (not isinstance(value, bool) and bool(value == c))
                    for c in choices)
    except Exception:
        found = False
    if not found:
        listed = ", ".join(repr(c) for c in choices)
        raise bad_value(name, f"one of {listed}", value)
    return value


def check_class_names(name: str, value: Any, n: int | None = None) -> list[str] | None:
    """None, or a list/tuple/array of labels (made strings), at least ``n`` long when given."""
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, Iterable)) \
            or isinstance(value, Mapping):
        raise bad_value(name, "a list of class names", value)
    names = [str(v) for v in value]
    if n is not None and len(names) < n:
        raise bad_value(name, f"a list of at least {n} class names", value)
    return names


def check_array(name: str, value: Any, *, numeric: bool = True, min_ndim: int = 0,
                ndim: int | Sequence[int] | None = None, allow_empty: bool = False,
                finite: str | None = None) -> Any:
    """``value`` as a NumPy array, with a clear error for what would fail later.

    Args:
        name: the argument's name, for the message.
        value: an array, a list, a tensor (anything ``np.asarray`` reads).
        numeric: refuse strings, objects and ragged lists.
        min_ndim: the fewest dimensions accepted.
        ndim: exact number(s) of dimensions accepted.
        allow_empty: accept an array with no elements.
        finite: None (no check), "warn" (a visible warning naming the argument) or
            "error" (a ValueError) when NaN or inf is present.

    Returns:
        The array (not copied when ``value`` already is one).

    Raises:
        ValueError: naming ``name``, the expectation and (a short form of) the value.
    """
    import numpy as np

    if value is None:
        raise bad_value(name, "an array", value)
    if isinstance(value, (str, bytes)):
        raise bad_value(name, "a numeric array", value)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = np.asarray(value)
    except (ValueError, TypeError):
        raise bad_value(name, "an array whose rows all have the same shape (not a ragged list)",
                        value) from None
    if arr.dtype == object and numeric:
        raise bad_value(name, "a numeric array whose rows all have the same shape "
                        "(this one is ragged or holds objects)", value)
    if numeric and not (np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_):
        raise bad_value(name, f"a numeric array (got dtype {arr.dtype})", value)
    if arr.ndim < min_ndim:
        raise bad_value(name, f"an array with at least {min_ndim} dimensions "
                        f"(got shape {arr.shape})", value)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            dims = " or ".join(str(d) for d in allowed)
            raise bad_value(name, f"an array with {dims} dimensions (got shape {arr.shape})",
                            value)
    if not allow_empty and arr.size == 0:
        raise bad_value(name, f"a non-empty array (got shape {arr.shape})", value)
    if finite is not None and numeric and np.issubdtype(arr.dtype, np.inexact):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        if bad:
            message = (f"`{name}` holds {bad} NaN or infinite value{'s' if bad > 1 else ''} "
                       f"(of {arr.size}); Keras trains and predicts NaN from them")
            if finite == "error":
                raise ValueError(message + f". Received: {name} of shape {arr.shape}")
            warnings.warn(message + ".", UserWarning, stacklevel=3)
    return arr


def check_finite_array(name: str, value: Any, **kwargs: Any) -> Any:
    """:func:`check_array` with NaN/inf refused."""
    return check_array(name, value, finite="error", **kwargs)


def check_limit(what: str, name: str, value: int | float, *, hint: str = "") -> None:
    """Refuse ``value`` above ``LIMITS[what]`` with a message saying how to raise it."""
    cap = LIMITS[what]
    if value > cap:
        extra = f" {hint}" if hint else ""
        raise ValueError(
            f"`{name}` is {value:,}, over kerasnb's limit of {cap:,} for {what}.{extra} "
            f"To allow more, call kerasnb.set_limits({what}={int(value)}).")


def get_limits() -> dict[str, int]:
    """A copy of the resource limits in force."""
    return dict(LIMITS)


def set_limits(**limits: int) -> dict[str, int]:
    """Change resource limits (``units``, ``layers``, ``params``, ...); returns the old ones.

    Example:
        >>> old = kerasnb.set_limits(params=200_000_000)   # a teacher's big model
        >>> kerasnb.set_limits(**old)                       # back as it was
    """
    old = dict(LIMITS)
    for key, value in limits.items():
        if key not in LIMITS:
            raise bad_value("limit", f"one of {', '.join(sorted(LIMITS))}", key)
        LIMITS[key] = check_positive_int(key, value)
    return old


def reset_limits() -> None:
    """Back to the defaults (used by tests)."""
    LIMITS.clear()
    LIMITS.update(_DEFAULT_LIMITS)
