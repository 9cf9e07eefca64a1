"""``MessageHeader`` of an edoc and its parts (spec §2), plus the organisation block (§2.2)."""

from __future__ import annotations

import datetime as dt

import attrs

from .base import Node, element
from .codes import DocumentKind, Priority, SteeringType
from .values import Kind, Raw


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Organization(Node):
    """``From`` / ``To``: an agency.  ``organ_id`` is its identifier (mã định danh)."""

    XML_NAME = "Organization"
    organ_id: str | None = element("OrganId")
    organization_in_charge: str | None = element("OrganizationInCharge")
    organ_name: str | None = element("OrganName")
    organ_add: str | None = element("OrganAdd")
    email: str | None = element("Email")
    telephone: str | None = element("Telephone")
    fax: str | None = element("Fax")
    website: str | None = element("Website")


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Code(Node):
    """``Code``: number (số) and notation (ký hiệu) of the document."""

    XML_NAME = "Code"
    code_number: str | None = element("CodeNumber")
    code_notation: str | None = element("CodeNotation")

    def __str__(self) -> str:
        return f"{self.code_number or ''}/{self.code_notation or ''}"


@attrs.frozen(kw_only=True, eq=False, repr=False)
class PromulgationInfo(Node):
    """``PromulgationInfo``: place and date of promulgation (yyyy/MM/dd)."""

    XML_NAME = "PromulgationInfo"
    place: str | None = element("Place")
    promulgation_date: dt.date | Raw | None = element("PromulgationDate", Kind.DATE)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class DocumentType(Node):
    """``DocumentType``: 1 legal / 2 administrative, index in the list, and the name."""

    XML_NAME = "DocumentType"
    type: DocumentKind | Raw | None = element("Type", Kind.CODE, enum_cls=DocumentKind)
    type_detail: int | Raw | None = element("TypeDetail", Kind.INT)
    type_name: str | None = element("TypeName")


@attrs.frozen(kw_only=True, eq=False, repr=False)
class SignerInfo(Node):
    """``SignerInfo``: competence (thẩm quyền, e.g. "KT. BỘ TRƯỞNG"), position, full name."""

    XML_NAME = "SignerInfo"
    competence: str | None = element("Competence")
    position: str | None = element("Position")
    full_name: str | None = element("FullName")


@attrs.frozen(kw_only=True, eq=False, repr=False)
class OtherInfo(Node):
    """``OtherInfo``: priority, circulation, typist, copies, pages, VNPT extensions, appendixes."""

    XML_NAME = "OtherInfo"
    priority: Priority | Raw | None = element("Priority", Kind.CODE, enum_cls=Priority)
    sphere_of_promulgation: str | None = element("SphereOfPromulgation")
    typer_notation: str | None = element("TyperNotation")
    promulgation_amount: int | Raw | None = element("PromulgationAmount", Kind.INT)
    page_amount: int | Raw | None = element("PageAmount", Kind.INT)
    direction: bool | Raw | None = element("Direction", Kind.BOOL)  # VNPT extension
    reply_fors: str | None = element("ReplyFors")  # VNPT extension
    reference_codes: str | None = element("ReferenceCodes")  # VNPT extension
    appendixes: tuple[str, ...] | None = element("Appendixes", Kind.TEXTLIST, item="Appendix")


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ResponseFor(Node):
    """``ResponseFor``: the document this one (or this status) answers.

    The SDK writes OrganId, Code, DocumentId, PromulgationDate in this order; a hub
    re-serialises an empty one as ``<edXML:ResponseFor />`` (all fields ``None``).
    """

    XML_NAME = "ResponseFor"
    organ_id: str | None = element("OrganId")
    code: str | None = element("Code")
    document_id: str | None = element("DocumentId")
    promulgation_date: dt.date | Raw | None = element("PromulgationDate", Kind.DATE)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ResponseForTask(Node):
    """``ResponseForTask`` (VNPT extension): task codes this document responds to."""

    XML_NAME = "ResponseForTask"
    task_codes: tuple[str, ...] = element("TaskCode", many=True)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class MessageHeader(Node):
    """``MessageHeader`` of an edoc, fields in the order SDK 0.0.3 writes them."""

    XML_NAME = "MessageHeader"
    sender: Organization | None = element("From", Kind.NODE, node=Organization)
    to: tuple[Organization, ...] = element("To", Kind.NODE, node=Organization, many=True)
    document_id: str | None = element("DocumentId")
    code: Code | None = element("Code", Kind.NODE, node=Code)
    promulgation_info: PromulgationInfo | None = element(
        "PromulgationInfo", Kind.NODE, node=PromulgationInfo
    )
    document_type: DocumentType | None = element("DocumentType", Kind.NODE, node=DocumentType)
    subject: str | None = element("Subject")
    content: str | None = element("Content")
    signer_info: SignerInfo | None = element("SignerInfo", Kind.NODE, node=SignerInfo)
    due_date: dt.date | Raw | None = element("DueDate", Kind.DATE)
    other_info: OtherInfo | None = element("OtherInfo", Kind.NODE, node=OtherInfo)
    response_for: tuple[ResponseFor, ...] = element(
        "ResponseFor", Kind.NODE, node=ResponseFor, many=True
    )
    steering_type: SteeringType | Raw | None = element(
        "SteeringType", Kind.CODE, enum_cls=SteeringType
    )
    response_for_task: ResponseForTask | None = element(
        "ResponseForTask", Kind.NODE, node=ResponseForTask
    )
    application_type: str | None = element("ApplicationType")  # VNPT ext.
    to_places: tuple[str, ...] | None = element("ToPlaces", Kind.TEXTLIST, item="Place")


__all__ = [
    "Code",
    "DocumentType",
    "MessageHeader",
    "Organization",
    "OtherInfo",
    "PromulgationInfo",
    "ResponseFor",
    "ResponseForTask",
    "SignerInfo",
]
