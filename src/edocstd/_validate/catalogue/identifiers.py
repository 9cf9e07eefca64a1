"""Document identifiers (``DOCID``), agency identifiers (``ORG``) and the signature (``SIG``)."""

from __future__ import annotations

from .model import INFO, E, Family, W

_rule = Family()

# --- document identifiers -----------------------------------------------------------------------

DOCID_001 = _rule(
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
DOCID_002 = _rule(
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
DOCID_003 = _rule(
    "EDX-DOCID-003",
    "identifiers",
    INFO,
    ("Non-standard DocumentId", "Mã văn bản không theo dạng chuẩn"),
    ("DocumentId '{value}': {problems}", "mã văn bản '{value}': {problems_vi}"),
    "Problems reported by `edocstd.DocumentId` (form, spaces, issuer); a UUID is accepted. "
    "An impossible date is EDX-DATE-002 instead.",
)

# --- agency identifiers ------------------------------------------------------------------------

ORG_001 = _rule(
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
ORG_003 = _rule(
    "EDX-ORG-003",
    "identifiers",
    INFO,
    ("Odd or missing OrganId in a TraceHeader", "Mã định danh trong TraceHeader lạ hoặc thiếu"),
    (
        "TraceHeader OrganId '{value}': {problems}",
        "mã định danh trong TraceHeader '{value}': {problems_vi}",
    ),
    "Hub-added `TraceHeader`s carry `null`, nothing, or a system id (seen in packages relayed "
    "by the hub); the trace is the hub's record, not the sender's data.",
    strict=W,
)
ORG_002 = _rule(
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

SIG_001 = _rule(
    "EDX-SIG-001",
    "signature",
    E,
    ("The signature is invalid", "Chữ ký số không hợp lệ"),
    ("signature {value}: {detail}", "chữ ký {value}: {detail}"),
    "Only when `trust=` or `policy=` is given (CLI `--trust`): `edocstd.verify` returned the "
    "`invalid` verdict; the value is its reason code (NO_SIGNATURE, NOT_XMLDSIG, "
    "HASH_FAILURE…, see docs/signatures.md).",
)
SIG_002 = _rule(
    "EDX-SIG-002",
    "signature",
    W,
    ("The signer could not be established", "Chưa xác định được người ký"),
    ("signature {value}: {detail}", "chữ ký {value}: {detail}"),
    "Verdict `indeterminate` (UNTRUSTED, EXPIRED, TRUST_NOT_CHECKED…): the content is intact "
    "but the signer is not established. An error under `strict`.",
    strict=E,
)
SIG_003 = _rule(
    "EDX-SIG-003",
    "signature",
    W,
    ("Signature warning", "Cảnh báo về chữ ký"),
    ("{value}", "{value}"),
    "A warning of the verifier (e.g. SHA-1 under a legacy policy, trace entries added after "
    "signing).",
)

FAMILY = _rule.declared()
"""These rules, in the order of the catalogue."""

__all__ = [
    "DOCID_001",
    "DOCID_002",
    "DOCID_003",
    "FAMILY",
    "ORG_001",
    "ORG_002",
    "ORG_003",
    "SIG_001",
    "SIG_002",
    "SIG_003",
]
