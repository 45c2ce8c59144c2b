"""`knb.Doctor`: a callback that watches training for the classic problems.

It reports overfitting and divergence as they happen (once per episode), and on
a NaN or infinite loss it reports and, by default, stops training. Alone in a
callbacks list it prints each finding once; given a plot (``LivePlot(doctor=True)``
does that) it marks the plot instead.
"""

from __future__ import annotations

import math
from typing import Any

import keras

from .._history import History
from .._utils import say
from .._validate import check_bool, check_positive_int
from . import checks_history as ch
from .api import check
from .registry import CHECKS, Hit
from .report import Finding, Report

# Compiling and building are fit()'s own business by the time training begins.
_NOT_DURING_FIT = ("KNB301", "KNB302")


class Doctor(keras.callbacks.Callback):
    """Watch training for overfitting, divergence and NaN losses.

    Checks run at the end of every epoch (Doctor overrides no batch hook, so
    training keeps its speed). At the start of training the model itself is
    checked with `knb.check` and its errors and warnings are printed.

    Args:
        stop_on_nan: Stop training (``model.stop_training = True``) as soon as
            the training loss is NaN or infinite.
        patience: Epochs a trend must last before it is reported: the validation
            loss rising above its best (overfitting) or the training loss rising
            (divergence).
        plot: Where to mark what is found: any object with a
            ``mark(epoch, kind, text)`` method, such as a `knb.LivePlot`. Kinds
            used: ``"overfitting"``, ``"divergence"``, ``"nan"``, ``"info"``.
            Without a plot, findings are printed.

    Attributes:
        findings: The `Finding` objects of the current (or last) run, in order.
        history: Per-epoch values seen in the current run, a `kerasnb.History`
            (``doctor.history["loss"]``; ``None`` where a value was not logged).
        stopped_epoch: The 0-based epoch at which Doctor stopped training, or None.

    Example:
        >>> model.fit(x, y, validation_split=0.2, epochs=30,
        ...           callbacks=[knb.Doctor(patience=3)])
    """

    def __init__(self, *, stop_on_nan: bool = True, patience: int = 3,
                 plot: Any = None) -> None:
        super().__init__()
        stop_on_nan = check_bool("stop_on_nan", stop_on_nan)
        self.patience = check_positive_int("patience", patience)
        if plot is not None and not callable(getattr(plot, "mark", None)):
            raise ValueError("`plot` must have a mark(epoch, kind, text) method, like a "
                             f"knb.LivePlot. Received: plot of type {type(plot).__name__}")
        self.stop_on_nan = stop_on_nan
        self.plot = plot
        self._reset()

    def _reset(self) -> None:
        self.findings: list[Finding] = []
        self.stopped_epoch: int | None = None
        self._rows: list[tuple[int, dict[str, float]]] = []
        self._reported: set[tuple] = set()

    @property
    def history(self) -> History:
        """Per-epoch values of the current (or last) run, aligned by epoch."""
        keys = dict.fromkeys(k for _, row in self._rows for k in row)
        return History({k: [row.get(k) for _, row in self._rows] for k in keys},
                       epoch=[e for e, _ in self._rows])

    @property
    def report(self) -> Report:
        """The findings so far as a `Report`."""
        return Report(self.findings)

    # -- Keras hooks ---------------------------------------------------------------------
    def on_train_begin(self, logs: dict | None = None) -> None:
        self._reset()
        try:
            found = check(self.model)
        except Exception:  # checking must never break training
            return
        for finding in found:
            if finding.severity in ("error", "warning") and finding.code not in _NOT_DURING_FIT:
                self.findings.append(finding)
                say(f"knb.Doctor: {finding}")

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        row = {}
        for key, value in (logs or {}).items():
            try:
                row[key] = float(value)
            except (TypeError, ValueError):
                continue
        self._rows.append((epoch, row))
        self._watch_nan(epoch, row)
        self._watch_overfitting()
        self._watch_divergence()

    def on_train_end(self, logs: dict | None = None) -> None:
        epochs, loss = self._series("loss")
        if ch.flat(loss) and len(ch.finite_prefix(loss)) == len(loss):
            self._found("KNB404", ch.flat_hit(loss), epochs[-1], "info", "loss flat: no learning")

    # -- what is watched -----------------------------------------------------------------
    def _series(self, *keys: str) -> tuple[list[int], ...]:
        """Epoch numbers and the values of ``keys`` for epochs that logged them all."""
        rows = [(e, r) for e, r in self._rows if all(k in r for k in keys)]
        return ([e for e, _ in rows],) + tuple([r[k] for _, r in rows] for k in keys)

    def _watch_nan(self, epoch: int, row: dict[str, float]) -> None:
        loss = row.get("loss")
        if loss is not None and not math.isfinite(loss):
            text = "loss is NaN" + (": training stopped" if self.stop_on_nan else "")
            self._found("KNB402", ch.nan_hit("loss", epoch, self.model), epoch, "nan", text)
            if self.stop_on_nan:
                self.model.stop_training = True
                if self.stopped_epoch is None:
                    self.stopped_epoch = epoch
            return
        val = row.get("val_loss")
        if val is not None and not math.isfinite(val):
            self._found("KNB402", ch.nan_hit("val_loss", epoch), epoch, "nan", "val_loss is NaN")

    def _watch_overfitting(self) -> None:
        epochs, loss, val = self._series("loss", "val_loss")
        best = ch.overfitting(loss, val, self.patience)
        if best is None:
            return
        hit = ch.overfitting_hit(loss, val, best, epochs)
        self._found("KNB401", hit, epochs[best], "overfitting",
                    f"overfitting: val_loss rising after epoch {epochs[best] + 1}",
                    episode=epochs[best])

    def _watch_divergence(self) -> None:
        epochs, loss = self._series("loss")
        best = ch.divergence(loss, self.patience)
        if best is None:
            return
        n = len(ch.finite_prefix(loss))
        hit = ch.divergence_hit(loss[:n], best, self.model, epochs[:n])
        self._found("KNB403", hit, epochs[best], "divergence",
                    f"diverging: loss rising after epoch {epochs[best] + 1}",
                    episode=epochs[best])

    def _found(self, code: str, hit: Hit, epoch: int, kind: str, text: str, *,
               episode: Any = None) -> bool:
        """Record a finding unless already reported (for this episode); True if new."""
        key = (code, hit.where, episode)
        if key in self._reported:
            return False
        self._reported.add(key)
        finding = Finding(code, hit.severity or CHECKS[code].severity, hit.message, hit.fix,
                          hit.where)
        self.findings.append(finding)
        if self.plot is not None:
            self.plot.mark(int(epoch), kind, text)
        else:
            say(f"knb.Doctor: {finding}")
        return True
