"""The parts every lifecycle builder assembles: checked arguments, the header's identity, the
trace, the files.

Shared by :mod:`.builders` (new, revoke, update, replace): each function checks one argument
or builds one part, and raises :class:`~edocstd.BuildError` whose ``path`` names the argument
or element at fault.
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
)
from .._model.header import (
    Code,
    DocumentType,
    MessageHeader,
    Organization,
    PromulgationInfo,
)
from .._model.package import Edoc
from .._model.trace import Bussiness, TraceHeader, TraceHeaderList
from ._common import (
    as_organization,
    document_id_of,
    evolve,
    make,
    organ_id_of,
    require_text,
)

# Lengths enforced by the validators agencies run (spec §9.1); a package beyond them is refused.
MAX_LENGTH = {
    "code_number": 11,
    "code_notation": 30,
    "subject": 500,
    "promulgation_place": 50,
}

AttachmentLike = Attachment | str | os.PathLike[str]
OrganizationLike = Organization | Mapping[str, object] | str


def as_document_type(value: object) -> DocumentType:
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


def as_attachments(items: Iterable[AttachmentLike], path: str = "attachments") -> list[Attachment]:
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


def as_recipients(values: Iterable[OrganizationLike], path: str) -> tuple[Organization, ...]:
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


def check_date(value: object, path: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise BuildError(f"expected a date, got {type(value).__name__}", path=path)
    return value


def as_code(code_number: str | int, code_notation: str) -> Code:
    """``Code`` (số / ký hiệu) within the lengths agencies' validators enforce."""
    number = str(code_number) if isinstance(code_number, int) else code_number
    require_text(number, "code_number", MAX_LENGTH["code_number"])
    require_text(code_notation, "code_notation", MAX_LENGTH["code_notation"])
    return make(Code, code_number=number, code_notation=code_notation)


def issued_on(promulgation_date: object, due_date: object, now: dt.datetime) -> dt.date:
    """The promulgation date: not in the future, not after the due date."""
    day = check_date(promulgation_date, "promulgation_date")
    if day > now.date():
        raise BuildError(
            f"{day:%Y/%m/%d} is in the future (now is {now:%Y/%m/%d})",
            path="promulgation_date",
            message_vi=f"{day:%Y/%m/%d} là ngày trong tương lai (hôm nay là {now:%Y/%m/%d})",
        )
    if due_date is not None and check_date(due_date, "due_date") < day:
        raise BuildError(
            "the due date is before the promulgation date",
            path="due_date",
            message_vi="hạn xử lý trước ngày ban hành",
        )
    return day


def own_document_id(
    given: str | DocumentId | None, sender: Organization, day: dt.date, code: Code
) -> str:
    """The given DocumentId verbatim, else the SDK form built from the sender, date and code."""
    if given is not None:
        return require_text(str(given), "document_id")
    assert sender.organ_id is not None and code.code_number and code.code_notation
    return _sdk_document_id(sender.organ_id, day, code.code_number, code.code_notation)


def _trace(sender: Organization, now: dt.datetime, bussiness: Bussiness) -> TraceHeaderList:
    return make(
        TraceHeaderList,
        bussiness=bussiness,
        trace_headers=(make(TraceHeader, organ_id=sender.organ_id, timestamp=now),),
    )


def package_of(
    header: MessageHeader, now: dt.datetime, bussiness: Bussiness, files: Sequence[Attachment]
) -> Edoc:
    """The edoc: ``header``, one ``TraceHeader`` (the sender, now) with ``bussiness``, files."""
    assert header.sender is not None
    edoc = Edoc(header=header, trace_header_list=_trace(header.sender, now, bussiness))
    return _with_files(edoc, files)


def target_of(original: object, action: str) -> Edoc:
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


def own_identity(
    original: Edoc,
    now: dt.datetime,
    code_number: str | int | None,
    code_notation: str | None,
    promulgation_date: dt.date | None,
    document_id: str | DocumentId | None,
    /,
) -> dict[str, Any]:
    """Header fields for a revoke/update package: its own number when given, else the original's.

    The arguments after ``now`` are those of :func:`revoke` and :func:`update` of the same name,
    in their order.

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
    code = as_code(str(code_number), code_notation)
    day = check_date(promulgation_date, "promulgation_date") if promulgation_date else now.date()
    assert original.header.sender is not None
    own = own_document_id(document_id, original.header.sender, day, code)
    if own == original.header.document_id:
        raise BuildError("must differ from the original's DocumentId", path="document_id")
    place = original.header.promulgation_info.place if original.header.promulgation_info else None
    return {
        "document_id": own,
        "code": code,
        "promulgation_info": make(PromulgationInfo, place=place, promulgation_date=day),
    }


def recipients_subset(
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
    "MAX_LENGTH",
    "AttachmentLike",
    "OrganizationLike",
    "as_attachments",
    "as_code",
    "as_document_type",
    "as_recipients",
    "check_date",
    "issued_on",
    "own_document_id",
    "own_identity",
    "package_of",
    "recipients_subset",
    "target_of",
]
