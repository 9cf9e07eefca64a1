"""Document plumbing shared by signing and verification (reading sources, locating parts,
the enveloped-signature transform, canonicalization)."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from typing import Any

from lxml import etree

from .._errors import LimitExceeded, ParseError, SignatureError
from .._xml.parser import DEFAULT_LIMITS, Limits, open_path, parse_bytes
from .._xml.reader import read_up_to
from .algorithms import DSIG_NS, QCVN_NS

ROOT = f"{{{QCVN_NS}}}edXML"
ENVELOPE = f"{{{QCVN_NS}}}edXMLEnvelope"
HEADER = f"{{{QCVN_NS}}}edXMLHeader"
TRACE_LIST = f"{{{QCVN_NS}}}TraceHeaderList"
TRACE = f"{{{QCVN_NS}}}TraceHeader"
DS_SIGNATURE = f"{{{DSIG_NS}}}Signature"

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def read_source(source: Any, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """bytes, a path (str / PathLike), a binary file object, or a package object.

    Reading is bounded by ``limits.max_bytes`` (a device or a pipe cannot fill memory); a
    missing or unreadable file is a ``ParseError`` like everywhere else.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if isinstance(source, (str, os.PathLike)):
        with open_path(source) as fh:
            return _bounded(fh, limits)
    read = getattr(source, "read", None)
    if callable(read):
        probe = read(0)
        if isinstance(probe, str):
            raise SignatureError("the file object is opened in text mode; open it with 'rb'")
        return _bounded(source, limits)
    from .._api import dumps  # lazily: the package model is optional for signing

    out = dumps(source)
    return bytes(out)


def _bounded(stream: Any, limits: Limits) -> bytes:
    data = read_up_to(stream, limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise LimitExceeded(f"the input is larger than the limit of {limits.max_bytes} bytes")
    return data


def local_name(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def find_header(root: etree._Element) -> etree._Element | None:
    """``/edXML/edXMLEnvelope/edXMLHeader`` (QCVN namespace), or None."""
    if root.tag != ROOT:
        return None
    envelopes = [c for c in root if c.tag == ENVELOPE]
    if len(envelopes) != 1:
        return None
    headers = [c for c in envelopes[0] if c.tag == HEADER]
    if len(headers) != 1:
        return None
    return headers[0]


def require_header(root: etree._Element) -> etree._Element:
    header = find_header(root)
    if header is None:
        raise SignatureError(
            "not an edXML package: expected /edXML/edXMLEnvelope/edXMLHeader in the "
            f"namespace {QCVN_NS}"
        )
    return header


def all_signatures(root: etree._Element) -> list[etree._Element]:
    """Every element whose local name is ``Signature`` (any namespace), in document order."""
    return [el for el in root.iter() if isinstance(el.tag, str) and local_name(el) == "Signature"]


def comments_outside(root: etree._Element, allowed: etree._Element | None) -> list[etree._Element]:
    """Comments inside the root element, except inside ``allowed`` (the signature)."""
    found: list[etree._Element] = []
    for c in root.iter(etree.Comment):
        if allowed is not None and any(a is allowed for a in c.iterancestors()):
            continue
        found.append(c)
    return found


def detach_keep_tail(el: etree._Element) -> Callable[[], None]:
    """Remove ``el`` as the enveloped-signature transform does: its tail text stays.

    Returns a function restoring the tree exactly.
    """
    parent = el.getparent()
    if parent is None:
        raise SignatureError("the signature has no parent element")
    prev = el.getprevious()
    tail = el.tail
    index = parent.index(el)
    if prev is not None:
        old = prev.tail
        if tail:
            prev.tail = (old or "") + tail
    else:
        old = parent.text
        if tail:
            parent.text = (old or "") + tail
    parent.remove(el)

    def restore() -> None:
        if prev is not None:
            prev.tail = old
        else:
            parent.text = old
        parent.insert(index, el)
        el.tail = tail

    return restore


def remove_for_replace(el: etree._Element) -> None:
    """Remove an old signature, dropping the indentation that preceded it."""
    parent = el.getparent()
    if parent is None:
        return
    prev = el.getprevious()
    tail = el.tail
    before = prev.tail if prev is not None else parent.text
    if (before is None or not before.strip()) and (tail is None or not tail.strip()):
        new = tail
    else:
        new = (before or "") + (tail or "")
    if prev is not None:
        prev.tail = new
    else:
        parent.text = new
    parent.remove(el)


def c14n(
    node: etree._Element | etree._ElementTree,
    *,
    exclusive: bool,
    with_comments: bool,
    prefixes: list[str] | None = None,
) -> bytes:
    try:
        out = etree.tostring(
            node,
            method="c14n",
            exclusive=exclusive,
            with_comments=with_comments,
            inclusive_ns_prefixes=prefixes if exclusive and prefixes else None,
        )
    except (etree.LxmlError, ValueError, TypeError) as exc:
        raise ParseError(f"cannot canonicalize the document: {exc}") from None
    return bytes(out)


def c14n_subtree(el: etree._Element, *, exclusive: bool, with_comments: bool) -> bytes:
    """Canonical form of a document subset rooted at ``el`` (SignedInfo).

    lxml's own subtree canonicalization emits spurious ``xmlns=""`` when an ancestor
    redeclares the default namespace (``<Signature xmlns="...xmldsig#">`` inside the QCVN
    default namespace), so the subtree is first serialized on its own - lxml then declares
    every in-scope namespace on it, as inclusive C14N requires - and re-parsed.
    """
    try:
        alone = etree.tostring(el, with_tail=False)
    except (etree.LxmlError, ValueError, TypeError) as exc:
        raise ParseError(f"cannot serialize the element: {exc}") from None
    return c14n(
        parse_bytes(bytes(alone)).getroottree(), exclusive=exclusive, with_comments=with_comments
    )


def escape_c14n_text(text: str) -> bytes:
    """Text as C14N writes it (``&``, ``<``, ``>``, CR escaped)."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", "&#xD;")
        .encode("utf-8")
    )


def serialize(root: etree._Element) -> bytes:
    """UTF-8 with the SDK's XML declaration; top-level PIs and comments kept."""
    buf = io.BytesIO()
    buf.write(XML_DECLARATION)
    root.getroottree().write(buf, encoding="UTF-8", xml_declaration=False)
    return buf.getvalue()
