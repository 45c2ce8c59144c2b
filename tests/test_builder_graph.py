"""knb.ModelBuilder on graphs: skip connections, several inputs and outputs, every built-in
layer, and real architectures read with from_model and rebuilt from the exported code.

"Same architecture" means: the same layer classes in the same order (nested models
opened up) and the same parameter count, checked by running ``builder.code``.
"""

from __future__ import annotations

import json

import ipywidgets as widgets
import keras
import numpy as np
import pytest

from kerasnb.widgets import ModelBuilder
from kerasnb.widgets.builder.layers import all_kind_names


def flat_classes(model: keras.Model) -> list[str]:
    """Layer classes in order, nested models opened up, inputs left out."""
    out = []
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            out += flat_classes(layer)
        elif not isinstance(layer, keras.layers.InputLayer):
            out.append(type(layer).__name__)
    return out


def exec_code(builder: ModelBuilder) -> keras.Model:
    namespace: dict = {}
    exec(builder.code, namespace)
    return namespace["model"]


def assert_same_architecture(original: keras.Model, builder: ModelBuilder) -> keras.Model:
    rebuilt = exec_code(builder)
    assert flat_classes(rebuilt) == flat_classes(original)
    assert rebuilt.count_params() == original.count_params() == sum(builder._analysis.params)
    assert builder.model.count_params() == original.count_params()
    return rebuilt


def residual_builder() -> ModelBuilder:
    b = ModelBuilder((8, 8, 3), num_classes=3, layers=[
        {"kind": "Conv2D", "filters": 8, "padding": "same"},
        {"kind": "Conv2D", "filters": 8, "padding": "same"},
        "GlobalAveragePooling2D", {"kind": "Dense", "units": 3, "activation": "softmax"}])
    b.add("Add", index=2, inputs=[0, 1])  # the skip connection
    return b


# ------------------------------------------------------------------ the twins
def test_skip_connection_exports_functional_code_that_rebuilds_the_model():
    b = residual_builder()
    assert b.valid, b.errors
    assert b.spec[2] == {"kind": "Add", "inputs": [0, 1]}
    assert "inputs" not in b.spec[3]  # takes the Add, the layer before it
    code = b.code
    assert "x3 = layers.Add()([x1, x2])" in code
    assert "model = keras.Model(inputs=inputs, outputs=x5)" in code
    assert "Sequential" not in code
    rebuilt = exec_code(b)
    assert flat_classes(rebuilt) == flat_classes(b.model) == [
        "Conv2D", "Conv2D", "Add", "GlobalAveragePooling2D", "Dense"]
    assert rebuilt.count_params() == b.model.count_params() == sum(b._analysis.params)
    assert "<th>Inputs</th>" in b._table.value


def test_a_chain_still_exports_sequential_code():
    b = ModelBuilder((4,), num_classes=2)
    assert "keras.Sequential([" in b.code and "keras.Model(" not in b.code


def test_connect_disconnect_and_rewiring_by_name():
    b = residual_builder()
    b.set(0, name="stem")
    b.disconnect("stem", 2)
    assert "inputs" not in b.spec[2]  # left with the layer before it: the default
    b.connect("input", 2)  # 3 channels + 8 channels do not add up
    assert b.spec[2]["inputs"] == [1, "input"]
    assert b.errors[0].startswith("Layer 3 (Add): Keras cannot apply it to input")
    b.disconnect("input", 2)
    b.connect("stem", 2)
    assert b.valid and b.spec[2]["inputs"] == [1, 0]
    with pytest.raises(ValueError, match="`source` must be earlier layers only"):
        b.connect(3, 2)
    with pytest.raises(ValueError, match="`source` must be one of the inputs"):
        b.disconnect(1, 4)


def test_edits_keep_named_inputs_pointing_at_their_layers():
    b = residual_builder()
    b.add("BatchNormalization", index=1)  # between the two convs
    assert b.spec[3] == {"kind": "Add", "inputs": [0, 2]}  # still conv 1 and conv 2
    assert b.valid
    b.move(1, 2)  # BatchNormalization below conv 2: the Add still reads conv 2 itself,
    assert b.spec[3] == {"kind": "Add", "inputs": [0, 1]}  # so the BN feeds nothing:
    assert b._analysis.outputs == [2, 5] and len(b.model.outputs) == 2  # a second output
    b.set(3, inputs=[0, 2])
    assert b.valid and b._analysis.outputs == [5]
    b.remove(1)  # conv 2 had a child (the BN): it takes conv 2's input instead
    assert b.spec[1] == {"kind": "BatchNormalization", "momentum": 0.99}
    assert b.spec[2]["kind"] == "Add" and b.spec[2]["inputs"] == [0, 1] and b.valid
    b.move(2, 0)  # Add above its own input: an error that says so, no exception
    assert "does not come before it" in b.errors[0]


def test_default_add_goes_before_the_output_and_keeps_it_wired():
    b = residual_builder()
    b.add("Dropout", rate=0.1)
    assert [e["kind"] for e in b.spec][-2:] == ["Dropout", "Dense"] and b.valid


def test_several_inputs_and_outputs():
    b = ModelBuilder((6,), task="regression", layers=[
        {"kind": "Dense", "units": 4},
        {"kind": "Input", "shape": [3], "name": "extra"},
        {"kind": "Concatenate", "inputs": [0, 1]},
        {"kind": "Dense", "units": 1, "activation": "linear"},
        {"kind": "Dense", "units": 1, "activation": "linear", "inputs": [2]}])
    assert b.valid, b.errors
    assert b._analysis.outputs == [3, 4]
    model = b.model
    assert len(model.inputs) == 2 and len(model.outputs) == 2
    code = b.code
    assert 'input_2 = keras.Input(shape=(3,), name="extra")' in code
    assert "model = keras.Model(inputs=[inputs, input_2], outputs=[x4, x5])" in code
    rebuilt = exec_code(b)
    assert rebuilt.count_params() == model.count_params() == (6 * 4 + 4) + 2 * (7 + 1)
    x = [np.zeros((5, 6), "float32"), np.ones((5, 3), "float32")]
    assert [p.shape for p in rebuilt.predict(x, verbose=0)] == [(5, 1), (5, 1)]


def test_an_unused_input_and_a_missing_input_are_errors():
    b = ModelBuilder((4,), task="regression", layers=[
        {"kind": "Dense", "units": 1, "activation": "linear"}])
    b.add("Input", index=1, shape=(2,))
    assert "Layer 2 (Input): no layer takes this input" in b.errors[0]
    b.move(1, 0)  # now the Dense takes the new input, and nothing takes the builder's own
    assert "No layer takes the model's input" in b.errors[0]
    b.remove(0)
    assert b.valid


def test_json_round_trip_keeps_the_graph():
    b = residual_builder()
    b.set(1, name="second")
    again = ModelBuilder.from_json(b.to_json())
    assert again.spec == b.spec and again.code == b.code
    assert json.loads(b.to_json())["layers"][2]["inputs"] == [0, 1]


def test_every_built_in_layer_is_offered_and_custom_ones_are_refused_by_name():
    names = all_kind_names()
    for kind in ("Conv2DTranspose", "RepeatVector", "MultiHeadAttention", "Bidirectional",
                 "ZeroPadding2D", "DepthwiseConv2D", "Add", "Concatenate", "Multiply"):
        assert kind in names
    assert "Lambda" not in names and "Layer" not in names
    b = ModelBuilder((10, 4), task="regression", layers=[
        {"kind": "Bidirectional", "layer": {"kind": "LSTM", "units": 3,
                                            "return_sequences": True}},
        {"kind": "MultiHeadAttention", "num_heads": 2, "key_dim": 4, "inputs": [0, 0]},
        "GlobalAveragePooling1D", {"kind": "Dense", "units": 1, "activation": "linear"}])
    assert b.valid, b.errors
    assert "layers.Bidirectional(layers.LSTM(3, return_sequences=True))" in b.code
    assert "x2 = layers.MultiHeadAttention(2, 4)(x1, x1)" in b.code
    assert exec_code(b).count_params() == b.model.count_params() == sum(b._analysis.params)
    with pytest.raises(ValueError, match="`kind` must be the name of a built-in keras.layers"):
        b.add("MyAttention")
    with pytest.raises(ValueError, match="`padding`"):
        b.add("ZeroPadding2D", padding="big")


# --------------------------------------------------------------- from_model
def branchy_model() -> keras.Model:
    image = keras.Input((8, 8, 1), name="image")
    meta = keras.Input((3,), name="meta")
    x = keras.layers.Conv2D(4, 3, padding="same", activation="relu")(image)
    y = keras.layers.Conv2D(4, 1)(x)
    x = keras.layers.Add()([x, y])
    x = keras.layers.Multiply()([x, keras.layers.Conv2D(4, 1, activation="sigmoid")(x)])
    x = keras.layers.GlobalAveragePooling2D()(x)
    x = keras.layers.Concatenate()([x, keras.layers.Dense(4)(meta)])
    kind = keras.layers.Dense(3, activation="softmax", name="kind")(x)
    size = keras.layers.Dense(1, name="size")(x)
    return keras.Model([image, meta], [kind, size])


def test_from_model_functional_with_branches_inputs_and_outputs():
    model = branchy_model()
    b = ModelBuilder.from_model(model)
    assert b.valid, b.errors
    assert b.spec[0]["kind"] == "Input" and b.spec[0]["name"] == "meta"
    rebuilt = assert_same_architecture(model, b)
    assert [o.shape for o in rebuilt.outputs] == [o.shape for o in model.outputs]


def test_from_model_opens_nested_models():
    base = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Conv2D(4, 3),
                             keras.layers.BatchNormalization(), keras.layers.ReLU()],
                            name="base")
    inputs = keras.Input((8, 8, 3))
    x = base(inputs)
    x = keras.layers.GlobalMaxPooling2D()(x)
    model = keras.Model(inputs, keras.layers.Dense(2, activation="softmax")(x))
    b = ModelBuilder.from_model(model)
    assert [e["kind"] for e in b.spec] == ["Conv2D", "BatchNormalization", "ReLU",
                                           "GlobalMaxPooling2D", "Dense"]
    assert_same_architecture(model, b)


class Scale(keras.layers.Layer):
    def call(self, x):
        return 3 * x


def raw_ops_model():
    a, c = keras.Input((4,)), keras.Input((4,))
    return keras.Model([a, c], keras.layers.Dense(1)(a + c))


def shared_model():
    a, c = keras.Input((4,)), keras.Input((4,))
    dense = keras.layers.Dense(2)
    return keras.Model([a, c], keras.layers.Add()([dense(a), dense(c)]))


def custom_model():
    a = keras.Input((4,))
    return keras.Model(a, keras.layers.Dense(1)(Scale(name="scale")(a)))


@pytest.mark.parametrize("make, message", [
    (raw_ops_model, "applies the operation 'add"),
    (shared_model, "uses layer 'dense"),
    (custom_model, "'scale' is a custom layer (Scale)"),
    (lambda: keras.Sequential([keras.Input((2,)), keras.layers.Lambda(lambda t: t)]),
     "`kind` 'Lambda' is not offered by ModelBuilder"),
])
def test_from_model_refuses_what_it_cannot_rebuild_by_name(make, message):
    with pytest.raises(ValueError) as info:
        ModelBuilder.from_model(make())
    assert message in str(info.value)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["MobileNetV2", "ResNet50", "EfficientNetB0"])
def test_keras_applications_round_trip(name):
    model = getattr(keras.applications, name)(weights=None, input_shape=(32, 32, 3),
                                              classes=5)
    b = ModelBuilder.from_model(model)
    assert b.valid, b.errors[:3]
    assert b.task == "multiclass" and b.num_classes == 5
    assert_same_architecture(model, b)


# ------------------------------------------------------------------ the widget
def test_widget_inputs_field_builds_a_skip_connection():
    b = ModelBuilder((8, 8, 3), num_classes=3, layers=[
        {"kind": "Conv2D", "filters": 8, "padding": "same"},
        {"kind": "Conv2D", "filters": 8, "padding": "same"},
        "GlobalAveragePooling2D", {"kind": "Dense", "units": 3, "activation": "softmax"}])
    b._add_kind.value = "Add"
    b._add_button.click()  # before the output layer: after the pooling
    rows = list(b._rows.children)
    assert rows[3].kind_box.value == "Add" and rows[3].inputs.value == "3"
    rows[3].up.click()  # above the pooling: it takes conv 2, the pooling takes it
    rows = list(b._rows.children)
    assert rows[2].inputs.value == "2" and rows[3].inputs.value == "3"
    rows[2].inputs.value = "1, 2"
    assert b.spec[2] == {"kind": "Add", "inputs": [0, 1]} and b.valid, b.errors
    rows[2].inputs.value = "9"
    assert b.errors and "`inputs` must be earlier layers only" in b.errors[-1]
    assert b.spec[2] == {"kind": "Add", "inputs": [0, 1]}  # kept
    rows[2].inputs.value = "1,2"
    assert b.valid and "x3 = layers.Add()([x1, x2])" in b.code
    b._graph_button.click()
    assert "<svg" in b._graph_html.value and "Add" in b._graph_html.value


def test_big_functional_model_shows_rows_in_windows():
    layers = [{"kind": "Dense", "units": 8}]
    for i in range(60):
        layers += [{"kind": "Dense", "units": 8}, {"kind": "Add", "inputs": [2 * i, 2 * i + 1]}]
    layers.append({"kind": "Dense", "units": 1, "activation": "linear"})
    b = ModelBuilder((8,), task="regression", layers=layers)
    assert b.valid and len(b.spec) == 122
    assert len(b._rows.children) == 30 and b._window.layout.display is None
    b._window.value = 50
    assert [r.index for r in b._rows.children][:2] == [49, 50]
    b.set(119, use_bias=False)
    assert b.valid and 'x120 = layers.Dense(8, activation="relu", use_bias=False)(x119)' \
        in b.code
    assert isinstance(b._window, widgets.BoundedIntText)
