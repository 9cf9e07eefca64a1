"""The manifest and the attachments (``ATT``)."""

from __future__ import annotations

from .model import INFO, E, Family, W

_rule = Family()

# --- manifest and attachments ------------------------------------------------------------------

ATT_001 = _rule(
    "EDX-ATT-001",
    "rules",
    E,
    ("Manifest reference without attachment", "Bảng kê có tệp nhưng không có tệp đính kèm"),
    (
        "the manifest lists {value} ({name}) but no attachment has that ContentId",
        "bảng kê có {value} ({name}) nhưng không tệp đính kèm nào có ContentId đó",
    ),
    "Every `edXMLManifest/Reference` needs an `Attachment` with the same `ContentId` (compared "
    "with or without `cid:`).",
)
ATT_002 = _rule(
    "EDX-ATT-002",
    "rules",
    E,
    ("Attachment not in the manifest", "Tệp đính kèm không có trong bảng kê"),
    (
        "attachment {value} ({name}) is not listed in the manifest",
        "tệp đính kèm {value} ({name}) không có trong bảng kê",
    ),
    "Every `Attachment` needs a manifest `Reference` with the same `ContentId`.",
    lenient=W,
)
ATT_003 = _rule(
    "EDX-ATT-003",
    "rules",
    E,
    (
        "ContentId differs between manifest and attachment",
        "ContentId khác nhau giữa bảng kê và tệp đính kèm",
    ),
    (
        "file {name}: the manifest says ContentId {ref_cid}, the attachment {value}",
        "tệp {name}: bảng kê ghi ContentId {ref_cid}, tệp đính kèm ghi {value}",
    ),
    "A reference and an attachment that only match by name: their `ContentId`s differ (after "
    "removing `cid:`).",
    lenient=W,
)
ATT_004 = _rule(
    "EDX-ATT-004",
    "rules",
    W,
    (
        "Names differ between manifest and attachment",
        "Tên tệp khác nhau giữa bảng kê và tệp đính kèm",
    ),
    (
        "ContentId {cid}: the manifest names the file '{ref_name}', the attachment '{value}'",
        "ContentId {cid}: bảng kê ghi tên '{ref_name}', tệp đính kèm ghi '{value}'",
    ),
    "`AttachmentName` of the `Reference` and of the `Attachment` should agree.",
)
ATT_005 = _rule(
    "EDX-ATT-005",
    "rules",
    E,
    ("Attachment ContentType contradicts its bytes", "ContentType của tệp không khớp nội dung"),
    (
        "attachment {name} is declared '{value}' but its content is {detected}",
        "tệp {name} khai báo '{value}' nhưng nội dung là {detected}",
    ),
    "The declared `Attachment/ContentType` is compared with what the first bytes show "
    "(`types_agree`): a ZIP labelled `application/pdf` is an error; ZIP-based Office types "
    "(docx, xlsx…) agree with a ZIP. A missing ContentType is also reported here.",
    lenient=W,
)
ATT_006 = _rule(
    "EDX-ATT-006",
    "rules",
    W,
    ("Manifest ContentType contradicts the bytes", "ContentType trong bảng kê không khớp nội dung"),
    (
        "the manifest declares {name} as '{value}' but its content is {detected}",
        "bảng kê khai báo {name} là '{value}' nhưng nội dung là {detected}",
    ),
    "Hub traffic often keeps the original type in the manifest and `application/zip` in the "
    "attachment, so this is a warning.",
)
ATT_007 = _rule(
    "EDX-ATT-007",
    "rules",
    E,
    ("Duplicate ContentId", "Trùng ContentId"),
    (
        "ContentId {value} is used by more than one {where}",
        "ContentId {value} được dùng cho nhiều hơn một {where_vi}",
    ),
    "Two attachments (or two references) with the same `ContentId`.",
    lenient=W,
)
ATT_008 = _rule(
    "EDX-ATT-008",
    "rules",
    E,
    ("Attachment without content", "Tệp đính kèm không có nội dung"),
    (
        "attachment {value} has no ContentTransferEncoded",
        "tệp đính kèm {value} không có ContentTransferEncoded",
    ),
    "An `Attachment` block without its base64 payload.",
)
ATT_009 = _rule(
    "EDX-ATT-009",
    "rules",
    E,
    ("Attachment is not valid base64", "Tệp đính kèm không phải base64 hợp lệ"),
    (
        "attachment {name} is not valid base64: {detail}",
        "tệp đính kèm {name} không phải base64 hợp lệ: {detail_vi}",
    ),
    "Checked in 1 MiB chunks: alphabet `A-Z a-z 0-9 + /`, white space allowed, `=` padding only "
    "at the end, length a multiple of 4.",
)
ATT_010 = _rule(
    "EDX-ATT-010",
    "rules",
    E,
    ("Attachment larger than the limit", "Tệp đính kèm vượt giới hạn dung lượng"),
    (
        "attachment {name} has {value} bytes, more than the limit of {limit}",
        "tệp đính kèm {name} có {value} byte, vượt giới hạn {limit}",
    ),
    "Only when `max_attachment_bytes=` is given (CLI `--max-attachment-bytes`).",
)
ATT_011 = _rule(
    "EDX-ATT-011",
    "rules",
    E,
    ("Attachments larger than the total limit", "Tổng dung lượng tệp đính kèm vượt giới hạn"),
    (
        "the attachments total {value} bytes, more than the limit of {limit}",
        "tổng dung lượng tệp đính kèm là {value} byte, vượt giới hạn {limit}",
    ),
    "Only when `max_total_attachment_bytes=` is given.",
)
ATT_012 = _rule(
    "EDX-ATT-012",
    "rules",
    W,
    ("Empty attachment", "Tệp đính kèm rỗng"),
    ("attachment {value} is empty (0 bytes)", "tệp đính kèm {value} rỗng (0 byte)"),
    "",
)
ATT_014 = _rule(
    "EDX-ATT-014",
    "rules",
    INFO,
    (
        "Document in the SDK's ZIP under its own type (form B)",
        "Tệp nằm trong ZIP của SDK nhưng khai báo kiểu gốc (dạng B)",
    ),
    (
        "attachment {name} is declared '{value}' and carried in the SDK's ZIP ({entry}): "
        "receivers unwrap it",
        "tệp {name} khai báo '{value}' và được gửi trong tệp ZIP của SDK ({entry}): bên nhận "
        "giải nén",
    ),
    'Form B (`Attachment.carrier` is `"zip-undeclared"`): what the SDK 0.0.3 jar and the hub '
    "(2025) send. The document is `Attachment.open_document()`; `save()` and `edocstd extract` "
    "unwrap it.",
)
ATT_013 = _rule(
    "EDX-ATT-013",
    "rules",
    E,
    ("Attachment or reference without ContentId", "Tệp hoặc mục bảng kê không có ContentId"),
    (
        "{where} {value} has no ContentId, so it cannot be matched",
        "{where_vi} {value} không có ContentId nên không đối chiếu được",
    ),
    "",
    lenient=W,
)

FAMILY = _rule.declared()
"""These rules, in the order of the catalogue."""

__all__ = [
    "ATT_001",
    "ATT_002",
    "ATT_003",
    "ATT_004",
    "ATT_005",
    "ATT_006",
    "ATT_007",
    "ATT_008",
    "ATT_009",
    "ATT_010",
    "ATT_011",
    "ATT_012",
    "ATT_013",
    "ATT_014",
    "FAMILY",
]
