"""``saliency``: which pixels (or features) a prediction depends on.

Grad-CAM weighs a conv layer's maps by the gradient of the class score and
keeps the positive part; gradient saliency takes the size of the score's
gradient with respect to each input value. Both use ``tf.GradientTape``.
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np

from .._utils import bad_value, check_choice, check_positive_int
from ._display import View, mpl_text, new_figure, unit_scale
from ._graph import own_outputs
from ._inputs import check_model, images, is_image_shape, layer_of, model_x, names_for

# model -> {layer name: sub-model returning (that layer's output, the prediction)}
_GRAD_MODELS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class SaliencyMaps(View):
    """What ``saliency`` returns: one map per sample, drawn over the input.

    Attributes:
        maps: the maps, scaled to [0, 1]: (n, height, width) for images, else
            the input's own sample shape.
        classes: the class each map explains.
        method: "gradcam" or "gradient".
        layer: the conv layer Grad-CAM used (None for "gradient").
        panels: how many pictures are drawn.
    """

    kind = "saliency view"

    def __init__(self, figure, maps, classes, method, layer, panels) -> None:
        super().__init__(figure=figure)
        self.maps, self.classes, self.method = maps, classes, method
        self.layer, self.panels = layer, panels

    def __repr__(self) -> str:
        where = f" on {self.layer!r}" if self.layer else ""
        return f"<SaliencyMaps: {self.method}{where}, {len(self.maps)} samples>"


def _output(model):
    if len(model.outputs) != 1:
        raise bad_value("model", "a model with one output", f"{model.name} with "
                        f"{len(model.outputs)} outputs")
    return model.outputs[0]


def _last_conv(model):
    candidates = [layer for layer in model.layers if len(_rank4(layer)) == 4]
    conv = [layer for layer in candidates if "Conv" in type(layer).__name__]
    if not (conv or candidates):
        raise ValueError("`method` 'gradcam' needs a layer with 2-D feature maps (a Conv2D). "
                         f"Received: method='gradcam' for model {model.name!r}, which has none; "
                         "use method='gradient'")
    return (conv or candidates)[-1]


def _rank4(layer) -> tuple:
    try:
        out = layer.output
    except (AttributeError, ValueError, RuntimeError):
        return ()
    return () if isinstance(out, (list, tuple, dict)) else tuple(out.shape)


def _scores(preds, classes):
    import tensorflow as tf

    if preds.shape[-1] == 1:  # one sigmoid unit: push towards the predicted side
        sign = tf.constant(np.where(classes == 1, 1.0, -1.0), dtype=preds.dtype)
        return preds[:, 0] * sign
    return tf.gather(preds, classes, axis=1, batch_dims=1)


def _gradcam(model, layer, x: np.ndarray, classes: np.ndarray) -> np.ndarray:
    import keras
    import tensorflow as tf

    per_model = _GRAD_MODELS.setdefault(model, {})
    if layer.name not in per_model:
        inputs, output = model.inputs[0], _output(model)
        try:
            per_model[layer.name] = keras.Model(inputs, [layer.output, output])
        except ValueError:  # a nested model: its .output belongs to its own inner graph
            per_model[layer.name] = keras.Model(inputs, [own_outputs(model)[id(layer)], output])
    with tf.GradientTape() as tape:
        maps, preds = per_model[layer.name](x, training=False)
        score = _scores(preds, classes)
    grads = tape.gradient(score, maps)
    weights = tf.reduce_mean(grads, axis=(1, 2), keepdims=True)
    cam = tf.nn.relu(tf.reduce_sum(maps * weights, axis=-1, keepdims=True))
    cam = tf.image.resize(cam, x.shape[1:3], method="bilinear")[..., 0]
    return np.stack([unit_scale(c) for c in cam.numpy()])


def _gradient(model, x: np.ndarray, classes: np.ndarray, image: bool) -> np.ndarray:
    import tensorflow as tf

    tensor = tf.convert_to_tensor(x)
    with tf.GradientTape() as tape:
        tape.watch(tensor)
        score = _scores(model(tensor, training=False), classes)
    grads = np.abs(tape.gradient(score, tensor).numpy())
    if image and grads.ndim == 4:
        grads = grads.max(axis=-1)
    return np.stack([unit_scale(g) for g in grads])


def _draw_images(x, maps, titles, alpha):
    pictures = images("x", x)
    n = len(maps)
    figure = new_figure(1.6 * n + 0.3, 3.5)
    axes = figure.subplots(2, n, squeeze=False)
    for i in range(n):
        gray = pictures[i].ndim == 2
        for row in (0, 1):
            ax = axes[row, i]
            ax.imshow(pictures[i], cmap="gray" if gray else None, vmin=0.0, vmax=1.0)
            ax.set_axis_off()
        axes[1, i].imshow(maps[i], cmap="jet", alpha=alpha, vmin=0.0, vmax=1.0)
        axes[0, i].set_title(mpl_text(titles[i]), fontsize=9)
    return figure, 2 * n


def _draw_features(maps, titles):
    flat = maps.reshape(len(maps), -1)
    figure = new_figure(min(10.0, 0.25 * flat.shape[1] + 2.5), 0.5 * len(maps) + 1.0)
    ax = figure.subplots()
    ax.imshow(flat, cmap="magma", aspect="auto", vmin=0.0, vmax=1.0, interpolation="nearest")
    ax.set_yticks(range(len(maps)), [mpl_text(t) for t in titles], fontsize=8)
    ax.set_xlabel("input feature", fontsize=8)
    ax.tick_params(labelsize=7)
    return figure, 1


def saliency(model, x: Any, method: str = "gradcam", *, layer: Any = None,
             class_index: int | None = None, class_names: Any = None, n: int = 8,
             alpha: float = 0.45) -> SaliencyMaps:
    """Show which parts of the input a prediction depends on.

    ``"gradcam"`` (Grad-CAM) weighs a conv layer's feature maps by the gradient
    of the class score: a coarse map of the regions that speak for the class.
    ``"gradient"`` takes the gradient's size at every input value and works for
    any differentiable model. For images the map is drawn over the input.

    Args:
        model: a ``keras.Model`` with one input and one output (TensorFlow backend).
        x: input samples, or one sample without its batch axis.
        method: "gradcam" or "gradient".
        layer: the conv layer for Grad-CAM; default the last one.
        class_index: the class to explain; default each sample's predicted class.
        class_names: names for the classes in the titles.
        n: at most this many samples, from the start of ``x``.
        alpha: opacity of the map over the image.

    Returns:
        A ``SaliencyMaps`` view; ``.maps`` holds the maps scaled to [0, 1].

    Raises:
        ValueError: ``x`` does not fit the model's input, the layer is unknown
            or has no 2-D maps, or the model has no conv layer for Grad-CAM.

    Example:
        >>> knb.saliency(model, x_test[:6])                     # doctest: +SKIP
        >>> knb.saliency(model, x_test[:6], method="gradient")  # doctest: +SKIP
    """
    import keras

    check_model(model)
    check_choice("method", method, ("gradcam", "gradient"))
    check_positive_int("n", n)
    if keras.backend.backend() != "tensorflow":
        raise RuntimeError("saliency needs the TensorFlow backend of Keras. "
                           f"Received: backend {keras.backend.backend()!r}")
    array = model_x(model, x, allow_single=True)[:n]
    output = _output(model)
    preds = keras.ops.convert_to_numpy(model(array, training=False))
    k = max(int(output.shape[-1]), 2)
    predicted = (preds[:, 0] > 0.5).astype(int) if preds.shape[-1] == 1 else preds.argmax(-1)
    if class_index is None:
        classes = predicted
    elif isinstance(class_index, (int, np.integer)) and 0 <= class_index < k:
        classes = np.full(len(array), int(class_index))
    else:
        raise bad_value("class_index", f"a class index from 0 to {k - 1}", class_index)
    names = names_for(class_names, k)
    image = is_image_shape(array.shape[1:])
    target = None
    if method == "gradcam":
        if not image:
            raise ValueError(
                "`method` 'gradcam' needs images as input; use method='gradient' for other "
                f"data. Received: method='gradcam' with samples shaped {array.shape[1:]}")
        target = _last_conv(model) if layer is None else layer_of(model, layer)
        if len(_rank4(target)) != 4:
            raise bad_value("layer", "a layer with 2-D feature maps (batch, height, width, "
                            "channels)", f"{target.name} with output {_rank4(target) or '?'}")
        maps = _gradcam(model, target, array, classes)
    else:
        maps = _gradient(model, array, classes, image)
    titles = [f"{names[c]}" + (f" (pred {names[p]})" if p != c else "")
              for c, p in zip(classes, predicted, strict=True)]
    if image:
        figure, panels = _draw_images(array, maps, titles, alpha)
    else:
        figure, panels = _draw_features(maps, titles)
    figure.suptitle(f"{'Grad-CAM' if method == 'gradcam' else 'gradient saliency'}"
                    + (f" on {mpl_text(target.name)}" if target is not None else ""), fontsize=10)
    return SaliencyMaps(figure, maps, classes, method, target.name if target else None, panels)
