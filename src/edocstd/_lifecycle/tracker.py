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

The transitions a recipient's state may take are in :data:`ALLOWED_TRANSITIONS` (progress codes
01–06) and :data:`CHANGE_RULES` (13, revoke/update/replace packages and the answers 15/16); the
cookbook page ``docs/cookbook/tracking.md`` shows both as tables.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from types import TracebackType
from typing import Literal

import attrs

from .._errors import BuildError
from .._model.codes import BussinessDocType, ReceiverType, StatusCode
from .._model.package import Edoc, StatusPackage
from .._model.values import Raw, format_timestamp
from ._store import Store

_C = StatusCode

ALLOWED_TRANSITIONS: dict[StatusCode | None, frozenset[StatusCode]] = {
    None: frozenset(
        {_C.ARRIVED, _C.REJECTED, _C.ACCEPTED, _C.ASSIGNED, _C.PROCESSING, _C.FINISHED}
    ),
    _C.ARRIVED: frozenset({_C.REJECTED, _C.ACCEPTED, _C.ASSIGNED, _C.PROCESSING, _C.FINISHED}),
    _C.ACCEPTED: frozenset({_C.REJECTED, _C.ASSIGNED, _C.PROCESSING, _C.FINISHED}),
    _C.ASSIGNED: frozenset({_C.REJECTED, _C.PROCESSING, _C.FINISHED}),
    _C.PROCESSING: frozenset({_C.REJECTED, _C.FINISHED}),
    _C.REJECTED: frozenset(),
    _C.FINISHED: frozenset(),
}
"""Progress of a recipient (receiver codes 01–06): from a state (``None`` = nothing yet) to the
codes that may follow.  Steps may be skipped (statuses get lost, systems send 03 then 05);
going backwards, or anything after 02 (refused) or 06 (finished), is recorded but not applied."""

CHANGE_RULES: dict[str, str] = {
    "13": "take-back requested: pending until 15 or 16 (not after 02, nor after being taken back)",
    "revoke": "revoke package (BussinessDocType 1) reached the recipient: like 13",
    "replace": "replacement listing the recipient in ReplacementInfo: like 13 for the replaced "
    "document",
    "update": "update package (BussinessDocType 2): pending until 15 or 16; the state stays",
    "15": "after 13/revoke/replace: taken back, final; after an update: change applied",
    "16": "the request is refused: back to the state before it (a new 13 may follow)",
    "removed": "update with ReceiverType 0 for the recipient: removed, final",
}
"""How requests to take back or change a document, and their answers, move the state."""

FINAL_PROGRESS = frozenset({_C.REJECTED, _C.FINISHED})

_RANK = {"01": 1, "02": 2, "03": 3, "04": 4, "05": 5, "06": 6, "13": 7, "15": 8, "16": 9}
_KIND_RANK = {"revoke": 7, "update": 7, "replace": 7, "added": 0, "removed": 10}

_PENDING: dict[str, Pending] = {
    "status": "take_back",
    "revoke": "revoke",
    "update": "update",
    "replace": "replace",
}

EventKind = Literal["status", "revoke", "update", "replace", "removed"]
Pending = Literal["take_back", "revoke", "update", "replace"]

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
class StatusEvent:
    """One thing that happened to a (document, recipient) pair, as stored.

    ``kind`` is ``"status"`` for a status package (``code`` set) or the business operation of
    an edoc that acts on the document (``"revoke"``, ``"update"``, ``"replace"``,
    ``"removed"``; ``code`` is ``None``).  ``document_id`` is the DocumentId the package
    referred to (the revoke/update/replace package's own one for answers to it).  ``applied``
    tells whether it moved the state (``False``: a duplicate step, out of order or
    meaningless — kept, not lost).
    """

    kind: EventKind
    code: StatusCode | None
    timestamp: dt.datetime | None
    raw_timestamp: str | None
    sender_id: str | None
    document_id: str
    description: str | None = None
    staff: str | None = None
    applied: bool = True


@attrs.frozen(kw_only=True)
class RecipientState:
    """Where a document stands with one recipient.

    ``current`` is the last status that took effect (``None`` = nothing yet); while a
    take-back (13, a revoke or a replacement) is pending it is ``13``, and after the recipient
    accepted it ``15``.  ``pending`` names an open request (``"take_back"``, ``"revoke"``,
    ``"update"``, ``"replace"``).  ``final``: nothing more is expected (02, 06, taken back,
    removed).  ``overdue``: see :meth:`Tracker.overdue`.  ``listed`` is ``False`` for an agency
    that answered without being a recipient.
    """

    organ_id: str
    organ_name: str | None
    current: StatusCode | None
    history: tuple[StatusEvent, ...]
    final: bool
    overdue: bool
    overdue_reason: str | None = None
    overdue_since: dt.datetime | None = None
    pending: Pending | None = None
    removed: bool = False
    listed: bool = True

    @property
    def taken_back(self) -> bool:
        """True when the recipient gave the document back (answered a take-back)."""
        return self.current is StatusCode.CHANGE_ACCEPTED and self.final

    def label(self, lang: str = "vi") -> str:
        """A short description of the state in Vietnamese (``"vi"``) or English (``"en"``)."""
        en = lang == "en"
        if self.removed:
            return "Removed from the recipients" if en else "Đã bị loại khỏi danh sách nhận"
        if self.taken_back:
            return "Taken back" if en else "Đã lấy lại"
        if self.current is None:
            text = "No answer yet" if en else "Chưa có phản hồi"
        else:
            text = self.current.label(lang)
        if self.pending == "update":
            text += " (update pending)" if en else " (chờ trả lời cập nhật)"
        return text


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


def _date_text(value: object) -> str | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return None


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
        h = edoc.header
        doc_id = h.document_id
        if not doc_id:
            raise BuildError("the edoc has no DocumentId: it cannot be tracked")
        trace = edoc.trace_header_list
        sent_at: str | None = None
        if trace is not None:
            for th in trace.trace_headers:
                if isinstance(th.timestamp, dt.datetime):
                    sent_at = th.timestamp.isoformat(sep=" ")
                    break
        if sent_at is None:
            sent_at = dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
        business = edoc.business_type
        bussiness = trace.bussiness if trace is not None else None
        target = bussiness.document_id if bussiness is not None else None
        code = f"{h.code}" if h.code is not None else None
        acts_on_other = business in (BussinessDocType.REVOKE, BussinessDocType.UPDATE) and target
        with self._db.transaction():
            if not acts_on_other or target == doc_id:
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
                    (
                        doc_id,
                        h.sender.organ_id if h.sender else None,
                        code,
                        h.subject,
                        sent_at,
                        _date_text(h.due_date),
                        int(business) if business is not None else None,
                    ),
                )
                added_ids = set()
                if business is BussinessDocType.UPDATE and bussiness is not None:
                    added_ids = {
                        r.organ_id
                        for info in bussiness.bussiness_document_info
                        if info.receiver_list is not None
                        for r in info.receiver_list.receivers
                        if r.receiver_type is ReceiverType.ADDED
                    }
                for org in h.to:
                    if org.organ_id and org.organ_id not in added_ids:
                        self._db.execute(
                            "INSERT OR IGNORE INTO recipients VALUES (?, ?, ?)",
                            (doc_id, org.organ_id, org.organ_name),
                        )
            if bussiness is None or business is None or business is BussinessDocType.NEW:
                return
            names = {o.organ_id: o.organ_name for o in h.to}
            rows: list[tuple[str, str, str, str | None]] = []  # target, organ, kind, due date
            if business is BussinessDocType.REVOKE and target:
                rows += [(target, o.organ_id, "revoke", None) for o in h.to if o.organ_id]
            elif business is BussinessDocType.UPDATE and target:
                changed: dict[str, str] = {}
                for info in bussiness.bussiness_document_info:
                    if info.receiver_list is None:
                        continue
                    for r in info.receiver_list.receivers:
                        if r.organ_id and r.receiver_type is ReceiverType.ADDED:
                            changed[r.organ_id] = "added"
                        elif r.organ_id and r.receiver_type is ReceiverType.REMOVED:
                            changed[r.organ_id] = "removed"
                due = _date_text(h.due_date)
                for o in h.to:
                    if o.organ_id and o.organ_id not in changed:
                        rows.append((target, o.organ_id, "update", due))
                rows += [(target, organ, kind, None) for organ, kind in changed.items()]
            elif business is BussinessDocType.REPLACE:
                for lst in bussiness.replacement_info_list:
                    for ri in lst.replacement_info:
                        if not ri.document_id:
                            continue
                        organs = ri.organ_id_list or tuple(o.organ_id or "" for o in h.to)
                        rows += [(ri.document_id, o, "replace", None) for o in organs if o]
            for tgt, organ, kind, due in rows:
                self._db.execute(
                    "INSERT OR IGNORE INTO actions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        doc_id,
                        tgt,
                        organ,
                        kind,
                        sent_at,
                        bussiness.bussiness_doc_reason,
                        names.get(organ),
                        due,
                    ),
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
                organs[organ] = (None, row is None, None)
        if row is None and not organs:
            return DocumentState(
                document_id=document_id,
                known=False,
                sender_id=None,
                code=None,
                subject=None,
                sent_at=None,
                due_date=None,
                business_type=None,
                recipients=(),
            )
        sent_at = _parse_iso(row[3]) if row else None
        due = _parse_date(row[4]) if row else None
        latest_due = self._db.execute(
            "SELECT due_date FROM actions WHERE target_id = ? AND kind = 'update' "
            "AND due_date IS NOT NULL ORDER BY at DESC LIMIT 1",
            (document_id,),
        ).fetchone()
        if latest_due is not None:
            due = _parse_date(latest_due[0])
        recipients = tuple(
            self._recipient(
                document_id,
                organ,
                name,
                listed,
                known=row is not None,
                sent_at=added_at or sent_at,
                due=due,
                now=moment,
                wait=wait,
            )
            for organ, (name, listed, added_at) in organs.items()
        )
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
            key = (0 if at else 1, at or at_raw, _RANK.get(code, 99), f"{code}{from_id}{doc}")
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
            keyed.append(((0 if at else 1, at or "", _KIND_RANK[kind], f"{kind}{source}"), ev))
        keyed.sort(key=lambda item: item[0])
        return [ev for _, ev in keyed]

    def _recipient(
        self,
        document_id: str,
        organ: str,
        name: str | None,
        listed: bool,
        *,
        known: bool,
        sent_at: dt.datetime | None,
        due: dt.date | None,
        now: dt.datetime,
        wait: dt.timedelta,
    ) -> RecipientState:
        progress: StatusCode | None = None
        pending: Pending | None = None
        pending_since: dt.datetime | None = None
        taken_back = removed = False
        answered = False
        history: list[StatusEvent] = []
        for ev in self._events(document_id, organ):
            applied = True
            if removed or taken_back:
                applied = False
            elif ev.kind == "removed":
                removed = True
                pending = None
            elif ev.kind in ("revoke", "update", "replace") or ev.code is _C.TAKE_BACK_REQUESTED:
                if progress is _C.REJECTED:
                    applied = False
                else:
                    pending = _PENDING[ev.kind]
                    pending_since = ev.timestamp
            elif ev.code in (_C.CHANGE_ACCEPTED, _C.CHANGE_REJECTED):
                answered = True
                if pending is None:
                    applied = False
                elif ev.code is _C.CHANGE_ACCEPTED and pending != "update":
                    taken_back = True
                    pending = None
                else:
                    pending = None
            elif ev.code is not None:
                answered = True
                if ev.code in ALLOWED_TRANSITIONS.get(progress, frozenset()):
                    progress = ev.code
                else:
                    applied = False
            else:
                applied = False
            history.append(attrs.evolve(ev, applied=applied))
        if taken_back:
            current: StatusCode | None = _C.CHANGE_ACCEPTED
        elif pending in ("take_back", "revoke", "replace"):
            current = _C.TAKE_BACK_REQUESTED
        else:
            current = progress
        final = removed or taken_back or (progress in FINAL_PROGRESS and pending is None)
        reason = self._overdue_reason(
            final=final,
            known=known and listed,
            answered=answered,
            pending_since=pending_since if pending else None,
            sent_at=sent_at,
            due=due,
            now=now,
            wait=wait,
        )
        return RecipientState(
            organ_id=organ,
            organ_name=name,
            current=current,
            history=tuple(history),
            final=final,
            overdue=reason is not None,
            overdue_reason=reason[0] if reason else None,
            overdue_since=reason[1] if reason else None,
            pending=pending,
            removed=removed,
            listed=listed,
        )

    @staticmethod
    def _overdue_reason(
        *,
        final: bool,
        known: bool,
        answered: bool,
        pending_since: dt.datetime | None,
        sent_at: dt.datetime | None,
        due: dt.date | None,
        now: dt.datetime,
        wait: dt.timedelta,
    ) -> tuple[str, dt.datetime] | None:
        if final or not known:
            return None
        if due is not None and now.date() > due:
            return "due_date", dt.datetime.combine(due + dt.timedelta(days=1), dt.time())
        if not answered and sent_at is not None and now - sent_at > wait:
            return "no_answer", sent_at + wait
        if pending_since is not None and now - pending_since > wait:
            return "no_answer_to_request", pending_since + wait
        return None

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
