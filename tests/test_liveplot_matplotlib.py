"""The matplotlib output (the Colab path): what its frames show, on figures kept for reuse.

Frames go to a display handle that keeps them (outside IPython there is none),
so each test reads the PNGs the user would get and the figure they were drawn
from. A real tiny model trains where the interrupt is tested.
"""

from __future__ import annotations

import base64
import io
import math

import keras
import numpy as np
import pytest

import kerasnb as knb
from kerasnb.callbacks.backends.matplotlib import MatplotlibOutput, Painter, png_base64


class Handle:
    """A display handle that keeps every frame it is given."""

    def __init__(self) -> None:
        self.frames: list[dict] = []

    def update(self, obj) -> None:
        self.frames.append(obj.data)


class Framed(MatplotlibOutput):
    """The live matplotlib output, with a handle even outside IPython."""

    def show(self, scene):
        self._handle = Handle()
        self._shown = None


def plot(**kwargs):
    output = Framed()
    return knb.LivePlot(backend=output, max_fps=1000, **kwargs), output


def image(frame):
    from PIL import Image

    return Image.open(io.BytesIO(base64.b64decode(frame["image/png"])))


def pixels(frame):
    png = frame if isinstance(frame, str) else frame["image/png"]
    return np.asarray(image({"image/png": png}).convert("RGB"), dtype=int)


def close(frame, other, share=0.005):
    """Whether two frames are the same size and at most ``share`` of their pixels differ."""
    a, b = pixels(frame), pixels(other)
    return a.shape == b.shape and (np.abs(a - b).max(axis=2) > 40).mean() <= share


def legend_labels(ax):
    legend = ax.get_legend()
    return [] if legend is None else [t.get_text() for t in legend.get_texts()]


def fit_by_hand(live, rows, first=0):
    live.set_params({"epochs": first + len(rows), "steps": None, "verbose": 0})
    live.on_train_begin()
    for i, logs in enumerate(rows, start=first):
        live.on_epoch_begin(i)
        live.on_epoch_end(i, dict(logs))
    live.on_train_end()


ROWS = [{"loss": 1.0 / (i + 1), "val_loss": 1.2 / (i + 1), "accuracy": 0.5 + i / 20,
         "val_accuracy": 0.45 + i / 20, "learning_rate": 1e-3 * 0.5 ** i} for i in range(6)]


def test_frames_reuse_one_figure_and_show_lines_legends_best_and_log_rates():
    live, output = plot()
    fit_by_hand(live, ROWS)
    frames = output._handle.frames
    assert len(frames) >= 2 and frames[-1]["text/plain"].startswith(
        "LivePlot (loss, accuracy, learning_rate): done: 6/6 epochs")
    assert image(frames[-1]).size == image(frames[0]).size
    fig = output._painter.fig
    loss, accuracy, rate = fig.axes
    assert legend_labels(loss) == ["loss", "val_loss", "best"]
    assert legend_labels(accuracy) == ["accuracy", "val_accuracy"]
    assert [ax.get_title() for ax in fig.axes] == ["loss", "accuracy", "learning rate"]
    assert list(loss.lines[1].get_ydata()) == pytest.approx([r["val_loss"] for r in ROWS])
    best = loss.lines[2]
    assert list(best.get_xdata()) == [6.0] and list(best.get_ydata()) == pytest.approx([0.2])
    assert rate.get_yscale() == "log" and loss.get_yscale() == "linear"
    fig.canvas.draw()
    labels = [t.get_text() for t in rate.get_yticklabels(minor=True) + rate.get_yticklabels()]
    assert any(labels) and not any("$" in t for t in labels)  # plain text, no mathtext
    # The final frame is what a fresh figure draws of the same scene; once the cell
    # ends, the picture the notebook keeps is that full drawing exactly.
    scene = live._scene()
    assert close(frames[-1], png_base64(Painter().paint(scene, final=True)))
    output.cell_ended()
    assert frames[-1]["image/png"] == png_base64(Painter().paint(scene, final=True))


def test_nan_is_a_gap_and_marks_are_drawn_and_cleared():
    live, output = plot()
    rows = [dict(r) for r in ROWS[:4]]
    rows[2]["loss"] = float("nan")
    fit_by_hand(live, rows)
    loss = output._painter.fig.axes[0]
    ys = list(loss.lines[0].get_ydata())
    assert math.isnan(ys[2]) and not math.isnan(ys[3])
    texts = [t.get_text() for t in loss.texts]
    assert any("not finite: loss=nan" in t for t in texts)
    live.reset()
    fit_by_hand(live, ROWS[:2])
    assert not any("not finite" in t.get_text() for t in output._painter.fig.axes[0].texts)


def test_a_new_metric_and_a_second_fit_rebuild_the_axes_and_keep_drawing():
    live, output = plot()
    fit_by_hand(live, [{"loss": 1.0}, {"loss": 0.8}])
    assert len(output._painter.fig.axes) == 1
    fit_by_hand(live, [{"loss": 0.6, "auc": 0.7}, {"loss": 0.5, "auc": 0.8}], first=0)
    fig = output._painter.fig
    assert [ax.get_title() for ax in fig.axes] == ["loss", "auc"]
    assert list(fig.axes[0].lines[0].get_xdata()) == [1.0, 2.0, 3.0, 4.0]
    assert any(t.get_text().strip() == "fit 2" for t in fig.axes[0].texts)
    assert output._handle.frames[-1]["text/plain"].startswith("LivePlot (loss, auc): done")


def test_an_unchanged_state_is_not_drawn_twice():
    live, output = plot()
    fit_by_hand(live, ROWS[:3])
    drawn = len(output._handle.frames)
    output.draw(live._scene())
    output.finish(live._scene())
    assert len(output._handle.frames) == drawn
    live.mark(1, "info", "a note")  # a change is drawn
    assert len(output._handle.frames) == drawn + 1


def test_figures_are_kept_per_layout_for_the_next_liveplot_but_never_one_handed_out():
    first, first_output = plot()
    fit_by_hand(first, ROWS[:3])
    fig = first_output._painter.fig
    first_output.cell_ended()  # the cell is over: the figure is kept for its layout
    second, second_output = plot()
    fit_by_hand(second, ROWS[3:])
    assert second_output._painter.fig is fig
    # Drawn on a kept figure, a frame is what a fresh figure draws.
    assert close(second_output._handle.frames[-1],
                 png_base64(Painter().paint(second._scene(), final=True)))
    handed = second.figure  # the user holds this figure now: no other plot may draw on it
    second_output.cell_ended()
    third, third_output = plot()
    fit_by_hand(third, ROWS[:3])
    assert third_output._painter.fig is not handed and second.figure is handed
    assert list(handed.axes[0].lines[0].get_xdata()) == [1.0, 2.0, 3.0]


def direct_frames(rows):
    """Every state of a run drawn as a frame (no redraw budget) on a new figure."""
    from kerasnb.callbacks.backends import mpl_figure
    from kerasnb.callbacks.backends.base import Output

    mpl_figure._kept.clear()

    live = knb.LivePlot(backend=Output(), title="blitted")
    output = MatplotlibOutput()
    output._handle = Handle()
    scenes, full = [], []
    for row in rows:
        live.update(row)
        scenes.append(live._scene())
        output.draw(scenes[-1])
        full.append(output._painter.full_draws)
    output.full = full  # full draws so far, after each frame
    return output, scenes


FALLING = [{"loss": 2.3 / (i + 1), "val_loss": 2.5 / (i + 1) + 0.02 * i,
            "accuracy": 0.3 + i / 40, "val_accuracy": 0.25 + i / 40,
            "learning_rate": 1e-3 * 0.8 ** i} for i in range(25)]


def test_later_frames_draw_only_their_lines_and_match_a_full_drawing():
    output, scenes = direct_frames(FALLING)
    frames, painter = output._handle.frames, output._painter
    assert len(frames) == 25
    # Limits held: full draws only at the first frame and when x, or the rate's decades,
    # outgrow the axes; the rest are lines drawn over the cached axes.
    assert output.full[-1] - output.full[0] <= 5
    loss, accuracy, rate = painter.fig.axes
    assert accuracy.get_ylim() == pytest.approx((0, 1.02))
    low, high = loss.get_ylim()
    assert low <= 0 and 2.5 <= high <= 3.5
    assert loss.get_xlim()[0] <= 1 and 25 <= loss.get_xlim()[1] <= 42
    assert rate.get_ylim()[0] <= 1e-3 * 0.8 ** 24 and rate.get_ylim()[1] >= 1e-3
    # A blitted frame is what the same figure drawn in full shows.
    assert close(frames[-1], png_base64(painter.paint(scenes[-1], final=False)))
    # So is a frame mid-fit, before the x axis ends at the last point.
    output, scenes = direct_frames(FALLING[:13])
    assert output._painter.fig.axes[0].get_xlim()[1] > 19
    painter = output._painter
    assert close(output._handle.frames[-1], png_base64(painter.paint(scenes[-1], final=False)))


def test_data_outside_the_limits_widen_them_once_and_nan_leaves_a_gap():
    rows = [{"loss": 1.0 - i / 20} for i in range(8)]
    rows[4]["loss"] = float("nan")
    rows[6]["loss"] = 3.0  # a jump above the axis
    output, scenes = direct_frames(rows)
    painter = output._painter
    loss = painter.fig.axes[0]
    assert loss.get_ylim()[1] >= 3.0
    ys = list(loss.lines[0].get_ydata())
    assert math.isnan(ys[4]) and ys[6] == 3.0
    # While the limits hold, frames only draw their lines (no full draw after the first);
    # the jump widens the axis once and the frame after it is cheap again.
    assert output.full[3] == output.full[0]
    assert output.full[6] == output.full[5] + 1 and output.full[7] == output.full[6]
    assert close(output._handle.frames[-1], png_base64(painter.paint(scenes[-1], final=False)))


def test_a_rerun_cell_draws_its_first_frame_over_the_axes_kept_from_the_last_run():
    rows = [{k: v for k, v in row.items() if k != "learning_rate"} for row in ROWS]
    live, output = plot()
    fit_by_hand(live, rows)
    painter = output._painter
    output.cell_ended()
    drawn_in_full = painter.full_draws
    again, again_output = plot()
    fit_by_hand(again, rows)
    assert again_output._painter is painter
    assert painter.full_draws == drawn_in_full  # same limits: every frame only drew lines
    assert close(again_output._handle.frames[-1],
                 png_base64(Painter().paint(again._scene(), final=True)))


def test_a_figure_handed_out_is_drawn_in_full_and_has_no_hidden_lines():
    live, output = plot()
    fit_by_hand(live, ROWS)
    fig = live.figure
    assert not any(a.get_animated() for ax in fig.axes for a in ax.lines)
    assert not any(t.get_animated() for t in fig.texts)
    assert close(png_base64(fig), png_base64(Painter().paint(live._scene(), final=True)))


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 4)).astype("float32")
    return x, (x[:, 0] > 0).astype("float32")


class StopAt(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        if epoch == 2:
            raise KeyboardInterrupt


def test_interrupted_fit_keeps_the_plot_and_marks_where_it_stopped(data):
    x, y = data
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile("adam", "binary_crossentropy")
    live, output = plot()
    with pytest.raises(KeyboardInterrupt):
        model.fit(x, y, epochs=6, verbose=0, callbacks=[live, StopAt()])
    assert len(live.history["loss"]) == 3
    last = output._handle.frames[-1]
    assert "stopped after epoch 3" in last["text/plain"]
    (stop,) = [m for m in live._recording.marks if m.kind == "stop"]
    assert any(t.get_text().strip() == stop.text for t in live.figure.axes[0].texts)
    assert image(last).size[0] > 200
