"""Checked settings of the model builder: traits that raise house-style ValueErrors,
and the checks of the constructor's arguments."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import traitlets

from .._utils import bad_value
from ._builder_layers import Param
from ._builder_task import METRICS


class Checked(traitlets.TraitType):
    """A trait checked like a layer parameter: bad values raise a house-style ValueError."""

    def __init__(self, param: Param, **kwargs: Any):
        super().__init__(default_value=param.default, **kwargs)
        self.param = param

    def validate(self, obj: Any, value: Any) -> Any:
        return self.param.check(value)


class Metrics(traitlets.TraitType):
    """A list of metric names from the compile panel's choices."""

    def make_dynamic_default(self) -> list:
        return []

    def validate(self, obj: Any, value: Any) -> list:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)) or any(m not in METRICS for m in value):
            raise bad_value("metrics", "a list drawn from " + ", ".join(map(repr, METRICS)),
                            value)
        return list(dict.fromkeys(value))


class NumClasses(traitlets.TraitType):
    """None, or a class count of at least 2."""

    default_value = None

    def validate(self, obj: Any, value: Any) -> int | None:
        if value is None:
            return None
        if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 2:
            raise bad_value("num_classes", "an integer >= 2 (or None)", value)
        return int(value)


def check_input_shape(value: Any) -> tuple:
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = (value,)
    ok = isinstance(value, (tuple, list)) and len(value) > 0 and all(
        d is None or isinstance(d, numbers.Integral) and not isinstance(d, bool) and d > 0
        for d in value)
    if not ok:
        raise bad_value("input_shape", "a tuple of positive integers like (28, 28, 1) "
                        "(the shape of one sample, without the batch axis)", value)
    return tuple(None if d is None else int(d) for d in value)


def check_data_pair(value: Any) -> tuple | None:
    if value is None:
        return None
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise bad_value("data", "a pair (x, y) of arrays", type(value).__name__)
    return np.asarray(value[0]), np.asarray(value[1])
