"""What a saliency map explains: a score per sample, read from the model's output.

A ``Target`` turns ``saliency(..., target=...)`` into a function of the output
(built on ``keras.ops``, so any backend's gradient can run through it): a
class index for classifiers, the value for a regressor, an output channel (or
every pixel's predicted class) for a segmentation or image output, or the
user's own function of the output (and, optionally, of the input).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validate import bad_value, is_int


def output_kind(model, output) -> str:
    """"classes", "binary", "value" (one regression output) or "map" (an image or sequence)."""
    if len(output.shape) > 2:
        return "map"
    if output.shape[-1] != 1:
        return "classes"
    fn = getattr(model.layers[-1], "activation", None) if model.layers else None
    return "binary" if getattr(fn, "__name__", "") == "sigmoid" else "value"


class Target:
    """What a saliency map explains: a score per sample, from the model's output.

    Attributes:
        describe: the words for the picture's title.
        classes: per sample, the class (or output unit / channel) explained, or None.
    """

    def __init__(self, kind: str, target: Any, preds: np.ndarray, k: int) -> None:
        self.kind, self.classes, self._fn = kind, None, None
        self._sign = None
        if callable(target):
            self._fn = target
            self.describe = getattr(target, "__name__", "target")
            if self.describe == "<lambda>":
                self.describe = "target(output)"
            return
        if kind == "value":
            if target is not None and not (is_int(target) and target == 0):
                raise bad_value("target", "None, 0 (the model's one output) or a function of "
                                "the output", target)
            self.describe = "the predicted value"
            return
        if kind == "map":
            channels = int(preds.shape[-1])
            if target is None:
                self.describe = ("each pixel's predicted class" if channels > 1 else
                                 "the mean output")
                return
            if not is_int(target) or not 0 <= target < channels:
                raise bad_value("target", f"an output channel from 0 to {channels - 1} or a "
                                "function of the output", target)
            self.classes = np.full(len(preds), int(target))
            self.describe = f"output channel {int(target)}"
            return
        predicted = (preds[:, 0] > 0.5).astype(int) if kind == "binary" else preds.argmax(-1)
        if target is None:
            self.classes = predicted
        elif is_int(target) and 0 <= target < k:
            self.classes = np.full(len(preds), int(target))
        else:
            raise bad_value("target", f"a class index from 0 to {k - 1} or a function of the "
                            "output", target)
        self.predicted = predicted
        self.describe = ""

    def __call__(self, output, inputs):
        """The per-sample score (keras.ops on the model's output)."""
        from keras import ops

        if self._fn is not None:
            value = self._fn(output, inputs) if _takes_two(self._fn) else self._fn(output)
            value = ops.convert_to_tensor(value)
            while len(value.shape) > 1:
                value = ops.sum(value, axis=-1)
            return value
        if self.kind == "value":
            return output[:, 0]
        if self.kind == "map":
            axes = tuple(range(1, len(output.shape) - 1))
            if self.classes is not None:
                return ops.sum(output[..., int(self.classes[0])], axis=axes)
            if output.shape[-1] > 1:
                return ops.sum(ops.max(output, axis=-1), axis=axes)
            return ops.mean(output, axis=tuple(range(1, len(output.shape))))
        if self.kind == "binary":
            sign = ops.convert_to_tensor(np.where(self.classes == 1, 1.0, -1.0), output.dtype)
            return output[:, 0] * sign
        onehot = ops.one_hot(ops.convert_to_tensor(self.classes), output.shape[-1],
                             dtype=output.dtype)
        return ops.sum(output * onehot, axis=-1)


def _takes_two(fn) -> bool:
    import inspect

    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2 or any(p.kind == p.VAR_POSITIONAL for p in params)
