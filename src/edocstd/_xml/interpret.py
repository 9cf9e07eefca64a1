"""Tree → package: the envelope of an edXML document walked into an ``Edoc`` or a
``StatusPackage``, each block read by ``nodes._Reader``; the notes about the whole package
(prefixes the parser declared, manifest and attachment ids, a gateway's variant, the strict
schema)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from lxml import etree

from .._errors import LimitExceeded, ParseError
from .._model.attachment import Attachment, Manifest, bare_cid
from .._model.base import NS, UnknownElement
from .._model.header import MessageHeader
from .._model.package import Edoc, StatusPackage
from .._model.payload import (
    Base64Payload,
)
from .._model.signature import XMLDSIG_NS
from .._model.status import StatusHeader
from .._model.trace import TraceHeaderList
from .nodes import _Context, _raw_fragment, _Reader, _unknown
from .parser import (
    UndeclaredUse,
    split_tag,
)
from .prefixes import namespace_for
from .schemas import load_schema

Package = Edoc | StatusPackage
_OURS = (NS, None)


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


def _check_strict_schema(root: etree._Element, package: Package, ctx: _Context) -> bool:
    """Compare the structure with what the official SDK writes (our strict XSD; the tree has
    payloads cut out, so this costs a fraction of a millisecond).  The first difference is a
    finding; in strict mode it raises, so lenient findings always cover what strict refuses.
    Returns whether the tree passed."""
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


__all__ = ["interpret"]
