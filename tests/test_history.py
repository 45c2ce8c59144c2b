"""`kerasnb.History`: the one shape of training numbers, and every form it reads."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import kerasnb as knb
from kerasnb._history import History


@pytest.fixture(scope="module")
def keras_fit():
    """A real Keras History from a tiny real fit, validated every second epoch."""
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"),
                              keras.layers.Dense(1)])
    model.compile("adam", "mse", metrics=["mae"])
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(32, 3)), rng.normal(size=(32, 1))
    history = model.fit(x, y, epochs=4, batch_size=16, validation_data=(x, y),
                        validation_freq=2, verbose=0)
    return model, history


def test_is_exported_at_top_level():
    assert knb.History is History
    assert "History" in knb.__all__


def test_a_history_is_a_read_only_mapping_with_epochs():
    h = History({"loss": [0.9, 0.5, 0.25], "val_loss": [1.0, None, 0.5]})
    assert dict(h) == {"loss": [0.9, 0.5, 0.25], "val_loss": [1.0, None, 0.5]}
    assert list(h) == ["loss", "val_loss"] and len(h) == 2 and "loss" in h
    assert h.epoch == [0, 1, 2] and h.epochs == 3
    assert h.history == {"loss": [0.9, 0.5, 0.25], "val_loss": [1.0, None, 0.5]}
    h["loss"].append(7.0)          # a copy: the history itself does not change
    h.history["loss"].clear()
    h.epoch.clear()
    assert h["loss"] == [0.9, 0.5, 0.25] and h.epoch == [0, 1, 2]
    with pytest.raises(TypeError):
        h["loss"] = [1.0]  # type: ignore[index]
    with pytest.raises(KeyError):
        h["accuracy"]


def test_last_and_best_skip_gaps_and_non_finite_values():
    h = History({"loss": [1.0, float("nan"), 0.4, None], "val_loss": [None, 0.3, float("inf"), 0.6]})
    assert h.last("loss") == 0.4
    assert h.best("val_loss") == (1, 0.3)
    assert h.best("loss") == (2, 0.4)
    assert h.best("accuracy") is None
    assert History({"loss": [None, None]}).last("loss") is None
    assert History({"loss": [float("nan")]}).best("loss") is None


def test_numbers_are_plain_floats_and_nan_is_kept():
    import math

    h = History({"loss": [np.float32(0.5), np.array(0.25), 1, None, float("nan")]})
    values = h["loss"]
    assert values[:4] == [0.5, 0.25, 1.0, None]
    assert all(type(v) is float for v in values if v is not None)
    assert math.isnan(values[4])  # a diverged loss stays visible (the doctor reads it)


def test_from_a_real_keras_fit_spreads_validation_freq(keras_fit):
    model, fit = keras_fit
    assert len(fit.history["val_loss"]) == 2  # Keras logs validation every 2nd epoch only
    h = History.from_any(fit)
    assert h.epoch == fit.epoch == [0, 1, 2, 3]
    assert h["loss"] == pytest.approx(fit.history["loss"])
    assert h["mae"] == pytest.approx(fit.history["mae"])
    val = h["val_loss"]
    assert val[0] is None and val[2] is None
    assert [val[1], val[3]] == pytest.approx(fit.history["val_loss"])
    # A model remembers its last History: it reads the same.
    assert History.from_any(model) == h


def test_validation_freq_three_lands_on_epochs_three_six_nine():
    h = History({"loss": list(range(9)), "val_loss": [3.0, 6.0, 9.0]})
    assert h["val_loss"] == [None, None, 3.0, None, None, 6.0, None, None, 9.0]


def test_from_a_kerasnb_history_is_the_same_object():
    h = History({"loss": [1.0]})
    assert History.from_any(h) is h


def test_from_an_object_with_a_history_attribute():
    class Run:
        def __init__(self, history):
            self.history = history

    inner = History({"loss": [1.0, 0.5]})
    assert History.from_any(Run(inner)) is inner
    assert History.from_any(Run({"loss": [1.0, 0.5]})) == {"loss": [1.0, 0.5]}
    assert History.from_any(Run(Run({"loss": [2.0]}))) == {"loss": [2.0]}


def test_an_int_epoch_attribute_is_not_a_list_of_epochs():
    class Lab:  # like a Playground: `.epoch` is the current epoch number
        history = {"loss": [1.0, 0.5, 0.25]}
        epoch = 3

    h = History.from_any(Lab())
    assert h.epoch == [0, 1, 2] and h["loss"] == [1.0, 0.5, 0.25]


def test_from_a_dict_of_lists_with_gaps():
    h = History.from_any({"loss": (1.0, 0.5), "val_loss": [None, 0.7], "note": ["a", "b"]})
    assert h.to_dict() == {"loss": [1.0, 0.5], "val_loss": [None, 0.7]}  # text is not a metric


def test_from_a_pandas_dataframe():
    pd = pytest.importorskip("pandas")
    table = pd.DataFrame({"epoch": [0, 1, 2], "loss": [1.0, 0.5, 0.25],
                          "accuracy": np.array([0.5, 0.7, 0.9], dtype=np.float32),
                          "run": ["a", "a", "a"]})
    h = History.from_any(table)
    assert list(h) == ["loss", "accuracy"]  # the epoch column numbers the rows; text is dropped
    assert h.epoch == [0, 1, 2]
    assert h["accuracy"] == pytest.approx([0.5, 0.7, 0.9])


def test_from_a_csv_logger_file(tmp_path, keras_fit):
    """What keras.callbacks.CSVLogger writes, read back with pandas, is a history too."""
    pd = pytest.importorskip("pandas")
    import keras

    model, _ = keras_fit
    path = tmp_path / "log.csv"
    x = np.zeros((8, 3))
    model.fit(x, np.zeros((8, 1)), epochs=2, verbose=0,
              callbacks=[keras.callbacks.CSVLogger(str(path))])
    h = History.from_any(pd.read_csv(path))
    assert h.epoch == [0, 1] and "epoch" not in h and {"loss", "mae"} <= set(h)


def test_from_a_list_of_log_dicts_fills_gaps_with_none():
    logs = [{"loss": 1.0}, {"loss": 0.5, "val_loss": 0.75}, {"loss": 0.25}]
    h = History.from_any(logs)
    assert h.to_dict() == {"loss": [1.0, 0.5, 0.25], "val_loss": [None, 0.75, None]}


@pytest.mark.parametrize("bad", [None, "loss", 3.5, [1.0, 0.5], {"loss": 0.5}, {"loss": "abc"},
                                 [], lambda: None])
def test_bad_input_names_the_argument(bad):
    with pytest.raises(ValueError, match=r"^`history` must be .*Received: history="):
        History.from_any(bad)
    with pytest.raises(ValueError, match=r"^`histories\[1\]` must be"):
        History.from_any(bad, name="histories[1]")


def test_an_object_whose_history_is_a_method_is_refused():
    class Odd:
        def history(self):
            return {}

    with pytest.raises(ValueError, match="`run` must be"):
        History.from_any(Odd(), name="run")


def test_aliases_read_old_keys_with_a_warning_at_the_users_line():
    h = History({"loss": [1.0, 0.5], "val_loss": [1.2, 0.6]},
                aliases={"train_loss": "loss", "test_loss": "val_loss"})
    assert list(h) == ["loss", "val_loss"]  # old names are not listed
    assert "train_loss" in h
    reads = {
        "getitem": lambda: h["train_loss"],
        "get": lambda: h.get("train_loss"),
        "last": lambda: h.last("train_loss"),
        "best": lambda: h.best("test_loss"),
    }
    expected = {"getitem": [1.0, 0.5], "get": [1.0, 0.5], "last": 0.5, "best": (1, 0.6)}
    for how, read in reads.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert read() == expected[how], how
        (warning,) = caught
        assert warning.category is DeprecationWarning
        assert "is deprecated; use" in str(warning.message), how
        assert warning.filename == __file__, (how, warning.filename)
    assert h.get("nope", 0) == 0


def test_equality_with_histories_and_dicts():
    a = History({"loss": [1.0, 0.5]})
    assert a == History({"loss": [1.0, 0.5]}) and a == {"loss": [1.0, 0.5]}
    assert a != History({"loss": [1.0, 0.5]}, epoch=[5, 6])
    assert a != {"loss": [1.0]} and a != "loss"
    with pytest.raises(TypeError):
        hash(a)


def test_explicit_epoch_numbers_are_kept_when_they_fit():
    assert History({"loss": [1.0, 0.5]}, epoch=[3, 4]).epoch == [3, 4]
    assert History({"loss": [1.0, 0.5]}, epoch=[3]).epoch == [0, 1]  # wrong length: 0..n-1


def test_shows_itself_in_words():
    h = History({"loss": [1.0, 0.5], "val_loss": [1.1, 0.6]})
    assert repr(h) == "History(2 epochs: loss, val_loss)"
    assert h._repr_mimebundle_() == {"text/plain": "History(2 epochs: loss, val_loss)"}
    assert repr(History()) == "History(0 epochs: no metrics)"
