"""Where one ``fit()`` call is at: the state `LivePlot` resets in ``on_train_begin``.

A `Run` places epochs and batches on the plot's x axis (a second ``fit()``
continues after the first, ``initial_epoch=k`` resumes at k), times the epochs,
and words the status line: progress, ETA, how it ended. It draws nothing and
holds no numbers of its own (those are the `Recording`'s).
"""

from __future__ import annotations

import math
import sys
import threading
import time
from collections.abc import Mapping
from typing import Any

from .record import Recording


class Run:
    """The state of the ``fit()`` running (or last run), reset at each ``on_train_begin``.

    Args:
        params: Keras' callback ``params`` (``epochs``, ``steps``), if known.
    """

    def __init__(self, params: Mapping[str, Any] | None = None) -> None:
        params = params or {}
        self.epochs: int | None = params.get("epochs")
        self.steps: int | None = params.get("steps")
        self.steps_seen: int | None = None  # batches per epoch, counted when Keras does not say
        self.offset: float | None = None  # epochs plotted before this fit() (x of epoch 0 is offset + 1)
        self.epoch: int | None = None  # the epoch in progress, None between epochs
        self.last_epoch: int | None = None
        self.epoch_started: float | None = None
        self.epoch_seconds: list[float] = []
        self.batches = 0
        self.note: str | None = None  # how the run ended, once it has
        self.running = False
        self.thread = threading.current_thread()
        self.started = time.perf_counter()

    # -- the x axis -------------------------------------------------------------------

    def anchor(self, epoch: int, rec: Recording) -> None:
        """Fix the offset at the first epoch seen: continue after what ``rec`` already plots."""
        if self.offset is None:
            self.offset = max(rec.last_x - epoch, 0.0)

    @property
    def planned_end(self) -> float | None:
        """The x of the running fit's last epoch (None outside a fit or before its first epoch)."""
        if not self.running or self.offset is None or not self.epochs:
            return None
        return self.offset + self.epochs

    def mark_x(self, epoch: int) -> float:
        """Where a mark for Keras' ``epoch`` goes (outside ``fit()``: at ``epoch`` itself)."""
        return float(epoch) if self.offset is None else self.offset + int(epoch) + 1

    def begin_epoch(self, epoch: int, rec: Recording) -> None:
        self.anchor(epoch, rec)
        self.epoch = epoch
        self.epoch_started = time.perf_counter()
        self.batches = 0

    def end_epoch(self, epoch: int, rec: Recording) -> float:
        """Close ``epoch``; returns its x position."""
        self.anchor(epoch, rec)
        if self.epoch_started is not None:
            self.epoch_seconds.append(time.perf_counter() - self.epoch_started)
        self.last_epoch, self.epoch, self.epoch_started = epoch, None, None
        self.steps_seen = self.batches or self.steps_seen
        return self.offset + epoch + 1

    def batch_x(self, batch: int) -> float:
        """The x position of the end of ``batch`` inside the epoch in progress."""
        steps = self.steps or self.steps_seen
        fraction = min((batch + 1) / steps, 1.0) if steps else (batch + 1) / (batch + 2)
        return (self.offset or 0.0) + (self.epoch if self.epoch is not None else 0) + fraction

    # -- how it ends ------------------------------------------------------------------

    def end(self, model: Any) -> None:
        """``fit()`` returned: note whether it ran all its epochs or stopped early."""
        self.running = False
        total = self.epochs
        done = 0 if self.last_epoch is None else self.last_epoch + 1
        took = seconds(time.perf_counter() - self.started)
        before = self.offset or 0.0  # epochs plotted by earlier fit() calls
        if (model is not None and getattr(model, "stop_training", False) and total
                and done < total):
            self.note = f"stopped early at epoch {before + done:g}/{before + total:g} ({took})"
        elif total:
            self.note = f"done: {before + done:g}/{before + total:g} epochs in {took}"

    def stop(self, rec: Recording) -> tuple[float, str]:
        """``fit()`` was interrupted: ``(x, text)`` of the mark saying where."""
        if self.epoch is not None:
            number = (self.offset or 0.0) + self.epoch + 1
            x = rec.batch_x[-1] if rec.batch_x and rec.batch_x[-1] > number - 1 else number - 1
            text = f"stopped at epoch {number:g}"
        else:
            x = rec.last_x
            text = f"stopped after epoch {x:g}"
        self.note = text
        self.running = False
        self.epoch = None
        return x, text

    def fit_active(self, model: Any) -> bool:
        """Whether the ``fit()`` of ``model`` that started this run is still on a call stack."""
        thread = self.thread
        if thread is not threading.current_thread():
            return thread.is_alive()
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_name == "fit" and frame.f_locals.get("self") is model:
                return True
            frame = frame.f_back
        return False

    # -- the status line --------------------------------------------------------------

    def status(self, rec: Recording) -> str:
        """Progress or how the run ended, the best epoch, and any value not finite."""
        parts = []
        if self.note:
            parts.append(self.note)
        elif self.running and self.epochs:
            parts.extend(self._progress())
        elif len(rec):
            parts.append(f"epoch {rec.last_x:g}")
        best = rec.best()
        if best is not None:
            parts.append(f"best {best[0]} {best[2]:.4g} at epoch {best[1]:g}")
        bad = [key for key, column in rec.columns.items()
               if any(v is not None and not math.isfinite(v) for v in column[-1:])]
        if bad:
            parts.append(f"not finite: {', '.join(bad)}")
        return " · ".join(parts)

    def _progress(self) -> list[str]:
        total = self.epochs
        times = self.epoch_seconds
        before = self.offset or 0.0  # epochs plotted by earlier fit() calls
        now = time.perf_counter()
        if self.epoch is not None and self.batches and self.steps:
            into = now - (self.epoch_started or now)
            per_epoch = sum(times) / len(times) if times else into * self.steps / self.batches
            left = per_epoch * (total - self.epoch - 1) + max(per_epoch - into, 0.0)
            return [f"epoch {before + self.epoch + 1:g}/{before + total:g}, "
                    f"batch {self.batches}/{self.steps}",
                    f"ETA {seconds(left)}"]
        done = (self.last_epoch + 1) if self.last_epoch is not None else 0
        parts = [f"epoch {before + done:g}/{before + total:g}"]
        if times:
            per_epoch = sum(times) / len(times)
            parts.append(f"{seconds(per_epoch)}/epoch")
            parts.append(f"ETA {seconds(per_epoch * max(total - done, 0))}")
        return parts


def seconds(s: float) -> str:
    """A duration as a person reads it: "4.2 s", "3 min 05 s", "1 h 02 min"."""
    if s < 60:
        return f"{s:.1f} s" if s < 10 else f"{s:.0f} s"
    if s < 3600:
        return f"{int(s // 60)} min {int(s % 60):02d} s"
    return f"{int(s // 3600)} h {int(s % 3600 // 60):02d} min"
