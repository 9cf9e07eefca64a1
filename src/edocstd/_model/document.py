"""The document an attachment carries, as opposed to the bytes that were transferred.

Real traffic carries a file in three forms (spec §1.2): the SDK's one-entry ZIP declared
``application/zip`` (form A, ``"zip-declared"``), the same ZIP declared with the original type
(form B, ``"zip-undeclared"``), or the file itself (form C, ``"raw"``).  A clerk always wants
the document; this module finds it.

Only an SDK wrapper is unwrapped: a ZIP with exactly one entry whose extension matches the
``AttachmentName`` (``<uuid>.pdf`` for ``Quyết định.pdf``).  A ZIP the sender attached (the
name ends in ``.zip``, or several entries) is the document itself and is never unwrapped.

Looking at a ZIP decodes only its start and the end of its base64 text, where the central
directory lies (one streamed pass over the content when that end does not decode on its own).
Opening the document spools the ZIP to a temporary file (in memory up to 2 MiB) and streams
the entry out of it, with the ZIP defences of ``single_zip_entry``: one entry, not encrypted,
bounded size and expansion, and a stream that stops at the size the archive declares.
"""

from __future__ import annotations

import io
import lzma
import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO, Literal

import attrs

from .._errors import EdocError, LimitExceeded
from .._record import FieldsRepr
from .payload import Base64Payload, BytesPayload, FilePayload, Payload

Carrier = Literal["zip-declared", "zip-undeclared", "raw"]
"""How an attachment carries its document (spec §1.2 forms A, B and C)."""

ZIP_TYPES = frozenset({"application/zip", "application/x-zip-compressed", "application/x-zip"})
"""Declared types that say "this is a ZIP" (form A)."""

MAX_DOCUMENT = 2 * 1024**3
"""Largest document unwrapped from an SDK ZIP (bytes)."""
MAX_RATIO = 200
"""Largest expansion accepted (document size / ZIP size): beyond is a ZIP bomb."""

_TAIL = 128 * 1024  # the end-of-archive record (≤ 64 KiB comment) and a small directory
_HEAD = 64 * 1024  # enough compressed bytes to decode the document's first 4 KiB
_SPOOL = 2 * 1024**2
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, zlib.error)
# Reading a corrupt entry: bz2 reports it as OSError, lzma as LZMAError.
_ENTRY_ERRORS = (*_ZIP_ERRORS, lzma.LZMAError, OSError, ValueError)


# kept per payload, never compared: nothing to compile at import
@attrs.frozen(eq=False, repr=False)
class ZipFacts(FieldsRepr):
    """What the central directory of a ZIP says."""

    entries: int  # files, folders not counted
    entry_name: str  # the first file (data, never used as a path)
    entry_size: int  # its declared size
    encrypted: bool
    archive_size: int


class _OutsideKnownBytes(Exception):
    """zipfile asked for bytes the sparse view does not hold."""


class _SparseFile(io.RawIOBase):
    """A read-only view of a file of known size of which only the head and tail are held.

    Enough for zipfile to read the central directory (at the end) and the start of the first
    entry (at the beginning); any other read raises ``_OutsideKnownBytes``.
    """

    def __init__(self, size: int, head: bytes, tail: bytes) -> None:
        super().__init__()
        self._size = size
        self._head = head
        self._tail = tail
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def readinto(self, buffer: Any) -> int:
        end = min(self._pos + len(buffer), self._size)
        if end <= self._pos:
            return 0
        tail_start = self._size - len(self._tail)
        if self._pos >= tail_start:
            data = self._tail[self._pos - tail_start : end - tail_start]
        elif end <= len(self._head):
            data = self._head[self._pos : end]
        else:
            raise _OutsideKnownBytes
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)


def _head_and_tail(payload: Payload) -> tuple[int, bytes, bytes]:
    """``(size, first _HEAD bytes, last _TAIL bytes)`` of the decoded content, streaming."""
    if isinstance(payload, BytesPayload):
        data = payload.read()
        return len(data), data[:_HEAD], data[-_TAIL:]
    if isinstance(payload, FilePayload):
        with payload.path.open("rb") as f:
            head = f.read(_HEAD)
            size = f.seek(0, os.SEEK_END)
            f.seek(max(0, size - _TAIL))
            return size, head, f.read()
    first = bytearray()
    last = bytearray()
    size = 0
    for chunk in payload.iter_decoded():
        size += len(chunk)
        if len(first) < _HEAD:
            first += chunk[: _HEAD - len(first)]
        last += chunk[-_TAIL:]
        if len(last) > 2 * _TAIL:
            del last[: len(last) - _TAIL]
    return size, bytes(first), bytes(last[-_TAIL:])


def _quick_head_and_tail(payload: Payload) -> tuple[int, bytes, bytes] | None:
    """Like ``_head_and_tail`` without decoding the middle of a read payload (its size is
    then the one the base64 length gives: exact unless the text is line-wrapped)."""
    if not isinstance(payload, Base64Payload):
        return None
    tail = payload.decoded_tail(_TAIL)
    if tail is None:
        return None
    return payload.approx_size, payload.head(_HEAD), tail[-_TAIL:]


def _read_directory(payload: Payload, parts: tuple[int, bytes, bytes]) -> ZipFacts:
    size, head, tail = parts
    with zipfile.ZipFile(_SparseFile(size, head, tail)) as archive:
        facts = _facts_of(archive, size)
    _memo(payload)["zip_head"], _memo(payload)["zip_tail"] = head, tail
    return facts


def _facts_of(archive: zipfile.ZipFile, size: int) -> ZipFacts:
    files = [i for i in archive.infolist() if not i.is_dir()]
    first = files[0] if files else None
    return ZipFacts(
        entries=len(files),
        entry_name=first.filename if first else "",
        entry_size=first.file_size if first else 0,
        encrypted=bool(first and first.flag_bits & 0x1),
        archive_size=size,
    )


def _memo(payload: Payload) -> dict[str, object]:
    return payload.facts


def zip_facts(payload: Payload) -> ZipFacts | None:
    """The central directory facts of a ZIP payload; ``None`` when it is not a readable ZIP
    (no ``PK`` signature, a broken archive, or content that cannot be decoded).  Cached."""
    memo = _memo(payload)
    if "zip" in memo:
        cached = memo["zip"]
        return cached if isinstance(cached, ZipFacts) else None
    facts: ZipFacts | None = None
    try:
        if payload.head(4) in (b"PK\x03\x04", b"PK\x05\x06"):
            quick = _quick_head_and_tail(payload)
            try:
                facts = _read_directory(payload, quick) if quick else None
            except (_OutsideKnownBytes, OSError, *_ZIP_ERRORS):
                facts = None  # unpadded or odd text: decode it all to be sure
            if facts is None:
                facts = _read_directory(payload, _head_and_tail(payload))
    except (_OutsideKnownBytes, EdocError, OSError, *_ZIP_ERRORS):
        facts = None  # a directory too large for a wrapper, or not readable: not a wrapper
    memo["zip"] = facts
    return facts


def extension(name: str | None) -> str:
    """The lower-case extension of a file name (``""`` when none)."""
    return os.path.splitext((name or "").replace("\\", "/").split("/")[-1])[1].lower()


def is_sdk_wrapper(facts: ZipFacts | None, attachment_name: str | None) -> bool:
    """Whether a ZIP is the SDK's wrapper around one document (forms A and B)."""
    wanted = extension(attachment_name)
    return (
        facts is not None
        and facts.entries == 1
        and not facts.encrypted
        and wanted not in ("", ".zip")
        and extension(facts.entry_name) == wanted
    )


def carrier_of(
    payload: Payload | None, attachment_name: str | None, declared: str | None
) -> Carrier:
    """Form A, B or C of spec §1.2 for one attachment."""
    if payload is None or not is_sdk_wrapper(zip_facts(payload), attachment_name):
        return "raw"
    kind = (declared or "").split(";")[0].strip().lower()
    return "zip-declared" if kind in ZIP_TYPES else "zip-undeclared"


def single_zip_entry(
    archive: zipfile.ZipFile, compressed_size: int, *, max_size: int, max_ratio: int
) -> zipfile.ZipInfo:
    """The one file of an SDK-style ZIP, after the checks that make unwrapping it safe.

    Refuses several entries, encrypted entries, an entry over ``max_size`` bytes and one
    expanding more than ``max_ratio`` times the archive (a ZIP bomb).  The caller must still
    stop reading past ``info.file_size`` (sizes in the archive can lie).
    """
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) != 1:
        raise EdocError(f"expected one file in the ZIP, found {len(infos)}")
    info = infos[0]
    if info.flag_bits & 0x1:
        raise EdocError("the ZIP entry is encrypted")
    if info.file_size > max_size:
        raise LimitExceeded(f"the ZIP entry is larger than {max_size} bytes")
    if info.file_size > max_ratio * max(compressed_size, 1):
        raise LimitExceeded("the ZIP entry expands too much (possible ZIP bomb)")
    return info


def document_head(payload: Payload, n: int = 4096) -> bytes:
    """The first ``n`` bytes of the document inside an SDK wrapper, cheaply when possible."""
    facts = zip_facts(payload)
    memo = _memo(payload)
    head, tail = memo.get("zip_head"), memo.get("zip_tail")
    if facts is not None and isinstance(head, bytes) and isinstance(tail, bytes):
        try:
            view = _SparseFile(facts.archive_size, head, tail)
            with zipfile.ZipFile(view) as archive, archive.open(archive.infolist()[0]) as src:
                return src.read(n)
        except (_OutsideKnownBytes, OSError, *_ZIP_ERRORS):
            pass  # the start of the entry lies further in: open it the slow way
    with open_wrapped(payload) as stream:
        return stream.read(n)


class _EntryStream(io.RawIOBase):
    """The document inside an SDK ZIP, streamed; refuses to read past its declared size and
    turns a corrupt stream into ``EdocError``.  Closing it removes the spooled ZIP."""

    def __init__(self, spool: Any, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        super().__init__()
        self._spool = spool
        self._archive = archive
        self._src = archive.open(info)
        self.name = info.filename  # data, never used as a path
        self._limit = info.file_size
        self._count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self._src.read(len(buffer))
        except _ENTRY_ERRORS as exc:
            raise EdocError(f"the attachment is not a readable ZIP: {exc}") from None
        self._count += len(data)
        if self._count > self._limit:
            raise LimitExceeded("the ZIP entry is larger than it declares")
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._src.close()
            self._archive.close()
            self._spool.close()
        super().close()


def open_wrapped(
    payload: Payload, *, max_size: int = MAX_DOCUMENT, max_ratio: int = MAX_RATIO
) -> BinaryIO:
    """A binary stream of the document inside an SDK ZIP (spooled, then streamed)."""
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL)  # noqa: SIM115 (the stream owns it)
    try:
        payload.write_to(spool)  # type: ignore[arg-type]
        size = spool.tell()
        spool.seek(0)
        archive = zipfile.ZipFile(spool)
        try:
            info = single_zip_entry(archive, size, max_size=max_size, max_ratio=max_ratio)
            raw = _EntryStream(spool, archive, info)
        except BaseException:
            archive.close()
            raise
    except _ZIP_ERRORS as exc:
        spool.close()
        raise EdocError(f"the attachment is not a readable ZIP: {exc}") from None
    except BaseException:
        spool.close()
        raise
    return io.BufferedReader(raw, 256 * 1024)


class _ChunkStream(io.RawIOBase):
    """A binary stream over an iterator of chunks (the decoded transferred bytes)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self._chunks = chunks
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            nxt = next(self._chunks, None)
            if nxt is None:
                return 0
            self._pending = memoryview(nxt)
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]  # a view: no copy of the rest
        return n


def open_decoded(payload: Payload) -> BinaryIO:
    """A binary stream of the transferred (decoded) bytes."""
    return io.BufferedReader(_ChunkStream(payload.iter_decoded()), 1 << 20)


__all__ = [
    "MAX_DOCUMENT",
    "MAX_RATIO",
    "ZIP_TYPES",
    "Carrier",
    "ZipFacts",
    "carrier_of",
    "document_head",
    "extension",
    "is_sdk_wrapper",
    "open_decoded",
    "open_wrapped",
    "single_zip_entry",
    "zip_facts",
]
