"""The documents tier: the signatures on the PDFs inside a package.

``check_documents(package)`` takes each attachment's *document* (the SDK ZIP forms unwrapped),
writes each PDF once to a private temporary folder — streamed, never held whole in memory —
and hands the files to pyHanko in a limited child process (:mod:`.sandbox`).
``document_findings`` turns the results into catalogue findings (pure).
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import attrs
from cryptography import x509

from .._errors import EdocError
from .._findings import Finding
from .._model.attachment import Attachment
from .._model.package import Edoc, StatusPackage
from .model import DocumentCheck, DocumentSignature, has_expected_roles, infer_roles, printable
from .sandbox import DEFAULT_DOCUMENT_LIMITS, DocumentLimits, check_pdf_files

PDF_TYPE = "application/pdf"
INSTALL_HINT = "PDF support is not installed: pip install 'edocstd[pdf]'"
_COPY_CHUNK = 1 << 20


def pdf_support_missing() -> str | None:
    """``None`` when pyHanko is installed, else the reason (what to install).

    Only looks the packages up: pyHanko itself is imported in the checking process.
    """
    for name in ("pyhanko", "pyhanko_certvalidator"):
        try:
            if importlib.util.find_spec(name) is None:
                return INSTALL_HINT
        except (ImportError, ValueError):
            return INSTALL_HINT
    return None


class _TooLarge(EdocError):
    """The document is over ``DocumentLimits.max_document_bytes``."""


def _copy_limited(src: BinaryIO, target: Path, max_bytes: int) -> None:
    written = 0
    with target.open("wb") as out:
        while block := src.read(_COPY_CHUNK):
            written += len(block)
            if written > max_bytes:
                raise _TooLarge(f"the document is larger than {max_bytes} bytes")
            out.write(block)


def _take_out(att: Attachment, target: Path, max_bytes: int) -> None:
    """Write the attachment's document (unwrapped from the SDK ZIP forms) to ``target``."""
    with att.open_document() as src:
        _copy_limited(src, target, max_bytes)


def check_package_documents(
    package: Edoc | StatusPackage,
    *,
    anchors: Sequence[x509.Certificate] = (),
    intermediates: Sequence[x509.Certificate] = (),
    at: dt.datetime | None = None,
    limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS,
) -> tuple[DocumentCheck, ...]:
    """One :class:`DocumentCheck` per attachment with content, in package order."""
    if not isinstance(package, Edoc):
        return ()
    checks: list[DocumentCheck] = []
    pdfs: list[tuple[int, Path]] = []
    with tempfile.TemporaryDirectory(prefix="edocstd-pdf-") as folder:
        for index, att in enumerate(package.attachments, start=1):
            if att.payload is None:
                continue
            check, path = _prepare(index, att, Path(folder), limits)
            if path is not None:
                pdfs.append((len(checks), path))
            checks.append(check)
        if pdfs:
            results = check_pdf_files(
                [p for _, p in pdfs],
                anchors=anchors,
                intermediates=intermediates,
                at=at,
                limits=limits,
            )
            for (position, _), result in zip(pdfs, results, strict=True):
                checks[position] = _with_result(checks[position], result)
    return tuple(checks)


def _prepare(
    index: int, att: Attachment, folder: Path, limits: DocumentLimits
) -> tuple[DocumentCheck, Path | None]:
    label = att.attachment_name or att.content_id or f"#{index}"
    target = folder / f"document-{index}.pdf"
    try:
        name, doc_type, carrier = att.document_name, att.document_type, att.carrier
        check = DocumentCheck(index=index, name=name, document_type=doc_type, carrier=carrier)
        if doc_type != PDF_TYPE:
            return attrs.evolve(check, kind="other"), None
        _take_out(att, target, limits.max_document_bytes)
    except _TooLarge as exc:
        target.unlink(missing_ok=True)
        return attrs.evolve(check, problem="too-large", problem_detail=str(exc)), None
    except (EdocError, OSError, ValueError) as exc:
        target.unlink(missing_ok=True)
        return (
            DocumentCheck(index=index, name=label, kind="unreadable", problem_detail=str(exc)),
            None,
        )
    return check, target


def _with_result(check: DocumentCheck, result: dict[str, Any]) -> DocumentCheck:
    if not result.get("ok"):
        return attrs.evolve(
            check,
            problem=str(result.get("error") or "unreadable"),
            problem_detail=str(result.get("detail") or ""),
        )
    fields = attrs.fields_dict(DocumentSignature)
    signatures = [
        DocumentSignature(
            index=i,
            **{k: v for k, v in raw.items() if k in fields and k not in ("index", "role")},
        )
        for i, raw in enumerate(result.get("signatures") or (), start=1)
        if isinstance(raw, dict)
    ]
    return attrs.evolve(
        check,
        signatures=tuple(infer_roles(signatures)),
        more_signatures=bool(result.get("more_signatures")),
    )


# -- findings (pure) ---------------------------------------------------------------------------


_ATTACHMENT_PATH = "/edXML/AttachmentEncoded/Attachment[{index}]"

_VALIDITY_VI = {
    "expired": "đã hết hạn",
    "not-yet-valid": "chưa có hiệu lực",
    "revoked": "đã bị thu hồi",
}
_VALIDITY_EN = {"expired": "expired", "not-yet-valid": "not yet valid", "revoked": "revoked"}
_ADDED = {
    "form-filling": (
        "form fields or signature fields were added",
        "có thêm trường biểu mẫu/chữ ký",
    ),
    "annotations": ("annotations were added", "có thêm chú thích"),
    "lta-updates": ("validation data was added", "có thêm dữ liệu kiểm tra chữ ký"),
}


_PROBLEM_VI = {
    "unreadable": "tệp PDF không đọc được",
    "timeout": "kiểm tra quá thời gian cho phép",
    "crashed": "tiến trình kiểm tra bị dừng (vượt giới hạn)",
    "memory": "vượt giới hạn bộ nhớ",
    "too-deep": "cấu trúc lồng nhau quá sâu",
    "unavailable": "không khởi động được tiến trình kiểm tra",
    "too-large": "văn bản vượt kích thước cho phép",
    "more-signatures": "có nhiều chữ ký hơn giới hạn kiểm tra",
}
"""Vietnamese for each kind of ``DocumentCheck.problem`` (the detail stays technical)."""

Add = Callable[..., None]


def _add(
    out: list[Finding], rules: Any, profile: str, check: DocumentCheck, rule: str, **params: Any
) -> None:
    path = _ATTACHMENT_PATH.format(index=check.index)
    out.append(rules[rule].finding(profile, path=path, value=printable(check.name), **params))


def document_findings(checks: Iterable[DocumentCheck], profile: str, rules: Any) -> list[Finding]:
    """The findings of the documents tier for ``checks`` (``rules``: the catalogue)."""
    out: list[Finding] = []
    for check in checks:
        add: Add = functools.partial(_add, out, rules, profile, check)
        if check.kind == "unreadable":
            add("EDX-PDF-010", detail=check.problem_detail)
        elif check.kind == "other":
            add("EDX-PDF-008", detail=check.document_type or "?")
        elif check.problem is not None:
            _problem(add, check.problem, check.problem_detail or check.problem)
        elif not check.signatures:
            add("EDX-PDF-001")
        else:
            _signature_findings(check, add)
            if check.more_signatures:
                _problem(add, "more-signatures", f"more than {len(check.signatures)} signatures")
    return out


def _problem(add: Add, kind: str, detail: str) -> None:
    vietnamese = _PROBLEM_VI.get(kind, _PROBLEM_VI["unreadable"])
    add("EDX-PDF-009", detail=detail, detail_vi=f"{vietnamese} ({detail})")


def _signature_findings(check: DocumentCheck, add: Add) -> None:
    for sig in check.signatures:
        who = {"n": sig.index, "signer": printable(sig.signer)}
        if not sig.intact:
            add(
                "EDX-PDF-002",
                detail=sig.error or "the signed bytes or the signature differ",
                detail_vi=sig.error or "phần được ký hoặc chữ ký đã bị thay đổi",
                **who,
            )
            continue
        if sig.content_changed:
            detail = f": {sig.modification_detail}" if sig.modification_detail else ""
            add("EDX-PDF-003", detail=detail, **who)
        if sig.trust == "untrusted":
            add("EDX-PDF-004", **who)
        elif sig.trust in _VALIDITY_EN:
            add(
                "EDX-PDF-005",
                detail=_VALIDITY_EN[sig.trust],
                detail_vi=_VALIDITY_VI[sig.trust],
                **who,
            )
    _document_notes(check, add)


def _document_notes(check: DocumentCheck, add: Add) -> None:
    """Trust not checked, additions after the last signature, the expected two signatures."""
    intact = [s for s in check.signatures if s.intact]
    if intact and any(s.trust == "not-checked" for s in intact):
        add("EDX-PDF-006")
    last = check.signatures[-1]
    if last.intact and last.modification in _ADDED:
        en, vi = _ADDED[last.modification]
        add("EDX-PDF-011", detail=en, detail_vi=vi, signer=printable(last.signer))
    if intact and not has_expected_roles(check.signatures):
        roles = ", ".join(s.role for s in intact)
        add(
            "EDX-PDF-007",
            detail=f"{len(intact)} intact signature(s), roles: {roles}; expected the official's "
            "and then the agency's",
            detail_vi=f"{len(intact)} chữ ký nguyên vẹn, vai trò: {roles}; thường lệ là chữ ký "
            "của người có thẩm quyền rồi của cơ quan",
        )


__all__ = [
    "INSTALL_HINT",
    "PDF_TYPE",
    "check_package_documents",
    "document_findings",
    "pdf_support_missing",
]
