"""Well-formed XML (``WF``) and the schema (``XSD``)."""

from __future__ import annotations

from .model import INFO, E, Family, W

_rule = Family()

# --- well-formed -----------------------------------------------------------------------------

WF_001 = _rule(
    "EDX-WF-001",
    "well-formed",
    E,
    ("The input is not a readable edXML package", "Dữ liệu không phải gói tin edXML đọc được"),
    ("the package cannot be read: {value}", "không đọc được gói tin: {value}"),
    "Not well-formed XML, a DTD or entity, another format (HTML, SOAP, Bkav eDoc), no "
    "edXMLHeader/MessageHeader. Every later tier is skipped.",
)
WF_002 = _rule(
    "EDX-WF-002",
    "well-formed",
    E,
    ("The input exceeds a configured limit", "Dữ liệu vượt giới hạn đã cấu hình"),
    ("the package exceeds a limit: {value}", "gói tin vượt giới hạn: {value}"),
    "Size, depth, element or attachment count beyond `Limits` (pass `limits=` to raise them).",
)

# --- schema ----------------------------------------------------------------------------------

XSD_001 = _rule(
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
XSD_002 = _rule(
    "EDX-XSD-002",
    "schema",
    INFO,
    ("More schema errors not listed", "Còn lỗi lược đồ khác không liệt kê"),
    ("{count} more schema errors are not listed", "còn {count} lỗi lược đồ khác không liệt kê"),
    "Only the first 100 schema errors are reported one by one.",
)

FAMILY = _rule.declared()
"""These rules, in the order of the catalogue."""

__all__ = [
    "FAMILY",
    "WF_001",
    "WF_002",
    "XSD_001",
    "XSD_002",
]
