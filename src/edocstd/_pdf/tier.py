"""The documents tier: the signatures on the PDFs inside a package.

``check_documents(package)`` takes each attachment's *document* (the SDK ZIP forms unwrapped),
writes each PDF once to a private temporary folder — streamed, never held whole in memory —
and hands the files to pyHanko in a limited child process (:mod:`.sandbox`).  The bytes are
scanned on the way (:mod:`.prescreen`): a PDF in which no signature can be is reported
unsigned without pyHanko, and the child process starts only for a PDF that may be signed.
Their findings are made by ``edocstd._validate.documents``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import attrs

from .._errors import EdocError
from .._model.attachment import Attachment, head_of_document
from .._model.filetypes import pdf_header_within
from .._model.package import Edoc, StatusPackage
from .limits import DEFAULT_DOCUMENT_LIMITS, INSTALL_HINT, DocumentLimits, PdfSupportMissing
from .model import (
    MAX_TEXT,
    DocumentCheck,
    DocumentSignature,
    infer_roles,
)
from .prescreen import SignatureScan

if TYPE_CHECKING:
    from cryptography import x509

    from .sandbox import PdfChecker

PDF_TYPE = "application/pdf"
_COPY_CHUNK = 1 << 20
_IN_MEMORY = _COPY_CHUNK
"""Bytes of a document held in memory while its signatures are looked for: a small PDF that
cannot be signed (the common case) is checked without a temporary file; a larger one goes to
disk in chunks, as before (what this process holds stays far below a document's size)."""
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


def _copy_limited(src: BinaryIO, target: Callable[[], Path], max_bytes: int) -> SignatureScan:
    """Read ``src`` to its end, scanning it; the first ``_IN_MEMORY`` bytes are held in
    memory, the rest go to the file ``target()``.  A document that may be signed is then
    entirely in that file; a small one that cannot be never touches the disk."""
    size = 0
    scan = SignatureScan()
    held: list[bytes] = []
    with contextlib.ExitStack() as files:
        out: BinaryIO | None = None
        while block := src.read(_COPY_CHUNK):
            size += len(block)
            if size > max_bytes:
                raise _TooLarge(f"the document is larger than {max_bytes} bytes")
            scan.feed(block)
            if out is None and size > _IN_MEMORY:
                out = files.enter_context(target().open("wb"))
                out.writelines(held)
                held.clear()
            if out is None:
                held.append(block)
            else:
                out.write(block)
        if out is None and scan.may_be_signed:
            target().write_bytes(b"".join(held))
    return scan


def _take_out(att: Attachment, target: Callable[[], Path], max_bytes: int) -> SignatureScan:
    """What the bytes of the attachment's document (unwrapped from the SDK ZIP forms) say
    about signatures; written to the file ``target()`` when it may be signed (see
    :func:`_copy_limited`)."""
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
    with contextlib.ExitStack() as stack:
        made: list[Path] = []

        def folder() -> Path:  # made for the first document written out, if any
            if not made:
                made.append(Path(stack.enter_context(_temporary_folder())))
            return made[0]

        for index, att in enumerate(package.attachments, start=1):
            if att.payload is None:
                continue
            check, path = _prepare(index, att, folder, limits)
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


def _temporary_folder() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="edocstd-pdf-")


def _prepare(
    index: int, att: Attachment, folder: Callable[[], Path], limits: DocumentLimits
) -> tuple[DocumentCheck, Path | None]:
    label = att.attachment_name or att.content_id or f"#{index}"
    written: list[Path] = []

    def target() -> Path:
        written.append(folder() / f"document-{index}.pdf")
        return written[0]

    try:
        name, doc_type, carrier = att.document_name, att.document_type, att.carrier
        check = DocumentCheck(index=index, name=name, document_type=doc_type, carrier=carrier)
        # a PDF by its type, or by a header where PDF readers accept one (bytes before it),
        # whatever the name and declared type say: its signatures are checked either way
        if doc_type != PDF_TYPE and not pdf_header_within(head_of_document(att)):
            return attrs.evolve(check, kind="other"), None
        scan = _take_out(att, target, limits.max_document_bytes)
    except _TooLarge as exc:
        _remove(written)
        return attrs.evolve(check, problem="too-large", problem_detail=str(exc)), None
    except (EdocError, OSError, ValueError) as exc:
        _remove(written)
        unreadable = DocumentCheck(
            index=index, name=label, kind="unreadable", problem_detail=str(exc)
        )
        return unreadable, None
    if not scan.may_be_signed:  # what pyHanko answers for an unsigned PDF: no signatures
        _remove(written)
        return check, None
    return check, written[0]


def _remove(written: list[Path]) -> None:
    for path in written:
        path.unlink(missing_ok=True)


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


__all__ = [
    "INSTALL_HINT",
    "PDF_TYPE",
    "PdfSupportMissing",
    "check_package_documents",
    "pdf_support_missing",
]
