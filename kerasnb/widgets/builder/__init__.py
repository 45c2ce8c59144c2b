"""`ModelBuilder` and the modules it is made of.

- `model_builder`: the class, its settings and the state API (JSON, ``from_model``);
- `edit`: the editing twins (add, remove, move, set, connect, disconnect);
- `params`, `generic`, `layers`: layer parameters, the forms read from Keras'
  signatures and the layer catalogue (in that order: each imports only the ones before);
- `graph`, `shapes`, `check`: wiring, output shapes and weight counts, the whole check;
- `code`, `from_keras`, `state`: Keras code out, Keras models in, JSON in and out;
- `task`, `traits`: what a task suggests, the checked settings;
- `train`: training in slices on the kernel's event loop (and `fit`'s data checks);
- `view`, `widget`: the HTML pieces and rows, and the widget half of the class.
"""

from __future__ import annotations

from .model_builder import ModelBuilder

__all__ = ["ModelBuilder"]
