"""What a compiled loss expects: probabilities or logits, class ids or one-hot rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import keras


@dataclass(frozen=True)
class LossInfo:
    """A loss as the checks see it."""

    name: str
    kind: str  # "binary" | "categorical" | "sparse" | "regression" | "other"
    from_logits: bool = False


_LOSS_KINDS = {
    "binary": ("binarycrossentropy", "binaryfocalcrossentropy", "bce"),
    "categorical": ("categoricalcrossentropy", "categoricalfocalcrossentropy", "cce"),
    "sparse": ("sparsecategoricalcrossentropy", "scce"),
    "regression": ("meansquarederror", "meanabsoluteerror", "meanabsolutepercentageerror",
                   "meansquaredlogarithmicerror", "huber", "logcosh", "mse", "mae", "mape",
                   "msle"),
}


def describe_loss(loss) -> LossInfo | None:
    if loss is None:
        return None
    shown = loss if isinstance(loss, str) else None
    obj = loss
    if isinstance(loss, str):
        try:
            obj = keras.losses.get(loss)
        except (ValueError, TypeError):
            obj = None
    if obj is None:
        name = str(loss)
    elif isinstance(obj, keras.losses.Loss):
        name = type(obj).__name__
        if name == "LossFunctionWrapper":
            name = getattr(getattr(obj, "fn", None), "__name__", name)
    else:
        name = getattr(obj, "__name__", type(obj).__name__)
    key = name.lower().replace("_", "")
    kind = next((k for k, names in _LOSS_KINDS.items() if key in names), "other")
    from_logits = False
    if isinstance(obj, keras.losses.Loss):
        try:
            from_logits = bool(obj.get_config().get("from_logits", False))
        except (NotImplementedError, TypeError, AttributeError):
            from_logits = False
    return LossInfo(shown or name, kind, from_logits)


def loss_for(loss: Any, names: list[str], i: int) -> Any:
    """The loss that applies to output ``i`` of a model compiled with ``loss``."""
    if isinstance(loss, dict):
        return loss.get(names[i])
    if isinstance(loss, (list, tuple)):
        return loss[i] if i < len(loss) else None
    return loss
