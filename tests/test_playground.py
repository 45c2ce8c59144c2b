"""knb.Playground driven headless: through its Python twins and through its widgets."""

from __future__ import annotations

import asyncio
import json
import logging
import math

import ipywidgets as widgets
import keras
import numpy as np
import pytest

import kerasnb as knb
from kerasnb.widgets.playground import config

PNG = b"\x89PNG"


def find(root, css):
    """Widgets below ``root`` carrying the CSS class ``css`` (the browser test's handles)."""
    found = [root] if css in getattr(root, "_dom_classes", ()) else []
    for child in getattr(root, "children", ()):
        found += find(child, css)
    return found


def one(root, css):
    (widget,) = find(root, css)
    return widget


def map_png(p):
    return bytes(one(p, "kerasnb-pg-map").value)


def dense_units(model):
    return [layer.units for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def state(p):
    """The configuration as a dict: what ``p.to_json()`` holds."""
    return json.loads(p.to_json())


def kernel_sum(p):
    return sum(float(np.abs(np.asarray(d.kernel)).sum()) for d in p.model.layers
               if isinstance(d, keras.layers.Dense))


# --- construction and training ---

@pytest.mark.parametrize("dataset", config.DATASETS)
def test_every_dataset_builds_a_real_keras_model_and_draws(dataset):
    p = knb.Playground(dataset, hidden=(3,))
    classify = dataset in config.CLASSIFICATION
    assert isinstance(p.model, keras.Sequential)
    assert dense_units(p.model) == [3, 1]
    out = p.model.layers[-1].activation.__name__
    assert out == ("sigmoid" if classify else "linear")
    assert p.model.loss.name == ("binary_crossentropy" if classify else "mean_squared_error")
    assert p.epoch == 0 and math.isfinite(p.train_loss) and math.isfinite(p.test_loss)
    assert map_png(p).startswith(PNG)
    assert "kerasnb-playground" in p._dom_classes
    assert p.model.optimizer.learning_rate.numpy() == pytest.approx(0.03)


def test_step_trains_and_loss_decreases_on_an_easy_set():
    p = knb.Playground("gaussian", hidden=(2,), learning_rate=0.1)
    start_train, start_test = p.train_loss, p.test_loss
    before = map_png(p)
    p.step(20)
    assert p.epoch == 20
    assert p.history.epoch == list(range(21))
    assert p.train_loss < start_train / 2 and p.test_loss < start_test / 2
    assert map_png(p) != before  # the map follows the model
    assert "20" in one(p, "kerasnb-pg-epoch").value


def test_play_needs_a_running_loop_and_step_checks_n():
    p = knb.Playground(hidden=())
    with pytest.raises(RuntimeError, match="step"):
        p.play()
    with pytest.raises(ValueError, match="`n` must be a positive integer. Received: n=0"):
        p.step(0)


def test_play_trains_in_the_event_loop_and_pause_stops_it():
    p = knb.Playground(hidden=(2,))

    async def session():
        p.play()
        assert p.playing and one(p, "kerasnb-pg-play").disabled
        ticks = 0
        while p.epoch < 3:  # the loop keeps running other work while the playground trains
            ticks += 1
            await asyncio.sleep(0.01)
        p.pause()
        stopped_at = p.epoch
        await asyncio.sleep(0.3)
        return ticks, stopped_at

    ticks, stopped_at = asyncio.run(session())
    assert ticks > 1
    assert stopped_at >= 3 and p.epoch == stopped_at
    assert not p.playing and not one(p, "kerasnb-pg-play").disabled
    assert one(p, "kerasnb-pg-pause").disabled


def test_play_and_pause_buttons():
    p = knb.Playground(hidden=(2,))

    async def session():
        one(p, "kerasnb-pg-play").click()
        while p.epoch < 2:
            await asyncio.sleep(0.01)
        one(p, "kerasnb-pg-pause").click()
        stopped_at = p.epoch
        await asyncio.sleep(0.2)
        return stopped_at

    assert asyncio.run(session()) == p.epoch >= 2
    assert p.errors == []


def test_play_stops_when_its_last_view_is_gone():
    p = knb.Playground(hidden=(2,))

    async def session():
        p._view_count = 1  # what the front end reports while the widget is shown
        p.play()
        while p.epoch < 2:
            await asyncio.sleep(0.01)
        p._view_count = 0  # its cell was re-run or cleared
        for _ in range(100):
            if not p.playing:
                break
            await asyncio.sleep(0.02)

    asyncio.run(session())
    assert not p.playing and not one(p, "kerasnb-pg-play").disabled


def test_close_stops_playing_and_frees_every_widget():
    p = knb.Playground(hidden=(2,))
    inner = [p._ui.map, p._ui.dataset, p._ui.dataset.layout, find(p, "kerasnb-pg-add-neuron")[0]]

    async def session():
        p.play()
        await asyncio.sleep(0)
        p.close()

    asyncio.run(session())
    assert not p.playing
    assert p.comm is None and all(w.comm is None for w in inner)


def test_replaced_layer_controls_are_closed():
    p = knb.Playground(hidden=(2,))
    old = find(p, "kerasnb-pg-add-neuron")[0]
    p.add_layer()
    assert old.comm is None
    assert all(w.comm is not None for w in find(p, "kerasnb-pg-add-neuron"))


def test_step_and_reset_buttons():
    p = knb.Playground(hidden=(2,))
    first = p.model.layers[0].get_weights()[0]
    one(p, "kerasnb-pg-step").click()
    one(p, "kerasnb-pg-step").click()
    assert p.epoch == 2
    one(p, "kerasnb-pg-reset").click()
    assert p.epoch == 0 and p.history.epoch == [0]
    assert not np.allclose(p.model.layers[0].get_weights()[0], first)  # fresh weights


def test_the_graph_epoch_is_traced_once():
    p = knb.Playground(hidden=(3,))
    p.step(3)
    p.batch_size = 7  # a new batch size must not make a new graph
    p.learning_rate = 0.1
    p.step(3)
    assert p._engine._epoch.experimental_get_tracing_count() == 1
    assert p.model.optimizer.learning_rate.numpy() == pytest.approx(0.1)
    assert p.epoch == 6  # neither change restarted training


def test_new_networks_do_not_warn_about_retracing():
    messages = []

    class Keep(logging.Handler):
        def emit(self, record):
            messages.append(record.getMessage())

    handler = Keep()
    logging.getLogger("tensorflow").addHandler(handler)
    try:
        p = knb.Playground(hidden=(1,))
        for _ in range(7):  # every click on "+" builds and traces a new network
            p.add_neuron(0)
            p.step(1)
    finally:
        logging.getLogger("tensorflow").removeHandler(handler)
    assert not [m for m in messages if "retracing" in m]


# --- the network twins ---

def test_add_and_remove_layers_and_neurons_rebuild_the_model():
    p = knb.Playground(hidden=(4, 2))
    p.step(2)
    p.add_layer(3)
    assert p.hidden == (4, 2, 3) and dense_units(p.model) == [4, 2, 3, 1]
    assert p.epoch == 0
    p.add_layer(5, index=0)
    assert dense_units(p.model) == [5, 4, 2, 3, 1]
    p.remove_layer(1)
    assert p.hidden == (5, 2, 3)
    p.add_neuron(0)
    p.remove_neuron(-1)
    assert dense_units(p.model) == [6, 2, 2, 1]
    p.remove_layer()
    p.remove_layer()
    p.remove_layer()
    assert p.hidden == () and dense_units(p.model) == [1]
    p.step(1)  # a network without hidden layers trains too
    with pytest.raises(ValueError, match="`index` must be the index of a hidden layer"):
        p.remove_layer()


def test_layer_and_neuron_buttons():
    p = knb.Playground(hidden=(4, 2))
    one(p, "kerasnb-pg-add-layer").click()
    assert p.hidden == (4, 2, 2)
    find(p, "kerasnb-pg-add-neuron")[0].click()
    assert p.hidden == (5, 2, 2) and dense_units(p.model) == [5, 2, 2, 1]
    find(p, "kerasnb-pg-remove-neuron")[1].click()
    assert p.hidden == (5, 1, 2)
    one(p, "kerasnb-pg-remove-layer").click()
    assert p.hidden == (5, 1)
    assert len(find(p, "kerasnb-pg-add-neuron")) == 2  # one +/- pair per hidden layer


def test_activation_per_network_and_per_layer():
    p = knb.Playground(hidden=(3, 3), activation="relu")
    p.set_layer_activation(1, activation="sigmoid")
    acts = [layer.activation.__name__ for layer in p.model.layers]
    assert acts == ["relu", "sigmoid", "sigmoid"]
    p.activation = "tanh"  # the network default; layer 1 keeps its own
    assert [layer.activation.__name__ for layer in p.model.layers] == ["tanh", "sigmoid",
                                                                      "sigmoid"]
    p.set_layer_activation(1, activation=None)
    assert p.model.layers[1].activation.__name__ == "tanh"
    layer_dropdown = p._ui.groups["activation"][2]  # network, layer 0, layer 1
    layer_dropdown.value = "elu"
    assert p.layer_activations == (None, "elu")
    assert p.model.layers[1].activation.__name__ == "elu"


def test_regularization_and_dropout_keep_weights_and_training_going():
    p = knb.Playground(hidden=(4,))
    p.step(3)
    weights = [w.copy() for w in p.model.get_weights()]
    p.set(regularization="l2", reg_rate=0.01, dropout=0.2)
    assert p.epoch == 3
    for old, new in zip(weights, p.model.get_weights(), strict=True):
        np.testing.assert_array_equal(old, new)
    assert isinstance(p.model.layers[1], keras.layers.Dropout)
    assert p.model.layers[1].rate == pytest.approx(0.2)
    assert isinstance(p.model.layers[0].kernel_regularizer, keras.regularizers.L2)
    assert len(p.model.losses) == 2  # both kernels pay the penalty
    p.step(2)
    assert p.epoch == 5


def test_l2_shrinks_the_weights():
    plain = knb.Playground(hidden=(6,), learning_rate=0.1)
    l2 = knb.Playground(hidden=(6,), learning_rate=0.1, regularization="l2", reg_rate=0.01)
    plain.step(30)
    l2.step(30)
    assert kernel_sum(l2) < 0.7 * kernel_sum(plain)


def test_data_settings_make_new_points_and_reset():
    p = knb.Playground(hidden=(2,))
    points = p._engine.points.copy()
    p.step(2)
    p.noise = 0.2
    assert p.epoch == 0 and not np.allclose(p._engine.points, points)
    p.train_ratio = 0.3
    assert p._engine.n_train == 150 and len(p._engine.test_data[0]) == 350
    p.regenerate()
    assert p.seed == 1
    p.set(dataset="plane")
    assert p.model.layers[-1].activation.__name__ == "linear"
    p.features = ("x1", "x2", "x1x2", "sin_x1")
    assert p.model.inputs[0].shape[-1] == 4 and p._engine.inputs.shape == (500, 4)
    assert p.features == ("x1", "x2", "x1x2", "sin_x1")


def test_diverging_training_still_draws():
    p = knb.Playground("multi_gaussian", hidden=(8, 8), activation="relu",
                       learning_rate=10.0)
    p.step(5)
    assert not math.isfinite(p.train_loss)
    assert map_png(p).startswith(PNG)
    assert "nan" in p._ui.loss_text.value
    assert "nan" in repr(p)


# --- code, state, share ---

@pytest.mark.parametrize("kwargs", [
    {},
    {"dataset": "spiral", "features": ("x1", "x2", "x1_sq", "sin_x2"), "hidden": (5, 3, 2),
     "activation": "relu", "layer_activations": (None, "gelu", None),
     "regularization": "l1", "reg_rate": 0.003, "dropout": 0.1, "batch_size": 25},
    {"dataset": "multi_gaussian", "hidden": (), "learning_rate": 0.01, "train_ratio": 0.8},
])
def test_code_rebuilds_the_same_network(kwargs):
    p = knb.Playground(**kwargs)
    p.step(2)
    namespace: dict = {}
    exec(p.code, namespace)
    model = namespace["model"]
    assert model.count_params() == p.model.count_params()
    ours = [(type(layer).__name__, layer.get_config().get("units"),
             layer.get_config().get("activation"), layer.get_config().get("rate"),
             layer.get_config().get("kernel_regularizer")) for layer in p.model.layers]
    theirs = [(type(layer).__name__, layer.get_config().get("units"),
               layer.get_config().get("activation"), layer.get_config().get("rate"),
               layer.get_config().get("kernel_regularizer")) for layer in model.layers]
    for (kind, units, act, rate, reg), (kind2, units2, act2, rate2, reg2) in zip(
            ours, theirs, strict=True):
        assert (kind, units, act, rate) == (kind2, units2, act2, rate2)
        assert (reg is None) == (reg2 is None)
        if reg is not None:
            assert reg["class_name"] == reg2["class_name"]
            assert reg["config"] == reg2["config"]
    # the same features and split as the playground trains on
    np.testing.assert_allclose(namespace["x_train"], p._engine.train_data[0], atol=1e-6)
    np.testing.assert_allclose(namespace["y_test"], p._engine.test_data[1])
    assert len(namespace["history"].history["loss"]) == 2  # it trained the same epochs


def test_json_and_share_round_trip():
    p = knb.Playground("xor", features=("x1", "x2", "x1x2"), hidden=(6, 3),
                       activation="relu", learning_rate=0.1, regularization="L2",
                       reg_rate=0.001, noise=0.1, train_ratio=0.7, batch_size=5,
                       hide=("code", "features"), dropout=0.1,
                       layer_activations=("tanh", None), show_test=True, seed=4)
    text = p.to_json()
    assert isinstance(text, str)
    saved = json.loads(text)
    assert saved["version"] == 1 and saved["hidden"] == [6, 3]
    assert saved["regularization"] == "l2" and saved["hide"] == ["features", "code"]
    again = knb.Playground.from_json(text)
    assert again.to_json() == text
    assert dense_units(again.model) == dense_units(p.model)
    np.testing.assert_array_equal(again._engine.points, p._engine.points)

    link = p.share()
    assert isinstance(link, str) and len(link) < 150
    unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    assert set(link) <= set(unreserved)  # safe in a URL without escaping
    assert knb.Playground.from_share(link).to_json() == text
    assert knb.Playground().share() == "v1"  # defaults are left out
    assert knb.Playground(hidden=(8, 8, 4), learning_rate=1e-05).share() == "v1~h-8.8.4~lr-1e-05"

    fresh = knb.Playground()
    fresh.load_share(link)
    assert fresh.to_json() == text
    fresh.load_share("v1")  # what the link leaves out goes back to the defaults
    assert fresh.to_json() == knb.Playground().to_json()
    fresh.load_share(text)  # the Load box takes the JSON too
    assert fresh.to_json() == text


def test_the_share_string_is_a_thin_form_of_the_json():
    from kerasnb.widgets.playground import share as sharing

    p = knb.Playground("spiral", hidden=(8, 8, 4), features=("x1", "x2", "sin_x1"), seed=3)
    thin = sharing.decode_share(p.share())
    full = state(p)
    assert thin["version"] == full["version"]
    for key, value in thin.items():  # every entry of the link is the JSON's, in short form
        assert json.loads(json.dumps(value)) == full[key], key
    defaults = state(knb.Playground())
    differ = {k for k in full if full[k] != defaults[k]}
    differ.discard("layer_activations")  # all None: it follows `hidden` by itself
    assert differ == set(thin) - {"version"}


def test_from_json_and_from_share_refuse_the_other_form():
    p = knb.Playground(hidden=(3,))
    with pytest.raises(ValueError, match="`text` must be valid JSON"):
        knb.Playground.from_json(p.share())
    with pytest.raises(ValueError, match="`text` must be a string from `Playground.share"):
        knb.Playground.from_share(p.to_json())
    with pytest.raises(ValueError, match="`text` must be JSON text"):
        knb.Playground.from_json({"hidden": [3]})
    with pytest.raises(ValueError, match="`text` must be a JSON object"):
        knb.Playground.from_json("[1, 2]")


def test_save_writes_the_json_or_a_picture(tmp_path):
    p = knb.Playground("xor", hidden=(3,))
    written = p.save(tmp_path / "setup.json")
    assert written == tmp_path / "setup.json" and isinstance(written, type(tmp_path))
    assert knb.Playground.from_json(written.read_text()).to_json() == p.to_json()
    page = p.save(str(tmp_path / "views.html"))
    assert "<svg" in page.read_text() and "data:image/png;base64," in page.read_text()
    with pytest.raises(ValueError, match="`path` must be a path ending in .json"):
        p.save(tmp_path / "x.txt")


def test_share_and_load_buttons():
    teacher = knb.Playground("spiral", hidden=(8, 8), features=("x1", "x2", "sin_x1"))
    student = knb.Playground()
    one(teacher, "kerasnb-pg-share").click()
    student._ui.share_text.value = teacher._ui.share_text.value
    one(student, "kerasnb-pg-load").click()
    assert student.to_json() == teacher.to_json() and student.errors == []


# --- hide ---

def test_hide_hides_control_groups():
    p = knb.Playground(hide=("features", "regularization", "layers"))
    hidden = {id(w) for g in ("features", "regularization", "layers")
              for w in p._ui.groups[g]}
    assert hidden
    for group, members in p._ui.groups.items():
        for w in members:
            assert (w.layout.display == "none") == (id(w) in hidden), group
    assert p._ui.regularization.layout.display == "none"
    assert p._ui.reg_rate.layout.display == "none"
    assert one(p, "kerasnb-pg-add-layer").layout.display == "none"
    assert p._ui.dataset.layout.display is None
    p.hide = ()
    assert p._ui.regularization.layout.display is None
    assert find(p, "kerasnb-pg-add-neuron")[0].layout.display is None


def test_hidden_code_is_not_shown():
    p = knb.Playground()
    p._ui.code_toggle.value = True
    assert "keras.Sequential" in p._ui.code.value and p._ui.code.layout.display is None
    p.hide = ("code",)
    assert p._ui.code.layout.display == "none" and p._ui.code_toggle.layout.display == "none"


# --- bad values ---

@pytest.mark.parametrize(("name", "value"), [
    ("dataset", "moons"), ("features", ()), ("features", ("x1", "x3")),
    ("features", ("x1", "x1")), ("hidden", (4, 0)), ("hidden", 4), ("hidden", (2.5,)),
    ("activation", "softmax"), ("learning_rate", 0), ("learning_rate", float("nan")),
    ("regularization", "l3"), ("reg_rate", -1), ("noise", 0.9), ("train_ratio", 1.0),
    ("train_ratio", 0.0), ("batch_size", 0), ("batch_size", 2.0), ("hide", ("plot",)),
    ("dropout", 1.0), ("layer_activations", ("tanh",)), ("show_test", 1), ("seed", -1),
])
def test_bad_values_raise_value_error_naming_the_argument(name, value):
    with pytest.raises(ValueError, match=f"`{name}` must be .* Received: {name}="):
        knb.Playground(**{name: value})
    p = knb.Playground(hidden=(2, 2))
    before = p.to_json()
    with pytest.raises(ValueError, match=f"`{name}` must be"):
        p.set(**{name: value})
    assert p.to_json() == before  # nothing changed


def test_bad_twin_calls():
    p = knb.Playground(hidden=(1,))
    with pytest.raises(ValueError, match="`layer` must be a layer with more than one neuron"):
        p.remove_neuron(0)
    with pytest.raises(ValueError, match="`layer` must be a hidden-layer index from -1 to 0"):
        p.add_neuron(1)
    with pytest.raises(ValueError, match="`units` must be a positive integer"):
        p.add_layer(0)
    with pytest.raises(ValueError, match="`activation` must be one of"):
        p.set_layer_activation(0, activation="nope")
    with pytest.raises(ValueError, match="`settings` must be names from"):
        p.set(colour="red")
    with pytest.raises(ValueError, match="`text` must be a string from"):
        knb.Playground.from_share("not a share string")
    with pytest.raises(ValueError, match="`text` must be a string from"):
        knb.Playground.from_share("v1~h-4.x")
    with pytest.raises(ValueError, match="`hidden` must be"):
        knb.Playground.from_share("v1~h-4.0")
    with pytest.raises(ValueError, match="`text` must be a dict with keys from"):
        knb.Playground.from_json('{"speed": 3}')
    with pytest.raises(ValueError, match="`interactive` must be True, False or None"):
        knb.Playground(interactive="browser")
    with pytest.raises(ValueError, match="`text` must be a string from"):
        p.load_share(42)


# --- the widgets ---

def test_controls_call_the_twins():
    p = knb.Playground(hidden=(2,))
    ui = p._ui
    ui.dataset.value = "xor"
    assert p.dataset == "xor"
    ui.learning_rate.value = 0.3
    assert p.model.optimizer.learning_rate.numpy() == pytest.approx(0.3)
    ui.activation.value = "relu"
    assert p.model.layers[0].activation.__name__ == "relu"
    ui.regularization.value = "l1"
    ui.reg_rate.value = 0.01
    assert isinstance(p.model.layers[0].kernel_regularizer, keras.regularizers.L1)
    ui.dropout.value = 0.25
    assert p.dropout == 0.25
    ui.noise.value = 0.1
    ui.train_ratio.value = 0.6
    ui.batch_size.value = 20
    assert (p.noise, p.train_ratio, p.batch_size) == (0.1, 0.6, 20)
    ui.features["x1_sq"].value = True
    assert p.features == ("x1", "x2", "x1_sq") and p.model.inputs[0].shape[-1] == 3
    before = map_png(p)
    ui.show_test.value = True
    assert p.show_test and map_png(p) != before
    one(p, "kerasnb-pg-regenerate").click()
    assert p.seed == 1
    assert p.errors == []


def test_twins_update_the_controls():
    p = knb.Playground()
    p.set(dataset="spiral", learning_rate=0.003, batch_size=64, features=("x1", "sin_x2"),
          reg_rate=0.5)
    ui = p._ui
    assert ui.dataset.value == "spiral" and ui.learning_rate.value == 0.003
    assert ui.batch_size.value == 64  # beyond the slider's usual range
    assert ui.reg_rate.value == 0.5  # not one of the usual choices
    assert [n for n, box in ui.features.items() if box.value] == ["x1", "sin_x2"]
    assert p.errors == []


def test_widget_errors_show_inline_and_the_playground_keeps_working():
    p = knb.Playground(hidden=(1,), features=("x1",))
    p._ui.features["x1"].value = False  # no feature left
    assert len(p.errors) == 1 and "`features` must be a non-empty sequence" in p.errors[0]
    assert "features" in p._ui.error.value and p._ui.error.layout.display is None
    assert p._ui.features["x1"].value and p.features == ("x1",)  # the box snapped back

    find(p, "kerasnb-pg-remove-neuron")[0].click()  # a layer keeps one neuron
    assert "remove the layer" in p.errors[0] and p.hidden == (1,)

    p._ui.share_text.value = "garbage"
    one(p, "kerasnb-pg-load").click()
    assert "`text` must be a string from `Playground.share()`" in p.errors[0]

    one(p, "kerasnb-pg-step").click()  # still works, and the error goes away
    assert p.epoch == 1 and p.errors == [] and p._ui.error.layout.display == "none"


def test_code_toggle_and_views():
    p = knb.Playground(hidden=(3, 2), features=("x1", "x2", "x1x2"))
    svg = p._ui.diagram.value
    assert svg.startswith("<svg") and svg.count("<image") == 3 + 3 + 2 + 1
    assert svg.count("<path") == 3 * 3 + 3 * 2 + 2 * 1  # one link per weight
    assert "<polyline" not in p._ui.loss_chart.value  # one point is not a curve yet
    p.step(2)
    assert p._ui.loss_chart.value.count("<polyline") == 2  # train and test
    assert p._ui.code.layout.display == "none"
    p._ui.code_toggle.value = True
    assert "keras.layers.Dense(3" in p._ui.code.value


def test_display_is_the_widget_live_and_a_picture_headless():
    live = knb.Playground(interactive=True)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in live
    static = knb.Playground(interactive=False)._repr_mimebundle_()
    assert set(static) == {"text/plain", "text/html"}
    assert "<svg" in static["text/html"] and "data:image/png;base64," in static["text/html"]
    assert static["text/plain"].startswith("Playground(dataset='circles'")


def test_setting_properties_are_twins():
    p = knb.Playground()
    p.show_test = True
    assert state(p)["show_test"] is True
    with pytest.raises(ValueError, match="`dropout` must be"):
        p.dropout = 2
    assert isinstance(p, widgets.VBox)


# --- hostile input and NumPy numbers ---

def test_numpy_numbers_are_welcome_and_the_state_stays_json():
    p = knb.Playground(hidden=np.array([3, 2]), batch_size=np.int64(5), seed=np.int64(2),
                       learning_rate=np.float32(0.1), show_test=np.bool_(True))
    p.step(n=np.int64(2))
    p.add_neuron(np.int64(0))
    assert p.epoch == 0 and p.hidden == (4, 2)  # the new neuron reset the network
    saved = state(p)
    assert saved["hidden"] == [4, 2] and saved["batch_size"] == 5 and saved["seed"] == 2
    assert type(p.batch_size) is int and all(type(u) is int for u in p.hidden)


@pytest.mark.parametrize("text, arg", [
    ("v1~h-1000000000", "hidden"), ("v1~h-200000", "hidden"),
    ("v1~h-" + ".".join(["4"] * 9), "hidden"), ("v1~" + "s-1~" * 2000, "text"),
])
def test_hostile_share_strings_are_refused_in_the_widget_which_keeps_working(text, arg):
    p = knb.Playground(hidden=(2,))
    before = p.to_json()
    p._ui.share_text.value = text
    one(p, "kerasnb-pg-load").click()
    assert f"`{arg}`" in p.errors[0] and p.to_json() == before
    assert dense_units(p.model) == [2, 1]
    one(p, "kerasnb-pg-step").click()
    assert p.epoch == 1 and p.errors == []


def test_plus_buttons_stop_at_the_largest_drawable_network():
    p = knb.Playground(hidden=(config.MAX_UNITS,) * config.MAX_LAYERS)
    find(p, "kerasnb-pg-add-neuron")[0].click()
    assert "`hidden` must be" in p.errors[0] and p.hidden[0] == config.MAX_UNITS
    one(p, "kerasnb-pg-add-layer").click()
    assert "at most 8" in p.errors[0] and len(p.hidden) == config.MAX_LAYERS


def test_json_round_trips_and_kwargs_win():
    p = knb.Playground("xor", hidden=(5,), learning_rate=0.1)
    again = knb.Playground.from_json(p.to_json(), learning_rate=0.3, interactive=False)
    assert again.hidden == (5,) and again.dataset == "xor" and again.learning_rate == 0.3
    assert "text/html" in again._repr_mimebundle_()
    assert knb.Playground.from_share(p.share(), hide=("code",)).hide == ("code",)
