"""knb.compare: runs given as Keras History objects, LivePlots or dicts, overlaid."""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pytest

import kerasnb as knb
from kerasnb.callbacks.record import Recording


@pytest.fixture(scope="module")
def histories():
    import keras

    rng = np.random.default_rng(1)
    x = rng.normal(size=(120, 3)).astype("float32")
    y = (x.sum(axis=1) > 0).astype("float32")
    runs = []
    for units in (2, 16):
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(units, activation="relu"),
                                  keras.layers.Dense(1, activation="sigmoid")])
        model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
        runs.append(model.fit(x, y, epochs=3, validation_split=0.25, verbose=0))
    return runs


def test_histories_overlay_one_colour_per_run(histories, monkeypatch):
    monkeypatch.setenv("KERASNB_FRONTEND", "jupyter")
    result = knb.compare(*histories, labels=["narrow", "wide"])
    assert result.interactive and result.labels == ["narrow", "wide"]
    assert [p.name for p in result.scene.panels] == ["loss", "accuracy"]
    fig = result.figure
    names = [t.name for t in fig.data if t.name != "best"]
    assert names == ["narrow loss", "narrow val_loss", "wide loss", "wide val_loss",
                     "narrow accuracy", "narrow val_accuracy", "wide accuracy",
                     "wide val_accuracy"]
    by_name = {t.name: t for t in fig.data}
    assert by_name["narrow loss"].line.color != by_name["wide loss"].line.color
    assert by_name["wide loss"].line.color == by_name["wide val_loss"].line.color
    assert by_name["wide val_loss"].line.dash == "dash"
    assert by_name["wide val_loss"].y == pytest.approx(histories[1].history["val_loss"])
    stars = [t for t in fig.data if t.name == "best"][0]
    assert len(stars.x) == 2  # each run's best epoch
    bundle = result._repr_mimebundle_()
    assert "application/vnd.plotly.v1+json" in bundle and "narrow" in bundle["text/plain"]


def test_outside_a_widget_front_end_it_is_a_png(histories, monkeypatch):
    monkeypatch.setenv("KERASNB_FRONTEND", "headless")
    result = knb.compare(*histories)
    assert not result.interactive
    assert result.labels == ["run 1", "run 2"]
    assert type(result.figure).__name__ == "Figure" and len(result.figure.axes) == 2
    bundle = result._repr_mimebundle_()
    assert bundle["image/png"][:8] == "iVBORw0K"  # base64 of the PNG signature
    assert repr(result) == "Comparison of run 1, run 2 (loss, accuracy)"


def test_liveplots_and_dicts_mix(monkeypatch):
    monkeypatch.setenv("KERASNB_FRONTEND", "terminal")
    live = knb.LivePlot(backend="text")
    for loss in (1.0, 0.6, 0.4):
        live.update({"loss": loss})
    result = knb.compare(live, {"loss": [0.9, 0.5, 0.3, 0.2], "val_loss": [0.8, 0.6]},
                         labels=["live", "dict"])
    loss = result.scene.panels[0]
    assert [s.label for s in loss.series] == ["live loss", "dict loss", "dict val_loss"]
    # A shorter list is a History from validation_freq=k: epochs k, 2k, ...
    assert loss.series[2].x == [2.0, 4.0]


def test_history_with_validation_freq_lands_on_the_right_epochs():
    rec = Recording.from_any({"loss": [4, 3, 2, 1, 0.5, 0.4], "val_loss": [3.5, 1.5]})
    assert rec.columns["val_loss"] == [None, None, 3.5, None, None, 1.5]
    assert rec.x == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]


def test_metrics_pick_panels_and_a_missing_one_warns(histories):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = knb.compare(*histories, metrics=["accuracy", "auc"])
    assert [p.name for p in result.scene.panels] == ["accuracy"]
    assert len(caught) == 1 and "'auc'" in str(caught[0].message)
    assert "accuracy, loss" in str(caught[0].message)


def test_nan_in_a_run_is_a_gap(monkeypatch):
    monkeypatch.setenv("KERASNB_FRONTEND", "jupyter")
    result = knb.compare({"loss": [1.0, math.nan, 0.5]}, {"loss": [1.0, 0.7, math.inf]})
    traces = [t for t in result.figure.data if t.name != "best"]
    assert traces[0].y == (1.0, None, 0.5) and traces[1].y == (1.0, 0.7, None)


@pytest.mark.parametrize("front", ["jupyter", "headless"])
def test_save_each_format(histories, tmp_path, monkeypatch, front):
    monkeypatch.setenv("KERASNB_FRONTEND", front)
    result = knb.compare(*histories, labels=["a", "b"])
    assert result.save(tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in result.save(tmp_path / "c.svg").read_text()[:2000]
    page = result.save(tmp_path / "c.html").read_text()
    assert not re.search(r"<script[^>]*\ssrc=", page)
    assert ("Plotly.newPlot" in page) == (front == "jupyter")


@pytest.mark.parametrize("args, kwargs, message", [
    ((), {}, "`histories` must be at least one History, LivePlot, dict or DataFrame"),
    ((42,), {}, "`histories` must be a Keras History, a kerasnb History, an object with a "
                "`.history`, a dict of lists, a pandas DataFrame or a list of per-epoch log dicts"),
    (({"loss": 1.0},), {}, "`histories` must be a dict mapping metric names to lists"),
    (({"loss": [1]}, {"loss": [2]}), {"labels": ["one"]},
     "`labels` must be a list of 2 strings, one per run. Received: labels=['one']"),
    (({"loss": [1]},), {"labels": "one"}, "`labels` must be a list of 1 string, one per run"),
    (({"loss": [1]},), {"metrics": 3}, "`metrics` must be None or a non-empty list"),
])
def test_bad_input_is_named(args, kwargs, message):
    with pytest.raises(ValueError) as info:
        knb.compare(*args, **kwargs)
    assert str(info.value).startswith(message)
