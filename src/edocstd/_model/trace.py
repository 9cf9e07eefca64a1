"""``TraceHeaderList``: the trace of agencies a package passed through and the business
operation (``Bussiness``, spelling kept as in the standard), spec §3."""

from __future__ import annotations

import datetime as dt

import attrs

from .base import Node, element
from .codes import BussinessDocType, Paper, ReceiverType
from .values import Kind, Raw


@attrs.frozen(kw_only=True, eq=False, repr=False)
class TraceHeader(Node):
    """One hop: the agency (or hub) and when.  Hubs append one when they relay."""

    XML_NAME = "TraceHeader"
    organ_id: str | None = element("OrganId")
    timestamp: dt.datetime | Raw | None = element("Timestamp", Kind.TIMESTAMP)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class StaffInfo(Node):
    """``StaffInfo``: the clerk who acted (Department/DepartmentId/StaffId are partly VNPT ext.)."""

    XML_NAME = "StaffInfo"
    department: str | None = element("Department")
    department_id: str | None = element("DepartmentId")
    staff: str | None = element("Staff")
    staff_id: str | None = element("StaffId")
    email: str | None = element("Email")
    mobile: str | None = element("Mobile")


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Receiver(Node):
    """``Receiver`` in an update: a recipient removed (0) or added (1)."""

    XML_NAME = "Receiver"
    organ_id: str | None = element("OrganId")
    receiver_type: ReceiverType | Raw | None = element(
        "ReceiverType", Kind.CODE, enum_cls=ReceiverType
    )


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ReceiverList(Node):
    """``ReceiverList``: the recipients an update package adds or removes."""

    XML_NAME = "ReceiverList"
    receivers: tuple[Receiver, ...] = element("Receiver", Kind.NODE, node=Receiver, many=True)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class BussinessDocumentInfo(Node):
    """What an update (type 2) changes: metadata (``DocumentInfo``), recipients, and which."""

    XML_NAME = "BussinessDocumentInfo"
    document_info: int | Raw | None = element("DocumentInfo", Kind.INT)
    document_receiver: int | Raw | None = element("DocumentReceiver", Kind.INT)
    receiver_list: ReceiverList | None = element("ReceiverList", Kind.NODE, node=ReceiverList)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ReplacementInfo(Node):
    """A replaced document and the recipients for whom it is replaced (type 3)."""

    XML_NAME = "ReplacementInfo"
    document_id: str | None = element("DocumentId")
    organ_id_list: tuple[str, ...] | None = element("OrganIdList", Kind.TEXTLIST, item="OrganId")


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ReplacementInfoList(Node):
    """``ReplacementInfoList``: the documents a replacement package replaces, and for whom."""

    XML_NAME = "ReplacementInfoList"
    replacement_info: tuple[ReplacementInfo, ...] = element(
        "ReplacementInfo", Kind.NODE, node=ReplacementInfo, many=True
    )


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Bussiness(Node):
    """``Bussiness``: the business operation (new, revoke, update, replace) and its details."""

    XML_NAME = "Bussiness"
    document_id: str | None = element("DocumentId")
    bussiness_doc_type: BussinessDocType | Raw | None = element(
        "BussinessDocType", Kind.CODE, enum_cls=BussinessDocType
    )
    bussiness_doc_reason: str | None = element("BussinessDocReason")
    paper: Paper | Raw | None = element("Paper", Kind.CODE, enum_cls=Paper)
    bussiness_document_info: tuple[BussinessDocumentInfo, ...] = element(
        "BussinessDocumentInfo", Kind.NODE, node=BussinessDocumentInfo, many=True
    )
    replacement_info_list: tuple[ReplacementInfoList, ...] = element(
        "ReplacementInfoList", Kind.NODE, node=ReplacementInfoList, many=True
    )
    staff_info: StaffInfo | None = element("StaffInfo", Kind.NODE, node=StaffInfo)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class TraceHeaderList(Node):
    """``TraceHeaderList``: SDK 0.0.3 writes ``Bussiness`` before the ``TraceHeader`` entries;
    2018-era packages write them after.  Attributes (``id``, ``version``, .NET's
    ``mustUnderstand``/``actor``) are kept in ``attributes``."""

    XML_NAME = "TraceHeaderList"
    paper: Paper | Raw | None = element("Paper", Kind.CODE, enum_cls=Paper)  # odd, rare
    bussiness: Bussiness | None = element("Bussiness", Kind.NODE, node=Bussiness)
    trace_headers: tuple[TraceHeader, ...] = element(
        "TraceHeader", Kind.NODE, node=TraceHeader, many=True
    )


__all__ = [
    "Bussiness",
    "BussinessDocumentInfo",
    "Receiver",
    "ReceiverList",
    "ReplacementInfo",
    "ReplacementInfoList",
    "StaffInfo",
    "TraceHeader",
    "TraceHeaderList",
]
