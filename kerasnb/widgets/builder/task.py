"""What the model is for: task inference, suggested loss and output, the default stack.

``task`` is "binary", "multiclass" or "regression". ``"auto"`` looks at
``num_classes`` first, then at the labels ``y`` if data was given.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..._validate import bad_value, check_choice

TASKS = ("binary", "multiclass", "regression")
LOSSES = ("binary_crossentropy", "sparse_categorical_crossentropy", "categorical_crossentropy",
          "mse", "mae", "huber")
CLASSIFICATION_LOSSES = LOSSES[:3]
METRICS = ("accuracy", "auc", "mae", "mse")
# Name shown in the compile panel -> class in keras.optimizers.
OPTIMIZERS = {"adam": "Adam", "sgd": "SGD", "rmsprop": "RMSprop", "adamw": "AdamW"}

_MAX_GUESSED_CLASSES = 50  # more distinct integer labels than this reads as regression
_LOSS = {"binary": "binary_crossentropy", "multiclass": "sparse_categorical_crossentropy",
         "regression": "mse"}
_METRICS = {"binary": ["accuracy"], "multiclass": ["accuracy"], "regression": ["mae"]}


def _is_one_hot(y: np.ndarray) -> bool:
    return (y.ndim == 2 and y.shape[1] > 1 and np.isin(y, (0, 1)).all()
            and np.allclose(y.sum(axis=1), 1))


def resolve_task(task: str, num_classes: int | None, y: Any = None) -> tuple[str, int | None,
                                                                             str | None]:
    """The concrete task and class count, plus a note when "auto" had to guess.

    Raises:
        ValueError: ``task`` or ``num_classes`` is not valid, or they contradict.
    """
    check_choice("task", task, ("auto", *TASKS))
    if num_classes is not None and (not isinstance(num_classes, (int, np.integer))
                                    or isinstance(num_classes, bool) or num_classes < 2):
        raise bad_value("num_classes", "an integer >= 2 (or None)", num_classes)
    num_classes = None if num_classes is None else int(num_classes)
    if task == "binary" and num_classes not in (None, 2):
        raise bad_value("num_classes", "2 (or None) when task='binary'", num_classes)
    if task == "regression" and num_classes is not None:
        raise bad_value("num_classes", "None when task='regression'", num_classes)
    if task != "auto":
        if task == "multiclass" and num_classes is None and y is not None:
            num_classes = classes_in(np.asarray(y))
        return task, (2 if task == "binary" else num_classes), None
    if num_classes is not None:
        return ("binary" if num_classes == 2 else "multiclass"), num_classes, None
    if y is None:
        return "regression", None, (
            "task='auto' had neither num_classes nor data to look at, so the model is set up "
            "for regression (one linear output). Pass num_classes=... for classification.")
    y = np.asarray(y)
    if _is_one_hot(y):
        return "multiclass", y.shape[1], None
    n = classes_in(y)
    if n is None or len(np.unique(y)) > _MAX_GUESSED_CLASSES:
        return "regression", None, None
    return ("binary", 2, None) if n <= 2 else ("multiclass", n, None)


def classes_in(y: np.ndarray) -> int | None:
    """Number of classes in integer or one-hot labels (None when it cannot tell)."""
    if _is_one_hot(y):
        return y.shape[1]
    if (y.size == 0 or not np.issubdtype(y.dtype, np.number) or not np.all(np.isfinite(y))
            or not np.all(y == np.round(y)) or y.min() < 0):
        return None
    return max(int(y.max()) + 1, 2)


def suggested_compile(task: str, y: Any = None) -> dict:
    """Loss and metrics that fit the task (categorical crossentropy for one-hot labels)."""
    loss = _LOSS[task]
    if task == "multiclass" and y is not None and _is_one_hot(np.asarray(y)):
        loss = "categorical_crossentropy"
    return {"loss": loss, "metrics": list(_METRICS[task])}


def output_entry(task: str, num_classes: int | None) -> dict:
    """The output layer the task needs."""
    if task == "binary":
        return {"kind": "Dense", "units": 1, "activation": "sigmoid"}
    if task == "multiclass":
        return {"kind": "Dense", "units": num_classes or 10, "activation": "softmax"}
    return {"kind": "Dense", "units": 1, "activation": "linear"}


def default_stack(input_shape: tuple, task: str, num_classes: int | None) -> list[dict]:
    """A small, sensible stack for the input: dense for vectors, conv for images."""
    stack: list[dict] = []
    if len(input_shape) == 3 and None not in input_shape[:2]:
        side = min(input_shape[:2])
        for filters in (16, 32)[: 2 if side >= 16 else 1 if side >= 6 else 0]:
            stack += [{"kind": "Conv2D", "filters": filters, "kernel_size": 3},
                      {"kind": "MaxPooling2D", "pool_size": 2}]
    if len(input_shape) > 1:
        stack.append({"kind": "Flatten"})
    units = 64 if len(input_shape) > 1 else 16
    stack.append({"kind": "Dense", "units": units, "activation": "relu"})
    if len(input_shape) == 1:
        stack.append({"kind": "Dense", "units": units, "activation": "relu"})
    stack.append(output_entry(task, num_classes))
    return stack
