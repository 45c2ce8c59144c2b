"""Which layers a viz function looks at: the one ``layers=`` argument, read one way.

``layers=`` takes a layer name, an index into ``model.layers``, a layer (or
keras.ops node) object, or a list of those. Names also find op nodes of a
functional graph (``"add"`` for ``x + inputs``); an unknown name gets an error
listing the real ones.
"""

from __future__ import annotations

from typing import Any

from .._validate import bad_value, is_int, short_repr
from ._graph import operations

WHAT = "a layer name, an index into model.layers, a layer object, or a list of them"


def layer_of(model, layer: Any, name: str = "layers") -> Any:
    """One layer (or keras.ops node) of ``model`` by name, index or object."""
    import keras

    nodes = operations(model)
    if isinstance(layer, keras.Operation):
        if any(layer is candidate for candidate in nodes):
            return layer
        layer = layer.name
    if is_int(layer):
        if -len(model.layers) <= layer < len(model.layers):
            return model.layers[int(layer)]
        raise bad_value(name, f"an index below {len(model.layers)}", layer)
    if isinstance(layer, str):
        for candidate in nodes:
            if candidate.name == layer:
                return candidate
    elif not isinstance(layer, keras.Operation):
        raise bad_value(name, WHAT, layer)
    real = [repr(lay.name) for lay in nodes]
    listed = ", ".join(real[:40]) + (f", ... ({len(real)} in all)" if len(real) > 40 else "")
    raise ValueError(f"`{name}` must name a layer of model {model.name!r}: one of {listed}. "
                     f"Received: {name}={short_repr(layer)}")


def layer_list(model, layers: Any, name: str = "layers") -> list:
    """``layers`` (one or a list; not None) as a non-empty list of the model's layers."""
    import keras

    if isinstance(layers, (str, keras.Operation)) or is_int(layers):
        layers = [layers]
    elif not isinstance(layers, (list, tuple)):
        try:  # any other iterable of names: a NumPy array, a generator
            layers = list(layers)
        except TypeError:
            raise bad_value(name, WHAT, layers) from None
    if not layers:
        raise bad_value(name, "at least one layer", layers)
    return [layer_of(model, layer, name) for layer in layers]


def one_layer(model, layers: Any, why: str, name: str = "layers") -> Any:
    """The single layer ``layers`` names; a list of more than one is refused with ``why``."""
    chosen = layer_list(model, layers, name)
    if len(chosen) > 1:
        raise bad_value(name, f"one layer ({why})",
                        f"{len(chosen)} layers: {', '.join(lay.name for lay in chosen)}")
    return chosen[0]
