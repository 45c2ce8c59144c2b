"""TensorFlow's gradient registry no longer keeps the graphs of models that are gone."""

from __future__ import annotations

import gc

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from kerasnb import _custom_gradients  # noqa: E402


def _graphs() -> int:
    from tensorflow.python.framework.func_graph import FuncGraph

    gc.collect()
    return sum(isinstance(o, FuncGraph) for o in gc.get_objects())


def _fit_once(x, y) -> keras.Model:
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=1, verbose=0)
    return model


def test_graphs_of_deleted_models_are_freed_and_live_ones_still_train():
    rng = np.random.default_rng(0)
    x, y = rng.random((32, 4), dtype="float32"), rng.integers(0, 3, 32)
    _custom_gradients.release()
    before = _graphs()
    for _ in range(3):
        _fit_once(x, y)
        assert _custom_gradients.release() >= 1  # the training step's all_reduce gradient
    assert _graphs() == before  # three models fitted and dropped: none of their graphs left

    kept = _fit_once(x, y)
    _custom_gradients.release()
    assert _graphs() > before  # a live model keeps its graphs (and gradients) ...
    loss = kept.fit(x, y, epochs=2, verbose=0).history["loss"]
    assert np.isfinite(loss).all()  # ... and trains again with them

    @tf.custom_gradient
    def scaled(t):
        return 2 * t, lambda dy: 0.5 * dy

    @tf.function
    def grad_of(t):
        with tf.GradientTape() as tape:
            tape.watch(t)
            out = scaled(t)
        return tape.gradient(out, t)

    grad_of.get_concrete_function(tf.TensorSpec([], tf.float32))
    _custom_gradients.release()
    assert float(grad_of(tf.constant(3.0))) == 0.5  # a gradient released while in use works
