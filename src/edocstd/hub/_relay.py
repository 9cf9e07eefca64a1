"""What the local hub does to a package on its way (docs/signatures.md, "Relay tolerance").

* :func:`append_trace` — the default: one ``TraceHeader`` (the hub's processing time, its
  ``OrganId`` when configured) appended at the end of ``TraceHeaderList``; every other byte's
  meaning kept, so a sender's signature still verifies with the relay tolerance of ``verify``.
* :func:`reserialise` — the "re-serialising hub" seen in real traffic: the package read into
  the model and written again (canonical order, comments and unknown elements dropped),
  re-indented, and the XMLDSig namespace dropped from ``Signature``.  An enveloped signature
  cannot survive this byte for byte; ``verify`` then says the package was re-serialised.
"""

from __future__ import annotations

import datetime as dt

import attrs
from lxml import etree

from .._model.package import Edoc, StatusPackage
from .._model.signature import SignatureBlock
from .._model.trace import TraceHeader, TraceHeaderList
from .._model.values import format_timestamp
from .._namespaces import EDXML_NS as QCVN_NS
from .._sign import _doc
from .._xml.parser import parse_bytes, parse_fragment
from .._xml.writer import dumps


def _find_trace_list(header: etree._Element) -> etree._Element:
    lists = [c for c in header if c.tag == _doc.TRACE_LIST]
    if lists:
        return lists[-1]
    thl = etree.Element(_doc.TRACE_LIST)
    # before the signature (either namespace), else last
    for i, child in enumerate(header):
        if isinstance(child.tag, str) and _doc.local_name(child) == "Signature":
            header.insert(i, thl)
            break
    else:
        header.append(thl)
    return thl


def append_trace(data: bytes, *, organ_id: str | None, when: dt.datetime) -> bytes:
    """``data`` with the hub's ``TraceHeader`` appended (edoc packages; a status package,
    which has no ``TraceHeaderList``, is returned unchanged)."""
    root = parse_bytes(data)
    header = _doc.find_header(root)
    if header is None or any(c.tag == f"{{{QCVN_NS}}}StatusCode" for c in header.iter()):
        return data
    thl = _find_trace_list(header)
    trace = etree.Element(_doc.TRACE)
    fields = [("OrganId", organ_id)] if organ_id else []
    fields.append(("Timestamp", format_timestamp(when)))
    kids = list(thl)
    template = next((k for k in reversed(kids) if k.tag == _doc.TRACE and len(k)), None)
    trace.text = template.text if template is not None else None
    for name, value in fields:
        child = etree.SubElement(trace, f"{{{QCVN_NS}}}{name}")
        child.text = value
        child.tail = template[0].tail if template is not None else None
    if template is not None:
        trace[-1].tail = template[-1].tail
    if kids:  # the new entry takes the closing whitespace; the old last one its sibling's
        last = kids[-1]
        trace.tail = last.tail
        last.tail = kids[-2].tail if len(kids) > 1 else thl.text
    thl.append(trace)
    return _doc.serialize(root)


def _rebuilt(el: etree._Element, parent: etree._Element | None) -> etree._Element:
    """``el`` and its subtree with every element in the QCVN namespace, unprefixed."""
    tag = f"{{{QCVN_NS}}}{_doc.local_name(el)}"
    attrib = dict(el.attrib)
    new = (
        etree.Element(tag, attrib, nsmap={None: QCVN_NS})
        if parent is None
        else etree.SubElement(parent, tag, attrib)
    )
    new.text, new.tail = el.text, el.tail
    for child in el:
        if isinstance(child.tag, str):
            _rebuilt(child, new)
    return new


def _without_dsig_namespace(block: SignatureBlock) -> SignatureBlock:
    """The signature as the hub hands it on: ``<Signature>`` unprefixed, no XMLDSig namespace
    (it then falls into the package's default namespace)."""
    sig = _rebuilt(parse_fragment(block.xml), None)
    sig.tail = None
    xml = etree.tostring(sig, encoding="UTF-8", xml_declaration=False)
    xml = xml.replace(f' xmlns="{QCVN_NS}"'.encode(), b"", 1)
    return attrs.evolve(block, xml=xml, namespace=QCVN_NS)


def reserialise(pkg: Edoc | StatusPackage, *, organ_id: str | None, when: dt.datetime) -> bytes:
    """The package as a re-serialising hub hands it on (see the module's docstring)."""
    changes: dict[str, object] = {"extras": (), "extra_places": ()}
    if pkg.signature is not None:
        changes["signature"] = _without_dsig_namespace(pkg.signature)
    if isinstance(pkg, Edoc):
        thl = pkg.trace_header_list or TraceHeaderList()
        entry = TraceHeader(organ_id=organ_id, timestamp=when)
        changes["trace_header_list"] = attrs.evolve(thl, trace_headers=(*thl.trace_headers, entry))
    signature = changes.pop("signature", None)
    changes["signature"] = None
    root = parse_bytes(dumps(attrs.evolve(pkg, **changes)))  # type: ignore[arg-type]
    etree.indent(root, space="    ")  # the hub's own pretty-printing, not the sender's
    data = _doc.serialize(root)
    if isinstance(signature, SignatureBlock):  # spliced as bytes: lxml would re-prefix it
        end = b"\n        </edXML:edXMLHeader>"
        data = data.replace(end, b"\n            " + signature.xml + end, 1)
    return data


__all__ = ["append_trace", "reserialise"]
