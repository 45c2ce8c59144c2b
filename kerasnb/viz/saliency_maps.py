"""``saliency``: which pixels (or features) a prediction depends on.

Grad-CAM weighs a layer's feature maps by the gradient of a score and keeps
the positive part; gradient saliency takes the size of the score's gradient
with respect to each input value. The score is a ``Target``: a class, an
output unit or channel, or any function of the output (one pixel's class in a
segmentation, the reconstruction error of an autoencoder). Both take their
gradients through ``_gradients.score_gradients``, the one backend-specific spot.
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np

from .._validate import LIMITS, bad_value, check_choice, check_positive_int, check_real, is_int
from ._compat import old_spellings
from ._display import View, mpl_text, new_figure, unit_scale
from ._gradients import score_gradients
from ._graph import operations, own_outputs
from ._inputs import check_model, images, is_image_shape, model_x, names_for
from ._layers import one_layer
from ._targets import Target, output_kind

MAX_COLUMNS = 12  # samples per row of the picture (1.6 in each): under LIMITS["pixels"]

# model -> {layer name: sub-model returning (that layer's output, the prediction)}
_GRAD_MODELS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class SaliencyMaps(View):
    """What ``saliency`` returns: one map per sample, drawn over the input.

    Attributes:
        maps: the maps, scaled to [0, 1]: (n, height, width) for images, else
            the input's own sample shape.
        classes: the class (or output unit / channel) each map explains; None
            when a function of the output was explained.
        method: "gradcam" or "gradient" (the one used: Grad-CAM falls back to
            the gradient on a model without 2-D feature maps, and says so).
        layer: the layer Grad-CAM used (None for "gradient").
        note: what the picture says about a fallback ("" when none).
        panels: how many pictures are drawn.
    """

    kind = "saliency view"

    def __init__(self, figure, maps, classes, method, layer, panels, note="") -> None:
        super().__init__(figure=figure)
        self.maps, self.classes, self.method = maps, classes, method
        self.layer, self.panels, self.note = layer, panels, note

    def __repr__(self) -> str:
        where = f" on {self.layer!r}" if self.layer else ""
        return f"<SaliencyMaps: {self.method}{where}, {len(self.maps)} samples>"


def _output(model):
    if len(model.outputs) != 1:
        raise bad_value("model", "a model with one output", f"{model.name} with "
                        f"{len(model.outputs)} outputs")
    return model.outputs[0]


def _rank4(layer) -> tuple:
    try:
        out = layer.output
    except (AttributeError, ValueError, RuntimeError):
        return ()
    return () if isinstance(out, (list, tuple, dict)) else tuple(out.shape)


def _preprocessing(node) -> bool:
    """Rescaling, Normalization, RandomFlip, ... or a nested model made only of them."""
    import keras

    if isinstance(node, keras.Model):
        inner = [n for n in node.layers if not isinstance(n, keras.layers.InputLayer)]
        return bool(inner) and all(_preprocessing(n) for n in inner)
    return ".preprocessing." in type(node).__module__


def _spatial(node) -> bool:
    shape = _rank4(node)
    return len(shape) == 4 and all(d is None or d > 1 for d in shape[1:3])


def _feature_map(model):
    """The last node with 2-D feature maps the input reaches, past any preprocessing.

    Not the model's own output (a segmentation head), not an input, not a
    preprocessing layer or block; a pooling or padding layer only when nothing
    else has maps (so a CNN gets its last conv or activation). None when the model has no such node (ViT,
    MLP-Mixer, dense models).
    """
    import keras

    nodes = model.layers if isinstance(model, keras.Sequential) else operations(model)
    outputs = {id(t) for t in model.outputs}
    found = [node for node in nodes
             if not isinstance(node, keras.layers.InputLayer) and _spatial(node)
             and not _preprocessing(node) and id(getattr(node, "output", None)) not in outputs]
    maps = [node for node in found  # pooling and padding only move values about
            if not any(w in type(node).__name__ for w in ("Pool", "Padding", "Dropout"))]
    return (maps or found)[-1] if found else None


def _gradcam(model, layer, x: np.ndarray, target: Target) -> np.ndarray:
    import keras

    per_model = _GRAD_MODELS.setdefault(model, {})
    if layer.name not in per_model:
        inputs, output = model.inputs[0], _output(model)
        try:
            maps_tensor = layer.output
            sub = keras.Model(inputs, [maps_tensor, output])
        except ValueError:  # a nested model: its .output belongs to its own inner graph
            maps_tensor = own_outputs(model)[id(layer)]
            sub = keras.Model(inputs, [maps_tensor, output])
        # JAX differentiates functions of their arguments: the model from the maps on.
        cut = (keras.Model([inputs, maps_tensor], output)
               if keras.backend.backend() == "jax" else None)
        per_model[layer.name] = sub, cut
    sub, cut = per_model[layer.name]
    head = None if cut is None else (lambda t, maps: cut([t, maps], training=False))
    maps, _, grads = score_gradients(lambda t: tuple(sub(t, training=False)), x, target,
                                     head=head)
    weights = grads.mean(axis=(1, 2), keepdims=True)
    cam = np.maximum((maps * weights).sum(axis=-1), 0.0)  # (n, h, w)
    return np.stack([unit_scale(_resize(c, x.shape[1:3])) for c in cam])


def _resize(cam: np.ndarray, size: tuple) -> np.ndarray:
    """Bilinear resize of one (h, w) map to ``size`` with NumPy only."""
    h, w = cam.shape
    rows = np.clip((np.arange(size[0]) + 0.5) * h / size[0] - 0.5, 0, h - 1)
    cols = np.clip((np.arange(size[1]) + 0.5) * w / size[1] - 0.5, 0, w - 1)
    r0, c0 = np.floor(rows).astype(int), np.floor(cols).astype(int)
    r1, c1 = np.minimum(r0 + 1, h - 1), np.minimum(c0 + 1, w - 1)
    fr, fc = (rows - r0)[:, None], (cols - c0)[None, :]
    top = cam[r0][:, c0] * (1 - fc) + cam[r0][:, c1] * fc
    bottom = cam[r1][:, c0] * (1 - fc) + cam[r1][:, c1] * fc
    return top * (1 - fr) + bottom * fr


def _gradient(model, x: np.ndarray, target: Target, image: bool) -> np.ndarray:
    _, _, grads = score_gradients(lambda t: (t, model(t, training=False)), x, target)
    grads = np.abs(grads)
    if image and grads.ndim == 4:
        grads = grads.max(axis=-1)
    return np.stack([unit_scale(g) for g in grads])


def _draw_images(x, maps, titles, alpha):
    pictures = images("x", x)
    n = len(maps)
    cols = min(n, MAX_COLUMNS)
    rows = -(-n // cols)
    most = max(1, int((LIMITS["pixels"] / 100 - 0.6) // 3.3))  # sample rows that fit
    rows, n = min(rows, most), min(n, most * cols)
    figure = new_figure(1.6 * cols + 0.3, 3.3 * rows + 0.5)
    axes = figure.subplots(2 * rows, cols, squeeze=False)
    for ax in axes.flat:
        ax.set_axis_off()
    for i in range(n):
        r, c = divmod(i, cols)
        gray = pictures[i].ndim == 2
        for row in (2 * r, 2 * r + 1):
            axes[row, c].imshow(pictures[i], cmap="gray" if gray else None, vmin=0.0, vmax=1.0)
        axes[2 * r + 1, c].imshow(maps[i], cmap="jet", alpha=alpha, vmin=0.0, vmax=1.0)
        axes[2 * r, c].set_title(mpl_text(titles[i]), fontsize=9)
    return figure, 2 * n


def _draw_features(maps, titles):
    most = int((LIMITS["pixels"] / 100 - 1.0) / 0.5)
    flat = maps.reshape(len(maps), -1)[:most]
    figure = new_figure(min(10.0, 0.25 * flat.shape[1] + 2.5), 0.5 * len(flat) + 1.0)
    ax = figure.subplots()
    ax.imshow(flat, cmap="magma", aspect="auto", vmin=0.0, vmax=1.0, interpolation="nearest")
    ax.set_yticks(range(len(flat)), [mpl_text(t) for t in titles[: len(flat)]], fontsize=8)
    ax.set_xlabel("input feature", fontsize=8)
    ax.tick_params(labelsize=7)
    return figure, 1


@old_spellings(positional=2, moved=("method",), layer="layers")
def saliency(model, x: Any, *, method: str = "gradcam", layers: Any = None,
             class_index: int | None = None, class_names: Any = None, n: int = 8,
             alpha: float = 0.45, target: Any = None) -> SaliencyMaps:
    """Show which parts of the input a prediction depends on.

    ``"gradcam"`` (Grad-CAM) weighs a layer's feature maps by the gradient of
    the score: a coarse map of the regions that speak for it. ``"gradient"``
    takes the gradient's size at every input value and works for any
    differentiable model. For images the map is drawn over the input.

    What is explained depends on the model's output, unless ``target`` says:
    a classifier's predicted class, a regressor's value, a segmentation's
    predicted class at every pixel (summed), an image output's mean. Grad-CAM
    uses the last 2-D feature map after any preprocessing; a model without one
    (a ViT, an MLP-Mixer, a dense model) gets the gradient method, with a note
    on the picture.

    Args:
        model: a ``keras.Model`` with one input and one output (any Keras backend).
        x: input samples, or one sample without its batch axis.
        method: "gradcam" or "gradient".
        layers: the layer (or op node) whose maps Grad-CAM uses, by name,
            index or object; default the last one with 2-D maps. One layer: a
            list of several is refused (call ``saliency`` once per layer).
        class_index: the class to explain (the same as an integer ``target``).
        class_names: names for the classes in the titles.
        n: at most this many samples, from the start of ``x``.
        alpha: opacity of the map over the image.
        target: what to explain: a class index, an output unit or channel
            (segmentation), or a function ``f(output)`` or ``f(output, x)``
            returning a score per sample, e.g. one pixel's class
            ``lambda out: out[:, 10, 12, 3]`` or an autoencoder's error
            ``lambda out, x: keras.ops.mean((out - x) ** 2, axis=(1, 2, 3))``.

    Returns:
        A ``SaliencyMaps`` view; ``.maps`` holds the maps scaled to [0, 1].

    Raises:
        ValueError: ``x`` does not fit the model's input, the layer is unknown
            or has no 2-D maps, or ``target`` does not fit the output.

    Example:
        >>> knb.saliency(model, x_test[:6])                     # doctest: +SKIP
        >>> knb.saliency(model, x_test[:6], method="gradient")  # doctest: +SKIP
        >>> knb.saliency(unet, images[:2], target=1)            # class 1's pixels  # doctest: +SKIP
    """
    check_model(model)
    check_choice("method", method, ("gradcam", "gradient"))
    check_positive_int("n", n)
    alpha = check_real("alpha", alpha, low=0.0, high=1.0)
    if class_index is not None:
        if target is not None:
            raise bad_value("class_index", "None when `target` is given (they say the same "
                            "thing)", class_index)
        if not is_int(class_index):
            raise bad_value("class_index", "a class index (an integer)", class_index)
        target = class_index
    array = model_x(model, x, allow_single=True, view="saliency")[:n]
    output = _output(model)
    kind = output_kind(model, output)
    preds = np.asarray(keras_numpy(model(array, training=False)))
    k = max(int(output.shape[-1]), 2)
    try:
        explained = Target(kind, target, preds, k)
    except ValueError as e:
        if class_index is not None:  # the caller used class_index: name it
            raise bad_value("class_index", f"a class index from 0 to {k - 1}",
                            class_index) from e
        raise
    names = names_for(class_names, k)
    image = is_image_shape(array.shape[1:])
    chosen, note = None, ""
    if method == "gradcam":
        if layers is not None:
            chosen = one_layer(model, layers, "Grad-CAM weighs one layer's maps: call "
                               "saliency once per layer")
            if len(_rank4(chosen)) != 4:
                raise bad_value("layers", "a layer with 2-D feature maps (batch, height, "
                                "width, channels)",
                                f"{chosen.name} with output {_rank4(chosen) or '?'}")
        elif not image:
            note = (f"Grad-CAM needs images; samples shaped {array.shape[1:]} get "
                    "the gradient method")
        else:
            chosen = _feature_map(model)
            if chosen is None:
                note = (f"{model.name} has no 2-D feature maps after its preprocessing, "
                        "so Grad-CAM has nothing to weigh: gradient method used")
    if chosen is not None:
        maps = _gradcam(model, chosen, array, explained)
        used = "gradcam"
    else:
        maps = _gradient(model, array, explained, image)
        used = "gradient"
    titles = _titles(explained, names, len(array))
    if image:
        figure, panels = _draw_images(array, maps, titles, alpha)
    else:
        figure, panels = _draw_features(maps, titles)
    head = "Grad-CAM" if used == "gradcam" else "gradient saliency"
    head += f" on {mpl_text(chosen.name)}" if chosen is not None else ""
    if explained.describe:
        head += f" · explains {mpl_text(explained.describe)}"
    figure.suptitle(head + (f"\n{mpl_text(note)}" if note else ""), fontsize=10,
                    color="#222" if not note else "#a33")
    return SaliencyMaps(figure, maps, explained.classes, used,
                        chosen.name if chosen is not None else None, panels, note)


def keras_numpy(value: Any) -> np.ndarray:
    """A backend tensor as a NumPy array."""
    import keras

    return keras.ops.convert_to_numpy(value)


def _titles(explained: Target, names: list[str], n: int) -> list[str]:
    if explained.classes is None or explained.kind == "map":
        return [f"#{i}" for i in range(n)]
    return [f"{names[c]}" + (f" (pred {names[p]})" if p != c else "")
            for c, p in zip(explained.classes, explained.predicted, strict=True)]
