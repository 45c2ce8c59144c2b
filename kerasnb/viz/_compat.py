"""Old spellings of the viz arguments, kept working for one release with a warning.

Several viz functions took arguments positionally that are now keyword-only
(``show_filters(model, "conv1")``, ``show_predictions(model, x, y, names)``) and
renamed some (``max_maps=`` -> ``n=``); `kerasnb._deprecated.old_call_forms`
handles both in one wrapper, so every warning points at the caller's line.
"""

from __future__ import annotations

from .._deprecated import old_call_forms as old_spellings

__all__ = ["old_spellings"]
