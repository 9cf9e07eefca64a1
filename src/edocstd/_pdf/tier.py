"""The documents tier: the signatures on the PDFs inside a package.

``check_documents(package)`` takes each attachment's *document* (the SDK ZIP forms unwrapped),
writes each PDF once to a private temporary folder — streamed, never held whole in memory —
and hands the files to pyHanko in a limited child process (:mod:`.sandbox`).  The bytes are
scanned on the way (:mod:`.prescreen`): a PDF in which no signature can be is reported
unsigned without pyHanko, and the child process starts only for a PDF that may be signed.
``document_findings`` turns the results into catalogue findings (pure).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import importlib.util
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import attrs

from .._errors import EdocError
from .._findings import Finding
from .._model.attachment import Attachment
from .._model.package import Edoc, StatusPackage
from .limits import DEFAULT_DOCUMENT_LIMITS, INSTALL_HINT, DocumentLimits, PdfSupportMissing
from .model import (
    MAX_TEXT,
    DocumentCheck,
    DocumentSignature,
    has_expected_roles,
    infer_roles,
    printable,
)
from .prescreen import SignatureScan

if TYPE_CHECKING:
    from cryptography import x509

    from .sandbox import PdfChecker

PDF_TYPE = "application/pdf"
_COPY_CHUNK = 1 << 20
_FAILURES = frozenset(
    (
        "unreadable",
        "timeout",
        "crashed",
        "memory",
        "too-deep",
        "unavailable",
        "budget",
        "too-many-revisions",
    )
)
_UNEXPECTED = "the checking process gave an unexpected answer"


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


def _copy_limited(src: BinaryIO, target: Path, max_bytes: int) -> SignatureScan:
    written = 0
    scan = SignatureScan()
    with target.open("wb") as out:
        while block := src.read(_COPY_CHUNK):
            written += len(block)
            if written > max_bytes:
                raise _TooLarge(f"the document is larger than {max_bytes} bytes")
            scan.feed(block)
            out.write(block)
    return scan


def _take_out(att: Attachment, target: Path, max_bytes: int) -> SignatureScan:
    """Write the attachment's document (unwrapped from the SDK ZIP forms) to ``target``;
    what its bytes say about signatures."""
    with att.open_document() as src:
        return _copy_limited(src, target, max_bytes)


def check_package_documents(
    package: Edoc | StatusPackage,
    *,
    anchors: Sequence[x509.Certificate] = (),
    intermediates: Sequence[x509.Certificate] = (),
    at: dt.datetime | None = None,
    limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS,
) -> tuple[DocumentCheck, ...]:
    """One :class:`DocumentCheck` per attachment with content, in package order.

    One document at a time is written out, checked and removed.  The checking process starts
    with the first PDF that may be signed (:mod:`.prescreen`); a PDF that cannot be is
    unsigned.  Raises :class:`PdfSupportMissing` when the checking process cannot import
    pyHanko.
    """
    if not isinstance(package, Edoc):
        return ()
    checks: list[DocumentCheck] = []
    checker: PdfChecker | None = None
    deadline = time.monotonic() + limits.package_timeout
    with (
        tempfile.TemporaryDirectory(prefix="edocstd-pdf-") as folder,
        contextlib.ExitStack() as stack,
    ):
        for index, att in enumerate(package.attachments, start=1):
            if att.payload is None:
                continue
            check, path = _prepare(index, att, Path(folder), limits)
            if path is not None:
                try:
                    if checker is None:
                        from .sandbox import PdfChecker  # here: threads, pipes, a process

                        checker = PdfChecker(
                            anchors=anchors, intermediates=intermediates, at=at, limits=limits
                        )
                        stack.enter_context(checker)
                    left = deadline - time.monotonic()
                    result = (
                        checker.check(path, min(limits.timeout, left))
                        if left > 0
                        else _spent(limits)
                    )
                    check = _with_result(check, result, limits)
                finally:
                    path.unlink(missing_ok=True)
            checks.append(check)
    return tuple(checks)


def _spent(limits: DocumentLimits) -> dict[str, Any]:
    detail = f"the {limits.package_timeout:g} s allowed for the package's documents are spent"
    return {"ok": False, "error": "budget", "detail": detail}


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
        scan = _take_out(att, target, limits.max_document_bytes)
    except _TooLarge as exc:
        target.unlink(missing_ok=True)
        return attrs.evolve(check, problem="too-large", problem_detail=str(exc)), None
    except (EdocError, OSError, ValueError) as exc:
        target.unlink(missing_ok=True)
        unreadable = DocumentCheck(
            index=index, name=label, kind="unreadable", problem_detail=str(exc)
        )
        return unreadable, None
    if not scan.may_be_signed:  # what pyHanko answers for an unsigned PDF: no signatures
        target.unlink()
        return check, None
    return check, target


def _with_result(
    check: DocumentCheck, result: dict[str, Any], limits: DocumentLimits
) -> DocumentCheck:
    """``check`` completed with the checking process's answer; an answer of another shape
    (a misbehaving or subverted checker) is a crash, never trusted."""
    try:
        return _completed(check, result, limits)
    except (ValueError, TypeError):
        return attrs.evolve(check, problem="crashed", problem_detail=_UNEXPECTED)


def _completed(
    check: DocumentCheck, result: dict[str, Any], limits: DocumentLimits
) -> DocumentCheck:
    ok, raws = result.get("ok"), result.get("signatures", [])
    if ok is False:
        error, detail = result.get("error"), result.get("detail", "")
        if error not in _FAILURES or not isinstance(detail, str) or len(detail) > MAX_TEXT:
            raise ValueError("not a failure")
        return attrs.evolve(check, problem=error, problem_detail=detail)
    flags = [result.get(k, False) for k in ("more_signatures", "uncovered_tail")]
    if ok is not True or not isinstance(raws, list) or len(raws) > limits.max_signatures:
        raise ValueError("not a result")
    if not all(isinstance(f, bool) for f in flags):
        raise ValueError("not a result")
    described = [DocumentSignature.from_answer(0, raw) for raw in raws]
    signatures = [s for s in described if s.kind == "signature"]
    stamps = [s for s in described if s.kind == "timestamp"]
    return attrs.evolve(
        check,
        signatures=tuple(infer_roles(_numbered(signatures))),
        timestamps=tuple(_numbered(stamps)),
        more_signatures=flags[0],
        uncovered_tail=flags[1],
    )


def _numbered(signatures: list[DocumentSignature]) -> list[DocumentSignature]:
    return [attrs.evolve(s, index=i) for i, s in enumerate(signatures, start=1)]


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
    "more-findings": "còn nhiều vấn đề khác không liệt kê",
    "budget": "đã hết thời gian dành cho các văn bản của gói tin",
    "too-many-revisions": "tệp có quá nhiều lần cập nhật",
}
"""Vietnamese for each kind of ``DocumentCheck.problem`` (the detail stays technical)."""

Add = Callable[..., None]

MAX_FINDINGS_PER_DOCUMENT = 12
"""A PDF with many broken signatures says so this many times, then once that there is more."""


def _add(
    out: list[Finding], rules: Any, profile: str, check: DocumentCheck, rule: str, **params: Any
) -> None:
    """One finding about ``check``; every text parameter escaped for a terminal here, at the
    source (the texts come from the PDF, its certificates or pyHanko's messages)."""
    path = _ATTACHMENT_PATH.format(index=check.index)
    safe = {k: printable(v) if isinstance(v, str) else v for k, v in params.items()}
    out.append(rules[rule].finding(profile, path=path, value=printable(check.name), **safe))


def document_findings(checks: Iterable[DocumentCheck], profile: str, rules: Any) -> list[Finding]:
    """The findings of the documents tier for ``checks`` (``rules``: the catalogue)."""
    out: list[Finding] = []
    for check in checks:
        mine: list[Finding] = []
        add: Add = functools.partial(_add, mine, rules, profile, check)
        if check.kind == "unreadable":
            add("EDX-PDF-010", detail=check.problem_detail)
        elif check.kind == "other":
            add("EDX-PDF-008", detail=check.document_type or "?")
        elif check.problem is not None:
            _problem(add, check.problem, check.problem_detail or check.problem)
        else:
            if not check.signatures:  # document timestamps are not signatures
                add("EDX-PDF-001")
            _signature_findings(check, add)
            if check.more_signatures:
                examined = len(check.signatures) + len(check.timestamps)
                _problem(add, "more-signatures", f"more than {examined} signatures")
        if len(mine) > MAX_FINDINGS_PER_DOCUMENT:
            hidden = len(mine) - MAX_FINDINGS_PER_DOCUMENT + 1
            mine[MAX_FINDINGS_PER_DOCUMENT - 1 :] = []
            _problem(add, "more-findings", f"{hidden} more findings not listed")
        out += mine
    return out


def _problem(add: Add, kind: str, detail: str) -> None:
    vietnamese = _PROBLEM_VI.get(kind, _PROBLEM_VI["unreadable"])
    add("EDX-PDF-009", detail=detail, detail_vi=f"{vietnamese} ({detail})")


def _signature_findings(check: DocumentCheck, add: Add) -> None:
    for sig in check.signatures + check.timestamps:
        who = {"n": sig.label, "signer": sig.signer}
        if not sig.intact:
            add(
                "EDX-PDF-002",
                detail=sig.error or "the signed bytes or the signature differ",
                detail_vi=sig.error or "phần được ký hoặc chữ ký đã bị thay đổi",
                **who,
            )
            continue
        if sig.content_changed:
            add("EDX-PDF-003", detail=_change_detail(sig), **who)
        if sig.rejected:
            add("EDX-PDF-012", detail=sig.rejected, **who)
        if sig.trust == "untrusted":
            en, vi = _untrusted_detail(sig.trust_detail)
            add("EDX-PDF-004", detail=en, detail_vi=vi, **who)
        elif sig.trust in _VALIDITY_EN:
            add(
                "EDX-PDF-005",
                detail=_VALIDITY_EN[sig.trust],
                detail_vi=_VALIDITY_VI[sig.trust],
                **who,
            )
    if check.uncovered_tail and check.signatures:
        last = check.signatures[-1]
        add("EDX-PDF-003", detail=_UNCOVERED, n=last.label, signer=last.signer)
    _document_notes(check, add)


def _untrusted_detail(indication: str | None) -> tuple[str, str]:
    """Why a signer is not trusted, from pyHanko's sub-indication (English, Vietnamese)."""
    if indication and "CONSTRAINTS" in indication:
        return (
            f"its key usage or path constraints do not allow signing ({indication})",
            f"mục đích sử dụng khóa hoặc ràng buộc của chứng thư không cho phép ký ({indication})",
        )
    return "it does not chain to a trust anchor", "không dẫn tới chứng thư tin cậy nào"


_UNCOVERED = ": data appended after the last signature is not covered by any signature"
_DOCMDP = ": changes not permitted by the certifying signature (DocMDP)"


def _change_detail(sig: DocumentSignature) -> str:
    if sig.docmdp_ok is False and sig.modification != "other":
        return _DOCMDP
    return f": {sig.modification_detail}" if sig.modification_detail else ""


def _document_notes(check: DocumentCheck, add: Add) -> None:
    """Trust not checked, additions after the last signature, the expected two signatures."""
    intact = [s for s in check.signatures + check.timestamps if s.intact]
    if intact and any(s.trust == "not-checked" for s in intact):
        add("EDX-PDF-006")
    if not check.signatures:
        return
    last = check.signatures[-1]
    if last.intact and last.modification in _ADDED and not check.uncovered_tail:
        en, vi = _ADDED[last.modification]
        add("EDX-PDF-011", detail=en, detail_vi=vi, signer=last.signer)
    signed = [s for s in check.signatures if s.intact]
    if signed and not has_expected_roles(check.signatures):
        roles = ", ".join(s.role for s in signed)
        add(
            "EDX-PDF-007",
            detail=f"{len(signed)} intact signature(s), roles: {roles}; expected the official's "
            "and then the agency's",
            detail_vi=f"{len(signed)} chữ ký nguyên vẹn, vai trò: {roles}; thường lệ là chữ ký "
            "của người có thẩm quyền rồi của cơ quan",
        )


__all__ = [
    "INSTALL_HINT",
    "MAX_FINDINGS_PER_DOCUMENT",
    "PDF_TYPE",
    "PdfSupportMissing",
    "check_package_documents",
    "document_findings",
    "pdf_support_missing",
]
