"""The Playground's network twins: add or remove layers and neurons, set a layer's activation.

Each builds the new ``hidden`` / ``layer_activations`` and hands them to
``set``, as the +/- buttons and the per-layer dropdowns do.
"""

from __future__ import annotations

from typing import Any

from ..._validate import bad_value, check_choice, check_int, is_int
from . import config
from .compat import once_positional


class NetworkTwins:
    """Mixed into `Playground`: the twins of the network column's controls."""

    _settings: dict[str, Any]

    def set(self, **settings: Any) -> None:  # pragma: no cover - the Playground's
        raise NotImplementedError

    @once_positional("index")
    def add_layer(self, units: int = 2, *, index: int | None = None) -> None:
        """Insert a hidden layer of ``units`` neurons at ``index`` (default: last)."""
        units = check_int("units", units, low=1, high=config.MAX_UNITS,
                          expected=f"a positive integer up to {config.MAX_UNITS}")
        hidden, acts = list(self._settings["hidden"]), list(self._settings["layer_activations"])
        at = len(hidden) if index is None else self._layer_index(index, "index", insert=True)
        hidden.insert(at, units)
        acts.insert(at, None)
        self.set(hidden=hidden, layer_activations=acts)

    def remove_layer(self, index: int = -1) -> None:
        """Remove the hidden layer at ``index`` (default: the last)."""
        at = self._layer_index(index, "index")
        hidden, acts = list(self._settings["hidden"]), list(self._settings["layer_activations"])
        del hidden[at], acts[at]
        self.set(hidden=hidden, layer_activations=acts)

    def add_neuron(self, layer: int) -> None:
        """One more neuron in hidden layer ``layer`` (0 is the first)."""
        at = self._layer_index(layer, "layer")
        hidden = list(self._settings["hidden"])
        hidden[at] += 1
        self.set(hidden=hidden)

    def remove_neuron(self, layer: int) -> None:
        """One neuron fewer in hidden layer ``layer``; a layer keeps at least one."""
        at = self._layer_index(layer, "layer")
        hidden = list(self._settings["hidden"])
        if hidden[at] == 1:
            raise bad_value("layer", "a layer with more than one neuron (to drop its last "
                            "neuron, remove the layer)", layer)
        hidden[at] -= 1
        self.set(hidden=hidden)

    @once_positional("activation")
    def set_layer_activation(self, layer: int, *, activation: str | None) -> None:
        """The activation of hidden layer ``layer``; None follows the network's ``activation``.

        Example:
            >>> p.set_layer_activation(0, activation="relu")
        """
        at = self._layer_index(layer, "layer")
        if activation is not None:
            check_choice("activation", activation, config.ACTIVATIONS)
        acts = list(self._settings["layer_activations"])
        acts[at] = activation
        self.set(layer_activations=acts)

    def _layer_index(self, i: Any, name: str, insert: bool = False) -> int:
        n = len(self._settings["hidden"])
        if n == 0 and not insert:
            raise bad_value(name, "the index of a hidden layer, but the network has none", i)
        top = n if insert else n - 1
        if not is_int(i) or not -n <= i <= top:
            raise bad_value(name, f"a hidden-layer index from {-n} to {top}", i)
        return int(i) % (n + 1) if insert else int(i) % n

