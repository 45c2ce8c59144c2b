"""KNB4xx: what the training history says (overfitting, divergence, no learning).

The analysis functions take plain lists of per-epoch values and are shared with
the live `Doctor` callback. Epoch indices are 0-based like Keras' ``epoch``
argument; messages count from 1 like Keras' progress bar ("Epoch 3/10").
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import keras

from .checks_output import num
from .registry import Hit, register

if TYPE_CHECKING:  # pragma: no cover
    from .context import Context

OVERFIT_RISE = 0.03  # val_loss must end this fraction above its best
DIVERGE_RISE = 0.25  # loss this fraction above its best for `patience` epochs
EXPLODE_FACTOR = 10.0  # loss this many times its best at once
FLAT_CHANGE = 0.01  # loss moved less than this fraction over the whole run
FLAT_MIN_EPOCHS = 4


def finite_prefix(values: Sequence[float]) -> list[float]:
    """The values up to (not including) the first NaN or inf."""
    out = []
    for v in values:
        if not math.isfinite(v):
            break
        out.append(float(v))
    return out


def first_nonfinite(values: Sequence[float]) -> int | None:
    return next((i for i, v in enumerate(values) if not math.isfinite(v)), None)


def _argmin(values: Sequence[float]) -> int:
    return min(range(len(values)), key=values.__getitem__)


def overfitting(loss: Sequence[float], val_loss: Sequence[float], patience: int = 3) -> int | None:
    """The epoch of the best val_loss, when it has risen since for ``patience`` epochs.

    Overfitting here means: at least ``patience`` epochs after its minimum, the
    validation loss is clearly above that minimum (the last value and the mean
    of the last ``patience`` values), while the training loss kept falling.
    """
    n = min(len(finite_prefix(loss)), len(finite_prefix(val_loss)))
    if n < patience + 1:
        return None
    loss, val = list(loss[:n]), list(val_loss[:n])
    best = _argmin(val)
    if n - 1 - best < patience:
        return None
    bar = val[best] + max(OVERFIT_RISE * abs(val[best]), 1e-4)
    recent = val[n - patience:]
    if val[-1] <= bar or sum(recent) / len(recent) <= bar:
        return None
    return best if loss[-1] < loss[best] else None


def divergence(loss: Sequence[float], patience: int = 3) -> int | None:
    """The epoch of the lowest loss, when the training loss has since blown up or kept rising."""
    loss = finite_prefix(loss)
    if len(loss) < 2:
        return None
    best = _argmin(loss)
    since = len(loss) - 1 - best
    scale = max(abs(loss[best]), 1e-8)
    if since >= 1 and loss[-1] - loss[best] > (EXPLODE_FACTOR - 1) * scale:
        return best
    if since >= patience and min(loss[-patience:]) - loss[best] > DIVERGE_RISE * scale:
        return best
    return None


def flat(loss: Sequence[float]) -> bool:
    """True when the training loss hardly moved over the whole run."""
    loss = finite_prefix(loss)
    if len(loss) < FLAT_MIN_EPOCHS:
        return False
    return max(loss) - min(loss) <= FLAT_CHANGE * max(abs(loss[0]), 1e-8)


def lower_lr_fix(model=None) -> str:
    """A compile line with a learning rate ten times lower than the model's."""
    try:
        lr = float(model.optimizer.learning_rate)
        name = type(model.optimizer).__name__
    except (AttributeError, TypeError, ValueError):
        lr, name = None, "Adam"
    if not hasattr(keras.optimizers, name):
        name = "Adam"
    if lr:
        return f"optimizer=keras.optimizers.{name}(learning_rate={lr / 10:.3g})  # now {lr:.3g}"
    return f"optimizer=keras.optimizers.{name}(learning_rate=1e-4)  # or 10x lower than now"


def _epoch_numbers(n: int, epochs: Sequence[int] | None) -> list[int]:
    """1-based epoch numbers for a series of ``n`` values."""
    return [e + 1 for e in epochs] if epochs is not None else list(range(1, n + 1))


def overfitting_hit(loss, val_loss, best: int, epochs: Sequence[int] | None = None) -> Hit:
    n = min(len(loss), len(val_loss))
    num_of = _epoch_numbers(n, epochs)
    return Hit(
        f"Overfitting: the validation loss was lowest at epoch {num_of[best]} "
        f"({num(val_loss[best])}) and has risen since, to {num(val_loss[n - 1])} at epoch "
        f"{num_of[n - 1]}, while the training loss kept falling ({num(loss[best])} to "
        f"{num(loss[n - 1])}). From epoch {num_of[best] + 1} on the model memorizes the "
        f"training data; its best weights were those of epoch {num_of[best]}.",
        fix=("keras.callbacks.EarlyStopping(monitor=\"val_loss\", patience=3, "
             "restore_best_weights=True)\n# and/or layers.Dropout(0.3) between Dense layers"),
        where="val_loss")


def nan_hit(key: str, epoch: int, model=None) -> Hit:
    """``epoch`` is 0-based."""
    if key == "loss":
        return Hit(
            f"The training loss became NaN or infinite at epoch {epoch + 1}: the weights "
            "blew up, so everything after that is lost. The usual cause is a learning "
            "rate that is too high (or NaN/inf in the data).",
            fix=lower_lr_fix(model) + "\n# knb.Doctor() stops training at the first NaN",
            where="loss")
    return Hit(
        f"`{key}` became NaN or infinite at epoch {epoch + 1} while the training loss "
        "stayed finite: the validation data probably contains NaN or inf values.",
        fix="np.isfinite(x_val).all(), np.isfinite(y_val).all()  # find the bad values",
        where=key)


def divergence_hit(loss, best: int, model=None, epochs: Sequence[int] | None = None) -> Hit:
    n = len(loss)
    num_of = _epoch_numbers(n, epochs)
    return Hit(
        f"Training is diverging: the training loss was lowest at epoch {num_of[best]} "
        f"({num(loss[best])}) and grew to {num(loss[n - 1])} by epoch {num_of[n - 1]}. "
        "Steps that are too big overshoot the minimum; lower the learning rate.",
        fix=lower_lr_fix(model), where="loss")


def flat_hit(loss) -> Hit:
    guess = ""
    value = loss[-1]
    for k in range(2, 1001):
        if abs(value - math.log(k)) < 0.01 * math.log(k):
            guess = (f" A loss of {num(value)} is what guessing uniformly among {k} classes "
                     f"gives (ln {k}).")
            break
    return Hit(
        f"The training loss stayed at about {num(value)} for all {len(loss)} epochs: the "
        f"model is not learning (or had already converged before this run).{guess} Check "
        "that the inputs are scaled and that y matches x; try a larger learning rate.",
        fix=("optimizer=keras.optimizers.Adam(learning_rate=1e-3)\n"
             "# and: knb.check(model, x, y) for the data and labels"),
        where="loss", severity="warning")


def logged(history: Mapping, *keys: str) -> tuple[list[int], ...]:
    """Epochs (0-based) and values of ``keys`` for the epochs that logged all of them.

    ``history`` is a `kerasnb.History` (its ``epoch`` numbers are used, so a run
    resumed with ``initial_epoch`` counts on) or a plain dict of lists.
    """
    columns = [history.get(k) or [] for k in keys]
    n = min(len(c) for c in columns)
    epoch = list(getattr(history, "epoch", None) or range(n))
    rows = [i for i in range(n) if all(c[i] is not None for c in columns)]
    return ([epoch[i] for i in rows],) + tuple([c[i] for i in rows] for c in columns)


@register("KNB401", "warning", needs=("history",))
def history_overfitting(ctx: Context) -> Iterator[Hit]:
    """Overfitting: val_loss rising for several epochs while loss falls."""
    epochs, loss, val = logged(ctx.history, "loss", "val_loss")
    best = overfitting(loss, val)
    if best is not None:
        yield overfitting_hit(loss, val, best, epochs)


@register("KNB402", "error", needs=("history",))
def history_nan(ctx: Context) -> Iterator[Hit]:
    """NaN or inf loss."""
    found_loss = False
    for key in ("loss", "val_loss"):
        epochs, values = logged(ctx.history, key)
        at = first_nonfinite(values)
        if at is None or (key == "val_loss" and found_loss):
            continue  # a NaN training loss already explains a NaN validation loss
        found_loss = key == "loss"
        yield nan_hit(key, epochs[at], ctx.model)


@register("KNB403", "error", needs=("history",))
def history_divergence(ctx: Context) -> Iterator[Hit]:
    """Divergence: the training loss grows."""
    epochs, loss = logged(ctx.history, "loss")
    loss = finite_prefix(loss)
    best = divergence(loss)
    if best is not None:
        yield divergence_hit(loss, best, ctx.model, epochs[:len(loss)])


@register("KNB404", "warning", needs=("history",))
def history_flat(ctx: Context) -> Iterator[Hit]:
    """No learning: the loss stays flat."""
    _, loss = logged(ctx.history, "loss")
    if flat(loss):
        yield flat_hit(finite_prefix(loss))


@register("KNB405", "info", needs=("history",))
def history_without_validation(ctx: Context) -> Iterator[Hit]:
    """No validation loss in the history."""
    if len(ctx.history.get("loss", [])) >= 2 and "val_loss" not in ctx.history:
        yield Hit(
            "The history has no validation loss, so overfitting cannot be seen: the "
            "training loss alone always looks good.",
            fix="model.fit(x, y, validation_split=0.2, ...)",
            where="history")
