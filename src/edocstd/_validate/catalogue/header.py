"""Required elements (``REQ``), field lengths (``LEN``) and dates (``DATE``)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .model import E, Family, Rule, Severity, W

_rule = Family()

# --- required elements -----------------------------------------------------------------------

_REQ_DOC = "Required: cardinality 1 in what the official SDK (EdXML102 0.0.3) writes."
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


def _required(
    rule_id: str, element: str, kinds: str, severity: Severity, lenient: Severity
) -> Rule:
    to = element == "To"
    return _rule(
        rule_id,
        "rules",
        severity,
        (f"{element} is required", f"Bắt buộc có {element}"),
        (
            f"<{element}> is missing or empty" + (" (at least one recipient)" if to else ""),
            f"thiếu hoặc để trống <{element}>" + (" (phải có ít nhất một nơi nhận)" if to else ""),
        ),
        f"{_REQ_DOC} Package kinds: {kinds}.",
        strict=E,
        lenient=lenient,
    )


MISSING: Mapping[str, Rule] = MappingProxyType({row[1]: _required(*row) for row in REQUIRED})
"""The rule of each required element (as in :data:`REQUIRED`), by element."""

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
"""Implementation limits: lengths enforced by receiving validators (Bkav and others); the
regulation's own table was not available."""

LEN_001 = _rule(
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
    "IMPLEMENTATION LIMIT, seen in receiving validators and not confirmed in the regulation "
    "text: receivers may reject or truncate longer values. Limits are listed below.",
    strict=E,
    limit=True,
)

# --- dates -------------------------------------------------------------------------------------

DATE_001 = _rule(
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
DATE_002 = _rule(
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
DATE_003 = _rule(
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
DATE_004 = _rule(
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
DATE_005 = _rule(
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

FAMILY = _rule.declared()
"""These rules, in the order of the catalogue."""

__all__ = [
    "DATE_001",
    "DATE_002",
    "DATE_003",
    "DATE_004",
    "DATE_005",
    "FAMILY",
    "LENGTH_LIMITS",
    "LEN_001",
    "MISSING",
    "REQUIRED",
]
