"""The tolerant reader: bytes → ``Edoc`` / ``StatusPackage``.

Reading is fast and memory-bounded for large packages: before parsing, the base64 payloads
of attachments are located with byte searches and cut out of what lxml sees (a short marker
stands in for each), so lxml only builds the small header tree and the payloads stay where
they are (a slice of the input bytes or a byte range of the input file), decoded only on
demand.  When that fast path does not apply (another encoding, entities inside a payload)
the whole document is parsed and payloads are taken from the tree: same result, more memory.
"""

from __future__ import annotations

import contextlib
import copy
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
from .._findings import Finding, RepeatCap
from .._log import log
from .._model.attachment import Attachment, Manifest, bare_cid
from .._model.base import NS, Node, UnknownElement
from .._model.header import MessageHeader
from .._model.package import Edoc, StatusPackage
from .._model.payload import (
    Base64Payload,
    Base64Source,
    BufferSource,
    FileSource,
    _remove_quietly,
)
from .._model.signature import XMLDSIG_NS, SignatureBlock
from .._model.status import StatusHeader
from .._model.trace import TraceHeaderList
from .._model.values import Deviation, Kind, read_value
from .parser import (
    DEFAULT_LIMITS,
    SMALL_DOCUMENT,
    Limits,
    UndeclaredUse,
    _too_large,
    check_encoding,
    open_path,
    parse_fragment,
    parse_small,
    path_of,
    refuse_dtd,
)
from .plan import plan_for, read_value_cached
from .prefixes import namespace_for, parse_declaring
from .rules import READER_RULES

Package = Edoc | StatusPackage
_OURS = (NS, None)
_TEXT_TAG = b"ContentTransferEncoded"
_SPOOL_AT = 16 << 20  # a stream larger than this is spooled to a temporary file
_MIN_EXCISE = 2048  # payloads shorter than this are left to lxml: not worth a slice


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


# What the official SDK itself writes is not a deviation, even in strict mode.
_TOLERATED_IN_STRICT = frozenset({"read.comment", "read.signature-not-xmldsig"})


class _Context:
    """Collects findings while reading; in strict mode the first deviation raises."""

    def __init__(
        self, strict: bool, raw_tag: str | None = None, limits: Limits = DEFAULT_LIMITS
    ) -> None:
        self.strict = strict
        self.limits = limits
        self.raw_tag = raw_tag  # the stand-in tag honoured in this reading (from_dict only)
        self.findings: list[Finding] = []
        self.recovered: dict[str, str] = {}  # namespace → prefix the parser had to declare
        self._cap = RepeatCap(self.findings)  # a repeated offence is counted, not listed

    def note(
        self,
        rule: str,
        path: str,
        *,
        line: int | None = None,
        name: str = "",
        value: str | None = None,
    ) -> None:
        severity, en, vi = READER_RULES[rule]
        shown = value if value is None or len(value) <= 80 else value[:79] + "…"
        finding = Finding(
            rule=rule,
            severity=severity,
            message_en=en.format(name=name, value=shown),
            message_vi=vi.format(name=name, value=shown),
            path=path,
            line=line,
            value=value,
        )
        if self.strict and rule not in _TOLERATED_IN_STRICT:
            raise ParseError(
                f"{finding.message_en} [{rule}]",
                line=line,
                path=path,
                message_vi=f"{finding.message_vi} [{rule}]",
            )
        self._cap.add(finding)


def new_raw_tag() -> str:
    """The tag of a stand-in element whose text is an element's XML (made by ``from_dict``).

    It carries a fresh secret, and only the reading that made it honours it: a document
    cannot smuggle in stand-ins of its own.
    """
    return f"{{urn:edocstd:raw:{os.urandom(8).hex()}}}raw"


def _raw_fragment(el: etree._Element) -> tuple[etree._Element, bytes]:
    """The element a stand-in carries, parsed with every defence, and its XML re-serialised
    (so only a single well-formed element is ever spliced into a document)."""
    fragment = parse_fragment((el.text or "").encode("utf-8"))
    return fragment, etree.tostring(fragment)


def _unknown(el: etree._Element, raw_tag: str | None = None) -> UnknownElement:
    if raw_tag is not None and el.tag == raw_tag:
        fragment, raw = _raw_fragment(el)
        return UnknownElement(tag=str(fragment.tag), xml=raw)
    # A detached copy declares every namespace in scope; keep only those it uses.
    standalone = copy.deepcopy(el)
    standalone.tail = None
    etree.cleanup_namespaces(standalone)
    return UnknownElement(tag=str(el.tag), xml=etree.tostring(standalone))


def _own_namespaces(
    el: etree._Element,
    nsmap: dict[str | None, str] | None = None,
    inherited: dict[str | None, str] | None = None,
) -> list[tuple[str, str]]:
    """The namespace declarations ``el`` adds to those of its parent (``nsmap``: its own
    namespaces in scope, ``inherited``: its parent's, when the caller has them)."""
    if nsmap is None:
        nsmap = el.nsmap
    if inherited is None:
        parent = el.getparent()
        inherited = parent.nsmap if parent is not None else {}
    if nsmap == inherited:
        return []
    return [
        ("xmlns" if prefix is None else f"xmlns:{prefix}", uri)
        for prefix, uri in nsmap.items()
        if inherited.get(prefix) != uri
    ]


_DEVIATION_RULE = {
    Deviation.IMPOSSIBLE_DATE: "read.date-impossible",
    Deviation.OTHER_FORMAT: "read.date-format",
    Deviation.UNREADABLE: "read.unreadable-value",
    Deviation.NOT_IN_CODE_LIST: "read.code-list",
    Deviation.EMPTY: "read.empty-value",
}


class _Reader:
    def __init__(
        self, ctx: _Context, payload_for: Callable[[etree._Element], Base64Payload | None]
    ):
        self.ctx = ctx
        self.payload_for = payload_for

    def _check_ns(self, el: etree._Element, path: str) -> tuple[bool, str]:
        ns, local = split_tag(el.tag)
        if ns is None:
            self.ctx.note("read.no-namespace", path, line=el.sourceline, name=local)
        return ns in _OURS, local

    def _mixed(self, text: str | None, el: etree._Element, path: str) -> None:
        if text and text.strip():
            self.ctx.note(
                "read.mixed-text",
                path,
                line=el.sourceline,
                name=split_tag(el.tag)[1],
                value=text.strip(),
            )

    def leaf_text(self, el: etree._Element, path: str) -> str:
        if len(el):
            self.ctx.note("read.nested-value", path, line=el.sourceline, name=split_tag(el.tag)[1])
        for name in el.attrib:
            self.ctx.note("read.lost-attribute", path, line=el.sourceline, name=str(name))
        return el.text or ""

    def value(self, el: etree._Element, kind: Kind, enum_cls: Any, path: str) -> Any:
        text = self.leaf_text(el, path)
        value, deviation = read_value(kind, text, enum_cls)
        if deviation is not None:
            if deviation is Deviation.OTHER_FORMAT and kind not in (Kind.DATE, Kind.TIMESTAMP):
                rule = "read.unreadable-value"
            else:
                rule = _DEVIATION_RULE[deviation]
            name = (
                enum_cls.__name__
                if enum_cls is not None and rule == "read.code-list"
                else (kind.value if rule == "read.unreadable-value" else split_tag(el.tag)[1])
            )
            self.ctx.note(rule, path, line=el.sourceline, name=name, value=text)
        return value

    def node(
        self,
        el: etree._Element,
        cls: type[Node],
        path: str,
        inherited: dict[str | None, str] | None = None,
    ) -> Any:
        """Read ``el`` as ``cls``.  ``inherited``: the namespaces in scope at the parent, when
        the caller has them.  The common case (a known child in the QCVN namespace, a plain
        value) takes the short branch; anything unusual takes the long one, which notes it."""
        plan = plan_for(cls)
        tags = plan.by_tag
        kwargs: dict[str, Any] = {}
        many: dict[str, list[Any]] = {}
        extras: list[UnknownElement] = []
        order: list[str] = []
        last_rank = -1
        unordered = False
        note = self.ctx.note
        if el.text and el.text.strip():
            self._mixed(el.text, el, path)
        payload: Base64Payload | None = None
        nsmap = el.nsmap
        for child in el:
            tail = child.tail
            if tail and tail.strip():
                self._mixed(tail, el, path)
            tag = child.tag
            slot = tags.get(tag)  # type: ignore[arg-type]
            if slot is not None:  # the common case: a known child in the QCVN namespace
                local = slot.xml
            else:
                if not isinstance(tag, str):
                    note("read.comment", path, line=child.sourceline)
                    continue
                if tag == self.ctx.raw_tag:
                    extra = _unknown(child, tag)
                    extras.append(extra)
                    order.append(extra.tag)
                    continue
                ours, local = self._check_ns(child, f"{path}/{split_tag(tag)[1]}")
                if cls is Attachment and ours and local == "ContentTransferEncoded":
                    cpath = f"{path}/{local}"
                    for name in child.attrib:
                        note("read.lost-attribute", cpath, line=child.sourceline, name=str(name))
                    if len(child):  # base64 split by elements: all its text is the payload
                        note("read.nested-value", cpath, line=child.sourceline, name=local)
                    if payload is not None:  # a second one: kept as it is, never dropped
                        note("read.duplicate-element", cpath, line=child.sourceline, name=local)
                        extras.append(_unknown(child))
                        order.append(str(tag))
                        continue
                    payload = self.payload_for(child)
                    order.append(local)
                    continue
                slot = plan.by_local.get(local) if ours else None
                if slot is None:
                    note(
                        "read.unknown-element",
                        f"{path}/{local}",
                        line=child.sourceline,
                        name=local if ours else tag,
                    )
                    extras.append(_unknown(child))
                    order.append(tag)
                    continue
            if not slot.many and slot.attr in kwargs:
                note("read.duplicate-element", f"{path}/{local}", line=child.sourceline, name=local)
                extras.append(_unknown(child))
                order.append(str(tag))
                continue
            order.append(local)
            if slot.rank < last_rank:
                unordered = True
            last_rank = slot.rank
            kind = slot.kind
            if slot.leaf:
                if len(child) or child.keys():
                    value = self.value(child, kind, slot.enum_cls, f"{path}/{local}")
                elif kind is _TEXT:
                    value = child.text or ""
                else:
                    value, deviation = read_value_cached(kind, child.text or "", slot.enum_cls)
                    if deviation is not None:  # read again, noting why
                        value = self.value(child, kind, slot.enum_cls, f"{path}/{local}")
            elif kind is _NODE:
                assert slot.node_cls is not None
                value = self.node(child, slot.node_cls, f"{path}/{local}", nsmap)
            else:
                value = self._text_list(child, slot.item or "", f"{path}/{local}")
            if slot.many:
                many.setdefault(slot.attr, []).append(value)
            else:
                kwargs[slot.attr] = value
        if unordered:
            note("read.order", path, line=el.sourceline, name=split_tag(el.tag)[1])
        attributes = [(str(k), str(v)) for k, v in el.items()]
        attributes += _own_namespaces(el, nsmap, inherited)
        if self.ctx.recovered:  # declare a recovered prefix where it is used
            used = {str(split_tag(k)[0]) for k in el.attrib} & self.ctx.recovered.keys()
            attributes += [(f"xmlns:{self.ctx.recovered[u]}", u) for u in sorted(used)]
        kwargs["attributes"] = tuple(attributes)
        if cls is Manifest:
            kwargs["name"] = split_tag(el.tag)[1]
        if cls is Attachment:
            kwargs["payload"] = payload
        for key, values in many.items():
            kwargs[key] = tuple(values)
        kwargs["extras"] = tuple(extras)
        kwargs["order"] = tuple(order)
        return plan.make(kwargs)

    def _text_list(self, el: etree._Element, item_name: str, path: str) -> tuple[str, ...]:
        items = []
        self._mixed(el.text, el, path)
        for item in el:
            self._mixed(item.tail, el, path)
            if not isinstance(item.tag, str):
                continue
            ours, local = self._check_ns(item, f"{path}/{split_tag(item.tag)[1]}")
            if ours and local == item_name:
                items.append(self.leaf_text(item, f"{path}/{local}"))
            else:
                self.ctx.note(
                    "read.nested-value", path, line=item.sourceline, name=split_tag(el.tag)[1]
                )
        return tuple(items)

    def signature(self, el: etree._Element, path: str) -> SignatureBlock:
        raw: bytes | None = None
        if self.ctx.raw_tag is not None and el.tag == self.ctx.raw_tag:
            el, raw = _raw_fragment(el)
        ns, _ = split_tag(el.tag)
        if ns != XMLDSIG_NS:
            self.ctx.note("read.signature-not-xmldsig", path, line=el.sourceline)

        def find(*names: str) -> list[etree._Element]:
            found = [el]
            for name in names:
                found = [
                    c
                    for f in found
                    for c in f
                    if isinstance(c.tag, str) and split_tag(c.tag)[1] == name
                ]
            return found

        def text(*names: str) -> str | None:
            hits = find(*names)
            return (hits[0].text or "").strip() if hits else None

        def alg(*names: str) -> str | None:
            hits = find(*names)
            return hits[0].get("Algorithm") if hits else None

        refs = find("SignedInfo", "Reference")
        return SignatureBlock(
            namespace=ns,
            xml=raw if raw is not None else etree.tostring(el, with_tail=False),
            canonicalization_method=alg("SignedInfo", "CanonicalizationMethod"),
            signature_method=alg("SignedInfo", "SignatureMethod"),
            digest_method=alg("SignedInfo", "Reference", "DigestMethod"),
            transforms=tuple(
                t.get("Algorithm") or ""
                for t in find("SignedInfo", "Reference", "Transforms", "Transform")
            ),
            reference_uri=refs[0].get("URI") if refs else None,
            digest_value=text("SignedInfo", "Reference", "DigestValue"),
            signature_value=text("SignatureValue"),
            subject_name=text("KeyInfo", "X509Data", "X509SubjectName"),
            certificates=tuple(
                (c.text or "").strip() for c in find("KeyInfo", "X509Data", "X509Certificate")
            ),
        )


def _children(el: etree._Element) -> Iterator[tuple[str | None, str, etree._Element]]:
    for child in el:
        if isinstance(child.tag, str):
            ns, local = split_tag(child.tag)
            yield ns, local, child


def interpret(
    root: etree._Element,
    ctx: _Context,
    payload_for: Callable[[etree._Element], Base64Payload | None],
) -> Package:
    """Turn a parsed edXML tree into a package."""
    ns, local = split_tag(root.tag) if isinstance(root.tag, str) else (None, "")
    if local != "edXML" or ns not in _OURS:
        en, vi = _not_edxml_message(ns, local)
        raise ParseError(en, line=root.sourceline, path=f"/{local}", message_vi=vi)
    reader = _Reader(ctx, payload_for)
    if ns is None:
        ctx.note("read.no-namespace", "/edXML", line=root.sourceline, name="edXML")
    extras: list[UnknownElement] = []
    places: list[str] = []

    def keep(child: etree._Element, place: str, path: str) -> None:
        ctx.note("read.unknown-element", path, line=child.sourceline, name=split_tag(child.tag)[1])
        extras.append(_unknown(child, ctx.raw_tag))
        places.append(place)

    envelope = header = body = attachment_block = None
    for cns, clocal, child in _children(root):
        if cns in _OURS and clocal == "edXMLEnvelope" and envelope is None:
            envelope = child
        elif cns in _OURS and clocal == "AttachmentEncoded" and attachment_block is None:
            attachment_block = child
        else:
            keep(child, "edXML", f"/edXML/{clocal}")
    if envelope is not None:
        for cns, clocal, child in _children(envelope):
            if cns in _OURS and clocal == "edXMLHeader" and header is None:
                header = child
            elif cns in _OURS and clocal == "edXMLBody" and body is None:
                body = child
            else:
                keep(child, "edXMLEnvelope", f"/edXML/edXMLEnvelope/{clocal}")
    if header is None:
        ctx.note("read.no-envelope", "/edXML", line=root.sourceline)
        raise ParseError(
            "not an edXML package: there is no edXMLEnvelope/edXMLHeader",
            line=root.sourceline,
            path="/edXML",
            message_vi="không phải gói tin edXML: không có edXMLEnvelope/edXMLHeader",
        )
    hpath = "/edXML/edXMLEnvelope/edXMLHeader"
    message_header = trace = signature = None
    is_status = False
    for cns, clocal, child in _children(header):
        if cns in _OURS and clocal in ("MessageHeader", "Status") and message_header is None:
            message_header = child
            if clocal == "Status":
                ctx.note("read.bkav-status", f"{hpath}/Status", line=child.sourceline)
            # a StatusCode child, in any namespace or none ("{*}": found by lxml, in C)
            is_status = clocal == "Status" or child.find("{*}StatusCode") is not None
        elif cns in _OURS and clocal == "TraceHeaderList" and trace is None:
            trace = child
        elif signature is None and (
            (clocal == "Signature" and cns in (*_OURS, XMLDSIG_NS))
            or (
                ctx.raw_tag is not None
                and child.tag == ctx.raw_tag
                and split_tag(_raw_fragment(child)[0].tag)[1] == "Signature"
            )
        ):
            signature = reader.signature(child, f"{hpath}/Signature")
        else:
            keep(child, "edXMLHeader", f"{hpath}/{clocal}")
    if message_header is None:
        ctx.note("read.no-message-header", hpath, line=header.sourceline)
        raise ParseError(
            "not an edXML package: there is no MessageHeader",
            line=header.sourceline,
            path=hpath,
            message_vi="không phải gói tin edXML: không có MessageHeader",
        )
    mpath = f"{hpath}/MessageHeader"
    common: dict[str, Any] = {"signature": signature}
    if is_status:
        status_header = reader.node(message_header, StatusHeader, mpath)
        for _ns, clocal, child in _children(body) if body is not None else iter(()):
            keep(child, "edXMLBody", f"/edXML/edXMLEnvelope/edXMLBody/{clocal}")
        if trace is not None:
            keep(trace, "edXMLHeader", f"{hpath}/TraceHeaderList")
        if attachment_block is not None:
            keep(attachment_block, "edXML", "/edXML/AttachmentEncoded")
        return StatusPackage(
            header=status_header,
            extras=tuple(extras),
            extra_places=tuple(places),
            findings=tuple(ctx.findings),
            **common,
        )
    edoc_header = reader.node(message_header, MessageHeader, mpath)
    trace_list = (
        reader.node(trace, TraceHeaderList, f"{hpath}/TraceHeaderList")
        if trace is not None
        else None
    )
    manifest = None
    if body is not None:
        bpath = "/edXML/edXMLEnvelope/edXMLBody"
        for cns, clocal, child in _children(body):
            if cns in _OURS and clocal in ("edXMLManifest", "Manifest") and manifest is None:
                if clocal != "edXMLManifest":
                    ctx.note(
                        "read.manifest-name",
                        f"{bpath}/{clocal}",
                        line=child.sourceline,
                        name=clocal,
                    )
                manifest = reader.node(child, Manifest, f"{bpath}/{clocal}")
            else:
                keep(child, "edXMLBody", f"{bpath}/{clocal}")
    attachments: list[Attachment] = []
    if attachment_block is not None:
        apath = "/edXML/AttachmentEncoded"
        for cns, clocal, child in _children(attachment_block):
            if cns in _OURS and clocal == "Attachment":
                if len(attachments) >= ctx.limits.max_attachments:
                    raise LimitExceeded(
                        f"the package has more than {ctx.limits.max_attachments} attachments",
                        line=child.sourceline,
                        message_vi=f"gói tin có hơn {ctx.limits.max_attachments} tệp đính kèm",
                    )
                attachments.append(
                    reader.node(child, Attachment, f"{apath}/Attachment[{len(attachments) + 1}]")
                )
            else:
                keep(child, "AttachmentEncoded", f"{apath}/{clocal}")
    _note_cid_forms(manifest, attachments, ctx)
    if manifest is None and not attachments:
        _note_gateway_variant(extras, places, ctx)
    return Edoc(
        header=edoc_header,
        trace_header_list=trace_list,
        manifest=manifest,
        attachments=tuple(attachments),
        extras=tuple(extras),
        extra_places=tuple(places),
        findings=tuple(ctx.findings),
        **common,
    )


def _note_gateway_variant(extras: list[UnknownElement], places: list[str], ctx: _Context) -> None:
    """Spec §10: a gateway's own variant (``edXMLBody/Content``, ``edXMLAttachments``) is not
    edXML of QCVN 102; one finding names it, instead of leaving the user with unknown elements
    and schema errors."""
    parts = [
        f"{place}/{e.local_name}"
        for e, place in zip(extras, places, strict=True)
        if e.local_name == "edXMLAttachments" or (place, e.local_name) == ("edXMLBody", "Content")
    ]
    if parts:
        lines = [f.line for f in ctx.findings if f.path and f.path.endswith(parts[0])]
        ctx.note(
            "read.gateway-variant",
            "/edXML",
            line=lines[0] if lines else None,
            value=", ".join(parts),
        )


def _note_cid_forms(
    manifest: Manifest | None, attachments: list[Attachment], ctx: _Context
) -> None:
    """The SDK writes the same ContentId in the manifest and the attachment; note when the two
    only match once a ``cid:`` prefix is ignored (real traffic does that)."""
    if manifest is None:
        return
    raw = {bare_cid(a.content_id): a.content_id for a in attachments}
    for i, ref in enumerate(manifest.references, start=1):
        other = raw.get(bare_cid(ref.content_id))
        if other is not None and other != ref.content_id:
            ctx.note(
                "read.cid-form",
                f"/edXML/edXMLEnvelope/edXMLBody/{manifest.name}/Reference[{i}]/ContentId",
                value=f"{ref.content_id} / {other}",
            )


def _not_edxml_message(ns: str | None, local: str) -> tuple[str, str]:
    """What the document is instead, in English and Vietnamese."""
    if local.lower() == "html":
        return (
            "this is an HTML page, not an edXML package",
            "đây là một trang HTML, không phải gói tin edXML",
        )
    if local == "Envelope" and ns and "soap" in ns.lower():
        return (
            "this is a SOAP envelope (an old provincial-axis format), not an edXML package",
            "đây là phong bì SOAP (định dạng cũ của trục tỉnh), không phải gói tin edXML",
        )
    if ns and "e-doc.vn" in ns:
        return (
            f"this is a Bkav eDoc package (namespace {ns}), not a QCVN 102 edXML package",
            f"đây là gói tin eDoc của Bkav (không gian tên {ns}), không phải gói tin edXML "
            "QCVN 102",
        )
    if local == "edXML":
        return (
            f"the edXML root is in the wrong namespace {ns!r} (expected {NS})",
            f"phần tử gốc edXML sai không gian tên {ns!r} (phải là {NS})",
        )
    where = f" in namespace {ns}" if ns else ""
    where_vi = f" thuộc không gian tên {ns}" if ns else ""
    return (
        f"not an edXML package: the root element is <{local}>{where}",
        f"không phải gói tin edXML: phần tử gốc là <{local}>{where_vi}",
    )


# --- getting the bytes in -----------------------------------------------------------------------


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


def _count_newlines(buf: Any, start: int, end: int) -> int:
    start = buf.find(b"\n", start, end)  # memchr: a payload on one line costs one fast pass
    if start < 0:
        return 0
    if isinstance(buf, bytes):
        return buf.count(b"\n", start, end)
    step = 1 << 22  # an mmap has no count(): count in slices of 4 MiB
    return sum(buf[i : min(i + step, end)].count(b"\n") for i in range(start, end, step))


_WINDOW = 1 << 22
# What may stand between '<' and the payload element's name in a tag: an end-tag slash and/or
# a namespace prefix.  Anything else means the name was found in text, an attribute, a comment.
_TAG_PREFIX = re.compile(rb"/?(?:[A-Za-z_][\w.\-]*:)?")


# The bytes a payload may hold for the cut to be sound: base64 and whitespace.  Anything else
# (an entity, a control character, bytes that are not UTF-8, ']]>') is for lxml to judge, so
# the payload is then left in place (the fuzzer's differential property found the gap).
_PLAIN_BASE64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \t\r\n"


def _not_plain_base64(buf: Any, start: int, end: int) -> bool:
    step = 1 << 19  # copies of 512 KiB: memory stays flat whatever the payload's size
    return any(
        bytes(buf[i : min(i + step, end)]).translate(None, _PLAIN_BASE64)
        for i in range(start, end, step)
    )


def _scan_text(buf: Any, start: int) -> tuple[int, bool, int]:
    """From ``start``, the next ``<``, whether anything but base64 and whitespace (an ``&``...)
    comes before it, and the newlines between.

    One pass in windows of 4 MiB.  Over an mmap, each window is released once scanned, so
    scanning a 200 MB payload does not make the whole file resident in this process (RSS).
    """
    n = len(buf)
    release = isinstance(buf, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED")
    amp = False
    newlines = 0
    pos = start
    while pos < n:
        stop = min(pos + _WINDOW, n)
        lt = buf.find(b"<", pos, stop)
        limit = stop if lt < 0 else lt
        if not amp and _not_plain_base64(buf, pos, limit):
            amp = True
        newlines += _count_newlines(buf, pos, limit)
        if release and limit - pos >= 1 << 16:
            page = pos - pos % mmap.PAGESIZE
            buf.madvise(mmap.MADV_DONTNEED, page, limit - page)
        if lt >= 0:
            return lt, amp, newlines
        pos = stop
    return -1, amp, newlines


class _Excised:
    """The document as lxml should see it, with long payloads replaced by markers."""

    def __init__(self, buf: Any, source: Base64Source, limits: Limits) -> None:
        self.buf = buf
        self.source = source
        self.nonce = os.urandom(8).hex()
        self.slices: dict[str, tuple[int, int]] = {}
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
            end, amp, newlines = _scan_text(buf, gt + 1)
            if end < 0:
                break
            if end - gt - 1 >= _MIN_EXCISE and not amp:
                if len(self.slices) >= limits.max_attachments:
                    break
                marker = f"edocstd:{self.nonce}:{len(self.slices)}"
                self.slices[marker] = (gt + 1, end)
                self.pieces.append((kept, gt + 1))
                self.pieces.append(marker.encode() + b"\n" * newlines)
                kept = end
            pos = end
        self.pieces.append((kept, n))

    def small(self) -> bytes:
        """The document as lxml should see it, in one piece if that is small, else ``b""``."""
        size = sum(len(p) if isinstance(p, bytes) else p[1] - p[0] for p in self.pieces)
        return b"".join(self.chunks()) if size <= SMALL_DOCUMENT else b""

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
            return Base64Payload(self.source, start, end)
        return payload_from_tree(el)

    def agrees_with(self, root: etree._Element) -> bool:
        """Whether the cut matched the XML: each marker is the whole text of its own
        ``Attachment/ContentTransferEncoded`` and the markers' secret shows up nowhere else
        (not in another text, an attribute, a comment or a processing instruction).
        Otherwise the document tricked the byte search, and is parsed again uncut."""
        if not self.slices:
            return True
        # Where the secret shows up, found by libxml2 (one pass in C, not a Python walk).
        if _SECRET_OUTSIDE_TEXT(root, n=self.nonce):
            return False  # in an attribute, a comment or a processing instruction
        claimed: list[etree._Element] = []
        for hit in _SECRET_IN_TEXT(root, n=self.nonce):
            node = hit.getparent()
            if not hit.is_text or node is None:
                return False  # in the tail of an element (text after it)
            if any(node is seen for seen in claimed):
                continue  # the same element's text, held in two text nodes
            text = node.text or ""
            if not _is_payload_element(node) or len(node):
                return False
            if text.strip() not in self.slices or text.strip() != text.rstrip("\n"):
                return False
            claimed.append(node)
        return len(claimed) == len(self.slices)


_TEXT = Kind.TEXT
_NODE = Kind.NODE

_SECRET_IN_TEXT = etree.XPath(".//text()[contains(., $n)]", smart_strings=True)
_SECRET_OUTSIDE_TEXT = etree.XPath(
    "boolean(.//@*[contains(., $n)] | .//comment()[contains(., $n)]"
    " | .//processing-instruction()[contains(., $n)])"
)


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
    ctx = _Context(strict, limits=limits)
    package = None
    if trusted:
        _note_undeclared(root, undeclared, ctx)
        package = interpret(root, ctx, payload_for)
        if excised.used != set(excised.slices):
            # a cut payload ended up somewhere the reader keeps as unknown XML (a status
            # package's attachment block, a second one…): that copy would hold the marker
            package = None
            ctx = _Context(strict, limits=limits)
    if package is None:
        root, undeclared = parse_declaring(lambda: _whole(buf), limits)
        _note_undeclared(root, undeclared, ctx)
        package = interpret(root, ctx, payload_from_tree)
    strict_ok = _check_strict_schema(root, package, ctx)
    if ctx.findings != list(package.findings):
        package = attrs.evolve(package, findings=tuple(ctx.findings))
    return Loaded(package, root, strict_ok)


def _note_undeclared(root: etree._Element, uses: list[UndeclaredUse], ctx: _Context) -> None:
    """One finding per prefix the parser had to declare (``read.undeclared-prefix``), at the
    first element that used it (``(+n)``: more uses); the reader then writes the declaration
    where the prefix is used."""
    if not uses:
        return
    ctx.recovered = {namespace_for(u.prefix): u.prefix for u in uses}
    first: dict[str, UndeclaredUse] = {}
    count: dict[str, int] = {}
    for use in sorted(uses, key=lambda u: u.line or 0):
        first.setdefault(use.prefix, use)
        count[use.prefix] = count.get(use.prefix, 0) + 1
    where = {(u.line, u.element): u for u in first.values()}
    paths: dict[str, str] = {}
    for el in root.iter():
        if not where:
            break
        found = (
            where.pop((el.sourceline, split_tag(el.tag)[1]), None)
            if isinstance(el.tag, str)
            else None
        )
        if found is not None:
            names = [split_tag(a.tag)[1] for a in el.iterancestors()][::-1]
            paths[found.prefix] = "/" + "/".join([*names, split_tag(el.tag)[1]])
    for prefix, use in first.items():
        more = f" (+{count[prefix] - 1})" if count[prefix] > 1 else ""
        ctx.note(
            "read.undeclared-prefix",
            paths.get(prefix, "/edXML"),
            line=use.line,
            name=use.what + more,
            value=prefix,
        )


def _whole(buf: Any, step: int = 1 << 20) -> Iterator[bytes]:
    for i in range(0, len(buf), step):
        yield bytes(buf[i : i + step])


def _check_strict_schema(root: etree._Element, package: Package, ctx: _Context) -> bool:
    """Compare the structure with what the official SDK writes (our strict XSD; the tree has
    payloads cut out, so this costs a fraction of a millisecond).  The first difference is a
    finding; in strict mode it raises, so lenient findings always cover what strict refuses.
    Returns whether the tree passed."""
    from .schemas import load_schema

    schema = load_schema("status-strict" if isinstance(package, StatusPackage) else "edoc-strict")
    if schema.validate(root):
        return True
    error = schema.error_log[0]
    # lxml's path reads /*/edXML:edXMLEnvelope/...: write it like every other finding
    path = re.sub(r"[\w.-]+:", "", error.path or "").replace("/*", "/edXML", 1)
    if any(f.path and path.startswith(f.path) for f in ctx.findings):
        return False  # the reader already reported a deviation there (e.g. read.order)
    ctx.note(
        "read.strict-schema",
        path or "/edXML",
        line=error.line or None,
        value=error.message,
    )
    return False


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
    "interpret",
    "read_any",
    "read_bytes",
    "read_path",
    "read_stream",
    "read_text",
    "read_up_to",
    "split_tag",
]
