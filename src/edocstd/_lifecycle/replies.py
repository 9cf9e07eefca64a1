"""Status replies (spec §4): 01–06, 15, 16 from a receiver; the take-back request 13 from
the sender.

Addressing follows spec §4.3:

* 01–06, 15, 16 — ``From`` = the replying (receiving) agency; ``ResponseFor/OrganId`` = the
  original sender; ``ResponseFor/DocumentId`` = the received ``DocumentId`` verbatim;
  ``ResponseFor/Code`` = ``số/ký hiệu``; ``ResponseFor/PromulgationDate`` = its date.
* 13 — ``From`` = the original sender; ``ResponseFor/OrganId`` = the *receiver* being asked
  (as in the official sample), DocumentId unchanged.

A reply that makes no sense raises :class:`~edocstd.BuildError` naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .._errors import BuildError
from .._model.codes import BussinessDocType, StatusCode
from .._model.header import Organization, ResponseFor
from .._model.package import Edoc, StatusPackage
from .._model.status import StatusHeader
from .._model.trace import StaffInfo
from ._common import (
    as_now,
    as_organization,
    as_staff,
    code_text,
    document_id_of,
    make,
    organ_id_of,
    promulgation_date,
)

RECEIVER_CODES = frozenset(c for c in StatusCode if not c.sent_by_sender)
"""Codes a receiving agency sends (everything but 13)."""

CHANGE_ANSWERS = frozenset({StatusCode.CHANGE_ACCEPTED, StatusCode.CHANGE_REJECTED})
"""15 and 16: answers to a take-back request (13) or to a revoke/update/replace package."""

_ASKING_BACK = frozenset(
    {BussinessDocType.REVOKE, BussinessDocType.UPDATE, BussinessDocType.REPLACE}
)


def as_status_code(value: object, path: str = "StatusCode") -> StatusCode:
    """A :class:`StatusCode` from itself, ``"03"``, ``"3"`` or ``3``."""
    if isinstance(value, StatusCode):
        return value
    text: str | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:02d}"
    elif isinstance(value, str) and value.strip().isdigit():
        text = f"{int(value.strip()):02d}"
    try:
        return StatusCode(text)
    except ValueError:
        allowed = ", ".join(c.value for c in StatusCode)
        raise BuildError(
            f"{value!r} is not a status code (allowed: {allowed})", path=path
        ) from None


def _description(code: StatusCode, description: str | None) -> str:
    if description is not None and not isinstance(description, str):
        raise BuildError("expected text", path="Description")
    if description is None or not description.strip():
        if code.needs_description:
            raise BuildError(
                f"status {code.value} ({code.label_en.split(' (')[0]}) needs a reason",
                path="Description",
            )
        return code.label_vi
    return description


def _response_for(edoc: Edoc, organ_id: str | None, path: str) -> ResponseFor:
    return make(
        ResponseFor,
        organ_id=organ_id,
        code=code_text(edoc),
        document_id=document_id_of(edoc, path),
        promulgation_date=promulgation_date(edoc),
    )


def reply(
    received: Edoc,
    code: StatusCode | str | int,
    *,
    sender: Organization | Mapping[str, object] | str,
    description: str | None = None,
    staff: StaffInfo | Mapping[str, object] | None = None,
    now: dt.datetime | None = None,
    request: StatusPackage | None = None,
    allow_unlisted: bool = False,
) -> StatusPackage:
    """The status package an agency (``sender``) sends about a document it ``received``.

    ``code`` is one of 01–06 or the answers 15/16.  ``description`` is required for 02 and
    16 (defaults to the Vietnamese label of the code otherwise).  15/16 only answer something
    that asked back: a revoke/update/replace package, or a document for which the take-back
    request 13 is given as ``request``.  ``sender`` must be among the document's recipients
    unless ``allow_unlisted``.
    """
    if not isinstance(received, Edoc):
        raise BuildError(f"a reply answers an edoc, got {type(received).__name__}", path="received")
    status = as_status_code(code)
    if status.sent_by_sender:
        raise BuildError(
            "13 (take-back request) is sent by the original sender: use take_back_request()",
            path="StatusCode",
        )
    org = as_organization(sender, "sender")
    recipients = {o.organ_id for o in received.header.to}
    if org.organ_id not in recipients and not allow_unlisted:
        raise BuildError(
            f"{org.organ_id} is not among the recipients of the document "
            f"({', '.join(sorted(r for r in recipients if r)) or 'none'}); "
            "pass allow_unlisted=True to reply anyway",
            path="sender.OrganId",
        )
    doc_id = document_id_of(received, "received")
    if request is not None:
        _check_request(request, doc_id, org.organ_id)
    if status in CHANGE_ANSWERS and received.business_type not in _ASKING_BACK and request is None:
        raise BuildError(
            f"{status.value} answers a take-back request or a revoke/update/replace package; "
            f"this document was never asked back (give the 13 request as request=...)",
            path="StatusCode",
        )
    original_sender = received.header.sender
    header = make(
        StatusHeader,
        sender=org,
        response_for=_response_for(
            received, original_sender.organ_id if original_sender else None, "received"
        ),
        staff_info=as_staff(staff),
        status_code=status,
        description=_description(status, description),
        timestamp=as_now(now),
    )
    return StatusPackage(header=header)


def _check_request(request: object, doc_id: str, organ_id: str | None) -> None:
    if not isinstance(request, StatusPackage):
        raise BuildError(
            f"expected the 13 status package, got {type(request).__name__}", path="request"
        )
    if request.status_code is not StatusCode.TAKE_BACK_REQUESTED:
        raise BuildError(
            f"is a status {request.header.status_code}, not a take-back request (13)",
            path="request.StatusCode",
        )
    rf = request.header.response_for
    if rf is None or rf.document_id != doc_id:
        raise BuildError(
            "the take-back request is about another document",
            path="request.ResponseFor.DocumentId",
        )
    if rf.organ_id and organ_id and rf.organ_id != organ_id:
        raise BuildError(
            f"the take-back request was addressed to {rf.organ_id}, not {organ_id}",
            path="request.ResponseFor.OrganId",
        )


def take_back_request(
    sent: Edoc,
    *,
    recipient: Organization | Mapping[str, object] | str,
    reason: str,
    staff: StaffInfo | Mapping[str, object] | None = None,
    now: dt.datetime | None = None,
) -> StatusPackage:
    """Status 13: the original sender asks ``recipient`` to give the document back.

    ``From`` is the original sender; ``ResponseFor/OrganId`` the recipient asked (the official
    sample's direction); ``ResponseFor/DocumentId`` the document's DocumentId verbatim;
    ``Description`` the ``reason`` (required).  One package per recipient.
    """
    if not isinstance(sent, Edoc):
        raise BuildError(f"expected the sent edoc, got {type(sent).__name__}", path="sent")
    if sent.business_type is BussinessDocType.REVOKE:
        raise BuildError(
            "a revoke package cannot be taken back",
            path="sent.TraceHeaderList.Bussiness.BussinessDocType",
        )
    if sent.header.sender is None or not sent.header.sender.organ_id:
        raise BuildError("the document has no sender", path="sent.MessageHeader.From")
    organ = organ_id_of(recipient, "recipient")
    if organ not in {o.organ_id for o in sent.header.to}:
        raise BuildError(f"{organ} is not a recipient of the document", path="recipient")
    header = make(
        StatusHeader,
        sender=sent.header.sender,
        response_for=_response_for(sent, organ, "sent"),
        staff_info=as_staff(staff),
        status_code=StatusCode.TAKE_BACK_REQUESTED,
        description=_description(StatusCode.TAKE_BACK_REQUESTED, reason),
        timestamp=as_now(now),
    )
    return StatusPackage(header=header)


__all__ = [
    "CHANGE_ANSWERS",
    "RECEIVER_CODES",
    "as_status_code",
    "reply",
    "take_back_request",
]
