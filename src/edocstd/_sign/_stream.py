"""The input of signing and verification, read without holding the attachments in memory.

A large package is almost all base64 payload.  The reader's cut (``_Excised``) replaces each
long payload with a short marker before lxml parses, so the tree holds the header and little
else.  lxml canonicalizes that small tree; in the digest, each marker's text node is replaced
by the payload's bytes, read from the source (the file, with ``pread``) window by window.

The substitution is exact only when the payload's bytes are their own canonical form: C14N
(1.0 and exclusive) rewrites ``&``, ``<``, ``>`` and CR in text, the parser turns CR LF into
LF, and any other byte would need the parser's character checks.  So the bytes are checked as
they are hashed: only the base64 alphabet, space, tab and LF pass.  Anything else raises
:class:`NotPlain`, and the caller starts again on the whole tree (same result, more memory).
"""

from __future__ import annotations

import hashlib
import io
import mmap
import os
import stat
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO, Protocol

from lxml import etree

from .._errors import LimitExceeded, ParseError, SignatureError
from .._model.payload import BufferSource
from .._xml.excise import _Excised
from .._xml.parser import (
    DEFAULT_LIMITS,
    Limits,
    _too_large,
    check_encoding,
    open_path,
    parse_chunks,
    refuse_dtd,
)
from . import _doc

_PLAIN = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \t\n"
_WINDOW = 1 << 22
_MAP_FROM = 1 << 20  # files smaller than this are simply read


class NotPlain(Exception):
    """A payload's bytes are not their own canonical form: use the whole tree instead."""


class Hasher(Protocol):
    def update(self, data: bytes | memoryview, /) -> None: ...


Piece = bytes | tuple[int, int]
"""Output made of literal bytes and ``(start, end)`` slices of the source."""


class Source:
    """The bytes of the input: in memory, or a file mapped read-only (closed by ``close``).

    A mapped file must not change while it is used.
    """

    def __init__(
        self, buf: bytes | mmap.mmap, file: BinaryIO | None = None, *, owned: bool = True
    ) -> None:
        self.buf = buf
        self.file = file
        self.owned = owned
        """Whether ``close`` closes ``file`` (not a file object the caller gave)."""

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if isinstance(self.buf, mmap.mmap):
            self.buf.close()
        if self.file is not None and self.owned:
            self.file.close()

    def __len__(self) -> int:
        return len(self.buf)

    def windows(self, start: int, end: int) -> Iterator[bytes | memoryview]:
        """``buf[start:end]`` in windows of 4 MiB.  From a file they are read with ``pread``
        (faster than faulting the map in, and nothing stays resident in this process)."""
        if self.file is None:
            view = memoryview(self.buf)
            for i in range(start, end, _WINDOW):
                yield view[i : min(i + _WINDOW, end)]
            return
        fd = self.file.fileno()
        pread = getattr(os, "pread", None)  # not on Windows: copy out of the map instead
        for i in range(start, end, _WINDOW):
            want = min(_WINDOW, end - i)
            data = pread(fd, want, i) if pread else self.buf[i : i + want]
            if len(data) != want:  # a regular file reads short only at its end
                raise ParseError(
                    "the file was cut short while it was being read",
                    message_vi="tệp bị cắt ngắn trong khi đang được đọc",
                    io_error=True,
                )
            yield data

    def materialize(self, pieces: Iterable[Piece]) -> bytes:
        """The pieces as one ``bytes``, built once (no second whole-size copy)."""
        out = io.BytesIO()
        self.write(pieces, out)
        return out.getvalue()

    def write(self, pieces: Iterable[Piece], out: BinaryIO) -> None:
        for piece in pieces:
            if isinstance(piece, bytes):
                out.write(piece)
            elif not self._copy_in_kernel(piece, out):
                for window in self.windows(*piece):
                    out.write(window)

    def _copy_in_kernel(self, piece: tuple[int, int], out: BinaryIO) -> bool:
        """Copy a slice file to file with ``copy_file_range`` (the bytes do not pass through
        this process); False when that is not possible (a pipe, an old kernel, no Linux)."""
        if self.file is None or not hasattr(os, "copy_file_range"):
            return False
        try:
            dst = out.fileno()
            regular = stat.S_ISREG(os.fstat(dst).st_mode)
        except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
            return False
        if not regular:
            return False
        out.flush()
        src = self.file.fileno()
        start, end = piece
        try:
            n = os.copy_file_range(src, dst, end - start, start)
        except OSError:  # EXDEV, EINVAL, ENOSYS...: nothing was copied
            return False
        done = start + n
        while n > 0 and done < end:
            n = os.copy_file_range(src, dst, end - done, done)
            done += n
        out.seek(os.lseek(dst, 0, os.SEEK_CUR))  # the buffered writer follows the descriptor
        for window in self.windows(done, end):  # only if the file was cut short: raises
            out.write(window)
        return True


def open_source(source: Any, limits: Limits = DEFAULT_LIMITS) -> Source:
    """A path, or a binary file object at the start of a regular file, is mapped (a small or
    non-regular file is read); anything else is read by :func:`_doc.read_source` (bytes, a
    file object elsewhere, a package object)."""
    if not isinstance(source, (str, os.PathLike)):
        mapped = _map_file_object(source, limits)
        return mapped if mapped is not None else Source(_doc.read_source(source, limits))
    fh = open_path(source)
    try:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size < _MAP_FROM:
            with fh:  # a small file or a non-regular one (FIFO, device) is read as bytes
                return Source(_doc.read_source(fh, limits))
        if info.st_size > limits.max_bytes:
            raise _too_large(limits)
        mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except BaseException:
        fh.close()
        raise
    return Source(mm, fh)


def _map_file_object(source: Any, limits: Limits) -> Source | None:
    """The caller's open binary file mapped like a path (left open, its position moved to the
    end as reading it would), or None when it is not a large regular file at its start."""
    try:
        if not isinstance(source.read(0), bytes):
            return None  # text mode: read_source says so
        fd = source.fileno()
        info = os.fstat(fd)
        if source.tell() != 0 or not stat.S_ISREG(info.st_mode) or info.st_size < _MAP_FROM:
            return None
        mm = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None
    if info.st_size > limits.max_bytes:
        mm.close()
        raise _too_large(limits)
    source.seek(0, os.SEEK_END)
    return Source(mm, source, owned=False)


class Document:
    """The parsed input: its tree, with long payloads cut out when that was sound.

    ``holes`` maps each marker left in the tree to the ``(start, end)`` slice of the source it
    stands for (empty when the whole document was parsed).
    """

    def __init__(self, source: Source, root: etree._Element, excised: _Excised | None) -> None:
        self.source = source
        self.root = root
        self.holes: dict[str, tuple[int, int]] = dict(excised.slices) if excised else {}
        self.nonce = excised.nonce if excised else ""


def parse(source: Source, *, cut: bool = True, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse ``source``; with ``cut``, long payloads are left out of the tree (see module doc).

    Raises ``ParseError`` (or ``LimitExceeded``) as the hardened parser does.
    """
    buf = source.buf
    if len(buf) > limits.max_bytes:  # the cut document is smaller: check the input itself
        raise _too_large(limits)
    head = bytes(buf[:65536])
    refuse_dtd(head)
    check_encoding(head)
    if cut:
        excised = _Excised(buf, BufferSource(b""), limits)  # its payload_for is not used here
        if excised.slices:
            try:
                root = parse_chunks(excised.chunks(), limits)
            except LimitExceeded:
                raise
            except ParseError:  # maybe the cut broke it: the whole document decides
                pass
            else:
                if excised.agrees_with(root):
                    return Document(source, root, excised)
    root = parse_chunks((bytes(w) for w in source.windows(0, len(buf))), limits)
    return Document(source, root, None)


class Canonical:
    """A canonical form computed by lxml on the cut tree, with each marker's text node standing
    for a payload of the source.  Offsets are those of the (short) canonical bytes."""

    def __init__(self, doc: Document, canon: bytes) -> None:
        self.canon = canon
        self.source = doc.source
        self.holes = _locate_holes(doc, canon)
        self.checked: set[int] = set()

    def feed(self, hashers: Iterable[Hasher], start: int, end: int) -> None:
        """Hash the canonical document from ``start`` to ``end``, payloads streamed."""
        sinks = list(hashers)
        view = memoryview(self.canon)
        cursor = start
        for at, stop, slice_ in self.holes:
            if stop <= cursor or at >= end:
                continue
            if at < cursor or stop > end:  # callers cut only outside payloads
                raise NotPlain("a boundary falls inside a payload")
            for h in sinks:
                h.update(view[cursor:at])
            self._stream(sinks, slice_)
            cursor = stop
        for h in sinks:
            h.update(view[cursor:end])

    def _stream(self, sinks: list[Hasher], slice_: tuple[int, int]) -> None:
        check = slice_[0] not in self.checked
        for window in self.source.windows(*slice_):
            if check and bytes(window).translate(None, _PLAIN):
                raise NotPlain("a payload holds bytes that canonicalization would change")
            for h in sinks:
                h.update(window)
        self.checked.add(slice_[0])

    def digest(self, hash_name: str) -> bytes:
        h = hashlib.new(hash_name)
        self.feed([h], 0, len(self.canon))
        return h.digest()


def _locate_holes(doc: Document, canon: bytes) -> list[tuple[int, int, tuple[int, int]]]:
    """(start, end) in ``canon`` of each marker's whole text node, with the source slice."""
    try:
        return _marker_runs(doc, canon, after=b">")
    except ValueError as exc:
        raise NotPlain(f"{exc} in the canonical form") from None


def _marker_runs(
    doc: Document, data: bytes, after: bytes = b""
) -> list[tuple[int, int, tuple[int, int]]]:
    """Where each marker's text runs in ``data`` (a canonicalization or serialization of the
    cut tree), in document order: one pass over ``data`` looking for the markers' secret.

    The cut tree holds each marker once, as the entire text (marker and newlines) of a
    childless element (checked by ``_Excised.agrees_with``), so its text runs from the marker
    to the next ``<``; a ``ValueError`` says the bytes contradict that.
    """
    if not doc.holes:
        return []
    nonce = doc.nonce.encode("ascii")
    lead = next(iter(doc.holes)).index(doc.nonce)  # the secret's offset inside a marker
    runs = []
    pos = data.find(nonce)
    while pos >= 0:
        at = pos - lead
        stop = data.find(b"<", pos)
        marker = data[at:stop].rstrip(b"\n").decode("ascii", "replace")
        if stop < 0 or marker not in doc.holes or (after and data[at - 1 : at] != after):
            raise ValueError("a payload marker is not a whole text node")
        runs.append((at, stop, doc.holes[marker]))
        pos = data.find(nonce, stop)
    if len(runs) != len(doc.holes) or len({r[2] for r in runs}) != len(runs):
        raise ValueError("a payload marker is missing or repeated")
    return runs


def serialized_pieces(doc: Document, data: bytes) -> list[Piece]:
    """The serialization ``data`` of the cut tree, markers replaced by the source's payloads.

    Serialization escapes in text what C14N does (``&``, ``<``, ``>``, CR), so a payload that
    passed the digest's check is written as it is.
    """
    try:
        runs = _marker_runs(doc, data)
    except ValueError as exc:  # cannot happen: the digest's pass checked the same tree
        raise SignatureError(f"{exc} in the output") from None
    pieces: list[Piece] = []
    cursor = 0
    for at, stop, slice_ in runs:
        pieces.extend((data[cursor:at], slice_))
        cursor = stop
    pieces.append(data[cursor:])
    return pieces
