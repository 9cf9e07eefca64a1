"""The one hardened XML parser configuration used everywhere (reading, validating, signing).

Rules: no DTD at all (refused before libxml2 sees it, because ``huge_tree`` switches off
libxml2's own entity-amplification guard), no entity expansion, no network, and our own
limits on size, depth and element count.  Every failure is a ``ParseError`` whose message
a clerk's IT person can act on; a raw lxml exception never escapes.
"""

from __future__ import annotations

import codecs
import os
import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import attrs
from lxml import etree

from .._errors import LimitExceeded, ParseError
from .._record import FieldsRepr, Record


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Limits(Record):
    """Bounds applied to every input.  Raise them for trusted, unusually large traffic."""

    max_bytes: int = 2 * 1024**3
    """Largest input accepted, in bytes (attachments included)."""
    max_depth: int = 64
    """Deepest element nesting accepted (an edXML package needs about 8)."""
    max_elements: int = 50_000
    """Most elements accepted in one package."""
    max_attachments: int = 10_000
    """Most attachments accepted in one package."""
    max_attributes: int = 10_000
    """Most attributes accepted in one package, all elements together (edXML itself uses
    almost none; namespace declarations do not count)."""


DEFAULT_LIMITS = Limits()


def hardened_parser() -> etree.XMLParser:
    """A fresh ``XMLParser`` with the library's security settings (for whole-document parsing).

    ``huge_tree`` is on because attachments exceed libxml2's 10 MB text-node limit; that also
    switches off libxml2's entity-amplification guard, which is why DTDs are refused before
    parsing (``refuse_dtd``) wherever untrusted input is read.
    """
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,
        remove_blank_text=False,
    )


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_ROOT_START = r"<[^\s!?/<>]"  # compiled by `re` when needed (a long prolog only)
_PROLOG_ITEM = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)


def _prolog_text(head: bytes) -> str:
    """Decode the first bytes well enough to read the prolog (declaration, comments, DOCTYPE)."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(name, errors="replace")
    if head[:4] in (b"<\x00?\x00", b"<\x00\x00\x00"):
        return head.decode(
            "utf-16-le" if head[1:2] == b"\x00" and head[2:3] != b"\x00" else "utf-32-le",
            errors="replace",
        )
    if head[:4] in (b"\x00<\x00?", b"\x00\x00\x00<"):
        return head.decode("utf-16-be" if head[:2] == b"\x00<" else "utf-32-be", errors="replace")
    return head.decode("latin-1")


_NAME_SHOWN = 120


def path_of(source: str | os.PathLike[str]) -> Path:
    """A file name given as text, refusing XML text passed where a path was expected (a common
    slip: ``load(xml_text)``); the refusal says what to pass instead, without echoing it."""
    if isinstance(source, str) and source.lstrip()[:1] == "<":
        raise ParseError(
            "this is XML text, not a file name: pass it as bytes (text.encode()) or pass the "
            "path of a file; edocstd.loads() also takes text",
            message_vi="đây là nội dung XML, không phải tên tệp: hãy truyền dạng bytes "
            "(text.encode()) hoặc đường dẫn tệp; edocstd.loads() cũng nhận chuỗi",
            io_error=True,
        )
    return Path(source)


def shown_name(path: str | os.PathLike[str]) -> str:
    """A file name for a message: cut to 120 characters (a mistaken name can be huge)."""
    name = os.fspath(path)
    return name if len(name) <= _NAME_SHOWN else name[: _NAME_SHOWN - 1] + "…"


def open_path(path: str | os.PathLike[str]) -> BinaryIO:
    """The file opened for reading; a missing or unreadable file is a ``ParseError``.

    The one place a package file is opened (the reader and the signing code alike), so both
    say the same thing, in both languages, for a missing file, a folder, a refused open.
    """
    path = path_of(path)  # XML text given as a name: say so, do not echo it
    name = shown_name(path)
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise ParseError(
            f"file not found: {name}", message_vi=f"không tìm thấy tệp: {name}", io_error=True
        ) from None
    except IsADirectoryError:
        raise ParseError(
            f"{name} is a folder, not a file",
            message_vi=f"{name} là thư mục, không phải tệp",
            io_error=True,
        ) from None
    except OSError as exc:
        raise ParseError(
            f"cannot open {name}: {exc.strerror}",
            message_vi=f"không mở được {name}: {exc.strerror}",
            io_error=True,
        ) from None


def refuse_dtd(head: bytes) -> None:
    """Raise ``ParseError`` if the prolog declares a DOCTYPE (DTDs are never processed).

    ``head`` must be the first bytes of the document (64 KiB is plenty: a prolog longer
    than that is refused too, as no real package has one).
    """
    text = _prolog_text(head)
    pos = 0
    while pos < len(text):
        m = _PROLOG_ITEM.match(text, pos)
        if m is None:
            break
        pos = m.end()
    rest = text[pos : pos + 9].upper()
    full = len(head) >= 65536  # the head may end inside the prolog
    if rest.startswith("<!DOCTYPE") or (full and pos + 9 > len(text) and rest.startswith("<!")):
        line = text.count("\n", 0, pos) + 1
        raise ParseError(
            "the document declares a DTD (<!DOCTYPE ...>); edXML packages never carry one and "
            "DTDs are refused for security (entity expansion, external entities)",
            line=line,
            message_vi="tài liệu khai báo DTD (<!DOCTYPE ...>); gói tin edXML không bao giờ có DTD "
            "và DTD bị từ chối vì lý do an toàn (mở rộng thực thể, thực thể ngoài)",
        )
    _refuse_stray_start(text, pos)
    # an endless comment or PI, or garbage
    if full and not re.compile(_ROOT_START).match(text, pos):
        raise LimitExceeded(
            "the XML prolog (before the root element) is longer than 64 KiB",
            message_vi="phần mở đầu XML (trước phần tử gốc) dài quá 64 KiB",
        )


def _refuse_stray_start(text: str, pos: int) -> None:
    """Characters where markup must start (spec §10: hand-edited files with stray bytes before
    the XML declaration): say exactly that, at their line, whatever the file's size."""
    if pos >= len(text) or text[pos] == "<":
        return
    markup = text.find("<", pos)
    if markup < 0:
        return  # no markup at all in the head: not XML (the parser says so)
    line = text.count("\n", 0, pos) + 1
    shown = text[pos:markup][:20]
    if text.startswith("<?xml", markup):
        where, where_vi = "before the XML declaration", "trước phần khai báo XML"
    else:
        where, where_vi = "before the first element", "trước phần tử đầu tiên"
    raise ParseError(
        f"{markup - pos} stray character(s) {where} ({shown!r}): a package must start with "
        "'<?xml' or '<'; remove them",
        line=line,
        message_vi=f"có {markup - pos} ký tự thừa {where_vi} ({shown!r}): gói tin phải bắt "
        "đầu bằng '<?xml' hoặc '<'; hãy xoá chúng",
    )


_DECLARED = re.compile(r"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


# Encodings that can spell markup without the bytes '<' and '>': refused, since every check
# made on the bytes (the DOCTYPE test, the payload cut) would be blind to it.
_STEALTHY = re.compile(r"(?i)^(utf-?7|unicode-1-1-utf-7|csunicode11utf7|utf-?1|iso-?2022.*|hz.*)$")


def check_encoding(head: bytes) -> None:
    """Refuse a document whose bytes contradict its declared encoding in a way libxml2 would
    silently paper over (UTF-16 or UTF-32 bytes, no byte-order mark, declared UTF-8), or whose
    declared encoding can hide markup from byte-level checks (UTF-7, ISO-2022)."""
    declared = _DECLARED.match(_prolog_text(head[:1024]))
    if declared and _STEALTHY.match(declared.group(1)):
        raise ParseError(
            f"the encoding {declared.group(1)} is not accepted; save the file as UTF-8",
            line=1,
            message_vi=f"không chấp nhận bảng mã {declared.group(1)}; hãy lưu tệp theo UTF-8",
        )
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return
    wide = head[:4] in (b"<\x00?\x00", b"\x00<\x00?", b"<\x00\x00\x00", b"\x00\x00\x00<")
    if not wide:
        return
    m = _DECLARED.match(_prolog_text(head[:512]))
    if m and m.group(1).lower().replace("_", "-") in ("utf-8", "utf8", "us-ascii", "ascii"):
        raise ParseError(
            f"the bytes are UTF-16/UTF-32 but the XML declaration says {m.group(1)}; "
            "re-save the file as UTF-8",
            line=1,
            message_vi=f"dữ liệu là UTF-16/UTF-32 nhưng khai báo XML ghi {m.group(1)}; "
            "hãy lưu lại tệp theo UTF-8",
        )


_FRIENDLY = (
    (
        "Document is empty",
        "the file is empty or has no XML element",
        "tệp rỗng hoặc không có phần tử XML nào",
    ),
    (
        "Start tag expected",
        "the content is not XML (no start tag '<' found)",
        "nội dung không phải XML (không thấy thẻ mở '<')",
    ),
    (
        "Premature end of data",
        "the file is cut off: it ends before the XML is complete",
        "tệp bị cắt cụt: kết thúc trước khi XML đầy đủ",
    ),
    (
        "EndTag: '</' not found",
        "the file is cut off: it ends before the XML is complete",
        "tệp bị cắt cụt: kết thúc trước khi XML đầy đủ",
    ),
    (
        "Extra content at the end of the document",
        "there is extra content after the end of the XML",
        "có nội dung thừa sau phần kết thúc của XML",
    ),
    (
        "Input is not proper UTF-8",
        "the bytes do not match the declared encoding (not valid UTF-8)",
        "dữ liệu không khớp với bảng mã đã khai báo (không phải UTF-8 hợp lệ)",
    ),
    (
        "encoding",
        "the bytes do not match the declared encoding",
        "dữ liệu không khớp với bảng mã đã khai báo",
    ),
    (
        "Opening and ending tag mismatch",
        "an element is closed with the wrong tag name",
        "một phần tử được đóng bằng thẻ sai tên",
    ),
    ("Excessive depth", "elements are nested too deeply", "các phần tử lồng nhau quá sâu"),
    (
        "no element found",
        "no XML element could be read (undefined entity or empty document)",
        "không đọc được phần tử XML nào (thực thể không xác định hoặc tài liệu rỗng)",
    ),
    (
        "Entity",
        "an entity reference is used; entities are not allowed in edXML packages",
        "có dùng tham chiếu thực thể; gói tin edXML không được dùng thực thể",
    ),
)


def friendly_syntax_error(exc: etree.XMLSyntaxError) -> ParseError:
    """Turn libxml2's message into one a clerk's IT person understands, keeping the original."""
    raw = str(exc.msg if getattr(exc, "msg", None) else exc)
    detail = raw.strip()
    for needle, text, text_vi in _FRIENDLY:
        if needle in raw:
            return ParseError(
                f"{text} [{detail}]", line=exc.lineno or None, message_vi=f"{text_vi} [{detail}]"
            )
    return ParseError(
        f"malformed XML: {detail}", line=exc.lineno or None, message_vi=f"XML sai cú pháp: {detail}"
    )


def _too_large(limits: Limits) -> LimitExceeded:
    return LimitExceeded(
        f"the input is larger than the limit of {limits.max_bytes} bytes",
        message_vi=f"dữ liệu lớn hơn giới hạn {limits.max_bytes} byte",
    )


class _Counts:
    """The limits on elements, depth and attributes, checked as a parse streams in."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.depth = 0
        self.elements = 0
        self.attributes = 0

    def events(self, parser: etree.XMLPullParser) -> None:
        limits = self.limits
        for event, elem in parser.read_events():
            if event != "start":
                self.depth -= 1
                continue
            self.depth += 1
            self.elements += 1
            self.attributes += len(elem.attrib)
            if self.depth > limits.max_depth:
                raise LimitExceeded(
                    f"elements are nested deeper than the limit of {limits.max_depth}",
                    line=elem.sourceline,
                    message_vi=f"các phần tử lồng sâu quá giới hạn {limits.max_depth}",
                )
            if self.elements > limits.max_elements:
                raise LimitExceeded(
                    f"the document has more than {limits.max_elements} elements",
                    line=elem.sourceline,
                    message_vi=f"tài liệu có hơn {limits.max_elements} phần tử",
                )
            if self.attributes > limits.max_attributes:
                raise LimitExceeded(
                    f"the document has more than {limits.max_attributes} attributes",
                    line=elem.sourceline,
                    message_vi=f"tài liệu có hơn {limits.max_attributes} thuộc tính",
                )


def parse_chunks(
    chunks: Iterable[bytes | memoryview], limits: Limits = DEFAULT_LIMITS
) -> etree._Element:
    """Parse a document given as byte chunks, enforcing the limits while it streams in.

    The first chunk must hold the prolog (the caller passes at least 64 KiB first).
    """
    etree.clear_error_log()  # the exception's log is the thread's: only this parse in it
    parser = etree.XMLPullParser(
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,
        remove_blank_text=False,
    )
    counts = _Counts(limits)
    total = 0
    first = True
    try:
        for chunk in chunks:
            if first:
                head = bytes(chunk[:65536])
                refuse_dtd(head)
                check_encoding(head)
                first = False
            total += len(chunk)
            if total > limits.max_bytes:
                raise _too_large(limits)
            parser.feed(bytes(chunk))
            counts.events(parser)
        if first:
            raise ParseError("the file is empty", message_vi="tệp rỗng")
        root = parser.close()
    except etree.XMLSyntaxError as exc:
        raise (_undeclared(exc.error_log) or friendly_syntax_error(exc)) from None
    except (ValueError, TypeError, etree.LxmlError) as exc:
        raise ParseError(
            f"unreadable XML: {exc}", message_vi=f"không đọc được XML: {exc}"
        ) from None
    _refuse_dtd_in(root)
    return root


def _refuse_dtd_in(root: etree._Element) -> None:
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None:  # defence in depth
        raise ParseError(
            "the document declares a DTD; DTDs are refused for security",
            message_vi="tài liệu khai báo DTD; DTD bị từ chối vì lý do an toàn",
        )


_COUNT_ATTRIBUTES = etree.XPath("count(//@*)")  # namespace declarations are not attributes

SMALL_DOCUMENT = 1 << 20
"""Documents up to this size are parsed in one call and checked against the limits after."""

_per_thread = threading.local()


def _thread_tools(limits: Limits) -> tuple[etree.XMLParser, etree.XPath, etree.XPath]:
    """This thread's parser and the compiled limit checks (lxml parsers and XPath evaluators
    are not to be used by two threads at once)."""
    tools: dict[int, tuple[etree.XMLParser, etree.XPath, etree.XPath]] | None = getattr(
        _per_thread, "tools", None
    )
    if tools is None:
        tools = _per_thread.tools = {}
    found = tools.get(limits.max_depth)
    if found is None:
        found = tools[limits.max_depth] = (
            hardened_parser(),
            etree.XPath("count(//*)"),
            etree.XPath("boolean(/" + "*/" * limits.max_depth + "*)"),  # deeper than the limit
        )
    return found


def parse_small(data: bytes, limits: Limits = DEFAULT_LIMITS) -> etree._Element | None:
    """Parse a small document held in memory in one plain lxml call, or ``None``.

    The caller has checked the prolog (``refuse_dtd``, ``check_encoding``).  ``None`` when
    the document is larger than :data:`SMALL_DOCUMENT` or anything is wrong with it (a syntax
    error, a limit exceeded, a DTD): the caller then parses it with :func:`parse_chunks`,
    whose error is the one to raise.  For a small document the work is bounded by its size,
    so the limits are checked once the tree is built (two XPath evaluations in C) rather than
    element by element in Python.
    """
    if not data or len(data) > SMALL_DOCUMENT or limits.max_depth > 256:
        return None  # (a depth limit that high is left to the streaming checks)
    parser, count_elements, too_deep = _thread_tools(limits)
    try:
        root = etree.fromstring(data, parser)
    except (etree.LxmlError, ValueError, TypeError):
        return None
    docinfo = root.getroottree().docinfo
    max_attributes = getattr(limits, "max_attributes", None)  # a limit added since is kept too
    # An element takes 4 bytes at least (<a/>), an attribute 5 ( a=""): below those sizes a
    # count cannot exceed its limit and is not made.
    size = len(data)
    if (
        (size // 4 > limits.max_elements and count_elements(root) > limits.max_elements)
        or too_deep(root)
        or (
            max_attributes is not None
            and size // 5 > max_attributes
            and _COUNT_ATTRIBUTES(root) > max_attributes
        )
        or docinfo.internalDTD is not None
        or docinfo.externalDTD is not None
    ):
        return None
    return root


# --- undeclared prefixes (real traffic: ``xlink:href`` with no ``xmlns:xlink``) -------------

_UNDECLARED = r"Namespace prefix ([A-Za-z_][\w.-]*)(?: for (\S+))? on (\S+) is not defined"


@attrs.frozen(eq=False, repr=False)  # listed, never compared: nothing to compile at import
class UndeclaredUse(FieldsRepr):
    """One use of a prefix that no ``xmlns`` declares."""

    prefix: str
    what: str  # "xlink:href on <Reference>" or "<bar:d>"
    element: str  # the local name of the element concerned
    line: int | None


class UndeclaredPrefixes(ParseError):
    """The document is well-formed except for prefixes no ``xmlns`` declares."""

    def __init__(self, uses: list[UndeclaredUse]) -> None:
        first = uses[0]
        super().__init__(
            f"the prefix {first.prefix!r} ({first.what}) is used but never declared (xmlns)",
            line=first.line,
            message_vi=f"tiền tố {first.prefix!r} ({first.what}) được dùng nhưng chưa khai báo "
            "(xmlns)",
        )
        self.uses = uses


def _undeclared(log: etree._ListErrorLog) -> UndeclaredPrefixes | None:
    """``UndeclaredPrefixes`` when every error this parser logged is an undeclared prefix."""
    entries = [e for e in log if e.level >= etree.ErrorLevels.ERROR]
    uses: list[UndeclaredUse] = []
    for entry in entries:
        m = re.search(_UNDECLARED, entry.message)
        if entry.type != etree.ErrorTypes.NS_ERR_UNDEFINED_NAMESPACE or m is None:
            return None
        prefix, attr, element = m.groups()
        what = f"{prefix}:{attr} on <{element}>" if attr else f"<{prefix}:{element}>"
        uses.append(UndeclaredUse(prefix, what, element, entry.line or None))
    return UndeclaredPrefixes(uses) if uses else None


def parse_fragment(data: bytes, limits: Limits = DEFAULT_LIMITS) -> etree._Element:
    """Parse one element given on its own (an unknown element, a signature block) with the same
    defences as a whole document: no DTD, bounded size and depth."""
    return parse_chunks([data], limits)


def parse_bytes(data: bytes, limits: Limits = DEFAULT_LIMITS) -> etree._Element:
    """Parse a whole document held in memory with the hardened configuration."""
    if len(data) > limits.max_bytes:
        raise _too_large(limits)
    mv = memoryview(data)
    step = 1 << 20
    return parse_chunks(
        (mv[i : i + step] for i in range(0, max(len(mv), 1), step)) if mv else iter(()), limits
    )


def split_tag(tag: object) -> tuple[str | None, str]:
    """``(namespace, local name)`` of an element tag (``(None, "")`` for comments and PIs)."""
    if not isinstance(tag, str):
        return None, ""
    found = _SPLIT.get(tag)
    if found is None:
        if tag.startswith("{"):
            ns, _, local = tag[1:].partition("}")
            found = (ns, local)
        else:
            found = (None, tag)
        if len(_SPLIT) < 4096:  # the tags of real traffic are few; a hostile flood is not kept
            _SPLIT[tag] = found
    return found


_SPLIT: dict[str, tuple[str | None, str]] = {}

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "UndeclaredPrefixes",
    "UndeclaredUse",
    "check_encoding",
    "hardened_parser",
    "parse_bytes",
    "parse_chunks",
    "parse_fragment",
    "parse_small",
    "refuse_dtd",
    "split_tag",
]
