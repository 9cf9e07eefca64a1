"""Generator of the XSD files in schemas/ (run: python tools/gen_schemas.py schemas).

The schemas are generated from the element tables below so both flavours (tolerant, strict)
stay in step; edit here, regenerate, and commit both.

Writes qcvn102-types.xsd, edoc.xsd, status.xsd, edoc-strict.xsd, status-strict.xsd.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
DS = "http://www.w3.org/2000/09/xmldsig#"
XLINK = "http://www.w3.org/1999/xlink"

OUT = Path(sys.argv[1])

# ---------------------------------------------------------------------------------------------
# Documentation (vi, en).  Key: "Parent/Name" overrides "Name".
# ---------------------------------------------------------------------------------------------
DOCS: dict[str, tuple[str, str]] = {
    # organisation block
    "From": ("Thông tin cơ quan, tổ chức gửi văn bản.",
             "Sending agency or organisation."),
    "StatusMessageHeader/From": ("Cơ quan, tổ chức gửi gói tin trạng thái (với mã 01–06, 15, 16 là "
                                 "cơ quan nhận văn bản gốc; với mã 13 là cơ quan gửi văn bản gốc).",
                                 "Agency sending the status package (for codes 01-06, 15, 16 the "
                                 "receiver of the original document; for code 13 its original "
                                 "sender)."),
    "To": ("Thông tin cơ quan, tổ chức nhận văn bản; mỗi nơi nhận một phần tử To.",
           "Receiving agency or organisation; one To element per recipient."),
    "Organization/OrganId": ("Mã định danh điện tử của cơ quan, tổ chức (ví dụ 000.00.00.G22); "
                             "13 ký tự trước 2022, tối đa 35 ký tự theo SĐ1:2022.",
                             "Electronic identifier of the agency (e.g. 000.00.00.G22); 13 "
                             "characters before 2022, at most 35 characters since amendment "
                             "SĐ1:2022."),
    "OrganizationInCharge": ("Tên cơ quan, tổ chức chủ quản (cấp trên trực tiếp).",
                             "Name of the governing (parent) body."),
    "OrganName": ("Tên cơ quan, tổ chức.", "Name of the agency or organisation."),
    "OrganAdd": ("Địa chỉ của cơ quan, tổ chức.", "Postal address of the agency or organisation."),
    "Organization/Email": ("Địa chỉ thư điện tử của cơ quan, tổ chức.",
                           "E-mail address of the agency or organisation."),
    "Telephone": ("Số điện thoại của cơ quan, tổ chức.", "Telephone number of the agency."),
    "Fax": ("Số fax của cơ quan, tổ chức.", "Fax number of the agency."),
    "Website": ("Địa chỉ trang thông tin điện tử của cơ quan, tổ chức.",
                "Website address of the agency."),
    # message header (edoc)
    "EdocMessageHeader/DocumentId": (
        "Mã định danh văn bản, thường có dạng <mã cơ quan ban hành>,<yyyy/MM/dd>,<số>/<ký hiệu> "
        "(cũng gặp UUID); là khoá đối chiếu, phải được sao nguyên văn khi phản hồi.",
        "Document identifier, usually <issuer OrganId>,<yyyy/MM/dd>,<number>/<notation> (UUIDs "
        "also occur); it is the correlation key and must be echoed verbatim in answers."),
    "EdocMessageHeader/Code": ("Số và ký hiệu của văn bản.",
                               "Number and notation (reference code) of the document."),
    "CodeNumber": ("Số của văn bản.", "Number of the document."),
    "CodeNotation": ("Ký hiệu của văn bản (ví dụ VPCP-TTĐT).",
                     "Notation of the document (e.g. VPCP-TTĐT)."),
    "PromulgationInfo": ("Thông tin ban hành: địa danh và ngày ban hành văn bản.",
                         "Promulgation details: place and date of issue of the document."),
    "PromulgationInfo/Place": ("Địa danh nơi ban hành văn bản.",
                               "Place where the document was issued."),
    "PromulgationInfo/PromulgationDate": ("Ngày ban hành văn bản, định dạng yyyy/MM/dd.",
                                          "Date of issue of the document, format yyyy/MM/dd."),
    "EdocMessageHeader/DocumentType": ("Loại văn bản.", "Type of the document."),
    "Type": ("Nhóm loại văn bản: 1 = văn bản quy phạm pháp luật, 2 = văn bản hành chính.",
             "Document type group: 1 = legal normative document (VBQPPL), 2 = administrative "
             "document."),
    "TypeDetail": ("Số thứ tự của loại văn bản trong danh mục tương ứng (danh mục A hoặc B).",
                   "Index of the document type in the matching list (list A or list B)."),
    "TypeName": ("Tên loại văn bản (ví dụ Công văn); dùng làm dự phòng khi mã không thống nhất.",
                 "Name of the document type (e.g. Công văn); the fallback when codes disagree."),
    "Subject": ("Trích yếu nội dung văn bản.", "Subject (summary line) of the document."),
    "Content": ("Nội dung tóm tắt của văn bản.", "Summary or body text of the document."),
    "SignerInfo": ("Thông tin người ký văn bản.", "Information about the signer of the document."),
    "Competence": ("Thẩm quyền ký (ví dụ KT. BỘ TRƯỞNG, TL. …).",
                   "Signing authority (e.g. 'KT. BỘ TRƯỞNG', 'TL. …')."),
    "Position": ("Chức vụ của người ký.", "Position (job title) of the signer."),
    "FullName": ("Họ và tên người ký.", "Full name of the signer."),
    "DueDate": ("Hạn xử lý văn bản, định dạng yyyy/MM/dd.",
                "Deadline for handling the document, format yyyy/MM/dd."),
    "OtherInfo": ("Thông tin khác của văn bản: độ khẩn, phạm vi lưu hành, số bản, số trang, "
                  "phụ lục…", "Other document information: urgency, distribution scope, number "
                  "of copies and pages, appendices…"),
    "Priority": ("Độ khẩn: 0 Thường, 1 Khẩn, 2 Thượng khẩn, 3 Hỏa tốc, 4 Hỏa tốc hẹn giờ.",
                 "Urgency: 0 normal, 1 urgent, 2 very urgent, 3 express, 4 express at a set "
                 "time."),
    "SphereOfPromulgation": ("Phạm vi lưu hành (văn bản tự do, ví dụ Liên thông văn bản quốc gia, "
                             "Lưu hành nội bộ, Công khai).",
                             "Distribution scope (free text, e.g. 'Liên thông văn bản quốc gia', "
                             "'Lưu hành nội bộ', 'Công khai')."),
    "TyperNotation": ("Ký hiệu người soạn thảo/đánh máy văn bản (ví dụ TVC).",
                      "Initials of the drafter/typist of the document (e.g. TVC)."),
    "PromulgationAmount": ("Số bản phát hành.", "Number of copies issued."),
    "PageAmount": ("Số trang của văn bản.", "Number of pages of the document."),
    "Direction": ("Phần mở rộng của thư viện VNPT: cờ true/false luôn được SDK ghi (mặc định "
                  "false); ý nghĩa chưa được xác nhận.",
                  "VNPT library extension: true/false flag always written by the SDK (default "
                  "false); meaning not confirmed."),
    "ReplyFors": ("Phần mở rộng của thư viện VNPT: thông tin văn bản được trả lời (chuỗi tự do).",
                  "VNPT library extension: free-text reference to the documents replied to."),
    "ReferenceCodes": ("Phần mở rộng của thư viện VNPT: mã tham chiếu (ví dụ số hồ sơ một cửa).",
                       "VNPT library extension: reference codes (e.g. a one-stop-shop dossier "
                       "number)."),
    "Appendixes": ("Danh sách tên các phụ lục kèm theo văn bản.",
                   "List of the names of the appendices of the document."),
    "Appendix": ("Tên một phụ lục.", "Name of one appendix."),
    "EdocMessageHeader/ResponseFor": ("Văn bản mà văn bản này trả lời (có thể lặp lại).",
                                      "A document this document answers (repeatable)."),
    "StatusMessageHeader/ResponseFor": ("Văn bản mà gói tin trạng thái này nói tới.",
                                        "The document this status package is about."),
    "ResponseFor/OrganId": ("Mã định danh cơ quan phía bên kia của văn bản được phản hồi (thường "
                            "là cơ quan gửi văn bản gốc).",
                            "Identifier of the agency on the other side of the answered document "
                            "(normally its original sender)."),
    "ResponseFor/Code": ("Số/ký hiệu của văn bản được phản hồi, viết liền trong một chuỗi (ví dụ "
                         "7816/VPCP-TTĐT).",
                         "Number/notation of the answered document as one string (e.g. "
                         "7816/VPCP-TTĐT)."),
    "ResponseFor/DocumentId": ("Mã định danh (DocumentId) của văn bản được phản hồi, sao nguyên "
                               "văn.", "DocumentId of the answered document, echoed verbatim."),
    "ResponseFor/PromulgationDate": ("Ngày ban hành của văn bản được phản hồi, yyyy/MM/dd.",
                                     "Date of issue of the answered document, yyyy/MM/dd."),
    "SteeringType": ("Loại chỉ đạo (mã số nguyên; bộ giá trị chưa thống nhất giữa các nguồn: "
                     "0/1/2 hoặc 1/2/3).",
                     "Steering type (integer code; value set disputed between sources: 0/1/2 "
                     "or 1/2/3)."),
    "ResponseForTask": ("Phần mở rộng của VNPT: các nhiệm vụ mà văn bản này trả lời.",
                        "VNPT extension: the tasks this document answers."),
    "TaskCode": ("Mã nhiệm vụ (phần mở rộng của VNPT).", "Task code (VNPT extension)."),
    "ApplicationType": ("Phần mở rộng của VNPT/INET: loại ứng dụng nguồn (ví dụ MCDT_DT cho một "
                        "cửa điện tử).", "VNPT/INET extension: source application type (e.g. "
                        "MCDT_DT for the one-stop-shop)."),
    "ToPlaces": ("Danh sách nơi nhận in trên văn bản (không dùng để định tuyến).",
                 "The 'Nơi nhận' list printed on the document (not used for routing)."),
    "ToPlaces/Place": ("Một dòng nơi nhận in trên văn bản.",
                       "One recipient line printed on the document."),
    # trace
    "TraceHeader": ("Một vết gửi/chuyển tiếp: cơ quan (hệ thống) và thời điểm. Trục liên thông "
                    "thêm một vết khi chuyển tiếp gói tin.",
                    "One trace entry (send or relay hop): agency (system) and time. The hub "
                    "appends one when it relays the package."),
    "TraceHeader/OrganId": ("Mã định danh cơ quan hoặc hệ thống ghi vết.",
                            "Identifier of the agency or system that wrote the trace entry."),
    "TraceHeader/Timestamp": ("Thời điểm ghi vết, định dạng yyyy/MM/dd HH:mm:ss (giờ địa phương, "
                              "không có múi giờ).",
                              "Time of the trace entry, format yyyy/MM/dd HH:mm:ss (local time, "
                              "no zone)."),
    "TraceHeaderList/Paper": ("Phần tử tuỳ chọn ít gặp của thư viện VNPT (cờ văn bản giấy 0/1); "
                              "thường không có.",
                              "Rare optional child of the VNPT library (paper-copy flag 0/1); "
                              "normally absent."),
    "Bussiness": ("Thông tin nghiệp vụ của gói tin (cách viết 'Bussiness' là của chuẩn, phải giữ "
                  "nguyên).", "Business-operation block of the package (the spelling "
                  "'Bussiness' belongs to the standard and must be kept)."),
    "Bussiness/DocumentId": ("Mã định danh của văn bản trước đó bị thu hồi/cập nhật/thay thế.",
                             "DocumentId of the earlier document acted on (revoke, update, "
                             "replace)."),
    "BussinessDocType": ("Loại nghiệp vụ: 0 văn bản mới, 1 thu hồi, 2 cập nhật, 3 thay thế.",
                         "Business operation: 0 new document, 1 revoke, 2 update, 3 replace."),
    "BussinessDocReason": ("Lý do, mô tả nghiệp vụ (văn bản tự do).",
                           "Free-text reason for or description of the operation."),
    "Bussiness/Paper": ("Cờ gửi kèm văn bản giấy: 0 = không gửi bản giấy, 1 = có gửi bản giấy.",
                        "Paper-copy flag: 0 = no paper copy sent, 1 = a paper copy is also "
                        "sent."),
    "BussinessDocumentInfo": ("Thông tin cập nhật (dùng với loại nghiệp vụ 2).",
                              "Update details (used with business operation 2)."),
    "DocumentInfo": ("Cờ thay đổi thông tin văn bản: 0 = không, 1 = có.",
                     "Flag: document metadata changed (0 = no, 1 = yes)."),
    "DocumentReceiver": ("Cờ thay đổi danh sách nơi nhận: 0 = không, 1 = có.",
                         "Flag: recipient list changed (0 = no, 1 = yes)."),
    "ReceiverList": ("Danh sách nơi nhận có thay đổi.", "List of the recipients that changed."),
    "Receiver": ("Một nơi nhận có thay đổi.", "One recipient that changed."),
    "Receiver/OrganId": ("Mã định danh của nơi nhận.", "Identifier of the recipient."),
    "ReceiverType": ("Loại thay đổi nơi nhận: 0 = bị loại khỏi danh sách nhận, 1 = được bổ sung.",
                     "Recipient change: 0 = removed from the recipients, 1 = newly added."),
    "ReplacementInfoList": ("Danh sách văn bản bị thay thế (dùng với loại nghiệp vụ 3).",
                            "List of replaced documents (used with business operation 3)."),
    "ReplacementInfo": ("Một văn bản bị thay thế và các nơi nhận liên quan.",
                        "One replaced document and the recipients concerned."),
    "ReplacementInfo/DocumentId": ("Mã định danh của văn bản bị thay thế.",
                                   "DocumentId of the replaced document."),
    "OrganIdList": ("Danh sách mã định danh các nơi nhận mà văn bản được thay thế.",
                    "Identifiers of the recipients for whom the document is replaced."),
    "OrganIdList/OrganId": ("Mã định danh của một nơi nhận.", "Identifier of one recipient."),
    "StaffInfo": ("Thông tin cán bộ thực hiện (văn thư, người xử lý).",
                  "The staff member who acted (clerk, handler)."),
    "Department": ("Tên phòng, ban của cán bộ.", "Department of the staff member."),
    "DepartmentId": ("Phần mở rộng của thư viện VNPT: mã phòng, ban.",
                     "VNPT library extension: department identifier."),
    "Staff": ("Họ tên cán bộ.", "Name of the staff member."),
    "StaffId": ("Phần mở rộng của thư viện VNPT: mã cán bộ.",
                "VNPT library extension: staff identifier."),
    "StaffInfo/Email": ("Địa chỉ thư điện tử của cán bộ.", "E-mail address of the staff member."),
    "Mobile": ("Số điện thoại di động của cán bộ.", "Mobile phone number of the staff member."),
    # status
    "StatusCode": ("Mã trạng thái 2 chữ số: 01 đã đến, 02 từ chối tiếp nhận, 03 đã tiếp nhận, "
                   "04 phân công, 05 đang xử lý, 06 hoàn thành, 13 yêu cầu lấy lại, 15 đồng ý "
                   "cập nhật/lấy lại, 16 từ chối cập nhật/lấy lại.",
                   "Two-digit status code: 01 arrived, 02 rejected, 03 accepted, 04 assigned, "
                   "05 processing, 06 finished, 13 take-back requested, 15 update/take-back "
                   "agreed, 16 update/take-back refused."),
    "StatusMessageHeader/Description": ("Mô tả trạng thái hoặc lý do (trên thực tế bắt buộc với "
                                        "02, 13, 16).", "Free-text description of the status or "
                                        "the reason (required in practice for 02, 13, 16)."),
    "StatusMessageHeader/Timestamp": ("Thời điểm phát sinh trạng thái, định dạng yyyy/MM/dd "
                                      "HH:mm:ss (giờ địa phương).",
                                      "Time the status occurred, format yyyy/MM/dd HH:mm:ss "
                                      "(local time)."),
    # attachments
    "Reference": ("Một mục của bảng kê, mô tả một tệp đính kèm.",
                  "Manifest entry describing one attachment."),
    "ContentId": ("Mã nội dung nối Reference trong bảng kê với Attachment (ví dụ cid:209).",
                  "Content identifier joining a manifest Reference to its Attachment (e.g. "
                  "cid:209)."),
    "Reference/ContentType": ("Kiểu MIME của tệp đính kèm theo bảng kê.",
                              "MIME type of the attachment as listed in the manifest."),
    "Attachment/ContentType": ("Kiểu MIME của dữ liệu mang theo (SDK Java ghi application/zip "
                               "vì đã nén tệp); bên nhận nên tự nhận dạng nội dung.",
                               "MIME type of the carried payload (the Java SDK writes "
                               "application/zip because it zips each file); receivers should "
                               "sniff the content."),
    "Description": ("Mô tả tệp đính kèm.", "Description of the attachment."),
    "AttachmentName": ("Tên tệp gốc của tệp đính kèm.", "Original file name of the attachment."),
    "Attachment": ("Một tệp đính kèm được mã hoá base64 trong gói tin.",
                   "One attachment carried base64-encoded inside the package."),
    "FieldName": ("Phần mở rộng của thư viện VNPT: tên trường.",
                  "VNPT library extension: field name."),
    "MimeType": ("Phần mở rộng của thư viện VNPT: kiểu MIME gốc của tệp.",
                 "VNPT library extension: original MIME type of the file."),
    "ContentTransferEncoded": (
        "Nội dung tệp mã hoá base64 (thường là một tệp ZIP). Cố ý khai báo kiểu xs:string: tính "
        "hợp lệ base64 được mã chương trình edocstd kiểm tra riêng (kiểm tra xs:base64Binary quá "
        "chậm và tốn bộ nhớ).",
        "Base64-encoded file content (usually a ZIP file). Deliberately typed xs:string: base64 "
        "validity is checked separately by edocstd code (xs:base64Binary checking is far too "
        "slow and memory-hungry)."),
    # skeleton
    "edXMLEnvelope": ("Phong bì gói tin: phần đầu (edXMLHeader) và phần thân (edXMLBody).",
                      "Package envelope: header (edXMLHeader) and body (edXMLBody)."),
    "StatusRoot/edXMLEnvelope": ("Phong bì gói tin trạng thái: chỉ có phần đầu (edXMLHeader).",
                                 "Envelope of a status package: a header (edXMLHeader) only."),
    "edXMLHeader": ("Phần đầu gói tin: thông tin văn bản (MessageHeader), danh sách vết "
                    "(TraceHeaderList) và chữ ký số (Signature).",
                    "Package header: document metadata (MessageHeader), trace list "
                    "(TraceHeaderList) and the signature (Signature)."),
    "StatusEnvelope/edXMLHeader": ("Phần đầu gói tin trạng thái: thông tin trạng thái "
                                   "(MessageHeader) và chữ ký số tuỳ chọn.",
                                   "Header of a status package: the status (MessageHeader) and "
                                   "an optional signature."),
    "edXMLBody": ("Phần thân gói tin: chứa bảng kê tệp đính kèm (edXMLManifest).",
                  "Package body: holds the attachment manifest (edXMLManifest)."),
    "edXMLManifest": ("Bảng kê các tệp đính kèm; mỗi tệp một phần tử Reference.",
                      "Manifest of the attachments; one Reference element per file."),
    "Manifest": ("Bảng kê các tệp đính kèm dưới tên Manifest (một số hệ thống dùng tên này "
                 "thay cho edXMLManifest).",
                 "Manifest of the attachments under the name Manifest (some systems use it "
                 "instead of edXMLManifest)."),
    "AttachmentEncoded": ("Khối chứa nội dung các tệp đính kèm (con của phần tử gốc, ngang hàng "
                          "với phong bì).", "Block carrying the attachment payloads (child of "
                          "the root, sibling of the envelope)."),
    "EdocHeader/MessageHeader": ("Thông tin về văn bản điện tử (thông tin đầu văn bản).",
                                 "Metadata of the electronic document."),
    "StatusHeader/MessageHeader": ("Thông tin trạng thái xử lý văn bản.",
                                   "Status information about the processing of a document."),
    "TraceHeaderList": ("Danh sách vết gửi/chuyển tiếp và thông tin nghiệp vụ (Bussiness) của "
                        "gói tin.", "List of trace entries (send/relay hops) plus the "
                        "business-operation block (Bussiness) of the package."),
    "Signature": ("Chữ ký số dạng SDK: phần tử Signature không tiền tố và không khai báo không "
                  "gian tên XMLDSig nên thuộc không gian tên QCVN; lược đồ không kiểm tra nội dung "
                  "(chữ ký do mã chương trình kiểm tra).",
                  "Signature in the SDK form: an unprefixed Signature without an XMLDSig "
                  "namespace declaration, hence in the QCVN namespace; its content is not "
                  "checked by the schema (signatures are checked by code)."),
    "DigitalSignature": ("Phần tử DigitalSignature rỗng do SDK .NET ghi sau TraceHeaderList "
                         "(phần mở rộng; bỏ qua khi đọc).",
                         "Empty DigitalSignature element written by the .NET SDK after "
                         "TraceHeaderList (extension; ignored on input)."),
}

# implementation limits (spec §2, §9.1): key like DOCS
LIMITS: dict[str, int] = {
    "Organization/OrganId": 35, "OrganName": 200, "OrganAdd": 500, "Organization/Email": 100,
    "Telephone": 20, "Fax": 20, "Website": 100, "CodeNumber": 11, "CodeNotation": 30,
    "PromulgationInfo/Place": 50, "TypeName": 100, "Subject": 500, "Content": 500,
    "Competence": 100, "Position": 100, "FullName": 50, "SphereOfPromulgation": 100,
    "TyperNotation": 10, "ToPlaces/Place": 150,
}

# tolerant-flavour notes for coded/patterned leaves
CODED: dict[str, tuple[str, str]] = {
    "Priority": ("0–4", "0-4"), "BussinessDocType": ("0–3", "0-3"),
    "Bussiness/Paper": ("0/1", "0/1"), "TraceHeaderList/Paper": ("0/1", "0/1"),
    "ReceiverType": ("0/1", "0/1"), "Type": ("1/2", "1/2"), "StatusCode": (
        "01, 02, 03, 04, 05, 06, 13, 15, 16", "01, 02, 03, 04, 05, 06, 13, 15, 16"),
    "DocumentInfo": ("0/1", "0/1"), "DocumentReceiver": ("0/1", "0/1"),
    "Direction": ("true/false", "true/false"),
}
DATES = {"PromulgationInfo/PromulgationDate", "DueDate", "ResponseFor/PromulgationDate"}
STAMPS = {"TraceHeader/Timestamp", "StatusMessageHeader/Timestamp"}
NUMBERS = {"TypeDetail", "SteeringType", "PromulgationAmount", "PageAmount"}


def lookup(table: dict, ctx: str, name: str):
    for key in (f"{ctx}/{name}", name):
        if key in table:
            return key, table[key]
    return None, None


def ann(vi: str, en: str, ind: str) -> str:
    return (f"{ind}<xs:annotation>\n"
            f'{ind}  <xs:documentation xml:lang="vi">{escape(vi)}</xs:documentation>\n'
            f'{ind}  <xs:documentation xml:lang="en">{escape(en)}</xs:documentation>\n'
            f"{ind}</xs:annotation>\n")


# ---------------------------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------------------------
@dataclass
class Child:
    name: str
    strict_type: str  # "xs:..." / simple type name / "@Base" for a complex type
    min: int = 1
    max: int | str = 1
    tolerant_only: bool = False
    tolerant_type: str | None = None  # override; default xs:string for leaves


@dataclass
class Attr:
    name: str
    type: str
    vi: str
    en: str
    use: str = "optional"
    fixed: str | None = None
    tolerant_only: bool = False
    strict_type: str | None = None
    strict_use: str | None = None


@dataclass
class CType:
    base: str  # e.g. "Organization"
    vi: str
    en: str
    children: list[Child]
    attrs: list[Attr] = field(default_factory=list)
    xlink: bool = False  # tolerant: allow xlink attributes
    ctx: str | None = None  # documentation context (defaults to base)


def child_doc(ctx: str, c: Child, flavour: str) -> tuple[str, str]:
    _key, d = lookup(DOCS, ctx, c.name)
    if d is None:
        raise SystemExit(f"no doc for {ctx}/{c.name}")
    vi, en = d
    _, lim = lookup(LIMITS, ctx, c.name)
    if lim is not None and c.name == "OrganId":
        if flavour == "Tolerant":
            vi += " Lược đồ dung thứ KHÔNG kiểm tra độ dài."
            en += " The length is NOT checked by the tolerant schema."
        else:
            vi += " Lược đồ chặt kiểm tra độ dài 1–35 ký tự."
            en += " The strict schema enforces 1 to 35 characters."
    elif lim is not None:
        if flavour == "Tolerant" or c.name == "Content":
            vi += (f" Giới hạn triển khai thấy ở các bộ kiểm tra: tối đa {lim} ký "
                   "tự; lược đồ " + ("dung thứ" if flavour == "Tolerant" else "chặt") +
                   " KHÔNG kiểm tra giới hạn này.")
            en += (f" Implementation limit seen in validators: at most {lim} "
                   "characters; NOT enforced by the " + flavour.lower() + " schema.")
        else:
            vi += f" Lược đồ chặt kiểm tra độ dài tối đa {lim} ký tự (giới hạn triển khai)."
            en += (f" The strict schema enforces at most {lim} characters (implementation "
                   "limit).")
    if flavour == "Tolerant" and not c.strict_type.startswith("@"):
        fq = f"{ctx}/{c.name}"
        _, code = lookup(CODED, ctx, c.name)
        if code is not None:
            vi += (f" Bảng mã {code[0]}: lược đồ dung thứ để dạng chuỗi, quy tắc nghiệp vụ "
                   "kiểm tra giá trị.")
            en += (f" Code list {code[1]}: a plain string in the tolerant schema; the value is "
                   "checked by business rules.")
        elif fq in DATES or c.name == "DueDate":
            vi += (" Lược đồ dung thứ để dạng chuỗi (thực tế có ngày sai định dạng); quy tắc "
                   "nghiệp vụ kiểm tra.")
            en += (" A plain string in the tolerant schema (real traffic carries other date "
                   "formats); checked by business rules.")
        elif fq in STAMPS:
            vi += " Lược đồ dung thứ để dạng chuỗi; quy tắc nghiệp vụ kiểm tra định dạng."
            en += " A plain string in the tolerant schema; the format is checked by business rules."
        elif c.name in NUMBERS:
            vi += " Lược đồ dung thứ để dạng chuỗi; quy tắc nghiệp vụ kiểm tra giá trị số."
            en += " A plain string in the tolerant schema; checked by business rules."
    return vi, en


def type_name(flavour: str, base: str) -> str:
    return f"{flavour}{base}Type"


def elem_decl(ctx: str, c: Child, flavour: str, ind: str, occurs: bool) -> str:
    if c.strict_type.startswith("@"):
        t = type_name(flavour, c.strict_type[1:])
    elif flavour == "Tolerant":
        t = c.tolerant_type or "xs:string"
    else:
        t = c.strict_type
    occ = ""
    if occurs:
        if c.min != 1:
            occ += f' minOccurs="{c.min}"'
        if c.max != 1:
            occ += f' maxOccurs="{c.max}"'
    vi, en = child_doc(ctx, c, flavour)
    return (f'{ind}<xs:element name="{c.name}" type="{t}"{occ}>\n' + ann(vi, en, ind + "  ") +
            f"{ind}</xs:element>\n")


def attr_decl(a: Attr, flavour: str, ind: str) -> str:
    t = a.strict_type if (flavour == "Strict" and a.strict_type) else a.type
    use = a.strict_use if (flavour == "Strict" and a.strict_use) else a.use
    extra = f' use="{use}"' if use != "optional" else ""
    if a.fixed is not None and flavour == "Strict":
        extra += f' fixed="{a.fixed}"'
    return (f'{ind}<xs:attribute name="{a.name}" type="{t}"{extra}>\n' +
            ann(a.vi, a.en, ind + "  ") + f"{ind}</xs:attribute>\n")


TOLERANT_NOTE = (" Lược đồ dung thứ: không ràng buộc thứ tự và số lần xuất hiện của phần tử con "
                 "(quy tắc nghiệp vụ kiểm tra).",
                 " Tolerant schema: child order and cardinality are not enforced (business "
                 "rules check them).")
STRICT_NOTE = (" Lược đồ chặt: đúng thứ tự và số lần xuất hiện mà SDK Java EdXML102 0.0.3 ghi.",
               " Strict schema: exactly the child order and cardinality the Java SDK "
               "EdXML102 0.0.3 writes.")


def complex_type(ct: CType, flavour: str) -> str:
    ind = "  "
    ctx = ct.ctx or ct.base
    note = TOLERANT_NOTE if flavour == "Tolerant" else STRICT_NOTE
    out = f'{ind}<xs:complexType name="{type_name(flavour, ct.base)}">\n'
    out += ann(ct.vi + note[0], ct.en + note[1], ind + "  ")
    kids = [c for c in ct.children if flavour == "Tolerant" or not c.tolerant_only]
    if flavour == "Tolerant" and len(kids) > 1:
        out += f'{ind}  <xs:choice minOccurs="0" maxOccurs="unbounded">\n'
        for c in kids:
            out += elem_decl(ctx, c, flavour, ind + "    ", occurs=False)
        # Vendor extensions in their own namespace are kept by the reader: accept them here.
        # (An ##any wildcard would break Unique Particle Attribution beside the named children.)
        out += f'{ind}    <xs:any namespace="##other" processContents="skip"/>\n'
        out += f"{ind}  </xs:choice>\n"
    elif flavour == "Tolerant":
        c = kids[0]
        out += f"{ind}  <xs:sequence>\n"
        out += elem_decl(ctx, Child(c.name, c.strict_type, 0, "unbounded",
                                    tolerant_type=c.tolerant_type), flavour, ind + "    ", True)
        out += f"{ind}  </xs:sequence>\n"
    else:
        out += f"{ind}  <xs:sequence>\n"
        for c in kids:
            out += elem_decl(ctx, c, flavour, ind + "    ", occurs=True)
        out += f"{ind}  </xs:sequence>\n"
    for a in ct.attrs:
        if flavour == "Strict" and a.tolerant_only:
            continue
        out += attr_decl(a, flavour, ind + "  ")
    if ct.xlink and flavour == "Tolerant":
        out += (f'{ind}  <xs:anyAttribute namespace="{XLINK}" processContents="skip">\n' +
                ann("Thuộc tính xlink (href, role, type) do SDK .NET ghi trên Reference; bỏ qua.",
                    "xlink attributes (href, role, type) written on Reference by the .NET SDK; "
                    "ignored.", ind + "    ") + f"{ind}  </xs:anyAttribute>\n")
    out += f"{ind}</xs:complexType>\n"
    return out


# ---------------------------------------------------------------------------------------------
# Shared complex types
# ---------------------------------------------------------------------------------------------
ORG = CType("Organization", "Khối thông tin cơ quan, tổ chức (dùng cho From, To).",
            "Organisation block (used by From and To).", [
                Child("OrganId", "OrganIdType"),
                Child("OrganizationInCharge", "xs:string", 0),
                Child("OrganName", "OrganNameType"),
                Child("OrganAdd", "OrganAddType", 0),
                Child("Email", "EmailType", 0),
                Child("Telephone", "PhoneType", 0),
                Child("Fax", "PhoneType", 0),
                Child("Website", "WebsiteType", 0),
            ])
CODE = CType("Code", "Số và ký hiệu văn bản.", "Number and notation of a document.", [
    Child("CodeNumber", "CodeNumberType"), Child("CodeNotation", "CodeNotationType")])
PROM = CType("PromulgationInfo", "Thông tin ban hành văn bản.", "Promulgation details.", [
    Child("Place", "PromulgationPlaceType"), Child("PromulgationDate", "DateType")])
DOCTYPE = CType("DocumentType", "Loại văn bản (nhóm, số thứ tự, tên).",
                "Document type (group, index, name).", [
                    Child("Type", "DocumentTypeCode"), Child("TypeDetail", "xs:int", 0),
                    Child("TypeName", "TypeNameType")])
SIGNER = CType("SignerInfo", "Thông tin người ký văn bản.", "Signer of the document.", [
    Child("Competence", "CompetenceType", 0), Child("Position", "PositionType"),
    Child("FullName", "FullNameType")])
APPX = CType("Appendixes", "Danh sách phụ lục.", "List of appendices.", [
    Child("Appendix", "xs:string", 0, "unbounded")])
OTHER = CType("OtherInfo", "Thông tin khác của văn bản.", "Other document information.", [
    Child("Priority", "PriorityCode", 0),
    Child("SphereOfPromulgation", "SphereOfPromulgationType", 0),
    Child("TyperNotation", "TyperNotationType", 0),
    Child("PromulgationAmount", "xs:unsignedShort", 0),
    Child("PageAmount", "xs:unsignedShort", 0),
    Child("Direction", "BooleanText", 0),
    Child("ReplyFors", "xs:string", 0),
    Child("ReferenceCodes", "xs:string", 0),
    Child("Appendixes", "@Appendixes", 0),
])
RESP = CType("ResponseFor", "Tham chiếu tới văn bản được phản hồi.",
             "Reference to the document being answered.", [
                 Child("OrganId", "OrganIdType"), Child("Code", "xs:string", 0),
                 Child("DocumentId", "DocumentIdType"),
                 Child("PromulgationDate", "DateType", 0)])
TASK = CType("ResponseForTask", "Phần mở rộng VNPT: nhiệm vụ được trả lời.",
             "VNPT extension: tasks answered.", [Child("TaskCode", "xs:string", 0, "unbounded")])
TOPL = CType("ToPlaces", "Danh sách nơi nhận in trên văn bản.",
             "Recipient lines printed on the document.", [
                 Child("Place", "ToPlaceType", 0, "unbounded")])
STAFF = CType("StaffInfo", "Thông tin cán bộ thực hiện.", "Staff member who acted.", [
    Child("Department", "xs:string", 0), Child("DepartmentId", "xs:string", 0),
    Child("Staff", "xs:string", 0), Child("StaffId", "xs:string", 0),
    Child("Email", "xs:string", 0), Child("Mobile", "xs:string", 0)])
TRACE = CType("TraceHeader", "Một vết gửi/chuyển tiếp.", "One trace entry.", [
    Child("OrganId", "OrganIdType"), Child("Timestamp", "TimestampType")])
RECV = CType("Receiver", "Một nơi nhận có thay đổi.", "One changed recipient.", [
    Child("OrganId", "OrganIdType"), Child("ReceiverType", "ReceiverTypeCode")])
RECVL = CType("ReceiverList", "Danh sách nơi nhận có thay đổi.", "Changed recipients.", [
    Child("Receiver", "@Receiver", 0, "unbounded")])
BDI = CType("BussinessDocumentInfo", "Thông tin cập nhật văn bản (nghiệp vụ 2).",
            "Update details (operation 2).", [
                Child("DocumentInfo", "FlagCode", 0), Child("DocumentReceiver", "FlagCode", 0),
                Child("ReceiverList", "@ReceiverList", 0)])
OIL = CType("OrganIdList", "Danh sách mã định danh nơi nhận.", "List of recipient identifiers.",
            [Child("OrganId", "OrganIdType", 0, "unbounded")])
REPI = CType("ReplacementInfo", "Một văn bản bị thay thế.", "One replaced document.", [
    Child("DocumentId", "DocumentIdType"), Child("OrganIdList", "@OrganIdList", 0)])
REPL = CType("ReplacementInfoList", "Danh sách văn bản bị thay thế (nghiệp vụ 3).",
             "Replaced documents (operation 3).", [
                 Child("ReplacementInfo", "@ReplacementInfo", 0, "unbounded")])
BUSS = CType("Bussiness", "Thông tin nghiệp vụ của gói tin.", "Business-operation block.", [
    Child("DocumentId", "DocumentIdType", 0),
    Child("BussinessDocType", "BussinessDocTypeCode"),
    Child("BussinessDocReason", "xs:string", 0),
    Child("Paper", "PaperCode"),
    Child("BussinessDocumentInfo", "@BussinessDocumentInfo", 0, "unbounded"),
    Child("ReplacementInfoList", "@ReplacementInfoList", 0, "unbounded"),
    Child("StaffInfo", "@StaffInfo", 0),
])
TRACEL = CType("TraceHeaderList", "Danh sách vết và thông tin nghiệp vụ.",
               "Trace entries and business-operation block.", [
                   Child("Paper", "PaperCode", 0),
                   Child("Bussiness", "@Bussiness", 0),
                   Child("TraceHeader", "@TraceHeader", 1, "unbounded"),
               ], attrs=[
                   Attr("id", "xs:string", "Mã định danh của danh sách vết (tuỳ chọn).",
                        "Identifier of the trace list (optional)."),
                   Attr("version", "xs:string", "Phiên bản (SDK .NET ghi 1.0).",
                        "Version (the .NET SDK writes 1.0)."),
                   Attr("mustUnderstand", "xs:string",
                        "Thuộc tính kế thừa ebXML-MS do SDK .NET ghi (giá trị 1).",
                        "ebXML-MS heritage attribute written by the .NET SDK (value 1).",
                        tolerant_only=True),
                   Attr("actor", "xs:string",
                        "Thuộc tính kế thừa ebXML-MS do SDK .NET ghi "
                        "(http://schemas.xmlsoap.org/soap/actor/next).",
                        "ebXML-MS heritage attribute written by the .NET SDK "
                        "(http://schemas.xmlsoap.org/soap/actor/next).", tolerant_only=True),
               ])
REF = CType("Reference", "Mục bảng kê mô tả một tệp đính kèm.",
            "Manifest entry describing one attachment.", [
                Child("ContentId", "NonEmptyString"), Child("ContentType", "xs:string"),
                Child("Description", "xs:string", 0), Child("AttachmentName", "xs:string")],
            xlink=True)
MANI = CType("Manifest", "Bảng kê các tệp đính kèm.", "Attachment manifest.", [
    Child("Reference", "@Reference", 0, "unbounded")], attrs=[
    Attr("version", "xs:string", "Phiên bản bảng kê; SDK ghi 1.0.",
         "Manifest version; the SDK writes 1.0.", strict_use="required", fixed="1.0")], ctx="Manifest")
ATT = CType("Attachment", "Một tệp đính kèm mã hoá base64.", "One base64-encoded attachment.", [
    Child("ContentId", "NonEmptyString"), Child("AttachmentName", "xs:string"),
    Child("Description", "xs:string", 0), Child("FieldName", "xs:string", 0),
    Child("MimeType", "xs:string", 0), Child("ContentType", "xs:string"),
    Child("ContentTransferEncoded", "xs:string", tolerant_type="xs:string")])
ATTENC = CType("AttachmentEncoded", "Khối chứa các tệp đính kèm.", "Attachment payload block.", [
    Child("Attachment", "@Attachment", 0, "unbounded")])

SHARED = [ORG, CODE, PROM, DOCTYPE, SIGNER, APPX, OTHER, RESP, TASK, TOPL, STAFF, TRACE, RECV,
          RECVL, BDI, OIL, REPI, REPL, BUSS, TRACEL, REF, MANI, ATT, ATTENC]

# The Organization block is used under From/To: documentation context "Organization".
# Manifest children use "Manifest" context (Reference docs are generic).

EDOC_MH = CType("EdocMessageHeader", "Thông tin về văn bản điện tử (MessageHeader của gói tin "
                "văn bản).", "Document metadata (MessageHeader of an edoc package).", [
                    Child("From", "@Organization"),
                    Child("To", "@Organization", 1, "unbounded"),
                    Child("DocumentId", "DocumentIdType", 0),
                    Child("Code", "@Code"),
                    Child("PromulgationInfo", "@PromulgationInfo"),
                    Child("DocumentType", "@DocumentType"),
                    Child("Subject", "SubjectType"),
                    Child("Content", "xs:string", 0),
                    Child("SignerInfo", "@SignerInfo"),
                    Child("DueDate", "DateType", 0),
                    Child("OtherInfo", "@OtherInfo", 0),
                    Child("ResponseFor", "@ResponseFor", 0, "unbounded"),
                    Child("SteeringType", "xs:int", 0),
                    Child("ResponseForTask", "@ResponseForTask", 0),
                    Child("ApplicationType", "xs:string", 0),
                    Child("ToPlaces", "@ToPlaces", 0),
                ])
STATUS_MH = CType("StatusMessageHeader", "Thông tin trạng thái (MessageHeader của gói tin trạng "
                  "thái).", "Status information (MessageHeader of a status package).", [
                      Child("From", "@Organization"),
                      Child("ResponseFor", "@ResponseFor"),
                      Child("StaffInfo", "@StaffInfo", 0),
                      Child("StatusCode", "StatusCodeType"),
                      Child("Description", "xs:string", 0),
                      Child("Timestamp", "TimestampType"),
                  ])

# ---------------------------------------------------------------------------------------------
# Simple types (strict flavour; documentation says so)
# ---------------------------------------------------------------------------------------------


def enum_type(name: str, vi: str, en: str, values: list[tuple[str, str, str]]) -> str:
    out = f'  <xs:simpleType name="{name}">\n' + ann(vi, en, "    ")
    out += '    <xs:restriction base="xs:string">\n'
    for v, vvi, ven in values:
        out += f'      <xs:enumeration value="{v}">\n' + ann(vvi, ven, "        ")
        out += "      </xs:enumeration>\n"
    out += "    </xs:restriction>\n  </xs:simpleType>\n"
    return out


def str_type(name: str, vi: str, en: str, *, maxlen: int | None = None, minlen: int | None = None,
             pattern: str | None = None, base: str = "xs:string") -> str:
    out = f'  <xs:simpleType name="{name}">\n' + ann(vi, en, "    ")
    out += f'    <xs:restriction base="{base}">\n'
    if minlen is not None:
        out += f'      <xs:minLength value="{minlen}"/>\n'
    if maxlen is not None:
        out += f'      <xs:maxLength value="{maxlen}"/>\n'
    if pattern is not None:
        out += f"      <xs:pattern value={quoteattr(pattern)}/>\n"
    out += "    </xs:restriction>\n  </xs:simpleType>\n"
    return out


DATE_RE = r"[0-9]{4}/(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|3[01])"
TIME_RE = r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
ENFORCED_LEN = ("Giới hạn độ dài là giới hạn triển khai thấy ở các bộ kiểm tra, "
                "chỉ lược đồ chặt kiểm tra.",
                "The length limit is an implementation limit seen in validators, "
                "enforced only by the strict schema.")


def lim_type(name: str, what_vi: str, what_en: str, n: int) -> str:
    return str_type(name, f"{what_vi}: tối đa {n} ký tự. {ENFORCED_LEN[0]}",
                    f"{what_en}: at most {n} characters. {ENFORCED_LEN[1]}", maxlen=n)


def simple_types() -> str:
    s = "  <!-- ===== Simple types: dates, code lists, lengths (used by the strict flavour) ===== -->\n"
    s += str_type("DateType", "Ngày theo định dạng yyyy/MM/dd (dấu gạch chéo), như SDK Java ghi. "
                  "Chỉ kiểm tra mẫu; ngày không tồn tại (ví dụ 2014/02/30) do quy tắc nghiệp vụ "
                  "phát hiện.", "Date in the form yyyy/MM/dd (slashes) as written by the Java "
                  "SDK. Only the pattern is checked; impossible dates (e.g. 2014/02/30) are left "
                  "to business rules.", pattern=DATE_RE)
    s += str_type("TimestampType", "Thời điểm theo định dạng yyyy/MM/dd HH:mm:ss (giờ địa "
                  "phương, không múi giờ).", "Date-time in the form yyyy/MM/dd HH:mm:ss (local "
                  "time, no zone).", pattern=DATE_RE + " " + TIME_RE)
    s += enum_type("StatusCodeType", "Mã trạng thái xử lý văn bản (9 mã dùng trên trục VDXP).",
                   "Document status code (the 9 codes used on the VDXP axis).", [
                       ("01", "Đã đến: phần mềm QLVB đã nhận, văn thư chưa xử lý.",
                        "Arrived: the receiving software has it, the clerk has not handled it."),
                       ("02", "Từ chối tiếp nhận.", "Rejected by the receiving clerk."),
                       ("03", "Đã tiếp nhận, vào sổ văn bản đến.",
                        "Accepted and registered in the incoming book."),
                       ("04", "Phân công xử lý.", "Assigned for handling."),
                       ("05", "Đang xử lý.", "Being processed."),
                       ("06", "Hoàn thành xử lý.", "Processing finished."),
                       ("13", "Yêu cầu lấy lại văn bản (bên gửi).",
                        "Take-back requested (by the original sender)."),
                       ("15", "Đồng ý yêu cầu cập nhật/lấy lại.",
                        "Update/take-back request agreed."),
                       ("16", "Từ chối yêu cầu cập nhật/lấy lại.",
                        "Update/take-back request refused."),
                   ])
    s += enum_type("BussinessDocTypeCode", "Loại nghiệp vụ của gói tin văn bản.",
                   "Business operation of an edoc package.", [
                       ("0", "Văn bản mới.", "New document."),
                       ("1", "Thu hồi văn bản.", "Revoke a document."),
                       ("2", "Cập nhật văn bản.", "Update a document."),
                       ("3", "Thay thế văn bản.", "Replace a document."),
                   ])
    s += enum_type("PriorityCode", "Độ khẩn của văn bản.", "Urgency of the document.", [
        ("0", "Thường.", "Normal."), ("1", "Khẩn.", "Urgent."),
        ("2", "Thượng khẩn.", "Very urgent."), ("3", "Hỏa tốc.", "Express."),
        ("4", "Hỏa tốc hẹn giờ.", "Express at a set time."),
    ])
    s += enum_type("PaperCode", "Cờ gửi kèm văn bản giấy.", "Paper-copy flag.", [
        ("0", "Không gửi kèm bản giấy.", "No paper copy sent."),
        ("1", "Có gửi kèm bản giấy.", "A paper copy is also sent."),
    ])
    s += enum_type("ReceiverTypeCode", "Loại thay đổi nơi nhận (nghiệp vụ cập nhật).",
                   "Kind of recipient change (update operation).", [
                       ("0", "Bị loại khỏi danh sách nhận.", "Removed from the recipients."),
                       ("1", "Được bổ sung vào danh sách nhận.", "Newly added recipient."),
                   ])
    s += enum_type("DocumentTypeCode", "Nhóm loại văn bản (DocumentType/Type).",
                   "Document type group (DocumentType/Type).", [
                       ("1", "Văn bản quy phạm pháp luật (danh mục A).",
                        "Legal normative document (list A)."),
                       ("2", "Văn bản hành chính (danh mục B).", "Administrative document (list B)."),
                   ])
    s += enum_type("FlagCode", "Cờ 0/1 (DocumentInfo, DocumentReceiver).",
                   "0/1 flag (DocumentInfo, DocumentReceiver).", [
                       ("0", "Không thay đổi.", "Not changed."), ("1", "Có thay đổi.", "Changed."),
                   ])
    s += enum_type("BooleanText", "Giá trị logic viết bằng chữ thường true/false như SDK Java ghi.",
                   "Boolean written as lower-case true/false, as the Java SDK does.", [
                       ("true", "Đúng.", "True."), ("false", "Sai.", "False."),
                   ])
    s += str_type("NonEmptyString", "Chuỗi không rỗng.", "Non-empty string.", minlen=1)
    s += str_type("DocumentIdType", "Mã định danh văn bản: chuỗi không rỗng (định dạng chưa "
                  "thống nhất; trục chấp nhận mọi chuỗi không rỗng).",
                  "Document identifier: a non-empty string (format disputed; the "
                  "hub accepts any non-empty string).", minlen=1)
    s += str_type("OrganIdType", "Mã định danh cơ quan, tổ chức: 1–35 ký tự (SĐ1:2022). Không "
                  "kiểm tra cấu trúc cấp vì thực tế có mã như 28.22.H17, vxp.saas.03.",
                  "Agency identifier: 1 to 35 characters (amendment SĐ1:2022). The level "
                  "structure is not checked because real traffic carries ids such as 28.22.H17 "
                  "or vxp.saas.03.", minlen=1, maxlen=35)
    s += lim_type("OrganNameType", "Tên cơ quan, tổ chức", "Agency name", 200)
    s += lim_type("OrganAddType", "Địa chỉ cơ quan (bộ kiểm tra dùng 250 hoặc 500; lấy 500)",
                  "Agency address (validators use 250 or 500; 500 is used)", 500)
    s += lim_type("EmailType", "Địa chỉ thư điện tử (không kiểm tra cú pháp)",
                  "E-mail address (syntax not checked)", 100)
    s += lim_type("PhoneType", "Số điện thoại hoặc fax", "Telephone or fax number", 20)
    s += lim_type("WebsiteType", "Địa chỉ trang thông tin điện tử", "Website address", 100)
    s += lim_type("CodeNumberType", "Số văn bản", "Document number", 11)
    s += lim_type("CodeNotationType", "Ký hiệu văn bản", "Document notation", 30)
    s += lim_type("PromulgationPlaceType", "Địa danh ban hành", "Place of issue", 50)
    s += lim_type("TypeNameType", "Tên loại văn bản", "Document type name", 100)
    s += lim_type("SubjectType", "Trích yếu nội dung văn bản", "Document subject", 500)
    s += lim_type("CompetenceType", "Thẩm quyền ký", "Signing authority", 100)
    s += lim_type("PositionType", "Chức vụ người ký", "Signer position", 100)
    s += lim_type("FullNameType", "Họ tên người ký", "Signer full name", 50)
    s += lim_type("SphereOfPromulgationType", "Phạm vi lưu hành", "Distribution scope", 100)
    s += lim_type("TyperNotationType", "Ký hiệu người đánh máy", "Typist initials", 10)
    s += lim_type("ToPlaceType", "Một dòng nơi nhận in trên văn bản", "Printed recipient line",
                  150)
    return s


OPAQUE = (
    '  <xs:complexType name="OpaqueContentType">\n' +
    ann("Nội dung không kiểm tra: mọi phần tử con và thuộc tính đều được chấp nhận và bỏ qua "
        "(dùng cho Signature dạng SDK và DigitalSignature của .NET).",
        "Unchecked content: any child elements and attributes are accepted and skipped (used "
        "for the SDK-form Signature and the .NET DigitalSignature).", "    ") +
    '    <xs:sequence>\n'
    '      <xs:any namespace="##any" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>\n'
    '    </xs:sequence>\n'
    '    <xs:anyAttribute namespace="##any" processContents="skip"/>\n'
    "  </xs:complexType>\n")


def schema_open(title_vi: str, title_en: str, comment: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<!--\n{comment}\n-->\n"
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"\n'
        f'           xmlns="{NS}"\n'
        f'           targetNamespace="{NS}"\n'
        '           elementFormDefault="qualified"\n'
        '           attributeFormDefault="unqualified"\n'
        '           version="1.0">\n' + ann(title_vi, title_en, "  "))


CLOSE = "</xs:schema>\n"

COMMON_COMMENT = """  edocstd - XML Schema (XSD 1.0) for edXML packages of QCVN 102:2016/BTTTT.
  Namespace: http://www.mic.gov.vn/TBT/QCVN_102_2016 (the package root declares it as the
  DEFAULT namespace, so unprefixed AttachmentEncoded, Attachment, ContentId... and the
  unprefixed SDK Signature are in this namespace too).
  Written for edocstd from docs/ and the project fact sheet; not an official MIC schema.
  Loads offline: no xs:import of anything, xs:include only of files in this folder."""


def types_file() -> str:
    out = schema_open(
        "Kiểu dữ liệu dùng chung cho gói tin edXML theo QCVN 102:2016/BTTTT: kiểu đơn giản (ngày, "
        "bảng mã, giới hạn độ dài) và kiểu phức hợp của cả hai biến thể: Tolerant* (dung thứ, "
        "không ràng buộc thứ tự, mọi lá là chuỗi) và Strict* (chặt, đúng như SDK Java 0.0.3).",
        "Shared types for edXML packages of QCVN 102:2016/BTTTT: simple types (dates, code "
        "lists, length limits) and the complex types of both flavours: Tolerant* (order-free, "
        "every leaf a string) and Strict* (exactly what the Java SDK 0.0.3 writes).",
        COMMON_COMMENT + "\n  This file: shared types, included by edoc*.xsd and status*.xsd.")
    out += simple_types()
    out += "\n  <!-- ===== Opaque content (signature slots) ===== -->\n"
    out += OPAQUE
    for flavour in ("Tolerant", "Strict"):
        out += f"\n  <!-- ===== Complex types, {flavour.lower()} flavour ===== -->\n"
        for ct in [*SHARED, EDOC_MH, STATUS_MH]:
            out += complex_type(ct, flavour)
    return out + CLOSE


# ---------------------------------------------------------------------------------------------
# Skeleton files
# ---------------------------------------------------------------------------------------------
def el(name: str, typ: str, ctx: str, ind: str, occ: str = "") -> str:
    _, d = lookup(DOCS, ctx, name)
    if d is None:
        raise SystemExit(f"no doc {ctx}/{name}")
    return (f'{ind}<xs:element name="{name}" type="{typ}"{occ}>\n' + ann(d[0], d[1], ind + "  ")
            + f"{ind}</xs:element>\n")


def ds_any(ind: str, occ: str = "") -> str:
    return (f'{ind}<xs:any namespace="{DS}" processContents="skip"{occ}>\n' +
            ann("Chữ ký số XMLDSig chuẩn (ds:Signature trong không gian tên "
                "http://www.w3.org/2000/09/xmldsig#), như các gói thử nghiệm của VPCP. "
                "processContents=skip: không nạp lược đồ XMLDSig và không kiểm tra nội dung "
                "(lax sẽ khiến thư viện xmlschema tự nạp lược đồ XMLDSig đi kèm và cho kết quả "
                "khác lxml); chữ ký do mã chương trình kiểm tra.",
                "Standard XMLDSig signature (ds:Signature in the "
                "http://www.w3.org/2000/09/xmldsig# namespace), as in VPCP's hand-made test "
                "packages. processContents=skip: the XMLDSig schema is not loaded and the "
                "content is not checked (with lax, the xmlschema package would load its bundled "
                "XMLDSig schema and disagree with lxml); signatures are checked by code.",
                ind + "  ") + f"{ind}</xs:any>\n")


def ctype(name: str, vi: str, en: str, body: str) -> str:
    return (f'  <xs:complexType name="{name}">\n' + ann(vi, en, "    ") + body +
            "  </xs:complexType>\n")


def root_elem(typ: str, vi: str, en: str) -> str:
    return (f'  <xs:element name="edXML" type="{typ}">\n' + ann(vi, en, "    ") +
            "  </xs:element>\n")


def edoc_file(strict: bool) -> str:
    F = "Strict" if strict else "Tolerant"
    if strict:
        title = ("Lược đồ CHẶT cho gói tin văn bản điện tử (edoc): đúng thứ tự phần tử, số lần "
                 "xuất hiện, bảng mã và định dạng ngày mà SDK Java EdXML102 0.0.3 ghi.",
                 "STRICT schema for e-document (edoc) packages: exactly the element order, "
                 "cardinalities, code lists and date patterns the Java SDK EdXML102 0.0.3 "
                 "writes.")
        comment = COMMON_COMMENT + ("\n  This file: edoc packages, STRICT flavour (what the Java "
                                    "SDK 0.0.3 writes).")
    else:
        title = ("Lược đồ DUNG THỨ cho gói tin văn bản điện tử (edoc), dùng cho hồ sơ kiểm tra vdxp "
                 "và lenient: không ràng buộc thứ tự phần tử con; số lần xuất hiện, bảng mã và "
                 "định dạng ngày do quy tắc nghiệp vụ kiểm tra; chấp nhận các phần mở rộng VNPT/.NET.",
                 "TOLERANT schema for e-document (edoc) packages, used by the vdxp and lenient "
                 "validation profiles: child order is not enforced; cardinality, code lists and "
                 "date formats are checked by business rules; VNPT/.NET extensions are accepted.")
        comment = COMMON_COMMENT + ("\n  This file: edoc packages, TOLERANT flavour (profiles "
                                    "vdxp and lenient).")
    out = schema_open(title[0], title[1], comment)
    out += '  <xs:include schemaLocation="qcvn102-types.xsd"/>\n\n'
    out += root_elem(f"{F}EdocRootType",
                     "Phần tử gốc của gói tin văn bản điện tử edXML (QCVN 102:2016/BTTTT).",
                     "Root element of an edXML e-document package (QCVN 102:2016/BTTTT).")
    # root
    if strict:
        body = ("    <xs:sequence>\n" + el("edXMLEnvelope", "StrictEdocEnvelopeType", "", "      ")
                + el("AttachmentEncoded", "StrictAttachmentEncodedType", "", "      ",
                     ' minOccurs="0"') + "    </xs:sequence>\n")
        note = ("phong bì rồi khối tệp đính kèm (tuỳ chọn).",
                "envelope, then the optional attachment block.")
    else:
        body = ("    <xs:all>\n" + el("edXMLEnvelope", "TolerantEdocEnvelopeType", "", "      ")
                + el("AttachmentEncoded", "TolerantAttachmentEncodedType", "", "      ",
                     ' minOccurs="0"') + "    </xs:all>\n")
        note = ("phong bì (bắt buộc) và khối tệp đính kèm (tuỳ chọn), theo thứ tự bất kỳ.",
                "envelope (required) and attachment block (optional), in any order.")
    out += ctype(f"{F}EdocRootType", "Nội dung phần tử gốc edXML của gói tin văn bản: " + note[0],
                 "Content of the edXML root of an edoc package: " + note[1], body)
    # envelope
    if strict:
        body = ("    <xs:sequence>\n" + el("edXMLHeader", "StrictEdocHeaderType", "", "      ") +
                el("edXMLBody", "StrictEdocBodyType", "", "      ") + "    </xs:sequence>\n")
        note = ("phần đầu rồi phần thân, đều bắt buộc.", "header then body, both required.")
    else:
        body = ("    <xs:all>\n" + el("edXMLHeader", "TolerantEdocHeaderType", "", "      ") +
                el("edXMLBody", "TolerantEdocBodyType", "", "      ", ' minOccurs="0"') +
                "    </xs:all>\n")
        note = ("phần đầu (bắt buộc) và phần thân (tuỳ chọn), thứ tự bất kỳ.",
                "header (required) and body (optional), in any order.")
    out += ctype(f"{F}EdocEnvelopeType", "Phong bì gói tin văn bản: " + note[0],
                 "Envelope of an edoc package: " + note[1], body)
    # header
    if strict:
        body = ("    <xs:sequence>\n" +
                el("MessageHeader", "StrictEdocMessageHeaderType", "EdocHeader", "      ") +
                el("TraceHeaderList", "StrictTraceHeaderListType", "", "      ") +
                '      <xs:choice minOccurs="0">\n' +
                el("Signature", "OpaqueContentType", "", "        ") + ds_any("        ") +
                "      </xs:choice>\n    </xs:sequence>\n")
        out += ctype("StrictEdocHeaderType",
                     "Phần đầu gói tin văn bản (chặt): MessageHeader, TraceHeaderList, rồi chữ ký "
                     "số tuỳ chọn (Signature dạng SDK trong không gian tên QCVN hoặc ds:Signature "
                     "XMLDSig).",
                     "Header of an edoc package (strict): MessageHeader, TraceHeaderList, then an "
                     "optional signature (SDK-form Signature in the QCVN namespace or an XMLDSig "
                     "ds:Signature).", body)
    else:
        grp = ('  <xs:group name="TolerantEdocHeaderExtras">\n' +
               ann("Các phần tử có thể đứng quanh MessageHeader trong phần đầu gói tin văn bản "
                   "(dung thứ): TraceHeaderList, DigitalSignature (.NET), Signature dạng SDK, "
                   "ds:Signature XMLDSig.",
                   "Elements that may surround MessageHeader in an edoc header (tolerant): "
                   "TraceHeaderList, DigitalSignature (.NET), SDK-form Signature, XMLDSig "
                   "ds:Signature.", "    ") +
               "    <xs:choice>\n" +
               el("TraceHeaderList", "TolerantTraceHeaderListType", "", "      ") +
               el("DigitalSignature", "OpaqueContentType", "", "      ") +
               el("Signature", "OpaqueContentType", "", "      ") + ds_any("      ") +
               "    </xs:choice>\n  </xs:group>\n")
        out += grp
        body = ("    <xs:sequence>\n"
                '      <xs:group ref="TolerantEdocHeaderExtras" minOccurs="0" '
                'maxOccurs="unbounded"/>\n' +
                el("MessageHeader", "TolerantEdocMessageHeaderType", "EdocHeader", "      ") +
                '      <xs:group ref="TolerantEdocHeaderExtras" minOccurs="0" '
                'maxOccurs="unbounded"/>\n    </xs:sequence>\n')
        out += ctype("TolerantEdocHeaderType",
                     "Phần đầu gói tin văn bản (dung thứ): MessageHeader bắt buộc đúng một lần, "
                     "các phần tử khác (TraceHeaderList, DigitalSignature, Signature, "
                     "ds:Signature) đứng trước hoặc sau theo thứ tự bất kỳ.",
                     "Header of an edoc package (tolerant): exactly one MessageHeader; the other "
                     "children (TraceHeaderList, DigitalSignature, Signature, ds:Signature) may "
                     "come before or after it in any order.", body)
    # body
    if strict:
        body = ("    <xs:sequence>\n" + el("edXMLManifest", "StrictManifestType", "", "      ") +
                "    </xs:sequence>\n")
        note = ("bảng kê bắt buộc.", "the manifest is required.")
    else:
        body = ("    <xs:choice minOccurs=\"0\">\n"
                + el("edXMLManifest", "TolerantManifestType", "", "      ")
                + el("Manifest", "TolerantManifestType", "", "      ")
                + "    </xs:choice>\n")
        note = ("bảng kê tuỳ chọn, tên edXMLManifest hoặc Manifest (gặp trong thực tế).",
                "the manifest is optional, named edXMLManifest or Manifest (seen in traffic).")
    out += ctype(f"{F}EdocBodyType", "Phần thân gói tin văn bản: " + note[0],
                 "Body of an edoc package: " + note[1], body)
    return out + CLOSE


def status_file(strict: bool) -> str:
    F = "Strict" if strict else "Tolerant"
    if strict:
        title = ("Lược đồ CHẶT cho gói tin trạng thái: đúng thứ tự, số lần xuất hiện, bảng mã "
                 "StatusCode và định dạng thời gian mà SDK Java EdXML102 0.0.3 ghi.",
                 "STRICT schema for status packages: exactly the order, cardinalities, StatusCode "
                 "list and date-time patterns the Java SDK EdXML102 0.0.3 writes.")
        comment = COMMON_COMMENT + "\n  This file: status packages, STRICT flavour."
    else:
        title = ("Lược đồ DUNG THỨ cho gói tin trạng thái, dùng cho hồ sơ kiểm tra vdxp và "
                 "lenient: không ràng buộc thứ tự phần tử con; bảng mã và định dạng do quy tắc "
                 "nghiệp vụ kiểm tra. Gói tin trạng thái không có phần thân và tệp đính kèm.",
                 "TOLERANT schema for status packages, used by the vdxp and lenient validation "
                 "profiles: child order is not enforced; code lists and formats are checked by "
                 "business rules. Status packages have no body and no attachments.")
        comment = COMMON_COMMENT + ("\n  This file: status packages, TOLERANT flavour (profiles "
                                    "vdxp and lenient).")
    out = schema_open(title[0], title[1], comment)
    out += '  <xs:include schemaLocation="qcvn102-types.xsd"/>\n\n'
    out += root_elem(f"{F}StatusRootType",
                     "Phần tử gốc của gói tin trạng thái edXML (QCVN 102:2016/BTTTT).",
                     "Root element of an edXML status package (QCVN 102:2016/BTTTT).")
    grp_kind = "xs:sequence" if strict else "xs:all"
    out += ctype(f"{F}StatusRootType", "Nội dung phần tử gốc edXML của gói tin trạng thái: chỉ "
                 "có phong bì.", "Content of the edXML root of a status package: the envelope "
                 "only.", f"    <{grp_kind}>\n" +
                 el("edXMLEnvelope", f"{F}StatusEnvelopeType", "StatusRoot", "      ") +
                 f"    </{grp_kind}>\n")
    out += ctype(f"{F}StatusEnvelopeType", "Phong bì gói tin trạng thái: chỉ có phần đầu.",
                 "Envelope of a status package: the header only.", f"    <{grp_kind}>\n" +
                 el("edXMLHeader", f"{F}StatusHeaderType", "StatusEnvelope", "      ") +
                 f"    </{grp_kind}>\n")
    if strict:
        body = ("    <xs:sequence>\n" +
                el("MessageHeader", "StrictStatusMessageHeaderType", "StatusHeader", "      ") +
                '      <xs:choice minOccurs="0">\n' +
                el("Signature", "OpaqueContentType", "", "        ") + ds_any("        ") +
                "      </xs:choice>\n    </xs:sequence>\n")
        out += ctype("StrictStatusHeaderType",
                     "Phần đầu gói tin trạng thái (chặt): MessageHeader rồi chữ ký số tuỳ chọn.",
                     "Header of a status package (strict): MessageHeader, then an optional "
                     "signature.", body)
    else:
        out += ('  <xs:group name="TolerantStatusHeaderExtras">\n' +
                ann("Chữ ký số có thể đứng quanh MessageHeader trong phần đầu gói tin trạng thái "
                    "(dung thứ): Signature dạng SDK hoặc ds:Signature XMLDSig.",
                    "Signatures that may surround MessageHeader in a status header (tolerant): "
                    "SDK-form Signature or XMLDSig ds:Signature.", "    ") +
                "    <xs:choice>\n" + el("Signature", "OpaqueContentType", "", "      ") +
                ds_any("      ") + "    </xs:choice>\n  </xs:group>\n")
        body = ("    <xs:sequence>\n"
                '      <xs:group ref="TolerantStatusHeaderExtras" minOccurs="0" '
                'maxOccurs="unbounded"/>\n' +
                el("MessageHeader", "TolerantStatusMessageHeaderType", "StatusHeader", "      ") +
                '      <xs:group ref="TolerantStatusHeaderExtras" minOccurs="0" '
                'maxOccurs="unbounded"/>\n    </xs:sequence>\n')
        out += ctype("TolerantStatusHeaderType",
                     "Phần đầu gói tin trạng thái (dung thứ): MessageHeader bắt buộc đúng một "
                     "lần, chữ ký số tuỳ chọn đứng trước hoặc sau.",
                     "Header of a status package (tolerant): exactly one MessageHeader, optional "
                     "signatures before or after it.", body)
    return out + CLOSE


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "qcvn102-types.xsd").write_text(types_file(), encoding="utf-8")
    (OUT / "edoc.xsd").write_text(edoc_file(False), encoding="utf-8")
    (OUT / "edoc-strict.xsd").write_text(edoc_file(True), encoding="utf-8")
    (OUT / "status.xsd").write_text(status_file(False), encoding="utf-8")
    (OUT / "status-strict.xsd").write_text(status_file(True), encoding="utf-8")
