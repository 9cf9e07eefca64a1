"""Verification steps 1-3: the document, the signature's place, its structure, its reference.

* :func:`read_document`: the package parses (hardened parser, payloads cut out when sound);
* :func:`locate`: ``/edXML/edXMLEnvelope/edXMLHeader`` exists; exactly one element named
  ``Signature``, in the XMLDSig namespace, placed as the policy expects; no XML comments in
  the signed content;
* :func:`structure`: ``Signature`` holds ``SignedInfo``, ``SignatureValue``, at most one
  ``KeyInfo`` (then ``Object``\\ s); ``SignedInfo`` one ``CanonicalizationMethod``, one
  ``SignatureMethod`` and exactly one ``Reference`` with ``URI=""``; the reference one
  ``DigestMethod``, one ``DigestValue``, at most one ``Transforms``;
* :func:`references`: the transforms are *enveloped*, then at most one canonicalization.

Each answers with its frozen value or a :class:`~._step.Failure` (see ``_step.py``).
"""

from __future__ import annotations

import attrs
from lxml import etree

from .._errors import ParseError
from . import _doc, _stream
from ._step import DS, Failure, Stop, children, one, only_ds, run_step
from .algorithms import C14N_METHODS, ENVELOPED, QCVN_NS
from .outcome import Algorithms
from .policy import Policy


@attrs.frozen
class Placed:
    """The package's header and its one XMLDSig signature, a child of the header."""

    header: etree._Element
    signature: etree._Element


@attrs.frozen
class Structure:
    """The parts of a well-formed signature, and the algorithm URIs it names."""

    signed_info: etree._Element
    signature_value: etree._Element
    key_info: etree._Element | None
    canonicalization: etree._Element
    """SignedInfo's ``CanonicalizationMethod``."""
    transforms: tuple[etree._Element, ...]
    """The reference's ``Transform`` elements, in order."""
    digest_value: etree._Element
    algorithms: Algorithms
    warnings: tuple[str, ...] = ()


def read_document(src: _stream.Source, *, cut: bool = True) -> _stream.Document | Failure:
    """The parsed package (``cut``: long payloads left out of the tree when that is sound)."""

    def body(_notes: list[str]) -> _stream.Document:
        try:
            return _stream.parse(src, cut=cut)
        except ParseError as exc:
            raise Stop("MALFORMED", f"the package cannot be read: {exc}") from None

    return run_step(body)


def locate(root: etree._Element, policy: Policy) -> Placed | Failure:
    """The header and the one signature in it, placed as the policy expects; no comments."""
    return run_step(lambda _notes: _locate(root, policy))


def _locate(root: etree._Element, policy: Policy) -> Placed:
    header = _doc.find_header(root)
    if header is None:
        raise Stop(
            "MALFORMED",
            "not an edXML package (no /edXML/edXMLEnvelope/edXMLHeader in "
            f"the namespace {QCVN_NS})",
        )
    sig = _one_signature(root)
    if sig.getparent() is not header:
        raise Stop(
            "BAD_PLACEMENT", "the signature is not a child of /edXML/edXMLEnvelope/edXMLHeader"
        )
    if policy.expected_placement == "last-in-header" and children(header)[-1] is not sig:
        raise Stop("BAD_PLACEMENT", "the signature is not the last child of edXMLHeader")
    if not policy.allow_comments and _doc.comments_outside(root, sig):
        raise Stop(
            "COMMENT_IN_CONTENT",
            "the package contains XML comments; comments are not "
            "covered by the signature and can hide changes from readers",
        )
    return Placed(header, sig)


def _one_signature(root: etree._Element) -> etree._Element:
    """The one element named ``Signature`` (any namespace), which must be XMLDSig's."""
    sigs = _doc.all_signatures(root)
    ds_sigs = [s for s in sigs if s.tag == DS + "Signature"]
    if not sigs:
        raise Stop("NO_SIGNATURE", "the package carries no signature")
    if not ds_sigs:
        raise Stop(
            "NOT_XMLDSIG",
            "the Signature element is not in the XMLDSig namespace "
            f"(it is in {{{etree.QName(sigs[0]).namespace or ''}}}); this is the SDK "
            "samples' placeholder form, which no XMLDSig verifier can check",
        )
    if len(sigs) > 1:
        raise Stop(
            "WRAPPING",
            f"the package holds {len(sigs)} Signature elements; exactly one "
            "is allowed (signature wrapping)",
        )
    return ds_sigs[0]


def structure(sig: etree._Element) -> Structure | Failure:
    """The signature's parts, each where XMLDSig puts it, with one whole-document reference."""
    return run_step(lambda notes: _structure(sig, notes))


def _structure(sig: etree._Element, notes: list[str]) -> Structure:
    kids = only_ds(sig, ("SignedInfo", "SignatureValue", "KeyInfo", "Object"), "Signature")
    if len(kids) < 2 or kids[0].tag != DS + "SignedInfo" or kids[1].tag != DS + "SignatureValue":
        raise Stop("MALFORMED", "Signature must start with SignedInfo and SignatureValue")
    signed_info, sig_value_el = kids[0], kids[1]
    key_infos = [k for k in kids[2:] if k.tag == DS + "KeyInfo"]
    if len(key_infos) > 1 or (key_infos and kids[2] is not key_infos[0]):
        raise Stop("MALFORMED", "misplaced or repeated KeyInfo")
    if any(k.tag == DS + "Object" for k in kids):
        notes.append(
            "the signature holds ds:Object content, which is not covered by "
            "the signature and is ignored"
        )
    si_kids = only_ds(
        signed_info, ("CanonicalizationMethod", "SignatureMethod", "Reference"), "SignedInfo"
    )
    refs = [k for k in si_kids if k.tag == DS + "Reference"]
    if len(refs) != 1:
        raise Stop(
            "WRAPPING",
            f"SignedInfo holds {len(refs)} References; exactly one, to the "
            'whole document (URI=""), is allowed',
        )
    c14n_el = one(signed_info, "CanonicalizationMethod", "SignedInfo")
    sm_el = one(signed_info, "SignatureMethod", "SignedInfo")
    transform_els, dm_el, dv_el = _reference_parts(refs[0])
    algorithms = Algorithms(
        c14n_el.get("Algorithm") or "",
        sm_el.get("Algorithm") or "",
        dm_el.get("Algorithm") or "",
        tuple(t.get("Algorithm") or "" for t in transform_els),
    )
    key_info = key_infos[0] if key_infos else None
    return Structure(
        signed_info, sig_value_el, key_info, c14n_el, transform_els, dv_el, algorithms,
        tuple(notes),
    )  # fmt: skip


def _reference_parts(
    ref: etree._Element,
) -> tuple[tuple[etree._Element, ...], etree._Element, etree._Element]:
    """The one reference, to the whole document: its transforms, DigestMethod, DigestValue."""
    uri = ref.get("URI")
    if uri != "":
        raise Stop(
            "WRAPPING",
            f'the Reference points to {uri!r}; only URI="" (the whole document) is accepted',
        )
    ref_kids = only_ds(ref, ("Transforms", "DigestMethod", "DigestValue"), "Reference")
    transforms_el = [k for k in ref_kids if k.tag == DS + "Transforms"]
    if len(transforms_el) > 1:
        raise Stop("MALFORMED", "the Reference holds more than one Transforms element")
    dm_el = one(ref, "DigestMethod", "Reference")
    dv_el = one(ref, "DigestValue", "Reference")
    transform_els = only_ds(transforms_el[0], ("Transform",), "Transforms") if transforms_el else []
    return tuple(transform_els), dm_el, dv_el


def references(algorithms: Algorithms) -> Failure | None:
    """The reference's transforms: enveloped-signature, then at most one known canonicalization
    (None when they are)."""
    return run_step(lambda _notes: _references(algorithms.transforms))


def _references(transform_uris: tuple[str, ...]) -> None:
    if not transform_uris or transform_uris[0] != ENVELOPED:
        raise Stop("MALFORMED", "the Reference must start with the enveloped-signature transform")
    if len(transform_uris) > 2:
        raise Stop(
            "UNSUPPORTED_ALGORITHM",
            "only enveloped-signature followed by one "
            "canonicalization is supported as Reference transforms",
        )
    for t in transform_uris[1:]:
        if t not in C14N_METHODS:
            raise Stop("UNSUPPORTED_ALGORITHM", f"unsupported transform {t!r}")


__all__ = [
    "Placed",
    "Structure",
    "locate",
    "read_document",
    "references",
    "structure",
]
