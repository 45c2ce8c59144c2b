"""Interactive widgets: the model builder, the playground and the small explorers.

Every widget operation has a plain-Python twin, so scripts and tests drive the
same code path the buttons drive.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "ModelBuilder": ".builder",
    "Playground": ".playground",
    "activation_explorer": ".explorers",
    "learning_rate_explorer": ".explorers",
}

__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'kerasnb.widgets' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value
