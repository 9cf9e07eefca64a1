"""Findings: one observation about a package, shared by the reader and the validator."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from ._record import Record
from ._text import printable

_MAX_VALUE = 200


class Severity(str, enum.Enum):
    """How serious a finding is: ``error`` (invalid), ``warning`` (accepted, worth fixing),
    ``info`` (a note).  The severity of a rule can depend on the validation profile."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def label(self, lang: str = "vi") -> str:
        """The severity as a word of ``lang`` (``lỗi``, ``cảnh báo``, ``ghi chú`` in Vietnamese)."""
        return self.value if lang == "en" else _SEVERITY_VI[self.value]

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error: ``f.severity.rank >= Severity.WARNING.rank``."""
        return _RANK[self.value]


_SEVERITY_VI = {"error": "lỗi", "warning": "cảnh báo", "info": "ghi chú"}
_RANK = {"info": 0, "warning": 1, "error": 2}


def _truncate(value: str | None) -> str | None:
    if value is None or len(value) <= _MAX_VALUE:
        return value
    return value[: _MAX_VALUE - 1] + "…"


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Finding(Record):
    """One problem or deviation, with a stable ``rule`` id and messages in Vietnamese and English.

    ``path`` is XPath-like (``/edXML/edXMLEnvelope/edXMLHeader/MessageHeader/Subject``),
    ``line`` the 1-based source line when known, ``value`` the offending value (truncated
    to 200 characters).
    """

    rule: str
    severity: Severity
    message_en: str
    message_vi: str
    path: str | None = None
    line: int | None = None
    value: str | None = attrs.field(default=None, converter=_truncate)

    def message(self, lang: str = "vi") -> str:
        """The message in Vietnamese (``"vi"``, the default) or English (``"en"``)."""
        return self.message_en if lang == "en" else self.message_vi

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mirror, both languages kept."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "message_vi": self.message_vi,
            "message_en": self.message_en,
            "value": self.value,
        }

    def __str__(self) -> str:
        where = self.path or ""
        if self.line is not None:
            where = f"{where} (line {self.line})" if where else f"line {self.line}"
        text = f"{self.severity.value} {self.rule}: {self.message_en}"
        return printable(text + (f" at {where}" if where else ""))  # package text is hostile


MAX_PER_RULE = 50
"""Findings of one rule listed individually in one reading or report; further ones of the same
rule are counted in a single summary finding (a hostile package repeating one offence a million
times must not make a million findings)."""


def repeats_summary(first: Finding, more: int) -> Finding:
    """The one finding standing for ``more`` further findings of ``first.rule``."""
    return Finding(
        rule=first.rule,
        severity=first.severity,
        message_en=f"{more} more finding(s) of rule {first.rule} not listed "
        f"(only the first {MAX_PER_RULE} are)",
        message_vi=f"còn {more} phát hiện khác theo quy tắc {first.rule} không liệt kê "
        f"(chỉ liệt kê {MAX_PER_RULE} phát hiện đầu)",
        path=first.path,
        value=str(more),
    )


class RepeatCap:
    """Collects findings into ``findings``, capping each rule at :data:`MAX_PER_RULE` (O(1) per
    finding; one summary finding per capped rule, updated in place)."""

    def __init__(self, findings: list[Finding] | None = None) -> None:
        self.findings: list[Finding] = findings if findings is not None else []
        self._count: dict[str, int] = {}
        self._summary_at: dict[str, int] = {}
        self._first: dict[str, Finding] = {}

    def add(self, finding: Finding) -> None:
        n = self._count.get(finding.rule, 0) + 1
        self._count[finding.rule] = n
        if n == 1:
            self._first[finding.rule] = finding
        if n <= MAX_PER_RULE:
            self.findings.append(finding)
            return
        summary = repeats_summary(self._first[finding.rule], n - MAX_PER_RULE)
        at = self._summary_at.get(finding.rule)
        if at is None:
            self._summary_at[finding.rule] = len(self.findings)
            self.findings.append(summary)
        else:
            self.findings[at] = summary


def cap_repeats(findings: list[Finding]) -> list[Finding]:
    """``findings`` with each rule capped at :data:`MAX_PER_RULE` (linear)."""
    cap = RepeatCap()
    for finding in findings:
        cap.add(finding)
    return cap.findings


__all__ = ["MAX_PER_RULE", "Finding", "RepeatCap", "Severity", "cap_repeats"]
