"""``edocstd extract FILE [-d DIR] [--unzip] [--json]``: write every attachment to disk.

Each attachment is decoded in chunks straight into its file (``Attachment.save``), so a
200 MB scan never sits whole in memory; the file name is a safe version of
``AttachmentName`` (no folders, no ``..``, no device names) and an existing file is never
overwritten (a numbered name is used) unless ``--overwrite``.  ``--unzip`` unwraps the
single-file ZIP the official SDK puts around every attachment, streaming too, refusing
archives with several or encrypted entries and ZIP bombs (such a ZIP is kept as it is).

Exit codes: 0 every attachment written, 1 some attachment could not be (no content,
invalid base64), 2 the package cannot be read or a file cannot be written.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Any

from .._api import load
from .._errors import EdocError
from .._model.attachment import (
    Attachment,
    detect_type,
    safe_file_name,
    single_zip_entry,
    unique_path,
)
from .._model.package import Edoc
from ._common import human_size, print_json

MAX_UNZIPPED = 2 * 1024**3
"""Largest entry ``--unzip`` writes (bytes)."""
MAX_RATIO = 200
"""Largest expansion ``--unzip`` accepts (entry size / compressed size): beyond is a bomb."""
_BLOCK = 1 << 20


def register(sub: Any) -> None:
    p = sub.add_parser(
        "extract",
        help="write the attachments to a folder (decoded in chunks, safe file names)",
        description="Write every attachment of a package to a folder, decoding in chunks, "
        "and print its name, size, type and SHA-256.",
    )
    p.add_argument("file", help="the .edxml package")
    p.add_argument(
        "-d",
        "--dir",
        default=".",
        metavar="DIR",
        help="folder to write into (created if missing; default: the current folder)",
    )
    p.add_argument(
        "--unzip", action="store_true", help="unwrap SDK-style single-file ZIP attachments"
    )
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="replace existing files instead of choosing a numbered name",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--strict", action="store_true", help="refuse any deviation from the SDK layout")
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


def _unwrapped_name(attachment_name: str, entry: str) -> str:
    """The name for the unwrapped file: the attachment's name, with the entry's extension."""
    entry_ext = os.path.splitext(entry.replace("\\", "/").split("/")[-1])[1]
    stem, ext = os.path.splitext(attachment_name)
    if not entry_ext or ext.lower() == entry_ext.lower():
        return attachment_name
    if ext.lower() == ".zip":
        return stem + entry_ext
    return attachment_name + entry_ext


def _unzip(zip_path: Path, attachment_name: str, folder: Path, overwrite: bool) -> tuple[Path, str]:
    """Stream the single entry of ``zip_path`` into ``folder``; returns (path, entry name).

    Raises ``EdocError`` (and leaves ``zip_path`` alone) when the archive is not one plain
    file of sensible size.
    """
    compressed = zip_path.stat().st_size
    try:
        with zipfile.ZipFile(zip_path) as archive:
            info = single_zip_entry(archive, compressed, max_size=MAX_UNZIPPED, max_ratio=MAX_RATIO)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".edocstd-", suffix=".part")
            try:
                written = 0
                with os.fdopen(fd, "wb") as out, archive.open(info) as src:
                    while block := src.read(_BLOCK):
                        written += len(block)
                        if written > info.file_size:
                            raise EdocError("the ZIP entry is larger than it declares")
                        out.write(block)
                name = safe_file_name(_unwrapped_name(attachment_name, info.filename), "attachment")
                if name == safe_file_name(attachment_name, "attachment"):
                    target = zip_path  # same name as saved: the content replaces its ZIP
                else:
                    target = unique_path(folder, name, overwrite)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        EOFError,
        zlib.error,
    ) as exc:
        raise EdocError(f"the ZIP cannot be unwrapped: {exc}") from None
    except (OSError, ValueError) as exc:
        if isinstance(exc, OSError) and exc.errno is not None:
            raise  # a real I/O error on our side: exit 2
        raise EdocError(f"the ZIP cannot be unwrapped: {exc}") from None
    if target != zip_path:
        zip_path.unlink()
    return target, info.filename


def _extract_one(
    index: int, attachment: Attachment, folder: Path, args: argparse.Namespace
) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "index": index,
        "name": attachment.attachment_name,
        "content_id": attachment.content_id,
        "content_type": attachment.content_type,
    }
    if attachment.payload is None:
        rec["error"] = "the attachment has no content (no ContentTransferEncoded)"
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
        path = attachment.save(folder, overwrite=args.overwrite)
    except EdocError as exc:  # invalid base64, unreadable source: this attachment only
        rec["error"] = str(exc)
        return rec
    if args.unzip and zipfile.is_zipfile(path):
        name = attachment.attachment_name or path.name
        try:
            unzipped, entry = _unzip(path, name, folder, args.overwrite)
        except EdocError as exc:
            rec["unzip"] = f"kept as ZIP: {exc}"
        else:
            rec["unzipped_from"] = entry
            path = unzipped
    rec["path"] = str(path)
    rec["size"] = path.stat().st_size
    rec["detected_type"] = detect_type(_head(path), path.name)
    rec["sha256"] = _sha256_of(path)
    return rec


def run(args: argparse.Namespace) -> int:
    pkg = load(args.file, strict=args.strict)
    folder = Path(args.dir)
    attachments = pkg.attachments if isinstance(pkg, Edoc) else ()
    if attachments:
        folder.mkdir(parents=True, exist_ok=True)
    records = [_extract_one(i, a, folder, args) for i, a in enumerate(attachments, 1)]
    failed = [r for r in records if "error" in r]
    if args.json:
        print_json(
            {
                "file": args.file,
                "kind": pkg.kind,
                "directory": str(folder),
                "attachments": records,
                "written": len(records) - len(failed),
                "failed": len(failed),
            }
        )
        return 1 if failed else 0
    if not attachments:
        print(
            "no attachments"
            if isinstance(pkg, Edoc)
            else f"a {pkg.kind} package has no attachments"
        )
        return 0
    for r in records:
        label = r["name"] or r["content_id"] or f"#{r['index']}"
        if "error" in r:
            print(f"{label}: NOT WRITTEN: {r['error']}")
            continue
        declared = r["content_type"] or "?"
        detected = r["detected_type"]
        shown = declared if detected == declared else f"{declared} (bytes: {detected})"
        extra = f" (unzipped from {r['unzipped_from']})" if "unzipped_from" in r else ""
        print(
            f"{label}  {human_size(r['size'])}  {shown}  sha256:{r['sha256']}"
            f"  -> {r['path']}{extra}"
        )
        if "unzip" in r:
            print(f"  {r['unzip']}")
    if failed:
        print(
            f"{len(failed)} of {len(records)} attachment(s) could not be written", file=sys.stderr
        )
        return 1
    return 0
