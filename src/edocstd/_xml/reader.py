"""The tolerant reader: bytes → ``Edoc`` / ``StatusPackage``.

Reading is fast and memory-bounded for large packages: before parsing, the base64 payloads
of attachments are located with byte searches and cut out of what lxml sees (a short marker
stands in for each), so lxml only builds the small header tree and the payloads stay where
they are (a slice of the input bytes or a byte range of the input file), decoded only on
demand.  When that fast path does not apply (another encoding, entities inside a payload)
the whole document is parsed and payloads are taken from the tree: same result, more memory.

This module is where the bytes come from (paths, binary streams, spooling of large streams,
mmap, the size limit) and the order of the steps; the cut is ``excise.py``, tree → package
``interpret.py`` and ``nodes.py``.
"""

from __future__ import annotations

import contextlib
import io
import mmap
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

import attrs
from lxml import etree

from .._errors import LimitExceeded, ParseError
from .._log import log
from .._model.package import Edoc, StatusPackage
from .._model.payload import (
    Base64Payload,
    Base64Source,
    BufferSource,
    FileSource,
    _remove_quietly,
)
from .excise import _Excised, payload_from_tree
from .interpret import check_strict_schema, interpret, note_undeclared
from .nodes import Context
from .parser import (
    DEFAULT_LIMITS,
    Limits,
    UndeclaredUse,
    _too_large,
    check_encoding,
    open_path,
    parse_small,
    path_of,
    refuse_dtd,
)
from .prefixes import parse_declaring

Package = Edoc | StatusPackage
_SPOOL_AT = 16 << 20  # a stream larger than this is spooled to a temporary file


class Loaded:
    """A package with the tree it was read from (payload texts replaced by short markers).

    The validator checks the schema on this tree: payloads are typed ``xs:string``, so a
    marker validates exactly as the payload would, and the big texts are never parsed.
    """

    def __init__(
        self, package: Package, tree: etree._Element, strict_schema_ok: bool = False
    ) -> None:
        self.package = package
        self.tree = tree
        self.strict_schema_ok = strict_schema_ok
        """Whether ``tree`` passed the strict schema of its kind (the validator then knows
        the answer of every schema it would check, without checking again)."""


def _load_buffer(buf: Any, source: Base64Source, strict: bool, limits: Limits) -> Loaded:
    if len(buf) > limits.max_bytes:
        raise _too_large(limits)
    head = bytes(buf[:65536])
    refuse_dtd(head)  # on the bytes as they are, before any cut
    check_encoding(head)
    excised = _Excised(buf, source, limits)
    payload_for: Callable[[etree._Element], Base64Payload | None] = excised.payload_for
    try:
        small = parse_small(excised.small(), limits)  # None: anything unusual, recovery too
        undeclared: list[UndeclaredUse] = []
        if small is not None:
            root = small
        else:
            root, undeclared = parse_declaring(excised.chunks, limits)
        trusted = excised.agrees_with(root)
    except LimitExceeded:
        raise
    except ParseError:
        if not excised.slices:
            raise
        trusted = False  # maybe the cut broke it (a '>' in an attribute): the whole decides
    ctx = Context(strict, limits=limits)
    package = None
    if trusted:
        note_undeclared(root, undeclared, ctx)
        package = interpret(root, ctx, payload_for)
        if excised.used != set(excised.slices):
            # a cut payload ended up somewhere the reader keeps as unknown XML (a status
            # package's attachment block, a second one…): that copy would hold the marker
            package = None
            ctx = Context(strict, limits=limits)
    if package is None:
        root, undeclared = parse_declaring(lambda: _whole(buf), limits)
        note_undeclared(root, undeclared, ctx)
        package = interpret(root, ctx, payload_from_tree)
    strict_ok = check_strict_schema(root, package, ctx)
    if ctx.findings != list(package.findings):
        package = attrs.evolve(package, findings=tuple(ctx.findings))
    return Loaded(package, root, strict_ok)


def _whole(buf: Any, step: int = 1 << 20) -> Iterator[bytes]:
    for i in range(0, len(buf), step):
        yield bytes(buf[i : i + step])


def read_bytes(data: bytes, *, strict: bool = False, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    return _load_buffer(data, BufferSource(data), strict, limits)


def read_path(
    path: str | os.PathLike[str],
    *,
    strict: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    owned: bool = False,
) -> Loaded:
    """Read a file; large ones are mmapped and their payloads stay in the file.

    ``owned``: the file is a spool of ours, deleted once no attachment refers to it.
    """
    p = path_of(path)
    f = open_path(p)
    with f:
        size = os.fstat(f.fileno()).st_size
        if size > limits.max_bytes:
            raise _too_large(limits)
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # a device, a FIFO: read as a stream
            return read_stream(f, strict=strict, limits=limits, by_name=False)
        if size < (1 << 20):
            data = read_up_to(f, min(limits.max_bytes, size) + 1)
            if len(data) > limits.max_bytes:
                raise _too_large(limits)
            if owned:
                _remove_quietly(str(p))
            return _load_buffer(data, BufferSource(data), strict, limits)
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            return _load_buffer(mm, FileSource(p, owned=owned), strict, limits)


def read_up_to(stream: BinaryIO, n: int) -> bytes:
    """Up to ``n`` bytes, reading again after short reads (pipes, unbuffered files)."""
    parts: list[bytes] = []
    got = 0
    while got < n:
        block = stream.read(min(n - got, 1 << 20))  # never ask for a limit-sized buffer
        if not block:
            break
        if not isinstance(block, bytes):
            raise ParseError("the file must be opened in binary mode ('rb')")
        parts.append(block)
        got += len(block)
    return b"".join(parts)


def _same_file(stream: BinaryIO, name: str | bytes) -> bool:
    """Whether ``name`` still names the regular file ``stream`` has open (it may have been
    replaced, or the working folder changed, since it was opened)."""
    try:
        opened = os.fstat(stream.fileno())
        named = os.stat(name)
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(opened.st_mode) and (opened.st_dev, opened.st_ino) == (
        named.st_dev,
        named.st_ino,
    )


def read_stream(
    stream: BinaryIO,
    *,
    strict: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    by_name: bool = True,
) -> Loaded:
    name = getattr(stream, "name", None)
    if (
        by_name
        and isinstance(name, (str, bytes))
        and hasattr(stream, "fileno")
        and _same_file(stream, name)
    ):
        try:
            if stream.tell() == 0:
                log.debug("reading the file object by its name %r (payloads stay there)", name)
                return read_path(os.fsdecode(name), strict=strict, limits=limits)
        except (OSError, ValueError):
            pass
    # A pipe or socket: small input is read into memory, large input spooled to a temporary
    # file (so attachments stay on disk, as when reading a path), never more than the limit.
    first = read_up_to(stream, min(limits.max_bytes, _SPOOL_AT) + 1)
    if len(first) <= min(limits.max_bytes, _SPOOL_AT):
        return read_bytes(first, strict=strict, limits=limits)
    if len(first) > limits.max_bytes:
        raise _too_large(limits)
    fd, spool = tempfile.mkstemp(prefix="edocstd-", suffix=".edxml")
    log.info("spooling a stream of more than %d bytes to the temporary file %r", _SPOOL_AT, spool)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(first)
            total = len(first)
            while block := read_up_to(stream, 1 << 20):
                total += len(block)
                if total > limits.max_bytes:
                    raise _too_large(limits)
                out.write(block)
        loaded = read_path(spool, strict=strict, limits=limits, owned=True)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(spool)
        raise
    return loaded


_DECL_ENCODING = re.compile(r"^(\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])[^\"']*\2")


def read_text(text: str, *, strict: bool = False, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """A document given as ``str``: encoded as UTF-8 (its declaration is adjusted to say so)."""
    text = _DECL_ENCODING.sub(lambda m: f"{m.group(1)}{m.group(2)}UTF-8{m.group(2)}", text, count=1)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ParseError(
            f"the text holds characters that cannot be encoded: {exc.reason}"
        ) from None
    return read_bytes(data, strict=strict, limits=limits)


def read_any(source: Any, *, strict: bool = False, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Read from a path, bytes, ``str`` XML text (only via ``loads``) or a binary file."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return read_bytes(bytes(source), strict=strict, limits=limits)
    if isinstance(source, (str, os.PathLike)):
        return read_path(source, strict=strict, limits=limits)
    if isinstance(source, io.TextIOBase):
        raise ParseError("the file must be opened in binary mode ('rb')")
    if hasattr(source, "read"):
        return read_stream(source, strict=strict, limits=limits)
    raise ParseError(f"cannot read a package from {type(source).__name__}")


__all__ = [
    "Loaded",
    "read_any",
    "read_bytes",
    "read_path",
    "read_stream",
    "read_text",
    "read_up_to",
]
