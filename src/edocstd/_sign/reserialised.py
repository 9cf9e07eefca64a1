"""Is a package whose signature fails one that a hub re-serialised on the way?

Some hubs hand packages on re-serialised (docs/cookbook/truc-lien-thong.md): pretty-printed
again, elements in canonical order, comments dropped, the XMLDSig namespace dropped from
``Signature``.  The sender's enveloped signature then fails (``NOT_XMLDSIG``) although nobody
changed the content.  This check normalises the received package the way the SDK writes one (read
into the model, written again, the signature put back in the XMLDSig namespace) and asks the
verifier whether *that* carries an intact signature.  If so the verdict is ``RESERIALISED``:
still invalid (the bytes that were signed are gone), but the message says what happened.

It recognises packages that were in the SDK's layout before the hub touched them (what the SDK
and edocstd write); any other layout keeps the plain failure.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from typing import TypeVar

import attrs
from cryptography import x509
from lxml import etree

from .._errors import EdocError
from .._model.signature import XMLDSIG_NS
from .._xml import reader
from .._xml.parser import parse_fragment
from .._xml.writer import dumps
from . import _doc

R = TypeVar("R")

CANDIDATE_FAILURES = frozenset({"NOT_XMLDSIG"})
"""Failures this check may explain: the hub's fingerprint is the XMLDSig namespace dropped from
``Signature``.  A bare ``HASH_FAILURE`` stays one: whitespace added by an attacker and by a
pretty-printing hub cannot be told apart, so only the namespace is taken as evidence."""

INTACT = frozenset(
    {"OK", "TRUST_NOT_CHECKED", "UNTRUSTED", "EXPIRED", "NOT_YET_VALID", "KEY_USAGE"}
)
"""Reasons reached only after the signature value and the digest verified."""


PREFIXES: tuple[str | None, ...] = (None, "ds", "dsig")
"""The prefixes tried for the restored namespace: exclusive C14N of ``SignedInfo`` includes the
prefix, which the hub dropped; the default namespace (VPCP's form) and ``ds:`` are the usual."""


def _copy(el: etree._Element, parent: etree._Element | None, prefix: str | None) -> etree._Element:
    """``el``'s subtree with every element in the XMLDSig namespace under ``prefix``."""
    tag = f"{{{XMLDSIG_NS}}}{_doc.local_name(el)}"
    if parent is None:
        new = etree.Element(tag, dict(el.attrib), nsmap={prefix: XMLDSIG_NS})
    else:
        new = etree.SubElement(parent, tag, dict(el.attrib))
        new.tail = el.tail
    new.text = el.text
    for child in el:
        if isinstance(child.tag, str):
            _copy(child, new, prefix)
    return new


def _in_xmldsig_namespace(xml: bytes, prefix: str | None) -> bytes:
    return etree.tostring(_copy(parse_fragment(xml), None, prefix), encoding="UTF-8")


def _has_certificate(certificates: tuple[str, ...]) -> bool:
    for text in certificates:
        try:
            x509.load_der_x509_certificate(base64.b64decode("".join(text.split())))
            return True
        except ValueError:  # binascii.Error is a ValueError
            continue
    return False


def normalised(data: bytes) -> Iterator[bytes]:
    """The package in the SDK's layout with its signature back in the XMLDSig namespace (one
    candidate per usual prefix); nothing when it cannot be read or carries no signature."""
    try:
        pkg = reader.read_bytes(data, strict=False).package
    except (EdocError, ValueError, etree.LxmlError):
        return
    if pkg.signature is None or not _has_certificate(pkg.signature.certificates):
        return  # e.g. the SDK samples' placeholder, whose certificate is cut short
    for prefix in PREFIXES:
        try:
            xml = _in_xmldsig_namespace(pkg.signature.xml, prefix)
            block = attrs.evolve(pkg.signature, xml=xml, namespace=XMLDSIG_NS)
            yield dumps(attrs.evolve(pkg, signature=block))
        except (EdocError, ValueError, etree.LxmlError):
            return


def reserialised(data: bytes, check: Callable[[bytes], R]) -> R | None:
    """The verifier's result on the first normalised package whose signature is intact, or None.

    ``check`` runs the verifier's plain checks (without this post-check) on a candidate.
    """
    for candidate in normalised(data):
        if candidate != data:
            result = check(candidate)
            if getattr(result, "reason", None) in INTACT:
                return result
    return None


__all__ = ["CANDIDATE_FAILURES", "INTACT", "PREFIXES", "normalised", "reserialised"]
