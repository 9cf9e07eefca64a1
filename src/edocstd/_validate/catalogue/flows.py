"""Business flows (``FLOW``) and status packages (``STA``)."""

from __future__ import annotations

from .model import E, Family, W

_rule = Family()

# --- business flows ----------------------------------------------------------------------------

FLOW_001 = _rule(
    "EDX-FLOW-001",
    "rules",
    E,
    ("Revoke/update without target DocumentId", "Thu hồi/cập nhật thiếu mã văn bản đích"),
    (
        "a {value} package needs Bussiness/DocumentId (the document it acts on)",
        "gói tin {value_vi} phải có Bussiness/DocumentId (văn bản bị tác động)",
    ),
    "BussinessDocType 1 (revoke) and 2 (update) act on an earlier document named by "
    "`Bussiness/DocumentId`. A replacement (3) names the replaced documents in "
    "`ReplacementInfo/DocumentId` instead (EDX-FLOW-003, EDX-FLOW-005). The official revoke "
    "sample omits it and points at the document with `ResponseFor` only: a warning under "
    "`lenient`.",
    lenient=W,
)
FLOW_002 = _rule(
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
FLOW_003 = _rule(
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
FLOW_004 = _rule(
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
FLOW_005 = _rule(
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

STA_001 = _rule(
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
STA_002 = _rule(
    "EDX-STA-002",
    "rules",
    E,
    ("ResponseFor without DocumentId", "ResponseFor thiếu DocumentId"),
    (
        "ResponseFor has no DocumentId, so the status cannot be matched to its document",
        "ResponseFor không có DocumentId nên không đối chiếu được với văn bản",
    ),
    "The DocumentId is the correlation key: a status is matched to its document by it.",
)
STA_003 = _rule(
    "EDX-STA-003",
    "rules",
    E,
    ("Status without StatusCode", "Gói tin trạng thái thiếu StatusCode"),
    ("the status package has no StatusCode", "gói tin trạng thái không có StatusCode"),
    "",
)
STA_004 = _rule(
    "EDX-STA-004",
    "rules",
    W,
    ("Status without Timestamp", "Gói tin trạng thái thiếu Timestamp"),
    ("the status package has no Timestamp", "gói tin trạng thái không có Timestamp"),
    "",
    strict=E,
    lenient=W,
)
STA_005 = _rule(
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
STA_006 = _rule(
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

FAMILY = _rule.declared()
"""These rules, in the order of the catalogue."""

__all__ = [
    "FAMILY",
    "FLOW_001",
    "FLOW_002",
    "FLOW_003",
    "FLOW_004",
    "FLOW_005",
    "STA_001",
    "STA_002",
    "STA_003",
    "STA_004",
    "STA_005",
    "STA_006",
]
