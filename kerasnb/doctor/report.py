"""What `knb.check` hands back: findings, and a report that shows itself.

A `Finding` is one problem: a stable code, a severity, a plain-language
message, a short fix and where it is. A `Report` is an ordered collection of
findings (errors first) with a text and an HTML view.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .._repr import ShowsItself, scoped_css

SEVERITIES = ("error", "warning", "info")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Finding:
    """One problem found by `knb.check` or the `Doctor` callback.

    Attributes:
        code: Stable identifier such as ``"KNB101"``. The first digit names the
            area: 1 output/loss/labels, 2 data, 3 model, 4 history, 5 Keras 3,
            saving and callbacks.
        severity: ``"error"`` (training will fail or learn nothing useful),
            ``"warning"`` (likely a mistake) or ``"info"`` (worth knowing).
        message: What is wrong and why it matters, in plain language.
        fix: A short code suggestion.
        where: The layer, argument or metric concerned (``"dense_2"``, ``"y"``).
    """

    code: str
    severity: str
    message: str
    fix: str = ""
    where: str = ""

    def __post_init__(self) -> None:
        if self.severity not in _RANK:
            listed = ", ".join(repr(s) for s in SEVERITIES)
            raise ValueError(f"`severity` must be one of {listed}. "
                             f"Received: severity={self.severity!r}")

    def __str__(self) -> str:
        where = f" ({self.where})" if self.where else ""
        text = f"{self.severity.upper()} {self.code}{where}: {self.message}"
        if self.fix:
            fix = self.fix.replace("\n", "\n       ")
            text += f"\n  fix: {fix}"
        return text


class CheckError(ValueError):
    """Raised by `Report.raise_for_errors()` when the report holds errors."""

    def __init__(self, report: Report) -> None:
        self.report = report
        errors = report.errors
        lines = [f"knb.check found {_count(len(errors), 'error')}:"]
        lines += ["  " + str(f).replace("\n", "\n  ") for f in errors]
        super().__init__("\n".join(lines))


class Report(ShowsItself):
    """The findings of one check, errors first, then warnings, then infos.

    Iterate over it for `Finding` objects; ``"KNB101" in report`` tells whether
    a code was found. In a notebook it shows itself as a table.

    Attributes:
        ok: True when there is no error (warnings and infos may remain).
        notes: Sentences about what could not be checked and why.
    """

    def __init__(self, findings: Iterable[Finding] = (), *,
                 notes: Iterable[str] = ()) -> None:
        unique = dict.fromkeys(findings)  # drop exact duplicates, keep order
        self._findings = sorted(unique, key=lambda f: (_RANK[f.severity], f.code))
        self.notes = list(notes)

    # -- collection -----------------------------------------------------------------
    def __iter__(self) -> Iterator[Finding]:
        return iter(self._findings)

    def __len__(self) -> int:
        return len(self._findings)

    def __getitem__(self, index: int) -> Finding:
        return self._findings[index]

    def __contains__(self, code: object) -> bool:
        if isinstance(code, Finding):
            return code in self._findings
        return any(f.code == code for f in self._findings)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self._findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self._findings if f.severity == "warning"]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self._findings if f.severity == "info"]

    @property
    def codes(self) -> list[str]:
        """The codes found, in report order (a code repeats when found twice)."""
        return [f.code for f in self._findings]

    def raise_for_errors(self) -> Report:
        """Raise `CheckError` (a ValueError) listing the errors, if there are any.

        Returns:
            The report itself, so ``knb.check(...).raise_for_errors()`` chains.

        Raises:
            CheckError: when at least one finding has severity ``"error"``.
        """
        if self.errors:
            raise CheckError(self)
        return self

    # -- display ----------------------------------------------------------------------
    def summary(self) -> str:
        """One line: how many errors, warnings and infos."""
        if not self._findings:
            return "knb.check: no problems found"
        parts = [_count(len(self.errors), "error"), _count(len(self.warnings), "warning"),
                 _count(len(self.infos), "info", plural="infos")]
        return "knb.check: " + ", ".join(parts)

    def __repr__(self) -> str:
        lines = [self.summary()]
        lines += [str(f) for f in self._findings]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)

    __str__ = __repr__

    def _repr_text(self) -> str:
        return repr(self)

    def _repr_html_(self) -> str:
        root, style = scoped_css(__package__, "report.css", prefix="knb-report")
        rows = []
        for f in self._findings:
            fix = f"<pre><code>{html.escape(f.fix)}</code></pre>" if f.fix else ""
            rows.append(
                f'<tr class="knb-{f.severity}">'
                f'<td><span class="knb-badge">{html.escape(f.severity)}</span></td>'
                f"<td><code>{html.escape(f.code)}</code></td>"
                f"<td><code>{html.escape(f.where)}</code></td>"
                f"<td><p>{_inline_code(html.escape(f.message))}</p>{fix}</td></tr>")
        table = ""
        if rows:
            table = ("<table><thead><tr><th>severity</th><th>code</th><th>where</th>"
                     "<th>what and why</th></tr></thead><tbody>" + "".join(rows)
                     + "</tbody></table>")
        ok = " knb-ok" if self.ok else ""
        notes = "".join(f'<p class="knb-note">{html.escape(n)}</p>' for n in self.notes)
        return (f"{style}"
                f'<div id="{root}" class="knb-report{ok}">'
                f'<p class="knb-summary">{html.escape(self.summary())}</p>'
                f"{table}{notes}</div>")


def _inline_code(escaped: str) -> str:
    """`name` in an (already escaped) message becomes <code>name</code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"
