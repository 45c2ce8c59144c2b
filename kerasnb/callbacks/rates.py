"""The learning rates LivePlot draws: one per optimizer that trains the model."""

from __future__ import annotations

from typing import Any

import keras

from .record import as_number


def optimizer_rates(model: Any) -> dict[str, float]:
    """The learning rate of each optimizer that trains the model.

    One optimizer gives ``learning_rate``; a model trained by several (a GAN
    with a custom ``train_step`` holding ``d_optimizer`` and ``g_optimizer``)
    gives ``learning_rate_<attribute>`` each. Optimizers that never took a
    step (the compiled default a custom ``train_step`` never uses) are left
    out when others did.
    """
    found = _optimizers(model)
    stepped = {name: opt for name, opt in found.items() if _steps_taken(opt)}
    found = stepped or found
    rates = {}
    for name, optimizer in found.items():
        rate = _rate(optimizer)
        if rate is not None:
            rates[name] = rate
    if len(rates) == 1:
        return {"learning_rate": next(iter(rates.values()))}
    return {f"learning_rate_{name}": rate for name, rate in rates.items()}


def _optimizers(model: Any) -> dict[str, Any]:
    """The model's optimizers by attribute name: ``optimizer`` and any other it holds."""
    found: dict[str, Any] = {}
    if model is None:
        return found
    Optimizer = keras.optimizers.Optimizer
    main = getattr(model, "optimizer", None)
    if isinstance(main, Optimizer):
        found["optimizer"] = main
    for name, value in getattr(model, "__dict__", {}).items():
        if isinstance(value, Optimizer) and not name.startswith("_") and value is not main:
            found[name] = value
    return found


def _steps_taken(optimizer: Any) -> int:
    try:
        return int(as_number(keras.ops.convert_to_numpy(optimizer.iterations)) or 0)
    except Exception:  # an optimizer without a step counter
        return 0


def _rate(optimizer: Any) -> float | None:
    try:
        rate = getattr(optimizer, "learning_rate", None)
        if hasattr(rate, "numpy"):  # a keras.Variable, or a tensor from a schedule
            rate = rate.numpy()
        return as_number(rate)
    except Exception:  # an optimizer without a readable rate: no panel, no crash
        return None
