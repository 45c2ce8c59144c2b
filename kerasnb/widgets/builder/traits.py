"""Checked settings of the model builder: traits that raise house-style ValueErrors,
and the checks of the constructor's arguments."""

from __future__ import annotations

from typing import Any

import traitlets

from ..._validate import bad_value, check_array, is_int
from .params import Param, input_shape_of
from .task import METRICS


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
        if not is_int(value) or value < 2:
            raise bad_value("num_classes", "an integer >= 2 (or None)", value)
        return int(value)


def check_input_shape(value: Any) -> tuple:
    return input_shape_of("input_shape", value)


def check_data_pair(value: Any) -> tuple | None:
    if value is None:
        return None
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise bad_value("data", "a pair (x, y) of arrays", type(value).__name__)
    return (check_array("data", value[0], min_ndim=1, allow_empty=False),
            check_array("data", value[1], min_ndim=1, allow_empty=False))
