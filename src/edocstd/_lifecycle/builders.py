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
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .._errors import BuildError
from .._ids import DocumentId
from .._model.attachment import Attachment, Manifest
from .._model.codes import (
    ADMINISTRATIVE_DOCUMENT_TYPES,
    LEGAL_DOCUMENT_TYPES,
    BussinessDocType,
    DocumentKind,
    Paper,
    Priority,
    ReceiverType,
    SteeringType,
)
from .._model.header import (
    Code,
    DocumentType,
    MessageHeader,
    Organization,
    OtherInfo,
    PromulgationInfo,
    ResponseFor,
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
    TraceHeader,
    TraceHeaderList,
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

REASON_NEW = "Văn bản điện tử mới"
REASON_REVOKE = "Thu hồi văn bản điện tử"
REASON_UPDATE = "Cập nhật văn bản điện tử"
REASON_REPLACE = "Văn bản thay thế"
"""``BussinessDocReason`` defaults: the texts of the official SDK samples."""

# Lengths enforced by the validators agencies run (spec §9.1); a package beyond them is refused.
_MAX = {
    "code_number": 11,
    "code_notation": 30,
    "subject": 500,
    "promulgation_place": 50,
}

AttachmentLike = Attachment | str | os.PathLike[str]
OrganizationLike = Organization | Mapping[str, Any] | str


# --- helpers -----------------------------------------------------------------------------------


def _document_type(value: object) -> DocumentType:
    """``DocumentType`` from itself or a name: list B (administrative) first, then list A."""
    if isinstance(value, DocumentType):
        return value
    if isinstance(value, str):
        name = require_text(value, "document_type", 100)
        folded = name.strip().casefold()
        for kind, table in (
            (DocumentKind.ADMINISTRATIVE, ADMINISTRATIVE_DOCUMENT_TYPES),
            (DocumentKind.LEGAL, LEGAL_DOCUMENT_TYPES),
        ):
            for index, label in table.items():
                if label.casefold() == folded:
                    return make(DocumentType, type=kind, type_detail=index, type_name=label)
        return make(DocumentType, type=DocumentKind.ADMINISTRATIVE, type_name=name)
    raise BuildError(
        f"expected DocumentType or a type name such as 'Công văn', got {type(value).__name__}",
        path="document_type",
    )


def _attachments(items: Iterable[AttachmentLike], path: str = "attachments") -> list[Attachment]:
    if isinstance(items, (str, bytes, os.PathLike)):
        raise BuildError("expected a list of attachments", path=path)
    out: list[Attachment] = []
    for i, item in enumerate(items):
        if isinstance(item, Attachment):
            out.append(item)
        elif isinstance(item, (str, os.PathLike)):
            out.append(Attachment.create(item))
        else:
            raise BuildError(
                f"expected an Attachment or a file path, got {type(item).__name__}",
                path=f"{path}[{i}]",
            )
    seen: set[str] = set()
    for i, att in enumerate(out):
        cid = (att.content_id or "").strip()
        if cid in seen:
            raise BuildError(f"ContentId {cid!r} is used twice", path=f"{path}[{i}]")
        seen.add(cid)
    return out


def _with_files(edoc: Edoc, attachments: Sequence[Attachment]) -> Edoc:
    edoc = evolve(edoc, manifest=make(Manifest, attributes=(("version", "1.0"),)), attachments=())
    return edoc.with_attachments(*attachments) if attachments else edoc


def _recipients(values: Iterable[OrganizationLike], path: str) -> tuple[Organization, ...]:
    if isinstance(values, (str, bytes, Mapping, Organization)):
        raise BuildError("expected a list of agencies", path=path)
    out = tuple(as_organization(v, f"{path}[{i}]") for i, v in enumerate(values))
    if not out:
        raise BuildError("a document needs at least one recipient", path=path)
    seen: set[str] = set()
    for i, org in enumerate(out):
        assert org.organ_id is not None
        if org.organ_id in seen:
            raise BuildError(f"{org.organ_id} is listed twice", path=f"{path}[{i}]")
        seen.add(org.organ_id)
    return out


def _check_date(value: object, path: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise BuildError(f"expected a date, got {type(value).__name__}", path=path)
    return value


def _trace(sender: Organization, now: dt.datetime, bussiness: Bussiness) -> TraceHeaderList:
    return make(
        TraceHeaderList,
        bussiness=bussiness,
        trace_headers=(make(TraceHeader, organ_id=sender.organ_id, timestamp=now),),
    )


def _target(original: object, action: str) -> Edoc:
    """Check that ``original`` is an edoc that can be the target of ``action``."""
    if not isinstance(original, Edoc):
        raise BuildError(
            f"can only {action} an edoc, got {type(original).__name__}", path="original"
        )
    document_id_of(original)
    if original.header.sender is None or not original.header.sender.organ_id:
        raise BuildError("the original has no sender", path="original.MessageHeader.From")
    if original.business_type is BussinessDocType.REVOKE:
        raise BuildError(
            f"cannot {action} a package that is itself a revoke (BussinessDocType 1)",
            path="original.TraceHeaderList.Bussiness.BussinessDocType",
        )
    if not original.header.to:
        raise BuildError("the original has no recipients", path="original.MessageHeader.To")
    return original


def _own_identity(
    original: Edoc,
    *,
    code_number: str | int | None,
    code_notation: str | None,
    promulgation_date: dt.date | None,
    document_id: str | DocumentId | None,
    now: dt.datetime,
) -> dict[str, Any]:
    """Header fields for a revoke/update package: its own number when given, else the original's.

    The official SDK samples re-send the original's metadata (same Code, same DocumentId);
    agencies that number their revoke/update notices give ``code_number``/``code_notation``
    and get a DocumentId of their own in the SDK form.
    """
    if code_number is None and code_notation is None:
        if document_id is not None:
            raise BuildError(
                "a DocumentId of its own needs code_number and code_notation", path="document_id"
            )
        if promulgation_date is not None:
            raise BuildError(
                "a promulgation date of its own needs code_number and code_notation",
                path="promulgation_date",
            )
        return {}
    if code_number is None or code_notation is None:
        missing = "code_number" if code_number is None else "code_notation"
        raise BuildError("give both code_number and code_notation", path=missing)
    number = str(code_number)
    require_text(number, "code_number", _MAX["code_number"])
    require_text(code_notation, "code_notation", _MAX["code_notation"])
    day = _check_date(promulgation_date, "promulgation_date") if promulgation_date else now.date()
    sender = original.header.sender
    assert sender is not None and sender.organ_id is not None
    if document_id is None:
        own = _sdk_document_id(sender.organ_id, day, number, code_notation)
    else:
        own = require_text(str(document_id), "document_id")
    if own == original.header.document_id:
        raise BuildError("must differ from the original's DocumentId", path="document_id")
    place = original.header.promulgation_info.place if original.header.promulgation_info else None
    return {
        "document_id": own,
        "code": make(Code, code_number=number, code_notation=code_notation),
        "promulgation_info": make(PromulgationInfo, place=place, promulgation_date=day),
    }


# --- new ---------------------------------------------------------------------------------------


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
    signer: Any,
    content: str | None = None,
    due_date: dt.date | None = None,
    document_id: str | DocumentId | None = None,
    attachments: Iterable[AttachmentLike] = (),
    staff: StaffInfo | Mapping[str, Any] | None = None,
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
    to = _recipients(recipients, "recipients")
    number = str(code_number) if isinstance(code_number, int) else code_number
    require_text(number, "code_number", _MAX["code_number"])
    require_text(code_notation, "code_notation", _MAX["code_notation"])
    require_text(subject, "subject", _MAX["subject"])
    require_text(promulgation_place, "promulgation_place", _MAX["promulgation_place"])
    day = _check_date(promulgation_date, "promulgation_date")
    if day > moment.date():
        raise BuildError(
            f"{day:%Y/%m/%d} is in the future (now is {moment:%Y/%m/%d})",
            path="promulgation_date",
            message_vi=f"{day:%Y/%m/%d} là ngày trong tương lai (hôm nay là {moment:%Y/%m/%d})",
        )
    if due_date is not None and _check_date(due_date, "due_date") < day:
        raise BuildError(
            "the due date is before the promulgation date",
            path="due_date",
            message_vi="hạn xử lý trước ngày ban hành",
        )
    if document_id is None:
        assert org.organ_id is not None
        doc_id = _sdk_document_id(org.organ_id, day, number, code_notation)
    else:
        doc_id = require_text(str(document_id), "document_id")
    header = make(
        MessageHeader,
        sender=org,
        to=to,
        document_id=doc_id,
        code=make(Code, code_number=number, code_notation=code_notation),
        promulgation_info=make(PromulgationInfo, place=promulgation_place, promulgation_date=day),
        document_type=_document_type(document_type),
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
    edoc = Edoc(header=header, trace_header_list=_trace(org, moment, bussiness))
    return _with_files(edoc, _attachments(attachments))


# --- revoke ------------------------------------------------------------------------------------


def revoke(
    original: Edoc,
    *,
    reason: str = REASON_REVOKE,
    now: dt.datetime | None = None,
    staff: StaffInfo | Mapping[str, Any] | None = None,
    recipients: Sequence[OrganizationLike] | None = None,
    code_number: str | int | None = None,
    code_notation: str | None = None,
    promulgation_date: dt.date | None = None,
    document_id: str | DocumentId | None = None,
    subject: str | None = None,
    content: str | None = None,
    signer: Any = None,
    attachments: Iterable[AttachmentLike] = (),
    paper: Paper | int = Paper.NO_PAPER,
) -> Edoc:
    """A revoke package (``BussinessDocType`` 1) taking ``original`` back from its recipients.

    By default it re-sends the original's metadata, as the SDK samples do; give
    ``code_number``/``code_notation`` (and optionally ``promulgation_date``) when the revoke
    notice has a number of its own.  ``recipients`` narrows it to some of the original's
    recipients.  ``Bussiness/DocumentId`` is the original's DocumentId verbatim.
    """
    target = _target(original, "revoke")
    moment = as_now(now)
    require_text(reason, "reason")
    to = target.header.to
    if recipients is not None:
        to = _subset(target, recipients, "recipients")
    changes = _own_identity(
        target,
        code_number=code_number,
        code_notation=code_notation,
        promulgation_date=promulgation_date,
        document_id=document_id,
        now=moment,
    )
    if subject is not None:
        changes["subject"] = require_text(subject, "subject", _MAX["subject"])
    if content is not None:
        changes["content"] = content
    if signer is not None:
        changes["signer_info"] = as_signer(signer)
    header = evolve(target.header, to=to, due_date=None, order=None, **changes)
    sender = target.header.sender
    assert sender is not None
    bussiness = make(
        Bussiness,
        document_id=target.header.document_id,
        bussiness_doc_type=BussinessDocType.REVOKE,
        bussiness_doc_reason=reason,
        paper=paper,
        staff_info=as_staff(staff),
    )
    edoc = Edoc(header=header, trace_header_list=_trace(sender, moment, bussiness))
    return _with_files(edoc, _attachments(attachments))


def _subset(
    target: Edoc, values: Sequence[OrganizationLike], path: str
) -> tuple[Organization, ...]:
    by_id = {o.organ_id: o for o in target.header.to}
    out: list[Organization] = []
    ids = [organ_id_of(v, f"{path}[{i}]") for i, v in enumerate(values)]
    if not ids:
        raise BuildError("at least one recipient is needed", path=path)
    for i, organ in enumerate(ids):
        if organ not in by_id:
            raise BuildError(f"{organ} is not a recipient of the original", path=f"{path}[{i}]")
        if organ in ids[:i]:
            raise BuildError(f"{organ} is listed twice", path=f"{path}[{i}]")
        out.append(by_id[organ])
    return tuple(out)


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
    changes: Mapping[str, Any] | None = None,
    added_recipients: Sequence[OrganizationLike] = (),
    removed_recipients: Sequence[OrganizationLike] = (),
    document_info_changed: bool | None = None,
    attachments: Iterable[AttachmentLike] | None = None,
    reason: str = REASON_UPDATE,
    now: dt.datetime | None = None,
    staff: StaffInfo | Mapping[str, Any] | None = None,
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
    target = _target(original, "update")
    moment = as_now(now)
    require_text(reason, "reason")
    header_changes: dict[str, Any] = {}
    for key, value in (changes or {}).items():
        name = _UPDATABLE.get(key)
        if name is None:
            raise BuildError(
                f"cannot be changed by an update (allowed: {', '.join(sorted(_UPDATABLE))})",
                path=f"changes.{key}",
            )
        if name == "signer_info":
            value = as_signer(value, f"changes.{key}")
        elif name == "document_type":
            value = _document_type(value)
        elif name == "subject":
            value = require_text(value, f"changes.{key}", _MAX["subject"])
        elif name == "due_date" and value is not None:
            value = _check_date(value, f"changes.{key}")
            info = target.header.promulgation_info
            issued = info.promulgation_date if info is not None else None
            if isinstance(issued, dt.date) and value < issued:
                raise BuildError(
                    "the due date is before the promulgation date", path=f"changes.{key}"
                )
        if name == "promulgation_place":
            info = target.header.promulgation_info or make(PromulgationInfo)
            require_text(value, f"changes.{key}", _MAX["promulgation_place"])
            header_changes["promulgation_info"] = evolve(info, place=value, order=None)
            continue
        header_changes[name] = value
    changed_meta = any(getattr(target.header, k) != v for k, v in header_changes.items())
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
    files = _attachments(attachments) if attachments is not None else list(target.attachments)
    files_changed = attachments is not None
    meta = changed_meta or files_changed
    if document_info_changed is not None:
        meta = bool(document_info_changed)
    receivers_changed = bool(added or removed)
    if not meta and not receivers_changed:
        raise BuildError(
            "the update changes nothing (give changes, attachments, added_recipients or "
            "removed_recipients)",
            path="changes",
        )
    header_changes.update(
        _own_identity(
            target,
            code_number=code_number,
            code_notation=code_notation,
            promulgation_date=promulgation_date,
            document_id=document_id,
            now=moment,
        )
    )
    header = evolve(target.header, to=target.header.to + added, order=None, **header_changes)
    receiver_list = None
    if receivers_changed:
        receiver_list = make(
            ReceiverList,
            receivers=[
                make(Receiver, organ_id=o.organ_id, receiver_type=ReceiverType.ADDED) for o in added
            ]
            + [make(Receiver, organ_id=r, receiver_type=ReceiverType.REMOVED) for r in removed],
        )
    doc_info = make(
        BussinessDocumentInfo,
        document_info=1 if meta else 0,
        document_receiver=1 if receivers_changed else 0,
        receiver_list=receiver_list,
    )
    sender = target.header.sender
    assert sender is not None
    bussiness = make(
        Bussiness,
        document_id=target.header.document_id,
        bussiness_doc_type=BussinessDocType.UPDATE,
        bussiness_doc_reason=reason,
        paper=paper,
        bussiness_document_info=(doc_info,),
        staff_info=as_staff(staff),
    )
    edoc = Edoc(header=header, trace_header_list=_trace(sender, moment, bussiness))
    return _with_files(edoc, files)


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
    staff: StaffInfo | Mapping[str, Any] | None = None,
    document_id: str | DocumentId | None = None,
    attachments: Iterable[AttachmentLike] = (),
    **fields: Any,
) -> Edoc:
    """A replacement document (``BussinessDocType`` 3) that replaces ``original``.

    It is a new document with its own number (``code_number``, ``code_notation``, ``subject``,
    ``promulgation_date``; any other :func:`new_document` argument in ``fields``, defaulting to
    the original's sender, recipients, place, type and signer).  ``ReplacementInfoList`` holds
    one ``ReplacementInfo``: the original's DocumentId verbatim and the recipients for whom it is
    replaced (``replaced_for``, default: all the original's recipients).
    """
    target = _target(original, "replace")
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
    to = recipients if recipients is not None else h.to
    replaced = _subset(target, replaced_for, "replaced_for") if replaced_for is not None else h.to
    target_id = document_id_of(target)
    edoc = new_document(
        sender=h.sender,  # type: ignore[arg-type]  # checked by _target
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
        **fields,
    )
    if edoc.header.document_id == target_id:
        raise BuildError(
            "a replacement is a new document: its DocumentId must differ from the original's",
            path="document_id",
        )
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


_REPLACE_FIELDS = {
    "promulgation_place",
    "document_type",
    "signer",
    "content",
    "due_date",
    "priority",
    "sphere_of_promulgation",
    "typer_notation",
    "promulgation_amount",
    "page_amount",
    "appendixes",
    "steering_type",
    "to_places",
    "response_for",
    "paper",
}


_BUILD_ARGUMENT = {
    "organ_id": "sender",
    "date": "promulgation_date",
    "number": "code_number",
    "notation": "code_notation",
}


def _sdk_document_id(organ_id: str, day: dt.date, number: str, notation: str) -> str:
    """The SDK-form DocumentId; a refusal names the argument of the builder that was given."""
    try:
        return str(DocumentId.build(organ_id, day, number, notation))
    except BuildError as exc:
        raise BuildError(
            exc.message,
            path=_BUILD_ARGUMENT.get(exc.path or "", exc.path),
            message_vi=exc.written_vi,
        ) from None


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
