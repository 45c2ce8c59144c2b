"""Run a model on data and say what kind of answer it gives: class probabilities or values.

Shared by ``show_predictions``, ``confusion_matrix`` and ``decision_boundary``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._utils import bad_value, check_choice

TASKS = ("classification", "regression")


@dataclass
class Predictions:
    task: str  # "classification" or "regression"
    probs: np.ndarray | None = None  # (n, k) class probabilities, k >= 2
    values: np.ndarray | None = None  # (n,) regression outputs

    @property
    def predicted(self) -> np.ndarray:
        return self.probs.argmax(axis=1)

    @property
    def num_classes(self) -> int:
        return 0 if self.probs is None else self.probs.shape[1]


def raw_outputs(model, x: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """The model's single output for ``x`` as a (n, units) float array."""
    import keras

    outputs = getattr(model, "outputs", None) or []
    if len(outputs) > 1:
        raise bad_value("model", "a model with one output for this view",
                        f"{model.name} with {len(outputs)} outputs")
    if len(x) <= batch_size:  # one call: much faster than predict() for small inputs
        out = keras.ops.convert_to_numpy(model(x, training=False))
    else:
        out = model.predict(x, batch_size=batch_size, verbose=0)
    out = np.asarray(out, dtype=np.float32)
    if out.ndim == 1:
        out = out[:, None]
    if out.ndim != 2:
        raise bad_value("model", "a model that outputs one vector per sample",
                        f"{model.name} with output shape {out.shape}")
    return out


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _looks_binary(y) -> bool:
    if y is None:
        return False
    values = np.unique(np.asarray(y).reshape(-1))
    return values.size <= 2 and set(values.tolist()) <= {0, 1}


def _last_activation(model) -> str:
    fn = getattr(model.layers[-1], "activation", None) if model.layers else None
    return getattr(fn, "__name__", "")


def interpret(model, out: np.ndarray, y=None, task: str | None = None) -> Predictions:
    """Class probabilities or regression values from raw outputs, by task or by guess."""
    if task is not None:
        check_choice("task", task, TASKS)
    units = out.shape[1]
    if task is None:
        binary = _last_activation(model) == "sigmoid" or _looks_binary(y)
        task = "classification" if units > 1 or binary else "regression"
    if task == "regression":
        if units != 1:
            raise bad_value("task", "'classification' for a model with several outputs per "
                            "sample (regression views show one value per sample)",
                            f"{task} with {units} outputs")
        return Predictions("regression", values=out[:, 0])
    if units == 1:
        p = out[:, 0]
        if p.min(initial=0.0) < 0.0 or p.max(initial=0.0) > 1.0:  # logits
            p = 1.0 / (1.0 + np.exp(-p))
        return Predictions("classification", probs=np.stack([1.0 - p, p], axis=1))
    rows_are_probs = out.min() >= -1e-6 and np.allclose(out.sum(axis=1), 1.0, atol=1e-3)
    return Predictions("classification", probs=out if rows_are_probs else _softmax(out))


def predict(model, x: np.ndarray, y=None, task: str | None = None) -> Predictions:
    return interpret(model, raw_outputs(model, x), y, task)


def refuse_nan_predictions(model, result: Predictions) -> None:
    """Views that count right answers refuse NaN predictions (argmax would call them class 0)."""
    values = result.probs if result.probs is not None else result.values
    bad = int(np.count_nonzero(~np.isfinite(values).reshape(len(values), -1).all(axis=1)))
    if bad:
        raise ValueError(
            f"`model` predicts NaN or inf for {bad} of {len(values)} samples, so right and "
            f"wrong answers cannot be counted (its weights may hold NaN after a diverged "
            f"training). Received: model {model.name!r}")
