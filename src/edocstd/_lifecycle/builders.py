"""Builders for the four business flows of an edoc (spec §3.2): new, revoke, update, replace.

Every builder returns a complete :class:`~edocstd.Edoc` in the official SDK's shape:
``MessageHeader`` filled, a ``TraceHeaderList`` with one ``TraceHeader`` (the sender, now) and
a ``Bussiness`` block with the right ``BussinessDocType``.  Revoke, update and replace copy the
target's ``DocumentId`` *verbatim* into ``Bussiness/DocumentId`` (it is the correlation key,
spec §2.4; never rebuilt).  Anything illegal raises :class:`~edocstd.BuildError` whose ``path``
names the argument or element at fault.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .._errors import BuildError
from .._ids import DocumentId
from .._model.codes import (
    BussinessDocType,
    Paper,
    Priority,
    ReceiverType,
    SteeringType,
)
from .._model.header import (
    DocumentType,
    MessageHeader,
    Organization,
    OtherInfo,
    PromulgationInfo,
    ResponseFor,
    SignerInfo,
)
from .._model.package import Edoc
from .._model.trace import (
    Bussiness,
    BussinessDocumentInfo,
    Receiver,
    ReceiverList,
    ReplacementInfo,
    ReplacementInfoList,
    StaffInfo,
)
from ._common import (
    as_now,
    as_organization,
    as_signer,
    as_staff,
    document_id_of,
    evolve,
    make,
    organ_id_of,
    require_text,
)
from ._parts import (
    MAX_LENGTH,
    AttachmentLike,
    OrganizationLike,
    as_attachments,
    as_code,
    as_document_type,
    as_recipients,
    check_date,
    issued_on,
    own_document_id,
    own_identity,
    package_of,
    recipients_subset,
    target_of,
)

REASON_NEW = "Văn bản điện tử mới"
REASON_REVOKE = "Thu hồi văn bản điện tử"
REASON_UPDATE = "Cập nhật văn bản điện tử"
REASON_REPLACE = "Văn bản thay thế"
"""``BussinessDocReason`` defaults: the texts of the official SDK samples."""

# --- new ---------------------------------------------------------------------------------------


# long: the public signature (28 keyword arguments, one per element) and its docstring are
# half of it; the body is the checks and one MessageHeader, in the SDK's order.
def new_document(
    *,
    sender: OrganizationLike,
    recipients: Sequence[OrganizationLike],
    code_number: str | int,
    code_notation: str,
    subject: str,
    promulgation_place: str,
    promulgation_date: dt.date,
    document_type: DocumentType | str,
    signer: SignerInfo | Mapping[str, object],
    content: str | None = None,
    due_date: dt.date | None = None,
    document_id: str | DocumentId | None = None,
    attachments: Iterable[AttachmentLike] = (),
    staff: StaffInfo | Mapping[str, object] | None = None,
    now: dt.datetime | None = None,
    priority: Priority | int = Priority.NORMAL,
    sphere_of_promulgation: str | None = None,
    typer_notation: str | None = None,
    promulgation_amount: int | None = None,
    page_amount: int | None = None,
    appendixes: Sequence[str] | None = None,
    steering_type: SteeringType | int = SteeringType.NOT_STEERING,
    to_places: Sequence[str] | None = None,
    response_for: Sequence[ResponseFor] = (),
    paper: Paper | int = Paper.NO_PAPER,
    reason: str = REASON_NEW,
    _business: BussinessDocType = BussinessDocType.NEW,
) -> Edoc:
    """A new document (``BussinessDocType`` 0) as the official SDK writes it.

    ``DocumentId`` is generated in the SDK form ``<OrganId>,<yyyy/MM/dd>,<number>/<notation>``
    from the sender, the promulgation date and the code unless ``document_id`` is given (then
    it is used verbatim).  ``document_type`` is a :class:`DocumentType` or a type name
    (``"Công văn"`` becomes Type 2 / TypeDetail 18).  ``signer`` is a :class:`SignerInfo` or a
    mapping with ``competence``, ``position``, ``full_name``.  ``OtherInfo`` gets the SDK
    defaults (Priority 0, Direction false); ``SteeringType`` defaults to 0 (not steering).
    ``attachments`` are :class:`Attachment` objects or file paths; each gets its manifest
    ``Reference``.  ``now`` (default: the current local time) stamps the ``TraceHeader``.
    """
    moment = as_now(now)
    org = as_organization(sender, "sender")
    to = as_recipients(recipients, "recipients")
    code = as_code(code_number, code_notation)
    require_text(subject, "subject", MAX_LENGTH["subject"])
    require_text(promulgation_place, "promulgation_place", MAX_LENGTH["promulgation_place"])
    day = issued_on(promulgation_date, due_date, moment)
    doc_id = own_document_id(document_id, org, day, code)
    header = make(
        MessageHeader,
        sender=org,
        to=to,
        document_id=doc_id,
        code=code,
        promulgation_info=make(PromulgationInfo, place=promulgation_place, promulgation_date=day),
        document_type=as_document_type(document_type),
        subject=subject,
        content=content,
        signer_info=as_signer(signer),
        due_date=due_date,
        other_info=make(
            OtherInfo,
            priority=priority,
            sphere_of_promulgation=sphere_of_promulgation,
            typer_notation=typer_notation,
            promulgation_amount=promulgation_amount,
            page_amount=page_amount,
            direction=False,
            appendixes=appendixes or None,
        ),
        response_for=response_for,
        steering_type=steering_type,
        to_places=to_places or None,
    )
    bussiness = make(
        Bussiness,
        bussiness_doc_type=_business,
        bussiness_doc_reason=reason,
        paper=paper,
        staff_info=as_staff(staff),
    )
    return package_of(header, moment, bussiness, as_attachments(attachments))


def _acting_on(
    target: Edoc,
    kind: BussinessDocType,
    reason: str,
    paper: Paper | int,
    staff: StaffInfo | Mapping[str, Any] | None,
    **fields: Any,
) -> Bussiness:
    """The ``Bussiness`` of a revoke/update package: ``Bussiness/DocumentId`` is the target's
    DocumentId verbatim."""
    return make(
        Bussiness,
        document_id=target.header.document_id,
        bussiness_doc_type=kind,
        bussiness_doc_reason=reason,
        paper=paper,
        staff_info=as_staff(staff),
        **fields,
    )


# --- revoke ------------------------------------------------------------------------------------


def revoke(
    original: Edoc,
    *,
    reason: str = REASON_REVOKE,
    now: dt.datetime | None = None,
    staff: StaffInfo | Mapping[str, object] | None = None,
    recipients: Sequence[OrganizationLike] | None = None,
    code_number: str | int | None = None,
    code_notation: str | None = None,
    promulgation_date: dt.date | None = None,
    document_id: str | DocumentId | None = None,
    subject: str | None = None,
    content: str | None = None,
    signer: SignerInfo | Mapping[str, object] | None = None,
    attachments: Iterable[AttachmentLike] = (),
    paper: Paper | int = Paper.NO_PAPER,
) -> Edoc:
    """A revoke package (``BussinessDocType`` 1) taking ``original`` back from its recipients.

    By default it re-sends the original's metadata, as the SDK samples do; give
    ``code_number``/``code_notation`` (and optionally ``promulgation_date``) when the revoke
    notice has a number of its own.  ``recipients`` narrows it to some of the original's
    recipients.  ``Bussiness/DocumentId`` is the original's DocumentId verbatim.
    """
    target = target_of(original, "revoke")
    moment = as_now(now)
    require_text(reason, "reason")
    to = target.header.to
    if recipients is not None:
        to = recipients_subset(target, recipients, "recipients")
    changes = own_identity(
        target, moment, code_number, code_notation, promulgation_date, document_id
    )
    if subject is not None:
        changes["subject"] = require_text(subject, "subject", MAX_LENGTH["subject"])
    if content is not None:
        changes["content"] = content
    if signer is not None:
        changes["signer_info"] = as_signer(signer)
    header = evolve(target.header, to=to, due_date=None, order=None, **changes)
    bussiness = _acting_on(target, BussinessDocType.REVOKE, reason, paper, staff)
    return package_of(header, moment, bussiness, as_attachments(attachments))


# --- update ------------------------------------------------------------------------------------

# Header fields an update may change (snake_case names of ``MessageHeader`` attributes).
_UPDATABLE = {
    "subject": "subject",
    "content": "content",
    "due_date": "due_date",
    "signer": "signer_info",
    "signer_info": "signer_info",
    "document_type": "document_type",
    "other_info": "other_info",
    "steering_type": "steering_type",
    "to_places": "to_places",
    "promulgation_place": "promulgation_place",
}


def update(
    original: Edoc,
    *,
    changes: Mapping[str, object] | None = None,
    added_recipients: Sequence[OrganizationLike] = (),
    removed_recipients: Sequence[OrganizationLike] = (),
    document_info_changed: bool | None = None,
    attachments: Iterable[AttachmentLike] | None = None,
    reason: str = REASON_UPDATE,
    now: dt.datetime | None = None,
    staff: StaffInfo | Mapping[str, object] | None = None,
    code_number: str | int | None = None,
    code_notation: str | None = None,
    promulgation_date: dt.date | None = None,
    document_id: str | DocumentId | None = None,
    paper: Paper | int = Paper.NO_PAPER,
) -> Edoc:
    """An update package (``BussinessDocType`` 2) for ``original``.

    ``changes`` maps header fields to new values (``subject``, ``content``, ``due_date``,
    ``signer``, ``document_type``, ``other_info``, ``steering_type``, ``to_places``,
    ``promulgation_place``); ``attachments`` replaces the files (``None`` re-sends the
    original's).  ``BussinessDocumentInfo`` says what changed: ``DocumentInfo`` 1 when metadata
    or files changed (``document_info_changed`` overrides), ``DocumentReceiver`` 1 with a
    ``ReceiverList`` of ``Receiver`` (``ReceiverType`` 1 added, 0 removed) when recipients
    changed.  The package goes to the original's recipients *including the removed ones* (they
    must learn they are removed) plus the added ones.  An update that changes nothing is refused.
    """
    target = target_of(original, "update")
    moment = as_now(now)
    require_text(reason, "reason")
    header_changes = _header_changes(target, changes or {})
    added, removed = _recipient_changes(target, added_recipients, removed_recipients)
    files = as_attachments(attachments) if attachments is not None else list(target.attachments)
    meta = any(getattr(target.header, k) != v for k, v in header_changes.items())
    meta = meta or attachments is not None
    if document_info_changed is not None:
        meta = bool(document_info_changed)
    doc_info = _update_info(meta, added, removed)
    identity = own_identity(
        target, moment, code_number, code_notation, promulgation_date, document_id
    )
    # A number of its own (identity) decides the PromulgationInfo over a changed place.
    header_changes.update(identity)
    header = evolve(target.header, to=target.header.to + added, order=None, **header_changes)
    info = (doc_info,)
    bussiness = _acting_on(
        target, BussinessDocType.UPDATE, reason, paper, staff, bussiness_document_info=info
    )
    return package_of(header, moment, bussiness, files)


def _header_changes(target: Edoc, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The ``MessageHeader`` fields an update's ``changes`` set, each value checked."""
    header_changes: dict[str, Any] = {}
    for key, value in changes.items():
        name = _UPDATABLE.get(key)
        path = f"changes.{key}"
        if name is None:
            raise BuildError(
                f"cannot be changed by an update (allowed: {', '.join(sorted(_UPDATABLE))})",
                path=path,
            )
        if name == "promulgation_place":
            info = target.header.promulgation_info or make(PromulgationInfo)
            require_text(value, path, MAX_LENGTH["promulgation_place"])
            header_changes["promulgation_info"] = evolve(info, place=value, order=None)
        else:
            header_changes[name] = _changed_value(target, name, value, path)
    return header_changes


def _changed_value(target: Edoc, name: str, value: Any, path: str) -> Any:
    """One new header value, checked and converted like the same argument of new_document."""
    if name == "signer_info":
        return as_signer(value, path)
    if name == "document_type":
        return as_document_type(value)
    if name == "subject":
        return require_text(value, path, MAX_LENGTH["subject"])
    if name == "due_date" and value is not None:
        day = check_date(value, path)
        info = target.header.promulgation_info
        issued = info.promulgation_date if info is not None else None
        if isinstance(issued, dt.date) and day < issued:
            raise BuildError("the due date is before the promulgation date", path=path)
        return day
    return value


def _recipient_changes(
    target: Edoc,
    added_recipients: Sequence[OrganizationLike],
    removed_recipients: Sequence[OrganizationLike],
) -> tuple[tuple[Organization, ...], tuple[str, ...]]:
    """The agencies an update adds and the OrganIds it removes; at least one must remain."""
    current = {o.organ_id for o in target.header.to}
    added = tuple(
        as_organization(v, f"added_recipients[{i}]") for i, v in enumerate(added_recipients)
    )
    removed = tuple(
        organ_id_of(v, f"removed_recipients[{i}]") for i, v in enumerate(removed_recipients)
    )
    for i, org in enumerate(added):
        if org.organ_id in current:
            raise BuildError(
                f"{org.organ_id} is already a recipient", path=f"added_recipients[{i}]"
            )
        if org.organ_id in [a.organ_id for a in added[:i]]:
            raise BuildError(f"{org.organ_id} is listed twice", path=f"added_recipients[{i}]")
    for i, organ in enumerate(removed):
        if organ not in current:
            raise BuildError(
                f"{organ} is not a recipient of the original", path=f"removed_recipients[{i}]"
            )
        if organ in removed[:i]:
            raise BuildError(f"{organ} is listed twice", path=f"removed_recipients[{i}]")
    if len(current - set(removed)) + len(added) == 0:
        raise BuildError("the update would leave no recipient", path="removed_recipients")
    return added, removed


def _update_info(
    meta: bool, added: Sequence[Organization], removed: Sequence[str]
) -> BussinessDocumentInfo:
    """``BussinessDocumentInfo``: what changed, and the ``ReceiverList`` of added/removed."""
    receivers_changed = bool(added or removed)
    if not meta and not receivers_changed:
        raise BuildError(
            "the update changes nothing (give changes, attachments, added_recipients or "
            "removed_recipients)",
            path="changes",
        )
    receiver_list = None
    if receivers_changed:
        receiver_list = make(
            ReceiverList,
            receivers=[
                make(Receiver, organ_id=o.organ_id, receiver_type=ReceiverType.ADDED) for o in added
            ]
            + [make(Receiver, organ_id=r, receiver_type=ReceiverType.REMOVED) for r in removed],
        )
    return make(
        BussinessDocumentInfo,
        document_info=1 if meta else 0,
        document_receiver=1 if receivers_changed else 0,
        receiver_list=receiver_list,
    )


# --- replace -----------------------------------------------------------------------------------


def replace(
    original: Edoc,
    *,
    code_number: str | int,
    code_notation: str,
    subject: str,
    promulgation_date: dt.date,
    replaced_for: Sequence[OrganizationLike] | None = None,
    recipients: Sequence[OrganizationLike] | None = None,
    reason: str = REASON_REPLACE,
    now: dt.datetime | None = None,
    staff: StaffInfo | Mapping[str, object] | None = None,
    document_id: str | DocumentId | None = None,
    attachments: Iterable[AttachmentLike] = (),
    **fields: object,
) -> Edoc:
    """A replacement document (``BussinessDocType`` 3) that replaces ``original``.

    It is a new document with its own number (``code_number``, ``code_notation``, ``subject``,
    ``promulgation_date``; any other :func:`new_document` argument in ``fields``, defaulting to
    the original's sender, recipients, place, type and signer).  ``ReplacementInfoList`` holds
    one ``ReplacementInfo``: the original's DocumentId verbatim and the recipients for whom it is
    replaced (``replaced_for``, default: all the original's recipients).
    """
    target = target_of(original, "replace")
    h = target.header
    checked = _replacement_fields(target, fields)
    to = recipients if recipients is not None else h.to
    replaced = h.to
    if replaced_for is not None:
        replaced = recipients_subset(target, replaced_for, "replaced_for")
    target_id = document_id_of(target)
    edoc = new_document(
        sender=h.sender,  # type: ignore[arg-type]  # checked by target_of
        recipients=to,
        code_number=code_number,
        code_notation=code_notation,
        subject=subject,
        promulgation_date=promulgation_date,
        document_id=document_id,
        attachments=attachments,
        staff=staff,
        now=now,
        reason=reason,
        _business=BussinessDocType.REPLACE,
        **checked,
    )
    if edoc.header.document_id == target_id:
        raise BuildError(
            "a replacement is a new document: its DocumentId must differ from the original's",
            path="document_id",
        )
    return _replacing(edoc, target_id, replaced)


def _replacement_fields(target: Edoc, fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` checked against new_document's arguments, the original's values filled in."""
    h = target.header
    if "sender" in fields:
        raise BuildError("a replacement comes from the original's sender", path="sender")
    unknown = set(fields) - _REPLACE_FIELDS
    if unknown:
        key = sorted(unknown)[0]
        raise BuildError("not an argument of new_document", path=key)
    defaults: dict[str, Any] = {
        "promulgation_place": h.promulgation_info.place if h.promulgation_info else None,
        "document_type": h.document_type,
        "signer": h.signer_info,
        "priority": (
            h.other_info.priority
            if h.other_info and h.other_info.priority is not None
            else Priority.NORMAL
        ),
        "steering_type": h.steering_type
        if h.steering_type is not None
        else SteeringType.NOT_STEERING,
    }
    for key, value in defaults.items():
        if fields.get(key) is None:
            if value is None:
                raise BuildError("the original has none to reuse: give it", path=key)
            fields[key] = value
    return fields


def _replacing(edoc: Edoc, target_id: str, replaced: Sequence[Organization]) -> Edoc:
    """``edoc`` with ``Bussiness`` naming the document it replaces, and for whom."""
    trace = edoc.trace_header_list
    assert trace is not None and trace.bussiness is not None
    info = make(
        ReplacementInfo,
        document_id=target_id,
        organ_id_list=tuple(o.organ_id or "" for o in replaced),
    )
    bussiness = evolve(
        trace.bussiness,
        document_id=target_id,
        replacement_info_list=(make(ReplacementInfoList, replacement_info=(info,)),),
    )
    return evolve(edoc, trace_header_list=evolve(trace, bussiness=bussiness))


# What `replace(**fields)` may pass on: the arguments of new_document that replace does not take
# itself (the sender is the original's; the business type is fixed).
_REPLACE_FIELDS = (
    set(inspect.signature(new_document).parameters)
    - set(inspect.signature(replace).parameters)
    - {"sender", "_business"}
)


__all__ = [
    "REASON_NEW",
    "REASON_REPLACE",
    "REASON_REVOKE",
    "REASON_UPDATE",
    "new_document",
    "replace",
    "revoke",
    "update",
]
