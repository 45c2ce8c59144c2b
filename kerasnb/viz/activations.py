"""``show_activations``: what each layer outputs for one sample.

One forward pass gives every layer's output: a multi-output sub-model is built
once per model, kept in a weak cache on the model, and reused for every call
and every sample. Op nodes of a functional graph (``x + inputs``) count as
layers. A big model (keras.applications' NASNetMobile has 771 nodes) gets a
sub-model for the layers shown only, and by default shows a sample of its
blocks' outputs rather than every layer. The live view adds a sample slider
and a layer picker.
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np

from .._deprecated import renamed_args
from .._validate import bad_value, check_positive_int, is_int
from ._compat import old_spellings
from ._display import View, figure_png, png_widget, use_widgets
from ._graph import model_graph, operations, own_outputs
from ._inputs import PASS_THROUGH, check_model, model_x
from ._layers import layer_list, one_layer
from ._maps import draw_activations

# model -> (layers it was built for, sub-model with one output per layer)
_SUBMODELS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# big models: model -> {ids of the layers shown: (those layers, their sub-model)}
_PARTIAL: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# big models: model -> names of the block outputs the default view samples from
_DEFAULTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_ALL = -1  # the layer picker's "all layers" entry
FULL_PASS = 64  # up to this many nodes one sub-model returns them all
DEFAULT_PANELS = 12  # a big model shows this many block outputs by default


def _single_output(layer) -> bool:
    try:
        out = layer.output
    except (AttributeError, ValueError, RuntimeError):
        return False
    return not isinstance(out, (list, tuple, dict))


def candidates(model) -> list:
    """Layers and op nodes whose single output can be shown, in graph order."""
    import keras

    nodes = model.layers if isinstance(model, keras.Sequential) else operations(model)
    return [node for node in nodes if _single_output(node)]


def _submodel(model, layers):
    import keras

    inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
    try:
        return keras.Model(inputs, [layer.output for layer in layers])
    except ValueError:  # a nested model or a layer first called in another graph
        found = own_outputs(model)
        return keras.Model(inputs, [found.get(id(layer), layer.output) for layer in layers])


def activation_model(model, shown=None) -> tuple:
    """The cached sub-model returning the outputs of ``model``'s layers in one pass.

    Up to ``FULL_PASS`` nodes it returns them all (one sub-model serves every
    choice of layers); a bigger model gets one for the ``shown`` layers only.
    Returns (the layers it outputs, the sub-model).
    """
    layers = tuple(candidates(model))
    if len(layers) > FULL_PASS and shown is not None:
        wanted = tuple(shown)
        per_model = _PARTIAL.setdefault(model, {})
        key = tuple(id(layer) for layer in wanted)
        if key not in per_model:
            if len(per_model) >= 4:
                per_model.pop(next(iter(per_model)))
            per_model[key] = (wanted, _submodel(model, wanted))
        return per_model[key]
    cached = _SUBMODELS.get(model)
    if cached is None or len(cached[0]) != len(layers) or any(
            a is not b for a, b in zip(cached[0], layers, strict=True)):
        cached = (layers, _submodel(model, layers))
        _SUBMODELS[model] = cached
    return cached


class ActivationMaps(View):
    """What ``show_activations`` returns: one sample's layer outputs, drawn.

    Attributes:
        layers: names of the layers shown (one panel each).
        panels: how many layers are drawn.
        sample: index of the sample shown.
        activations: layer name -> that layer's output for the sample (no batch axis).
        slider, picker, image: the live controls and picture (interactive views only).
    """

    kind = "activation view"

    def __init__(self, model, x: np.ndarray, shown: list, sample: int, n: int,
                 interactive: bool) -> None:
        super().__init__()
        self._x = x
        self._shown = shown
        self._model = weakref.ref(model)
        self._n = n
        self._all_layers, self._submodel = activation_model(model, shown)
        self._index = {id(layer): i for i, layer in enumerate(self._all_layers)}
        self._memo: dict[int, list[np.ndarray]] = {}
        self.model_name = model.name
        self.layers = [layer.name for layer in shown]
        self.panels = len(self.layers)
        self.sample = sample
        self.activations = self._outputs(sample)
        if interactive:
            self.widget = self._build_widget()
        else:
            self.figure = self._draw(sample, _ALL)

    def __repr__(self) -> str:
        return (f"<ActivationMaps of {self.model_name!r}: {len(self.layers)} layers, "
                f"sample {self.sample} of {len(self._x)}>")

    def _outputs(self, sample: int) -> dict[str, np.ndarray]:
        import keras

        if sample not in self._memo:
            if len(self._memo) >= 32:
                self._memo.pop(next(iter(self._memo)))
            raw = self._submodel(self._x[sample: sample + 1], training=False)
            raw = raw if isinstance(raw, (list, tuple)) else [raw]
            self._memo[sample] = [keras.ops.convert_to_numpy(t)[0] for t in raw]
        values = self._memo[sample]
        return {layer.name: values[self._index[id(layer)]] for layer in self._shown}

    def _draw(self, sample: int, which: int):
        outputs = self._outputs(sample)
        layers = self._shown if which == _ALL else [self._shown[which]]
        panels = [(layer.name, type(layer).__name__, outputs[layer.name]) for layer in layers]
        return draw_activations(panels, max_maps=self._n,
                                title=f"{self.model_name} · sample {sample}")

    def _build_widget(self):
        import ipywidgets as widgets

        self.slider = widgets.IntSlider(value=self.sample, min=0, max=len(self._x) - 1,
                                        description="sample", continuous_update=False)
        options = [("all layers", _ALL)] + [(name, i) for i, name in enumerate(self.layers)]
        self.picker = widgets.Dropdown(options=options, value=_ALL, description="layer")
        self.image = png_widget(figure_png(self._draw(self.sample, _ALL)))
        self.error = widgets.HTML()
        self.slider.observe(self._redraw, names="value")
        self.picker.observe(self._redraw, names="value")
        box = widgets.VBox([widgets.HBox([self.slider, self.picker]), self.error, self.image])
        box.add_class("kerasnb-activations")
        return box

    def _redraw(self, change=None) -> None:
        from ..widgets._guard import run_guarded

        run_guarded(self._show_error, self._draw_selected)

    def _draw_selected(self) -> None:
        self.sample = self.slider.value
        self.activations = self._outputs(self.sample)
        self.image.value = figure_png(self._draw(self.sample, self.picker.value))

    def _show_error(self, text: str | None) -> None:
        from ._display import escape

        self.error.value = "" if text is None else f'<span style="color:#b00">{escape(text)}</span>'

    @old_spellings(positional=2, moved=("layer",), layer="layers")  # self, sample
    def show(self, sample: int | None = None, *, layers: Any = None) -> None:
        """Move the live view to ``sample`` and/or one layer (the slider's and picker's twin).

        Args:
            sample: the sample to show.
            layers: one of the layers shown, by name or object (the picker
                shows one layer or all of them).
        """
        if self.widget is None:
            raise ValueError("`show` moves the live view; this view is static. "
                             "Call show_activations(..., sample=...) instead.")
        if layers is not None:
            name = self._shown_name(layers)
            self.picker.value = self.layers.index(name)
        if sample is not None:
            self.slider.value = _check_sample(sample, len(self._x))


    def _shown_name(self, layers: Any) -> str:
        """The name of the one shown layer ``layers`` names."""
        import keras

        if isinstance(layers, keras.Operation):
            layers = layers.name
        model = self._model()
        if not isinstance(layers, str) and model is not None:
            layers = one_layer(model, layers, "the picker shows one layer or all").name
        if layers not in self.layers:
            raise bad_value("layers", f"one of the layers shown: "
                            f"{', '.join(map(repr, self.layers))}", layers)
        return layers


def _check_sample(sample: Any, n: int) -> int:
    if not is_int(sample) or not 0 <= sample < n:
        raise bad_value("sample", f"an index from 0 to {n - 1}", sample)
    return int(sample)


def _block_outputs(model, chosen: list) -> list:
    """For a big model: the last shown layer of each repeated block, and layers in no block."""
    from ._blocks import Blocks

    if model in _DEFAULTS:
        names = _DEFAULTS[model]
        return [layer for layer in chosen if layer.name in names]
    blocks = Blocks(model_graph(model))
    last = {}
    for layer in chosen:  # graph order: a block's last shown layer wins
        last[blocks.key.get(layer.name, layer.name)] = layer
    kept = [layer for layer in chosen if last[blocks.key.get(layer.name, layer.name)] is layer]
    _DEFAULTS[model] = {layer.name for layer in kept}
    return kept


def _sample(chosen: list, k: int) -> list:
    if len(chosen) <= k:
        return chosen
    picks = np.unique(np.linspace(0, len(chosen) - 1, k).round().astype(int))
    return [chosen[i] for i in picks]


def _pick_layers(model, layers: Any) -> list:
    if layers is None:
        every = candidates(model)
        chosen = [layer for layer in every if type(layer).__name__ not in PASS_THROUGH]
        chosen = chosen or every
        if len(chosen) > DEFAULT_PANELS:
            chosen = _sample(_block_outputs(model, chosen), DEFAULT_PANELS)
        return chosen
    chosen = layer_list(model, layers)
    for layer in chosen:
        if not _single_output(layer):
            raise bad_value("layers", "layers with one output each", layer.name)
    return chosen


@renamed_args(max_maps="n")
def show_activations(model, x: Any, *, layers: Any = None, sample: int = 0,
                     n: int = 32, interactive: bool | None = None) -> ActivationMaps:
    """Show what each layer outputs for one sample.

    Conv layers show their feature maps as a grid, dense layers their units as
    bars (or a heatmap when there are many), recurrent and 1-D conv layers a
    time x units heatmap. All layers come from one forward pass through a
    sub-model that is built once per model and reused.

    Args:
        model: a ``keras.Model``; a Sequential model that was never called is
            built from the shape of ``x``.
        x: input samples (a batch), or one sample without its batch axis.
        layers: the layers to show: a name, an index into ``model.layers``, a
            layer object (op nodes such as "add" by name), or a list of them; default every layer except inputs and
            those that only pass values through (Dropout, Flatten, ...). A model
            with more than 12 such layers shows 12 by default, sampled evenly
            from its blocks' outputs (conv2_block1_out, ...).
        sample: which sample of ``x`` to show first.
        n: at most this many feature maps per conv layer (formerly ``max_maps``).
        interactive: True for a live view with a ``sample`` slider and a layer
            picker, False for a static figure; None picks by front end.

    Returns:
        An ``ActivationMaps`` view with ``.activations`` (layer name -> array).

    Raises:
        ValueError: ``x`` does not fit the model's input, a layer name is not
            in the model (the real ones are listed), or ``sample`` is out of range.

    Example:
        >>> knb.show_activations(model, x_test[:10], sample=3)  # doctest: +SKIP
    """
    check_model(model)
    array = model_x(model, x, allow_single=True, view="show_activations")
    n = check_positive_int("n", n)
    sample = _check_sample(sample, len(array))
    shown = _pick_layers(model, layers)
    return ActivationMaps(model, array, shown, sample, n, use_widgets(interactive))
