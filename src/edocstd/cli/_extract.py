"""``edocstd extract FILE [-d DIR] [--raw | --unzip] [--json]``: write every document to disk.

By default each attachment's *document* is written: the one-entry ZIP the official SDK puts
around a file (forms A and B) is unwrapped, so a ``.pdf`` opens as a PDF.
``--raw`` writes the transferred bytes instead.  A ZIP the sender attached is written as it
is; ``--unzip`` also unwraps it when it holds one file.  Unwrapping refuses archives with
several or encrypted entries and ZIP bombs (such a ZIP is kept as it is, with a note).

Each file is decoded in chunks straight to disk (``Attachment.save``), so a 200 MB scan never
sits whole in memory; the file name is a safe version of ``AttachmentName`` (no folders, no
``..``, no device names) and an existing file is never overwritten (a numbered name is used)
unless ``--overwrite``.

Exit codes: 0 every attachment written, 1 the package is not a readable package or some
attachment could not be written (no content, invalid base64), 2 the file cannot be opened or
a file cannot be written.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import sys
from pathlib import Path
from typing import Any

import attrs

from .._api import load
from .._batch.discover import printable_path
from .._errors import BuildError, EdocError
from .._model.attachment import (
    Attachment,
    detect_type,
    safe_file_name,
)
from .._model.package import Edoc
from ._common import human_size, print_json, tr
from ._many import add_jobs_option, error_entry, in_parallel, is_many, start

MAX_UNZIPPED = 2 * 1024**3
"""Largest entry ``--unzip`` writes (bytes)."""
MAX_RATIO = 200
"""Largest expansion ``--unzip`` accepts (entry size / compressed size): beyond is a bomb."""
_BLOCK = 1 << 20
_CARRIED = {
    "zip-declared": ("ZIP của SDK, khai báo application/zip", "SDK ZIP, declared application/zip"),
    "zip-undeclared": (
        "ZIP của SDK, khai báo theo loại của văn bản",
        "SDK ZIP, declared as the document's type",
    ),
}


def register(sub: Any) -> None:
    p = sub.add_parser(
        "extract",
        help="write the attachments to a folder (decoded in chunks, safe file names)",
        description="Write every attachment of a package to a folder, decoding in chunks, "
        "and print its name, size, type and SHA-256.",
    )
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE_OR_DIR",
        help="the package (or several, or folders: each package's files then go to a "
        "folder of its own named after it)",
    )
    p.add_argument(
        "-d",
        "--dir",
        default=".",
        metavar="DIR",
        help="folder to write into (created if missing; default: the current folder)",
    )
    how = p.add_mutually_exclusive_group()
    how.add_argument(
        "--raw",
        action="store_true",
        help="write the transferred bytes (the SDK's ZIP too) instead of the documents",
    )
    how.add_argument(
        "--unzip",
        action="store_true",
        help="also unwrap a single-file ZIP that the sender attached",
    )
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="replace existing files instead of choosing a numbered name",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--strict", action="store_true", help="refuse any deviation from the SDK layout")
    add_jobs_option(p)
    p.set_defaults(func=run)


def _sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(_BLOCK):
            h.update(block)
    return h.hexdigest()


def _head(path: Path, n: int = 4096) -> bytes:
    with path.open("rb") as f:
        return f.read(n)


def _extract_one(
    index: int, attachment: Attachment, folder: Path, args: _Options
) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "index": index,
        "name": attachment.attachment_name,
        "content_id": attachment.content_id,
        "content_type": attachment.content_type,
        "carrier": attachment.carrier,
    }
    if attachment.payload is None:
        rec["error"] = "the attachment has no content (no ContentTransferEncoded)"
        rec["error_vi"] = "tệp đính kèm không có nội dung (thiếu ContentTransferEncoded)"
        return rec
    if sys.stderr.isatty() and not args.json:
        size = getattr(attachment.payload, "approx_size", None)
        print(
            f"… {attachment.attachment_name or attachment.content_id}"
            + (f" ({human_size(size)})" if isinstance(size, int) else ""),
            file=sys.stderr,
            flush=True,
        )
    try:
        path = _write(attachment, folder, args, rec)
    except EdocError as exc:  # invalid base64, unreadable source: this attachment only
        rec["error"] = exc.message("en")
        rec["error_vi"] = exc.message("vi")
        return rec
    rec["path"] = str(path)
    rec["size"] = path.stat().st_size
    rec["detected_type"] = detect_type(_head(path), path.name)
    rec["sha256"] = _sha256_of(path)
    return rec


def _write(attachment: Attachment, folder: Path, args: _Options, rec: dict[str, Any]) -> Path:
    """Write one attachment as asked; a ZIP that cannot be unwrapped is kept, with a note."""
    if args.raw:
        return attachment.save(folder, raw=True, overwrite=args.overwrite)
    if attachment.carrier != "raw":
        try:
            return attachment.save(folder, overwrite=args.overwrite)
        except EdocError as exc:  # encrypted, a bomb, a corrupt stream: keep the ZIP
            _kept_as_zip(rec, exc)
            return attachment.save(folder, raw=True, overwrite=args.overwrite)
    if args.unzip and attachment.is_zip_wrapped:
        try:
            path, rec["unzipped_from"] = attachment.unzip_to(
                folder, overwrite=args.overwrite, max_size=MAX_UNZIPPED, max_ratio=MAX_RATIO
            )
            return path
        except EdocError as exc:  # several files, encrypted, a bomb: keep the ZIP
            _kept_as_zip(rec, exc)
    rec["zip_wrapped"] = bool(attachment.is_zip_wrapped)  # a sender's ZIP: --unzip may open it
    return attachment.save(folder, overwrite=args.overwrite)


def _kept_as_zip(rec: dict[str, Any], exc: EdocError) -> None:
    rec["unzip"] = f"kept as ZIP: {exc.message('en')}"
    rec["unzip_vi"] = f"giữ nguyên tệp ZIP: {exc.message('vi')}"


@attrs.frozen
class _Options:
    """What ``_extract_one``/``_write`` need of the command line, small enough to pickle."""

    raw: bool
    unzip: bool
    overwrite: bool
    strict: bool
    json: bool  # also: no progress lines (several packages are reported when each is done)


def extract_package(path: str, folder: Path, options: _Options) -> dict[str, Any]:
    """Write one package's documents into ``folder``; the record ``--json`` prints."""
    pkg = load(path, strict=options.strict)
    attachments = pkg.attachments if isinstance(pkg, Edoc) else ()
    if attachments:
        folder.mkdir(parents=True, exist_ok=True)
    records = [_extract_one(i, a, folder, options) for i, a in enumerate(attachments, 1)]
    failed = sum("error" in r for r in records)
    return {
        "file": printable_path(path),
        "kind": pkg.kind,
        "directory": str(folder),
        "attachments": records,
        "written": len(records) - failed,
        "failed": failed,
    }


def _extract_into_own_folder(path: str, root: Path, options: _Options) -> dict[str, Any]:
    """Run in a worker: one package of several, into ``root/<its name>/``; never raises."""
    folder = root / safe_file_name(Path(path).stem, "goi-tin")
    try:
        return extract_package(path, folder, options)
    except EdocError as exc:
        return error_entry(path, exc)


def run(args: argparse.Namespace) -> int:
    options = _Options(args.raw, args.unzip, args.overwrite, args.strict, args.json)
    if is_many(args.files):
        return _run_many(args, options)
    result = extract_package(args.files[0], Path(args.dir), options)
    if args.json:
        print_json(result)
        return 1 if result["failed"] else 0
    return _report(result, args.lang, args.raw)


def _report(result: dict[str, Any], lang: str, raw: bool) -> int:
    records = result["attachments"]
    _print_records(records, result["kind"], lang, raw)
    if result["failed"]:
        print(
            tr(
                lang,
                f"{result['failed']}/{len(records)} tệp đính kèm không ghi được",
                f"{result['failed']} of {len(records)} attachment(s) could not be written",
            ),
            file=sys.stderr,
        )
        return 1
    return 0


def _run_many(args: argparse.Namespace, options: _Options) -> int:
    found = start(args, "extract")
    if found is None:
        return 2
    files, problems = found
    _check_distinct_folders(files)
    work = functools.partial(_extract_into_own_folder, root=Path(args.dir), options=options)
    results = list(in_parallel(work, files, args.jobs))  # small records; files go to disk
    if args.json:
        print_json(results)
    else:
        for result in results:
            print(f"== {result['file']}")
            if "error" in result:
                print("  " + (result["error"] if args.lang == "en" else result["error_vi"]))
            else:
                _report(result, args.lang, args.raw)
    if problems or any(r.get("io_error") for r in results):
        return 2
    return 1 if any("error" in r or r["failed"] for r in results) else 0


def _check_distinct_folders(files: list[Path]) -> None:
    names = [safe_file_name(f.stem, "goi-tin") for f in files]
    twins = sorted({n for n in names if names.count(n) > 1})
    if twins:
        raise BuildError(
            "several packages would be written to the same folder: "
            + ", ".join(twins)
            + "; extract them separately (-d)",
            path="--dir",
        )


def _print_records(records: list[dict[str, Any]], kind: str, lang: str, raw: bool) -> None:
    if not records:
        print(
            tr(lang, "không có tệp đính kèm", "no attachments")
            if kind == "edoc"
            else tr(
                lang,
                f"gói tin {kind} không có tệp đính kèm",
                f"a {kind} package has no attachments",
            )
        )
        return
    for r in records:
        label = r["name"] or r["content_id"] or f"#{r['index']}"
        if "error" in r:
            reason = r["error"] if lang == "en" else r["error_vi"]
            print(f"{label}: {tr(lang, 'KHÔNG GHI ĐƯỢC', 'NOT WRITTEN')}: {reason}")
            continue
        declared = r["content_type"] or "?"
        detected = r["detected_type"]
        sniffed = tr(lang, "theo nội dung", "bytes")
        shown = declared if detected == declared else f"{declared} ({sniffed}: {detected})"
        extra = (
            tr(
                lang,
                f" (giải nén từ {r['unzipped_from']})",
                f" (unzipped from {r['unzipped_from']})",
            )
            if "unzipped_from" in r
            else ""
        )
        if r["carrier"] != "raw" and not raw and "unzip" not in r:
            vi, en = _CARRIED[r["carrier"]]
            extra = tr(lang, f" (đã mở lớp bọc: {vi})", f" (unwrapped: {en})")
        print(
            f"{label}  {human_size(r['size'])}  {shown}  sha256:{r['sha256']}"
            f"  -> {r['path']}{extra}"
        )
        if "unzip" in r:
            print(f"  {r['unzip'] if lang == 'en' else r['unzip_vi']}")
        elif r.get("zip_wrapped") and detected == "application/zip":  # not a .docx…
            print(
                "  "
                + tr(
                    lang,
                    "tệp ZIP, có thể là lớp bọc văn bản của SDK chính thức: "
                    "--unzip ghi tệp bên trong",
                    "a ZIP, likely the one the official SDK wraps around a document: "
                    "--unzip writes the file inside",
                )
            )
