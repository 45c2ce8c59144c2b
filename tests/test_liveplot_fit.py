"""LivePlot with real tiny Keras models: fit() in all its forms, interrupts, NaN, async hooks."""

from __future__ import annotations

import math

import keras
import numpy as np
import pytest

import kerasnb as knb
from kerasnb.callbacks.backends import Output

BATCH_HOOKS = ("on_batch_end", "on_train_batch_end", "on_test_batch_end",
               "on_predict_batch_end")


class Recorder(Output):
    name = "recorder"

    def __init__(self) -> None:
        self.shows, self.draws, self.finishes = [], [], []

    def show(self, scene):
        self.shows.append(scene)

    def draw(self, scene):
        self.draws.append(scene)

    def finish(self, scene):
        self.finishes.append(scene)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(160, 4)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("float32")
    return x, y


def sequential(lr=0.01):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.Adam(lr), "binary_crossentropy", metrics=["accuracy"])
    return model


def functional():
    inputs = keras.Input((4,))
    hidden = keras.layers.Dense(8, activation="relu")(inputs)
    model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(hidden))
    model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    return model


class Subclassed(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(8, activation="relu")
        self.out = keras.layers.Dense(1, activation="sigmoid")

    def call(self, x):
        return self.out(self.hidden(x))


def subclassed():
    model = Subclassed()
    model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    return model


class RaiseAt(keras.callbacks.Callback):
    """Raises KeyboardInterrupt, as Ctrl-C would, from the given hook and epoch."""

    def __init__(self, hook, epoch, batch=None):
        super().__init__()
        self.hook, self.epoch, self.batch, self.current = hook, epoch, batch, None

    def on_epoch_begin(self, epoch, logs=None):
        self.current = epoch
        if self.hook == "epoch_begin" and epoch == self.epoch:
            raise KeyboardInterrupt

    def on_epoch_end(self, epoch, logs=None):
        if self.hook == "epoch_end" and epoch == self.epoch:
            raise KeyboardInterrupt

    def on_train_batch_end(self, batch, logs=None):
        if self.hook == "batch" and self.current == self.epoch and batch == self.batch:
            raise KeyboardInterrupt


@pytest.mark.parametrize("build", [sequential, functional, subclassed])
def test_fit_records_every_epoch_like_keras_history(data, build):
    x, y = data
    live = knb.LivePlot(backend="plotly")
    history = build().fit(x, y, epochs=3, batch_size=32, validation_split=0.25, verbose=0,
                          callbacks=[live])
    for key, values in history.history.items():
        assert live.history[key] == pytest.approx(values), key
    assert live.history["learning_rate"] == pytest.approx([0.01 if build is sequential
                                                            else 0.001] * 3)
    fig = live.figure
    names = [t.name for t in fig.data]
    assert {"loss", "val_loss", "accuracy", "val_accuracy", "learning_rate"} <= set(names)
    assert next(t for t in fig.data if t.name == "val_loss").x == (1.0, 2.0, 3.0)
    assert "done: 3/3 epochs" in fig.layout.title.text


def test_epoch_mode_overrides_no_batch_hook_so_keras_keeps_async_dispatch(monkeypatch):
    from keras.src import backend as keras_backend
    from keras.src.utils.python_utils import is_default

    epoch_mode = knb.LivePlot(backend=Recorder())
    batch_mode = knb.LivePlot(update="batch", backend=Recorder())
    assert all(is_default(getattr(epoch_mode, hook)) for hook in BATCH_HOOKS)
    assert not is_default(batch_mode.on_train_batch_end)
    # The TensorFlow backend never dispatches asynchronously; ask Keras' own
    # decision as a thread-safe backend (JAX) would.
    monkeypatch.setattr(keras_backend, "IS_THREAD_SAFE", True)
    assert keras.callbacks.CallbackList([epoch_mode])._async_train
    assert not keras.callbacks.CallbackList([batch_mode])._async_train
    assert knb.LivePlot(backend=Recorder()).on_train_batch_end.__func__ is \
        keras.callbacks.Callback.on_train_batch_end  # per instance, not per class


def test_repeated_fit_continues_and_reset_starts_over(data):
    x, y = data
    model = sequential()
    recorder = Recorder()
    live = knb.LivePlot(backend=recorder)
    model.fit(x, y, epochs=2, verbose=0, callbacks=[live])
    model.fit(x, y, epochs=3, verbose=0, callbacks=[live])
    assert live._recording.x == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert len(live.history["loss"]) == 5
    assert [(m.x, m.text) for m in live._recording.marks] == [(2.0, "fit 2")]
    model.fit(x, y, epochs=6, initial_epoch=5, verbose=0, callbacks=[live])  # resumes
    assert live._recording.x[-1] == 6.0
    live.reset()
    model.fit(x, y, epochs=2, verbose=0, callbacks=[live])
    assert live._recording.x == [1.0, 2.0] and live._recording.marks == []


def test_validation_freq_gives_no_invented_points(data):
    x, y = data
    live = knb.LivePlot(backend="plotly")
    sequential().fit(x[:120], y[:120], validation_data=(x[120:], y[120:]), validation_freq=2,
                     epochs=4, verbose=0, callbacks=[live])
    assert live.history["val_loss"][0] is None and live.history["val_loss"][2] is None
    assert live.history["val_loss"][1] is not None and live.history["val_loss"][3] is not None
    val = next(t for t in live.figure.data if t.name == "val_loss")
    assert val.x == (2.0, 4.0)


# Keras' own ReduceLROnPlateau reads the rate through np.array(variable), which NumPy 2 flags.
@pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword")
def test_with_keras_callbacks_and_a_progress_bar(data, tmp_path, capsys):
    x, y = data
    live = knb.LivePlot(backend=Recorder())
    callbacks = [
        live,
        keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=0, min_delta=10),
        keras.callbacks.EarlyStopping(monitor="loss", patience=3, min_delta=10),
        keras.callbacks.ModelCheckpoint(str(tmp_path / "best.keras")),
        keras.callbacks.TensorBoard(log_dir=str(tmp_path / "logs")),
    ]
    history = sequential(lr=0.04).fit(x, y, epochs=10, validation_split=0.2, verbose=1,
                                      callbacks=callbacks)
    assert "Epoch 1/10" in capsys.readouterr().out  # the progress bar ran too
    assert len(history.epoch) == 4  # stopped by EarlyStopping
    rates = live.history["learning_rate"]
    # LivePlot reads the rate before ReduceLROnPlateau (later in the list) halves it.
    assert rates == pytest.approx([0.04, 0.04, 0.02, 0.01])
    final = live._output.finishes[-1]
    assert [p.name for p in final.panels] == ["loss", "accuracy", "learning_rate"]
    assert final.status.startswith("stopped early at epoch 4/10")
    assert (tmp_path / "best.keras").exists() and (tmp_path / "logs").exists()


def test_learning_rate_schedule_shows_from_the_optimizer(data):
    x, y = data
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=5, decay_rate=0.5)
    model = sequential()
    model.compile(keras.optimizers.SGD(schedule), "binary_crossentropy")
    live = knb.LivePlot(backend=Recorder())
    model.fit(x, y, epochs=3, batch_size=32, verbose=0, callbacks=[live])  # 5 steps per epoch
    assert live.history["learning_rate"] == pytest.approx([0.05, 0.025, 0.0125])


@pytest.mark.parametrize("hook, epoch, rows, text, x", [
    ("epoch_end", 2, 3, "stopped after epoch 3", 3.0),  # LivePlot had recorded epoch 3
    ("epoch_begin", 2, 2, "stopped at epoch 3", 2.0),
])
def test_interrupt_keeps_the_plot_and_marks_where_it_stopped(data, tmp_path, hook, epoch, rows,
                                                             text, x):
    xs, ys = data
    live = knb.LivePlot(backend="plotly")
    with pytest.raises(KeyboardInterrupt):
        sequential().fit(xs, ys, epochs=6, verbose=0, callbacks=[live, RaiseAt(hook, epoch)])
    assert len(live.history["loss"]) == rows  # what was plotted stays
    fig = live.figure
    stops = [m for m in live._recording.marks if m.kind == "stop"]
    assert [(m.x, m.text) for m in stops] == [(x, text)]
    assert any(a["text"] == text for a in fig.layout.annotations)
    assert text in fig.layout.title.text
    live.save(tmp_path / "stopped.png")


def test_interrupt_mid_epoch_in_batch_mode_then_fit_again(data):
    xs, ys = data
    model = sequential()
    recorder = Recorder()
    live = knb.LivePlot(update="batch", backend=recorder)
    with pytest.raises(KeyboardInterrupt):
        model.fit(xs, ys, epochs=4, batch_size=16, verbose=0,
                  callbacks=[live, RaiseAt("batch", 1, batch=4)])  # 10 batches per epoch
    # Nothing looked at the plot in between: the next fit() notices and marks the stop.
    model.fit(xs, ys, epochs=1, batch_size=16, verbose=0, callbacks=[live])
    stop = next(m for m in live._recording.marks if m.kind == "stop")
    assert stop.text == "stopped at epoch 2" and stop.x == pytest.approx(1.5)
    assert live._recording.x == [1.0, 2.0]  # the new fit continues after epoch 1
    # The heading counts every epoch plotted, across fit() calls.
    assert recorder.finishes[-1].status.startswith("done: 2/2 epochs")


def test_nan_loss_is_a_gap_and_a_flag(data, tmp_path):
    xs, ys = data
    ys = ys.copy()
    ys[:40] = np.nan
    live = knb.LivePlot(backend="matplotlib")
    sequential().fit(xs, ys, epochs=2, verbose=0, callbacks=[live])
    assert all(math.isnan(v) for v in live.history["loss"])
    scene = live._scene()
    assert [m.kind for m in scene.marks] == ["nan"] and "not finite: loss" in scene.status
    assert live.save(tmp_path / "nan.png").stat().st_size > 0


def test_batch_mode_streams_points_with_few_redraws(data):
    xs, ys = data
    recorder = Recorder()
    live = knb.LivePlot(update="batch", max_fps=4, backend=recorder)
    sequential().fit(xs, ys, epochs=2, batch_size=2, verbose=0, callbacks=[live])  # 160 batches
    stream = next(s for s in recorder.finishes[-1].panels[0].series if s.role == "batch")
    assert len(stream.x) == 160 and stream.x[-1] == pytest.approx(2.0)
    assert len(recorder.draws) < 40, len(recorder.draws)


def test_custom_training_loop(data):
    import tensorflow as tf

    xs, ys = data
    model = sequential()
    loss_fn = keras.losses.BinaryCrossentropy()
    optimizer = keras.optimizers.Adam(0.01)
    live = knb.LivePlot(backend="plotly")
    for _ in range(3):
        for start in range(0, 160, 32):
            with tf.GradientTape() as tape:
                loss = loss_fn(ys[start:start + 32, None], model(xs[start:start + 32]))
            grads = tape.gradient(loss, model.trainable_weights)
            optimizer.apply_gradients(zip(grads, model.trainable_weights, strict=True))
        val = loss_fn(ys[:, None], model(xs))
        live.update({"loss": loss, "val_loss": val})
    assert len(live.history["loss"]) == 3
    assert all(isinstance(v, float) for v in live.history["val_loss"])
    assert next(t for t in live.figure.data if t.name == "val_loss").x == (1.0, 2.0, 3.0)


def test_doctor_true_marks_the_plot(data):
    pytest.importorskip("kerasnb.doctor.live")
    xs, ys = data
    ys = ys.copy()
    ys[:40] = np.nan
    live = knb.LivePlot(backend=Recorder(), doctor=True)
    model = sequential()
    model.fit(xs, ys, epochs=5, verbose=0, callbacks=[live])
    assert len(live.history["loss"]) == 1  # the doctor stopped training at the first NaN
    marks = live._output.finishes[-1].marks
    assert [(m.x, m.kind) for m in marks] == [(1.0, "nan")]  # its mark, not a second flag
