"""The ``MessageHeader`` of a status package (spec §4)."""

from __future__ import annotations

import datetime as dt

import attrs

from .base import Node, element
from .codes import StatusCode
from .header import Organization, ResponseFor
from .trace import StaffInfo
from .values import Kind, Raw


@attrs.frozen(kw_only=True, eq=False, repr=False)
class StatusHeader(Node):
    """Who reports (``From``), about which document (``ResponseFor``), what, and when."""

    XML_NAME = "MessageHeader"
    sender: Organization | None = element("From", Kind.NODE, node=Organization)
    response_for: ResponseFor | None = element("ResponseFor", Kind.NODE, node=ResponseFor)
    staff_info: StaffInfo | None = element("StaffInfo", Kind.NODE, node=StaffInfo)
    status_code: StatusCode | Raw | None = element("StatusCode", Kind.CODE, enum_cls=StatusCode)
    description: str | None = element("Description")
    timestamp: dt.datetime | Raw | None = element("Timestamp", Kind.TIMESTAMP)


__all__ = ["StatusHeader"]
