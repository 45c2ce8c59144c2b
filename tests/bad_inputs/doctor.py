"""Rows for knb.check and knb.Doctor: bad arguments get a clear error naming them."""

import keras
import numpy as np

import kerasnb as knb
from bad_inputs import Row


def _model():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


X, Y = np.zeros((10, 3), dtype="float32"), np.arange(10) % 2


class _HasMethod:
    """``.history`` is a method here, not training numbers."""

    def history(self):
        return {}


class _HasHistory:
    """A Playground or a ModelBuilder, as check sees it."""

    history = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.6]}

ROWS = [
    Row("check-model-array", lambda: knb.check(np.zeros(3)), arg="model"),
    Row("check-model-string", lambda: knb.check("model.keras"), arg="model"),
    Row("check-model-history", lambda: knb.check(keras.callbacks.History()), arg="model"),
    Row("check-callbacks-single", lambda: knb.check(None, callbacks=keras.callbacks.History()),
        arg="callbacks"),
    Row("check-callbacks-string", lambda: knb.check(None, callbacks="cb"), arg="callbacks"),
    Row("check-callbacks-not-callbacks", lambda: knb.check(None, callbacks=["early"]),
        exc=TypeError, arg="callbacks"),
    Row("check-save-path-int", lambda: knb.check(None, save_path=3), arg="save_path"),
    Row("check-save-path-empty", lambda: knb.check(None, save_path=""), arg="save_path"),
    Row("check-weights-path-list", lambda: knb.check(None, weights_path=["w.weights.h5"]),
        arg="weights_path"),
    Row("check-history-int", lambda: knb.check(None, history=3), arg="history"),
    Row("check-history-string", lambda: knb.check(None, history="loss"), arg="history"),
    Row("check-history-method", lambda: knb.check(None, history=_HasMethod()), arg="history"),
    Row("check-history-column-not-a-list",
        lambda: knb.check(None, history={"loss": 0.5}), arg="history"),
    Row("check-history-numpy-accepted",
        lambda: knb.check(None, history={"loss": np.float32([1.0, 0.5])}), accept=True),
    Row("check-history-object-accepted",
        lambda: knb.check(None, history=_HasHistory()), accept=True),
    Row("check-class-weight-list", lambda: knb.check(_model(), X, Y, class_weight=[1, 2]),
        arg="class_weight"),
    Row("check-class-weight-string-key",
        lambda: knb.check(_model(), X, Y, class_weight={"cat": 1.0}), arg="class_weight"),
    Row("check-class-weight-negative",
        lambda: knb.check(_model(), X, Y, class_weight={0: -1.0, 1: 1.0}), arg="class_weight"),
    Row("check-class-weight-nan",
        lambda: knb.check(_model(), X, Y, class_weight={0: float("nan")}), arg="class_weight"),
    Row("check-class-weight-numpy-accepted",
        lambda: knb.check(_model(), X, Y, class_weight={np.int64(0): np.float32(1), 1: 2}),
        accept=True),
    Row("check-sample-weight-length",
        lambda: knb.check(_model(), X, Y, sample_weight=np.ones(4)), arg="sample_weight"),
    Row("check-sample-weight-strings",
        lambda: knb.check(_model(), X, Y, sample_weight=np.array(["a"] * 10)),
        arg="sample_weight"),
    Row("check-sample-weight-nan",
        lambda: knb.check(_model(), X, Y, sample_weight=np.full(10, np.nan)),
        arg="sample_weight"),
    Row("check-sample-weight-negative",
        lambda: knb.check(_model(), X, Y, sample_weight=-np.ones(10)), arg="sample_weight"),
    Row("doctor-patience-zero", lambda: knb.Doctor(patience=0), arg="patience"),
    Row("doctor-patience-numpy-accepted", lambda: knb.Doctor(patience=np.int64(2)), accept=True),
    Row("doctor-stop-on-nan-string", lambda: knb.Doctor(stop_on_nan="no"), arg="stop_on_nan"),
    Row("doctor-plot-without-mark", lambda: knb.Doctor(plot=object()), arg="plot"),
]
