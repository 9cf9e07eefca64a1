"""Attachment payloads: content that is decoded, encoded and hashed in chunks, never whole.

A package that was read holds ``Base64Payload`` objects pointing at the base64 text where it
lies (a slice of the input bytes, or a byte range of the input file), so reading a package
does not decode, copy or even look at its attachments.  A package you build holds
``BytesPayload`` or ``FilePayload`` (raw content), encoded in chunks when written.
"""

from __future__ import annotations

import abc
import binascii
import contextlib
import io
import os
import shutil
import sys
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .._errors import BuildError, EdocError, ParseError
from .._log import log

_STRICT = sys.version_info >= (3, 11)  # binascii.a2b_base64(strict_mode=) appeared in 3.11
CHUNK = 1 << 20  # 1 MiB of base64 text per step: large enough for speed, small for memory
_WS = b" \t\r\n"


class Payload(abc.ABC):
    """The content of one attachment."""

    _digest: str | None = None
    _facts: dict[str, object] | None = None

    @property
    def facts(self) -> dict[str, object]:
        """Facts derived from the content, computed once by the layers above (the ZIP
        directory of an SDK wrapper…); the content of a payload never changes."""
        if self._facts is None:
            self._facts = {}
        return self._facts

    @abc.abstractmethod
    def iter_base64(self, chunk_size: int = CHUNK) -> Iterator[bytes]:
        """The base64 text (ASCII, no line breaks added) in chunks."""

    @abc.abstractmethod
    def iter_decoded(self, chunk_size: int = CHUNK) -> Iterator[bytes]:
        """The decoded content in chunks."""

    def read(self) -> bytes:
        """The whole decoded content, in memory (prefer ``iter_decoded`` for large files)."""
        chunks = self.iter_decoded()
        first = next(chunks, b"")
        second = next(chunks, None)
        if second is None:
            return first  # one chunk (up to 768 KiB): returned as decoded, no copy
        # Not b"".join, which keeps every decoded chunk alive and then copies them all into
        # fresh memory: the chunks go into one buffer allocated once at the expected size,
        # which BytesIO.getvalue() hands over without a copy.
        out = io.BytesIO()
        hint = self._size_hint()
        if hint > len(first) + len(second):
            out.seek(hint - 1)
            out.write(b"\0")
            out.seek(0)
        out.write(first)
        out.write(second)
        for chunk in chunks:
            out.write(chunk)
        out.truncate()
        return out.getvalue()

    def _size_hint(self) -> int:
        """An upper bound of the decoded size, known without reading (0: unknown)."""
        return 0

    def head(self, n: int = 4096) -> bytes:
        """The first ``n`` decoded bytes (for sniffing the file type), cheaply; remembered
        (the file type, the ZIP check and the validator all look at the first bytes)."""
        known = self.facts.get("head")
        if isinstance(known, tuple) and known[0] >= n:
            return bytes(known[1][:n])
        want = max(n, 512)  # as cheap as a few bytes, and enough for the next question
        try:
            head = self._first(want)
        except Exception:  # the bytes past n may be bad: n alone decides
            return self._first(n)
        self.facts["head"] = (want, head)
        return head[:n]

    def _first(self, n: int) -> bytes:
        out = bytearray()
        for chunk in self.iter_decoded(chunk_size=max(4 * ((n + 2) // 3), 4)):
            out += chunk
            if len(out) >= n:
                break
        return bytes(out[:n])

    def sha256(self) -> str:
        """Hex SHA-256 of the decoded content, computed in chunks and cached."""
        if self._digest is None:
            import hashlib  # here: OpenSSL's start-up is not paid by commands that never hash

            h = hashlib.sha256()
            for chunk in self.iter_decoded():
                h.update(chunk)
            self._digest = h.hexdigest()
        return self._digest

    @property
    def size(self) -> int:
        """Decoded size in bytes."""
        return sum(len(c) for c in self.iter_decoded())

    @property
    def approx_size(self) -> int:
        """The decoded size, without decoding (exact unless the base64 holds line breaks)."""
        return self.size

    def write_to(self, target: BinaryIO) -> int:
        """Stream the decoded content into a binary file; returns the number of bytes."""
        n = 0
        for chunk in self.iter_decoded():
            target.write(chunk)
            n += len(chunk)
        return n

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Payload):
            return NotImplemented
        return self is other or self.sha256() == other.sha256()

    def __hash__(self) -> int:
        return hash(self.sha256())


def _encode_chunks(raw: Iterator[bytes | memoryview]) -> Iterator[bytes]:
    """Base64-encode a stream of raw chunks whose sizes are multiples of 3 (except the last)."""
    for chunk in raw:
        yield binascii.b2a_base64(chunk, newline=False)


def _read_blocks(f: BinaryIO, size: int) -> Iterator[bytes]:
    while True:
        block = f.read(size)
        if not block:
            return
        yield block


class BytesPayload(Payload):
    """Raw content held in memory."""

    def __init__(self, data: bytes) -> None:
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise BuildError(f"attachment content must be bytes, got {type(data).__name__}")
        self._data = bytes(data)

    def iter_base64(self, chunk_size: int = CHUNK) -> Iterator[bytes]:
        """The content as base64 text, in chunks."""
        step = max(3, chunk_size // 4 * 3)
        mv = memoryview(self._data)
        return _encode_chunks(mv[i : i + step] for i in range(0, len(mv), step))  # no copies

    def iter_decoded(self, chunk_size: int = CHUNK) -> Iterator[bytes]:
        """The content, in chunks."""
        if self._data:
            yield self._data

    def read(self) -> bytes:
        """The whole content."""
        return self._data

    @property
    def size(self) -> int:
        """The content's size in bytes."""
        return len(self._data)

    def __repr__(self) -> str:
        return f"BytesPayload(<{len(self._data)} bytes>)"


class FilePayload(Payload):
    """Raw content in a file on disk, read in chunks whenever it is needed."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise BuildError(f"attachment file not found: {self.path}")

    def _open(self) -> BinaryIO:
        try:
            return self.path.open("rb")
        except OSError as exc:
            raise EdocError(f"cannot read attachment file {self.path}: {exc.strerror}") from None

    def iter_base64(self, chunk_size: int = CHUNK) -> Iterator[bytes]:
        """The file's content as base64 text, in chunks."""
        with self._open() as f:
            yield from _encode_chunks(_read_blocks(f, max(3, chunk_size // 4 * 3)))

    def iter_decoded(self, chunk_size: int = CHUNK) -> Iterator[bytes]:
        """The file's content, in chunks."""
        with self._open() as f:
            yield from _read_blocks(f, chunk_size)

    @property
    def size(self) -> int:
        """The file's size in bytes."""
        return self.path.stat().st_size

    def _size_hint(self) -> int:
        return self.size

    def __repr__(self) -> str:
        return f"FilePayload({str(self.path)!r})"


def spool_stream(stream: BinaryIO, *, max_in_memory: int = 8 * CHUNK) -> Payload:
    """Take a binary stream once: small content stays in memory, larger spills to a temp file."""
    first = stream.read(max_in_memory + 1)
    if not isinstance(first, bytes):
        raise BuildError("the stream must be opened in binary mode")
    if len(first) <= max_in_memory:
        return BytesPayload(first)
    fd, name = tempfile.mkstemp(prefix="edocstd-", suffix=".bin")
    log.debug("spooling an attachment stream to the temporary file %r", name)
    with os.fdopen(fd, "wb") as tmp:
        tmp.write(first)
        shutil.copyfileobj(stream, tmp, CHUNK)
    return TempFilePayload(name)


class TempFilePayload(FilePayload):
    """A ``FilePayload`` on a temporary file we own, removed when the payload is collected."""

    def __del__(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.path)


def _remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


class Base64Source(abc.ABC):
    """Where the base64 text of read attachments lies."""

    @abc.abstractmethod
    def read_range(self, start: int, end: int, chunk_size: int) -> Iterator[bytes]: ...


class BufferSource(Base64Source):
    """Base64 text inside an in-memory document."""

    def __init__(self, buffer: bytes) -> None:
        self.buffer = buffer

    def read_range(self, start: int, end: int, chunk_size: int) -> Iterator[bytes]:
        mv = memoryview(self.buffer)
        for i in range(start, end, chunk_size):
            yield mv[i : min(i + chunk_size, end)]  # type: ignore[misc]


class FileSource(Base64Source):
    """Base64 text inside a document file; the file must not change while the package is used."""

    def __init__(self, path: Path, *, owned: bool = False) -> None:
        self.path = path
        st = path.stat()
        self._identity = (st.st_size, st.st_mtime_ns)
        if owned:  # a spool file we made: removed when no payload needs it any more
            weakref.finalize(self, _remove_quietly, str(path))

    def read_range(self, start: int, end: int, chunk_size: int) -> Iterator[bytes]:
        try:
            f = self.path.open("rb")
        except OSError as exc:
            raise EdocError(f"cannot reopen {self.path}: {exc.strerror}") from None
        with f:
            st = os.fstat(f.fileno())
            if (st.st_size, st.st_mtime_ns) != self._identity:
                raise EdocError(f"{self.path} changed on disk after it was loaded; load it again")
            f.seek(start)
            remaining = end - start
            while remaining > 0:
                block = f.read(min(chunk_size, remaining))
                if not block:
                    raise EdocError(f"{self.path} is shorter than when it was loaded")
                remaining -= len(block)
                yield block


_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _decode_strict(part: bytes | memoryview) -> bytes:
    """Decode whole base64 quads, refusing any byte outside the alphabet and any '=' that is
    not final padding (non-strict ``a2b_base64`` would skip the one and stop at the other,
    silently losing data)."""
    if _STRICT:
        return binascii.a2b_base64(part, strict_mode=True)  # type: ignore[call-arg,unused-ignore]
    data = bytes(part)
    if data.rstrip(b"=").translate(None, _ALPHABET) or len(data) - len(data.rstrip(b"=")) > 2:
        raise binascii.Error("a character outside the base64 alphabet, or misplaced padding")
    return binascii.a2b_base64(data)


def decode_base64_chunks(
    chunks: Iterator[bytes | memoryview], what: str = "attachment"
) -> Iterator[bytes]:
    """Decode base64 text arriving in arbitrary chunks, strictly.

    Line breaks and blanks are allowed anywhere (real traffic wraps lines); anything else
    outside the alphabet, data after the '=' padding, or a truncated final quad raises
    ``ParseError``: an attachment is never silently cut short.  Missing final padding
    (``QQ`` for ``QQ==``) is accepted, as nothing is lost.
    """
    carry = b""
    ended = False  # the padding was seen: nothing may follow
    careful = False  # line breaks seen: strip white space from every chunk
    try:
        for chunk in chunks:
            if not (careful or carry or ended) and len(chunk) % 4 == 0:
                # Fast path: one strict pass over plain base64, no scan, no copy.
                try:
                    decoded = _decode_strict(chunk)
                except binascii.Error:
                    careful = True  # white space (or bad bytes): the careful path decides
                else:
                    ended = bytes(chunk[-1:]) == b"="
                    yield decoded
                    continue
            raw = bytes(chunk) if isinstance(chunk, memoryview) else chunk
            if b"\n" in raw or b"\r" in raw or b" " in raw or b"\t" in raw:
                raw = raw.translate(None, _WS)
            if not raw:
                continue
            if ended:
                raise binascii.Error("data after the '=' padding")
            if carry:
                raw = carry + raw
            cut = len(raw) - len(raw) % 4
            carry = raw[cut:]
            if cut:
                yield _decode_strict(memoryview(raw)[:cut])
                ended = raw[cut - 1 : cut] == b"="
        if carry:
            if ended or len(carry) == 1:
                raise binascii.Error(
                    "the base64 text is cut off (its length is not a multiple of 4)"
                )
            yield _decode_strict(carry + b"=" * (4 - len(carry)))
    except binascii.Error as exc:
        raise ParseError(f"the {what} is not valid base64: {exc}") from None


class Base64Payload(Payload):
    """Base64 text of a read attachment, decoded only when asked, in chunks."""

    def __init__(
        self, source: Base64Source, start: int, end: int, checked_size: int | None = None
    ) -> None:
        self._source = source
        self._start = start
        self._end = end
        self.checked_size = checked_size
        """The decoded size, when the reader already found the text to be clean base64 (the
        validator then does not scan it again); ``None``: not known."""

    @classmethod
    def from_text(cls, text: str | bytes) -> Base64Payload:
        """A payload from base64 text (whitespace allowed, checked when decoded)."""
        data = text.encode("ascii", "replace") if isinstance(text, str) else bytes(text)
        return cls(BufferSource(data), 0, len(data))

    @property
    def encoded_size(self) -> int:
        """The length of the base64 text, in bytes."""
        return self._end - self._start

    def iter_base64(self, chunk_size: int = CHUNK) -> Iterator[bytes]:
        """The base64 text, in chunks."""
        for chunk in self._source.read_range(self._start, self._end, chunk_size):
            yield bytes(chunk) if isinstance(chunk, memoryview) else chunk

    def iter_raw_text(self, chunk_size: int = CHUNK) -> Iterator[bytes | memoryview]:
        """The base64 text exactly as it lies in the source (no copy for in-memory sources)."""
        return self._source.read_range(self._start, self._end, chunk_size)

    def iter_decoded(self, chunk_size: int = CHUNK) -> Iterator[bytes]:
        """The decoded content, in chunks (strict: bad base64 is a ParseError)."""
        return decode_base64_chunks(self.iter_raw_text(chunk_size))

    @property
    def size(self) -> int:
        """The decoded size in bytes (decodes once to count)."""
        n = 0
        for chunk in self.iter_decoded():
            n += len(chunk)
        return n

    @property
    def approx_size(self) -> int:
        """The decoded size estimated from the base64 length (nothing decoded)."""
        n = self.encoded_size
        if n < 4:
            return self.size
        tail = b"".join(bytes(c) for c in self._source.read_range(self._end - 2, self._end, 2))
        return n // 4 * 3 - tail.count(b"=")

    def _size_hint(self) -> int:
        return self.encoded_size // 4 * 3

    def decoded_tail(self, n: int) -> bytes | None:
        """The last ``n`` or more decoded bytes, decoding only the end of the text; ``None``
        when the whole text is that short (decode it all) or its end is not valid base64.

        Exact when the text's significant characters are a multiple of 4 (always for padded
        base64, line breaks or not): the tail is aligned from the end.
        """
        want = (n // 3 + 1) * 4 * 2  # twice what is needed: room for line breaks
        if self.encoded_size <= want:
            return None
        text = b"".join(
            bytes(c) for c in self._source.read_range(self._end - want, self._end, want)
        )
        text = text.translate(None, _WS)
        try:
            return b"".join(decode_base64_chunks(iter([text[len(text) % 4 :]])))
        except ParseError:
            return None

    def __repr__(self) -> str:
        return f"Base64Payload(<{self.encoded_size} base64 characters>)"


def payload_from(content: bytes | str | os.PathLike[str] | BinaryIO | Payload) -> Payload:
    """Make a payload from raw bytes, a path, a binary stream or an existing payload."""
    if isinstance(content, Payload):
        return content
    if isinstance(content, (bytes, bytearray, memoryview)):
        return BytesPayload(bytes(content))
    if isinstance(content, (str, os.PathLike)):
        return FilePayload(content)
    if isinstance(content, io.IOBase) or hasattr(content, "read"):
        return spool_stream(content)
    raise BuildError(f"cannot make an attachment from {type(content).__name__}")


__all__ = [
    "Base64Payload",
    "BufferSource",
    "BytesPayload",
    "FilePayload",
    "FileSource",
    "Payload",
    "decode_base64_chunks",
    "payload_from",
]
