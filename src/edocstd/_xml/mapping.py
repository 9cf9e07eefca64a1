"""``to_dict`` / ``from_dict``: a JSON-ready mirror of a package keyed by edXML element names.

``from_dict`` builds the XML elements the dictionary describes and reads them with the same
tolerant reader as ``load``, so a dictionary is checked exactly like a file is.

Conventions: repeated elements are lists; attributes are ``"@name"`` keys; an unknown
element is ``{"#xml": "<its XML>"}`` under its own name; the signature block is
``{"#xml": …}``; attachments carry their base64 under ``ContentTransferEncoded`` and the
facts of the document they carry under ``#document`` (``Attachment.document_facts``: how it is
carried, its name, type and size; informative, ignored by ``from_dict``).
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from .._errors import BuildError, ParseError
from .._model.base import NS, Node, UnknownElement
from .._model.envelope import BLOCKS, EDOC, STATUS, Block, Part
from .._model.hooks import DictFormat, register_dict_format
from .._model.package import Edoc, StatusPackage
from .._model.signature import SignatureBlock
from .._model.values import Kind, check_text, format_value
from .nodes import new_raw_tag
from .parser import parse_fragment

_XML = "#xml"
_ORDER = "#order"


def _unknown_dict(extra: UnknownElement) -> dict[str, str]:
    return {_XML: extra.xml.decode("utf-8")}


def _add(out: dict[str, Any], key: str, value: Any, many: bool) -> None:
    if many:
        out.setdefault(key, []).append(value)
    elif key in out:  # an unknown element repeated: becomes a list
        if not isinstance(out[key], list):
            out[key] = [out[key]]
        out[key].append(value)
    else:
        out[key] = value


def node_to_dict(node: Node) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, text in node.attributes:
        out[f"@{name}"] = text
    sequence: list[str] = []
    for spec, value in node.iter_children():
        if spec is None:
            key = value.tag.replace(f"{{{NS}}}", "")
            _add(out, key, _unknown_dict(value), False)
        elif spec.kind is Kind.NODE:
            key = spec.xml
            _add(out, key, node_to_dict(value), spec.many)
        elif spec.kind is Kind.TEXTLIST:
            key = spec.xml
            out[key] = {spec.item: list(value)}
        else:
            key = spec.xml
            _add(out, key, format_value(spec.kind, value), spec.many)
        sequence.append(key)
    if _interleaved(sequence):
        out[_ORDER] = (
            sequence  # key order alone cannot say it (TraceHeader, Bussiness, TraceHeader)
        )
    payload = node.payload_spec()
    if payload is not None and (value := getattr(node, payload[0])) is not None:
        facts = getattr(node, "document_facts", None)  # what the payload carries, informative
        if facts is not None:
            out["#document"] = facts()
        out[payload[1]] = b"".join(value.iter_base64()).decode("ascii")
    return out


def _interleaved(sequence: list[str]) -> bool:
    seen: set[str] = set()
    for i, key in enumerate(sequence):
        if key in seen and sequence[i - 1] != key:
            return True
        seen.add(key)
    return False


def package_to_dict(pkg: Edoc | StatusPackage) -> dict[str, Any]:
    """The parts of the envelope table in its order, then the unknown elements with their
    places.  A repeated part is keyed by its block (``{"AttachmentEncoded": {"Attachment":
    [...]}}``), the signature block is ``{"#xml": ...}``."""
    out: dict[str, Any] = {}
    for block in BLOCKS.values():
        for part in block.parts:
            if pkg.kind not in part.kinds:
                continue
            value = getattr(pkg, part.attr)
            if part.many:
                if value:
                    out[block.name] = {part.names[0]: [node_to_dict(v) for v in value]}
            elif isinstance(value, SignatureBlock):
                out[part.names[0]] = {_XML: value.xml.decode("utf-8")}
            elif value is not None:
                out[value.element_name()] = node_to_dict(value)
    if pkg.extras:
        out["#extras"] = [
            {"place": place, _XML: extra.xml.decode("utf-8")}
            for extra, place in zip(pkg.extras, pkg.extra_places, strict=False)
        ]
    return out


# --- from_dict ----------------------------------------------------------------------------------

# Compiled by `re` when from_dict first needs them (reading a package does not).
_NAME = r"[A-Za-z_][\w.-]*\Z"
_QUALIFIED = r"(?:[A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*\Z"
_CLARK = r"\{[^{}\s]+\}[A-Za-z_][\w.-]*\Z"
_MAX_DEPTH = 48  # a package is about 8 deep; anything far deeper is a mistake or an attack


class _TreeBuilder:
    """Builds the XML elements a ``to_dict`` dictionary describes, checking every name and
    value on the way (a bad one is a ``BuildError`` naming its path, never a raw lxml error).

    Unknown elements and the signature arrive as ``{"#xml": "<…>"}``: each becomes a stand-in
    element with this builder's secret tag, which the reader turns back into the element.
    """

    def __init__(self) -> None:
        self.raw_tag = new_raw_tag()

    def fragment(self, xml: Any, path: str) -> etree._Element:
        if not isinstance(xml, str):
            raise BuildError("'#xml' must be a string of XML", path=path)
        try:
            parse_fragment(xml.encode("utf-8", "surrogatepass"))
        except (ParseError, UnicodeEncodeError) as exc:
            raise BuildError(f"bad XML in '#xml': {exc}", path=path) from None
        el = etree.Element(self.raw_tag)
        el.text = xml
        return el

    def element(self, parent: etree._Element, key: Any, value: Any, path: str, depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise BuildError(f"nested deeper than {_MAX_DEPTH} levels", path=path)
        if isinstance(value, list):
            for item in value:
                self.element(parent, key, item, path, depth)
            return
        if isinstance(value, dict) and _XML in value:
            parent.append(self.fragment(value[_XML], path))
            return
        if not isinstance(key, str) or not (re.match(_NAME, key) or re.match(_CLARK, key)):
            raise BuildError(f"{key!r} is not an element name", path=path)
        tag = key if key.startswith("{") else f"{{{NS}}}{key}"
        attributes: list[tuple[str, str]] = []
        nsmap: dict[str | None, str] = {}
        if isinstance(value, dict):
            for name, v in value.items():
                if not isinstance(name, str) or not name.startswith("@"):
                    continue
                if not isinstance(v, str):
                    raise BuildError("an attribute value must be text", path=f"{path}.{name}")
                if name == "@xmlns":
                    nsmap[None] = v
                elif name.startswith("@xmlns:") and re.match(_NAME, name[7:]):
                    nsmap[name[7:]] = v
                elif re.match(_QUALIFIED, name[1:]) or re.match(_CLARK, name[1:]):
                    attributes.append((name[1:], check_text(v, f"{path}.{name}")))
                else:
                    raise BuildError(f"{name[1:]!r} is not an attribute name", path=path)
        if value is None:
            return
        try:
            el = (
                etree.SubElement(parent, tag, nsmap=nsmap)
                if nsmap
                else etree.SubElement(parent, tag)
            )
            for name, v in attributes:
                el.set(name, v)
        except ValueError as exc:  # e.g. an empty namespace URI or an undeclared prefix
            raise BuildError(str(exc), path=path) from None
        if isinstance(value, dict):
            for name, v in self._children_in_order(value, path):
                self.element(el, name, v, f"{path}.{name}", depth + 1)
        elif isinstance(value, bool):
            el.text = "true" if value else "false"
        elif isinstance(value, (str, int, float)):
            el.text = check_text(str(value), path)
        else:
            raise BuildError(f"unsupported value of type {type(value).__name__}", path=path)

    @staticmethod
    def _children_in_order(value: dict[Any, Any], path: str) -> list[tuple[Any, Any]]:
        """Child entries in document order: key order, or ``#order`` when ``to_dict`` needed it
        for interleaved repeats.  Every entry is used exactly once either way."""
        entries = [
            (k, v)
            for k, v in value.items()
            if not (isinstance(k, str) and k.startswith(("@", "#")))
        ]
        order = value.get(_ORDER)
        if order is None:
            return entries
        queues: dict[Any, list[Any]] = {}
        for k, v in entries:
            queues[k] = list(v) if isinstance(v, list) else [v]
        if (
            not isinstance(order, list)
            or not all(isinstance(k, str) for k in order)
            or sorted(order) != sorted(str(k) for k, items in queues.items() for _ in items)
        ):
            raise BuildError("'#order' must name every child entry exactly once", path=path)
        return [(k, queues[k].pop(0)) for k in order]

    def tree(self, data: Any) -> etree._Element:
        if not isinstance(data, dict) or "MessageHeader" not in data:
            raise BuildError(
                "expected a dictionary with a 'MessageHeader' key (as made by to_dict)"
            )
        blocks = _Blocks()
        for key, value in data.items():
            if key == "#extras":
                self._extras(blocks, value)
                continue
            if key == "kind":
                continue
            found = TOP_KEYS.get(key)
            if found is None:
                raise BuildError(f"unknown top-level key {key!r}", path=str(key))
            block, part = found
            if part.many:  # keyed by its block: {"AttachmentEncoded": {"Attachment": [...]}}
                parent = blocks.get(block.parent or "")
                self.element(parent, key, value, key, 1)
                blocks.adopt(block.name, parent)
            elif part.node is None:
                if not isinstance(value, dict) or _XML not in value:
                    raise BuildError(f"{key} must be {{'#xml': ...}}", path=key)
                blocks.get(block.name).append(self.fragment(value[_XML], key))
            else:
                self.element(blocks.get(block.name), key, value, key, 1)
            if EDOC in part.kinds and STATUS not in part.kinds:
                blocks.get("edXMLBody")  # an edoc has a body even without a manifest
        return blocks.get("edXML")

    def _extras(self, blocks: _Blocks, value: Any) -> None:
        if not isinstance(value, list):
            raise BuildError("'#extras' must be a list", path="#extras")
        for i, item in enumerate(value):
            place = item.get("place") if isinstance(item, dict) else None
            if not isinstance(place, str) or place not in BLOCKS:
                raise BuildError(f"unknown place {place!r}", path=f"#extras[{i}]")
            blocks.get(place).append(self.fragment(item.get(_XML), f"#extras[{i}]"))


class _Blocks:
    """The blocks of the envelope (``edXML`` first), each made the first time it is asked."""

    def __init__(self) -> None:
        self.made: dict[str, etree._Element] = {}
        self.get("edXMLHeader")

    def adopt(self, name: str, parent: etree._Element) -> None:
        """The block ``name`` is the first such child of ``parent``, if none was made yet."""
        if name not in self.made:
            found = parent.find(f"{{{NS}}}{name}")
            if found is not None:
                self.made[name] = found

    def get(self, name: str) -> etree._Element:
        el = self.made.get(name)
        if el is None:
            block = BLOCKS[name]
            nsmap = dict(block.nsmap) if block.nsmap else None
            if block.parent is None:
                el = etree.Element(f"{{{NS}}}{name}", nsmap=nsmap)
            else:
                el = etree.SubElement(self.get(block.parent), f"{{{NS}}}{name}", nsmap=nsmap)
            self.made[name] = el
        return el


def _keys() -> dict[str, tuple[Block, Part]]:
    """Top-level keys of a ``to_dict`` dictionary: a part's proper name (any of its names when
    its model keeps the name it was read under), its block's name for a repeated part."""
    keys: dict[str, tuple[Block, Part]] = {}
    for block in BLOCKS.values():
        for part in block.parts:
            keeps_name = any(cls.tag_attr() for cls in (part.node or {}).values())
            names = (block.name,) if part.many else part.names if keeps_name else part.names[:1]
            keys.update(dict.fromkeys(names, (block, part)))
    return keys


TOP_KEYS = _keys()
"""Top-level keys of a ``to_dict`` dictionary → the block and part each stands for."""


def package_from_dict(data: dict[str, Any], *, strict: bool = False) -> Edoc | StatusPackage:
    from .._model.payload import Base64Payload
    from .interpret import interpret
    from .nodes import Context

    builder = _TreeBuilder()
    root = builder.tree(data)
    try:
        return interpret(
            root,
            Context(strict, raw_tag=builder.raw_tag),
            lambda el: Base64Payload.from_text(el.text or ""),
        )
    except ParseError as exc:
        raise BuildError(exc.message, path=exc.path, message_vi=exc.written_vi) from None


register_dict_format(DictFormat(to_dict=package_to_dict, from_dict=package_from_dict))

__all__ = ["TOP_KEYS", "node_to_dict", "package_from_dict", "package_to_dict"]
