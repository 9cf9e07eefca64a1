"""Packages for the validation tests, built with ``tests.packages`` (never copied from the samples).

``EDOC`` is a complete, valid new-document package (one tiny PDF); ``STATUS`` a valid status
03; ``REVOKE``/``UPDATE``/``REPLACE`` valid business-flow packages.  ``mutate`` applies exact
text replacements, each of which must match exactly once.
"""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

from tests import packages

NOW = dt.date(2026, 1, 1)
SAMPLES = Path(__file__).resolve().parents[3] / "shared/conformance/sdk-samples"

PDF_B64 = base64.b64encode(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n").decode()
ZIP_B64 = base64.b64encode(b"PK\x03\x04" + b"\x14\x00" + b"\x00" * 24).decode()
PNG_B64 = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16).decode()

TO_1 = packages.organization("To", "000.00.00.H41", "UBND tỉnh Nghệ An")
TO_2 = packages.organization("To", "000.00.00.H53", "UBND tỉnh Tây Ninh")
DOCUMENT_ID = "000.00.00.G22,2025/10/01,1111/VPCP-HC"


def edoc(business: str = packages.BUSINESS_NEW) -> str:
    return packages.edoc_xml(
        recipients=(TO_1, TO_2),
        document_id=DOCUMENT_ID,
        subject="V/v thông báo lịch họp giao ban quý IV năm 2025",
        to_places=None,
        bussiness=business,
        attachments=[packages.Attachment(payload_b64=PDF_B64)],
    )


EDOC = edoc()
TARGET = "000.00.00.G22,2025/09/15,1000/VPCP-HC"
REVOKE = edoc(packages.business(1, "Thu hồi văn bản điện tử", document_id=TARGET))
UPDATE = edoc(packages.business(2, "Cập nhật văn bản điện tử", document_id=TARGET, extra="""\
          <edXML:BussinessDocumentInfo>
            <edXML:DocumentInfo>1</edXML:DocumentInfo>
            <edXML:DocumentReceiver>1</edXML:DocumentReceiver>
            <edXML:ReceiverList>
              <edXML:Receiver>
                <edXML:OrganId>000.00.00.H53</edXML:OrganId>
                <edXML:ReceiverType>1</edXML:ReceiverType>
              </edXML:Receiver>
            </edXML:ReceiverList>
          </edXML:BussinessDocumentInfo>
"""))
REPLACE = edoc(packages.business(3, "Văn bản thay thế", extra=f"""\
          <edXML:ReplacementInfoList>
            <edXML:ReplacementInfo>
              <edXML:DocumentId>{TARGET}</edXML:DocumentId>
              <edXML:OrganIdList>
                <edXML:OrganId>000.00.00.H41</edXML:OrganId>
              </edXML:OrganIdList>
            </edXML:ReplacementInfo>
          </edXML:ReplacementInfoList>
"""))

STATUS = packages.status_xml(
    sender=packages.organization("From", "000.00.00.H41", "Văn phòng UBND tỉnh Nghệ An",
                                 in_charge="UBND tỉnh Nghệ An"),
    response_for=packages.ResponseFor(
        "000.00.00.G22", "1111/VPCP-HC", DOCUMENT_ID, "2025/10/01"),
    staff=packages.staff_info(
        "Văn thư", "Nguyễn Văn An", "an@nghean.gov.vn.example", "0912000222"),
    status_code="03",
    description="Đã tiếp nhận vào sổ văn bản đến",
    timestamp="2025/10/02 09:00:00",
)


def mutate(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        count = text.count(old)
        assert count == 1, f"{old!r} occurs {count} times"
        text = text.replace(old, new)
    return text

