"""The redraw budget, and what a plotly update sends.

A LivePlot draws a frame only when the frame's expected cost stays under a set
share (`DRAW_BUDGET`) of the time since the last one; the first epoch's frame
of every fit and the final state are always drawn. The plotly output sends
only the traces whose points changed, makes its widget with the first frame's
points in it, and stores the final state in the widget for a view that renders
late. No timing is asserted: the budget is checked with a clock the test moves,
and with a real fit through counts a slow output cannot exceed.
"""

from __future__ import annotations

import json
import time

import ipywidgets
import keras
import numpy as np
import pytest

import kerasnb as knb
from kerasnb.callbacks.backends import preload
from kerasnb.callbacks.backends.base import Output
from kerasnb.callbacks.backends.plotly import PlotlyOutput
from kerasnb.callbacks.frames import DRAW_BUDGET, Frames


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class SlowOutput(Output):
    """Each frame costs ``cost`` seconds: on the test's clock, or really (``sleep``)."""

    name = "slow"

    def __init__(self, cost: float, clock: Clock | None = None) -> None:
        self.cost, self.clock = cost, clock
        self.draws: list = []
        self.finishes: list = []

    def _spend(self) -> None:
        if self.clock is None:
            time.sleep(self.cost)
        else:
            self.clock.now += self.cost

    def draw(self, scene):
        self.draws.append(scene)
        self._spend()

    def finish(self, scene):
        self.finishes.append(scene)
        self._spend()


def epochs_shown(scene) -> int:
    """How many epochs the frame shows (0 before the first ended)."""
    train = [s for p in scene.panels for s in p.series if s.role == "train"]
    return len(train[0].x) if train else 0


def test_frames_keep_to_the_budget_and_always_draw_the_first_epoch_and_the_end():
    clock = Clock()
    output = SlowOutput(0.05, clock)  # a frame costs 50 ms; an epoch takes 20 ms
    live = knb.LivePlot(max_fps=1e9, backend=output)
    live._frames = Frames(output, 1e9, clock=clock)
    live.set_params({"epochs": 300})
    start = clock.now
    live.on_train_begin()
    for i in range(300):
        live.on_epoch_begin(i)
        clock.now += 0.02
        live.on_epoch_end(i, {"loss": 1.0 / (i + 1)})
    live.on_train_end()
    frames = live._frames
    assert epochs_shown(output.draws[0]) == 1  # the first epoch's frame, whatever it costs
    assert epochs_shown(output.finishes[-1]) == 300  # and the end
    assert 3 <= len(output.draws) < 300
    # Besides the two frames always drawn, drawing kept to its share of the time.
    elapsed = clock.now - start
    assert frames.spent - 2 * 0.05 <= DRAW_BUDGET * elapsed
    assert frames.drawn == len(output.draws) + len(output.finishes)
    # Each frame but the first came only once enough time had gone by to pay for it.
    drawn_at = [epochs_shown(s) for s in output.draws]
    gaps = np.diff(drawn_at) * 0.02 + 0.05  # epochs between frames, plus the frame itself
    assert all(gap * DRAW_BUDGET >= 0.05 - 1e-9 for gap in gaps[1:])


def test_a_second_fit_draws_its_first_epoch_again():
    clock = Clock()
    output = SlowOutput(1.0, clock)  # so slow the budget alone would never allow a frame
    live = knb.LivePlot(backend=output)
    live._frames = Frames(output, 4, clock=clock)
    for _ in range(2):
        live.set_params({"epochs": 3})
        live.on_train_begin()
        for i in range(3):
            live.on_epoch_begin(i)
            clock.now += 0.01
            live.on_epoch_end(i, {"loss": 1.0})
        live.on_train_end()
    assert [epochs_shown(s) for s in output.draws] == [1, 4]
    assert [epochs_shown(s) for s in output.finishes] == [3, 6]


def test_a_slow_output_in_a_real_fit_draws_only_what_the_budget_pays_for():
    keras.utils.set_random_seed(0)
    x = np.random.rand(256, 4).astype("float32")
    y = (x.sum(axis=1) > 2).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile("adam", "binary_crossentropy")
    output = SlowOutput(0.03)  # a frame really takes at least 30 ms
    live = knb.LivePlot(update="batch", max_fps=1e9, backend=output)
    start = time.perf_counter()
    model.fit(x, y, epochs=4, batch_size=8, validation_split=0.25, verbose=0, callbacks=[live])
    elapsed = time.perf_counter() - start
    assert any(epochs_shown(s) == 1 for s in output.draws)  # the first epoch's frame
    assert epochs_shown(output.finishes[-1]) == 4
    assert live.history["loss"] and len(live.history["loss"]) == 4
    # Every frame past the first two waited at least cost / budget = 1 s of training,
    # however loaded the machine: 96 batches were recorded, few frames were drawn.
    assert len(output.draws) <= 2 + elapsed * DRAW_BUDGET / 0.03 + 1
    assert len(output.draws) < 96


# -- what plotly sends ------------------------------------------------------------------


@pytest.fixture
def sent(monkeypatch):
    """Every widget state update sent, as ``(state, bytes)``."""
    messages = []
    original = ipywidgets.Widget._send

    def spy(self, msg, buffers=None):
        size = len(json.dumps(msg, default=str)) + sum(memoryview(b).nbytes
                                                       for b in buffers or [])
        messages.append((msg.get("state", {}), size))
        return original(self, msg, buffers)

    monkeypatch.setattr(ipywidgets.Widget, "_send", spy)
    return messages


def updates(messages) -> list[dict]:
    return [state["_py2js_update"] for state, _ in messages if state.get("_py2js_update")]


def driven(update="batch"):
    live = knb.LivePlot(update=update, max_fps=1e9, backend="plotly")
    live._frames.budget = 1e9  # every update drawn: this test reads each message
    preload.wait()
    live.set_params({"epochs": 3, "steps": 4})
    live.on_train_begin()
    return live


def test_a_batch_update_sends_the_moving_line_not_the_validation_line(sent):
    live = driven()
    live.on_epoch_begin(0)
    for b in range(4):
        live.on_train_batch_end(b, {"loss": 1.0 - b / 10})
    live.on_epoch_end(0, {"loss": 0.7, "val_loss": 0.8})
    fig = live._output._fig  # (live.figure outside fit() would mark the run stopped)
    names = [t.name for t in fig.data]
    sent.clear()
    live.on_epoch_begin(1)
    live.on_train_batch_end(0, {"loss": 0.6})
    (update,) = updates(sent)
    changed = {names[i] for i in update["style_traces"]}
    assert changed == {"loss (batches)"}  # val_loss, loss and the star did not move
    assert len(update["style_data"]["x"][0]) == 5
    assert list(update["layout_data"]) == ["title.text"]  # the status line moved on


def test_a_redraw_with_nothing_new_sends_no_points(sent):
    live = driven(update="epoch")
    live.on_epoch_begin(0)
    live.on_epoch_end(0, {"loss": 0.7, "val_loss": 0.8})
    sent.clear()
    live.mark(0, "info", "a note")  # a new mark: marks travel, points do not
    (update,) = updates(sent)
    assert not update["style_data"] and "shapes" in update["layout_data"]


def test_the_widget_opens_with_the_first_frame_and_keeps_the_last_for_late_views():
    live = driven(update="epoch")
    live.on_epoch_begin(0)
    live.on_epoch_end(0, {"loss": 0.7, "val_loss": 0.8})
    fig = live._output._fig
    opening = {t["name"]: t for t in fig._widget_data}
    assert opening["loss"]["x"] == [1.0] and opening["val_loss"]["y"] == [0.8]
    for i in (1, 2):
        live.on_epoch_begin(i)
        live.on_epoch_end(i, {"loss": 0.5 / i, "val_loss": 0.6 / i})
    assert {t["name"]: t for t in fig._widget_data}["loss"]["x"] == [1.0]  # updates are deltas
    live.on_train_end()
    final = {t["name"]: t for t in fig._widget_data}
    assert final["loss"]["x"] == [1.0, 2.0, 3.0] and final["val_loss"]["y"][-1] == 0.3
    assert "done: 3/3 epochs" in fig._widget_layout["title"]["text"]


def test_while_plotly_is_still_importing_frames_show_the_status_as_text(monkeypatch):
    output = PlotlyOutput()
    monkeypatch.setattr(preload, "loaded", lambda: False)
    monkeypatch.setattr(preload, "importing", lambda: True)
    live = knb.LivePlot(backend=output, max_fps=1e9)
    live.set_params({"epochs": 2})
    live.on_train_begin()
    live.on_epoch_begin(0)
    live.on_epoch_end(0, {"loss": 0.7})
    assert output._fig is None
    (waiting,) = output._box.children
    assert "epoch 1/2" in waiting.value and "loading" in waiting.value
    monkeypatch.undo()  # the import is done: the next frame is the figure
    live.on_epoch_begin(1)
    live.on_epoch_end(1, {"loss": 0.5})
    live.on_train_end()
    assert output._box.children == (output._fig,)
    assert list(output._fig.data[0].x) == [1.0, 2.0]
