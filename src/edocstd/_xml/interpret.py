"""Tree → package: the blocks of an edXML document, as the envelope table declares them
(``_model/envelope.py``), walked into an ``Edoc`` or a ``StatusPackage``, each part read by
``nodes.NodeReader``; the notes about the whole package
(prefixes the parser declared, manifest and attachment ids, a gateway's variant, the strict
schema)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from lxml import etree

from .._errors import LimitExceeded, ParseError
from .._model.attachment import Attachment, Manifest, bare_cid
from .._model.base import NS, UnknownElement
from .._model.envelope import BLOCKS, EDOC, HEADER, ROOT, STATUS, Block, Part, path_of
from .._model.package import Edoc, StatusPackage
from .._model.payload import (
    Base64Payload,
)
from .nodes import Context, NodeReader, raw_fragment, unknown_element
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
    ctx: Context,
    payload_for: Callable[[etree._Element], Base64Payload | None],
) -> Package:
    """Turn a parsed edXML tree into a package, block by block of the envelope table."""
    ns, local = split_tag(root.tag) if isinstance(root.tag, str) else (None, "")
    if local != "edXML" or ns not in _OURS:
        en, vi = _not_edxml_message(ns, local)
        raise ParseError(en, line=root.sourceline, path=f"/{local}", message_vi=vi)
    if ns is None:
        ctx.note("read.no-namespace", "/edXML", line=root.sourceline, name="edXML")
    walk = _Walk(ctx, NodeReader(ctx, payload_for), root)
    header = walk.blocks.get("edXMLHeader")
    if header is None:
        ctx.note("read.no-envelope", "/edXML", line=root.sourceline)
        raise ParseError(
            "not an edXML package: there is no edXMLEnvelope/edXMLHeader",
            line=root.sourceline,
            path="/edXML",
            message_vi="không phải gói tin edXML: không có edXMLEnvelope/edXMLHeader",
        )
    walk.walk(BLOCKS["edXMLHeader"], header, None)
    found = walk.found.get(HEADER.attr)
    if found is None:
        hpath = path_of("edXMLHeader")
        ctx.note("read.no-message-header", hpath, line=header.sourceline)
        raise ParseError(
            "not an edXML package: there is no MessageHeader",
            line=header.sourceline,
            path=hpath,
            message_vi="không phải gói tin edXML: không có MessageHeader",
        )
    # a StatusCode child, in any namespace or none ("{*}": found by lxml, in C)
    status = found[1] == "Status" or found[0].find("{*}StatusCode") is not None
    values = walk.finish(STATUS if status else EDOC)
    if not status:
        manifest, attachments = values.get("manifest"), values.get("attachments", ())
        _note_cid_forms(manifest, attachments, ctx)
        if manifest is None and not attachments:
            _note_gateway_variant(walk.extras, walk.places, ctx)
    values.update(
        extras=tuple(walk.extras), extra_places=tuple(walk.places), findings=tuple(ctx.findings)
    )
    return StatusPackage(**values) if status else Edoc(**values)


class _Walk:
    """A walk through the blocks of an envelope (``_model/envelope.py``): the blocks found,
    the parts found and read, and the unknown elements kept with their places."""

    def __init__(self, ctx: Context, reader: NodeReader, root: etree._Element) -> None:
        self.ctx = ctx
        self.reader = reader
        self.extras: list[UnknownElement] = []
        self.places: list[str] = []
        self.blocks: dict[str, etree._Element] = {ROOT.name: root}
        self.found: dict[str, tuple[etree._Element, str]] = {}  # part → (element, read name)
        self.values: dict[str, Any] = {}
        self.kind: str | None = None  # edoc or status, once the header is read
        for block in BLOCKS.values():  # the blocks that only hold blocks, root first
            el = self.blocks.get(block.name)
            if el is not None and not block.parts:
                self.walk(block, el, None)

    def keep(self, child: etree._Element, place: str, path: str) -> None:
        note = self.ctx.note
        note("read.unknown-element", path, line=child.sourceline, name=split_tag(child.tag)[1])
        self.extras.append(unknown_element(child, self.ctx.raw_tag))
        self.places.append(place)

    def walk(self, block: Block, el: etree._Element, kind: str | None) -> None:
        """Sort the children of ``block``: sub-blocks and parts are found (parts of ``kind``
        only, once it is known), the rest kept."""
        path = path_of(block.name)
        for text in (el.text, *(child.tail for child in el)):  # as inside a part
            self.reader.mixed_text(text, el, path)
        for cns, clocal, child in _children(el):
            if cns in _OURS and clocal in block.blocks and clocal not in self.blocks:
                self.blocks[clocal] = child
                continue
            part = self._part(block, cns, clocal, child, kind)
            if part is None:
                self.keep(child, block.name, f"{path}/{clocal}")
            elif part.alias_rule and clocal != part.names[0]:
                where = f"{path}/{clocal}"
                self.ctx.note(part.alias_rule, where, line=child.sourceline, name=clocal)
            if part is not None and kind is not None:
                self._read(block, part, child, clocal)
            elif part is not None:
                self.found[part.attr] = (child, clocal)
                if part.node is None:  # the signature block: the same in either kind
                    self.values[part.attr] = self.reader.signature(child, f"{path}/{part.names[0]}")

    def _part(
        self, block: Block, cns: str | None, clocal: str, child: etree._Element, kind: str | None
    ) -> Part | None:
        for part in block.parts:
            if (kind is not None and kind not in part.kinds) or (
                not part.many and (part.attr in self.found or part.attr in self.values)
            ):
                continue
            if clocal in part.names and cns in part.namespaces:
                return part
            if part.node is None and self._stand_in_for(child, part):
                return part
        return None

    def _stand_in_for(self, child: etree._Element, part: Part) -> bool:
        """Whether ``child`` is a ``from_dict`` stand-in carrying the element of ``part``."""
        raw_tag = self.ctx.raw_tag
        return (
            raw_tag is not None
            and child.tag == raw_tag
            and split_tag(raw_fragment(child)[0].tag)[1] in part.names
        )

    def _read(self, block: Block, part: Part, child: etree._Element, clocal: str) -> None:
        """Read a part of the package's kind into ``values``."""
        assert part.node is not None and self.kind is not None
        cls = part.node[self.kind]
        path = path_of(block.name)
        if not part.many:
            name = clocal if cls.tag_attr() else part.names[0]
            self.values[part.attr] = self.reader.node(child, cls, f"{path}/{name}")
            return
        items: list[Any] = self.values.setdefault(part.attr, [])
        limit = self.ctx.limits.max_attachments
        if len(items) >= limit:
            raise LimitExceeded(
                f"the package has more than {limit} attachments",
                line=child.sourceline,
                message_vi=f"gói tin có hơn {limit} tệp đính kèm",
            )
        items.append(self.reader.node(child, cls, f"{path}/{part.names[0]}[{len(items) + 1}]"))

    def finish(self, kind: str) -> dict[str, Any]:
        """Once the kind is known: read the parts found so far, walk the blocks left, then
        keep what belongs to the other kind (its parts, then its blocks, whole)."""
        self.kind = kind
        header = BLOCKS["edXMLHeader"]
        for part in header.parts:
            if part.attr in self.found and part.node is not None and kind in part.kinds:
                child, clocal = self.found[part.attr]
                self._read(header, part, child, clocal)
        later = [b for b in BLOCKS.values() if b.parts and b is not header]
        for block in later:
            el = self.blocks.get(block.name)
            if el is not None and kind in block.read_for:
                self.walk(block, el, kind)
        for part in header.parts:
            if part.attr in self.found and kind not in part.kinds:
                where = f"{path_of(header.name)}/{part.names[0]}"
                self.keep(self.found[part.attr][0], header.name, where)
        for block in later:
            el = self.blocks.get(block.name)
            if el is not None and kind not in block.read_for:
                self.keep(el, block.parent or "", path_of(block.name))
        return {k: tuple(v) if isinstance(v, list) else v for k, v in self.values.items()}


def _note_gateway_variant(extras: list[UnknownElement], places: list[str], ctx: Context) -> None:
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
    manifest: Manifest | None, attachments: Sequence[Attachment], ctx: Context
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


def note_undeclared(root: etree._Element, uses: list[UndeclaredUse], ctx: Context) -> None:
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


def check_strict_schema(root: etree._Element, package: Package, ctx: Context) -> bool:
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


__all__ = ["check_strict_schema", "interpret", "note_undeclared"]
