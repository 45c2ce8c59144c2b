"""Rows for knb.ModelBuilder: constructor, twins, fit, JSON and from_model."""

import json

import numpy as np

import kerasnb as knb
from bad_inputs import Row
from kerasnb.widgets import ModelBuilder


def small() -> ModelBuilder:
    return ModelBuilder((4,), num_classes=3)


def doc(**changes) -> str:
    d = json.loads(small().to_json())
    d.update(changes)
    return json.dumps(d)


def layers_doc(*layers) -> str:
    return doc(layers=list(layers))


def deep_json(depth: int) -> str:
    return '{"format": "kerasnb.ModelBuilder", "input_shape": [4], "layers": ' \
        + "[" * depth + "]" * depth + "}"


X, Y = np.zeros((6, 4), "float32"), np.array([0, 1, 2, 0, 1, 2])

ROWS = [
    # constructor
    Row("builder-input-shape-zero", lambda: ModelBuilder((28, 0)), arg="input_shape"),
    Row("builder-input-shape-text", lambda: ModelBuilder("28"), arg="input_shape"),
    Row("builder-input-shape-numpy-accepted", lambda: ModelBuilder((np.int64(4),)),
        accept=True),
    Row("builder-task-unknown", lambda: ModelBuilder((4,), task="clustering"), arg="task"),
    Row("builder-num-classes-one", lambda: ModelBuilder((4,), num_classes=1),
        arg="num_classes"),
    Row("builder-num-classes-numpy-accepted", lambda: ModelBuilder((4,), num_classes=np.int64(3)),
        accept=True),
    Row("builder-data-ragged", lambda: ModelBuilder((2,), data=([[1, 2], [3]], [0, 1])),
        arg="data"),
    Row("builder-data-strings", lambda: ModelBuilder((2,), data=(np.array([["a", "b"]]), [0])),
        arg="data"),
    Row("builder-data-not-pair", lambda: ModelBuilder((2,), data=[1, 2, 3]), arg="data"),
    Row("builder-layers-not-list", lambda: ModelBuilder((4,), layers="Dense"), arg="layers"),
    Row("builder-layers-custom-kind", lambda: ModelBuilder((4,), layers=["MyLayer"]),
        arg="kind"),
    Row("builder-layers-lambda", lambda: ModelBuilder((4,), layers=["Lambda"]), arg="kind"),
    Row("builder-too-many-layers", lambda: ModelBuilder((4,), layers=["Dropout"] * 3_000),
        arg="layers"),
    # twins
    Row("builder-add-units-zero", lambda: small().add("Dense", units=0), arg="units"),
    Row("builder-add-units-huge", lambda: small().add("Dense", units=10**9), arg="units"),
    Row("builder-add-units-numpy-accepted", lambda: small().add("Dense", units=np.int64(5)),
        accept=True),
    Row("builder-add-unknown-param", lambda: small().add("Dense", unit=3), arg="unit"),
    Row("builder-add-index-out-of-range", lambda: small().add("Dense", index=9), arg="index"),
    Row("builder-add-index-numpy-accepted", lambda: small().add("Dropout", index=np.int64(1)),
        accept=True),
    Row("builder-add-padding-big", lambda: small().add("Conv1D", padding="big"), arg="padding"),
    Row("builder-add-generic-padding-big", lambda: small().add("ZeroPadding2D", padding="big"),
        arg="padding"),
    Row("builder-add-inputs-forward", lambda: small().add("Add", index=0, inputs=[2]),
        arg="inputs"),
    Row("builder-add-inputs-unknown-name", lambda: small().add("Add", inputs=["nope"]),
        arg="inputs"),
    Row("builder-add-kernel-code", lambda: small().add("Conv1D", kernel_size="3; import os"),
        arg="kernel_size"),
    Row("builder-add-huge-field-cut", lambda: small().add("Dense", activation="x" * 10_000_000),
        arg="activation"),
    Row("builder-set-rate", lambda: small().set(0, rate=1.5), arg="rate"),
    Row("builder-set-index", lambda: small().set(7, units=3), arg="i"),
    Row("builder-set-index-bool", lambda: small().set(True, units=3), arg="i"),
    Row("builder-set-name-slash", lambda: small().set(0, name="a/b"), arg="name"),
    Row("builder-set-trainable-text", lambda: small().set(0, trainable="no"), arg="trainable"),
    Row("builder-remove-index", lambda: small().remove(3), arg="i"),
    Row("builder-move-index", lambda: small().move(0, 5), arg="j"),
    Row("builder-connect-forward", lambda: small().connect(2, 0), arg="source"),
    Row("builder-disconnect-not-an-input", lambda: small().disconnect(0, 2), arg="source"),
    Row("builder-connect-target", lambda: small().connect(0, 9), arg="target"),
    Row("builder-learning-rate", lambda: setattr(small(), "learning_rate", -1),
        arg="learning_rate"),
    Row("builder-metrics", lambda: setattr(small(), "metrics", ["f1"]), arg="metrics"),
    # fit
    Row("builder-fit-x-strings", lambda: small().fit(np.array([["a"] * 4] * 6), Y, live=False),
        arg="x"),
    Row("builder-fit-x-ragged", lambda: small().fit([[1, 2], [3]], [0, 1], live=False),
        arg="x"),
    Row("builder-fit-callbacks-string", lambda: small().fit(X, Y, callbacks="cb", live=False),
        arg="callbacks"),
    Row("builder-fit-epochs-zero", lambda: small().fit(X, Y, epochs=0, live=False),
        arg="epochs"),
    Row("builder-fit-labels-too-big", lambda: small().fit(X, Y + 5, live=False), arg="y"),
    # JSON
    Row("builder-json-not-json", lambda: ModelBuilder.from_json("not json"), arg="text"),
    Row("builder-json-input-shape-int-accepted", lambda: ModelBuilder.from_json(
        doc(input_shape=5)), accept=True),
    Row("builder-json-input-shape-text", lambda: ModelBuilder.from_json(doc(input_shape="abc")),
        arg="input_shape"),
    Row("builder-json-units-huge", lambda: ModelBuilder.from_json(layers_doc(
        {"kind": "Dense", "units": 10**9})), arg="units"),
    Row("builder-json-padding-big", lambda: ModelBuilder.from_json(layers_doc(
        {"kind": "Conv1D", "padding": "big"}, {"kind": "Dense", "units": 3})), arg="padding"),
    Row("builder-json-3000-layers", lambda: ModelBuilder.from_json(layers_doc(
        *[{"kind": "Dropout"}] * 3_000)), arg="layers"),
    Row("builder-json-deep", lambda: ModelBuilder.from_json(deep_json(100_000)), arg="text"),
    Row("builder-json-too-big", lambda: ModelBuilder.from_json(
        doc(note="x" * 10_000_000)), arg="text"),
    Row("builder-json-layers-not-list", lambda: ModelBuilder.from_json(doc(layers=5)),
        arg="layers"),
    Row("builder-json-compile-not-dict", lambda: ModelBuilder.from_json(doc(compile=[1])),
        arg="compile"),
    Row("builder-json-inputs-bad", lambda: ModelBuilder.from_json(layers_doc(
        {"kind": "Dense", "units": 3, "inputs": ["x" * 1000]})), arg="inputs"),
    Row("builder-json-big-field-cut", lambda: ModelBuilder.from_json(layers_doc(
        {"kind": "Dense", "units": 3, "activation": "y" * 1_000_000})), arg="activation"),
    # from_model
    Row("builder-from-model-not-a-model", lambda: ModelBuilder.from_model(42), arg="model"),
    Row("builder-limits-raise-params", lambda: knb.set_limits(params=0), arg="params"),
]
