"""Small edXML test packages in the official SDK layout, built as text.

One place for the inline packages the test modules used to carry each on their own.  The
builders return ``str`` (encode it where bytes are wanted) and lay the package out exactly as
the SDK writes it: root default namespace, ``edXML:`` prefixes, an unprefixed attachment block
with a prefixed ``ContentTransferEncoded``, SDK 0.0.3 element order, ``yyyy/MM/dd`` dates.

Every part a test may vary is a parameter; ``None`` leaves an optional part out.  The defaults
give a complete, valid new-document package from the Government Office (``000.00.00.G22``) to
Nghệ An (``000.00.00.H41``) with one tiny PDF.  Tests mutate the text (exact replacements, line
numbers), so a builder's output for given arguments must never change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"

TINY_PDF_B64 = "JVBERi0xLjQKJeLjz9MKJSVFT0YK"  # b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n%%EOF\n"


def element(tag: str, fields: Sequence[tuple[str, str | None]], *, indent: int = 8,
            prefix: str = "edXML:", extra: str = "") -> str:
    """``<tag>`` with one child line per ``(name, value)`` (``None`` values left out).

    ``extra`` is raw text (already indented) placed after those children.
    """
    pad = " " * indent
    lines = [f"{pad}<{prefix}{tag}>\n"]
    lines += [f"{pad}  <{prefix}{name}>{value}</{prefix}{name}>\n"
              for name, value in fields if value is not None]
    lines.append(extra)
    lines.append(f"{pad}</{prefix}{tag}>\n")
    return "".join(lines)


def organization(tag: str, organ_id: str, organ_name: str, *, in_charge: str | None = None,
                 address: str | None = None, email: str | None = None,
                 telephone: str | None = None, fax: str | None = None,
                 website: str | None = None, prefix: str = "edXML:") -> str:
    """A ``From``/``To`` block (SDK order) as written inside ``MessageHeader``."""
    return element(tag, [
        ("OrganId", organ_id), ("OrganizationInCharge", in_charge), ("OrganName", organ_name),
        ("OrganAdd", address), ("Email", email), ("Telephone", telephone), ("Fax", fax),
        ("Website", website),
    ], prefix=prefix)


def staff_info(department: str, staff: str, email: str, mobile: str, *, indent: int = 8,
               prefix: str = "edXML:") -> str:
    return element("StaffInfo", [("Department", department), ("Staff", staff),
                                 ("Email", email), ("Mobile", mobile)],
                   indent=indent, prefix=prefix)


GOV_OFFICE = organization(
    "From", "000.00.00.G22", "Văn phòng Chính phủ", in_charge="Chính phủ",
    address="Số 1 Hoàng Hoa Thám, Hà Nội", email="vanthu@chinhphu.vn.example",
    telephone="024 3845 5412", fax="024 3845 5413", website="chinhphu.vn",
)
"""The sender of the default package, every contact field filled."""

NGHE_AN = organization(
    "To", "000.00.00.H41", "Văn phòng UBND tỉnh Nghệ An", in_charge="UBND tỉnh Nghệ An",
    address="Số 3 đường Trường Thi, thành phố Vinh, tỉnh Nghệ An",
    email="vanthu@nghean.gov.vn.example", telephone="0238 384 0418", fax="0238 384 3049",
    website="nghean.gov.vn",
)
"""The recipient of the default package, every contact field filled."""


def business(doc_type: int | str = 0, reason: str | None = "Văn bản điện tử mới", *,
             document_id: str | None = None, paper: str = "0", extra: str = "") -> str:
    """A ``Bussiness`` block; ``extra`` is raw text (indent 10) after ``Paper``."""
    return element("Bussiness", [("DocumentId", document_id),
                                 ("BussinessDocType", str(doc_type)),
                                 ("BussinessDocReason", reason), ("Paper", paper)], extra=extra)


BUSINESS_NEW = business()
"""A new document (``BussinessDocType`` 0) with its reason and no staff."""


class Attachment(NamedTuple):
    """One attachment: its manifest ``Reference`` and its ``AttachmentEncoded`` entry."""

    name: str = "1111_VPCP-HC.pdf"
    payload_b64: str = TINY_PDF_B64
    content_type: str = "application/pdf"
    content_id: str = "cid:1"
    description: str | None = "1111_VPCP-HC.pdf"


def other_info(*, priority: str = "0", sphere: str = "Liên thông văn bản quốc gia",
               typer_notation: str | None = "PQB", amount: str = "1", pages: str = "1",
               direction: str = "false") -> str:
    return element("OtherInfo", [
        ("Priority", priority), ("SphereOfPromulgation", sphere),
        ("TyperNotation", typer_notation), ("PromulgationAmount", amount),
        ("PageAmount", pages), ("Direction", direction),
    ])


PLACEHOLDER_SIGNATURE = """      <Signature>
        <SignedInfo><Reference URI=""/></SignedInfo>
        <SignatureValue>AAAA</SignatureValue>
      </Signature>
"""
"""A signature-shaped block for the header's signature slot (not a real signature)."""

OTHER_INFO = other_info()
"""The default ``OtherInfo`` block."""


def edoc_xml(
    *,
    sender: str = GOV_OFFICE,
    recipients: Sequence[str] = (NGHE_AN,),
    document_id: str = "000.00.00.G22,2025/10/01,1111/VPCP-HC",
    code: tuple[str, str] | None = ("1111", "VPCP-HC"),
    promulgation: tuple[str, str] | None = ("Hà Nội", "2025/10/01"),
    document_type: tuple[str, str, str] | None = ("2", "18", "Công văn"),
    subject: str = "V/v thông báo lịch họp giao ban trực tuyến quý IV năm 2025",
    content: str | None = "Kính mời đại diện lãnh đạo UBND tỉnh dự họp.",
    signer: tuple[str, str, str] | None = (
        "TL. BỘ TRƯỞNG, CHỦ NHIỆM", "VỤ TRƯỞNG VỤ HÀNH CHÍNH", "Phạm Quốc Bảo"),
    due_date: str | None = "2025/10/10",
    other: str | None = OTHER_INFO,
    steering_type: str | None = "0",
    to_places: Sequence[str] | None = ("Như trên", "Lưu: VT, HC"),
    bussiness: str = BUSINESS_NEW,
    trace: tuple[str, str] = ("000.00.00.G22", "2025/10/01 08:30:00"),
    signature: str = "",
    attachments: Sequence[Attachment] = (Attachment(),),
) -> str:
    """A new-document package (``edoc``); ``signature`` goes after ``TraceHeaderList``."""
    head = [sender, *recipients, f"        <edXML:DocumentId>{document_id}</edXML:DocumentId>\n"]
    if code is not None:
        head.append(element("Code", [("CodeNumber", code[0]), ("CodeNotation", code[1])]))
    if promulgation is not None:
        head.append(element("PromulgationInfo", [("Place", promulgation[0]),
                                                 ("PromulgationDate", promulgation[1])]))
    if document_type is not None:
        head.append(element("DocumentType", [("Type", document_type[0]),
                                             ("TypeDetail", document_type[1]),
                                             ("TypeName", document_type[2])]))
    head.append(f"        <edXML:Subject>{subject}</edXML:Subject>\n")
    if content is not None:
        head.append(f"        <edXML:Content>{content}</edXML:Content>\n")
    if signer is not None:
        head.append(element("SignerInfo", [("Competence", signer[0]), ("Position", signer[1]),
                                           ("FullName", signer[2])]))
    if due_date is not None:
        head.append(f"        <edXML:DueDate>{due_date}</edXML:DueDate>\n")
    if other is not None:
        head.append(other)
    if steering_type is not None:
        head.append(f"        <edXML:SteeringType>{steering_type}</edXML:SteeringType>\n")
    if to_places is not None:
        head.append(element("ToPlaces", [("Place", p) for p in to_places]))
    references = "".join(
        element("Reference", [("ContentId", a.content_id), ("ContentType", a.content_type),
                              ("Description", a.description), ("AttachmentName", a.name)])
        for a in attachments
    )
    encoded = "".join(_encoded(a) for a in attachments)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="{NS}">
  <edXML:edXMLEnvelope xmlns:edXML="{NS}">
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
{"".join(head)}      </edXML:MessageHeader>
      <edXML:TraceHeaderList>
{bussiness}        <edXML:TraceHeader>
          <edXML:OrganId>{trace[0]}</edXML:OrganId>
          <edXML:Timestamp>{trace[1]}</edXML:Timestamp>
        </edXML:TraceHeader>
      </edXML:TraceHeaderList>
{signature}    </edXML:edXMLHeader>
    <edXML:edXMLBody>
      <edXML:edXMLManifest version="1.0">
{references}      </edXML:edXMLManifest>
    </edXML:edXMLBody>
  </edXML:edXMLEnvelope>
  <AttachmentEncoded>
{encoded}  </AttachmentEncoded>
</edXML>
"""


def _encoded(a: Attachment) -> str:
    """An ``Attachment`` of ``AttachmentEncoded``: unprefixed but ``ContentTransferEncoded``."""
    description = ""
    if a.description is not None:
        description = f"      <Description>{a.description}</Description>\n"
    return (
        "    <Attachment>\n"
        f"      <ContentId>{a.content_id}</ContentId>\n"
        f"      <AttachmentName>{a.name}</AttachmentName>\n"
        f"{description}"
        f"      <ContentType>{a.content_type}</ContentType>\n"
        f'      <edXML:ContentTransferEncoded xmlns:edXML="{NS}">{a.payload_b64}'
        "</edXML:ContentTransferEncoded>\n"
        "    </Attachment>\n"
    )


class ResponseFor(NamedTuple):
    organ_id: str
    code: str
    document_id: str
    promulgation_date: str


def status_xml(
    *,
    sender: str,
    response_for: ResponseFor | None = None,
    staff: str | None = None,
    status_code: str = "03",
    description: str | None = None,
    timestamp: str = "2025/10/02 09:00:00",
    prefix: str = "edXML:",
) -> str:
    """A status package (``MessageHeader`` only).

    ``prefix`` is ``"edXML:"`` (the SDK writes a prefixed envelope) or ``""`` (everything in the
    root default namespace); ``sender`` and ``staff`` must be built with the same prefix.
    """
    p = prefix
    envelope = f'{p}edXMLEnvelope xmlns:edXML="{NS}"' if p else "edXMLEnvelope"
    parts = [sender]
    if response_for is not None:
        parts.append(element("ResponseFor", [
            ("OrganId", response_for.organ_id), ("Code", response_for.code),
            ("DocumentId", response_for.document_id),
            ("PromulgationDate", response_for.promulgation_date),
        ], prefix=p))
    if staff is not None:
        parts.append(staff)
    parts.append(f"        <{p}StatusCode>{status_code}</{p}StatusCode>\n")
    if description is not None:
        parts.append(f"        <{p}Description>{description}</{p}Description>\n")
    parts.append(f"        <{p}Timestamp>{timestamp}</{p}Timestamp>\n")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="{NS}">
  <{envelope}>
    <{p}edXMLHeader>
      <{p}MessageHeader>
{"".join(parts)}      </{p}MessageHeader>
    </{p}edXMLHeader>
  </{p}edXMLEnvelope>
</edXML>
"""


def replace_span(text: str, start: str, end: str, new: str = "") -> str:
    """``text`` with its first ``start`` … ``end`` span (both markers included) set to ``new``."""
    i = text.index(start)
    j = text.index(end) + len(end)
    return text[:i] + new + text[j:]
