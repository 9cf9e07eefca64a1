"""``TraceHeaderList``: the trace of agencies a package passed through and the business
operation (``Bussiness``, spelling kept as in the standard), spec §3."""

from __future__ import annotations

import datetime as dt

import attrs

from .base import Node, element
from .codes import BussinessDocType, Paper, ReceiverType
from .values import Kind, Raw


@attrs.frozen(kw_only=True)
class TraceHeader(Node):
    """One hop: the agency (or hub) and when.  Hubs append one when they relay."""

    XML_NAME = "TraceHeader"
    organ_id: str | None = element("OrganId", owner="TraceHeader")
    timestamp: dt.datetime | Raw | None = element("Timestamp", Kind.TIMESTAMP, owner="TraceHeader")


@attrs.frozen(kw_only=True)
class StaffInfo(Node):
    """``StaffInfo``: the clerk who acted (Department/DepartmentId/StaffId are partly VNPT ext.)."""

    XML_NAME = "StaffInfo"
    department: str | None = element("Department", owner="StaffInfo")
    department_id: str | None = element("DepartmentId", owner="StaffInfo")
    staff: str | None = element("Staff", owner="StaffInfo")
    staff_id: str | None = element("StaffId", owner="StaffInfo")
    email: str | None = element("Email", owner="StaffInfo")
    mobile: str | None = element("Mobile", owner="StaffInfo")


@attrs.frozen(kw_only=True)
class Receiver(Node):
    """``Receiver`` in an update: a recipient removed (0) or added (1)."""

    XML_NAME = "Receiver"
    organ_id: str | None = element("OrganId", owner="Receiver")
    receiver_type: ReceiverType | Raw | None = element(
        "ReceiverType", Kind.CODE, owner="Receiver", enum_cls=ReceiverType
    )


@attrs.frozen(kw_only=True)
class ReceiverList(Node):
    """``ReceiverList``: the recipients an update package adds or removes."""

    XML_NAME = "ReceiverList"
    receivers: tuple[Receiver, ...] = element(
        "Receiver", Kind.NODE, owner="ReceiverList", node=Receiver, many=True
    )


@attrs.frozen(kw_only=True)
class BussinessDocumentInfo(Node):
    """What an update (type 2) changes: metadata (``DocumentInfo``), recipients, and which."""

    XML_NAME = "BussinessDocumentInfo"
    document_info: int | Raw | None = element(
        "DocumentInfo", Kind.INT, owner="BussinessDocumentInfo"
    )
    document_receiver: int | Raw | None = element(
        "DocumentReceiver", Kind.INT, owner="BussinessDocumentInfo"
    )
    receiver_list: ReceiverList | None = element(
        "ReceiverList", Kind.NODE, owner="BussinessDocumentInfo", node=ReceiverList
    )


@attrs.frozen(kw_only=True)
class ReplacementInfo(Node):
    """A replaced document and the recipients for whom it is replaced (type 3)."""

    XML_NAME = "ReplacementInfo"
    document_id: str | None = element("DocumentId", owner="ReplacementInfo")
    organ_id_list: tuple[str, ...] | None = element(
        "OrganIdList", Kind.TEXTLIST, owner="ReplacementInfo", item="OrganId"
    )


@attrs.frozen(kw_only=True)
class ReplacementInfoList(Node):
    """``ReplacementInfoList``: the documents a replacement package replaces, and for whom."""

    XML_NAME = "ReplacementInfoList"
    replacement_info: tuple[ReplacementInfo, ...] = element(
        "ReplacementInfo", Kind.NODE, owner="ReplacementInfoList", node=ReplacementInfo, many=True
    )


@attrs.frozen(kw_only=True)
class Bussiness(Node):
    """``Bussiness``: the business operation (new, revoke, update, replace) and its details."""

    XML_NAME = "Bussiness"
    document_id: str | None = element("DocumentId", owner="Bussiness")
    bussiness_doc_type: BussinessDocType | Raw | None = element(
        "BussinessDocType", Kind.CODE, owner="Bussiness", enum_cls=BussinessDocType
    )
    bussiness_doc_reason: str | None = element("BussinessDocReason", owner="Bussiness")
    paper: Paper | Raw | None = element("Paper", Kind.CODE, owner="Bussiness", enum_cls=Paper)
    bussiness_document_info: tuple[BussinessDocumentInfo, ...] = element(
        "BussinessDocumentInfo", Kind.NODE, owner="Bussiness", node=BussinessDocumentInfo, many=True
    )
    replacement_info_list: tuple[ReplacementInfoList, ...] = element(
        "ReplacementInfoList", Kind.NODE, owner="Bussiness", node=ReplacementInfoList, many=True
    )
    staff_info: StaffInfo | None = element(
        "StaffInfo", Kind.NODE, owner="Bussiness", node=StaffInfo
    )


@attrs.frozen(kw_only=True)
class TraceHeaderList(Node):
    """``TraceHeaderList``: SDK 0.0.3 writes ``Bussiness`` before the ``TraceHeader`` entries;
    2018-era packages write them after.  Attributes (``id``, ``version``, .NET's
    ``mustUnderstand``/``actor``) are kept in ``attributes``."""

    XML_NAME = "TraceHeaderList"
    paper: Paper | Raw | None = element(
        "Paper", Kind.CODE, owner="TraceHeaderList", enum_cls=Paper
    )  # odd, rare
    bussiness: Bussiness | None = element(
        "Bussiness", Kind.NODE, owner="TraceHeaderList", node=Bussiness
    )
    trace_headers: tuple[TraceHeader, ...] = element(
        "TraceHeader", Kind.NODE, owner="TraceHeaderList", node=TraceHeader, many=True
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
