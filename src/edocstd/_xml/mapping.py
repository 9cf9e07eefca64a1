"""``to_dict`` / ``from_dict``: a JSON-ready mirror of a package keyed by edXML element names.

``from_dict`` builds the XML elements the dictionary describes and reads them with the same
tolerant reader as ``load``, so a dictionary is checked exactly like a file is.

Conventions: repeated elements are lists; attributes are ``"@name"`` keys; an unknown
element is ``{"#xml": "<its XML>"}`` under its own name; the signature block is
``{"#xml": …}``; attachments carry their base64 under ``ContentTransferEncoded``.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from .._errors import BuildError, ParseError
from .._model.base import NS, Node, UnknownElement
from .._model.package import Edoc, StatusPackage
from .._model.values import Kind, format_value
from .parser import hardened_parser
from .reader import RAW_TAG

_XML = "#xml"


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
    for name, value in node.attributes:
        out[f"@{name}"] = value
    for spec, value in node.iter_children():
        if spec is None:
            _add(out, value.tag.replace(f"{{{NS}}}", ""), _unknown_dict(value), False)
        elif spec.kind is Kind.NODE:
            _add(out, spec.xml, node_to_dict(value), spec.many)
        elif spec.kind is Kind.TEXTLIST:
            out[spec.xml] = {spec.item: list(value)}
        else:
            _add(out, spec.xml, format_value(spec.kind, value), spec.many)
    return out


def package_to_dict(pkg: Edoc | StatusPackage) -> dict[str, Any]:
    out: dict[str, Any] = {"MessageHeader": node_to_dict(pkg.header)}
    if isinstance(pkg, Edoc) and pkg.trace_header_list is not None:
        out["TraceHeaderList"] = node_to_dict(pkg.trace_header_list)
    if pkg.signature is not None:
        out["Signature"] = {_XML: pkg.signature.xml.decode("utf-8")}
    if isinstance(pkg, Edoc):
        if pkg.manifest is not None:
            out[pkg.manifest.name or "edXMLManifest"] = node_to_dict(pkg.manifest)
        if pkg.attachments:
            items = []
            for attachment in pkg.attachments:
                item = node_to_dict(attachment)
                if attachment.payload is not None:
                    item["ContentTransferEncoded"] = b"".join(
                        attachment.payload.iter_base64()
                    ).decode("ascii")
                items.append(item)
            out["AttachmentEncoded"] = {"Attachment": items}
    if pkg.extras:
        out["#extras"] = [
            {"place": place, _XML: extra.xml.decode("utf-8")}
            for extra, place in zip(pkg.extras, pkg.extra_places, strict=False)
        ]
    return out


# --- from_dict ----------------------------------------------------------------------------------


def _q(local: str) -> str:
    return local if local.startswith("{") else f"{{{NS}}}{local}"


def _fragment(xml: Any, path: str) -> etree._Element:
    """A stand-in element carrying verbatim XML (checked now, kept byte for byte)."""
    if not isinstance(xml, str):
        raise BuildError("'#xml' must be a string of XML", path=path)
    try:
        etree.fromstring(xml.encode("utf-8"), hardened_parser())
    except etree.XMLSyntaxError as exc:
        raise BuildError(f"malformed XML in '#xml': {exc}", path=path) from None
    el = etree.Element(RAW_TAG)
    el.text = xml
    return el


def _build(parent: etree._Element, key: str, value: Any, path: str) -> None:
    if isinstance(value, list):
        for item in value:
            _build(parent, key, item, path)
        return
    if isinstance(value, dict) and _XML in value:
        parent.append(_fragment(value[_XML], path))
        return
    nsmap: dict[str | None, str] = {}
    if isinstance(value, dict):
        for name, v in value.items():
            if name == "@xmlns":
                nsmap[None] = v
            elif name.startswith("@xmlns:"):
                nsmap[name[7:]] = v
    el = (
        etree.SubElement(parent, _q(key), nsmap=nsmap)
        if nsmap
        else etree.SubElement(parent, _q(key))
    )
    if isinstance(value, dict):
        for name, v in value.items():
            if name.startswith("@xmlns"):
                continue
            if name.startswith("@"):
                el.set(name[1:], str(v))
            else:
                _build(el, name, v, f"{path}.{name}")
    elif value is None:
        parent.remove(el)
    elif isinstance(value, (str, int, float, bool)) and not isinstance(value, bool):
        el.text = str(value)
    elif isinstance(value, bool):
        el.text = "true" if value else "false"
    else:
        raise BuildError(f"unsupported value of type {type(value).__name__}", path=path)


def dict_to_tree(data: dict[str, Any]) -> etree._Element:
    if not isinstance(data, dict) or "MessageHeader" not in data:
        raise BuildError("expected a dictionary with a 'MessageHeader' key (as made by to_dict)")
    root = etree.Element(_q("edXML"), nsmap={None: NS})
    envelope = etree.SubElement(root, _q("edXMLEnvelope"), nsmap={"edXML": NS})
    header = etree.SubElement(envelope, _q("edXMLHeader"))
    body = None
    places = {"edXML": root, "edXMLEnvelope": envelope, "edXMLHeader": header}
    for key, value in data.items():
        if key in ("MessageHeader", "TraceHeaderList"):
            _build(header, key, value, key)
        elif key == "Signature":
            if not isinstance(value, dict) or _XML not in value:
                raise BuildError("Signature must be {'#xml': ...}", path="Signature")
            header.append(_fragment(value[_XML], "Signature"))
        elif key in ("edXMLManifest", "Manifest"):
            if body is None:
                body = etree.SubElement(envelope, _q("edXMLBody"))
            _build(body, key, value, key)
        elif key == "AttachmentEncoded":
            _build(root, key, value, key)
        elif key == "#extras":
            for i, item in enumerate(value if isinstance(value, list) else []):
                place = item.get("place") if isinstance(item, dict) else None
                if place == "edXMLBody" and body is None:
                    body = etree.SubElement(envelope, _q("edXMLBody"))
                    places["edXMLBody"] = body
                target = places.get(place or "") if place != "edXMLBody" else body
                if place == "AttachmentEncoded":
                    target = root.find(_q("AttachmentEncoded"))
                    if target is None:
                        target = etree.SubElement(root, _q("AttachmentEncoded"))
                if target is None:
                    raise BuildError(f"unknown place {place!r}", path=f"#extras[{i}]")
                target.append(_fragment(item.get(_XML), f"#extras[{i}]"))
        elif key == "kind":
            continue
        else:
            raise BuildError(f"unknown top-level key {key!r}", path=key)
    if (
        "edXMLManifest" not in data
        and "Manifest" not in data
        and "TraceHeaderList" in data
        and body is None
    ):
        etree.SubElement(envelope, _q("edXMLBody"))
    return root


def package_from_dict(data: dict[str, Any], *, strict: bool = False) -> Edoc | StatusPackage:
    from .._model.payload import Base64Payload
    from .reader import _Context, interpret

    root = dict_to_tree(data)
    try:
        return interpret(root, _Context(strict), lambda el: Base64Payload.from_text(el.text or ""))
    except ParseError as exc:
        raise BuildError(exc.message, path=exc.path) from None


__all__ = ["node_to_dict", "package_from_dict", "package_to_dict"]
