"""Correlation and tracking: which recipient did what with each document you sent.

:class:`Tracker` stores sent edocs and received status packages in SQLite (standard library),
in a file you name or ``":memory:"``.  Nothing is ever overwritten: the state of each
(document, recipient) pair is *replayed* from everything stored, sorted by the time written in
the packages, so

* packages may arrive in any order (a status for a document not added yet is kept and attached
  when the document arrives; an older status arriving late is kept in the history but does not
  roll the state back);
* duplicates change nothing (the same code from the same agency for the same document with the
  same timestamp is stored once);
* a status that does not fit (06 after 02, 15 with nothing asked back…) is kept in the history
  with ``applied=False`` instead of being lost.

SQLite only stores and loads: ``_sent.py`` turns a sent edoc into rows, :meth:`Tracker._events`
loads a pair's events in replay order, and the pure :func:`~.replay.replay` folds them with
the tables :data:`ALLOWED_TRANSITIONS` (progress codes 01–06) and :data:`CHANGE_RULES` (13,
revoke/update/replace packages and the answers 15/16) of ``replay.py``; the cookbook page
``docs/cookbook/tracking.md`` shows both as tables.  Every database failure is a
``TrackerError`` raised by ``_store.py``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from types import TracebackType
from typing import Any

import attrs

from .._errors import BuildError
from .._model.codes import BussinessDocType, StatusCode
from .._model.package import Edoc, StatusPackage
from .._model.values import Raw, format_timestamp
from ._sent import sent_rows
from ._store import Store
from .replay import (
    ALLOWED_TRANSITIONS,
    CHANGE_RULES,
    SAME_TIME_ORDER,
    Deadline,
    RecipientState,
    StatusEvent,
    replay,
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    document_id TEXT PRIMARY KEY,
    sender TEXT, code TEXT, subject TEXT, sent_at TEXT, due_date TEXT, business_type INTEGER
);
CREATE TABLE IF NOT EXISTS recipients (
    document_id TEXT NOT NULL, organ_id TEXT NOT NULL, organ_name TEXT,
    PRIMARY KEY (document_id, organ_id)
);
CREATE TABLE IF NOT EXISTS actions (
    source_id TEXT NOT NULL, target_id TEXT NOT NULL, organ_id TEXT NOT NULL,
    kind TEXT NOT NULL, at TEXT, reason TEXT, organ_name TEXT, due_date TEXT,
    PRIMARY KEY (source_id, target_id, organ_id, kind)
);
CREATE TABLE IF NOT EXISTS statuses (
    document_id TEXT NOT NULL, organ_id TEXT NOT NULL, from_id TEXT NOT NULL,
    code TEXT NOT NULL, at TEXT, at_raw TEXT NOT NULL, description TEXT, staff TEXT,
    UNIQUE (document_id, from_id, code, at_raw)
);
CREATE INDEX IF NOT EXISTS statuses_doc ON statuses (document_id, organ_id);
CREATE INDEX IF NOT EXISTS actions_target ON actions (target_id, organ_id);
"""
_TABLES = frozenset({"documents", "recipients", "actions", "statuses"})


# --- results -----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DocumentState:
    """A document you sent and where it stands with each recipient.

    ``known`` is ``False`` when only status packages about it have been stored so far, or
    nothing at all (then ``recipients`` is empty).
    """

    document_id: str
    known: bool
    sender_id: str | None
    code: str | None
    subject: str | None
    sent_at: dt.datetime | None
    due_date: dt.date | None
    business_type: BussinessDocType | None
    recipients: tuple[RecipientState, ...]

    def recipient(self, organ_id: str) -> RecipientState:
        """The state of one recipient, by OrganId (``KeyError`` if not a recipient)."""
        for r in self.recipients:
            if r.organ_id == organ_id:
                return r
        raise KeyError(organ_id)

    @property
    def finished(self) -> bool:
        """Every listed recipient is in a final state."""
        return all(r.final for r in self.recipients if r.listed)

    @property
    def overdue(self) -> bool:
        """The recipients whose answer is overdue."""
        return any(r.overdue for r in self.recipients)

    def __repr__(self) -> str:
        from .._views import render_text

        return render_text("document_state", self)

    def _repr_html_(self) -> str:
        """The document and each recipient's state, as a card in a notebook."""
        from .._views import render_html

        return render_html("document_state", self)


@attrs.frozen(kw_only=True)
class Overdue:
    """A (document, recipient) pair that should have been answered.

    ``reason``: ``"due_date"`` (no final status by ``DueDate``), ``"no_answer"`` (nothing at
    all within the configured time), ``"no_answer_to_request"`` (a take-back or change request
    unanswered within the configured time).  ``since`` is when it became overdue.
    """

    document_id: str
    organ_id: str
    reason: str
    since: dt.datetime
    current: StatusCode | None
    subject: str | None = None


# --- helpers -----------------------------------------------------------------------------------


_UNKNOWN = (
    "SELECT DISTINCT document_id FROM statuses WHERE document_id NOT IN "
    "(SELECT document_id FROM documents) AND document_id NOT IN (SELECT source_id FROM actions)"
)


def _limit(limit: int | None) -> int:
    """SQLite's LIMIT for ``limit`` (``-1``: no limit)."""
    if limit is None:
        return -1
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise BuildError(f"limit must be a non-negative int or None, got {limit!r}", path="limit")
    return limit


def _ts_text(value: object) -> tuple[str | None, str]:
    """``(sortable ISO text or None, raw text)`` of a timestamp read from a package."""
    if isinstance(value, dt.datetime) and not isinstance(value, Raw):
        return value.isoformat(sep=" "), format_timestamp(value)
    if value is None:
        return None, ""
    return None, str(value)


def _parse_iso(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _parse_date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _status_code(text: str) -> StatusCode | None:
    try:
        return StatusCode(text)
    except ValueError:
        return None


def _staff_text(pkg: StatusPackage) -> str | None:
    s = pkg.header.staff_info
    if s is None:
        return None
    parts = [p for p in (s.staff, s.department) if p]
    return " - ".join(parts) or None


def _document_state(
    document_id: str,
    row: tuple[Any, ...] | None,
    *,
    sent_at: dt.datetime | None,
    due: dt.date | None,
    recipients: tuple[RecipientState, ...],
) -> DocumentState:
    """The state from the ``documents`` row (``None``: not sent by you, or never seen)."""
    business: BussinessDocType | None = None
    if row is not None and row[5] is not None:
        business = BussinessDocType(row[5])
    return DocumentState(
        document_id=document_id,
        known=row is not None,
        sender_id=row[0] if row else None,
        code=row[1] if row else None,
        subject=row[2] if row else None,
        sent_at=sent_at,
        due_date=due,
        business_type=business,
        recipients=recipients,
    )


# --- the tracker -------------------------------------------------------------------------------


class Tracker:
    """Correlates sent documents with the status packages received about them.

    ``path`` is the SQLite database file (created when missing) or ``":memory:"``.
    ``no_answer_after`` is how long a recipient may stay silent (or leave a take-back/change
    request unanswered) before it counts as overdue.  Use as a context manager or call
    :meth:`close`.

    One ``Tracker`` may be shared by the threads of a web application (its connection is used
    under a lock), and several processes may use the same file at once (WAL, a busy timeout
    and retries); every database failure (corrupt, locked, another program's file) raises
    ``TrackerError``, an ``EdocError``.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] = ":memory:",
        *,
        no_answer_after: dt.timedelta = dt.timedelta(days=1),
    ) -> None:
        self.path = os.fspath(path)
        self.no_answer_after = no_answer_after
        self._db = Store(self.path, _SCHEMA, _TABLES)

    def close(self) -> None:
        """Close the database (the tracker cannot be used afterwards)."""
        self._db.close()

    def __repr__(self) -> str:
        from .._views import render_text

        return render_text("tracker", self)

    def _repr_html_(self) -> str:
        """The overview of ``edocstd track`` (overdue first) as a table in a notebook."""
        from .._views import render_html

        return render_html("tracker", self)

    def __enter__(self) -> Tracker:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- feeding ------------------------------------------------------------------------------

    def add(self, package: Edoc | StatusPackage) -> None:
        """:meth:`add_sent` for an edoc, :meth:`add_status` for a status package."""
        if isinstance(package, Edoc):
            self.add_sent(package)
        elif isinstance(package, StatusPackage):
            self.add_status(package)
        else:
            raise BuildError(f"expected an Edoc or a StatusPackage, got {type(package).__name__}")

    def add_sent(self, edoc: Edoc) -> None:
        """Record a document you sent (idempotent).

        A revoke or update package is recorded as a request on its target (``Bussiness/
        DocumentId``) for each of its recipients; a replacement is a new document *and* a
        request on each replaced document for the agencies listed in ``ReplacementInfo``.
        """
        rows = sent_rows(edoc)
        with self._db.transaction():
            if rows.document is not None:
                # The document's own package wins over a revoke/update package that re-sends
                # its metadata under the same DocumentId; between two of those the earlier
                # wins.  So the stored metadata does not depend on the order of arrival.
                self._db.execute(
                    "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (document_id) DO UPDATE SET sender = excluded.sender, "
                    "code = excluded.code, subject = excluded.subject, "
                    "sent_at = excluded.sent_at, due_date = excluded.due_date, "
                    "business_type = excluded.business_type "
                    "WHERE coalesce(documents.business_type, 0) IN (1, 2) AND ("
                    "coalesce(excluded.business_type, 0) NOT IN (1, 2) "
                    "OR excluded.sent_at < documents.sent_at)",
                    rows.document,
                )
            for recipient in rows.recipients:
                self._db.execute("INSERT OR IGNORE INTO recipients VALUES (?, ?, ?)", recipient)
            for action in rows.actions:
                self._db.execute(
                    "INSERT OR IGNORE INTO actions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", action
                )

    def add_status(self, status: StatusPackage) -> None:
        """Record a received status package (idempotent; any order).

        The recipient concerned is ``From`` for 01–06/15/16 and ``ResponseFor/OrganId`` for 13
        (the sender's take-back request).  A status about a document not added yet is kept and
        attached when it is.  Raises ``BuildError`` when the package says nothing usable (no
        ``ResponseFor/DocumentId``, no agency, or a code outside the list).
        """
        h = status.header
        rf = h.response_for
        doc_id = rf.document_id if rf is not None else None
        code = status.status_code
        from_id = h.sender.organ_id if h.sender is not None else None
        if not doc_id or code is None or not from_id:
            raise BuildError(
                "the status package lacks ResponseFor/DocumentId, a known StatusCode "
                "or From/OrganId"
            )
        organ = from_id
        if code is StatusCode.TAKE_BACK_REQUESTED:
            if rf is None or not rf.organ_id:
                raise BuildError("a take-back request (13) needs ResponseFor/OrganId")
            organ = rf.organ_id
        at, at_raw = _ts_text(h.timestamp)
        with self._db.transaction():
            self._db.execute(
                "INSERT OR IGNORE INTO statuses VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc_id,
                    organ,
                    from_id,
                    code.value,
                    at,
                    at_raw,
                    h.description,
                    _staff_text(status),
                ),
            )

    # -- querying -----------------------------------------------------------------------------

    def documents(self, *, limit: int | None = None) -> list[str]:
        """DocumentIds of the documents you sent, oldest first (only the first ``limit``)."""
        rows = self._db.execute(
            "SELECT document_id FROM documents ORDER BY sent_at, document_id LIMIT ?",
            (_limit(limit),),
        ).fetchall()
        return [r[0] for r in rows]

    def document_count(self) -> int:
        """How many documents you sent are tracked (without listing them)."""
        return int(self._db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def unknown_documents(self, *, limit: int | None = None) -> list[str]:
        """DocumentIds that status packages refer to but that were never added as sent
        (only the first ``limit``, in order)."""
        rows = self._db.execute(_UNKNOWN + " ORDER BY document_id LIMIT ?", (_limit(limit),))
        return [r[0] for r in rows.fetchall()]

    def unknown_document_count(self) -> int:
        """How many DocumentIds :meth:`unknown_documents` would list."""
        return int(self._db.execute(f"SELECT COUNT(*) FROM ({_UNKNOWN})").fetchone()[0])

    def __iter__(self) -> Iterator[DocumentState]:
        for doc_id in self.documents():
            yield self.state(doc_id)

    def state(
        self,
        document_id: str,
        *,
        now: dt.datetime | None = None,
        no_answer_after: dt.timedelta | None = None,
    ) -> DocumentState:
        """The state of a document with each of its recipients.

        A DocumentId never seen (neither sent nor named by a status) gives a state with
        ``known=False`` and no recipients.

        ``now`` (default: the current local time) and ``no_answer_after`` (default: the
        tracker's) decide ``overdue``.
        """
        moment = now or dt.datetime.now()
        wait = no_answer_after if no_answer_after is not None else self.no_answer_after
        row = self._db.execute(
            "SELECT sender, code, subject, sent_at, due_date, business_type FROM documents "
            "WHERE document_id = ?",
            (document_id,),
        ).fetchone()
        organs = self._organs(document_id, known=row is not None)
        if row is None and not organs:
            return _document_state(document_id, None, sent_at=None, due=None, recipients=())
        sent_at = _parse_iso(row[3]) if row else None
        due = self._due_date(document_id, _parse_date(row[4]) if row else None)
        recipients = tuple(
            self._recipient(
                document_id,
                organ,
                name,
                listed,
                # overdue only for the recipients of a document you sent
                Deadline(now=moment, wait=wait, sent_at=added_at or sent_at, due=due)
                if row is not None and listed
                else None,
            )
            for organ, (name, listed, added_at) in organs.items()
        )
        return _document_state(document_id, row, sent_at=sent_at, due=due, recipients=recipients)

    def _organs(
        self, document_id: str, *, known: bool
    ) -> dict[str, tuple[str | None, bool, dt.datetime | None]]:
        """OrganId -> (name, listed, added at) of everyone concerned by the document, in order:
        its recipients, those an update added, then agencies that only sent statuses."""
        organs: dict[str, tuple[str | None, bool, dt.datetime | None]] = {}
        for organ, name in self._db.execute(
            "SELECT organ_id, organ_name FROM recipients WHERE document_id = ? ORDER BY rowid",
            (document_id,),
        ):
            organs[organ] = (name, True, None)
        for organ, name, at in self._db.execute(
            "SELECT organ_id, organ_name, at FROM actions WHERE target_id = ? AND kind = 'added' "
            "ORDER BY at, organ_id",
            (document_id,),
        ):
            if organ not in organs:
                organs[organ] = (name, True, _parse_iso(at))
        for (organ,) in self._db.execute(
            "SELECT DISTINCT organ_id FROM statuses WHERE document_id = ? ORDER BY organ_id",
            (document_id,),
        ):
            if organ not in organs:
                organs[organ] = (None, not known, None)
        return organs

    def _due_date(self, document_id: str, due: dt.date | None) -> dt.date | None:
        """The DueDate of the latest update package that set one, else ``due``."""
        latest_due = self._db.execute(
            "SELECT due_date FROM actions WHERE target_id = ? AND kind = 'update' "
            "AND due_date IS NOT NULL ORDER BY at DESC LIMIT 1",
            (document_id,),
        ).fetchone()
        return _parse_date(latest_due[0]) if latest_due is not None else due

    def _events(self, document_id: str, organ: str) -> list[StatusEvent]:
        """Every stored event for the pair, in replay order (time, then code rank)."""
        keyed: list[tuple[tuple[int, str, int, str], StatusEvent]] = []
        rows = self._db.execute(
            "SELECT document_id, from_id, code, at, at_raw, description, staff FROM statuses "
            "WHERE organ_id = ? AND (document_id = ? OR (code IN ('15', '16') AND document_id IN "
            "(SELECT source_id FROM actions WHERE target_id = ? AND organ_id = ?)))",
            (organ, document_id, document_id, organ),
        ).fetchall()
        for doc, from_id, code, at, at_raw, description, staff in rows:
            ev = StatusEvent(
                kind="status",
                code=_status_code(code),
                timestamp=_parse_iso(at),
                raw_timestamp=at_raw or None,
                sender_id=from_id,
                document_id=doc,
                description=description,
                staff=staff,
            )
            key = (
                0 if at else 1,
                at or at_raw,
                SAME_TIME_ORDER.get(code, 99),
                f"{code}{from_id}{doc}",
            )
            keyed.append((key, ev))
        for source, kind, at, reason in self._db.execute(
            "SELECT source_id, kind, at, reason FROM actions WHERE target_id = ? AND organ_id = ? "
            "AND kind != 'added'",
            (document_id, organ),
        ):
            ev = StatusEvent(
                kind=kind,
                code=None,
                timestamp=_parse_iso(at),
                raw_timestamp=None,
                sender_id=None,
                document_id=source,
                description=reason,
            )
            keyed.append(((0 if at else 1, at or "", SAME_TIME_ORDER[kind], f"{kind}{source}"), ev))
        keyed.sort(key=lambda item: item[0])
        return [ev for _, ev in keyed]

    def _recipient(
        self,
        document_id: str,
        organ: str,
        name: str | None,
        listed: bool,
        deadline: Deadline | None,
    ) -> RecipientState:
        """Load the pair's events and :func:`~.replay.replay` them."""
        return replay(
            self._events(document_id, organ),
            organ_id=organ,
            organ_name=name,
            listed=listed,
            deadline=deadline,
        )

    def overdue(
        self,
        *,
        now: dt.datetime | None = None,
        no_answer_after: dt.timedelta | None = None,
    ) -> list[Overdue]:
        """The (document, recipient) pairs that should have been answered by ``now``.

        Overdue means not final and either past the document's ``DueDate`` with no final
        status, or nothing at all from the recipient within ``no_answer_after`` (default: the
        tracker's) of sending, or a take-back/change request unanswered that long.  Oldest
        first.
        """
        moment = now or dt.datetime.now()
        out: list[Overdue] = []
        for doc_id in self.documents():
            doc = self.state(doc_id, now=moment, no_answer_after=no_answer_after)
            for r in doc.recipients:
                if r.overdue and r.overdue_reason and r.overdue_since:
                    out.append(
                        Overdue(
                            document_id=doc_id,
                            organ_id=r.organ_id,
                            reason=r.overdue_reason,
                            since=r.overdue_since,
                            current=r.current,
                            subject=doc.subject,
                        )
                    )
        out.sort(key=lambda o: (o.since, o.document_id, o.organ_id))
        return out


__all__ = [
    "ALLOWED_TRANSITIONS",
    "CHANGE_RULES",
    "DocumentState",
    "Overdue",
    "RecipientState",
    "StatusEvent",
    "Tracker",
]
