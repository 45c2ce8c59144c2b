"""show_activations: one cached forward pass, static and live views, errors."""

from __future__ import annotations

import numpy as np
import pytest
from test_viz_models import HOSTILE, mnist_small, trained_cnn

keras = pytest.importorskip("keras")
from keras import layers  # noqa: E402

import kerasnb as knb  # noqa: E402
from kerasnb.viz import activations  # noqa: E402


def _panels(view) -> int:
    return sum(1 for ax in view.figure.axes if ax.get_label() != "<colorbar>")


def test_static_view_draws_one_panel_per_interesting_layer():
    model = trained_cnn()
    _, _, xt, _ = mnist_small()
    view = knb.show_activations(model, xt[:5], sample=2, interactive=False)
    # Flatten and Dropout only pass values through, so they are left out by default
    assert view.layers == ["conv1", "pool1", "conv2", "pool2", "probs"]
    assert view.widget is None and _panels(view) == view.panels == len(view.layers) == 5
    first = view.activations[view.layers[0]]
    assert first.shape == (26, 26, 6)
    expected = keras.Model(model.inputs[0], model.layers[0].output)(xt[2:3]).numpy()[0]
    np.testing.assert_allclose(first, expected, rtol=1e-5, atol=1e-6)
    assert view.png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "ActivationMaps" in repr(view)
    assert set(view._repr_mimebundle_()) == {"image/png", "text/plain"}


def test_one_submodel_is_built_per_model_and_reused_across_calls_and_samples(monkeypatch):
    model = trained_cnn()
    _, _, xt, _ = mnist_small()
    knb.show_activations(model, xt[:4], interactive=False)
    layers_seen, submodel = activations._SUBMODELS[model]
    built = []
    original = keras.Model.__init__

    def counting_init(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(keras.Model, "__init__", counting_init)
    for sample in range(3):
        knb.show_activations(model, xt[:4], sample=sample, layers=["conv2"], interactive=False)
    assert built == []
    assert activations._SUBMODELS[model][1] is submodel
    assert len(submodel.outputs) == len(model.layers)


def test_layers_and_n_choose_what_is_drawn():
    model = trained_cnn()
    _, _, xt, _ = mnist_small()
    view = knb.show_activations(model, xt[0], layers=["conv1", 5], n=4,
                                interactive=False)
    assert view.layers == ["conv1", "dropout"]
    assert "first 4 of 6 maps" in view.figure.axes[0].get_title(loc="left")


def test_live_view_has_a_sample_slider_and_layer_picker(monkeypatch):
    monkeypatch.setenv("KERASNB_FRONTEND", "jupyter")
    model = trained_cnn()
    _, _, xt, _ = mnist_small()
    view = knb.show_activations(model, xt[:6])
    assert view.widget is not None and view.figure is None
    assert "kerasnb-activations" in view.widget._dom_classes
    assert view.slider.description == "sample" and view.slider.max == 5
    assert [label for label, _ in view.picker.options][1:] == view.layers
    before = view.image.value
    view.slider.value = 4
    assert view.image.value != before and view.sample == 4 and view.error.value == ""
    np.testing.assert_allclose(view.activations["probs"],
                               model(xt[4:5]).numpy()[0], rtol=1e-5, atol=1e-6)
    all_layers = view.image.value
    view.show(layers="conv1")
    assert view.image.value != all_layers
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and "text/plain" in bundle
    with pytest.raises(ValueError, match="`layers` must be one of the layers shown: 'conv1'"):
        view.show(layers="nope")
    with pytest.raises(ValueError, match="`sample` must be an index from 0 to 5"):
        view.show(sample=6)


def test_sequential_models_that_were_never_called_are_built_from_the_data():
    x = np.random.default_rng(0).random((3, 10)).astype("float32")
    with_input = keras.Sequential([keras.Input((10,)), layers.Dense(4), layers.Dense(2)])
    by_build = keras.Sequential([layers.Dense(4), layers.Dense(2)])
    by_build.build((None, 10))
    never = keras.Sequential([layers.Dense(4), layers.Dense(2)])
    for model in (with_input, by_build, never):
        view = knb.show_activations(model, x, interactive=False)
        assert [a.shape for a in view.activations.values()] == [(4,), (2,)]
        np.testing.assert_allclose(view.activations[model.layers[-1].name],
                                   model(x[:1]).numpy()[0], rtol=1e-5, atol=1e-6)


def test_functional_and_recurrent_outputs():
    x = keras.Input((12, 3))
    seq = layers.LSTM(5, return_sequences=True, name="seq")(x)
    last = layers.GRU(4, name="last")(seq)
    wide = layers.Dense(100, name="wide")(last)
    model = keras.Model(x, layers.Dense(1, name=HOSTILE)(wide))
    data = np.random.default_rng(1).random((2, 12, 3)).astype("float32")
    view = knb.show_activations(model, data, interactive=False)
    assert view.layers == ["seq", "last", "wide", HOSTILE]
    assert view.activations["seq"].shape == (12, 5)
    titles = [ax.get_title(loc="left") for ax in view.figure.axes if ax.get_title(loc="left")]
    assert titles[0].startswith("seq (LSTM) · 12×5")
    assert any(ax.get_xlabel() == "time step" for ax in view.figure.axes)
    assert any("100 units" in ax.get_xlabel() for ax in view.figure.axes)  # heatmap, not bars


def test_nested_models_show_the_output_of_their_call_in_the_outer_graph():
    inner_in = keras.Input((5,))
    inner = keras.Model(inner_in, layers.Dense(2, name="inner_out")(inner_in), name="inner")
    x = keras.Input((4,))
    model = keras.Model(x, layers.Dense(1, name="head")(inner(layers.Dense(5, name="pre")(x))))
    augment = keras.Sequential([layers.Rescaling(0.5, name="half")], name="augment")
    stacked = keras.Sequential([keras.Input((4,)), augment, layers.Dense(3, name="after")])
    data = np.random.default_rng(2).random((3, 4)).astype("float32")
    view = knb.show_activations(model, data, interactive=False)
    assert view.layers == ["pre", "inner", "head"]
    pre = view.activations["pre"][None]
    np.testing.assert_allclose(view.activations["inner"], inner(pre).numpy()[0], rtol=1e-5)
    view = knb.show_activations(stacked, data, interactive=False)
    np.testing.assert_allclose(view.activations["augment"], data[0] * 0.5, rtol=1e-6)


def test_bad_input_names_the_argument_expected_and_received():
    model = trained_cnn()
    _, _, xt, _ = mnist_small()
    with pytest.raises(ValueError, match=r"`x` must have shape \(None, 28, 28, 1\).*channel axis"
                                         r".*Received: x with shape \(3, 28, 28\)"):
        knb.show_activations(model, xt[:3, ..., 0])
    with pytest.raises(ValueError, match=r"`layers` must name a layer of model 'cnn': one of "
                                         r"'conv1', 'pool1'.*Received: layers='conv9'"):
        knb.show_activations(model, xt[:3], layers=["conv9"])
    with pytest.raises(ValueError, match=r"`sample` must be an index from 0 to 2. Received: "
                                         r"sample=3"):
        knb.show_activations(model, xt[:3], sample=3)
    with pytest.raises(ValueError, match="`n` must be a positive integer"):
        knb.show_activations(model, xt[:3], n=0)
    with pytest.raises(ValueError, match="`x` must be a numeric array"):
        knb.show_activations(model, "digits")
    with pytest.raises(ValueError, match="`interactive` must be True, False or None"):
        knb.show_activations(model, xt[:3], interactive="yes")


def test_subclassed_models_are_refused_with_the_reason():
    class Twice(keras.Model):
        def __init__(self):
            super().__init__(name="twice")
            self.first, self.second = layers.Dense(4), layers.Dense(1)

        def call(self, x):
            return self.second(self.first(x))

    model = Twice()
    data = np.zeros((2, 3), "float32")
    model(data)
    with pytest.raises(ValueError, match=r"`model` must be a Sequential or functional model.*"
                                         r"Received: model 'twice' \(Twice\)"):
        knb.show_activations(model, data)
