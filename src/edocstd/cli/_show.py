"""``edocstd show FILE``: what a package says, for a person or (``--json``) a program.

``--json`` gives fields (identifiers, codes, ISO 8601 dates), never display strings; the text
view is made from the same facts, in the language of ``--lang``.
"""

from __future__ import annotations

import argparse
import functools
import sys
from typing import Any

from .._api import load
from .._errors import EdocError
from .._model.attachment import Attachment
from .._model.header import Organization
from .._model.package import Edoc, StatusPackage
from ._common import count, human_size, print_json, text, to_jsonable, tr
from ._many import add_jobs_option, error_entry, in_parallel, is_many, start


def register(sub: Any) -> None:
    p = sub.add_parser(
        "show", help="summarise a package (sender, recipients, subject, status, files)"
    )
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE_OR_DIR",
        help="the package (several, or folders, with --json: a list, one entry per package)",
    )
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
    add_jobs_option(p)
    p.set_defaults(func=run)


def _document_checks(
    pkg: Edoc | StatusPackage, documents: bool, trust: tuple[str, ...]
) -> tuple[Any, str | None]:
    """The documents' signatures (edocstd[pdf]), or why they are not listed."""
    if not documents or not isinstance(pkg, Edoc) or not pkg.attachments:
        return None, None
    from .._pdf import PdfSupportMissing, check_documents

    try:
        return check_documents(pkg, trust=list(trust) or None), None
    except PdfSupportMissing as exc:
        return None, str(exc)


def _org(org: Organization | None) -> dict[str, Any] | None:
    if org is None:
        return None
    return {"organ_id": org.organ_id, "organ_name": org.organ_name or org.organization_in_charge}


def _code(value: Any) -> Any:
    """An enum's code, a number, or the raw text the package carried."""
    return getattr(value, "value", value)


def _status_facts(pkg: StatusPackage) -> dict[str, Any]:
    sh = pkg.header
    code = sh.status_code
    rf = sh.response_for
    return {
        "status_code": _code(code),
        "status_label_vi": getattr(code, "label_vi", None),
        "status_label_en": getattr(code, "label_en", None),
        "response_for": None
        if rf is None
        else {
            "organ_id": rf.organ_id,
            "document_id": rf.document_id,
            "code": rf.code,
            "promulgation_date": rf.promulgation_date,
        },
        "description": sh.description,
        "timestamp": sh.timestamp,
        "staff": sh.staff_info.staff if sh.staff_info is not None else None,
    }


def _edoc_facts(pkg: Edoc) -> dict[str, Any]:
    eh = pkg.header
    dtp, pi, s, oi = eh.document_type, eh.promulgation_info, eh.signer_info, eh.other_info
    trace = pkg.trace_header_list
    b = trace.bussiness if trace else None
    return {
        "to": [_org(o) for o in eh.to],
        "document_id": eh.document_id,
        "code": None
        if eh.code is None
        else {"number": eh.code.code_number, "notation": eh.code.code_notation},
        "document_type": None
        if dtp is None
        else {"type": _code(dtp.type), "type_detail": dtp.type_detail, "name": dtp.type_name},
        "subject": eh.subject,
        "promulgation": None if pi is None else {"place": pi.place, "date": pi.promulgation_date},
        "due_date": eh.due_date,
        "priority": _code(oi.priority) if oi is not None else None,
        "signer": None
        if s is None
        else {"competence": s.competence, "position": s.position, "full_name": s.full_name},
        "business": None
        if b is None
        else {"type": _code(b.bussiness_doc_type), "document_id": b.document_id},
        "trace": [
            {"organ_id": t.organ_id, "timestamp": t.timestamp}
            for t in (trace.trace_headers if trace else ())
        ],
        "attachments": [_attachment(a) for a in pkg.attachments],
    }


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


def _attachment_lines(a: dict[str, Any], label: str, width: int, lang: str) -> list[str]:
    """The lines ``show`` prints for one attachment, in one language."""
    head = f"{label:<{width}}  {a['name']}"
    doc = a.get("document")
    if doc is None:
        return [f"{head}  ({tr(lang, 'không có nội dung', 'no content')})"]
    if "error" in doc:
        return [f"{head}  {doc['error']}"]
    declared = a["content_type"] or "?"
    carried = tr(lang, *_CARRIED[doc["carrier"]]).format(declared=declared)
    return [
        f"{head}  {doc['type']}  {human_size(doc['size'])}",
        f"{' ' * (width + 2)}{carried} ({human_size(a['size'])})",
    ]


def summary(pkg: Edoc | StatusPackage) -> dict[str, Any]:
    """The facts ``show`` prints, as fields (dates as ``date``/``datetime``, codes as codes)."""
    out: dict[str, Any] = {"kind": pkg.kind}
    if any(f.rule == "read.gateway-variant" for f in pkg.findings):
        out["variant"] = "gateway"  # spec §10: a gateway's own format, not QCVN 102 edXML
    out["from"] = _org(pkg.header.sender)
    out.update(_status_facts(pkg) if isinstance(pkg, StatusPackage) else _edoc_facts(pkg))
    sig = pkg.signature
    out["signature"] = None if sig is None else {"xmldsig": bool(sig.is_xmldsig)}
    out["findings"] = [f.to_dict() for f in pkg.findings]
    return out


# --- for people -----------------------------------------------------------------------------------

_LABELS = {
    "kind": ("Loại gói tin", "Kind"),
    "variant": ("Biến thể", "Variant"),
    "from": ("Nơi gửi", "From"),
    "to": ("Nơi nhận", "To"),
    "document_id": ("Mã văn bản", "Document id"),
    "code": ("Số/ký hiệu", "Number"),
    "document_type": ("Loại văn bản", "Type"),
    "subject": ("Trích yếu", "Subject"),
    "promulgation": ("Ban hành", "Promulgated"),
    "due_date": ("Hạn xử lý", "Due"),
    "priority": ("Độ khẩn", "Priority"),
    "signer": ("Người ký", "Signer"),
    "business": ("Nghiệp vụ", "Business"),
    "status_code": ("Trạng thái", "Status"),
    "response_for": ("Về văn bản", "About"),
    "description": ("Mô tả", "Description"),
    "timestamp": ("Thời điểm", "Time"),
    "staff": ("Cán bộ", "Staff"),
    "trace": ("Vết", "Trace"),
    "signature": ("Chữ ký", "Signature"),
}


def _org_text(org: dict[str, Any] | None) -> str:
    if org is None:
        return "?"
    return f"{org['organ_id'] or '?'} {org['organ_name'] or ''}".strip()


def _shown(key: str, value: Any, pkg: Edoc | StatusPackage, lang: str) -> Any:
    """A fact as a person reads it (a list for several lines)."""
    h: Any = pkg.header
    if key in ("from",):
        return _org_text(value)
    if key == "variant":
        return f"{value} ({tr(lang, 'không phải edXML QCVN 102', 'not QCVN 102 edXML')})"
    if key == "to":
        return [_org_text(o) for o in value]
    if key == "code":
        return f"{value['number'] or ''}/{value['notation'] or ''}"
    if key == "document_type":
        return value["name"] or text(h.document_type.type, lang)
    if key == "promulgation":
        return f"{value['place'] or ''} {text(value['date'])}".strip()
    if key == "priority":
        return text(h.other_info.priority, lang)
    if key == "signer":
        return " ".join(x for x in value.values() if x)
    if key == "business":
        trace = getattr(pkg, "trace_header_list", None)
        b = trace.bussiness if trace is not None else None
        target = f" → {value['document_id']}" if value["document_id"] else ""
        return text(b.bussiness_doc_type if b is not None else value["type"], lang) + target
    if key == "status_code":
        return text(h.status_code, lang)
    if key == "response_for":
        return f"{value['document_id'] or '?'} ({value['organ_id'] or '?'})"
    if key == "trace":
        return [f"{t['organ_id'] or '?'} {text(t['timestamp'])}".strip() for t in value]
    if key == "signature":
        return (
            "XMLDSig"
            if value["xmldsig"]
            else tr(lang, "chỗ giữ (không phải XMLDSig)", "placeholder (not XMLDSig)")
        )
    return text(value, lang)


def _print_text(pkg: Edoc | StatusPackage, data: dict[str, Any], lang: str) -> None:
    labels = {key: tr(lang, vi, en) for key, (vi, en) in _LABELS.items()}
    attachment_label = tr(lang, "Tệp đính kèm", "Attachment")
    width = max(len(v) for v in (*labels.values(), attachment_label))
    for key, label in labels.items():
        if key not in data or data[key] in (None, [], ""):
            continue
        value = _shown(key, data[key], pkg, lang)
        lines = value if isinstance(value, list) else [value]
        for n, line in enumerate(lines):
            print(f"{label if n == 0 else '':<{width}}  {line}")
    for a in data.get("attachments", []):
        for line in _attachment_lines(a, attachment_label, width, lang):
            print(line)
    checks, not_checked = data.get("_checks"), data.get("documents_not_checked")
    if checks:
        print("\n" + tr(lang, "Chữ ký trên văn bản", "Signatures on the documents") + ":")
        for check in checks:
            for line in check.lines(lang):
                print(f"  {line}")
    elif not_checked:
        from .._validate.report import reason_vi  # here: it loads the rule catalogue

        reason = not_checked if lang == "en" else reason_vi(not_checked)
        print(
            tr(lang, "(chữ ký trên văn bản chưa kiểm tra: ", "(signatures not checked: ")
            + f"{reason})"
        )
    if pkg.findings:
        print("\n" + count(lang, len(pkg.findings), "ghi nhận", "finding") + ":")
        for f in pkg.findings:
            line = f":{f.line}" if f.line else ""
            print(
                f"  {f.severity.label(lang):<8} {f.rule:<28} {f.path or ''}{line}  "
                f"{f.message(lang)}"
            )


def facts(path: str, strict: bool, documents: bool, trust: tuple[str, ...]) -> dict[str, Any]:
    """What ``show --json`` prints for one package (the document checks included)."""
    pkg = load(path, strict=strict)
    data = summary(pkg)
    checks, not_checked = _document_checks(pkg, documents, trust)
    if checks is not None:
        data["documents"] = [c.to_dict() for c in checks]
    if not_checked:
        data["documents_not_checked"] = not_checked
    return data


def _facts_or_error(
    path: str, strict: bool, documents: bool, trust: tuple[str, ...]
) -> dict[str, Any]:
    """Run in a worker: one package of several; a package that cannot be read is an entry."""
    from .._batch.discover import printable_path  # here: the batch engine is for many packages

    try:
        return {"file": printable_path(path), **facts(path, strict, documents, trust)}
    except EdocError as exc:
        return error_entry(path, exc)


def run(args: argparse.Namespace) -> int:
    trust = tuple(args.document_trust)
    if is_many(args.files):
        return _run_many(args, trust)
    path = args.files[0]
    if args.json:
        print_json(facts(path, args.strict, not args.no_documents, trust))
        return 0
    pkg = load(path, strict=args.strict)
    checks, not_checked = _document_checks(pkg, not args.no_documents, trust)
    data = summary(pkg)
    if not_checked:
        data["documents_not_checked"] = not_checked
    _print_text(pkg, {**data, "_checks": checks}, args.lang)
    return 0


def _run_many(args: argparse.Namespace, trust: tuple[str, ...]) -> int:
    """Several packages: a JSON list in input order, computed on every core."""
    if not args.json:
        print(
            "edocstd show: "
            + tr(
                args.lang,
                "lỗi: nhiều gói tin thì dùng --json (hoặc edocstd validate)",
                "error: several packages need --json (or edocstd validate)",
            ),
            file=sys.stderr,
        )
        return 2
    found = start(args, "show")
    if found is None:
        return 2
    files, problems = found
    work = functools.partial(
        _facts_or_error, strict=args.strict, documents=not args.no_documents, trust=trust
    )
    # The entries stream to stdout as they come: a bar on the same terminal would cut them.
    results = in_parallel(work, files, args.jobs, progress=not sys.stdout.isatty())
    import json  # here: the text view does not need it

    failed = io = False
    sys.stdout.write("[")
    for n, entry in enumerate(results):  # streamed: a large folder never sits in memory
        failed |= "error" in entry
        io |= bool(entry.get("io_error"))
        body = json.dumps(to_jsonable(entry), ensure_ascii=False, indent=2)
        sys.stdout.write(("," if n else "") + "\n  " + body.replace("\n", "\n  "))
    sys.stdout.write("\n]\n")
    if problems or io:
        return 2
    return 1 if failed else 0
