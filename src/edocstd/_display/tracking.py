"""Notebook views of tracking: one document with its recipients, and a tracker's overview.

The overview is the table ``edocstd track`` prints (overdue pairs first), drawn for at most
``MAX_DOCUMENTS`` documents so that opening a large tracker in a notebook stays quick.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .._errors import EdocError
from .markup import (
    BAD,
    GOOD,
    MUTED,
    WARN,
    Markup,
    badge,
    card,
    grid,
    join,
    label,
    lines,
    mono,
    muted,
    plain,
)
from .packages import status_badge

if TYPE_CHECKING:
    from .._lifecycle.tracker import DocumentState, RecipientState, Tracker

MAX_DOCUMENTS = 100
"""Documents drawn in a tracker's overview; the rest are counted."""
MAX_UNKNOWN = 20
"""DocumentIds of unknown documents listed on the card (then how many more)."""


def _state(r: RecipientState) -> Markup:
    shown = badge("--", MUTED) if r.current is None else status_badge(r.current)
    return join((shown, " ", lines((r.label("vi"), r.label("en")))))


def _overdue(r: RecipientState) -> Markup | str:
    if not r.overdue:
        return ""
    since = plain(r.overdue_since) if r.overdue_since else ""
    return join((badge("quá hạn / overdue", BAD), " ", r.overdue_reason or "", " ", since))


def _recipient_cells(r: RecipientState) -> list[object]:
    who = join((mono(r.organ_id), " ", r.organ_name or ""))
    if not r.listed:
        who = join((who, " ", muted("(không có trong danh sách nhận / unlisted)")))
    return [who, _state(r), r.pending or "", _overdue(r)]


_RECIPIENT_HEADERS = [
    label("Nơi nhận", "recipient"),
    label("Trạng thái", "state"),
    label("Đang chờ", "pending"),
    label("Quá hạn", "overdue"),
]


def document_state_html(state: DocumentState) -> Markup:
    """The document's facts, then one row per recipient with its state and lateness."""
    if state.overdue:
        flag = badge("quá hạn / overdue", BAD)
    elif state.finished:
        flag = badge("đã xong / finished", GOOD)
    else:
        flag = badge("đang chờ / waiting", WARN)
    title = join((flag, " ", mono(state.document_id), " ", state.subject or ""))
    rows = [
        (label("Số/ký hiệu", "number"), state.code),
        (label("Nơi gửi", "from"), state.sender_id),
        (label("Gửi lúc", "sent"), plain(state.sent_at)),
        (label("Hạn xử lý", "due"), plain(state.due_date)),
        (label("Nghiệp vụ", "business"), plain(state.business_type)),
        (label("Đã lưu văn bản", "sent from here"), "" if state.known else "không / no"),
    ]
    table = grid(_RECIPIENT_HEADERS, [_recipient_cells(r) for r in state.recipients])
    return card(title, rows, table)


def _overview_rows(states: Sequence[DocumentState]) -> list[list[object]]:
    pairs = [(d, r) for d in states for r in d.recipients]
    # overdue first (longest overdue first), then in sending order, as `edocstd track` does
    order = sorted(
        range(len(pairs)),
        key=lambda i: (not pairs[i][1].overdue, pairs[i][1].overdue_since or dt.datetime.max, i),
    )
    return [[mono(pairs[i][0].document_id), *_recipient_cells(pairs[i][1])] for i in order]


def tracker_html(tracker: Tracker, *, now: dt.datetime | None = None) -> Markup:
    """The overview of everything tracked: counts, then one row per (document, recipient)."""
    title = join(("Tracker ", mono(tracker.path)))
    try:
        total = tracker.document_count()
        states = [tracker.state(d, now=now) for d in tracker.documents(limit=MAX_DOCUMENTS)]
        unknown = tracker.unknown_documents(limit=MAX_UNKNOWN)
        unknown_total = tracker.unknown_document_count()
    except (sqlite3.Error, EdocError):  # closed: still show something rather than a traceback
        return card(join((title, " ", muted("(đã đóng / closed)"))), [])
    overdue = sum(1 for d in states for r in d.recipients if r.overdue)
    if unknown_total > len(unknown):
        more = unknown_total - len(unknown)
        unknown.append(f"… và {more} nữa / and {more} more")
    rows = [
        (label("Văn bản đã gửi", "documents sent"), total),
        (label("Cặp quá hạn", "overdue pairs"), overdue if total <= MAX_DOCUMENTS else None),
        (label("Trạng thái về văn bản lạ", "statuses for unknown documents"), lines(unknown)),
    ]
    table = grid([label("Văn bản", "document"), *_RECIPIENT_HEADERS], _overview_rows(states))
    parts: list[object] = [table]
    if total > MAX_DOCUMENTS:
        more = total - MAX_DOCUMENTS
        parts.append(f"… và {more} văn bản nữa / and {more} more documents")
    return card(title, rows, *parts)


__all__ = ["document_state_html", "tracker_html"]
