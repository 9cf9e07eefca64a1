"""The writer: a package → the official SDK's layout.

Layout (a hub rejects correct XML whose prefixes differ): root ``edXML`` with the QCVN
namespace as default; ``edXML:``-prefixed envelope, header, body and manifest; unprefixed
``AttachmentEncoded/Attachment`` children except ``edXML:ContentTransferEncoded``, which
redeclares the prefix; two-space indentation; dates ``yyyy/MM/dd``.

Payloads are never built into the tree: each ``ContentTransferEncoded`` holds a marker, the
tree is serialised once, and the base64 text is streamed in at the markers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from lxml import etree

from .._errors import BuildError, EdocError
from .._model.base import NS, Node
from .._model.envelope import BLOCKS, EXTRAS, FILLED, ROOT, Block, Part
from .._model.package import Edoc, StatusPackage
from .._model.payload import Payload
from .._model.signature import SignatureBlock
from .._model.values import Kind, format_value

DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_EDXML_PREFIX = {"edXML": NS}


def _q(local: str) -> str:
    return f"{{{NS}}}{local}"


class _Markers:
    """What is spliced into the serialised tree: payloads (streamed) and raw XML (verbatim).

    Raw XML (unknown elements, the signature block) is spliced as bytes rather than put into
    the tree, because lxml would re-prefix it to the ``edXML:`` prefix in scope.
    """

    def __init__(self) -> None:
        self.nonce = os.urandom(8).hex()
        self.items: list[Payload | bytes] = []

    def marker(self, i: int) -> bytes:
        return f"@@edocstd:{self.nonce}:{i}@@".encode()

    def add(self, item: Payload | bytes) -> str:
        self.items.append(item)
        return self.marker(len(self.items) - 1).decode()

    def raw(self, parent: etree._Element, xml: bytes) -> None:
        parent.append(etree.Comment(self.add(xml)))


def _new(
    parent: etree._Element, tag: str, attributes: tuple[tuple[str, str], ...] = ()
) -> etree._Element:
    nsmap: dict[str | None, str] = {}
    plain: list[tuple[str, str]] = []
    for name, value in attributes:
        if name == "xmlns":
            nsmap[None] = value
        elif name.startswith("xmlns:"):
            nsmap[name[6:]] = value
        else:
            plain.append((name, value))
    el = etree.SubElement(parent, tag, nsmap=nsmap) if nsmap else etree.SubElement(parent, tag)
    for name, value in plain:
        el.set(name, value)
    return el


def write_node(
    parent: etree._Element, node: Node, xml_name: str, markers: _Markers
) -> etree._Element:
    el = _new(parent, _q(xml_name), node.attributes)
    for spec, value in node.iter_children():
        if spec is None:
            markers.raw(el, value.xml)
        elif spec.kind is Kind.NODE:
            write_node(el, value, spec.xml, markers)
        elif spec.kind is Kind.TEXTLIST:
            wrapper = etree.SubElement(el, _q(spec.xml))
            if not value:
                wrapper.text = ""
            for item in value:
                etree.SubElement(wrapper, _q(spec.item or "")).text = item
        else:
            etree.SubElement(el, _q(spec.xml)).text = format_value(spec.kind, value)
    payload = node.payload_spec()
    if payload is not None and (value := getattr(node, payload[0])) is not None:
        # the SDK redeclares the edXML prefix on the payload element
        cte = etree.SubElement(el, _q(payload[1]), nsmap=_EDXML_PREFIX)
        cte.text = markers.add(value)
    return el


def build_tree(pkg: Edoc | StatusPackage) -> tuple[etree._Element, _Markers]:
    """The package as an lxml tree (payloads as markers) and the markers' payloads."""
    if not isinstance(pkg, (Edoc, StatusPackage)):
        raise BuildError(f"expected an Edoc or a StatusPackage, got {type(pkg).__name__}")
    try:
        return _build_tree(pkg)
    except ValueError as exc:  # lxml refuses a name or text (e.g. an attribute named "a b")
        raise BuildError(f"cannot be written as XML: {exc}") from None


def _build_tree(pkg: Edoc | StatusPackage) -> tuple[etree._Element, _Markers]:
    markers = _Markers()
    root = _write_block(None, ROOT, pkg, markers)
    assert root is not None
    etree.indent(root, space="  ")
    return root, markers


def _write_block(
    parent: etree._Element | None, block: Block, pkg: Edoc | StatusPackage, markers: _Markers
) -> etree._Element | None:
    """Write ``block`` of the envelope table (``_model/envelope.py``) and what it holds."""
    when = block.written.get(pkg.kind)
    if when is None or (when == FILLED and not _filled(block, pkg)):
        return None
    nsmap = dict(block.nsmap) if block.nsmap else None
    if parent is None:
        el = etree.Element(_q(block.name), nsmap=nsmap)
    else:
        el = etree.SubElement(parent, _q(block.name), nsmap=nsmap)
    for child in block.children:
        if child == EXTRAS:
            for extra in pkg.extras_in(block.name):
                markers.raw(el, extra.xml)
        elif isinstance(child, str):
            _write_block(el, BLOCKS[child], pkg, markers)
        else:
            for value in _values(child, pkg):
                if isinstance(value, SignatureBlock):
                    markers.raw(el, value.xml)
                else:
                    write_node(el, value, value.element_name(), markers)
    return el


def _values(part: Part, pkg: Edoc | StatusPackage) -> tuple[Any, ...]:
    """The values of ``part`` in ``pkg``: none, one, or the items of a repeated part."""
    if pkg.kind not in part.kinds:
        return ()
    value = getattr(pkg, part.attr)
    if part.many:
        return tuple(value)
    return () if value is None else (value,)


def _filled(block: Block, pkg: Edoc | StatusPackage) -> bool:
    return any(_values(part, pkg) for part in block.parts) or bool(pkg.extras_in(block.name))


def iter_document(pkg: Edoc | StatusPackage, chunk_size: int = 1 << 20) -> Iterator[bytes]:
    """The serialised package in chunks; attachments streamed, never whole in memory."""
    root, markers = build_tree(pkg)
    text = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    yield DECLARATION
    rest = text
    for i, item in enumerate(markers.items):
        marker = markers.marker(i)
        if isinstance(item, bytes):
            marker = b"<!--" + marker + b"-->"
        before, found, rest = rest.partition(marker)
        if not found:
            raise EdocError("internal error: a marker was lost while writing")
        yield before
        if isinstance(item, bytes):
            yield item
        else:
            yield from item.iter_base64(chunk_size)
    yield rest + b"\n"


def dumps(pkg: Edoc | StatusPackage) -> bytes:
    """The package as bytes in the official SDK's layout (UTF-8, with XML declaration)."""
    return b"".join(iter_document(pkg))


def write_atomically(target: str | os.PathLike[str], write: Callable[[BinaryIO], None]) -> None:
    """Write a file with ``write`` into a temporary file beside it, renamed into place once
    complete: never a half-written file, and the target may be one of the inputs."""
    path = os.fspath(target)
    folder = os.path.dirname(path) or "."
    if not os.path.isdir(folder):
        raise EdocError(f"cannot write {path}: the folder {folder} does not exist")
    tmp = f"{path}.{os.urandom(4).hex()}.part"
    try:
        with open(tmp, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def dump(pkg: Edoc | StatusPackage, target: str | os.PathLike[str] | BinaryIO) -> None:
    """Write the package to a path (atomically) or a binary file, streaming attachments."""

    def write(f: BinaryIO) -> None:
        for chunk in iter_document(pkg):
            f.write(chunk)

    if isinstance(target, (str, os.PathLike)):
        write_atomically(target, write)
        return
    if not hasattr(target, "write"):
        raise BuildError(f"cannot write to {type(target).__name__}: give a path or a binary file")
    write(target)


__all__ = ["build_tree", "dump", "dumps", "iter_document", "write_node"]
