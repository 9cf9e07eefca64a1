"""The byte-level fast path: base64 payloads located by byte search and cut out of what lxml
sees (a short marker stands in for each), so lxml only builds the small header tree and the
payloads stay where they are (a slice of the input bytes or a byte range of the input file).
``_Excised.agrees_with`` checks afterwards that the cut matched the XML; when it did not, or
the fast path does not apply (another encoding, entities inside a payload), the reader parses
the whole document and takes payloads from the tree.
"""

from __future__ import annotations

import mmap
import os
import re
from collections.abc import Iterable, Iterator
from typing import Any

from lxml import etree

from .._model.base import NS
from .._model.payload import (
    Base64Payload,
    Base64Source,
)
from .parser import (
    SMALL_DOCUMENT,
    Limits,
    split_tag,
)

_TEXT_TAG = b"ContentTransferEncoded"
_MIN_EXCISE = 2048  # payloads shorter than this are left to lxml: not worth a slice


_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")
_BYTE_SAFE = (b"utf-8", b"utf8", b"us-ascii", b"ascii")


def _is_utf8_compatible(head: bytes) -> bool:
    """Whether a '<' byte is markup and nothing else, so the byte-level cut is sound: UTF-8 or
    ASCII, read from the *whole* XML declaration (an encoding such as UTF-7 can spell markup
    without a '<' byte, and a declaration padded past the window proves nothing)."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00", b"<\x00")):
        return False
    if not head.lstrip().startswith(b"<?xml"):
        return True  # no declaration: UTF-8 by definition
    end = head.find(b"?>")
    if end < 0:
        return False
    m = _ENCODING.search(head, 0, end)
    return m is None or m.group(1).strip().lower().replace(b"_", b"-") in _BYTE_SAFE


_WINDOW = 1 << 22
# What may stand between '<' and the payload element's name in a tag: an end-tag slash and/or
# a namespace prefix.  Anything else means the name was found in text, an attribute, a comment.
_TAG_PREFIX = re.compile(rb"/?(?:[A-Za-z_][\w.\-]*:)?")


# The bytes a payload may hold for the cut to be sound: base64 and whitespace.  Anything else
# (an entity, a control character, bytes that are not UTF-8, ']]>') is for lxml to judge, so
# the payload is then left in place (the fuzzer's differential property found the gap).
_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_WS_PAD = b"= \t\r\n"


class _TextFacts:
    """What one pass over a payload's bytes tells: whether anything but base64 and whitespace
    is there (``amp``), its newlines, and its decoded size when it is clean base64 (the
    validator's ``base64_size`` would find the same, so it need not scan it again)."""

    __slots__ = ("amp", "bad", "count", "newlines", "pad")

    def __init__(self) -> None:
        self.amp = False
        self.bad = False  # an alphabet character after the '=' padding
        self.count = 0  # base64 characters and '='
        self.newlines = 0
        self.pad = 0

    def add(self, piece: bytes) -> None:
        rest = piece.translate(None, _ALPHABET)  # whitespace, padding and anything else
        self.newlines += rest.count(b"\n")
        if self.amp or rest.translate(None, _WS_PAD):
            self.amp = True
            return
        letters = len(piece) - len(rest)
        pad = rest.count(b"=")
        if (self.pad and letters) or (pad and piece[piece.find(b"=") :].translate(None, _WS_PAD)):
            self.bad = True
        self.count += letters + pad
        self.pad += pad

    def decoded_size(self) -> int | None:
        if self.amp or self.bad or self.pad > 2 or self.count % 4:
            return None  # (base64_size says what is wrong)
        return self.count // 4 * 3 - self.pad


def _scan_text(buf: Any, start: int) -> tuple[int, _TextFacts]:
    """From ``start``, the next ``<`` and the facts about the text before it.

    One pass in windows of 4 MiB, read in copies of 64 KiB (memory stays flat whatever the
    payload's size; copies that small reuse the allocator's memory, where larger ones are
    fresh pages every time and cost twice as much).  Over an mmap, each window is released
    once scanned, so scanning a 200 MB payload does not make the whole file resident in this
    process (RSS).
    """
    n = len(buf)
    release = isinstance(buf, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED")
    facts = _TextFacts()
    pos = start
    step = 1 << 16
    while pos < n:
        stop = min(pos + _WINDOW, n)
        lt = buf.find(b"<", pos, stop)
        limit = stop if lt < 0 else lt
        for i in range(pos, limit, step):
            facts.add(bytes(buf[i : min(i + step, limit)]))
        if release and limit - pos >= 1 << 16:
            page = pos - pos % mmap.PAGESIZE
            buf.madvise(mmap.MADV_DONTNEED, page, limit - page)
        if lt >= 0:
            return lt, facts
        pos = stop
    return -1, facts


class _Excised:
    """The document as lxml should see it, with long payloads replaced by markers."""

    def __init__(self, buf: Any, source: Base64Source, limits: Limits) -> None:
        self.buf = buf
        self.source = source
        self.nonce = ""  # the markers' secret, drawn when the first payload is cut
        self.slices: dict[str, tuple[int, int]] = {}
        self.sizes: dict[str, int | None] = {}  # marker → decoded size, if clean base64
        self.used: set[str] = set()  # markers a payload was actually made from
        self.pieces: list[tuple[int, int] | bytes] = []
        self._scan(limits)

    def _scan(self, limits: Limits) -> None:
        buf = self.buf
        n = len(buf)
        pos = 0
        kept = 0
        if not _is_utf8_compatible(bytes(buf[:1024])):
            self.pieces.append((0, n))
            return
        while True:
            i = buf.find(_TEXT_TAG, pos)
            if i < 0:
                break
            lt = buf.rfind(b"<", max(0, i - 80), i)
            if lt < 0 or not _TAG_PREFIX.fullmatch(bytes(buf[lt + 1 : i])):
                # the name in text, not right after '<' (or '<prefix:', '</'): look further on
                # without searching for '>' (that search, repeated, made the scan quadratic)
                pos = i + len(_TEXT_TAG)
                continue
            gt = buf.find(b">", i)
            if gt < 0:
                break
            if buf[lt + 1 : lt + 2] in (b"/", b"!", b"?") or buf[gt - 1 : gt] == b"/":
                pos = gt + 1
                continue
            end, facts = _scan_text(buf, gt + 1)
            if end < 0:
                break
            if end - gt - 1 >= _MIN_EXCISE and not facts.amp:
                if len(self.slices) >= limits.max_attachments:
                    break
                self.nonce = self.nonce or os.urandom(8).hex()
                marker = f"edocstd:{self.nonce}:{len(self.slices)}"
                self.slices[marker] = (gt + 1, end)
                self.sizes[marker] = facts.decoded_size()
                self.pieces.append((kept, gt + 1))
                self.pieces.append(marker.encode() + b"\n" * facts.newlines)
                kept = end
            pos = end
        self.pieces.append((kept, n))

    def small(self) -> bytes:
        """The document as lxml should see it, in one piece if that is small, else ``b""``."""
        if self._size() > SMALL_DOCUMENT:
            return b""
        if not self.slices and isinstance(self.buf, bytes):
            return self.buf  # nothing cut: the document as it is, not a copy
        return b"".join(self.chunks())

    def chunks(self) -> Iterator[bytes]:
        step = 1 << 20
        for piece in self.pieces:
            if isinstance(piece, bytes):
                yield piece
            else:
                start, end = piece
                for i in range(start, end, step):
                    yield bytes(self.buf[i : min(i + step, end)])

    def payload_for(self, el: etree._Element) -> Base64Payload | None:
        key = (el.text or "").strip()
        if key in self.slices and not len(el):
            start, end = self.slices[key]
            self.used.add(key)
            return Base64Payload(self.source, start, end, self.sizes[key])
        return payload_from_tree(el)

    def agrees_with(self, root: etree._Element) -> bool:
        """Whether the cut matched the XML: each marker is the whole text of its own
        ``Attachment/ContentTransferEncoded`` and the markers' secret shows up nowhere else
        (not in another text, an attribute, a comment or a processing instruction).
        Otherwise the document tricked the byte search, and is parsed again uncut."""
        if not self.slices:
            return True
        claimed: dict[str, etree._Element] = {}
        for node in root.iter(_PAYLOAD_TAG, "ContentTransferEncoded"):
            text = node.text or ""
            if self.nonce not in text:
                continue  # a payload left in place
            marker = text.rstrip("\n")  # (the marker keeps the payload's line breaks)
            if marker not in self.slices or marker in claimed:
                return False  # not the whole text, or not a marker of ours
            if len(node) or not _is_payload_element(node):
                return False
            claimed[marker] = node
        if len(claimed) != len(self.slices):
            return False  # a marker somewhere else
        if self._size() <= SMALL_DOCUMENT:
            # Each marker was put in the bytes once, so each shows up once in the tree unless
            # the secret is somewhere else too (an attribute, a comment, a tail…): counted on
            # the tree serialised by libxml2 (in C; the tree is small, payloads cut out).
            return etree.tostring(root).count(self.nonce.encode()) == len(self.slices)
        return _nowhere_else(root, self.nonce, claimed.values())

    def _size(self) -> int:
        """The size of the document as lxml sees it (payloads cut out)."""
        return sum(len(p) if isinstance(p, bytes) else p[1] - p[0] for p in self.pieces)


def _nowhere_else(root: etree._Element, nonce: str, claimed: Iterable[etree._Element]) -> bool:
    """Whether the secret shows up nowhere but in the texts of ``claimed``, found by libxml2
    (scans in C, without a copy of a large tree)."""
    if _SECRET_OUTSIDE_TEXT(root, n=nonce):
        return False  # in an attribute, a comment or a processing instruction
    mine = {id(node) for node in claimed}  # (``claimed`` keeps the proxies, so ids hold)
    for hit in _SECRET_IN_TEXT(root, n=nonce):
        node = hit.getparent()
        if not hit.is_text or node is None or id(node) not in mine:
            return False  # in a tail (text after an element) or in another element's text
    return True


_SECRET_IN_TEXT = etree.XPath(".//text()[contains(., $n)]", smart_strings=True)
_SECRET_OUTSIDE_TEXT = etree.XPath(
    "boolean(.//@*[contains(., $n)] | .//comment()[contains(., $n)]"
    " | .//processing-instruction()[contains(., $n)])"
)
_PAYLOAD_TAG = f"{{{NS}}}ContentTransferEncoded"


def payload_from_tree(el: etree._Element) -> Base64Payload:
    """The payload of a ``ContentTransferEncoded`` as parsed (all its text, children's too)."""
    text = el.text or "" if not len(el) else "".join(el.itertext())
    return Base64Payload.from_text(text)


def _is_payload_element(el: etree._Element) -> bool:
    parent = el.getparent()
    return (
        split_tag(el.tag) in ((NS, "ContentTransferEncoded"), (None, "ContentTransferEncoded"))
        and parent is not None
        and split_tag(parent.tag) in ((NS, "Attachment"), (None, "Attachment"))
    )


__all__ = ["_Excised", "payload_from_tree"]
