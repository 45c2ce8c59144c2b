"""One playground training epoch per Keras backend, each as few calls as the backend allows.

Every epoch object is called as ``epoch(x, y, x_test, y_test, order, batch)``:
shuffled mini-batch SGD over ``x[order]`` with the model's own optimizer and
regularization losses, then the train and test loss (without regularization).

- TensorFlow: one ``tf.function`` call; the batch loop runs in the graph.
- JAX: one ``jax.jit`` call; a ``lax.fori_loop`` over the batches drives
  Keras' ``stateless_call`` and ``optimizer.stateless_apply``, and the new
  variable values are written back to the model once per epoch.
- PyTorch: an eager loop over the batches with ``torch.autograd`` on the
  layers' own parameters (tiny networks gain nothing from ``torch.compile``,
  which costs seconds per model).
"""

from __future__ import annotations

import keras
import numpy as np


class GraphEpoch:
    """One epoch written to run inside ``tf.function``."""

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


class JaxEpoch:
    """One epoch as one ``jax.jit`` call (recompiled only when the data or batch shape changes)."""

    def __init__(self, model: keras.Model, loss_fn: keras.losses.Loss):
        import jax

        self.model, self.loss_fn = model, loss_fn
        self._run = jax.jit(self._epoch)

    def _epoch(self, state, x, y, x_test, y_test, order, mask):
        import jax
        import jax.numpy as jnp

        model, loss_fn, optimizer = self.model, self.loss_fn, self.model.optimizer

        def batch_loss(trainable, fixed, idx, weight):
            pred, fixed, reg = model.stateless_call(trainable, fixed, x[idx], training=True,
                                                    return_losses=True)
            loss = jnp.sum(loss_fn.call(y[idx], pred) * weight) / jnp.sum(weight)
            return loss + sum(reg) if reg else loss, fixed

        def step(i, carry):
            trainable, fixed, opt = carry
            (_, fixed), grads = jax.value_and_grad(batch_loss, has_aux=True)(
                trainable, fixed, order[i], mask[i])
            trainable, opt = optimizer.stateless_apply(opt, grads, trainable)
            return trainable, fixed, opt

        trainable, fixed, opt = jax.lax.fori_loop(0, order.shape[0], step, state)
        train = loss_fn(y, model.stateless_call(trainable, fixed, x, training=False)[0])
        test = loss_fn(y_test, model.stateless_call(trainable, fixed, x_test, training=False)[0])
        return (trainable, fixed, opt), train, test

    def __call__(self, x, y, x_test, y_test, order, batch):
        batch = int(batch)
        steps = -(-len(order) // batch)
        padded = np.zeros(steps * batch, dtype="int32")
        padded[:len(order)] = order
        mask = (np.arange(steps * batch) < len(order)).astype("float32")
        model = self.model
        groups = (model.trainable_variables, model.non_trainable_variables,
                  model.optimizer.variables)
        state = tuple([v.value for v in group] for group in groups)
        state, train, test = self._run(state, x, y, x_test, y_test,
                                       padded.reshape(steps, batch), mask.reshape(steps, batch))
        for group, values in zip(groups, state, strict=True):
            for variable, value in zip(group, values, strict=True):
                variable.assign(value)
        return train, test


class TorchEpoch:
    """One epoch as an eager loop of ``torch.autograd`` steps.

    The playground's network is a stack of Dense and Dropout layers trained by
    plain SGD, so each step runs those layers' maths on their own parameters
    (``x @ kernel + bias``, the layer's activation and regularizer): a Keras
    layer call costs more than the arithmetic of a tiny layer on PyTorch.
    """

    def __init__(self, model: keras.Model, loss_fn: keras.losses.Loss):
        self.model, self.loss_fn = model, loss_fn

    def _forward(self, h):
        import torch

        reg = []
        for layer in self.model.layers:
            if isinstance(layer, keras.layers.Dropout):
                h = torch.nn.functional.dropout(h, layer.rate, training=True)
                continue
            kernel, bias = layer.kernel.value, layer.bias.value
            h = layer.activation(h @ kernel + bias)
            if layer.kernel_regularizer is not None:
                reg.append(layer.kernel_regularizer(kernel))
        return h, reg

    def __call__(self, x, y, x_test, y_test, order, batch):
        import torch

        model, loss_fn = self.model, self.loss_fn
        x, y = keras.ops.convert_to_tensor(x), keras.ops.convert_to_tensor(y)
        order = torch.as_tensor(order, dtype=torch.long, device=x.device)
        params = [v.value for v in model.trainable_variables]
        rate = float(keras.ops.convert_to_numpy(model.optimizer.learning_rate))
        for start in range(0, len(order), int(batch)):
            idx = order[start:start + int(batch)]
            pred, reg = self._forward(x[idx])
            loss = loss_fn(y[idx], pred)
            if reg:
                loss = loss + sum(reg)
            grads = torch.autograd.grad(loss, params)
            with torch.no_grad():
                for param, grad in zip(params, grads, strict=True):
                    param.sub_(rate * grad)
        model.optimizer.iterations.assign_add(-(-len(order) // int(batch)))
        with torch.no_grad():
            return (loss_fn(y, model(x, training=False)),
                    loss_fn(y_test, model(x_test, training=False)))


def make_epoch(model: keras.Model, loss_fn: keras.losses.Loss):
    """The fastest epoch callable for the current Keras backend."""
    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        # A callable object, not a method or lambda, so TensorFlow counts each model's traces
        # apart (a new model is a new graph, not a retrace).
        return tf.function(GraphEpoch(model, loss_fn), reduce_retracing=True)
    if backend == "jax":
        return JaxEpoch(model, loss_fn)
    if backend == "torch":
        return TorchEpoch(model, loss_fn)
    raise RuntimeError("the playground needs the TensorFlow, JAX or PyTorch backend of Keras. "
                       f"Received: backend {backend!r}")
