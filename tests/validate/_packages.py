"""Packages for the validation tests, built inline (never copied from the official samples).

``EDOC`` is a complete, valid new-document package (one tiny PDF); ``STATUS`` a valid status
03; ``REVOKE``/``UPDATE``/``REPLACE`` valid business-flow packages.  ``mutate`` applies exact
text replacements, each of which must match exactly once.
"""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
NOW = dt.date(2026, 1, 1)
SAMPLES = Path(__file__).resolve().parents[3] / "shared/conformance/sdk-samples"

PDF_B64 = base64.b64encode(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n").decode()
ZIP_B64 = base64.b64encode(b"PK\x03\x04" + b"\x14\x00" + b"\x00" * 24).decode()
PNG_B64 = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16).decode()

ORG_FROM = """        <edXML:From>
          <edXML:OrganId>000.00.00.G22</edXML:OrganId>
          <edXML:OrganizationInCharge>Chính phủ</edXML:OrganizationInCharge>
          <edXML:OrganName>Văn phòng Chính phủ</edXML:OrganName>
          <edXML:OrganAdd>Số 1 Hoàng Hoa Thám, Hà Nội</edXML:OrganAdd>
          <edXML:Email>vanthu@chinhphu.vn.example</edXML:Email>
          <edXML:Telephone>024 3845 5412</edXML:Telephone>
          <edXML:Fax>024 3845 5413</edXML:Fax>
          <edXML:Website>chinhphu.vn</edXML:Website>
        </edXML:From>
"""
TO_1 = """        <edXML:To>
          <edXML:OrganId>000.00.00.H41</edXML:OrganId>
          <edXML:OrganName>UBND tỉnh Nghệ An</edXML:OrganName>
        </edXML:To>
"""
TO_2 = """        <edXML:To>
          <edXML:OrganId>000.00.00.H53</edXML:OrganId>
          <edXML:OrganName>UBND tỉnh Tây Ninh</edXML:OrganName>
        </edXML:To>
"""
DOCUMENT_ID = "000.00.00.G22,2025/10/01,1111/VPCP-HC"
BUSINESS_NEW = """        <edXML:Bussiness>
          <edXML:BussinessDocType>0</edXML:BussinessDocType>
          <edXML:BussinessDocReason>Văn bản điện tử mới</edXML:BussinessDocReason>
          <edXML:Paper>0</edXML:Paper>
        </edXML:Bussiness>
"""


def edoc(business: str = BUSINESS_NEW) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="{NS}">
  <edXML:edXMLEnvelope xmlns:edXML="{NS}">
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
{ORG_FROM}{TO_1}{TO_2}        <edXML:DocumentId>{DOCUMENT_ID}</edXML:DocumentId>
        <edXML:Code>
          <edXML:CodeNumber>1111</edXML:CodeNumber>
          <edXML:CodeNotation>VPCP-HC</edXML:CodeNotation>
        </edXML:Code>
        <edXML:PromulgationInfo>
          <edXML:Place>Hà Nội</edXML:Place>
          <edXML:PromulgationDate>2025/10/01</edXML:PromulgationDate>
        </edXML:PromulgationInfo>
        <edXML:DocumentType>
          <edXML:Type>2</edXML:Type>
          <edXML:TypeDetail>18</edXML:TypeDetail>
          <edXML:TypeName>Công văn</edXML:TypeName>
        </edXML:DocumentType>
        <edXML:Subject>V/v thông báo lịch họp giao ban quý IV năm 2025</edXML:Subject>
        <edXML:Content>Kính mời đại diện lãnh đạo UBND tỉnh dự họp.</edXML:Content>
        <edXML:SignerInfo>
          <edXML:Competence>TL. BỘ TRƯỞNG, CHỦ NHIỆM</edXML:Competence>
          <edXML:Position>VỤ TRƯỞNG VỤ HÀNH CHÍNH</edXML:Position>
          <edXML:FullName>Phạm Quốc Bảo</edXML:FullName>
        </edXML:SignerInfo>
        <edXML:DueDate>2025/10/10</edXML:DueDate>
        <edXML:OtherInfo>
          <edXML:Priority>0</edXML:Priority>
          <edXML:SphereOfPromulgation>Liên thông văn bản quốc gia</edXML:SphereOfPromulgation>
          <edXML:TyperNotation>PQB</edXML:TyperNotation>
          <edXML:PromulgationAmount>1</edXML:PromulgationAmount>
          <edXML:PageAmount>1</edXML:PageAmount>
          <edXML:Direction>false</edXML:Direction>
        </edXML:OtherInfo>
        <edXML:SteeringType>0</edXML:SteeringType>
      </edXML:MessageHeader>
      <edXML:TraceHeaderList>
{business}        <edXML:TraceHeader>
          <edXML:OrganId>000.00.00.G22</edXML:OrganId>
          <edXML:Timestamp>2025/10/01 08:30:00</edXML:Timestamp>
        </edXML:TraceHeader>
      </edXML:TraceHeaderList>
    </edXML:edXMLHeader>
    <edXML:edXMLBody>
      <edXML:edXMLManifest version="1.0">
        <edXML:Reference>
          <edXML:ContentId>cid:1</edXML:ContentId>
          <edXML:ContentType>application/pdf</edXML:ContentType>
          <edXML:Description>1111_VPCP-HC.pdf</edXML:Description>
          <edXML:AttachmentName>1111_VPCP-HC.pdf</edXML:AttachmentName>
        </edXML:Reference>
      </edXML:edXMLManifest>
    </edXML:edXMLBody>
  </edXML:edXMLEnvelope>
  <AttachmentEncoded>
    <Attachment>
      <ContentId>cid:1</ContentId>
      <AttachmentName>1111_VPCP-HC.pdf</AttachmentName>
      <Description>1111_VPCP-HC.pdf</Description>
      <ContentType>application/pdf</ContentType>
      <edXML:ContentTransferEncoded xmlns:edXML="{NS}">{PDF_B64}</edXML:ContentTransferEncoded>
    </Attachment>
  </AttachmentEncoded>
</edXML>
"""


EDOC = edoc()
TARGET = "000.00.00.G22,2025/09/15,1000/VPCP-HC"
REVOKE = edoc(f"""        <edXML:Bussiness>
          <edXML:DocumentId>{TARGET}</edXML:DocumentId>
          <edXML:BussinessDocType>1</edXML:BussinessDocType>
          <edXML:BussinessDocReason>Thu hồi văn bản điện tử</edXML:BussinessDocReason>
          <edXML:Paper>0</edXML:Paper>
        </edXML:Bussiness>
""")
UPDATE = edoc(f"""        <edXML:Bussiness>
          <edXML:DocumentId>{TARGET}</edXML:DocumentId>
          <edXML:BussinessDocType>2</edXML:BussinessDocType>
          <edXML:BussinessDocReason>Cập nhật văn bản điện tử</edXML:BussinessDocReason>
          <edXML:Paper>0</edXML:Paper>
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
        </edXML:Bussiness>
""")
REPLACE = edoc(f"""        <edXML:Bussiness>
          <edXML:BussinessDocType>3</edXML:BussinessDocType>
          <edXML:BussinessDocReason>Văn bản thay thế</edXML:BussinessDocReason>
          <edXML:Paper>0</edXML:Paper>
          <edXML:ReplacementInfoList>
            <edXML:ReplacementInfo>
              <edXML:DocumentId>{TARGET}</edXML:DocumentId>
              <edXML:OrganIdList>
                <edXML:OrganId>000.00.00.H41</edXML:OrganId>
              </edXML:OrganIdList>
            </edXML:ReplacementInfo>
          </edXML:ReplacementInfoList>
        </edXML:Bussiness>
""")

STATUS = f"""<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="{NS}">
  <edXML:edXMLEnvelope xmlns:edXML="{NS}">
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
        <edXML:From>
          <edXML:OrganId>000.00.00.H41</edXML:OrganId>
          <edXML:OrganizationInCharge>UBND tỉnh Nghệ An</edXML:OrganizationInCharge>
          <edXML:OrganName>Văn phòng UBND tỉnh Nghệ An</edXML:OrganName>
        </edXML:From>
        <edXML:ResponseFor>
          <edXML:OrganId>000.00.00.G22</edXML:OrganId>
          <edXML:Code>1111/VPCP-HC</edXML:Code>
          <edXML:DocumentId>000.00.00.G22,2025/10/01,1111/VPCP-HC</edXML:DocumentId>
          <edXML:PromulgationDate>2025/10/01</edXML:PromulgationDate>
        </edXML:ResponseFor>
        <edXML:StaffInfo>
          <edXML:Department>Văn thư</edXML:Department>
          <edXML:Staff>Nguyễn Văn An</edXML:Staff>
          <edXML:Email>an@nghean.gov.vn.example</edXML:Email>
          <edXML:Mobile>0912000222</edXML:Mobile>
        </edXML:StaffInfo>
        <edXML:StatusCode>03</edXML:StatusCode>
        <edXML:Description>Đã tiếp nhận vào sổ văn bản đến</edXML:Description>
        <edXML:Timestamp>2025/10/02 09:00:00</edXML:Timestamp>
      </edXML:MessageHeader>
    </edXML:edXMLHeader>
  </edXML:edXMLEnvelope>
</edXML>
"""


def mutate(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        count = text.count(old)
        assert count == 1, f"{old!r} occurs {count} times"
        text = text.replace(old, new)
    return text

