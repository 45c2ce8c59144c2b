"""The playground's engine: data, a real Keras model, fast training epochs and the grid views.

Training speed decides how alive the playground feels. ``model.fit(epochs=1)``
spends most of each call setting up (callbacks, data adapter, progress), and
``train_on_batch`` pays a Python round trip per batch. On the TensorFlow backend
one epoch here is one call of a ``tf.function`` that loops over the shuffled
mini-batches in the graph and returns the train and test loss, so an epoch of
the default network costs a few milliseconds (``benchmarks/bench_playground.py``
measures the three side by side). JAX gets one ``jax.jit`` call per epoch and
PyTorch an eager ``torch.autograd`` loop (``epochs``).

The model itself is an ordinary compiled ``keras.Sequential``; the training
loop uses its own optimizer and regularization losses, so ``model.fit`` and
``model.evaluate`` keep working on it.
"""

from __future__ import annotations

from typing import Any

import keras
import numpy as np

from ...datasets import toys
from .config import DOMAIN, GRID, N_POINTS, is_classification, network_spec
from .epochs import make_epoch

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


def _number(value) -> float:
    """A backend scalar (possibly still attached to autograd) as a Python float."""
    return float(keras.ops.convert_to_numpy(value))


def grid_points() -> np.ndarray:
    """``GRID * GRID`` points in image order: rows from x2 high to low, columns x1 low to high."""
    ticks = np.linspace(-DOMAIN, DOMAIN, GRID, dtype="float32")
    x1, x2 = np.meshgrid(ticks, ticks[::-1])
    return np.c_[x1.ravel(), x2.ravel()]


class Engine:
    """Data, model and training for one set of playground settings.

    Args:
        settings: checked settings (see ``config.check_settings``).
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
        # One compiled epoch and one probe per model (see epochs.py).
        probe = keras.Model(self.model.inputs[0], [d.output for d in self.dense_layers])
        self._epoch = make_epoch(self.model, self.loss_fn)
        if keras.backend.backend() == "tensorflow":
            import tensorflow as tf

            self._probe = tf.function(probe)
        else:
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
            losses = self._epoch(*self.train_data, *self.test_data, order, np.int32(batch))
            self._record(*(_number(v) for v in losses))

    def _losses(self) -> tuple[float, float]:
        x, y = self.train_data
        xt, yt = self.test_data
        return (_number(self.loss_fn(y, self.model(x, training=False))),
                _number(self.loss_fn(yt, self.model(xt, training=False))))

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
        return [keras.ops.convert_to_numpy(o).reshape(GRID, GRID, -1) for o in outs]

    def kernels(self) -> list[np.ndarray]:
        """The kernel (fan_in, units) of every Dense layer, input to output."""
        return [keras.ops.convert_to_numpy(d.kernel) for d in self.dense_layers]
