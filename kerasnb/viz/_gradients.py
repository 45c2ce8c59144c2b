"""The one place kerasnb takes gradients (saliency and Grad-CAM use nothing else).

Everything backend-specific sits in :func:`score_gradients`; the callers hand
it plain functions built on ``keras.ops``. It runs on TensorFlow today
(``tf.GradientTape``); a JAX or PyTorch version replaces this function only.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def score_gradients(forward: Callable, x: np.ndarray, score: Callable
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

    Returns:
        (watched, output, gradient of the score with respect to watched), as
        NumPy arrays. A score that does not depend on ``watched`` gives zeros.
    """
    import keras

    if keras.backend.backend() != "tensorflow":
        raise RuntimeError("saliency needs the TensorFlow backend of Keras. "
                           f"Received: backend {keras.backend.backend()!r}")
    import tensorflow as tf

    tensor = tf.convert_to_tensor(x)
    with tf.GradientTape() as tape:
        tape.watch(tensor)
        watched, output = forward(tensor)
        total = tf.reduce_sum(score(output, tensor))
    grads = tape.gradient(total, watched)
    watched = keras.ops.convert_to_numpy(watched)
    grads = np.zeros_like(watched) if grads is None else keras.ops.convert_to_numpy(grads)
    return watched, keras.ops.convert_to_numpy(output), grads
