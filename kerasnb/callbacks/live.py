"""`LivePlot`: live loss and metric curves while a Keras model trains.

The callback only collects numbers (a `Recording`) and hands a `Scene` of them
to its output backend (svg, plotly, matplotlib or text, picked once at
construction). Its helpers each keep one kind of state: `Run` where the
current ``fit()`` is (epochs placed on the x axis, timings, the status line),
`Frames` when a redraw is due (a time budget: drawing takes a set small share
of the training time, so watching costs about what a progress bar costs), `CellWatch` which notebook
cell the plot lives in and when that cell ends.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import keras

from .._history import History
from .._repr import ShowsItself
from .._validate import bad_value, check_bool, check_choice, check_positive_int, check_real
from . import backends
from ._compat import keyword_only_now
from .backends.base import Output
from .cell import CellWatch
from .frames import Frames
from .rates import optimizer_rates
from .record import MARK_KINDS, Recording, check_metrics, checked_numbers, is_lr, log_numbers
from .run import Run
from .scene import Scene, build_scene, unlogged


class LivePlot(keras.callbacks.Callback, ShowsItself):
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
        max_fps: at most this many redraws per second. Fewer when frames are
            slow: a frame is drawn only while drawing stays under about 3% of
            the time since the last one. The first epoch's frame of each
            ``fit()`` and the final state are always drawn.
        backend: ``"auto"`` (by front end: svg in JupyterLab, Notebook 7 and
            VS Code; matplotlib in Colab; one final PNG in a headless kernel;
            text in a terminal), ``"svg"`` (inline SVG frames, an interactive
            plotly figure once training ends), ``"plotly"`` (a FigureWidget),
            ``"matplotlib"``, ``"text"``, or an
            `kerasnb.callbacks.backends.Output` instance.
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
        >>> live.history["val_loss"][-1]          # a kerasnb.History, per epoch
        >>> live.save("training.png")             # -> PosixPath('training.png')
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
        self._recording = Recording()  # every number and mark plotted
        self._run = Run()  # where the current fit() is
        self._frames = Frames(self._output, self.max_fps)  # when to redraw
        self._cell = CellWatch(self._cell_ended)  # which cell the plot lives in
        self._fits = 0
        self._warned = False  # the missing-metric warning is given once
        self._in_hook = False  # the doctor is running inside one of our hooks
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
    def history(self) -> History:
        """Per-epoch values as a `kerasnb.History` (``None`` where a name was not logged).

        ``live.history["val_loss"]`` is a list with one entry per epoch, as with
        Keras' ``History.history``; ``knb.compare`` and ``knb.check`` read it.
        """
        self._settle()
        return self._recording.to_history()

    @property
    def figure(self) -> Any:
        """The figure, up to date: a plotly ``FigureWidget`` (``backend="plotly"``) or a
        matplotlib ``Figure`` (the other backends)."""
        self._settle()
        scene = self._scene()
        fig = self._output.figure(scene)
        if fig is None:  # an output without a figure of its own (text)
            from .backends.matplotlib import static_figure

            fig = static_figure(scene)
        return fig

    @keyword_only_now("step")
    def update(self, logs: Mapping[str, Any] | None, *, step: float | None = None) -> None:
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
        values = checked_numbers(logs)
        self._settle()
        if self.show_lr and self.model is not None and not any(is_lr(k) for k in values):
            values.update(optimizer_rates(self.model))
        self._run.offset = None  # marks now go at the steps given here
        self._recording.add_row(self._recording.last_x + 1 if step is None else float(step),
                                values)
        self._frames.changed()
        self._warn_missing(stacklevel=3)  # the caller of update(), past its wrapper
        self._show()
        self._cell.watch()
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
        self._recording.add_mark(self._run.mark_x(epoch), kind, text)
        self._frames.changed()
        self._redraw(force=not self._run.running)

    def reset(self) -> None:
        """Forget every point and mark: the next ``fit()`` or ``update`` starts over."""
        self._recording = Recording()
        self._run = Run(self.params)
        self._frames.new_data = self._frames.pending = False
        self._fits = 0
        self._warned = False

    def save(self, path: str | Path) -> Path:
        """Save the plot as ``.png``, ``.svg`` or ``.html`` (self-contained, works offline).

        Returns:
            The path written, as a ``pathlib.Path``.

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

    def _repr_text(self) -> str:
        from .backends.matplotlib import describe

        self._settle()
        return describe(self._scene())

    def _repr_extra(self) -> dict:
        scene = self._scene()
        if self._output.name == "plotly":
            # Not the widget: a widget view cannot be shown once the kernel is gone.
            from .backends.plotly import static_bundle

            bundle = static_bundle(scene)
        elif self._output.name == "svg":  # the SVG and plotly's JSON: no plotly, no matplotlib
            from .backends.svg import final_bundle as svg_bundle

            bundle = svg_bundle(scene)
        else:
            from .backends.matplotlib import final_bundle, png_base64

            fig = self._output.figure(scene)
            bundle = final_bundle(scene).data if fig is None else {"image/png": png_base64(fig)}
        return {k: v for k, v in bundle.items() if k != "text/plain"}

    # -- Keras hooks ------------------------------------------------------------------

    def set_model(self, model: keras.Model) -> None:
        super().set_model(model)
        if self._doctor is not None:
            self._doctor.set_model(model)

    def set_params(self, params: dict) -> None:
        super().set_params(params)
        if self._doctor is not None:
            self._doctor.set_params(params)

    def on_train_begin(self, logs: dict | None = None) -> None:
        if self._run.running:  # the last fit() never reached on_train_end: it was interrupted
            self._stop()
        self._run = Run(self.params)
        self._run.running = True
        self._frames.begin()
        self._fits += 1
        if self._fits > 1 and len(self._recording):
            self._recording.add_mark(self._recording.last_x, "info", f"fit {self._fits}")
        self._show()
        self._cell.watch()
        self._forward("on_train_begin", logs)

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._run.begin_epoch(epoch, self._recording)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        values = log_numbers(logs)
        if self.show_lr and not any(is_lr(k) for k in values):
            values.update(optimizer_rates(self.model))
        self._recording.add_row(self._run.end_epoch(epoch, self._recording), values)
        self._frames.changed()
        self._warn_missing(stacklevel=2)
        self._forward("on_epoch_end", epoch, logs)
        if self.every is None or len(self._run.epoch_seconds) % self.every == 0:
            self._redraw(epoch_end=True)
        else:
            self._frames.defer()

    def on_train_end(self, logs: dict | None = None) -> None:
        self._run.end(self.model)
        self._forward("on_train_end", logs)
        self._finish()

    def _record_batch(self, batch: int, logs: dict | None = None) -> None:
        """``on_train_batch_end``, set on the instance only when ``update="batch"``."""
        self._run.batches = batch + 1
        if self.every is not None and (batch + 1) % self.every:
            return
        self._recording.add_batch(self._run.batch_x(batch), log_numbers(logs))
        self._frames.changed()
        if self._output.throttled:  # a text output has nothing to redraw mid-epoch
            self._redraw()

    def _forward(self, hook: str, *args: Any) -> None:
        """Call the doctor's ``hook``; it may read `history` or `mark` meanwhile."""
        if self._doctor is None:
            return
        self._in_hook = True
        try:
            getattr(self._doctor, hook)(*args)
        finally:
            self._in_hook = False

    # -- drawing ----------------------------------------------------------------------

    def _scene(self, full: bool = True) -> Scene:
        """What to draw; ``full=False``: the runs and the status only (what a text output
        reads, in O(1) per update)."""
        status = self._run.status(self._recording)
        if not full:
            return Scene([], [], status=status, title=self.title, runs=[("", self._recording)])
        return build_scene([("", self._recording)], metrics=self.metrics, show_lr=self.show_lr,
                           log_y=self.log_y, title=self.title, status=status,
                           x_end=self._run.planned_end)

    def _redraw(self, force: bool = False, epoch_end: bool = False) -> None:
        self._frames.draw(self._scene, force=force, epoch_end=epoch_end)

    def _finish(self) -> None:
        self._frames.finish(self._scene())

    def _show(self) -> None:
        """Show the plot in the current cell, once per cell (headless: at the end only)."""
        if self._cell.new_cell():
            self._frames.show(self._scene)

    def _cell_ended(self) -> None:
        """The cell that trained is over, however it ended."""
        if self._run.running and not self._run.fit_active(self.model):
            self._stop()  # the cell ended inside fit(): Ctrl-C, Kernel > Interrupt, an error
        elif self._frames.due:
            self._finish()  # custom loops: the final state, and headless its one figure
        self._output.cell_ended()

    def _settle(self) -> None:
        if self._run.running and not self._in_hook and not self._run.fit_active(self.model):
            self._stop()

    def _stop(self) -> None:
        """Mark where an interrupted fit() stopped and draw the final state."""
        x, text = self._run.stop(self._recording)
        self._recording.add_mark(x, "stop", text)
        self._finish()

    def _warn_missing(self, *, stacklevel: int) -> None:
        """Warn once about requested metrics that never showed up in the logs.

        ``stacklevel`` counts from the method calling this one (2: its caller).
        """
        if self._warned or self.metrics is None or not self._recording.columns:
            return
        self._warned = True
        missing, seen = unlogged(self.metrics, [self._recording])
        if missing:
            warnings.warn(f"LivePlot: {', '.join(repr(m) for m in missing)} never appeared in "
                          f"the training logs, so no panel shows it. Logged: "
                          f"{', '.join(sorted(seen))}. Pass the names Keras logs (see "
                          "compile(metrics=...)).", stacklevel=stacklevel + 1)


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
