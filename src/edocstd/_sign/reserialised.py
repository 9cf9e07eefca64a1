"""Is a package whose signature fails one that a hub re-serialised on the way?

Some hubs hand packages on re-serialised (vxp-transport.md §5): pretty-printed again, elements in
canonical order, comments dropped, the XMLDSig namespace dropped from ``Signature``.  The
sender's enveloped signature then fails (``NOT_XMLDSIG``) although nobody
changed the content.  This check normalises the received package the way the SDK writes one (read
into the model, written again, the signature put back in the XMLDSig namespace) and asks the
verifier whether *that* carries an intact signature.  If so the verdict is ``RESERIALISED``:
still invalid (the bytes that were signed are gone), but the message says what happened.

It recognises packages that were in the SDK's layout before the hub touched them (what the SDK
and edocstd write); any other layout keeps the plain failure.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
from lxml import etree

from .._errors import EdocError
from .._model.signature import XMLDSIG_NS
from .._xml import reader
from .._xml.parser import parse_fragment
from .._xml.writer import dumps
from . import _doc

CANDIDATE_FAILURES = frozenset({"NOT_XMLDSIG"})
"""Failures this check may explain: the hub's fingerprint is the XMLDSig namespace dropped from
``Signature``.  A bare ``HASH_FAILURE`` stays one: whitespace added by an attacker and by a
pretty-printing hub cannot be told apart, so only the namespace is taken as evidence."""

INTACT = frozenset(
    {"OK", "TRUST_NOT_CHECKED", "UNTRUSTED", "EXPIRED", "NOT_YET_VALID", "KEY_USAGE"}
)
"""Reasons reached only after the signature value and the digest verified."""


def _in_xmldsig_namespace(xml: bytes) -> bytes:
    sig = parse_fragment(xml)
    for el in sig.iter():
        if isinstance(el.tag, str):
            el.tag = f"{{{XMLDSIG_NS}}}{_doc.local_name(el)}"
    etree.cleanup_namespaces(sig)
    return etree.tostring(sig, encoding="UTF-8").split(b"?>", 1)[-1].lstrip()


def normalised(data: bytes) -> bytes | None:
    """The package in the SDK's layout with its signature in the XMLDSig namespace, or None
    when it cannot be read or carries no signature."""
    try:
        pkg = reader.read_bytes(data, strict=False).package
        if pkg.signature is None:
            return None
        block = attrs.evolve(
            pkg.signature, xml=_in_xmldsig_namespace(pkg.signature.xml), namespace=XMLDSIG_NS
        )
        return dumps(attrs.evolve(pkg, signature=block))
    except (EdocError, ValueError, etree.LxmlError):
        return None


def was_reserialised(data: bytes, reason_of: Callable[[bytes], str]) -> bool:
    """True when the normalised package's signature is intact (``reason_of`` runs the
    verifier's checks on it and returns the reason code, without this post-check)."""
    candidate = normalised(data)
    if candidate is None or candidate == data:
        return False
    return reason_of(candidate) in INTACT


__all__ = ["CANDIDATE_FAILURES", "INTACT", "normalised", "was_reserialised"]
