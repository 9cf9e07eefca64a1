"""The documents tier: the signatures on the PDFs inside a package, checked by
``edocstd._pdf`` (pyHanko in a sandbox process), as findings of the catalogue's ``PDF`` rules
(:func:`document_findings`, pure)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .._findings import Finding
from .._model.package import Edoc, StatusPackage
from .._text import printable
from .._types import ValidationProfile
from .catalogue.documents import (
    PDF_001,
    PDF_002,
    PDF_003,
    PDF_004,
    PDF_005,
    PDF_006,
    PDF_007,
    PDF_008,
    PDF_009,
    PDF_010,
    PDF_011,
    PDF_012,
)
from .catalogue.model import Rule
from .tiers import Tier

if TYPE_CHECKING:
    from .._pdf.model import DocumentCheck, DocumentSignature
    from .._pdf.sandbox import DocumentLimits
    from .._sign.policy import Policy
    from .._sign.trust import TrustSource

_NO_ATTACHED = "no documents attached"

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
    out: list[Finding],
    profile: ValidationProfile,
    check: DocumentCheck,
    rule: Rule,
    **params: Any,
) -> None:
    """One finding about ``check``; every text parameter escaped for a terminal here, at the
    source (the texts come from the PDF, its certificates or pyHanko's messages)."""
    path = _ATTACHMENT_PATH.format(index=check.index)
    safe: dict[str, Any] = {k: printable(v) if isinstance(v, str) else v for k, v in params.items()}
    out.append(rule.finding(profile, path=path, value=printable(check.name), **safe))


def document_findings(checks: Iterable[DocumentCheck], profile: ValidationProfile) -> list[Finding]:
    """The findings of the documents tier for ``checks``."""
    out: list[Finding] = []
    for check in checks:
        mine: list[Finding] = []
        add: Add = functools.partial(_add, mine, profile, check)
        if check.kind == "unreadable":
            add(PDF_010, detail=check.problem_detail)
        elif check.kind == "other":
            add(PDF_008, detail=check.document_type or "?")
        elif check.problem is not None:
            _problem(add, check.problem, check.problem_detail or check.problem)
        else:
            if not check.signatures:  # document timestamps are not signatures
                add(PDF_001)
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
    add(PDF_009, detail=detail, detail_vi=f"{vietnamese} ({detail})")


def _signature_findings(check: DocumentCheck, add: Add) -> None:
    for sig in check.signatures + check.timestamps:
        who = {"n": sig.label, "signer": sig.signer}
        if not sig.intact:
            add(
                PDF_002,
                detail=sig.error or "the signed bytes or the signature differ",
                detail_vi=sig.error or "phần được ký hoặc chữ ký đã bị thay đổi",
                **who,
            )
            continue
        if sig.content_changed:
            add(PDF_003, detail=_change_detail(sig), **who)
        if sig.rejected:
            add(PDF_012, detail=sig.rejected, **who)
        if sig.trust == "untrusted":
            en, vi = _untrusted_detail(sig.trust_detail)
            add(PDF_004, detail=en, detail_vi=vi, **who)
        elif sig.trust in _VALIDITY_EN:
            add(
                PDF_005,
                detail=_VALIDITY_EN[sig.trust],
                detail_vi=_VALIDITY_VI[sig.trust],
                **who,
            )
    if check.uncovered_tail and check.signatures:
        last = check.signatures[-1]
        add(PDF_003, detail=_UNCOVERED, n=last.label, signer=last.signer)
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
    from .._pdf.model import has_expected_roles  # loaded by then: the checks come from _pdf

    intact = [s for s in check.signatures + check.timestamps if s.intact]
    if intact and any(s.trust == "not-checked" for s in intact):
        add(PDF_006)
    if not check.signatures:
        return
    last = check.signatures[-1]
    if last.intact and last.modification in _ADDED and not check.uncovered_tail:
        en, vi = _ADDED[last.modification]
        add(PDF_011, detail=en, detail_vi=vi, signer=last.signer)
    signed = [s for s in check.signatures if s.intact]
    if signed and not has_expected_roles(check.signatures):
        roles = ", ".join(s.role for s in signed)
        add(
            PDF_007,
            detail=f"{len(signed)} intact signature(s), roles: {roles}; expected the official's "
            "and then the agency's",
            detail_vi=f"{len(signed)} chữ ký nguyên vẹn, vai trò: {roles}; thường lệ là chữ ký "
            "của người có thẩm quyền rồi của cơ quan",
        )


def documents_tier(
    package: Edoc | StatusPackage,
    trust_options: tuple[TrustSource | None, Policy | None, TrustSource | None],
    limits: DocumentLimits | None,
    profile: ValidationProfile,
) -> Tier[tuple[DocumentCheck, ...]]:
    """The documents tier: the signatures on the PDFs inside (``edocstd._pdf``), checked
    against the trust of ``trust_options`` (package trust, policy, document trust)."""
    from .._pdf import document_trust
    from .._pdf.tier import PdfSupportMissing, check_package_documents, pdf_support_missing

    missing = pdf_support_missing()
    if missing is not None:
        return Tier(skipped=missing)
    anchors, intermediates, at = document_trust(*trust_options)  # an unreadable file raises
    if not isinstance(package, Edoc) or all(a.payload is None for a in package.attachments):
        return Tier(skipped=_NO_ATTACHED, outcome=())
    extra = {"limits": limits} if limits is not None else {}
    try:
        checks = check_package_documents(
            package, anchors=anchors, intermediates=intermediates, at=at, **extra
        )
    except PdfSupportMissing as exc:  # the checking process cannot import pyHanko
        return Tier(skipped=str(exc))
    return Tier(tuple(document_findings(checks, profile)), outcome=tuple(checks))


__all__ = ["MAX_FINDINGS_PER_DOCUMENT", "document_findings", "documents_tier"]
