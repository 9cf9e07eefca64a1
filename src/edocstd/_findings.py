"""Findings: one observation about a package, shared by the reader and the validator."""

from __future__ import annotations

import enum
from typing import Any

import attrs

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


@attrs.frozen(kw_only=True)
class Finding:
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


__all__ = ["Finding", "Severity"]
