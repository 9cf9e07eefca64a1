"""The rule catalogue: every finding id the validator emits, with severity per profile,
messages in Vietnamese and English, and a short description (``docs/rules.md`` is generated
from this module by ``tools/gen_rules_doc.py``).

Rule ids have the form ``EDX-<AREA>-<NNN>`` and never change meaning once released; a rule
that is withdrawn keeps its id reserved.  Areas:

``WF`` well-formed XML, ``XSD`` schema, ``REQ`` required elements, ``LEN`` field lengths
(implementation limits), ``DATE`` dates, ``CODE`` code lists, ``TO`` recipients, ``ATT``
manifest and attachments, ``FLOW`` business flows, ``STA`` status packages, ``DOCID``
document identifiers, ``ORG`` agency identifiers, ``SIG`` signature, ``PDF`` the signatures
on the documents inside (the documents tier).

The tolerant reader's own findings keep their ``read.*`` ids (``edocstd._xml.rules``); their
severity is adjusted per profile by :func:`reader_severity`.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from .._findings import Finding, Severity
from .._types import ValidationProfile
from .._xml.rules import READER_RULES
from .reasons import WHY

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

PROFILES: tuple[ValidationProfile, ...] = ("vdxp", "strict", "lenient")
"""``vdxp``: what the national axis needs (the default); ``strict``: exactly what the official
SDK writes; ``lenient``: only what makes a package unusable is an error."""

TIERS: tuple[str, ...] = ("well-formed", "schema", "rules", "identifiers", "signature", "documents")
"""The validation tiers, in the order they run."""


@attrs.frozen(kw_only=True)
class Rule:
    """One rule of the catalogue.

    ``severity`` applies under the ``vdxp`` profile; ``strict`` and ``lenient`` override it
    for those profiles (``None``: same as ``vdxp``).  ``limit`` marks an implementation limit
    (seen in other systems' validators, not confirmed in the regulation text).
    """

    id: str
    tier: str
    severity: Severity
    title_en: str
    title_vi: str
    message_en: str
    message_vi: str
    doc: str = ""
    strict: Severity | None = None
    lenient: Severity | None = None
    limit: bool = False

    @property
    def why(self) -> str:
        """Why the rule has its severities under each profile (empty when nothing is noted)."""
        return WHY.get(self.id, "")

    def severity_for(self, profile: str) -> Severity:
        """The rule's severity under ``profile``."""
        if profile == "strict" and self.strict is not None:
            return self.strict
        if profile == "lenient" and self.lenient is not None:
            return self.lenient
        return self.severity

    def finding(
        self,
        profile: str,
        *,
        path: str | None = None,
        line: int | None = None,
        value: object = None,
        **params: Any,
    ) -> Finding:
        """A finding of this rule; ``{value}`` and ``params`` fill the message templates."""
        shown = None if value is None else str(value)
        fill = _Fill(params, value=_short(shown))
        formatter = string.Formatter()
        return Finding(
            rule=self.id,
            severity=self.severity_for(profile),
            message_en=formatter.vformat(self.message_en, (), fill),
            message_vi=formatter.vformat(self.message_vi, (), fill),
            path=path,
            line=line,
            value=shown,
        )


class _Fill(dict[str, Any]):
    def __init__(self, params: Mapping[str, Any], **extra: Any) -> None:
        super().__init__(params)
        self.update(extra)

    def __missing__(self, key: str) -> str:
        return ""


def _short(value: str | None, limit: int = 80) -> str:
    if value is None:
        return ""
    return value if len(value) <= limit else value[: limit - 1] + "…"


_RULES: list[Rule] = []


def _rule(
    id: str,
    tier: str,
    severity: Severity,
    title: tuple[str, str],
    message: tuple[str, str],
    doc: str = "",
    *,
    strict: Severity | None = None,
    lenient: Severity | None = None,
    limit: bool = False,
) -> None:
    _RULES.append(
        Rule(
            id=id,
            tier=tier,
            severity=severity,
            title_en=title[0],
            title_vi=title[1],
            message_en=message[0],
            message_vi=message[1],
            doc=doc,
            strict=strict,
            lenient=lenient,
            limit=limit,
        )
    )


# --- well-formed -----------------------------------------------------------------------------

_rule(
    "EDX-WF-001",
    "well-formed",
    E,
    ("The input is not a readable edXML package", "Dữ liệu không phải gói tin edXML đọc được"),
    ("the package cannot be read: {value}", "không đọc được gói tin: {value}"),
    "Not well-formed XML, a DTD or entity, another format (HTML, SOAP, Bkav eDoc), no "
    "edXMLHeader/MessageHeader. Every later tier is skipped.",
)
_rule(
    "EDX-WF-002",
    "well-formed",
    E,
    ("The input exceeds a configured limit", "Dữ liệu vượt giới hạn đã cấu hình"),
    ("the package exceeds a limit: {value}", "gói tin vượt giới hạn: {value}"),
    "Size, depth, element or attachment count beyond `Limits` (pass `limits=` to raise them).",
)

# --- schema ----------------------------------------------------------------------------------

_rule(
    "EDX-XSD-001",
    "schema",
    E,
    ("The package does not match the XML Schema", "Gói tin không đúng lược đồ XML"),
    ("schema: {value}", "lược đồ: {value}"),
    "Checked with lxml against `schemas/edoc.xsd` / `status.xsd` (tolerant: any child order, "
    "extensions allowed) under `vdxp` and `lenient`, `edoc-strict.xsd` / `status-strict.xsd` "
    "(the official SDK's order and code lists) under `strict`. Attachment payloads are typed "
    "`xs:string`; base64 is checked by EDX-ATT-009. A warning under `lenient`: whatever the "
    "reader could read around does not make the package unusable.",
    lenient=W,
)
_rule(
    "EDX-XSD-002",
    "schema",
    INFO,
    ("More schema errors not listed", "Còn lỗi lược đồ khác không liệt kê"),
    ("{count} more schema errors are not listed", "còn {count} lỗi lược đồ khác không liệt kê"),
    "Only the first 100 schema errors are reported one by one.",
)

# --- required elements -----------------------------------------------------------------------

_REQ_DOC = "Required: cardinality 1 in what the official SDK writes (spec §2.1, §2.2, §4.1)."
REQUIRED: tuple[tuple[str, str, str, Severity, Severity], ...] = (
    # id, element (relative to MessageHeader), package kinds, vdxp severity, lenient severity
    ("EDX-REQ-001", "From", "edoc, status", E, E),
    ("EDX-REQ-002", "From/OrganId", "edoc, status", E, E),
    ("EDX-REQ-003", "To", "edoc", E, E),
    ("EDX-REQ-004", "To/OrganId", "edoc", E, E),
    ("EDX-REQ-005", "Code", "edoc", E, W),
    ("EDX-REQ-006", "Code/CodeNumber", "edoc", E, W),
    ("EDX-REQ-007", "Code/CodeNotation", "edoc", E, W),
    ("EDX-REQ-008", "PromulgationInfo", "edoc", E, W),
    ("EDX-REQ-009", "PromulgationInfo/PromulgationDate", "edoc", E, W),
    ("EDX-REQ-010", "DocumentType", "edoc", E, W),
    ("EDX-REQ-011", "DocumentType/Type", "edoc", E, W),
    ("EDX-REQ-012", "Subject", "edoc", E, W),
    ("EDX-REQ-013", "SignerInfo", "edoc", W, W),
)
REQUIRED_BY_ELEMENT: Mapping[str, str] = MappingProxyType({r[1]: r[0] for r in REQUIRED})

for _id, _element, _kinds, _sev, _len in REQUIRED:
    _rule(
        _id,
        "rules",
        _sev,
        (f"{_element} is required", f"Bắt buộc có {_element}"),
        (
            f"<{_element}> is missing or empty"
            + (" (at least one recipient)" if _element == "To" else ""),
            f"thiếu hoặc để trống <{_element}>"
            + (" (phải có ít nhất một nơi nhận)" if _element == "To" else ""),
        ),
        f"{_REQ_DOC} Package kinds: {_kinds}.",
        strict=E,
        lenient=_len,
    )

# --- lengths -----------------------------------------------------------------------------------

LENGTH_LIMITS: tuple[tuple[str, int], ...] = (
    # element (as it appears under MessageHeader), maximum characters (spec §9.1)
    ("From|To/OrganName", 200),
    ("From|To/Email", 100),
    ("From|To/Telephone", 20),
    ("From|To/Fax", 20),
    ("Code/CodeNumber", 11),
    ("Code/CodeNotation", 30),
    ("PromulgationInfo/Place", 50),
    ("DocumentType/TypeName", 100),
    ("Subject", 500),
    ("SignerInfo/Competence", 100),
    ("SignerInfo/Position", 100),
    ("SignerInfo/FullName", 50),
    ("OtherInfo/SphereOfPromulgation", 100),
    ("OtherInfo/TyperNotation", 10),
)
"""Implementation limits of spec §9.1: lengths enforced by receiving validators (Bkav and
others); the regulation's own table was not available."""

_rule(
    "EDX-LEN-001",
    "rules",
    W,
    (
        "Field longer than receivers accept (implementation limit)",
        "Trường dài hơn mức bên nhận chấp nhận (giới hạn thực tế)",
    ),
    (
        "<{element}> has {length} characters; receivers' validators accept at most {limit}",
        "<{element}> dài {length} ký tự; phần mềm bên nhận chỉ chấp nhận tối đa {limit}",
    ),
    "IMPLEMENTATION LIMIT (spec §9.1), not confirmed in the regulation text: receivers may "
    "reject or truncate longer values. Limits are listed below.",
    strict=E,
    limit=True,
)

# --- dates -------------------------------------------------------------------------------------

_rule(
    "EDX-DATE-001",
    "rules",
    E,
    ("Not a real calendar date", "Ngày không có thật"),
    ("'{value}' is not a real calendar date", "'{value}' không phải ngày có thật"),
    "Dates (`PromulgationDate`, `DueDate`, `ResponseFor/PromulgationDate`) and timestamps "
    "(`TraceHeader/Timestamp`) must be real: `2014/02/30` is an error. Replaces the reader's "
    "`read.date-impossible` at the same place.",
    lenient=W,
)
_rule(
    "EDX-DATE-002",
    "rules",
    W,
    ("Impossible date inside a DocumentId", "Ngày không có thật trong mã văn bản"),
    (
        "the date part '{date}' of DocumentId '{value}' is not a real calendar date",
        "phần ngày '{date}' của mã văn bản '{value}' không phải ngày có thật",
    ),
    "A DocumentId of the SDK form `issuer,yyyy/MM/dd,number/notation` whose date cannot exist "
    "(the official sample `edoc_new.edxml` carries `2014/02/30`). Checked in "
    "`MessageHeader/DocumentId`, `ResponseFor/DocumentId`, `Bussiness/DocumentId` and "
    "`ReplacementInfo/DocumentId`. The identifier is still echoed verbatim.",
    strict=E,
    lenient=W,
)
_rule(
    "EDX-DATE-003",
    "rules",
    E,
    ("Not a date", "Không phải ngày tháng"),
    (
        "'{value}' cannot be read as a date (expected {pattern})",
        "không đọc được '{value}' là ngày tháng (cần dạng {pattern})",
    ),
    "A date or timestamp element whose text is not a date in any known form. Replaces the "
    "reader's `read.unreadable-value` at the same place.",
    lenient=W,
)
_rule(
    "EDX-DATE-004",
    "rules",
    W,
    ("Promulgation date in the future", "Ngày ban hành ở tương lai"),
    (
        "the promulgation date {value} is after today ({today})",
        "ngày ban hành {value} sau ngày hôm nay ({today})",
    ),
    "`PromulgationInfo/PromulgationDate` later than the validation day (`now=`, default "
    "today, local time).",
    strict=E,
    lenient=W,
)
_rule(
    "EDX-DATE-005",
    "rules",
    W,
    ("Due date before the promulgation date", "Hạn xử lý trước ngày ban hành"),
    (
        "the due date {value} is before the promulgation date {promulgated}",
        "hạn xử lý {value} trước ngày ban hành {promulgated}",
    ),
    "`DueDate` earlier than `PromulgationInfo/PromulgationDate`.",
    strict=E,
    lenient=W,
)

# --- code lists ------------------------------------------------------------------------------

_rule(
    "EDX-CODE-001",
    "identifiers",
    W,
    ("Priority not in the code list", "Độ khẩn không thuộc danh mục"),
    ("Priority '{value}' is not one of 0-4", "độ khẩn '{value}' không thuộc 0-4"),
    "`OtherInfo/Priority`: 0 Thường, 1 Khẩn, 2 Thượng khẩn, 3 Hỏa tốc, 4 Hỏa tốc hẹn giờ.",
    strict=E,
    lenient=W,
)
_rule(
    "EDX-CODE-002",
    "identifiers",
    E,
    ("BussinessDocType not in the code list", "Loại nghiệp vụ không thuộc danh mục"),
    ("BussinessDocType '{value}' is not one of 0-3", "loại nghiệp vụ '{value}' không thuộc 0-3"),
    "`Bussiness/BussinessDocType`: 0 new, 1 revoke, 2 update, 3 replace.",
)
_rule(
    "EDX-CODE-003",
    "identifiers",
    E,
    ("StatusCode not in the code list", "Mã trạng thái không thuộc danh mục"),
    (
        "StatusCode '{value}' is not one of 01-06, 13, 15, 16",
        "mã trạng thái '{value}' không thuộc 01-06, 13, 15, 16",
    ),
    "The nine status codes used on the national axis (QĐ 28/2018); 07-12 and 14 are not used.",
)
_rule(
    "EDX-CODE-004",
    "identifiers",
    W,
    ("DocumentType/Type not in the code list", "Loại văn bản không thuộc danh mục"),
    (
        "DocumentType/Type '{value}' is not 1 (legal) or 2 (administrative)",
        "DocumentType/Type '{value}' không phải 1 (QPPL) hoặc 2 (hành chính)",
    ),
    "1 = văn bản quy phạm pháp luật (list A), 2 = văn bản hành chính (list B). The official C# "
    "example writes the list-B index (18) here; receivers fall back to `TypeName`.",
    strict=E,
    lenient=W,
)
_rule(
    "EDX-CODE-005",
    "identifiers",
    W,
    ("TypeDetail not in list A/B", "TypeDetail không có trong danh mục A/B"),
    (
        "TypeDetail '{value}' is not in list {list} of document types",
        "TypeDetail '{value}' không có trong danh mục {list} các loại văn bản",
    ),
    "When `Type` is 1 or 2, `TypeDetail` must be an index of list A (1-13) or list B (1-30) "
    "of the document types (QCVN 102 appendix; `edocstd.LEGAL_DOCUMENT_TYPES`, "
    "`edocstd.ADMINISTRATIVE_DOCUMENT_TYPES`).",
    strict=E,
    lenient=W,
)
_rule(
    "EDX-CODE-006",
    "identifiers",
    W,
    ("TypeDetail 0 (not given)", "TypeDetail bằng 0 (không xác định)"),
    (
        "TypeDetail is 0: the SDK's default, the document type is given only by TypeName '{name}'",
        "TypeDetail bằng 0 (giá trị mặc định của SDK): loại văn bản chỉ có ở TypeName '{name}'",
    ),
    "The official Java SDK writes 0 when no list index was set (its sample: Type 1, TypeDetail "
    "0, TypeName Công văn). Whether TypeDetail is 0- or 1-based is open (spec §9.6).",
)
_rule(
    "EDX-CODE-007",
    "identifiers",
    W,
    (
        "SteeringType outside 0/1/2 (disputed list)",
        "Loại chỉ đạo ngoài 0/1/2 (danh mục còn tranh cãi)",
    ),
    ("SteeringType '{value}' is not 0, 1 or 2", "loại chỉ đạo '{value}' không phải 0, 1 hoặc 2"),
    "Disputed code list (spec §2.6): 0/1/2 in most implementations, 1/2/3 in one glossary, 10 "
    "in one system. Always a warning.",
)
_rule(
    "EDX-CODE-008",
    "identifiers",
    W,
    ("Paper not 0 or 1", "Paper không phải 0 hoặc 1"),
    (
        "Paper '{value}' is not 0 (no paper copy) or 1 (paper copy too)",
        "Paper '{value}' không phải 0 (không gửi bản giấy) hoặc 1 (có gửi bản giấy)",
    ),
    "`Bussiness/Paper` (and the rare `TraceHeaderList/Paper`).",
    strict=E,
    lenient=W,
)
_rule(
    "EDX-CODE-009",
    "identifiers",
    E,
    ("ReceiverType not 0 or 1", "ReceiverType không phải 0 hoặc 1"),
    (
        "ReceiverType '{value}' is not 0 (removed) or 1 (added)",
        "ReceiverType '{value}' không phải 0 (bị loại) hoặc 1 (bổ sung)",
    ),
    "`Receiver/ReceiverType` in an update.",
    lenient=W,
)

_rule(
    "EDX-CODE-010",
    "identifiers",
    E,
    ("Document type unknown", "Không xác định được loại văn bản"),
    (
        "DocumentType/Type '{value}' is not 1 or 2 and there is no TypeName to fall back on",
        "DocumentType/Type '{value}' không phải 1 hoặc 2 và không có TypeName để thay thế",
    ),
    "EDX-CODE-004 without a `TypeName`: the receiver has no type to register the document under.",
    lenient=W,
)
_rule(
    "EDX-CODE-011",
    "identifiers",
    E,
    ("Code is not a number", "Mã không phải số"),
    (
        "<{element}> is '{value}', not a number",
        "<{element}> có giá trị '{value}', không phải số",
    ),
    "`Priority`, `SteeringType`, `DocumentType/Type`, `Paper`, `BussinessDocType`, "
    "`ReceiverType`: integers in the official SDK's model.",
    lenient=W,
)

# --- recipients --------------------------------------------------------------------------------

_rule(
    "EDX-TO-001",
    "rules",
    W,
    ("The same recipient twice", "Trùng nơi nhận"),
    ("recipient {value} is listed more than once", "nơi nhận {value} được liệt kê nhiều lần"),
    "Two `To` blocks with the same `OrganId` (receiving validators reject it).",
    strict=E,
    lenient=W,
)

# --- manifest and attachments ------------------------------------------------------------------

_rule(
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
_rule(
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
_rule(
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
_rule(
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
_rule(
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
_rule(
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
_rule(
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
_rule(
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
_rule(
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
_rule(
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
_rule(
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
_rule(
    "EDX-ATT-012",
    "rules",
    W,
    ("Empty attachment", "Tệp đính kèm rỗng"),
    ("attachment {value} is empty (0 bytes)", "tệp đính kèm {value} rỗng (0 byte)"),
    "",
)
_rule(
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
    "Spec §1.2 form B: what the SDK 0.0.3 jar and the hub (2025) send. The document is "
    "`Attachment.open_document()`; `save()` and `edocstd extract` unwrap it.",
)
_rule(
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

# --- business flows ----------------------------------------------------------------------------

_rule(
    "EDX-FLOW-001",
    "rules",
    E,
    ("Revoke/update without target DocumentId", "Thu hồi/cập nhật thiếu mã văn bản đích"),
    (
        "a {value} package needs Bussiness/DocumentId (the document it acts on)",
        "gói tin {value_vi} phải có Bussiness/DocumentId (văn bản bị tác động)",
    ),
    "BussinessDocType 1 (revoke) and 2 (update) act on an earlier document named by "
    "`Bussiness/DocumentId` (spec §3.2). A replacement (3) names the replaced documents in "
    "`ReplacementInfo/DocumentId` instead (EDX-FLOW-003, EDX-FLOW-005). The official revoke "
    "sample omits it and points at the document with `ResponseFor` only: a warning under "
    "`lenient`.",
    lenient=W,
)
_rule(
    "EDX-FLOW-002",
    "rules",
    W,
    ("Update without BussinessDocumentInfo", "Cập nhật thiếu BussinessDocumentInfo"),
    (
        "an update (BussinessDocType 2) needs BussinessDocumentInfo",
        "gói tin cập nhật (BussinessDocType 2) phải có BussinessDocumentInfo",
    ),
    "",
    strict=E,
    lenient=W,
)
_rule(
    "EDX-FLOW-003",
    "rules",
    E,
    ("Replace without ReplacementInfoList", "Thay thế thiếu ReplacementInfoList"),
    (
        "a replacement (BussinessDocType 3) needs a ReplacementInfoList with ReplacementInfo",
        "gói tin thay thế (BussinessDocType 3) phải có ReplacementInfoList chứa ReplacementInfo",
    ),
    "",
    lenient=W,
)
_rule(
    "EDX-FLOW-004",
    "rules",
    W,
    ("No BussinessDocType", "Không có BussinessDocType"),
    (
        "no Bussiness/BussinessDocType: the package is treated as a new document",
        "không có Bussiness/BussinessDocType: gói tin được coi là văn bản mới",
    ),
    "The official SDK always writes `TraceHeaderList/Bussiness/BussinessDocType`.",
    strict=E,
)
_rule(
    "EDX-FLOW-005",
    "rules",
    E,
    ("ReplacementInfo without DocumentId", "ReplacementInfo thiếu DocumentId"),
    (
        "ReplacementInfo has no DocumentId of the replaced document",
        "ReplacementInfo không có DocumentId của văn bản bị thay thế",
    ),
    "",
    lenient=W,
)

# --- status packages -------------------------------------------------------------------------

_rule(
    "EDX-STA-001",
    "rules",
    E,
    ("Status without ResponseFor", "Gói tin trạng thái thiếu ResponseFor"),
    (
        "the status package has no ResponseFor (the document it is about)",
        "gói tin trạng thái không có ResponseFor (văn bản được phản hồi)",
    ),
    "",
)
_rule(
    "EDX-STA-002",
    "rules",
    E,
    ("ResponseFor without DocumentId", "ResponseFor thiếu DocumentId"),
    (
        "ResponseFor has no DocumentId, so the status cannot be matched to its document",
        "ResponseFor không có DocumentId nên không đối chiếu được với văn bản",
    ),
    "The DocumentId is the correlation key (spec §2.4).",
)
_rule(
    "EDX-STA-003",
    "rules",
    E,
    ("Status without StatusCode", "Gói tin trạng thái thiếu StatusCode"),
    ("the status package has no StatusCode", "gói tin trạng thái không có StatusCode"),
    "",
)
_rule(
    "EDX-STA-004",
    "rules",
    W,
    ("Status without Timestamp", "Gói tin trạng thái thiếu Timestamp"),
    ("the status package has no Timestamp", "gói tin trạng thái không có Timestamp"),
    "",
    strict=E,
    lenient=W,
)
_rule(
    "EDX-STA-005",
    "rules",
    W,
    ("Status Timestamp not valid", "Timestamp của trạng thái không hợp lệ"),
    (
        "Timestamp '{value}' is not a real time yyyy/MM/dd HH:mm:ss",
        "Timestamp '{value}' không phải thời điểm hợp lệ dạng yyyy/MM/dd HH:mm:ss",
    ),
    "Replaces the reader's `read.date-impossible` / `read.unreadable-value` for the status "
    "Timestamp.",
    strict=E,
    lenient=W,
)
_rule(
    "EDX-STA-006",
    "rules",
    W,
    ("Status needs a Description", "Trạng thái cần có Description"),
    (
        "status {value} ({label}) needs the reason in Description",
        "trạng thái {value} ({label_vi}) phải ghi lý do trong Description",
    ),
    "Codes 02 (rejected), 13 (take-back request) and 16 (change rejected) carry a reason.",
    strict=E,
    lenient=W,
)

# --- document identifiers -----------------------------------------------------------------------

_rule(
    "EDX-DOCID-001",
    "rules",
    W,
    ("DocumentId disagrees with the header", "Mã văn bản không khớp thông tin văn bản"),
    (
        "DocumentId '{value}' does not match the package's {fields}",
        "mã văn bản '{value}' không khớp {fields_vi} của gói tin",
    ),
    "When `MessageHeader/DocumentId` has the SDK form `issuer,yyyy/MM/dd,number/notation`, its "
    "parts should be `From/OrganId`, `PromulgationDate`, `CodeNumber` and `CodeNotation`. A "
    "warning: the identifier is a correlation key that must be echoed verbatim, and the hub "
    "accepts any value.",
    strict=E,
)
_rule(
    "EDX-DOCID-002",
    "rules",
    W,
    ("No DocumentId", "Không có mã văn bản"),
    (
        "the edoc has no DocumentId: replies cannot be correlated reliably",
        "văn bản không có DocumentId: khó đối chiếu các phản hồi",
    ),
    "The official SDK always writes one.",
    strict=E,
)
_rule(
    "EDX-DOCID-003",
    "identifiers",
    INFO,
    ("Non-standard DocumentId", "Mã văn bản không theo dạng chuẩn"),
    ("DocumentId '{value}': {problems}", "mã văn bản '{value}': {problems_vi}"),
    "Problems reported by `edocstd.DocumentId` (form, spaces, issuer); a UUID is accepted. "
    "An impossible date is EDX-DATE-002 instead.",
)

# --- agency identifiers ------------------------------------------------------------------------

_rule(
    "EDX-ORG-001",
    "identifiers",
    W,
    ("Non-standard agency identifier", "Mã định danh không theo chuẩn"),
    (
        "OrganId '{value}' is not a standard QCVN 102 code: {problems}",
        "mã định danh '{value}' không theo chuẩn QCVN 102: {problems_vi}",
    ),
    "Parsed with `edocstd.OrganId` (4 levels `LLL.KK.JJ.Xnn`). Real traffic carries codes such "
    "as `28.22.H17` or `vxp.saas.03`: a warning, never a crash. Checked in From, To, "
    "TraceHeader, ResponseFor, Receiver and ReplacementInfo/OrganIdList.",
)
_rule(
    "EDX-ORG-003",
    "identifiers",
    INFO,
    ("Odd or missing OrganId in a TraceHeader", "Mã định danh trong TraceHeader lạ hoặc thiếu"),
    (
        "TraceHeader OrganId '{value}': {problems}",
        "mã định danh trong TraceHeader '{value}': {problems_vi}",
    ),
    "Hub-added `TraceHeader`s carry `null`, nothing, or a system id (spec §3.1, §10); the "
    "trace is the hub's record, not the sender's data.",
    strict=W,
)
_rule(
    "EDX-ORG-002",
    "identifiers",
    E,
    ("Unusable agency identifier", "Mã định danh không dùng được"),
    (
        "OrganId '{value}' cannot be an identifier: {reason}",
        "mã định danh '{value}' không hợp lệ: {reason_vi}",
    ),
    "Over 35 characters (SĐ1:2022) or with control characters.",
)

# --- signature -------------------------------------------------------------------------------

_rule(
    "EDX-SIG-001",
    "signature",
    E,
    ("The signature is invalid", "Chữ ký số không hợp lệ"),
    ("signature {value}: {detail}", "chữ ký {value}: {detail}"),
    "Only when `trust=` or `policy=` is given (CLI `--trust`): `edocstd.verify` returned the "
    "`invalid` verdict; the value is its reason code (NO_SIGNATURE, NOT_XMLDSIG, "
    "HASH_FAILURE…, see docs/signatures.md).",
)
_rule(
    "EDX-SIG-002",
    "signature",
    W,
    ("The signer could not be established", "Chưa xác định được người ký"),
    ("signature {value}: {detail}", "chữ ký {value}: {detail}"),
    "Verdict `indeterminate` (UNTRUSTED, EXPIRED, TRUST_NOT_CHECKED…): the content is intact "
    "but the signer is not established. An error under `strict`.",
    strict=E,
)
_rule(
    "EDX-SIG-003",
    "signature",
    W,
    ("Signature warning", "Cảnh báo về chữ ký"),
    ("{value}", "{value}"),
    "A warning of the verifier (e.g. SHA-1 under a legacy policy, trace entries added after "
    "signing).",
)

# --- documents (PDF signatures inside attachments; the documents tier) ----------------------

_rule(
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
_rule(
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
_rule(
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
_rule(
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
_rule(
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
_rule(
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
_rule(
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
_rule(
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
_rule(
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
_rule(
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
_rule(
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
_rule(
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

RULES: Mapping[str, Rule] = MappingProxyType({r.id: r for r in _RULES})
"""Every rule, by id."""


# --- the reader's findings -----------------------------------------------------------------

_READER_TIER = {
    "read.comment": "well-formed",
    "read.no-envelope": "well-formed",
    "read.no-message-header": "well-formed",
    "read.gateway-variant": "well-formed",
    "read.date-impossible": "rules",
    "read.date-format": "rules",
    "read.unreadable-value": "rules",
    "read.empty-value": "rules",
    "read.signature-not-xmldsig": "rules",
    "read.code-list": "identifiers",
}
"""Tier of each reader finding; the others (order, namespaces, unknown elements…) are
structural and belong to the schema tier."""

_LENIENT_KEEP_ERROR: frozenset[str] = frozenset(
    {"read.no-envelope", "read.no-message-header", "read.gateway-variant"}
)
_STRICT_NOT_ERROR: dict[str, Severity] = {
    "read.comment": W,
    # The official SDK itself writes the signature without the XMLDSig namespace.
    "read.signature-not-xmldsig": W,
}


def reader_severity(rule: str, default: Severity, profile: str) -> Severity:
    """The severity of a reader finding under ``profile``.

    ``vdxp``: as the reader says.  ``strict``: every deviation from what the SDK writes is an
    error (``read.order`` included), except comments and the SDK's own signature placeholder
    (warnings).  ``lenient``: nothing the reader could read around is an error.
    """
    if profile == "strict":
        return _STRICT_NOT_ERROR.get(rule, E)
    if profile == "lenient" and default is E and rule not in _LENIENT_KEEP_ERROR:
        return W
    return default


def tier_of(rule: str) -> str:
    """The tier a finding id belongs to."""
    known = RULES.get(rule)
    if known is not None:
        return known.tier
    if rule.startswith("read."):
        return _READER_TIER.get(rule, "schema")
    return "rules"


def reader_rules() -> Mapping[str, tuple[Severity, str, str]]:
    """The reader's rule table (for the generated documentation)."""
    return READER_RULES


SUPERSEDES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "EDX-DATE-001": frozenset({"read.date-impossible"}),
        "EDX-DATE-003": frozenset({"read.unreadable-value", "read.date-impossible"}),
        "EDX-STA-005": frozenset(
            {"read.unreadable-value", "read.date-impossible", "read.date-format"}
        ),
        "EDX-CODE-001": frozenset({"read.code-list", "read.unreadable-value"}),
        "EDX-CODE-002": frozenset({"read.code-list", "read.unreadable-value"}),
        "EDX-CODE-003": frozenset({"read.code-list", "read.unreadable-value"}),
        "EDX-CODE-004": frozenset({"read.code-list", "read.unreadable-value"}),
        "EDX-CODE-005": frozenset({"read.unreadable-value"}),
        "EDX-CODE-007": frozenset({"read.code-list", "read.unreadable-value"}),
        "EDX-CODE-008": frozenset({"read.code-list", "read.unreadable-value"}),
        "EDX-CODE-009": frozenset({"read.code-list", "read.unreadable-value"}),
        "EDX-CODE-010": frozenset({"read.code-list", "read.unreadable-value"}),
        "EDX-CODE-011": frozenset({"read.code-list", "read.unreadable-value"}),
        "EDX-REQ-009": frozenset({"read.empty-value"}),
        "EDX-REQ-011": frozenset({"read.empty-value"}),
        "EDX-STA-003": frozenset({"read.empty-value"}),
        "EDX-STA-004": frozenset({"read.empty-value"}),
    }
)
"""Reader findings a validator rule replaces when both are at the same path (the validator's
finding is more specific; reporting both would count one problem twice)."""


__all__ = [
    "LENGTH_LIMITS",
    "PROFILES",
    "REQUIRED",
    "RULES",
    "SUPERSEDES",
    "TIERS",
    "Rule",
    "reader_rules",
    "reader_severity",
    "tier_of",
]
