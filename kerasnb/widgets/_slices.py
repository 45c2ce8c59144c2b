"""The one way a widget trains: short slices on the kernel's event loop.

ipykernel runs an asyncio loop on which cells and widget messages are handled. A
`SliceRunner` task calls ``step()`` (about a tenth of a second of training), then
awaits a short sleep so clicks, slider moves and new cells run between slices.
Nothing trains on another thread, so no widget is touched from one and no twin
needs a lock: a twin always runs between two slices, and ``stop()`` cancels the
task at its next ``await``. Outside a running loop (scripts, tests) ``run_sync()``
runs the same steps to the end.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

__all__ = ["SliceRunner", "YIELD_SECONDS", "SLICE_SECONDS"]

SLICE_SECONDS = 0.1  # training time between two redraws
# Measured in ipykernel 7: with sleep(0) a new cell waited about 0.5 s to run, with a
# 1 ms sleep about one slice.
YIELD_SECONDS = 0.001


class SliceRunner:
    """Run ``step`` repeatedly on the event loop until it returns False or is stopped.

    Args:
        step: one slice of work; returns True to be called again, False when done.
        on_end: called once when the run ends, with the exception that ended it
            (``None`` for a normal end or a ``stop()``).
    """

    def __init__(self, step: Callable[[], bool],
                 on_end: Callable[[BaseException | None], None] | None = None) -> None:
        self._step = step
        self._on_end = on_end
        self._task: asyncio.Task | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    @staticmethod
    def loop_running() -> bool:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return False
        return True

    def start(self) -> None:
        """Start on the running loop (a RuntimeError outside one: use `run_sync`)."""
        if self.running:
            return
        loop = asyncio.get_running_loop()
        self._task = loop.create_task(self._run())

    def stop(self) -> None:
        """Cancel at the next slice boundary; ``on_end(None)`` is called."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            self._end(None)

    def run_sync(self) -> None:
        """Run every step now, on this thread (no event loop needed)."""
        error: BaseException | None = None
        try:
            while self._step():
                pass
        except Exception as err:
            error = err
            raise
        finally:
            self._end(error)

    async def wait(self) -> None:
        """Await the end of the current run (for async code and tests)."""
        task = self._task
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        try:
            while self._step():
                await asyncio.sleep(YIELD_SECONDS)
        except asyncio.CancelledError:
            raise
        except Exception as err:  # the owner shows it in the widget
            self._task = None
            self._end(err)
            return
        self._task = None
        self._end(None)

    def _end(self, error: BaseException | None) -> None:
        if self._on_end is not None:
            self._on_end(error)
