"""The tracker's state machine as a pure function: :func:`replay` of a recipient's events.

No I/O here: the tracker (``tracker.py``) only stores events in SQLite and loads them in replay
order; :func:`replay` folds them into a :class:`RecipientState`.  The rules are data, the same
tables ``docs/cookbook/tracking.md`` prints:

* :data:`ALLOWED_TRANSITIONS` — progress of a recipient (receiver codes 01–06);
* :data:`REQUESTS` — the events that open a take-back or change request, and which;
* :data:`ANSWERS` — what 15 and 16 do to each open request;
* :data:`CHANGE_RULES` — the same rules in words, one line per event (the docs' table).

Invariants: an event is never lost — every one is in ``history``, with ``applied=False`` when
it did not move the state (a step backwards, anything after 02/06, an answer to nothing, an
unknown code, anything after the document was taken back or the recipient removed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

import attrs

from .._model.codes import StatusCode

_C = StatusCode

EventKind = Literal["status", "revoke", "update", "replace", "removed"]
Pending = Literal["take_back", "revoke", "update", "replace"]
Answer = Literal["taken_back", "closed"]

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
"""How requests to take back or change a document, and their answers, move the state
(:data:`REQUESTS`, :data:`ANSWERS` and :data:`REMOVING` say the same as data)."""

REQUESTS: dict[str, Pending] = {
    "13": "take_back",
    "revoke": "revoke",
    "replace": "replace",
    "update": "update",
}
"""Event (a status code, or the kind of a package acting on the document) → the request it
opens.  A request is not applied after 02 (refused); a newer one replaces an open one."""

ANSWERS: dict[tuple[StatusCode, Pending], Answer] = {
    (_C.CHANGE_ACCEPTED, "take_back"): "taken_back",
    (_C.CHANGE_ACCEPTED, "revoke"): "taken_back",
    (_C.CHANGE_ACCEPTED, "replace"): "taken_back",
    (_C.CHANGE_ACCEPTED, "update"): "closed",
    (_C.CHANGE_REJECTED, "take_back"): "closed",
    (_C.CHANGE_REJECTED, "revoke"): "closed",
    (_C.CHANGE_REJECTED, "replace"): "closed",
    (_C.CHANGE_REJECTED, "update"): "closed",
}
"""(answer code, open request) → ``"taken_back"`` (final; ``current`` shows 15) or
``"closed"`` (the request is over; back to the progress underneath).  An answer with no open
request is recorded but not applied."""

REMOVING = "removed"
"""The event that removes the recipient (an update with ReceiverType 0 for it): final."""

TAKE_BACKS: frozenset[Pending] = frozenset(
    pending for (_, pending), answer in ANSWERS.items() if answer == "taken_back"
)
"""The requests that are "like 13": while open, ``current`` shows 13."""

SAME_TIME_ORDER: dict[str, int] = {
    "added": 0,
    "01": 1,
    "02": 2,
    "03": 3,
    "04": 4,
    "05": 5,
    "06": 6,
    "13": 7,
    "revoke": 7,
    "update": 7,
    "replace": 7,
    "15": 8,
    "16": 9,
    "removed": 10,
}
"""The replay order of events written with the same timestamp, by their name in the tables
(a code outside the list comes last): progress first, then requests, their answers, removal.
The tracker loads events sorted by time, then by this."""

FINAL_PROGRESS = frozenset({_C.REJECTED, _C.FINISHED})
"""Progress codes after which nothing more is expected (unless a request is open)."""


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
class Deadline:
    """What decides ``overdue``: the time of judging, how long silence is allowed, when the
    document reached the recipient and its ``DueDate``."""

    now: dt.datetime
    wait: dt.timedelta
    sent_at: dt.datetime | None = None
    due: dt.date | None = None


@attrs.frozen
class _Fold:
    """The state while replaying: progress, the open request, and whether it is over."""

    progress: StatusCode | None = None
    pending: Pending | None = None
    pending_since: dt.datetime | None = None
    taken_back: bool = False
    removed: bool = False
    answered: bool = False


def event_key(event: StatusEvent) -> str | None:
    """The event's name in the tables: its status code, or the kind of package (``None``: a
    status whose code is not in the list)."""
    if event.kind != "status":
        return event.kind
    return event.code.value if event.code is not None else None


def step(fold: _Fold, event: StatusEvent) -> tuple[_Fold, bool]:
    """The state after ``event``, and whether it applied."""
    key = event_key(event)
    if fold.taken_back or fold.removed:
        return fold, False
    if key == REMOVING:
        return attrs.evolve(fold, removed=True, pending=None), True
    if key in REQUESTS:
        if fold.progress is _C.REJECTED:
            return fold, False
        return attrs.evolve(fold, pending=REQUESTS[key], pending_since=event.timestamp), True
    code = event.code
    if code is None:
        return fold, False
    fold = attrs.evolve(fold, answered=True)
    if code in (_C.CHANGE_ACCEPTED, _C.CHANGE_REJECTED):
        answer = ANSWERS.get((code, fold.pending)) if fold.pending is not None else None
        if answer is None:
            return fold, False
        return attrs.evolve(fold, pending=None, taken_back=answer == "taken_back"), True
    if code in ALLOWED_TRANSITIONS.get(fold.progress, frozenset()):
        return attrs.evolve(fold, progress=code), True
    return fold, False


def overdue_reason(
    *, final: bool, answered: bool, pending_since: dt.datetime | None, deadline: Deadline
) -> tuple[str, dt.datetime] | None:
    """``(reason, since)`` when the recipient should have answered by ``deadline.now``."""
    if final:
        return None
    now, wait, due = deadline.now, deadline.wait, deadline.due
    if due is not None and now.date() > due:
        return "due_date", dt.datetime.combine(due + dt.timedelta(days=1), dt.time())
    if not answered and deadline.sent_at is not None and now - deadline.sent_at > wait:
        return "no_answer", deadline.sent_at + wait
    if pending_since is not None and now - pending_since > wait:
        return "no_answer_to_request", pending_since + wait
    return None


def replay(
    events: Iterable[StatusEvent],
    *,
    organ_id: str = "",
    organ_name: str | None = None,
    listed: bool = True,
    deadline: Deadline | None = None,
) -> RecipientState:
    """Where a recipient stands after ``events`` (in replay order: time, then code).

    ``deadline`` decides ``overdue`` (``None``: never overdue, as for a document not sent by
    you or an agency that is not a recipient).  The ``applied`` flags of ``events`` are
    ignored and recomputed in ``history``.
    """
    fold = _Fold()
    history: list[StatusEvent] = []
    for event in events:
        fold, applied = step(fold, event)
        history.append(attrs.evolve(event, applied=applied))
    if fold.taken_back:
        current: StatusCode | None = _C.CHANGE_ACCEPTED
    elif fold.pending in TAKE_BACKS:
        current = _C.TAKE_BACK_REQUESTED
    else:
        current = fold.progress
    final = (
        fold.removed
        or fold.taken_back
        or (fold.progress in FINAL_PROGRESS and fold.pending is None)
    )
    reason = None
    if deadline is not None:
        since = fold.pending_since if fold.pending else None
        reason = overdue_reason(
            final=final, answered=fold.answered, pending_since=since, deadline=deadline
        )
    return RecipientState(
        organ_id=organ_id,
        organ_name=organ_name,
        current=current,
        history=tuple(history),
        final=final,
        overdue=reason is not None,
        overdue_reason=reason[0] if reason else None,
        overdue_since=reason[1] if reason else None,
        pending=fold.pending,
        removed=fold.removed,
        listed=listed,
    )


__all__ = [
    "ALLOWED_TRANSITIONS",
    "ANSWERS",
    "CHANGE_RULES",
    "FINAL_PROGRESS",
    "REMOVING",
    "REQUESTS",
    "SAME_TIME_ORDER",
    "TAKE_BACKS",
    "Deadline",
    "EventKind",
    "Pending",
    "RecipientState",
    "StatusEvent",
    "event_key",
    "overdue_reason",
    "replay",
    "step",
]
