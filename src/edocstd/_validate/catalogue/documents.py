"""The signatures on the documents inside (``PDF``, the documents tier)."""

from __future__ import annotations

from .model import INFO, E, Family, W

_rule = Family()

# --- documents (PDF signatures inside attachments; the documents tier) ----------------------

PDF_001 = _rule(
    "EDX-PDF-001",
    "documents",
    W,
    ("PDF without a digital signature", "Tệp PDF không có chữ ký số"),
    ("the document {value} carries no digital signature", "văn bản {value} không có chữ ký số"),
    "An attached PDF has no signature. Under Nghị định 30/2020/NĐ-CP an electronic document "
    "carries the signature of the competent official and then of the issuing agency. A warning "
    "(a package may carry drafts or annexes without signatures); an error under `strict`.",
    strict=E,
)
PDF_002 = _rule(
    "EDX-PDF-002",
    "documents",
    E,
    ("Broken document signature", "Chữ ký số trên văn bản bị hỏng"),
    (
        "signature {n} ({signer}) of {value} is broken: {detail}",
        "chữ ký {n} ({signer}) của {value} bị hỏng: {detail_vi}",
    ),
    "The bytes a signature covers were changed, or the signature itself does not verify or "
    "cannot be read.",
    lenient=W,
)
PDF_003 = _rule(
    "EDX-PDF-003",
    "documents",
    E,
    ("Document changed after signing", "Văn bản bị sửa sau khi ký"),
    (
        "the content of {value} was changed after signature {n} ({signer}){detail}",
        "nội dung của {value} bị sửa sau chữ ký {n} ({signer}){detail}",
    ),
    "An incremental update after the signature changes content (pages, text, images), not "
    "only form fields, later signatures, annotations or validation data (pyHanko's difference "
    "analysis).",
    lenient=W,
)
PDF_004 = _rule(
    "EDX-PDF-004",
    "documents",
    E,
    ("Document signer not trusted", "Người ký văn bản không được tin cậy"),
    (
        "signature {n} of {value}: the certificate of {signer} is not trusted: {detail}",
        "chữ ký {n} của {value}: chứng thư số của {signer} không được tin cậy: {detail_vi}",
    ),
    "The signer's certificate does not chain to the trust anchors given for documents, or its "
    "key usage or path constraints do not allow it to sign.",
    lenient=W,
)
PDF_005 = _rule(
    "EDX-PDF-005",
    "documents",
    E,
    ("Document signer's certificate not valid", "Chứng thư số người ký văn bản hết hiệu lực"),
    (
        "signature {n} of {value}: the certificate of {signer} is {detail}",
        "chữ ký {n} của {value}: chứng thư số của {signer} {detail_vi}",
    ),
    "The signer's certificate (or one above it) had expired, was not yet valid or is revoked "
    "at the validation time, and no trusted timestamp shows the signature is older.",
    lenient=W,
)
PDF_006 = _rule(
    "EDX-PDF-006",
    "documents",
    W,
    ("Document signers not checked", "Chưa kiểm tra người ký văn bản"),
    (
        "the signatures of {value} are intact but no trust anchors were given for documents",
        "chữ ký của {value} nguyên vẹn nhưng chưa có chứng thư tin cậy để kiểm tra người ký",
    ),
    "The documents tier ran without trust anchors: integrity is checked, the signers are not.",
)
PDF_007 = _rule(
    "EDX-PDF-007",
    "documents",
    INFO,
    ("Not the two expected signatures", "Không đủ hai chữ ký như thường lệ"),
    (
        "{value}: {detail} (roles inferred from the certificates and their order)",
        "{value}: {detail_vi} (vai trò suy đoán từ chứng thư và thứ tự ký)",
    ),
    "An electronic document usually carries the official's signature and then the agency's; "
    "annexes carry only the agency's. The roles are *inferred* (a certificate named like an "
    "organisation is the agency's), so this is information only.",
)
PDF_008 = _rule(
    "EDX-PDF-008",
    "documents",
    INFO,
    ("Document is not a PDF", "Văn bản không phải PDF"),
    (
        "{value} ({detail}) is not a PDF: listed as an unsigned document",
        "{value} ({detail}) không phải PDF: coi là văn bản không có chữ ký số",
    ),
    "Word, Excel and other documents are listed; their signatures (if any) are not checked.",
)
PDF_009 = _rule(
    "EDX-PDF-009",
    "documents",
    E,
    ("PDF could not be checked", "Không kiểm tra được tệp PDF"),
    (
        "the PDF {value} could not be checked: {detail}",
        "không kiểm tra được tệp PDF {value}: {detail_vi}",
    ),
    "The PDF is unreadable, or checking it went over a limit (time, memory, size): a hostile or "
    "broken file ends here, never in a hang.",
    lenient=W,
)
PDF_010 = _rule(
    "EDX-PDF-010",
    "documents",
    W,
    ("Document could not be taken out", "Không lấy được văn bản ra khỏi tệp đính kèm"),
    (
        "the document of attachment {value} could not be taken out: {detail}",
        "không lấy được văn bản của tệp đính kèm {value}: {detail}",
    ),
    "The attachment (an SDK ZIP, for example) could not be unwrapped; the rules tier says why "
    "in more detail.",
)
PDF_011 = _rule(
    "EDX-PDF-011",
    "documents",
    INFO,
    ("Additions after the last signature", "Có bổ sung sau chữ ký cuối"),
    (
        "{value}: {detail} after the last signature ({signer})",
        "{value}: {detail_vi} sau chữ ký cuối ({signer})",
    ),
    "Form fields, annotations or validation data were added after the last signature: allowed "
    "by PDF signature rules, and the signed content is unchanged.",
)
PDF_012 = _rule(
    "EDX-PDF-012",
    "documents",
    E,
    ("Document signature rejected", "Chữ ký số trên văn bản không được chấp nhận"),
    (
        "signature {n} ({signer}) of {value} is not accepted: {detail}",
        "chữ ký {n} ({signer}) của {value} không được chấp nhận: {detail}",
    ),
    "The signature is intact and its signer trusted, but pyHanko's overall judgement is "
    "negative: the signature field's seed value constraints are not met, or its signature "
    "timestamp is not trusted.",
    lenient=W,
)


FAMILY = _rule.declared()
"""These rules, in the order of the catalogue."""

__all__ = [
    "FAMILY",
    "PDF_001",
    "PDF_002",
    "PDF_003",
    "PDF_004",
    "PDF_005",
    "PDF_006",
    "PDF_007",
    "PDF_008",
    "PDF_009",
    "PDF_010",
    "PDF_011",
    "PDF_012",
]
