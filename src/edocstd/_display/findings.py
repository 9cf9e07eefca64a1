"""Findings grouped by severity (errors first), one table per severity, both languages."""

from __future__ import annotations

from collections.abc import Sequence

from .._findings import Finding, Severity
from .markup import SEVERITY_COLOUR, Markup, badge, grid, join, label, lines, mono, muted, section

SEVERITY_LABELS: dict[Severity, tuple[str, str]] = {
    Severity.ERROR: ("Lỗi", "errors"),
    Severity.WARNING: ("Cảnh báo", "warnings"),
    Severity.INFO: ("Ghi chú", "notes"),
}

MAX_ROWS = 200
"""Findings shown per severity; the rest are counted, not drawn (a notebook stays usable)."""


def _where(f: Finding) -> str:
    where = f.path or ""
    if f.line is not None:
        where += f":{f.line}"
    return where


def _message(f: Finding) -> list[object]:
    shown: list[object] = [f.message_vi, muted(f.message_en)]
    if f.value is not None:
        shown.append(mono(f.value))
    return shown


def _table(findings: Sequence[Finding]) -> Markup:
    headers = [label("Quy tắc", "rule"), label("Vị trí", "where"), label("Nội dung", "message")]
    rows = [(mono(f.rule), _where(f), lines(_message(f))) for f in findings[:MAX_ROWS]]
    table = grid(headers, rows)
    if len(findings) > MAX_ROWS:
        more = len(findings) - MAX_ROWS
        table = join((table, f"… và {more} mục nữa / and {more} more"))
    return table


def findings_view(findings: Sequence[Finding]) -> Markup | None:
    """Sections for errors, warnings and notes (errors and warnings open); ``None`` if empty."""
    if not findings:
        return None
    parts = []
    for severity, (vi, en) in SEVERITY_LABELS.items():
        mine = [f for f in findings if f.severity is severity]
        if not mine:
            continue
        title = join((badge(len(mine), SEVERITY_COLOUR[severity.value]), " ", label(vi, en)))
        parts.append(section(title, _table(mine), open_=severity is not Severity.INFO))
    return join(parts)


__all__ = ["SEVERITY_LABELS", "findings_view"]
