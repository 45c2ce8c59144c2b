"""Every check, registered: importing this module imports each ``checks_<area>`` module.

The registry (`registry`) holds the decorator and the table and imports no check;
this module fills the table, so the import graph runs one way::

    api, live -> catalog -> checks_* -> registry -> report

Adding an area is one ``checks_<area>.py`` module and one line below.
"""

from __future__ import annotations

from . import (  # noqa: F401  (importing a check module registers its checks)
    checks_data,
    checks_history,
    checks_inputs,
    checks_keras3,
    checks_model,
    checks_output,
    checks_targets,
)
from .registry import CHECKS, run_checks
from .report import Finding

__all__ = ["list_checks", "run_all"]


def list_checks() -> list[tuple[str, str, str]]:
    """All registered checks as ``(code, default severity, title)``, sorted by code.

    Example:
        >>> [code for code, _, _ in knb.doctor.list_checks()][:2]
        ['KNB101', 'KNB102']
    """
    return [(c, CHECKS[c].severity, CHECKS[c].title) for c in sorted(CHECKS)]


def run_all(ctx) -> list[Finding]:
    """Run every check whose needs ``ctx`` meets (all check modules are loaded here)."""
    return run_checks(ctx)
