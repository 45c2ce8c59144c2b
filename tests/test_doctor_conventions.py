"""knb.check and Doctor speak the package's one API: one History, one display, old names warn."""

from __future__ import annotations

import keras
import pytest
from keras import layers
from test_layout import _cycles, _graph

import kerasnb as knb
from kerasnb._history import History
from kerasnb.doctor import registry
from kerasnb.doctor.data_facts import normalize_history, read_history
from kerasnb.doctor.live import Doctor

LOSS = [1.0, 0.7, 0.5, 0.4, 0.3, 0.22, 0.15, 0.1]
VAL = [1.1, 0.8, 0.6, 0.55, 0.6, 0.68, 0.75, 0.85]  # lowest at epoch 4 (index 3)


class Run:
    """What a Playground or a ModelBuilder is to `check`: an object with a ``.history``."""

    def __init__(self, history):
        self.history = history


# -- one history type ----------------------------------------------------------------------


def test_check_reads_a_kerasnb_history_and_counts_its_epochs():
    report = knb.check(None, history=History({"loss": LOSS, "val_loss": VAL}))
    assert "lowest at epoch 4 (0.55)" in report[0].message and report.codes == ["KNB401"]
    resumed = History({"loss": LOSS, "val_loss": VAL}, epoch=range(10, 18))
    message = knb.check(None, history=resumed)[0].message
    assert "lowest at epoch 14 (0.55)" in message  # fit(..., initial_epoch=10) counts on


def test_check_reads_any_object_with_a_history():
    for inner in (History({"loss": LOSS, "val_loss": VAL}), {"loss": LOSS, "val_loss": VAL}):
        assert knb.check(None, history=Run(inner)).codes == ["KNB401"]
    # a Playground that still says train_loss/test_loss is read with Keras' names
    old_playground = Run({"epoch": list(range(1, 9)), "train_loss": LOSS, "test_loss": VAL})
    hit = knb.check(None, history=old_playground)[0]
    assert hit.code == "KNB401" and hit.where == "val_loss"
    assert list(read_history(old_playground)) == ["loss", "val_loss"]


def test_check_reads_a_real_playground():
    playground = knb.Playground("circles", hidden=(2,), seed=0)
    playground.step(3)
    history = read_history(playground)
    assert isinstance(history, History) and history.epochs >= 3  # (and the start, epoch 0)
    assert {"loss", "val_loss"} <= set(history)
    assert history.last("loss") > 0 and history.last("val_loss") > 0
    assert "KNB405" not in knb.check(None, history=playground)  # it has a validation loss


def test_check_reads_a_keras_history_from_a_real_fit():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((2,)), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x = keras.random.normal((16, 2), seed=1)
    fitted = model.fit(x, x[:, :1], epochs=3, initial_epoch=1, verbose=0)
    history = read_history(fitted)
    assert history.epoch == [1, 2] and history["loss"] == fitted.history["loss"]
    assert knb.check(model, history=fitted).codes == ["KNB405"]  # no validation


def test_a_history_that_is_not_one_is_refused_naming_history():
    for bad in (3, "loss", Run(lambda: None), [1, 2]):
        with pytest.raises(ValueError, match=r"`history` must be a Keras History"):
            knb.check(None, history=bad)


def test_doctor_history_is_a_history_aligned_by_epoch():
    doctor = Doctor()
    doctor.set_model(keras.Sequential([keras.Input((2,)), layers.Dense(1)]))
    doctor.on_train_begin()
    for epoch, loss in enumerate([1.0, 0.8, 0.6, 0.5], start=5):
        logs = {"loss": loss} | ({"val_loss": loss + 0.1} if epoch % 2 else {})
        doctor.on_epoch_end(epoch, logs)
    history = doctor.history
    assert isinstance(history, History) and history.epoch == [5, 6, 7, 8]
    assert history["val_loss"] == [1.1, None, 0.7, None]  # None where not logged
    assert history.history["loss"] == [1.0, 0.8, 0.6, 0.5]
    assert knb.check(None, history=doctor).codes == []  # and check reads the Doctor too


# -- old spellings -------------------------------------------------------------------------


def test_normalize_history_warns_and_still_returns_the_dict():
    with pytest.warns(DeprecationWarning, match=r"normalize_history.*use `kerasnb\.doctor\.data_facts\.read_history`"):
        got = normalize_history(Run({"loss": [1.0, 0.5]}))
    assert got == {"loss": [1.0, 0.5]} and type(got) is dict


def test_registry_list_checks_moved_to_catalog_and_warns():
    with pytest.warns(DeprecationWarning, match=r"registry\.list_checks.*catalog\.list_checks"):
        old = registry.list_checks
    assert old is knb.doctor.list_checks
    assert ("KNB401", "warning") in [(code, severity) for code, severity, _ in old()]


# -- display and layout --------------------------------------------------------------------


def test_report_bundle_always_carries_text_plain():
    report = knb.check(None, history={"loss": [1.0, 0.5, 0.3]})
    bundle = report._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    assert bundle["text/plain"] == repr(report) and "KNB405" in bundle["text/plain"]
    assert 'class="knb-report knb-ok"' in bundle["text/html"]
    assert set(report._repr_mimebundle_(exclude={"text/html"})) == {"text/plain"}
    assert set(report._repr_mimebundle_(include={"text/html"})) == {"text/plain", "text/html"}


def test_the_doctor_has_no_import_cycle():
    ours = ("kerasnb.doctor", "kerasnb.datasets", "kerasnb.pretrained", "kerasnb.exercises",
            "kerasnb.about", "kerasnb._utils")
    cycles = [c for c in _cycles(_graph()) if any(m.startswith(ours) for m in c)]
    assert cycles == []
    graph = _graph()
    assert "kerasnb.doctor.catalog" in graph["kerasnb.doctor.api"]
    assert not any(m.startswith("kerasnb.doctor.checks_") for m in graph["kerasnb.doctor.registry"])
