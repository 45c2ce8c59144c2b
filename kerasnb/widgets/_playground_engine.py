"""The playground's engine: data, a real Keras model, fast training epochs and the grid views.

Training speed decides how alive the playground feels. ``model.fit(epochs=1)``
spends most of each call setting up (callbacks, data adapter, progress), and
``train_on_batch`` pays a Python round trip per batch. On the TensorFlow backend
one epoch here is one call of a ``tf.function`` that loops over the shuffled
mini-batches in the graph and returns the train and test loss, so an epoch of
the default network costs a few milliseconds (``benchmarks/bench_playground.py``
measures the three side by side). Other Keras backends fall back to a
``train_on_batch`` loop over the same mini-batches.

The model itself is an ordinary compiled ``keras.Sequential``; the training
loop uses its own optimizer and regularization losses, so ``model.fit`` and
``model.evaluate`` keep working on it.
"""

from __future__ import annotations

from typing import Any

import keras
import numpy as np

from ..datasets import toys
from ._playground_config import DOMAIN, GRID, N_POINTS, is_classification, network_spec

FEATURE_FUNCS = {
    "x1": lambda x: x[:, 0],
    "x2": lambda x: x[:, 1],
    "x1_sq": lambda x: x[:, 0] ** 2,
    "x2_sq": lambda x: x[:, 1] ** 2,
    "x1x2": lambda x: x[:, 0] * x[:, 1],
    "sin_x1": lambda x: np.sin(np.pi * x[:, 0]),
    "sin_x2": lambda x: np.sin(np.pi * x[:, 1]),
}


def feature_columns(x: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """The chosen features of 2-D points ``x``, one column each, float32."""
    return np.stack([FEATURE_FUNCS[n](x) for n in names], axis=1).astype("float32")


def grid_points() -> np.ndarray:
    """``GRID * GRID`` points in image order: rows from x2 high to low, columns x1 low to high."""
    ticks = np.linspace(-DOMAIN, DOMAIN, GRID, dtype="float32")
    x1, x2 = np.meshgrid(ticks, ticks[::-1])
    return np.c_[x1.ravel(), x2.ravel()]


def _tf_backend() -> bool:
    return keras.backend.backend() == "tensorflow"


class _GraphEpoch:
    """One epoch of shuffled mini-batch SGD, written to run inside ``tf.function``."""

    def __init__(self, model: keras.Model, loss_fn: keras.losses.Loss):
        self.model, self.loss_fn = model, loss_fn

    def __call__(self, x, y, x_test, y_test, order, batch):
        import tensorflow as tf

        model, loss_fn = self.model, self.loss_fn
        n = tf.shape(order)[0]
        for i in tf.range((n + batch - 1) // batch):
            idx = order[i * batch: tf.minimum((i + 1) * batch, n)]
            with tf.GradientTape() as tape:
                loss = loss_fn(tf.gather(y, idx), model(tf.gather(x, idx), training=True))
                if model.losses:
                    loss = loss + tf.add_n(model.losses)
            grads = tape.gradient(loss, model.trainable_variables)
            model.optimizer.apply(grads, model.trainable_variables)
        return (loss_fn(y, model(x, training=False)),
                loss_fn(y_test, model(x_test, training=False)))


class Engine:
    """Data, model and training for one set of playground settings.

    Args:
        settings: checked settings (see ``_playground_config.check_settings``).
    """

    def __init__(self, settings: dict[str, Any]):
        self.settings = settings
        self.resets = 0
        self.model: keras.Model
        self.new_data()
        self.new_model()

    # --- data ---

    def new_data(self) -> None:
        s = self.settings
        x, y = toys.GENERATORS[s["dataset"]](n=N_POINTS, noise=s["noise"], seed=s["seed"])
        self.n_train = round(s["train_ratio"] * N_POINTS)
        self.points = x
        self.targets = y.astype("float32").reshape(-1, 1)
        self.new_features()

    def new_features(self) -> None:
        names = self.settings["features"]
        self.inputs = feature_columns(self.points, names)
        self.grid_inputs = feature_columns(grid_points(), names)

    @property
    def train_data(self) -> tuple[np.ndarray, np.ndarray]:
        return self.inputs[: self.n_train], self.targets[: self.n_train]

    @property
    def test_data(self) -> tuple[np.ndarray, np.ndarray]:
        return self.inputs[self.n_train:], self.targets[self.n_train:]

    # --- model ---

    def new_model(self, keep_weights: bool = False) -> None:
        """Build and compile the model; fresh weights and history unless ``keep_weights``."""
        s = self.settings
        old = [d.get_weights() for d in self.dense_layers] if keep_weights else None
        if not keep_weights:
            self.resets += 1
        seeds = np.random.SeedSequence([s["seed"], self.resets]).generate_state(64)
        layers: list[Any] = [keras.Input(shape=(len(s["features"]),))]
        for i, spec in enumerate(network_spec(s)):
            seed = int(seeds[i % 64] & 0x7FFFFFFF)
            if spec["kind"] == "Dropout":
                layers.append(keras.layers.Dropout(spec["rate"], seed=seed))
                continue
            reg = None
            if spec["reg"]:
                kind, rate = spec["reg"]
                reg = (keras.regularizers.L1 if kind == "l1" else keras.regularizers.L2)(rate)
            layers.append(keras.layers.Dense(
                spec["units"], activation=spec["activation"], kernel_regularizer=reg,
                kernel_initializer=keras.initializers.GlorotUniform(seed=seed)))
        model = keras.Sequential(layers)
        classify = is_classification(s["dataset"])
        self.loss_fn = (keras.losses.BinaryCrossentropy() if classify
                        else keras.losses.MeanSquaredError())
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=s["learning_rate"]),
                      loss=self.loss_fn)
        model.optimizer.build(model.trainable_variables)
        self.model = model
        if old is not None:
            for dense, weights in zip(self.dense_layers, old, strict=True):
                dense.set_weights(weights)
        else:
            self.rng = np.random.default_rng([s["seed"], self.resets])
            self.history: dict[str, list[float]] = {"epoch": [], "train_loss": [],
                                                    "test_loss": []}
        self._compile_steps()
        if old is None:
            self._record(*self._losses())

    @property
    def dense_layers(self) -> list[keras.layers.Dense]:
        model = getattr(self, "model", None)
        if model is None:
            return []
        return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]

    def set_learning_rate(self, value: float) -> None:
        self.model.optimizer.learning_rate = value

    def _compile_steps(self) -> None:
        # One graph per model. Callable objects rather than methods or lambdas, so that
        # TensorFlow counts the traces of each model's graph apart (a new model is a new
        # graph, not a retrace, and must not warn about "excessive retracing").
        probe = keras.Model(self.model.inputs[0], [d.output for d in self.dense_layers])
        if _tf_backend():
            import tensorflow as tf

            self._epoch = tf.function(_GraphEpoch(self.model, self.loss_fn),
                                      reduce_retracing=True)
            self._probe = tf.function(probe)
        else:  # pragma: no cover - the project runs on TensorFlow
            self._epoch = None
            self._probe = probe

    # --- training ---

    @property
    def epoch(self) -> int:
        return self.history["epoch"][-1]

    def train(self, epochs: int) -> None:
        """Train ``epochs`` epochs of shuffled mini-batches, recording both losses each epoch."""
        batch = self.settings["batch_size"]
        for _ in range(epochs):
            order = self.rng.permutation(self.n_train).astype("int32")
            if self._epoch is not None:
                losses = self._epoch(*self.train_data, *self.test_data, order, np.int32(batch))
                self._record(*(float(v) for v in losses))
            else:  # pragma: no cover - the project runs on TensorFlow
                x, y = self.train_data
                for start in range(0, self.n_train, batch):
                    idx = order[start:start + batch]
                    self.model.train_on_batch(x[idx], y[idx])
                self._record(*self._losses())

    def _losses(self) -> tuple[float, float]:
        x, y = self.train_data
        xt, yt = self.test_data
        return (float(self.loss_fn(y, self.model(x, training=False))),
                float(self.loss_fn(yt, self.model(xt, training=False))))

    def _record(self, train_loss: float, test_loss: float) -> None:
        h = self.history
        h["epoch"].append(h["epoch"][-1] + 1 if h["epoch"] else 0)
        h["train_loss"].append(train_loss)
        h["test_loss"].append(test_loss)

    # --- views ---

    def grid_outputs(self) -> list[np.ndarray]:
        """One forward pass over the grid: per Dense layer an array ``(GRID, GRID, units)``."""
        outs = self._probe(self.grid_inputs)
        outs = outs if isinstance(outs, (list, tuple)) else [outs]
        return [np.asarray(o).reshape(GRID, GRID, -1) for o in outs]

    def kernels(self) -> list[np.ndarray]:
        """The kernel (fan_in, units) of every Dense layer, input to output."""
        return [np.asarray(d.kernel) for d in self.dense_layers]
