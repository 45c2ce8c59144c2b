"""knb.Doctor during training: alone in a callbacks list, and inside LivePlot(doctor=True)."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from keras import layers

import kerasnb as knb
from kerasnb.doctor.live import Doctor

RNG = np.random.default_rng(0)

OVERFIT = [(1.0, 1.1), (0.7, 0.8), (0.5, 0.6), (0.4, 0.55), (0.3, 0.6), (0.22, 0.68),
           (0.15, 0.75), (0.1, 0.85)]  # val_loss lowest at epoch index 3


class MarkBook:
    """The smallest plot: it keeps the marks it is asked to draw."""

    def __init__(self):
        self.marks = []

    def mark(self, epoch, kind, text):
        self.marks.append((epoch, kind, text))


def regression_model(learning_rate=1e-2):
    model = keras.Sequential([keras.Input((4,)), layers.Dense(8, activation="relu"),
                              layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate), loss="mse")
    return model


def data(n=64):
    x = RNG.normal(size=(n, 4)).astype("float32")
    return x, x.sum(axis=1)


def drive(doctor, rows, model=None, start=0):
    """Run the Keras hooks of a fit() by hand with synthetic (loss, val_loss) rows."""
    doctor.set_model(model or regression_model())
    doctor.on_train_begin()
    for i, (loss, val) in enumerate(rows):
        logs = {"loss": loss} if val is None else {"loss": loss, "val_loss": val}
        doctor.on_epoch_end(start + i, logs)
    doctor.on_train_end()


# -- alone in a callbacks list -------------------------------------------------------------


def test_doctor_stops_a_real_fit_at_the_first_nan(capsys):
    keras.utils.set_random_seed(0)
    x, y = data()
    x[5, 2] = np.nan  # one bad value poisons the weights
    model = regression_model()
    doctor = knb.Doctor()
    history = model.fit(x, y, epochs=5, batch_size=16, verbose=0, callbacks=[doctor])
    assert len(history.history["loss"]) == 1  # stopped after the first epoch
    assert doctor.stopped_epoch == 0 and model.stop_training
    assert [f.code for f in doctor.findings] == ["KNB402"]
    assert doctor.report.codes == ["KNB402"] and not doctor.report.ok
    out = capsys.readouterr().out
    assert out.count("knb.Doctor:") == 1 and "ERROR KNB402 (loss)" in out


def test_doctor_stops_a_real_fit_that_diverges_to_nan():
    keras.utils.set_random_seed(0)
    x, y = data()
    model = regression_model(learning_rate=1e3)  # far too large a step
    doctor = Doctor()
    history = model.fit(x * 100, y, epochs=20, batch_size=16, verbose=0, callbacks=[doctor])
    assert len(history.history["loss"]) < 20 and doctor.stopped_epoch is not None
    nan = next(f for f in doctor.findings if f.code == "KNB402")
    assert "keras.optimizers.SGD(learning_rate=100)  # now 1e+03" in nan.fix


def test_without_stop_on_nan_training_goes_on_and_nan_is_said_once(capsys):
    keras.utils.set_random_seed(0)
    x, y = data()
    x[5, 2] = np.nan
    doctor = knb.Doctor(stop_on_nan=False)
    history = regression_model().fit(x, y, epochs=3, verbose=0, callbacks=[doctor])
    assert len(history.history["loss"]) == 3 and doctor.stopped_epoch is None
    assert capsys.readouterr().out.count("KNB402") == 1


@pytest.mark.filterwarnings("ignore:You are using a softmax over axis -1")
def test_model_mistakes_are_said_when_training_begins(capsys):
    model = keras.Sequential([keras.Input((4,)), layers.Dense(1, activation="softmax")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    x, _ = data(16)
    doctor = knb.Doctor()
    model.fit(x, (x[:, 0] > 0).astype("float32"), epochs=1, verbose=0, callbacks=[doctor])
    assert "KNB102" in doctor.report and "ERROR KNB102" in capsys.readouterr().out


def test_a_model_built_by_fit_is_not_called_unbuilt(capsys):
    model = keras.Sequential([layers.Dense(4, activation="relu"), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    x, y = data(16)
    doctor = knb.Doctor()
    model.fit(x, y, epochs=2, verbose=0, callbacks=[doctor])
    assert doctor.findings == [] and capsys.readouterr().out == ""


# -- synthetic histories -------------------------------------------------------------------


def test_overfitting_is_marked_once_where_it_started():
    book = MarkBook()
    doctor = Doctor(plot=book)
    drive(doctor, OVERFIT)
    assert book.marks == [(3, "overfitting", "overfitting: val_loss rising after epoch 4")]
    hit = doctor.findings[0]
    assert hit.code == "KNB401" and "lowest at epoch 4" in hit.message
    assert doctor.history["val_loss"] == [v for _, v in OVERFIT]


def test_a_new_overfitting_episode_is_marked_again():
    book = MarkBook()
    recovered = [(0.08, 0.5), (0.07, 0.55), (0.06, 0.6), (0.05, 0.7)]  # new best, rises
    drive(Doctor(plot=book), OVERFIT + recovered)
    assert [(e, k) for e, k, _ in book.marks] == [(3, "overfitting"), (8, "overfitting")]


def test_patience_sets_how_long_a_trend_must_last():
    book = MarkBook()
    drive(Doctor(plot=book, patience=5), OVERFIT)
    assert book.marks == []  # val_loss rose for 4 epochs only
    book = MarkBook()
    drive(Doctor(plot=book, patience=2), OVERFIT[:7])
    assert book.marks[0][:2] == (3, "overfitting")


def test_divergence_is_marked_and_flat_loss_reported_at_the_end():
    book = MarkBook()
    rows = [(0.7, None), (0.6, None), (0.9, None), (1.4, None), (2.5, None), (4.0, None)]
    doctor = Doctor(plot=book)
    drive(doctor, rows)
    assert [(e, k) for e, k, _ in book.marks] == [(1, "divergence")]
    assert [f.code for f in doctor.findings] == ["KNB403"]
    book = MarkBook()
    drive(Doctor(plot=book), [(0.6931, None)] * 5)
    assert [(e, k) for e, k, _ in book.marks] == [(4, "info")]


def test_epochs_are_the_ones_keras_passes():
    book = MarkBook()
    drive(Doctor(plot=book), OVERFIT, start=10)  # fit(..., initial_epoch=10)
    assert book.marks[0][0] == 13 and "after epoch 14" in book.marks[0][2]


def test_one_doctor_serves_several_fits():
    book = MarkBook()
    doctor = Doctor(plot=book)
    drive(doctor, OVERFIT)
    drive(doctor, OVERFIT[:3])
    assert doctor.findings == [] and len(doctor.history["loss"]) == 3


@pytest.mark.parametrize("kwargs, message", [
    ({"patience": 0}, r"`patience` must be a positive integer. Received: patience=0"),
    ({"stop_on_nan": "yes"}, r"`stop_on_nan` must be True or False"),
    ({"plot": object()}, r"`plot` must have a mark\(epoch, kind, text\) method"),
])
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Doctor(**kwargs)


# -- LivePlot(doctor=True) -----------------------------------------------------------------


def test_liveplot_with_doctor_marks_overfitting_on_the_plot():
    from kerasnb.callbacks.backends import Output

    class Keep(Output):
        name = "keep"

        def __init__(self):
            self.live, self.throttled, self.scenes = False, True, []

        def show(self, scene):
            self.scenes.append(scene)

        draw = finish = show

    keep = Keep()
    live = knb.LivePlot(doctor=True, backend=keep)
    live.set_model(regression_model())
    live.set_params({"epochs": len(OVERFIT), "steps": 1, "verbose": 0})
    live.on_train_begin()
    for epoch, (loss, val) in enumerate(OVERFIT):
        live.on_epoch_begin(epoch)
        live.on_epoch_end(epoch, {"loss": loss, "val_loss": val})
    live.on_train_end()
    marks = [(m.x, m.kind) for m in keep.scenes[-1].marks]
    assert (4.0, "overfitting") in marks  # drawn at epoch 4 as the plot counts them
    assert any("val_loss rising after epoch 4" in m.text for m in keep.scenes[-1].marks)


def test_liveplot_with_doctor_stops_a_real_fit_on_nan(tmp_path):
    keras.utils.set_random_seed(0)
    x, y = data()
    x[5, 2] = np.nan
    doctor = knb.Doctor()
    live = knb.LivePlot(doctor=doctor, backend="text")
    assert doctor.plot is live
    history = regression_model().fit(x, y, epochs=5, verbose=0, callbacks=[live])
    assert len(history.history["loss"]) == 1 and doctor.stopped_epoch == 0
    assert "KNB402" in doctor.report
    live.save(tmp_path / "nan.png")  # the marked plot still draws
    assert (tmp_path / "nan.png").stat().st_size > 0
