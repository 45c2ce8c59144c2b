"""The one place checks are registered.

A check is a small function that takes the `Context` and returns nothing, one
`Hit` or an iterable of hits. The decorator gives it its stable code and its
default severity, and says which inputs it needs, so it only runs when they are
there::

    @register("KNB305", "warning", needs=("model",))
    def dropout_too_high(ctx):
        \"\"\"Dropout rate of 0.9 or more.\"\"\"
        for layer in ctx.all_layers:
            ...
            yield Hit("what is wrong and why", fix="layers.Dropout(0.3)", where=layer.name)

Adding a check is one such function (in the ``checks_<area>.py`` module of its
area) and one test. This module imports no check: `catalog` imports them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from .._deprecated import moved_names
from .report import SEVERITIES, Finding


class Hit(NamedTuple):
    """What a check returns; the registry turns it into a `Finding`."""

    message: str
    fix: str = ""
    where: str = ""
    severity: str | None = None  # None: the check's default severity


@dataclass(frozen=True)
class CheckSpec:
    code: str
    severity: str
    needs: tuple[str, ...]
    func: Callable[[Any], Any]

    @property
    def title(self) -> str:
        doc = (self.func.__doc__ or self.func.__name__).strip()
        return doc.splitlines()[0]


CHECKS: dict[str, CheckSpec] = {}


def register(code: str, severity: str, *,
             needs: Iterable[str] = ()) -> Callable[[Callable], Callable]:
    """Register a check under ``code`` with a default ``severity``.

    Args:
        code: Stable id, ``"KNB"`` and three digits; the first digit is the area.
        severity: Default severity of what the check finds.
        needs: Names of context facts that must be available (see
            `Context.has`), e.g. ``("y",)`` or ``("history",)``.
    """
    if severity not in SEVERITIES:
        raise ValueError(f"`severity` must be one of {SEVERITIES}. Received: severity={severity!r}")
    if not (len(code) == 6 and code.startswith("KNB") and code[3:].isdigit()):
        raise ValueError(f"`code` must look like 'KNB101'. Received: code={code!r}")

    def decorate(func: Callable) -> Callable:
        if code in CHECKS:
            raise ValueError(f"Check code {code} is registered twice "
                             f"({CHECKS[code].func.__name__} and {func.__name__}).")
        CHECKS[code] = CheckSpec(code, severity, tuple(needs), func)
        return func

    return decorate


def run_checks(ctx: Any) -> list[Finding]:
    """Run every registered check whose needs the context meets."""
    findings: list[Finding] = []
    for code in sorted(CHECKS):
        spec = CHECKS[code]
        if not all(ctx.has(need) for need in spec.needs):
            continue
        try:
            result = spec.func(ctx)
            hits = [] if result is None else [result] if isinstance(result, Hit) else list(result)
        except Exception as err:  # one broken check must not hide the others
            findings.append(Finding(
                "KNB000", "info",
                f"The check {code} ({spec.title}) could not run on this model: "
                f"{type(err).__name__}: {err}", where=code))
            continue
        findings += [Finding(code, h.severity or spec.severity, h.message, h.fix, h.where)
                     for h in hits]
    return findings


# `registry.list_checks` moved to `catalog` (it needs every check module imported).
__getattr__ = moved_names({"list_checks": "kerasnb.doctor.catalog:list_checks"}, __name__)
