"""Short one-line reprs: what an object is, in a line a person can read.

Every value taken from a package is cut and quoted, and every repr as a whole goes through
``edocstd._text.printable`` (the one rule of every view), so control, bidi and other invisible
characters, line breaks included, come out as escapes (``\\x1b``, ``\\u202e``), never raw on a
terminal, and a repr is always one line.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from .._errors import EdocError
from .._text import printable
from .markup import human_size, plain

if TYPE_CHECKING:
    from .._lifecycle.tracker import DocumentState, Tracker
    from .._model.attachment import Attachment
    from .._model.package import Edoc, StatusPackage
    from .._sign.verifier import VerifyResult
    from .._validate.report import Report

_CUT = 60
T = TypeVar("T")


def quoted(value: object) -> str:
    """A value cut to ``_CUT`` characters, spelled out by ``printable``, in quotes."""
    text = plain(value)
    if len(text) > _CUT:
        text = text[: _CUT - 1] + "…"
    return f"'{printable(text)}'"


def _one_line(view: Callable[[T], str]) -> Callable[[T], str]:
    """The whole repr through ``printable``: whatever part comes from data, it stays inert."""

    @functools.wraps(view)
    def safe(obj: T) -> str:
        return printable(view(obj))

    return safe


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


@_one_line
def edoc_repr(pkg: Edoc) -> str:
    h = pkg.header
    parts = [f"<Edoc {quoted(str(h.code))}" if h.code else "<Edoc"]
    if h.sender is not None:
        parts.append(f"from {quoted(h.sender.organ_id or '?')}")
    if h.to:
        more = f" (+{len(h.to) - 1})" if len(h.to) > 1 else ""
        parts.append(f"to {quoted(h.to[0].organ_id or '?')}{more}")
    if h.subject:
        parts.append(quoted(h.subject))
    parts.append(_count(len(pkg.attachments), "attachment"))
    if pkg.findings:
        parts.append(_count(len(pkg.findings), "finding"))
    return " ".join(parts) + ">"


@_one_line
def status_repr(pkg: StatusPackage) -> str:
    h = pkg.header
    code = h.status_code
    parts = [f"<StatusPackage {quoted(getattr(code, 'value', code))}"]
    if h.sender is not None:
        parts.append(f"from {quoted(h.sender.organ_id or '?')}")
    if h.response_for is not None and h.response_for.document_id:
        parts.append(f"about {quoted(h.response_for.document_id)}")
    if h.timestamp is not None:
        parts.append(f"at {quoted(h.timestamp)}")
    if pkg.findings:
        parts.append(_count(len(pkg.findings), "finding"))
    return " ".join(parts) + ">"


@_one_line
def attachment_repr(att: Attachment) -> str:
    size = "no content" if att.payload is None else f"~{human_size(att.payload.approx_size)}"
    return (
        f"<Attachment {quoted(att.attachment_name or '')} {quoted(att.content_type or '')} {size}>"
    )


@_one_line
def report_repr(report: Report) -> str:
    verdict = "valid" if report.ok else "INVALID"
    source = f" {quoted(report.source)}" if report.source else ""
    return (
        f"<Report{source} {verdict} {report.kind or 'unreadable'} profile={report.profile}: "
        f"{_count(len(report.errors), 'error')}, {_count(len(report.warnings), 'warning')}, "
        f"{_count(len(report.infos), 'note')}>"
    )


@_one_line
def verify_repr(result: VerifyResult) -> str:
    signer = f" signer={quoted(result.signer.subject)}" if result.signer is not None else ""
    added = f" +{result.trace_entries_added} trace" if result.trace_entries_added else ""
    return f"<VerifyResult {result.verdict} {result.reason}{signer}{added}>"


@_one_line
def document_state_repr(state: DocumentState) -> str:
    overdue = sum(1 for r in state.recipients if r.overdue)
    flag = "finished" if state.finished else "waiting"
    return (
        f"<DocumentState {quoted(state.document_id)} {flag}, "
        f"{_count(len(state.recipients), 'recipient')}, {overdue} overdue>"
    )


@_one_line
def tracker_repr(tracker: Tracker) -> str:
    try:
        n = _count(tracker.document_count(), "document")
    except (sqlite3.Error, EdocError):  # closed, or not a tracker's database: a repr never fails
        n = "closed"
    return f"<Tracker {quoted(tracker.path)} {n}>"


__all__ = [
    "attachment_repr",
    "document_state_repr",
    "edoc_repr",
    "quoted",
    "report_repr",
    "status_repr",
    "tracker_repr",
    "verify_repr",
]
