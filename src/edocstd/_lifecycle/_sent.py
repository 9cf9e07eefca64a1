"""What a sent edoc means for the tracker's tables, as plain rows (no database here).

:func:`sent_rows` reads an edoc once and says which ``documents`` row it writes (``None`` for a
revoke/update package acting on another document), which ``recipients`` rows, and which
``actions`` rows (requests on other documents: revoke, update, replace, recipients added or
removed by an update).  ``tracker.py`` writes them in one transaction.
"""

from __future__ import annotations

import datetime as dt

import attrs

from .._errors import BuildError
from .._model.codes import BussinessDocType, ReceiverType
from .._model.package import Edoc
from .._model.trace import Bussiness

DocumentRow = tuple[str, str | None, str | None, str | None, str, str | None, int | None]
"""document_id, sender, code, subject, sent_at, due_date, business_type."""
ActionRow = tuple[str, str, str, str, str, str | None, str | None, str | None]
"""source_id, target_id, organ_id, kind, at, reason, organ_name, due_date."""


@attrs.frozen(kw_only=True)
class SentRows:
    """The rows one sent edoc adds (see the module docstring)."""

    document_id: str
    sent_at: str
    document: DocumentRow | None
    recipients: tuple[tuple[str, str, str | None], ...]
    actions: tuple[ActionRow, ...]


def date_text(value: object) -> str | None:
    """ISO text of a date (not a datetime), else ``None``."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return None


def _sent_at(edoc: Edoc) -> str:
    """The first trace timestamp, else the current local time, as sortable ISO text."""
    trace = edoc.trace_header_list
    if trace is not None:
        for th in trace.trace_headers:
            if isinstance(th.timestamp, dt.datetime):
                return th.timestamp.isoformat(sep=" ")
    return dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")


def _receivers(bussiness: Bussiness, wanted: ReceiverType) -> list[str]:
    """OrganIds an update's receiver lists mark ``wanted`` (added or removed), in order."""
    return [
        r.organ_id
        for info in bussiness.bussiness_document_info
        if info.receiver_list is not None
        for r in info.receiver_list.receivers
        if r.organ_id and r.receiver_type is wanted
    ]


def _requests(
    edoc: Edoc, bussiness: Bussiness, target: str | None
) -> list[tuple[str, str, str, str | None]]:
    """``(target, organ, kind, due date)`` of each request the edoc makes on a document."""
    h = edoc.header
    business = edoc.business_type
    rows: list[tuple[str, str, str, str | None]] = []
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
        due = date_text(h.due_date)
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
    return rows


def sent_rows(edoc: Edoc) -> SentRows:
    """The rows ``edoc`` adds to the tracker; ``BuildError`` without a DocumentId.

    A revoke or update package is a request on its target (``Bussiness/DocumentId``) for each
    of its recipients; a replacement is a new document *and* a request on each replaced
    document for the agencies listed in ``ReplacementInfo``.
    """
    h = edoc.header
    doc_id = h.document_id
    if not doc_id:
        raise BuildError("the edoc has no DocumentId: it cannot be tracked")
    sent_at = _sent_at(edoc)
    business = edoc.business_type
    trace = edoc.trace_header_list
    bussiness = trace.bussiness if trace is not None else None
    target = bussiness.document_id if bussiness is not None else None
    acts_on_other = business in (BussinessDocType.REVOKE, BussinessDocType.UPDATE) and target
    document: DocumentRow | None = None
    recipients: tuple[tuple[str, str, str | None], ...] = ()
    if not acts_on_other or target == doc_id:
        document = (
            doc_id,
            h.sender.organ_id if h.sender else None,
            f"{h.code}" if h.code is not None else None,
            h.subject,
            sent_at,
            date_text(h.due_date),
            int(business) if business is not None else None,
        )
        added: set[str] = set()
        if business is BussinessDocType.UPDATE and bussiness is not None:
            added = set(_receivers(bussiness, ReceiverType.ADDED))
        recipients = tuple(
            (doc_id, o.organ_id, o.organ_name)
            for o in h.to
            if o.organ_id and o.organ_id not in added
        )
    actions: tuple[ActionRow, ...] = ()
    if bussiness is not None and business is not None and business is not BussinessDocType.NEW:
        names = {o.organ_id: o.organ_name for o in h.to}
        reason = bussiness.bussiness_doc_reason
        actions = tuple(
            (doc_id, tgt, organ, kind, sent_at, reason, names.get(organ), due)
            for tgt, organ, kind, due in _requests(edoc, bussiness, target)
        )
    return SentRows(
        document_id=doc_id,
        sent_at=sent_at,
        document=document,
        recipients=recipients,
        actions=actions,
    )


__all__ = ["ActionRow", "DocumentRow", "SentRows", "date_text", "sent_rows"]
