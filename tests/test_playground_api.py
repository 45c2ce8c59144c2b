"""The Playground on kerasnb's one API: History keys, errors list, interactive, and old names.

Every old spelling keeps working for one release and warns with a DeprecationWarning
that names the new spelling.
"""

from __future__ import annotations

import json
import math

import pytest

import kerasnb as knb
from kerasnb._history import History


@pytest.fixture(scope="module")
def trained():
    p = knb.Playground("gaussian", hidden=(2,), learning_rate=0.1)
    p.step(4)
    return p


# --- history ---

def test_history_is_a_kerasnb_history_with_keras_keys(trained):
    h = trained.history
    assert isinstance(h, History)
    assert list(h) == ["loss", "val_loss"]
    assert h.epoch == [0, 1, 2, 3, 4] and h.epochs == 5  # epoch 0: the untrained network
    assert h["loss"][-1] == trained.train_loss and h["val_loss"][-1] == trained.test_loss
    assert h["val_loss"][-1] < h["val_loss"][0]  # it learned
    assert h.history == {"loss": h["loss"], "val_loss": h["val_loss"]}  # like Keras' History
    assert h.best("val_loss")[0] == 4


def test_history_is_read_where_training_numbers_are_accepted(trained):
    read = History.from_any(trained)
    assert read["val_loss"] == trained.history["val_loss"]
    assert all(math.isfinite(v) for v in read["loss"])


def test_old_history_keys_still_read_and_warn(trained):
    h = trained.history
    with pytest.warns(DeprecationWarning, match="'train_loss'.*use 'loss'"):
        assert h["train_loss"] == h["loss"]
    with pytest.warns(DeprecationWarning, match="'test_loss'.*use 'val_loss'"):
        assert h["test_loss"] == h["val_loss"]
    with pytest.warns(DeprecationWarning, match="history.epoch"):
        assert h["epoch"] == [0, 1, 2, 3, 4]
    assert "train_loss" in h and "epoch" in h


# --- errors ---

def test_errors_is_a_list_emptied_by_the_next_good_action():
    p = knb.Playground(hidden=(1,))
    assert p.errors == []
    minus = p._ui.groups["layers"][0].children[0]  # the first layer's "−" button
    minus.click()  # a layer keeps at least one neuron
    assert isinstance(p.errors, list) and len(p.errors) == 1
    assert "remove the layer" in p.errors[0]
    p._ui.step.click()
    assert p.errors == []


def test_old_error_string_warns_and_reads_the_list():
    p = knb.Playground(hidden=(1,))
    p._ui.share_text.value = "garbage"
    p._ui.load.click()
    with pytest.warns(DeprecationWarning, match="`Playground.errors`"):
        assert p.error == p.errors[0]
    p._ui.step.click()
    with pytest.warns(DeprecationWarning, match="`Playground.errors`"):
        assert p.error == ""


# --- interactive ---

def test_interactive_decides_widget_or_picture(monkeypatch):
    assert "text/html" in knb.Playground(interactive=False)._repr_mimebundle_()
    assert knb.Playground(interactive=False)._ipython_display_ is None
    monkeypatch.setenv("KERASNB_FRONTEND", "headless")
    assert set(knb.Playground()._repr_mimebundle_()) == {"text/plain", "text/html"}
    monkeypatch.setenv("KERASNB_FRONTEND", "jupyter")
    assert "application/vnd.jupyter.widget-view+json" in knb.Playground()._repr_mimebundle_()
    assert callable(knb.Playground()._ipython_display_)


def test_old_frontend_argument_warns_and_still_works():
    with pytest.warns(DeprecationWarning, match="`frontend=`.*`interactive=`"):
        headless = knb.Playground(frontend="headless")
    assert set(headless._repr_mimebundle_()) == {"text/plain", "text/html"}
    with pytest.warns(DeprecationWarning, match="`interactive=`"):
        live = knb.Playground(frontend="jupyter")
    assert "application/vnd.jupyter.widget-view+json" in live._repr_mimebundle_()
    with pytest.warns(DeprecationWarning, match="`frontend=`"), \
            pytest.raises(ValueError, match="`frontend` must"):
        knb.Playground(frontend="browser")
    with pytest.raises(TypeError, match="both"):
        knb.Playground(frontend="jupyter", interactive=True)


# --- keyword-only arguments ---

def test_positional_settings_warn_and_still_work():
    with pytest.warns(DeprecationWarning, match="`features`, `hidden`.*by position"):
        p = knb.Playground("xor", ("x1", "x2", "x1x2"), (3,))
    assert p.features == ("x1", "x2", "x1x2") and p.hidden == (3,)
    with pytest.raises(TypeError):
        knb.Playground("xor", ("x1",), features=("x2",))
    with pytest.warns(DeprecationWarning, match="`index`.*by position"):
        p.add_layer(4, 0)
    assert p.hidden == (4, 3)
    with pytest.warns(DeprecationWarning, match="`activation`.*by position"):
        p.set_layer_activation(0, "relu")
    assert p.layer_activations == ("relu", None)
    assert p.model.layers[0].activation.__name__ == "relu"


# --- state ---

def test_old_state_names_warn_and_still_work():
    p = knb.Playground("xor", hidden=(5,), learning_rate=0.1)
    with pytest.warns(DeprecationWarning, match="`Playground.to_json\\(\\)`"):
        old = p.state
    assert old == json.loads(p.to_json())
    with pytest.warns(DeprecationWarning, match="from_json.*from_share"):
        again = knb.Playground.from_state(old)
    assert again.to_json() == p.to_json()
    with pytest.warns(DeprecationWarning, match="from_state"):
        assert knb.Playground.from_state(p.share()).to_json() == p.to_json()
    with pytest.warns(DeprecationWarning, match="from_state"):
        assert knb.Playground.from_state(json.dumps(old), hidden=(2,)).hidden == (2,)
    with pytest.warns(DeprecationWarning, match="from_state"), \
            pytest.raises(ValueError, match="`state` must be"):
        knb.Playground.from_state(42)
    fresh = knb.Playground()
    with pytest.warns(DeprecationWarning, match="`Playground.load_share"):
        fresh.load(p.share())
    assert fresh.to_json() == p.to_json()
    with pytest.warns(DeprecationWarning, match="`Playground.load`"):
        fresh.load({})
    assert fresh.to_json() == knb.Playground().to_json()
