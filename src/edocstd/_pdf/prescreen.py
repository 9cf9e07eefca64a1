"""Can this PDF carry a signature at all?  A bounded byte scan, before any PDF parser runs.

Starting pyHanko (in its sandbox process) costs about half a second; most PDFs that are not
signed can be told apart by their bytes alone.  For pyHanko, as for the PDF standard, a
signature is the value of a signature field, and signature fields are found only through the
document catalogue's ``/AcroForm`` entry (``enumerate_sig_fields``: ``root['/AcroForm']
['/Fields']``).  A dictionary key is always a name, written in the file's own bytes, unless
its dictionary sits compressed in an object stream, which is itself a stream whose dictionary
says ``/Type /ObjStm`` (pyHanko checks it before reading any object from it).  pyHanko
compares that value as text, so a *string* ``(/ObjStm)``, ``<2F4F626A53746D>`` or one behind
an indirect reference passes as well: a ``/Type`` whose value is not written as a name makes
the file "may be signed" too.  So a PDF in
which no name reads ``/AcroForm`` or ``/ObjStm`` has no signature pyHanko (or any reader
following the standard) could find.  Names may be written with ``#xx`` escapes
(``/Acro#46orm``): names holding one are decoded before they are compared.  ``/ByteRange``,
``/Sig`` and ``/DocTimeStamp`` (the signature dictionary's own names) count as well.

The scan reads each byte once, in blocks, keeping only a short overlap between blocks (a
name that matters is at most 36 bytes long, escapes included), so its time is linear and its
memory constant.  A file with very many escaped names is not examined further: it may be
signed.  A file that does not begin with a PDF header or does not end with ``startxref`` and
``%%EOF`` (a truncated or foreign file) is left to pyHanko too, which says what is wrong
with it: the scan only ever answers "no signature possible" for a file that looks whole.
"""

from __future__ import annotations

import re

_DELIMITERS = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"  # PDF whitespace and delimiters end a name
_REGULAR = b"[^" + _DELIMITERS + b"]"
_END = b"(?=[" + _DELIMITERS + rb"]|\Z)"
_MARKER_NAMES = (b"AcroForm", b"ObjStm", b"ByteRange", b"Sig", b"DocTimeStamp")
_PLAIN = re.compile(b"/(?:" + b"|".join(_MARKER_NAMES) + b")" + _END)
_LONGEST = 3 * max(len(n) for n in _MARKER_NAMES)  # every character escaped (#xx)
# A name of at most _LONGEST characters with a '#' among them (longer ones cannot decode to
# a marker name).
# (Compiled by `re` when first needed: only a window with a '#' is searched for them.)
_ESCAPED = (
    b"/(?=" + _REGULAR + b"{0,%d}#)(" % (_LONGEST - 1) + _REGULAR + b"{1,%d})" % _LONGEST + _END
)
_HEX = rb"#([0-9A-Fa-f]{2})"
_TYPE = re.compile(b"/Type" + _END)
# What follows a /Type key: whitespace and comments, then the value's first byte (none at the
# end of the window).
_VALUE = re.compile(rb"(?:[\x00\t\n\x0c\r ]|%[^\r\n]*[\r\n])*(.?)", re.DOTALL)
_OVERLAP = 64  # more than a marker name, escaped, with its terminator
_HEAD = re.compile(rb"%PDF-\d[^\x00\t\n\x0c\r ]\d")  # what pyHanko accepts as a header
_TAIL = 1100  # pyHanko looks for %%EOF in the last 1024 bytes, startxref just before it

MAX_ESCAPED_NAMES = 20_000
"""Escaped names decoded per file before the scan gives up and says "may be signed"."""


def _unescape(name: bytes) -> bytes:
    return re.sub(_HEX, lambda m: bytes((int(m.group(1), 16),)), name)


def _name_follows(window: bytes, at: int) -> bool:
    """Is the value after the key ending at ``at`` written as a name, seen within the next
    _OVERLAP bytes (a bound, so that comments full of /Type cost linear time)?"""
    value = _VALUE.match(window, at, at + _OVERLAP)
    return value is not None and value.group(1) == b"/"


class SignatureScan:
    """Fed a PDF's bytes in order (blocks of any size), says whether it may be signed."""

    def __init__(self) -> None:
        self._head = b""
        self._tail = b""
        self._escaped = 0
        self._found = False

    def feed(self, block: bytes) -> None:
        if len(self._head) < 16:
            self._head = (self._head + block[:16])[:16]
        if not self._found:
            self._found = self._marked(self._tail[-_OVERLAP:] + block)
        self._tail = (self._tail + block)[-_TAIL:] if len(block) < _TAIL else block[-_TAIL:]

    def _marked(self, window: bytes) -> bool:
        if _PLAIN.search(window):
            return True
        if any(not _name_follows(window, m.end()) for m in _TYPE.finditer(window)):
            return True
        if b"#" not in window:
            return False
        for match in re.finditer(_ESCAPED, window):
            self._escaped += 1
            if self._escaped > MAX_ESCAPED_NAMES:
                return True  # not worth decoding them all: let pyHanko look
            name = b"/" + _unescape(match.group(1))
            if _PLAIN.fullmatch(name):
                return True
            if name == b"/Type" and not _name_follows(window, match.end()):
                return True
        return False

    @property
    def may_be_signed(self) -> bool:
        """False only for a whole-looking PDF in which no signature can be: see the module."""
        if self._found or not _HEAD.match(self._head):
            return True
        return b"%%EOF" not in self._tail or b"startxref" not in self._tail


def may_be_signed(data: bytes, block: int = 1 << 20) -> bool:
    """:class:`SignatureScan` over ``data`` in blocks of ``block`` bytes."""
    scan = SignatureScan()
    for start in range(0, len(data), block):
        scan.feed(data[start : start + block])
    return scan.may_be_signed


__all__ = ["MAX_ESCAPED_NAMES", "SignatureScan", "may_be_signed"]
