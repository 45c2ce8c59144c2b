"""The training twins of `ModelBuilder`: ``fit`` for scripts, ``train`` for the Train button.

``fit(x, y, ...)`` is one synchronous ``model.fit`` (every Keras argument and
callback works). ``train()`` is what the Train button runs: the same checks,
then `loop.SlicedFit` in slices on the kernel's event loop through
`kerasnb.widgets._slices.SliceRunner`, so cells and clicks (Stop) are handled
between slices and no widget is touched from another thread. Where no loop
runs (a script, a test) ``train()`` runs every slice at once.

Both record what they trained: ``trained_model``, ``history`` (a
`kerasnb.History`) and ``live_plot``.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from ..._cells import close_shown_in
from ..._deprecated import warn_renamed
from ..._history import History
from .._guard import error_text
from .._slices import SliceRunner

if TYPE_CHECKING:  # pragma: no cover - annotations only; Keras loads on first use
    import keras


class RunHistory(History):
    """The `History` of one builder run; ``.model`` (Keras' History had it) still answers."""

    __slots__ = ("_model",)

    def __init__(self, columns: Any = None, *, epoch: Any = None, model: Any = None) -> None:
        super().__init__(columns, epoch=epoch)
        self._model = model

    @property
    def model(self) -> Any:
        warn_renamed("`ModelBuilder.history.model`", "`ModelBuilder.trained_model`")
        return self._model


class BuilderTraining:
    """Mixed into `ModelBuilder`: training, its state and the view hooks it calls.

    The view implements ``_show_status(text)`` (the line under the train panel),
    ``_show_training(running)`` (buttons) and ``_plot_area()`` (the Output widget
    the live plot draws in).
    """

    def _init_training(self) -> None:
        self._runner: SliceRunner | None = None
        self._history = History()
        self._run: Any = None  # the Train button's run while it records (history follows it)
        self.trained_model = None  # the model the last training trained
        self.live_plot = None  # the LivePlot of the last training, e.g. to .save() it

    @property
    def history(self) -> History:
        """What the last training recorded, per epoch (empty before any).

        Read it like Keras' History: ``history["loss"]``, ``history.history["loss"]``,
        ``history.epoch``.
        """
        run = self._run
        if run is not None and run.epoch != self._history.epochs:
            self._history = RunHistory(run.columns, model=run.model)
        return self._history

    def fit(self, x: Any = None, y: Any = None, *, epochs: int | None = None,
            batch_size: int | None = None, validation_split: float | None = None,
            callbacks: list | None = None, live: bool = True, verbose: int = 0,
            **kwargs: Any) -> keras.callbacks.History:
        """Train a fresh `model` now and return Keras' `History` of the run.

        Data defaults to ``data=(x, y)`` given to the builder; epochs, batch
        size and validation split to the train panel. The trained model is
        kept as `trained_model` (and ``returned.model``), the numbers as
        `history`.

        Args:
            x: Inputs, samples of shape `input_shape`.
            y: Labels or targets that fit the loss.
            epochs: Number of epochs.
            batch_size: Batch size.
            validation_split: Fraction of the data held out for validation.
            callbacks: More Keras callbacks.
            live: Draw a `kerasnb.LivePlot` while training.
            verbose: Keras' progress output (0: none).
            **kwargs: Passed on to `keras.Model.fit`.

        Raises:
            ValueError: no data, data that does not fit the model, a model
                with errors, or the Train button's training still running.
        """
        from .train import Status, StatusLine, check_callbacks, live_plot, prepare

        if self.training:
            raise ValueError("The Train button's training is running: `stop()` it (or wait "
                             "for its end) before calling fit.")
        model, x, y, epochs, batch_size, split = prepare(self, x, y, epochs, batch_size,
                                                         validation_split)
        more = [*check_callbacks(callbacks), StatusLine(Status(epochs), self._show_status)]
        plot = live_plot() if live else None
        if plot is not None:
            more.append(plot)
            self.live_plot = plot
        self.trained_model, self._run = model, None
        history = model.fit(x, y, epochs=epochs, batch_size=batch_size, validation_split=split,
                            callbacks=more, verbose=verbose, **kwargs)
        self._history = RunHistory(history.history, epoch=history.epoch, model=model)
        return history

    def train(self) -> None:
        """What the Train button does: train a fresh `model` on ``data`` with the panel's settings.

        In a notebook it trains in short slices on the kernel's event loop and
        returns at once: cells run meanwhile, `training` is True, `stop` ends it
        at the next slice. Without an event loop it trains to the end first.

        Raises:
            ValueError: no data, data that does not fit the model, or a model
                with errors (the button shows it in the widget instead).
        """
        from .loop import PlotArea, SlicedFit
        from .train import Status, live_plot, prepare

        if self.training:
            return
        model, x, y, epochs, batch_size, split = prepare(self, None, None, None, None, None)
        status = Status(epochs)
        in_loop = SliceRunner.loop_running()

        def on_epoch(epoch: int, logs: dict) -> None:
            self._show_status(status.epoch(epoch, logs))
            if plot is not None:
                output.last = epoch + 1 == epochs
                plot.update(logs, step=epoch + 1)

        def on_end(error: BaseException | None) -> None:
            self._runner = None
            self._show_training(False)
            if error is not None:
                self._show_status("Training did not run to its end.")
                if in_loop:  # run_sync raises it to the caller instead
                    self._show_error(error_text(error))
                return
            stopped = not run.done
            self._show_status(status.end(stopped))
            if plot is not None and stopped and run.epoch:
                output.last = True
                plot.mark(run.epoch, "stop", f"stopped at epoch {run.epoch}")

        run = SlicedFit(model, x, y, epochs=epochs, batch_size=batch_size,
                        validation_split=split, on_epoch=on_epoch)
        area = self._plot_area()
        close_shown_in(area)  # the last run's plot widgets
        area.clear_output()  # the builder's own plot area, not a cell
        output = PlotArea(area)
        plot = live_plot(output)
        if plot is not None:
            plot.set_model(model)  # its learning-rate panel reads the optimizer
            output.open(plot.title)  # now, while the click is handled (see `loop`)
        self.trained_model, self.live_plot, self._run = model, plot, run
        self._history = History()
        self._runner = SliceRunner(run.step, on_end)
        self._show_training(True)
        self._show_status(status.begin())
        if in_loop:
            self._runner.start()
        else:
            self._runner.run_sync()

    def stop(self) -> None:
        """End the Train button's training at the next slice (the Stop button)."""
        if self._runner is not None:
            self._runner.stop()

    @property
    def training(self) -> bool:
        """True while the Train button's training runs."""
        return self._runner is not None and self._runner.running

    def wait(self, timeout: float | None = None) -> bool:
        """True when no Train-button training runs.

        Training runs on the event loop between cells, so a cell cannot block
        until it ends: this answers at once (``timeout`` is kept for old code).
        In async code, ``await builder.finished()`` waits for the end.
        """
        return not self.training

    async def finished(self) -> None:
        """Await the end of the Train button's training (in async code and tests)."""
        runner = self._runner
        if runner is not None:
            await runner.wait()
        await asyncio.sleep(0)
