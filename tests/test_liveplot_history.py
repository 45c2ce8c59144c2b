"""One shape of training numbers: LivePlot.history is a kerasnb.History, and compare reads
every form History.from_any reads (Keras History, LivePlot, History, DataFrame, log dicts,
objects with a ``.history``); saving returns the Path written; old call forms still work."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import kerasnb as knb
from kerasnb._history import History
from kerasnb._repr import ShowsItself
from kerasnb.callbacks.record import Recording


def _data(n=64):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(n, 3)).astype("float32")
    return x, (x[:, 0] + x[:, 1] > 0).astype("float32")


def _model():
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    return model


@pytest.fixture(scope="module")
def trained():
    """A LivePlot and the Keras History of the same fit (validation every other epoch)."""
    x, y = _data()
    live = knb.LivePlot(backend="text")
    from IPython.utils.capture import capture_output

    with capture_output():
        keras_history = _model().fit(x, y, epochs=4, batch_size=16, validation_split=0.25,
                                     validation_freq=2, verbose=0, callbacks=[live])
    return live, keras_history


# -- LivePlot.history ------------------------------------------------------------------

def test_liveplot_history_is_a_kerasnb_history_aligned_by_epoch(trained):
    live, keras_history = trained
    history = live.history
    assert isinstance(history, History)
    assert history.epoch == keras_history.epoch == [0, 1, 2, 3]
    assert history["loss"] == pytest.approx(keras_history.history["loss"])
    # validation every other epoch: values at epochs 2 and 4, None (not invented) between
    assert history["val_loss"][0] is None and history["val_loss"][2] is None
    assert [v for v in history["val_loss"] if v is not None] == pytest.approx(
        keras_history.history["val_loss"])
    assert history.history["accuracy"] == history["accuracy"]  # Keras' spelling reads too
    assert history.last("val_loss") == pytest.approx(keras_history.history["val_loss"][-1])
    assert "learning_rate" in history and len(history["learning_rate"]) == 4


def test_custom_loop_steps_give_row_numbers_not_invented_epochs():
    live = knb.LivePlot(backend="text")
    from IPython.utils.capture import capture_output

    with capture_output():
        for step, loss in ((0.5, 1.0), (1.5, 0.5)):
            live.update({"loss": loss}, step=step)
    assert live.history.epoch == [0, 1] and live.history["loss"] == [1.0, 0.5]


def test_compare_reads_a_liveplot_its_history_and_the_keras_history_alike(trained,
                                                                         monkeypatch):
    monkeypatch.setenv("KERASNB_FRONTEND", "headless")
    live, keras_history = trained
    result = knb.compare(live, live.history, keras_history, labels=["live", "hist", "keras"])
    loss = next(p for p in result.scene.panels if p.name == "loss")
    by_label = {s.label: s for s in loss.series}
    for label in ("live", "hist", "keras"):
        assert by_label[f"{label} loss"].x == [1.0, 2.0, 3.0, 4.0]
        assert by_label[f"{label} val_loss"].x == [2.0, 4.0]  # validation_freq=2 epochs
        assert by_label[f"{label} val_loss"].y == pytest.approx(keras_history.history["val_loss"])


# -- compare: every form of a history --------------------------------------------------

def test_compare_reads_a_dataframe_and_a_list_of_log_dicts(monkeypatch):
    import pandas as pd

    monkeypatch.setenv("KERASNB_FRONTEND", "headless")
    frame = pd.DataFrame({"loss": [1.0, 0.6, 0.4], "val_loss": [1.1, 0.8, 0.7]})
    logs = [{"loss": 0.9, "val_loss": 1.0}, {"loss": 0.5}, {"loss": 0.3, "val_loss": 0.6}]
    result = knb.compare(frame, logs, labels=["frame", "logs"])
    loss = result.scene.panels[0]
    series = {s.label: s for s in loss.series}
    assert series["frame val_loss"].y == [1.1, 0.8, 0.7]
    assert series["logs val_loss"].x == [1.0, 3.0]  # the epoch without validation is a gap
    assert series["logs loss"].y == [0.9, 0.5, 0.3]


def test_a_csvlogger_file_read_with_pandas_uses_its_epoch_column(tmp_path, monkeypatch):
    import keras
    import pandas as pd

    monkeypatch.setenv("KERASNB_FRONTEND", "headless")
    x, y = _data()
    path = tmp_path / "log.csv"
    _model().fit(x, y, epochs=3, initial_epoch=1, validation_split=0.25, verbose=0,
                 callbacks=[keras.callbacks.CSVLogger(str(path))])
    result = knb.compare(pd.read_csv(path))
    assert [p.name for p in result.scene.panels] == ["loss", "accuracy"]  # no "epoch" panel
    assert result.scene.panels[0].series[0].x == [2.0, 3.0]  # epochs 1 and 2, drawn from 1


def test_compare_reads_any_object_with_a_history_such_as_a_model_builder(monkeypatch):
    monkeypatch.setenv("KERASNB_FRONTEND", "headless")
    x, y = _data(32)
    builder = knb.ModelBuilder((3,), data=(x, y))
    builder.fit(epochs=2, batch_size=8, live=False)
    result = knb.compare(builder, {"loss": [0.9, 0.1]}, labels=["builder", "dict"])
    series = {s.label: s for s in result.scene.panels[0].series}
    assert series["builder loss"].y == pytest.approx(builder.history.history["loss"])


def test_a_builder_that_never_trained_is_an_error_naming_histories():
    untrained = knb.ModelBuilder((3,))
    with pytest.raises(ValueError, match=r"^`histories` must be runs with at least one "
                                         r"recorded epoch \('run 1' has none"):
        knb.compare(untrained)


def test_recording_from_any_keeps_validation_freq_placement():
    rec = Recording.from_any(History({"loss": [4, 3, 2, 1], "val_loss": [3.5, 1.5]}))
    assert rec.columns["val_loss"] == [None, 3.5, None, 1.5] and rec.x == [1.0, 2.0, 3.0, 4.0]


# -- compare: interactive= -------------------------------------------------------------

def test_compare_interactive_overrides_the_front_end(monkeypatch):
    monkeypatch.setenv("KERASNB_FRONTEND", "jupyter")
    static = knb.compare({"loss": [1.0, 0.5]}, interactive=False)
    assert not static.interactive and type(static.figure).__name__ == "Figure"
    assert set(static._repr_mimebundle_()) == {"text/plain", "image/png"}
    monkeypatch.setenv("KERASNB_FRONTEND", "headless")
    live = knb.compare({"loss": [1.0, 0.5]}, interactive=True)
    assert live.interactive and "application/vnd.plotly.v1+json" in live._repr_mimebundle_()
    assert knb.compare({"loss": [1.0]}).interactive is False  # None: by front end


# -- saving returns the Path written; showing always carries text/plain ----------------

def test_save_returns_the_path_written(trained, tmp_path, monkeypatch):
    monkeypatch.setenv("KERASNB_FRONTEND", "headless")
    live, keras_history = trained
    for obj in (live, knb.compare(keras_history)):
        written = obj.save(str(tmp_path / f"{type(obj).__name__}.png"))
        assert isinstance(written, Path) and written.read_bytes()[:4] == b"\x89PNG"


def test_liveplot_and_comparison_show_themselves_with_text(trained, monkeypatch):
    monkeypatch.setenv("KERASNB_FRONTEND", "headless")
    live, keras_history = trained
    for obj in (live, knb.compare(keras_history)):
        assert isinstance(obj, ShowsItself)
        bundle = obj._repr_mimebundle_(include={"image/png"})
        assert set(bundle) == {"text/plain", "image/png"} and "loss" in bundle["text/plain"]
    assert type(live.figure).__name__ == "Figure"  # a text output still has a figure to give


# -- old call forms --------------------------------------------------------------------

def test_update_with_step_by_position_warns_and_still_works():
    live = knb.LivePlot(backend="text")
    from IPython.utils.capture import capture_output

    with capture_output(), pytest.warns(DeprecationWarning, match=r"`step`.*use `step=`"):
        live.update({"loss": 1.0}, 5)
    assert live._recording.x == [5.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with capture_output():
            live.update({"loss": 0.5}, step=6)  # the keyword spelling does not warn
    assert live._recording.x == [5.0, 6.0]
    with pytest.raises(TypeError, match="`step`"):
        live.update({"loss": 0.5}, 7, step=7)


def test_the_missing_metric_warning_points_at_the_callers_line():
    live = knb.LivePlot(metrics=["auc"], backend="text")
    from IPython.utils.capture import capture_output

    with capture_output(), pytest.warns(UserWarning, match="'auc' never appeared") as caught:
        live.update({"loss": 1.0})
    assert caught[0].filename == __file__  # not a line inside kerasnb or its wrapper


def test_compare_reads_a_playground_that_trained(monkeypatch):
    monkeypatch.setenv("KERASNB_FRONTEND", "headless")
    playground = knb.Playground()
    playground.step(3)
    result = knb.compare(playground, labels=["playground"])
    first = result.scene.panels[0].series[0]
    assert first.y == pytest.approx(list(playground.history[first.key]))
    assert len(first.y) == 4  # the untrained network and three epochs
