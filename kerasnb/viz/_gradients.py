"""The one place kerasnb takes gradients (saliency and Grad-CAM use nothing else).

Everything backend-specific sits in :func:`score_gradients`; the callers hand
it plain functions built on ``keras.ops``. Each Keras backend differentiates
with its own autodiff: ``tf.GradientTape`` on TensorFlow, ``torch.autograd``
on PyTorch and ``jax.grad`` on JAX. TensorFlow and PyTorch record the forward
pass and can differentiate against any tensor in it; JAX differentiates
functions of their arguments, so a gradient against a layer's feature maps
needs ``head``: the rest of the model as a function of those maps.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def score_gradients(forward: Callable, x: np.ndarray, score: Callable,
                    head: Callable | None = None
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of a per-sample score with respect to a tensor of the forward pass.

    Args:
        forward: ``forward(inputs) -> (watched, output)``; ``watched`` is the
            tensor to differentiate against (the inputs themselves, or a
            layer's feature maps), ``output`` the model's prediction.
        x: the input batch.
        score: ``score(output, inputs) -> (batch,)`` scores; samples do not
            interact in inference mode, so the gradient of their sum holds
            each sample's own gradient.
        head: ``head(inputs, watched) -> output``, the model from ``watched``
            on; needed on JAX when ``watched`` is not the inputs themselves.

    Returns:
        (watched, output, gradient of the score with respect to watched), as
        NumPy arrays. A score that does not depend on ``watched`` gives zeros.
    """
    import keras

    backend = keras.backend.backend()
    if backend == "tensorflow":
        watched, output, grads = _tensorflow(forward, x, score)
    elif backend == "torch":
        watched, output, grads = _torch(forward, x, score)
    elif backend == "jax":
        watched, output, grads = _jax(forward, x, score, head)
    else:
        raise RuntimeError("saliency needs the TensorFlow, JAX or PyTorch backend of Keras. "
                           f"Received: backend {backend!r}")
    watched = keras.ops.convert_to_numpy(watched)
    grads = np.zeros_like(watched) if grads is None else keras.ops.convert_to_numpy(grads)
    return watched, keras.ops.convert_to_numpy(output), grads


def _tensorflow(forward, x, score):
    import tensorflow as tf

    tensor = tf.convert_to_tensor(x)
    with tf.GradientTape() as tape:
        tape.watch(tensor)
        watched, output = forward(tensor)
        total = tf.reduce_sum(score(output, tensor))
    return watched, output, tape.gradient(total, watched)


def _torch(forward, x, score):
    import keras
    import torch

    tensor = keras.ops.convert_to_tensor(x).detach().requires_grad_(True)
    with torch.enable_grad():
        watched, output = forward(tensor)
        total = torch.sum(score(output, tensor))
    grads = None
    if watched.requires_grad and total.requires_grad:
        grads = torch.autograd.grad(total, watched, allow_unused=True)[0]
    return watched.detach(), output.detach(), grads


def _jax(forward, x, score, head):
    import jax
    import jax.numpy as jnp

    tensor = jnp.asarray(x)
    watched, output = forward(tensor)
    if watched is tensor:
        def total(t):
            return jnp.sum(score(forward(t)[1], t))

        return watched, output, jax.grad(total)(tensor)
    if head is None:
        raise RuntimeError("gradients against a layer's output on JAX need `head`, the "
                           "model from that layer on")

    def total_from(maps):
        return jnp.sum(score(head(tensor, maps), tensor))

    return watched, output, jax.grad(total_from)(watched)
