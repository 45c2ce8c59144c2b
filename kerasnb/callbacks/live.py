"""`LivePlot`: live loss and metric curves while a Keras model trains.

The callback only collects numbers (a `Recording`), decides when a redraw is
due, and hands a `Scene` to its output backend (plotly, matplotlib or text,
picked once at construction). Drawing is throttled by time and by its own cost,
so watching the curves costs about what a progress bar costs.
"""

from __future__ import annotations

import math
import numbers
import sys
import threading
import time
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import keras

from .._validate import bad_value, check_bool, check_choice, check_positive_int, check_real
from . import backends
from .backends.base import Output, ipython_shell
from .rates import optimizer_rates
from .record import MARK_KINDS, Recording, as_number, base_name, check_metrics, is_lr
from .scene import LR_PANEL, Scene, build_scene

# Redraws take at most about this share of the wall time, whatever a frame costs.
DRAW_BUDGET = 0.03


class LivePlot(keras.callbacks.Callback):
    """Live loss and metric curves, updated while ``model.fit`` runs.

    Each metric shares a panel with its ``val_`` twin; the learning rate gets
    its own panel (read from the optimizer when it is not in the logs, so
    schedules and ``ReduceLROnPlateau`` show); a status line gives epoch
    progress, ETA and the best epoch (lowest ``val_loss``, else ``loss``),
    which is also starred. NaN and infinite values are drawn as gaps and
    flagged. One instance serves several ``fit()`` calls: the curves continue
    (``reset()`` starts over). If training is interrupted (Ctrl-C, Kernel >
    Interrupt) the plot stays, marked "stopped at epoch N".

    Args:
        metrics: names of the panels to show (``"loss"``, ``"accuracy"``, ...;
            ``val_`` twins come along). Default: every logged metric. A name
            that never shows up in the logs is a warning naming the ones that do.
        update: ``"epoch"`` redraws after each epoch; ``"batch"`` also streams
            the running training values inside each epoch.
        every: redraw every ``every`` epochs (``update="epoch"``) or record
            every ``every``-th batch (``update="batch"``). Default: all.
        max_fps: at most this many redraws per second (fewer when a frame is
            slow to draw); the final state is always drawn.
        backend: ``"auto"`` (by front end: plotly in JupyterLab, Notebook 7 and
            VS Code; matplotlib in Colab; one final PNG in a headless kernel;
            text in a terminal), ``"plotly"``, ``"matplotlib"``, ``"text"``, or
            an `kerasnb.callbacks.backends.Output` instance.
        log_y: logarithmic y axes for the metric panels.
        show_lr: show the learning-rate panel when the rate is known.
        title: a title shown before the status line.
        doctor: ``True`` to watch training with `kerasnb.doctor.live.Doctor`
            (marks overfitting, divergence and NaN on the plot), or a Doctor
            instance.

    Raises:
        ValueError: an argument has the wrong type or value.
        ImportError: ``doctor=True`` but the doctor is not available.

    Example:
        >>> live = knb.LivePlot()
        >>> model.fit(x, y, validation_split=0.2, epochs=20, callbacks=[live])
        >>> live.history["val_loss"][-1]
        >>> live.save("training.png")
    """

    def __init__(self, metrics: Sequence[str] | str | None = None, *, update: str = "epoch",
                 every: int | None = None, max_fps: float = 4, backend: str | Output = "auto",
                 log_y: bool = False, show_lr: bool = True, title: str | None = None,
                 doctor: bool | keras.callbacks.Callback = False) -> None:
        super().__init__()
        self.metrics = check_metrics(metrics)
        self.mode = check_choice("update", update, ("epoch", "batch"))
        self.every = None if every is None else check_positive_int("every", every)
        self.max_fps = _check_max_fps(max_fps)
        self.log_y = check_bool("log_y", log_y)
        self.show_lr = check_bool("show_lr", show_lr)
        if title is not None and not isinstance(title, str):
            raise bad_value("title", "a string or None", title)
        self.title = title
        self._output = backends.choose(backend)
        self._doctor = _make_doctor(doctor, self)
        self._recording = Recording()
        self._fits = 0
        self._warned = False
        self._shown_in: Any = None
        self._watching = False
        self._last_draw = -math.inf
        self._interval = 1 / self.max_fps
        self._new_data = False
        self._in_hook = False
        self._begin_run()
        self._running = False
        if self.mode == "batch":
            # Opt-in on this instance only: Keras turns off async dispatch for
            # every callback list holding an overridden batch hook.
            self.on_train_batch_end = self._record_batch

    # -- public API -------------------------------------------------------------------

    @property
    def backend(self) -> str:
        """The name of the output backend in use."""
        return self._output.name

    @property
    def history(self) -> dict[str, list[float | None]]:
        """Per-epoch values by name, aligned row by row (``None`` where not logged)."""
        self._settle()
        return self._recording.history()

    @property
    def figure(self) -> Any:
        """The backend's figure, up to date: a plotly ``FigureWidget`` or a matplotlib ``Figure``."""
        self._settle()
        return self._output.figure(self._scene())

    def update(self, logs: Mapping[str, Any] | None, step: float | None = None) -> None:
        """Record one epoch (or step) from a custom training loop and redraw.

        Args:
            logs: metric values by name, e.g. ``{"loss": 0.3, "val_loss": 0.4}``;
                tensors and NumPy scalars are fine.
            step: the x position; default: one after the last point.

        Raises:
            ValueError: ``logs`` is not a dict of numbers (the message names the
                key whose value is not a number) or ``step`` not a number.
        """
        if logs is not None and not isinstance(logs, Mapping):
            raise bad_value("logs", "a dict of metric values", logs)
        if step is not None and (isinstance(step, bool) or not isinstance(step, numbers.Real)):
            raise bad_value("step", "a number or None", step)
        values = _checked_numbers(logs)
        self._settle()
        if self.show_lr and self.model is not None and not any(is_lr(k) for k in values):
            values.update(self._optimizer_lrs())
        self._offset = None
        self._recording.add_row(self._recording.last_x + 1 if step is None else float(step),
                                values)
        self._new_data = True
        missing = self._missing_metrics()
        if missing:
            warnings.warn(missing, stacklevel=2)
        self._show()
        self._watch_cell()
        self._redraw()

    def mark(self, epoch: int, kind: str, text: str) -> None:
        """Draw a labelled vertical marker on every panel.

        Args:
            epoch: the epoch index Keras passes to callbacks (``on_epoch_end(epoch,
                ...)``, 0-based) in the current or last ``fit()``; outside
                ``fit()``, the step given to ``update``.
            kind: one of "overfitting", "divergence", "nan", "stop", "info".
            text: the label.

        Raises:
            ValueError: ``epoch`` is not an integer or ``kind`` not a known kind.
        """
        if isinstance(epoch, bool) or not isinstance(epoch, numbers.Integral):
            raise bad_value("epoch", "an integer", epoch)
        check_choice("kind", kind, MARK_KINDS)
        if not isinstance(text, str):
            raise bad_value("text", "a string", text)
        x = float(epoch) if self._offset is None else self._offset + int(epoch) + 1
        self._recording.add_mark(x, kind, text)
        self._new_data = True
        self._redraw(force=not self._running)

    def reset(self) -> None:
        """Forget every point and mark: the next ``fit()`` or ``update`` starts over."""
        self._recording = Recording()
        self._fits = 0
        self._warned = False
        self._running = False
        self._begin_run()
        self._new_data = False

    def save(self, path: str | Path) -> Path:
        """Save the plot as ``.png``, ``.svg`` or ``.html`` (self-contained, works offline).

        Returns:
            The path written.

        Raises:
            ValueError: the file name does not end in .png, .svg or .html.
        """
        from .save import check_path, save_scene

        path = check_path(path)
        self._settle()
        scene = self._scene()
        figure = self._output.figure(scene) if self.backend == "matplotlib" else None
        return save_scene(scene, path, figure=figure, interactive=self.backend == "plotly")

    def __repr__(self) -> str:
        return (f"LivePlot(backend={self.backend!r}, update={self.mode!r}, "
                f"epochs={len(self._recording)})")

    def _repr_mimebundle_(self, include=None, exclude=None):
        from .backends.matplotlib import describe, final_bundle, png_base64

        self._settle()
        scene = self._scene()
        if self._output.name == "plotly":
            # Not the widget: a widget view cannot be shown once the kernel is gone.
            from .backends.plotly import static_bundle

            return static_bundle(scene)
        fig = self._output.figure(scene)
        if fig is None:
            return final_bundle(scene).data
        return {"image/png": png_base64(fig), "text/plain": describe(scene)}

    # -- Keras hooks ------------------------------------------------------------------

    def set_model(self, model) -> None:
        super().set_model(model)
        if self._doctor is not None:
            self._doctor.set_model(model)

    def set_params(self, params) -> None:
        super().set_params(params)
        if self._doctor is not None:
            self._doctor.set_params(params)

    def on_train_begin(self, logs=None) -> None:
        if self._running:  # the last fit() never reached on_train_end: it was interrupted
            self._stop()
        self._begin_run()
        self._running = True
        self._fits += 1
        if self._fits > 1 and len(self._recording):
            self._recording.add_mark(self._recording.last_x, "info", f"fit {self._fits}")
        self._show()
        self._watch_cell()
        self._forward("on_train_begin", logs)

    def on_epoch_begin(self, epoch, logs=None) -> None:
        if self._offset is None:
            # Repeated fit() calls continue the x axis; initial_epoch=k resumes at k.
            self._offset = max(self._recording.last_x - epoch, 0.0)
        self._epoch = epoch
        self._epoch_started = time.perf_counter()
        self._batches = 0

    def on_epoch_end(self, epoch, logs=None) -> None:
        values = _numbers(logs)
        if self.show_lr and not any(is_lr(k) for k in values):
            values.update(self._optimizer_lrs())
        if self._offset is None:
            self._offset = max(self._recording.last_x - epoch, 0.0)
        self._recording.add_row(self._offset + epoch + 1, values)
        self._new_data = True
        if self._epoch_started is not None:
            self._epoch_seconds.append(time.perf_counter() - self._epoch_started)
        self._last_epoch, self._epoch, self._epoch_started = epoch, None, None
        self._steps_seen = self._batches or self._steps_seen
        missing = self._missing_metrics()
        if missing:
            warnings.warn(missing, stacklevel=2)
        self._forward("on_epoch_end", epoch, logs)
        if self.every is None or len(self._epoch_seconds) % self.every == 0:
            self._redraw()
        else:
            self._pending = True

    def on_train_end(self, logs=None) -> None:
        self._running = False
        model = self.model
        total = self._epochs_total
        done = 0 if self._last_epoch is None else self._last_epoch + 1
        took = _seconds(time.perf_counter() - self._fit_started)
        before = self._offset or 0.0  # epochs plotted by earlier fit() calls
        if (model is not None and getattr(model, "stop_training", False) and total
                and done < total):
            self._note = f"stopped early at epoch {before + done:g}/{before + total:g} ({took})"
        elif total:
            self._note = f"done: {before + done:g}/{before + total:g} epochs in {took}"
        self._forward("on_train_end", logs)
        self._finish()

    def _record_batch(self, batch, logs=None) -> None:
        """``on_train_batch_end``, set on the instance only when ``update="batch"``."""
        self._batches = batch + 1
        if self.every is not None and (batch + 1) % self.every:
            return
        steps = self._steps or self._steps_seen
        fraction = min((batch + 1) / steps, 1.0) if steps else (batch + 1) / (batch + 2)
        start = (self._offset or 0.0) + (self._epoch if self._epoch is not None else 0)
        self._recording.add_batch(start + fraction, _numbers(logs))
        self._new_data = True
        if self._output.throttled:  # a text output has nothing to redraw mid-epoch
            self._redraw()

    def _forward(self, hook: str, *args) -> None:
        """Call the doctor's ``hook``; it may read `history` or `mark` meanwhile."""
        if self._doctor is None:
            return
        self._in_hook = True
        try:
            getattr(self._doctor, hook)(*args)
        finally:
            self._in_hook = False

    # -- drawing ----------------------------------------------------------------------

    def _scene(self) -> Scene:
        return build_scene([("", self._recording)], metrics=self.metrics, show_lr=self.show_lr,
                           log_y=self.log_y, title=self.title, status=self._status())

    def _light_scene(self) -> Scene:
        """The runs and the status only: what a text output reads, in O(1) per update."""
        return Scene([], [], status=self._status(), title=self.title,
                     runs=[("", self._recording)])

    def _redraw(self, force: bool = False) -> None:
        output = self._output
        if not output.live:
            self._pending = True  # a headless kernel gets one figure, at the end
            return
        now = time.perf_counter()
        if output.throttled and not force and now - self._last_draw < self._interval:
            self._pending = True
            return
        rebuilt = output.draw(self._scene() if output.needs_scene else self._light_scene())
        done = time.perf_counter()
        if not rebuilt:  # a rebuild is a one-time cost: it says nothing of the next frames
            self._interval = max(1 / self.max_fps, (done - now) / DRAW_BUDGET)
        self._last_draw = done
        self._pending = False

    def _finish(self) -> None:
        self._new_data = False
        self._pending = False
        self._output.finish(self._scene())
        self._last_draw = time.perf_counter()

    def _show(self) -> None:
        """Show the plot in the current cell, once per cell (headless: at the end only)."""
        shell = ipython_shell()
        cell = getattr(shell, "execution_count", "no shell")
        if self._shown_in == cell:
            return
        self._shown_in = cell
        if self._output.live:
            self._output.show(self._scene())
            self._last_draw = time.perf_counter()

    def _watch_cell(self) -> None:
        """Ask IPython to call `_after_cell` when the running cell ends, however it ends."""
        shell = ipython_shell()
        if shell is None or self._watching or threading.current_thread() is not threading.main_thread():
            return
        shell.events.register("post_execute", self._after_cell)
        self._watching = True

    def _after_cell(self) -> None:
        shell = ipython_shell()
        if shell is not None and self._watching:
            shell.events.unregister("post_execute", self._after_cell)
        self._watching = False
        if self._running and not self._fit_active():
            self._stop()  # the cell ended inside fit(): Ctrl-C, Kernel > Interrupt, an error
        elif self._new_data or self._pending:
            self._finish()  # custom loops: the final state, and headless its one figure

    def _settle(self) -> None:
        if self._running and not self._in_hook and not self._fit_active():
            self._stop()

    def _stop(self) -> None:
        """Mark where an interrupted fit() stopped and draw the final state."""
        rec = self._recording
        if self._epoch is not None:
            number = (self._offset or 0.0) + self._epoch + 1
            x = rec.batch_x[-1] if rec.batch_x and rec.batch_x[-1] > number - 1 else number - 1
            text = f"stopped at epoch {number:g}"
        else:
            x = rec.last_x
            text = f"stopped after epoch {x:g}"
        rec.add_mark(x, "stop", text)
        self._note = text
        self._running = False
        self._epoch = None
        self._finish()

    def _fit_active(self) -> bool:
        """Whether the fit() this callback was last started by is still on a call stack."""
        thread = self._fit_thread
        if thread is None:
            return False
        if thread is not threading.current_thread():
            return thread.is_alive()
        model = self.model
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_name == "fit" and frame.f_locals.get("self") is model:
                return True
            frame = frame.f_back
        return False

    # -- numbers ----------------------------------------------------------------------

    def _begin_run(self) -> None:
        params = self.params or {}
        self._epochs_total = params.get("epochs")
        self._steps = params.get("steps")
        self._steps_seen = None
        self._offset: float | None = None
        self._epoch: int | None = None
        self._last_epoch: int | None = None
        self._epoch_started: float | None = None
        self._epoch_seconds: list[float] = []
        self._batches = 0
        self._note: str | None = None
        self._pending = False
        self._fit_thread = threading.current_thread()
        self._fit_started = time.perf_counter()

    def _optimizer_lrs(self) -> dict[str, float]:
        return optimizer_rates(self.model)

    def _missing_metrics(self) -> str | None:
        if self._warned or self.metrics is None or not self._recording.columns:
            return None
        self._warned = True
        seen = {LR_PANEL if is_lr(k) else base_name(k) for k in self._recording.columns}
        missing = [m for m in self.metrics
                   if (LR_PANEL if is_lr(base_name(m)) else base_name(m)) not in seen]
        if not missing:
            return None
        return (f"LivePlot: {', '.join(repr(m) for m in missing)} never appeared in the "
                f"training logs, so no panel shows it. Logged: {', '.join(sorted(seen))}. "
                "Pass the names Keras logs (see compile(metrics=...)).")

    def _status(self) -> str:
        parts = []
        rec = self._recording
        if self._note:
            parts.append(self._note)
        elif self._running and self._epochs_total:
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
        total = self._epochs_total
        times = self._epoch_seconds
        now = time.perf_counter()
        if self._epoch is not None and self._batches and self._steps:
            into = now - (self._epoch_started or now)
            per_epoch = sum(times) / len(times) if times else into * self._steps / self._batches
            left = per_epoch * (total - self._epoch - 1) + max(per_epoch - into, 0.0)
            before = self._offset or 0.0
            return [f"epoch {before + self._epoch + 1:g}/{before + total:g}, "
                    f"batch {self._batches}/{self._steps}",
                    f"ETA {_seconds(left)}"]
        done = (self._last_epoch + 1) if self._last_epoch is not None else 0
        before = self._offset or 0.0  # epochs plotted by earlier fit() calls
        parts = [f"epoch {before + done:g}/{before + total:g}"]
        if times:
            per_epoch = sum(times) / len(times)
            parts.append(f"{_seconds(per_epoch)}/epoch")
            parts.append(f"ETA {_seconds(per_epoch * max(total - done, 0))}")
        return parts


def _checked_numbers(logs: Mapping[str, Any] | None) -> dict[str, float]:
    """``logs`` of `LivePlot.update` as floats; a value that is no number is an error."""
    out = {}
    for key, value in (logs or {}).items():
        if value is None:
            continue
        number = as_number(value)
        if number is None:
            raise bad_value("logs", f"a dict mapping metric names to numbers; {key!r} is "
                            f"not a number", {key: value})
        out[str(key)] = number
    return out


def _numbers(logs: Mapping[str, Any] | None) -> dict[str, float]:
    """Scalar numbers of ``logs`` as floats (a copy; Keras' dict is left alone)."""
    out = {}
    for key, value in (logs or {}).items():
        number = as_number(value)
        if number is not None:
            out[str(key)] = number
    return out


def _seconds(s: float) -> str:
    if s < 60:
        return f"{s:.1f} s" if s < 10 else f"{s:.0f} s"
    if s < 3600:
        return f"{int(s // 60)} min {int(s % 60):02d} s"
    return f"{int(s // 3600)} h {int(s % 3600 // 60):02d} min"


def _check_max_fps(value: Any) -> float:
    return check_real("max_fps", value, low=0, low_open=True, expected="a positive number")


def _make_doctor(doctor: Any, plot: LivePlot) -> keras.callbacks.Callback | None:
    if doctor is False or doctor is None:
        return None
    if doctor is True:
        try:
            from kerasnb.doctor.live import Doctor
        except ImportError as e:
            raise ImportError(
                "LivePlot(doctor=True) needs kerasnb.doctor.live.Doctor, which could not be "
                f"imported ({e}). Use LivePlot() without the doctor, or update kerasnb."
            ) from e
        return Doctor(plot=plot)
    if isinstance(doctor, keras.callbacks.Callback):
        if hasattr(doctor, "plot") and doctor.plot is None:
            doctor.plot = plot
        return doctor
    raise bad_value("doctor", "True, False or a kerasnb Doctor instance", doctor)
