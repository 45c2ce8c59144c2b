"""knb.ModelBuilder through its Python twins: build, edit, errors and recovery, code,
JSON, from_model and training on tiny data. Real Keras models throughout.

The widget itself (buttons, fields, panels) is driven in test_builder_widget.py.
"""

from __future__ import annotations

import json
import subprocess
import sys

import keras
import numpy as np
import pytest

import kerasnb as knb
from kerasnb._history import History
from kerasnb.widgets import ModelBuilder
from kerasnb.widgets.builder.code import layer_code
from kerasnb.widgets.builder.layers import KIND_NAMES, KINDS, make_layer


def layer_configs(model: keras.Model) -> list[tuple[str, dict]]:
    """Layer types and configs, names left out."""
    out = []
    for layer in model.layers:
        config = {k: v for k, v in layer.get_config().items() if k != "name"}
        out.append((type(layer).__name__, config))
    return out


def exec_code(builder: ModelBuilder) -> keras.Model:
    namespace: dict = {}
    exec(builder.code, namespace)
    return namespace["model"]


def assert_code_rebuilds(builder: ModelBuilder) -> None:
    model, rebuilt = builder.model, exec_code(builder)
    assert layer_configs(rebuilt) == layer_configs(model)
    assert rebuilt.count_params() == model.count_params()
    assert rebuilt.loss == model.loss


# ---------------------------------------------------------------- construction
def test_top_level_name_is_the_widget_class():
    assert knb.ModelBuilder is ModelBuilder


def test_default_stack_for_images_is_a_small_convnet_with_softmax_output():
    b = ModelBuilder((28, 28, 1), num_classes=10)
    kinds = [e["kind"] for e in b.spec]
    assert kinds[0] == "Conv2D" and "Flatten" in kinds
    assert b.spec[-1] == {"kind": "Dense", "units": 10, "activation": "softmax",
                          "use_bias": True}
    assert (b.task, b.loss, b.metrics) == ("multiclass", "sparse_categorical_crossentropy",
                                           ["accuracy"])
    assert b.errors == [] and b.valid
    assert b.model.output_shape == (None, 10)


@pytest.mark.parametrize("num_classes, task, units, activation, loss", [
    (2, "binary", 1, "sigmoid", "binary_crossentropy"),
    (3, "multiclass", 3, "softmax", "sparse_categorical_crossentropy"),
])
def test_task_auto_from_num_classes_sets_output_and_loss(num_classes, task, units, activation,
                                                         loss):
    b = ModelBuilder((4,), num_classes=num_classes)
    assert b.task == task and b.loss == loss
    assert (b.spec[-1]["units"], b.spec[-1]["activation"]) == (units, activation)


def test_task_auto_from_data_labels():
    x = np.zeros((6, 3), "float32")
    assert ModelBuilder((3,), data=(x, [0, 1, 1, 0, 1, 0])).task == "binary"
    multi = ModelBuilder((3,), data=(x, [0, 1, 2, 3, 4, 0]))
    assert (multi.task, multi.num_classes, multi.spec[-1]["units"]) == ("multiclass", 5, 5)
    reg = ModelBuilder((3,), data=(x, np.linspace(0, 1, 6)))
    assert (reg.task, reg.loss, reg.spec[-1]["activation"]) == ("regression", "mse", "linear")
    onehot = ModelBuilder((3,), data=(x, np.eye(3)[[0, 1, 2, 0, 1, 2]]))
    assert (onehot.task, onehot.loss) == ("multiclass", "categorical_crossentropy")


def test_task_auto_without_information_says_it_chose_regression():
    b = ModelBuilder((2,))
    assert b.task == "regression" and b.loss == "mse"
    assert any("task='auto'" in h for h in b.hints)


def test_layers_argument_takes_dicts_names_and_keras_layers():
    b = ModelBuilder((8, 8, 1), task="regression",
                     layers=["Flatten", {"kind": "Dense", "units": 4},
                             keras.layers.Dense(1, activation="linear")])
    assert [e["kind"] for e in b.spec] == ["Flatten", "Dense", "Dense"]
    assert b.spec[1]["units"] == 4 and b.valid


@pytest.mark.parametrize("kwargs, message", [
    ({"input_shape": (28, 0)}, "`input_shape` must be a tuple of positive integers"),
    ({"input_shape": "28"}, "`input_shape` must be"),
    ({"input_shape": (4,), "task": "clustering"}, "`task` must be one of"),
    ({"input_shape": (4,), "num_classes": 1}, "`num_classes` must be an integer >= 2"),
    ({"input_shape": (4,), "task": "binary", "num_classes": 5}, "`num_classes` must be 2"),
    ({"input_shape": (4,), "layers": [{"kind": "Dense", "units": 0}]},
     "`layers[0]`: `units` must be a positive integer. Received: units=0"),
    ({"input_shape": (4,), "layers": ["MyCustomLayer"]},
     "`layers[0]`: `kind` must be the name of a built-in keras.layers class"),
    ({"input_shape": (4,), "layers": ["Lambda"]},
     "`layers[0]`: `kind` 'Lambda' is not offered by ModelBuilder: it runs your own"),
    ({"input_shape": (4,), "data": [1, 2, 3]}, "`data` must be a pair (x, y)"),
])
def test_bad_constructor_arguments_name_the_argument(kwargs, message):
    with pytest.raises(ValueError) as info:
        ModelBuilder(**kwargs)
    assert message in str(info.value)


# ------------------------------------------------------------------ the twins
def test_add_remove_move_set_edit_the_spec():
    b = ModelBuilder((16,), task="regression", layers=[])
    assert b.errors == ["The model has no layers yet: add at least one."]
    b.add("Dense", units=1, activation="linear")
    b.add("Dense", units=8)  # no index: before the output layer, which stays last
    assert [e["units"] for e in b.spec] == [8, 1]
    b.add("Dropout", index=-1, rate=0.5)  # like list.insert: before the last layer
    assert [e["kind"] for e in b.spec] == ["Dense", "Dropout", "Dense"]
    b.add("Flatten", index=0)
    b.remove(0)
    b.move(1, 0)
    assert [e["kind"] for e in b.spec] == ["Dropout", "Dense", "Dense"]
    b.move(0, -1)
    assert [e["kind"] for e in b.spec] == ["Dense", "Dense", "Dropout"]
    b.remove(2)
    b.set(0, units=12, activation="tanh")
    assert b.spec[0] == {"kind": "Dense", "units": 12, "activation": "tanh", "use_bias": True}
    assert b.valid
    assert b.model.count_params() == 16 * 12 + 12 + 12 + 1


def test_set_kind_keeps_shared_parameters():
    b = ModelBuilder((10, 3), task="regression",
                     layers=[{"kind": "LSTM", "units": 7}, {"kind": "Dense", "units": 1,
                                                            "activation": "linear"}])
    b.set(0, kind="GRU")
    assert b.spec[0] == {"kind": "GRU", "units": 7, "activation": "tanh",
                         "return_sequences": False, "dropout": 0.0}
    b.set(0, kind="Conv1D", filters=4)
    assert b.spec[0]["kind"] == "Conv1D" and b.spec[0]["activation"] == "relu"


def test_spec_is_a_json_able_copy():
    b = ModelBuilder((28, 28, 1), num_classes=10)
    spec = b.spec
    spec[0]["filters"] = 999
    assert b.spec[0]["filters"] == 16
    assert json.loads(json.dumps(b.spec)) == b.spec


@pytest.mark.parametrize("call, message", [
    (lambda b: b.add("Dense", units=0), "`units` must be a positive integer. Received: units=0"),
    (lambda b: b.add("Dense", unit=3), "`unit` is not a parameter of Dense"),
    (lambda b: b.add("Dens"), "`kind` must be the name of a built-in keras.layers class"),
    (lambda b: b.set(0, rate=1.5), "`rate` must be a number in [0, 1). Received: rate=1.5"),
    (lambda b: b.set(1, activation="relu6"), "`activation` must be one of"),
    (lambda b: b.set(1, use_bias="yes"), "`use_bias` must be True or False"),
    (lambda b: b.set(7, units=3), "`i` must be an index from 0 to 2"),
    (lambda b: b.remove(3), "`i` must be an index from 0 to 2"),
    (lambda b: b.move(0, 5), "`j` must be an index from 0 to 2"),
    (lambda b: b.add("Dense", index=9), "`index` must be a position from -3 to 3"),
    (lambda b: b.add("Conv2D", kernel_size="3; import os"), "`kernel_size` must be"),
    (lambda b: b.add("Reshape", target_shape=(2, 0)), "`target_shape` must be"),
])
def test_invalid_values_raise_value_error_and_keep_the_last_valid_model(call, message):
    b = ModelBuilder((8,), task="regression",
                     layers=[{"kind": "Dropout"}, {"kind": "Dense", "units": 4},
                             {"kind": "Dense", "units": 1, "activation": "linear"}])
    before, code = b.spec, b.code
    with pytest.raises(ValueError) as info:
        call(b)
    assert message in str(info.value)
    assert b.spec == before and b.code == code and b.valid


def test_settings_are_checked_like_twins():
    b = ModelBuilder((4,), num_classes=3)
    with pytest.raises(ValueError, match=r"`learning_rate` must be a number in \(0, 10\]"):
        b.learning_rate = -1
    with pytest.raises(ValueError, match="`loss` must be one of"):
        b.loss = "hinge"
    with pytest.raises(ValueError, match="`metrics` must be a list drawn from"):
        b.metrics = ["f1"]
    with pytest.raises(ValueError, match="`validation_split` must be a number in"):
        b.validation_split = 1.0
    b.optimizer, b.learning_rate = "sgd", 0.05
    assert isinstance(b.model.optimizer, keras.optimizers.SGD)
    assert float(b.model.optimizer.learning_rate) == pytest.approx(0.05)


# ------------------------------------------------------ errors, hints, recovery
def conv_builder() -> ModelBuilder:
    return ModelBuilder((8, 8, 1), num_classes=3, layers=[
        {"kind": "Conv2D", "filters": 4, "kernel_size": 3},      # -> 6x6
        {"kind": "MaxPooling2D", "pool_size": 2},                # -> 3x3
        {"kind": "Conv2D", "filters": 4, "kernel_size": 3},      # -> 1x1
        {"kind": "Flatten"},
        {"kind": "Dense", "units": 3, "activation": "softmax"},
    ])


def test_kernel_larger_than_input_points_at_the_row_and_recovers():
    b = conv_builder()
    params = b.model.count_params()
    b.set(2, kernel_size=5)
    assert b.errors == ["Layer 3 (Conv2D): kernel_size 5 is larger than its 3x3 input. Use a "
                        "smaller kernel_size, padding='same', or fewer pooling layers before it."]
    assert not b.valid
    assert b.model.count_params() == params  # the last valid model
    assert b.code.count("layers.Conv2D(4, 3, activation=\"relu\"),") == 2
    assert_code_rebuilds(b)
    b.set(2, padding="same")
    assert b.valid and b.model.layers[2].kernel.shape == (5, 5, 4, 4)


def test_pool_larger_than_input_and_empty_output():
    b = conv_builder()
    b.set(1, pool_size=7)
    assert b.errors[0].startswith("Layer 2 (MaxPooling2D): pool_size 7 is larger than its 6x6")
    b.set(1, pool_size=(2, 3))
    assert b.spec[1]["pool_size"] == [2, 3] and b.errors[0].startswith("Layer 3 (Conv2D)")


def test_recurrent_layer_on_flat_input_offers_return_sequences():
    b = ModelBuilder((10, 2), task="regression", layers=[
        {"kind": "LSTM", "units": 4}, {"kind": "LSTM", "units": 4},
        {"kind": "Dense", "units": 1, "activation": "linear"}])
    assert b.errors[0].startswith("Layer 2 (LSTM): it works on sequences of shape "
                                  "(steps, features), but its input has shape (None, 4).")
    assert "Set return_sequences=True on layer 1" in b.errors[0]
    assert b.fix_hints() and b.spec[0]["return_sequences"] is True
    assert b.valid


def test_conv_on_images_without_channel_axis_offers_reshape():
    b = ModelBuilder((12, 12), num_classes=2, layers=[
        {"kind": "Conv2D", "filters": 2}, {"kind": "Flatten"},
        {"kind": "Dense", "units": 1, "activation": "sigmoid"}])
    assert "Insert Reshape((12, 12, 1)) before layer 1" in b.errors[0]
    b.fix_hints()
    assert b.spec[0] == {"kind": "Reshape", "target_shape": [12, 12, 1]} and b.valid
    assert_code_rebuilds(b)


def test_dense_after_conv_without_flatten_is_a_hint_with_a_fix():
    b = conv_builder()
    b.remove(3)  # Flatten
    assert any(h.startswith("Layer 4 (Dense) comes after Conv2D without a Flatten")
               for h in b.hints)
    assert any("the model ends with shape (None, 1, 1, 3)" in e for e in b.errors)
    applied = b.fix_hints()
    assert len(applied) == 1 and b.spec[3] == {"kind": "Flatten"} and b.valid


def test_reshape_and_embedding_mistakes():
    b = ModelBuilder((6,), task="regression", layers=[
        {"kind": "Reshape", "target_shape": (4, 2)}, {"kind": "Flatten"},
        {"kind": "Dense", "units": 1, "activation": "linear"}])
    assert "cannot arrange the 6 values of its input (None, 6) as target_shape (4, 2)" \
        in b.errors[0]
    b.set(0, target_shape="3, -1")
    assert b.valid
    b.add("Embedding", index=1)
    assert "Embedding turns integer token ids into vectors, so it must take a model input " \
        in b.errors[0]


def test_variable_length_tokens_and_unknown_axes():
    b = ModelBuilder((None,), num_classes=2, layers=[
        {"kind": "Embedding", "input_dim": 100, "output_dim": 8}, "GlobalAveragePooling1D",
        {"kind": "Dense", "units": 1, "activation": "sigmoid"}])
    assert b.valid and b.model.count_params() == 100 * 8 + 8 + 1
    assert 'keras.Input(shape=(None,), dtype="int32")' in b.code
    assert_code_rebuilds(b)
    b.remove(1)
    b.add("Flatten", index=1)
    assert b.errors[0] == ("Layer 3 (Dense): it needs to know the size of the last axis of its "
                           "input, but that is None in (None, None).")


@pytest.mark.parametrize("loss, fix", [
    ("binary_crossentropy", {"units": 1, "activation": "sigmoid"}),
    ("categorical_crossentropy", None),
    ("mse", {"activation": "linear"}),
])
def test_loss_that_does_not_fit_the_output_layer(loss, fix):
    b = ModelBuilder((4,), num_classes=3)
    b.loss = loss
    if fix is None:
        assert b.valid  # categorical: same output, one-hot labels
        return
    assert b.errors and b.errors[0].startswith("Layer 3 (Dense): ")
    assert b.model.loss == "sparse_categorical_crossentropy"  # last valid state
    b.fix_hints()
    assert {k: b.spec[-1][k] for k in fix} == fix and b.valid
    assert b.model.loss == loss


def test_softmax_output_needs_as_many_units_as_classes():
    b = ModelBuilder((4,), num_classes=3)
    b.set(-1, units=4)
    assert b.errors == ["Layer 3 (Dense): sparse_categorical_crossentropy needs 3 outputs (one "
                        "per class), but the model ends with 4. Set units=3."]
    b.set(-1, activation="relu")
    b.set(-1, units=3)
    assert "activation='relu' does not give them" in b.errors[0]


def test_changing_task_suggests_loss_and_offers_the_output_layer():
    b = ModelBuilder((4,), num_classes=3)
    b.task = "binary"
    assert (b.loss, b.num_classes) == ("binary_crossentropy", 2)
    assert not b.valid
    assert b.hints == [b.errors[0]] and "Set units=1" in b.errors[0]
    b.fix_hints()
    assert b.spec[-1]["units"] == 1 and b.spec[-1]["activation"] == "sigmoid" and b.valid
    b.task = "regression"
    assert (b.loss, b.metrics) == ("mse", ["mae"])
    assert b.valid and "usually linear" in b.hints[0]  # sigmoid is allowed, but questioned
    b.fix_hints()
    assert b.spec[-1]["activation"] == "linear" and b.valid and not b.hints


def test_model_before_any_valid_state_raises():
    b = ModelBuilder((4,), task="regression", layers=[])
    with pytest.raises(ValueError, match="has not had a valid model yet"):
        _ = b.model
    with pytest.raises(ValueError, match="has not had a valid model yet"):
        _ = b.code


# ------------------------------------------------------------- table and code
def every_kind_builders() -> list[ModelBuilder]:
    """Models that use every kind in the catalogue at least once."""
    images = ModelBuilder((16, 16, 3), num_classes=4, layers=[
        {"kind": "Rescaling"}, {"kind": "RandomFlip"}, {"kind": "RandomRotation"},
        {"kind": "RandomZoom"}, {"kind": "RandomContrast"},
        {"kind": "Conv2D", "filters": 6, "kernel_size": (3, 2), "strides": 2, "padding": "same"},
        {"kind": "BatchNormalization"}, {"kind": "MaxPooling2D", "strides": 1},
        {"kind": "AveragePooling2D", "padding": "same"}, {"kind": "Conv2D", "filters": 5},
        {"kind": "GlobalAveragePooling2D"}, {"kind": "Dense", "units": 7, "use_bias": False},
        {"kind": "Activation", "activation": "gelu"}, {"kind": "Dropout", "rate": 0.1},
        {"kind": "LayerNormalization"}, {"kind": "Dense", "units": 4, "activation": "softmax"}])
    text = ModelBuilder((12,), num_classes=2, layers=[
        {"kind": "Embedding", "input_dim": 50, "output_dim": 6},
        {"kind": "Conv1D", "filters": 5, "kernel_size": 3, "padding": "causal"},
        {"kind": "MaxPooling1D"}, {"kind": "SimpleRNN", "units": 3, "return_sequences": True},
        {"kind": "GRU", "units": 4, "return_sequences": True},
        {"kind": "LSTM", "units": 5, "return_sequences": True, "dropout": 0.1},
        {"kind": "GlobalAveragePooling1D"}, {"kind": "Reshape", "target_shape": (5, 1)},
        {"kind": "Flatten"}, {"kind": "Dense", "units": 1, "activation": "sigmoid"}])
    return [images, text]


def test_every_kind_is_covered_and_table_matches_keras():
    builders = every_kind_builders()
    used = {e["kind"] for b in builders for e in b.spec}
    assert used == set(KIND_NAMES)
    for b in builders:
        assert b.valid, b.errors
        model = b.model
        for row, layer in zip(b._analysis.rows, model.layers, strict=True):
            assert row.shape == tuple(layer.output.shape)
            assert row.trainable == sum(int(np.prod(w.shape)) for w in layer.trainable_weights)
            assert row.non_trainable == sum(int(np.prod(w.shape))
                                            for w in layer.non_trainable_weights)
        assert sum(b._analysis.params) == model.count_params()
        assert f"{model.count_params():,} params" in b._table.value
        assert_code_rebuilds(b)


def test_code_is_complete_and_readable():
    b = every_kind_builders()[1]
    code = b.code
    assert code.startswith("import keras\nfrom keras import layers\n")
    assert 'keras.Input(shape=(12,), dtype="int32")' in code
    assert "layers.Embedding(50, 6)," in code
    assert 'layers.Conv1D(5, 3, padding="causal", activation="relu")' in code
    assert "optimizer=keras.optimizers.Adam(learning_rate=0.001)" in code
    assert 'loss="binary_crossentropy"' in code and 'metrics=["accuracy"]' in code
    assert exec_code(b).inputs[0].dtype == "int32" and b.model.inputs[0].dtype == "int32"


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_positional_arguments_follow_the_keras_signature(kind):
    import inspect

    names = list(inspect.signature(getattr(keras.layers, kind)).parameters)
    k = KINDS[kind]
    assert names[:k.positional] == [p.name for p in k.params[:k.positional]]
    entry = {"kind": kind, **{p.name: p.default for p in k.params}}
    rebuilt = eval(layer_code(entry), {"layers": keras.layers})  # our own generated text
    assert rebuilt.get_config() | {"name": ""} == make_layer(entry).get_config() | {"name": ""}


# ------------------------------------------------------------ JSON, from_model
def test_json_round_trip_keeps_layers_and_settings():
    b = conv_builder()
    b.optimizer, b.learning_rate, b.epochs, b.metrics = "rmsprop", 0.01, 3, ["accuracy", "auc"]
    b.set(2, kernel_size=9)  # an invalid state is saved as it is
    again = ModelBuilder.from_json(b.to_json())
    assert again.spec == b.spec and again.errors == b.errors
    for name in ("task", "num_classes", "optimizer", "learning_rate", "loss", "metrics",
                 "epochs", "batch_size", "validation_split"):
        assert getattr(again, name) == getattr(b, name)
    with pytest.raises(ValueError, match="`text` must be JSON text written by ModelBuilder"):
        ModelBuilder.from_json('{"layers": []}')
    with pytest.raises(ValueError, match="`text` must be JSON"):
        ModelBuilder.from_json("not json")


def test_from_model_reads_layers_and_compile_settings():
    model = keras.Sequential([
        keras.Input((10, 3)), keras.layers.Conv1D(8, 3, padding="same", activation="tanh"),
        keras.layers.MaxPooling1D(2), keras.layers.GRU(6), keras.layers.Dropout(0.25),
        keras.layers.Dense(4, activation="softmax")])
    model.compile(optimizer=keras.optimizers.RMSprop(0.005),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    b = ModelBuilder.from_model(model)
    assert b.input_shape == (10, 3)
    assert [e["kind"] for e in b.spec] == ["Conv1D", "MaxPooling1D", "GRU", "Dropout", "Dense"]
    assert (b.task, b.num_classes, b.optimizer, b.learning_rate, b.loss) == (
        "multiclass", 4, "rmsprop", 0.005, "sparse_categorical_crossentropy")
    assert layer_configs(b.model) == layer_configs(model)
    assert b.model.count_params() == model.count_params()


def test_from_model_uncompiled_infers_task_from_output():
    model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(1, activation="sigmoid")])
    b = ModelBuilder.from_model(model)
    assert (b.task, b.loss) == ("binary", "binary_crossentropy") and b.valid


class Doubler(keras.layers.Layer):
    """A custom layer: the builder cannot rebuild its code."""

    def call(self, x):
        return 2 * x


def test_from_model_keeps_settings_outside_the_friendly_fields():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(
        2, kernel_regularizer="l2", kernel_initializer="he_normal"),
        keras.layers.RepeatVector(3),
        keras.layers.Conv1DTranspose(4, 2), keras.layers.Flatten(),
        keras.layers.Dense(1)])
    b = ModelBuilder.from_model(model)
    assert b.spec[0]["kernel_initializer"] == "he_normal"
    assert b.spec[0]["kernel_regularizer"] == "l2"  # Keras reads the short name back
    assert [e["kind"] for e in b.spec] == ["Dense", "RepeatVector", "Conv1DTranspose",
                                           "Flatten", "Dense"]
    assert layer_configs(exec_code(b)) == layer_configs(model)
    assert exec_code(b).count_params() == model.count_params() == sum(b._analysis.params)


@pytest.mark.parametrize("make, message", [
    (lambda: keras.Sequential([keras.layers.Dense(2)]), "`model` must be built"),
    (lambda: keras.Sequential([keras.Input((4,)), Doubler()]),
     "is a custom layer (Doubler), which ModelBuilder does not support"),
    (lambda: 42, "`model` must be a keras.Sequential or functional keras.Model"),
])
def test_from_model_rejects_what_it_cannot_edit(make, message):
    """(Raw ops, shared layers and functional cases: test_builder_graph.py.)"""
    with pytest.raises(ValueError) as info:
        ModelBuilder.from_model(make())
    assert message in str(info.value)


# ------------------------------------------------------------------- training
def tiny_binary(n=24, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)).astype("float32")
    return x, (x[:, 0] > 0).astype("int64")


@pytest.mark.slow
def test_fit_on_tiny_data_returns_the_history_of_the_trained_model():
    x, y = tiny_binary()
    b = ModelBuilder((3,), data=(x, y))
    assert b.task == "binary"
    history = b.fit(epochs=2, batch_size=8, live=False)
    assert isinstance(history, keras.callbacks.History)
    assert history.epoch == [0, 1] and set(history.history) >= {"loss", "val_loss",
                                                                "accuracy"}
    assert b.trained_model is history.model
    assert isinstance(b.history, History) and b.history.epoch == [0, 1]
    assert b.history == history.history and b.history["loss"] == history.history["loss"]
    assert b.history.history["loss"] == history.history["loss"]
    assert History.from_any(b) == b.history  # compare / check read the builder itself
    with pytest.warns(DeprecationWarning, match="use `ModelBuilder.trained_model`"):
        assert b.history.model is b.trained_model  # Keras' History had .model
    assert "Done after 2 epochs" in b._status.value
    other = b.fit(x[:8], y[:8], epochs=1, validation_split=0.0, live=False)
    assert other.epoch == [0] and "val_loss" not in other.history


@pytest.mark.slow
def test_fit_with_live_plot_records_the_run():
    pytest.importorskip("kerasnb.callbacks.live")
    x, y = tiny_binary()
    b = ModelBuilder((3,), data=(x, y))
    b.fit(epochs=2, batch_size=8)
    assert b.live_plot is not None and len(b.live_plot.history["loss"]) == 2


@pytest.mark.slow
def test_fit_regression_and_multiclass_tiny():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(16, 4, 4, 1)).astype("float32")
    b = ModelBuilder((4, 4, 1), num_classes=3)
    history = b.fit(x, np.arange(16) % 3, epochs=1, live=False)
    assert np.isfinite(history.history["loss"][0])
    r = ModelBuilder((2,), task="regression")
    assert r.fit(x[:, 0, :2, 0], x[:, 1, 1, 0], epochs=1, live=False).history["mae"]


@pytest.mark.parametrize("args, message", [
    ((), "`x` and `y` are needed: no data was given"),
    ((np.zeros((4, 2)), None), "`x` and `y` must be given together"),
    ((np.zeros((4, 2)), np.zeros(4)), "`x` must hold samples of shape (3,)"),
    ((np.zeros((4, 3)), np.zeros(5)), "`y` must have one label per sample of `x` (4)"),
    ((np.zeros((4, 3)), np.array([0, 1, 2, 1])), "`y` must be labels 0 or 1"),
])
def test_fit_rejects_bad_data_at_the_boundary(args, message):
    b = ModelBuilder((3,), num_classes=2)
    with pytest.raises(ValueError) as info:
        b.fit(*args, epochs=1, live=False)
    assert message in str(info.value)


def test_fit_checks_labels_against_the_output_and_refuses_an_invalid_model():
    b = ModelBuilder((3,), num_classes=3)
    with pytest.raises(ValueError, match="`y` must be class labels below 3"):
        b.fit(np.zeros((4, 3)), np.array([0, 1, 5, 2]), live=False)
    b.set(-1, activation="relu")
    with pytest.raises(ValueError, match="Fix the model before training"):
        b.fit(np.zeros((4, 3)), np.array([0, 1, 2, 2]), live=False)


def test_importing_the_widgets_package_stays_light():
    code = ("import sys, kerasnb, kerasnb.widgets; "
            "print(any(m in sys.modules for m in ('tensorflow', 'keras', 'plotly')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.strip() == "False", out.stderr
