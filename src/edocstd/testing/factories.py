"""Factories: complete, plausible packages with every field overridable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import attrs

from .._api import dumps, loads
from .._model.attachment import Attachment
from .._model.codes import BussinessDocType, DocumentKind, Paper, Priority, StatusCode, SteeringType
from .._model.header import (
    Code,
    DocumentType,
    MessageHeader,
    Organization,
    OtherInfo,
    PromulgationInfo,
    ResponseFor,
    SignerInfo,
)
from .._model.package import Edoc, StatusPackage
from .._model.status import StatusHeader
from .._model.trace import Bussiness, StaffInfo, TraceHeader, TraceHeaderList


def make_organization(organ_id: str = "000.00.00.G22", **fields: object) -> Organization:
    defaults: dict[str, Any] = {
        "organ_id": organ_id,
        "organization_in_charge": "Văn phòng Chính phủ",
        "organ_name": "Văn phòng Chính phủ",
        "organ_add": "Số 1 Hoàng Hoa Thám, Ba Đình, Hà Nội",
        "email": "vanthu@example.gov.vn",
        "telephone": "024 0000 0000",
        "fax": "",
        "website": "example.gov.vn",
    }
    defaults.update(fields)
    return Organization(**defaults)


def _nghe_an() -> Organization:
    """The default recipient of :func:`make_edoc`."""
    return make_organization(
        "000.00.00.H41",
        organ_name="UBND tỉnh Nghệ An",
        organization_in_charge="UBND tỉnh Nghệ An",
    )


def _new_trace(sender: Organization, date: dt.date) -> TraceHeaderList:
    """The trace of a new document sent by ``sender`` at 8:30 on ``date``."""
    return TraceHeaderList(
        bussiness=Bussiness(
            bussiness_doc_type=BussinessDocType.NEW,
            bussiness_doc_reason="Văn bản điện tử mới",
            paper=Paper.NO_PAPER,
            staff_info=StaffInfo(
                department="Văn thư",
                staff="Trần Thị B",
                email="vanthu@example.gov.vn",
                mobile="0900000000",
            ),
        ),
        trace_headers=(
            TraceHeader(
                organ_id=sender.organ_id, timestamp=dt.datetime.combine(date, dt.time(8, 30))
            ),
        ),
    )


def make_edoc(
    *,
    sender: Organization | None = None,
    to: tuple[Organization, ...] | None = None,
    number: str = "123",
    notation: str = "VPCP-TTĐT",
    date: dt.date = dt.date(2024, 3, 15),
    subject: str = "V/v thử nghiệm liên thông văn bản",
    attachments: tuple[Attachment, ...] = (),
    **header_fields: object,
) -> Edoc:
    """A new-document edoc (BussinessDocType 0) in the SDK's shape; override any header field."""
    sender = sender or make_organization()
    to = to if to is not None else (_nghe_an(),)
    header = MessageHeader(
        sender=sender,
        to=to,
        document_id=f"{sender.organ_id},{date:%Y/%m/%d},{number}/{notation}",
        code=Code(code_number=number, code_notation=notation),
        promulgation_info=PromulgationInfo(place="Hà Nội", promulgation_date=date),
        document_type=DocumentType(
            type=DocumentKind.ADMINISTRATIVE, type_detail=18, type_name="Công văn"
        ),
        subject=subject,
        content=subject,
        signer_info=SignerInfo(
            competence="KT. BỘ TRƯỞNG", position="Thứ trưởng", full_name="Nguyễn Văn A"
        ),
        due_date=date + dt.timedelta(days=10),
        other_info=OtherInfo(
            priority=Priority.NORMAL,
            sphere_of_promulgation="Liên thông văn bản quốc gia",
            typer_notation="TVC",
            promulgation_amount=1,
            page_amount=1,
            direction=False,
        ),
        steering_type=SteeringType.NOT_STEERING,
    )
    if header_fields:
        header = attrs.evolve(header, **dict[str, Any](header_fields))  # attrs checks them
    return Edoc(header=header, trace_header_list=_new_trace(sender, date)).with_attachments(
        *attachments
    )


def make_status(
    code: StatusCode | str = StatusCode.ACCEPTED,
    *,
    about: Edoc | None = None,
    sender: Organization | None = None,
    description: str | None = None,
    timestamp: dt.datetime = dt.datetime(2024, 3, 16, 9, 0, 0),
) -> StatusPackage:
    """A status package about ``about`` (default: ``make_edoc()``), sent by its first recipient."""
    about = about or make_edoc()
    h = about.header
    sender = sender or (h.to[0] if h.to else make_organization("000.00.00.H41"))
    return StatusPackage(
        header=StatusHeader(
            sender=sender,
            response_for=ResponseFor(
                organ_id=h.sender.organ_id if h.sender else None,
                code=str(h.code) if h.code else None,
                document_id=h.document_id,
                promulgation_date=h.promulgation_info.promulgation_date
                if h.promulgation_info
                else None,
            ),
            staff_info=StaffInfo(
                department="Văn thư",
                staff="Lê Văn C",
                email="vt@example.gov.vn",
                mobile="0911111111",
            ),
            status_code=StatusCode(code),
            description=description if description is not None else StatusCode(code).label_vi,
            timestamp=timestamp,
        )
    )


def pdf_from_objects(objects: Sequence[bytes], *, version: str = "1.7") -> bytes:
    """A PDF of ``objects`` (the bodies of objects 1, 2, …; object 1 is the catalogue) with a
    classic cross-reference table and trailer, for tests that need a PDF of a given
    structure.  Nothing is checked: the bodies are written as given."""
    out, offsets = b"%PDF-" + version.encode("ascii") + b"\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    size = len(objects) + 1
    return out + b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)


def make_pdf(*, form: bool = False, text_bytes: int = 300) -> bytes:
    """A small, whole, unsigned one-page PDF to attach in tests, made without a PDF library.

    ``form``: with an empty ``/AcroForm``, so that the documents tier hands it to pyHanko (a
    PDF without a form cannot carry a signature and is reported unsigned without it).
    ``text_bytes``: about how many bytes of page content (one line at least).
    """
    line = b"BT /F1 10 Tf 72 720 Td (Cong van so 123/VPCP-TTDT) Tj ET\n"
    content = line * max(1, text_bytes // len(line))
    catalog = b"<< /Type /Catalog /Pages 2 0 R"
    catalog += (b" /AcroForm << /Fields [] >>" if form else b"") + b" >>"
    objects = [
        catalog,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
    ]
    return pdf_from_objects(objects, version="1.4")


def assert_roundtrip(pkg: Edoc | StatusPackage) -> None:
    """Assert that writing and reading back gives an equal package, and a stable layout."""
    data = dumps(pkg)
    again = loads(data)
    assert again == pkg, "the package read back differs from the one written"
    assert dumps(again) == data, "writing the package read back gives different bytes"


__all__ = [
    "assert_roundtrip",
    "make_edoc",
    "make_organization",
    "make_pdf",
    "make_status",
    "pdf_from_objects",
]
