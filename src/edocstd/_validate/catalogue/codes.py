"""Code lists (``CODE``) and recipients (``TO``)."""

from __future__ import annotations

from .model import E, Family, W

_rule = Family()

# --- code lists ------------------------------------------------------------------------------

CODE_001 = _rule(
    "EDX-CODE-001",
    "identifiers",
    W,
    ("Priority not in the code list", "Độ khẩn không thuộc danh mục"),
    ("Priority '{value}' is not one of 0-4", "độ khẩn '{value}' không thuộc 0-4"),
    "`OtherInfo/Priority`: 0 Thường, 1 Khẩn, 2 Thượng khẩn, 3 Hỏa tốc, 4 Hỏa tốc hẹn giờ.",
    strict=E,
    lenient=W,
)
CODE_002 = _rule(
    "EDX-CODE-002",
    "identifiers",
    E,
    ("BussinessDocType not in the code list", "Loại nghiệp vụ không thuộc danh mục"),
    ("BussinessDocType '{value}' is not one of 0-3", "loại nghiệp vụ '{value}' không thuộc 0-3"),
    "`Bussiness/BussinessDocType`: 0 new, 1 revoke, 2 update, 3 replace.",
)
CODE_003 = _rule(
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
CODE_004 = _rule(
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
CODE_005 = _rule(
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
CODE_006 = _rule(
    "EDX-CODE-006",
    "identifiers",
    W,
    ("TypeDetail 0 (not given)", "TypeDetail bằng 0 (không xác định)"),
    (
        "TypeDetail is 0: the SDK's default, the document type is given only by TypeName '{name}'",
        "TypeDetail bằng 0 (giá trị mặc định của SDK): loại văn bản chỉ có ở TypeName '{name}'",
    ),
    "The official Java SDK writes 0 when no list index was set (its sample: Type 1, TypeDetail "
    "0, TypeName Công văn). Whether TypeDetail is 0- or 1-based is not settled.",
)
CODE_007 = _rule(
    "EDX-CODE-007",
    "identifiers",
    W,
    (
        "SteeringType outside 0/1/2 (disputed list)",
        "Loại chỉ đạo ngoài 0/1/2 (danh mục còn tranh cãi)",
    ),
    ("SteeringType '{value}' is not 0, 1 or 2", "loại chỉ đạo '{value}' không phải 0, 1 hoặc 2"),
    "Disputed code list: 0/1/2 in most implementations, 1/2/3 in one glossary, 10 "
    "in one system. Always a warning.",
)
CODE_008 = _rule(
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
CODE_009 = _rule(
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

CODE_010 = _rule(
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
CODE_011 = _rule(
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

TO_001 = _rule(
    "EDX-TO-001",
    "rules",
    W,
    ("The same recipient twice", "Trùng nơi nhận"),
    ("recipient {value} is listed more than once", "nơi nhận {value} được liệt kê nhiều lần"),
    "Two `To` blocks with the same `OrganId` (receiving validators reject it).",
    strict=E,
    lenient=W,
)

FAMILY = _rule.declared()
"""These rules, in the order of the catalogue."""

__all__ = [
    "CODE_001",
    "CODE_002",
    "CODE_003",
    "CODE_004",
    "CODE_005",
    "CODE_006",
    "CODE_007",
    "CODE_008",
    "CODE_009",
    "CODE_010",
    "CODE_011",
    "FAMILY",
    "TO_001",
]
