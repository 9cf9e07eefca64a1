"""``edocstd show FILE``: what a package says, for a person or (``--json``) a program."""

from __future__ import annotations

import argparse
from typing import Any

from .._api import load
from .._errors import EdocError
from .._model.attachment import Attachment
from .._model.header import Organization
from .._model.package import Edoc, StatusPackage
from ._common import human_size, print_json, text


def register(sub: Any) -> None:
    p = sub.add_parser(
        "show", help="summarise a package (sender, recipients, subject, status, files)"
    )
    p.add_argument("file", help="the .edxml package")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--strict", action="store_true", help="refuse any deviation from the SDK layout")
    p.add_argument(
        "--no-documents",
        action="store_true",
        help="do not list the digital signatures on the PDF documents inside",
    )
    p.add_argument(
        "--document-trust",
        action="append",
        default=[],
        metavar="CA",
        help="check the documents' signers against these trust anchors (PEM, DER or folder)",
    )
    p.set_defaults(func=run)


def _document_checks(pkg: Edoc | StatusPackage, args: argparse.Namespace) -> tuple[Any, str | None]:
    """The documents' signatures (edocstd[pdf]), or why they are not listed."""
    if args.no_documents or not isinstance(pkg, Edoc) or not pkg.attachments:
        return None, None
    from .._pdf import PdfSupportMissing, check_documents

    try:
        return check_documents(pkg, trust=args.document_trust or None), None
    except PdfSupportMissing as exc:
        return None, str(exc)


def _org(org: Organization | None) -> str:
    if org is None:
        return "(none)"
    name = org.organ_name or org.organization_in_charge or ""
    return f"{org.organ_id or '?'} {name}".strip()


def summary(pkg: Edoc | StatusPackage) -> dict[str, Any]:
    """The facts ``show`` prints, as a dictionary."""
    out: dict[str, Any] = {"kind": pkg.kind}
    if any(f.rule == "read.gateway-variant" for f in pkg.findings):
        out["variant"] = "gateway"  # spec §10: a gateway's own format, not QCVN 102 edXML
    h = pkg.header
    out["from"] = _org(h.sender)
    if isinstance(pkg, StatusPackage):
        sh = pkg.header
        code = sh.status_code
        out["status_code"] = text(code)
        rf = sh.response_for
        out["about_document"] = rf.document_id if rf else None
        out["about_organ_id"] = rf.organ_id if rf else None
        out["description"] = sh.description
        out["timestamp"] = text(sh.timestamp)
        if sh.staff_info is not None:
            out["staff"] = sh.staff_info.staff
    else:
        eh = pkg.header
        out["to"] = [_org(o) for o in eh.to]
        out["document_id"] = eh.document_id
        out["number_notation"] = str(eh.code) if eh.code else None
        dtp = eh.document_type
        out["document_type"] = (dtp.type_name or text(dtp.type)) if dtp else None
        out["subject"] = eh.subject
        pi = eh.promulgation_info
        out["promulgated"] = (
            f"{pi.place or ''} {text(pi.promulgation_date)}".strip() if pi else None
        )
        out["due_date"] = text(eh.due_date) or None
        if eh.other_info is not None:
            out["priority"] = text(eh.other_info.priority) or None
        if eh.signer_info is not None:
            s = eh.signer_info
            out["signer"] = " ".join(x for x in (s.competence, s.position, s.full_name) if x)
        trace = pkg.trace_header_list
        b = trace.bussiness if trace else None
        out["business"] = text(b.bussiness_doc_type) if b else None
        if b is not None and b.document_id:
            out["business_target"] = b.document_id
        out["trace"] = [
            f"{t.organ_id or '?'} {text(t.timestamp)}".strip()
            for t in (trace.trace_headers if trace else ())
        ]
        out["attachments"] = [_attachment(a) for a in pkg.attachments]
    out["signature"] = (
        None
        if pkg.signature is None
        else ("XMLDSig" if pkg.signature.is_xmldsig else "placeholder (not XMLDSig)")
    )
    out["findings"] = [f.to_dict() for f in pkg.findings]
    return out


def _attachment(a: Attachment) -> dict[str, Any]:
    """One attachment: what was declared and transferred, and the document it carries."""
    item: dict[str, Any] = {"name": a.attachment_name, "content_type": a.content_type}
    if a.payload is not None:
        item["size"] = a.payload.approx_size  # from the base64 length: nothing decoded
        try:
            item["detected_type"] = a.detected_type  # decodes only the first few KB
        except EdocError as exc:
            item["error"] = str(exc)
        item["document"] = a.document_facts()
    return item


_CARRIED = {
    "zip-declared": (
        "gửi trong tệp ZIP của SDK, khai báo {declared}",
        "carried in the SDK's ZIP, declared {declared}",
    ),
    "zip-undeclared": (
        "gửi trong tệp ZIP của SDK nhưng khai báo {declared}",
        "carried in the SDK's ZIP but declared {declared}",
    ),
    "raw": ("gửi nguyên tệp, khai báo {declared}", "carried as is, declared {declared}"),
}


def _attachment_lines(a: dict[str, Any], width: int) -> list[str]:
    """The lines ``show`` prints for one attachment (Vietnamese line first)."""
    label = f"{'Tệp / attachment':<{width}}  {a['name']}"
    doc = a.get("document")
    if doc is None:
        return [f"{label}  (không có nội dung / no content)"]
    if "error" in doc:
        return [f"{label}  {doc['error']}"]
    pad = " " * (width + 2)
    declared = a["content_type"] or "?"
    vi, en = (t.format(declared=declared) for t in _CARRIED[doc["carrier"]])
    sent = human_size(a["size"])
    return [
        f"{label}  {doc['type']}  {human_size(doc['size'])}",
        f"{pad}{vi} ({sent})",
        f"{pad}{en} ({sent})",
    ]


_LABELS = {
    "kind": "Loại gói tin / kind",
    "variant": "Biến thể / variant",
    "from": "Nơi gửi / from",
    "to": "Nơi nhận / to",
    "document_id": "Mã văn bản / document id",
    "number_notation": "Số/ký hiệu / number",
    "document_type": "Loại văn bản / type",
    "subject": "Trích yếu / subject",
    "promulgated": "Ban hành / promulgated",
    "due_date": "Hạn xử lý / due",
    "priority": "Độ khẩn / priority",
    "signer": "Người ký / signer",
    "business": "Nghiệp vụ / business",
    "business_target": "Văn bản đích / target",
    "status_code": "Trạng thái / status",
    "about_document": "Về văn bản / about",
    "about_organ_id": "Cơ quan / organ",
    "description": "Mô tả / description",
    "timestamp": "Thời điểm / time",
    "staff": "Cán bộ / staff",
    "trace": "Vết / trace",
    "signature": "Chữ ký / signature",
}


def run(args: argparse.Namespace) -> int:
    pkg = load(args.file, strict=args.strict)
    data = summary(pkg)
    checks, not_checked = _document_checks(pkg, args)
    if checks is not None:
        data["documents"] = [c.to_dict() for c in checks]
    if not_checked:
        data["documents_not_checked"] = not_checked
    if args.json:
        print_json(data)
        return 0
    width = max(len(v) for v in _LABELS.values())
    for key, label in _LABELS.items():
        if key not in data or data[key] in (None, [], ""):
            continue
        value = data[key]
        if key == "variant":
            value = f"{value} (không phải edXML QCVN 102 / not QCVN 102 edXML)"
        if isinstance(value, list):
            print(f"{label:<{width}}  {value[0]}")
            for extra in value[1:]:
                print(f"{'':<{width}}  {extra}")
        else:
            print(f"{label:<{width}}  {value}")
    for a in data.get("attachments", []):
        for line in _attachment_lines(a, width):
            print(line)
    if checks:
        print(f"\n{'Chữ ký trên văn bản / signatures on the documents'}:")
        for check in checks:
            for line in check.lines():
                print(f"  {line}")
    elif not_checked:
        print(f"(chữ ký trên văn bản chưa kiểm tra / signatures not checked: {not_checked})")
    if data["findings"]:
        print(f"\n{len(data['findings'])} finding(s):")
        for f in pkg.findings:
            line = f":{f.line}" if f.line else ""
            print(f"  {f.severity.value:<7} {f.rule:<28} {f.path or ''}{line}  {f.message_en}")
    return 0
