"""All real mistakes of the corpus, each with the codes knb.check must report."""

from __future__ import annotations

from . import mistakes_data, mistakes_model

CASES = mistakes_model.CASES + mistakes_data.CASES
