"""``knb.Playground``: TensorFlow Playground on a real Keras model, as a package.

- `widget`: the `Playground` class (its twins, play and pause, showing);
- `network`, `state`: the network twins and the JSON / share-string twins it mixes in;
- `compat`: the old spellings, each warning and calling the new one;
- `config`: the settings and their checks (plain Python, nothing heavy);
- `share`: the JSON and share-string forms of the settings, read safely;
- `engine`, `epochs`: the data, the Keras model and one fast epoch per backend;
- `layout`, `views`, `render`: the widget tree and the pictures;
- `history`: ``Playground.history`` as a `kerasnb.History`.

``Playground`` is imported on first use, so ``from kerasnb.widgets.playground
import config`` stays free of Keras and ipywidgets.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["Playground"]


def __getattr__(name: str) -> Any:
    if name != "Playground":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = importlib.import_module(".widget", __name__).Playground
    globals()[name] = value
    return value
