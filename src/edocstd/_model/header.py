"""``MessageHeader`` of an edoc and its parts (spec §2), plus the organisation block (§2.2)."""

from __future__ import annotations

import datetime as dt

import attrs

from .base import Node, element
from .codes import DocumentKind, Priority, SteeringType
from .values import Kind, Raw


@attrs.frozen(kw_only=True)
class Organization(Node):
    """``From`` / ``To``: an agency.  ``organ_id`` is its identifier (mã định danh, §5)."""

    XML_NAME = "Organization"
    organ_id: str | None = element("OrganId", owner="Organization")
    organization_in_charge: str | None = element("OrganizationInCharge", owner="Organization")
    organ_name: str | None = element("OrganName", owner="Organization")
    organ_add: str | None = element("OrganAdd", owner="Organization")
    email: str | None = element("Email", owner="Organization")
    telephone: str | None = element("Telephone", owner="Organization")
    fax: str | None = element("Fax", owner="Organization")
    website: str | None = element("Website", owner="Organization")


@attrs.frozen(kw_only=True)
class Code(Node):
    """``Code``: number (số) and notation (ký hiệu) of the document."""

    XML_NAME = "Code"
    code_number: str | None = element("CodeNumber", owner="Code")
    code_notation: str | None = element("CodeNotation", owner="Code")

    def __str__(self) -> str:
        return f"{self.code_number or ''}/{self.code_notation or ''}"


@attrs.frozen(kw_only=True)
class PromulgationInfo(Node):
    """``PromulgationInfo``: place and date of promulgation (yyyy/MM/dd)."""

    XML_NAME = "PromulgationInfo"
    place: str | None = element("Place", owner="PromulgationInfo")
    promulgation_date: dt.date | Raw | None = element(
        "PromulgationDate", Kind.DATE, owner="PromulgationInfo"
    )


@attrs.frozen(kw_only=True)
class DocumentType(Node):
    """``DocumentType``: 1 legal / 2 administrative, index in the list, and the name."""

    XML_NAME = "DocumentType"
    type: DocumentKind | Raw | None = element(
        "Type", Kind.CODE, owner="DocumentType", enum_cls=DocumentKind
    )
    type_detail: int | Raw | None = element("TypeDetail", Kind.INT, owner="DocumentType")
    type_name: str | None = element("TypeName", owner="DocumentType")


@attrs.frozen(kw_only=True)
class SignerInfo(Node):
    """``SignerInfo``: competence (thẩm quyền, e.g. "KT. BỘ TRƯỞNG"), position, full name."""

    XML_NAME = "SignerInfo"
    competence: str | None = element("Competence", owner="SignerInfo")
    position: str | None = element("Position", owner="SignerInfo")
    full_name: str | None = element("FullName", owner="SignerInfo")


@attrs.frozen(kw_only=True)
class OtherInfo(Node):
    """``OtherInfo``: priority, circulation, typist, copies, pages, VNPT extensions, appendixes."""

    XML_NAME = "OtherInfo"
    priority: Priority | Raw | None = element(
        "Priority", Kind.CODE, owner="OtherInfo", enum_cls=Priority
    )
    sphere_of_promulgation: str | None = element("SphereOfPromulgation", owner="OtherInfo")
    typer_notation: str | None = element("TyperNotation", owner="OtherInfo")
    promulgation_amount: int | Raw | None = element(
        "PromulgationAmount", Kind.INT, owner="OtherInfo"
    )
    page_amount: int | Raw | None = element("PageAmount", Kind.INT, owner="OtherInfo")
    direction: bool | Raw | None = element(
        "Direction", Kind.BOOL, owner="OtherInfo"
    )  # VNPT extension
    reply_fors: str | None = element("ReplyFors", owner="OtherInfo")  # VNPT extension
    reference_codes: str | None = element("ReferenceCodes", owner="OtherInfo")  # VNPT extension
    appendixes: tuple[str, ...] | None = element(
        "Appendixes", Kind.TEXTLIST, owner="OtherInfo", item="Appendix"
    )


@attrs.frozen(kw_only=True)
class ResponseFor(Node):
    """``ResponseFor``: the document this one (or this status) answers.

    The SDK writes OrganId, Code, DocumentId, PromulgationDate in this order; a hub
    re-serialises an empty one as ``<edXML:ResponseFor />`` (all fields ``None``).
    """

    XML_NAME = "ResponseFor"
    organ_id: str | None = element("OrganId", owner="ResponseFor")
    code: str | None = element("Code", owner="ResponseFor")
    document_id: str | None = element("DocumentId", owner="ResponseFor")
    promulgation_date: dt.date | Raw | None = element(
        "PromulgationDate", Kind.DATE, owner="ResponseFor"
    )


@attrs.frozen(kw_only=True)
class ResponseForTask(Node):
    """``ResponseForTask`` (VNPT extension): task codes this document responds to."""

    XML_NAME = "ResponseForTask"
    task_codes: tuple[str, ...] = element("TaskCode", owner="ResponseForTask", many=True)


@attrs.frozen(kw_only=True)
class MessageHeader(Node):
    """``MessageHeader`` of an edoc (spec §2.1), fields in the order SDK 0.0.3 writes them."""

    XML_NAME = "MessageHeader"
    sender: Organization | None = element(
        "From", Kind.NODE, owner="MessageHeader", node=Organization
    )
    to: tuple[Organization, ...] = element(
        "To", Kind.NODE, owner="MessageHeader", node=Organization, many=True
    )
    document_id: str | None = element("DocumentId", owner="MessageHeader")
    code: Code | None = element("Code", Kind.NODE, owner="MessageHeader", node=Code)
    promulgation_info: PromulgationInfo | None = element(
        "PromulgationInfo", Kind.NODE, owner="MessageHeader", node=PromulgationInfo
    )
    document_type: DocumentType | None = element(
        "DocumentType", Kind.NODE, owner="MessageHeader", node=DocumentType
    )
    subject: str | None = element("Subject", owner="MessageHeader")
    content: str | None = element("Content", owner="MessageHeader")
    signer_info: SignerInfo | None = element(
        "SignerInfo", Kind.NODE, owner="MessageHeader", node=SignerInfo
    )
    due_date: dt.date | Raw | None = element("DueDate", Kind.DATE, owner="MessageHeader")
    other_info: OtherInfo | None = element(
        "OtherInfo", Kind.NODE, owner="MessageHeader", node=OtherInfo
    )
    response_for: tuple[ResponseFor, ...] = element(
        "ResponseFor", Kind.NODE, owner="MessageHeader", node=ResponseFor, many=True
    )
    steering_type: SteeringType | Raw | None = element(
        "SteeringType", Kind.CODE, owner="MessageHeader", enum_cls=SteeringType
    )
    response_for_task: ResponseForTask | None = element(
        "ResponseForTask", Kind.NODE, owner="MessageHeader", node=ResponseForTask
    )
    application_type: str | None = element("ApplicationType", owner="MessageHeader")  # VNPT ext.
    to_places: tuple[str, ...] | None = element(
        "ToPlaces", Kind.TEXTLIST, owner="MessageHeader", item="Place"
    )


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
