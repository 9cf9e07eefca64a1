"""Checks ``sign`` makes on what it is given and on what it produced.

* :func:`check_header_names`: the header's parts are edXML's own, not elements whose names only
  look like them (another namespace, other letter case, Cyrillic or full-width letters).  A
  receiver would not read such a header as the one signed, while people would.
* :func:`check_signed_output`: the signed bytes verify (placement, references, digest and
  signature value), so a splicing or serialization slip can never leave ``sign`` as a package
  that does not verify.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from lxml import etree

from .._errors import InvalidSignature, SignatureError
from .algorithms import DIGEST_METHODS, DSIG_NS, QCVN_NS, SIGNATURE_METHODS

_OWN = {
    "MessageHeader": QCVN_NS,
    "TraceHeaderList": QCVN_NS,
    "Signature": DSIG_NS,
}
# Letters of other scripts drawn like Latin ones (the usual suspects in spoofed names).
_LOOKALIKES = str.maketrans(
    "аеорсхуіјѕԁһӏАВЕКМНОРСТХΑΒΕΗΙΚΜΝΟΡΤΧ",
    "aeopcxyijsdhlABEKMHOPCTXABEHIKMNOPTX",
)


def _skeleton(name: str) -> str:
    return unicodedata.normalize("NFKC", name).translate(_LOOKALIKES).casefold()


_SKELETONS = {_skeleton(name): name for name in _OWN}


def check_header_names(header: etree._Element) -> None:
    """Refuse a header whose children only look like edXML's, or that has no MessageHeader."""
    found = False
    for child in header:
        if not isinstance(child.tag, str):
            continue
        qname = etree.QName(child)
        meant = _SKELETONS.get(_skeleton(qname.localname))
        if meant is None:
            continue
        if qname.localname == meant and qname.namespace in (_OWN[meant], QCVN_NS):
            found = found or meant == "MessageHeader"
            continue
        raise SignatureError(
            f"the header holds {{{qname.namespace or ''}}}{qname.localname!r}, which only "
            f"looks like edXML's {meant} ({_OWN[meant]}); refusing to sign it"
        )
    if not found:
        raise SignatureError(
            f"the header has no MessageHeader in the namespace {QCVN_NS}; nothing to sign"
        )


def check_signed_output(signed: bytes | str) -> None:
    """Verify what ``sign`` produced, bytes or a file (trust and certificate dates are not the
    point here)."""
    from .policy import Policy
    from .reasons_vi import REASONS_VI
    from .verifier import verify

    every_algorithm: dict[str, Any] = {  # what sign wrote is by definition what was asked
        "allowed_signature_methods": frozenset(SIGNATURE_METHODS),
        "allowed_digest_methods": frozenset(DIGEST_METHODS),
    }
    policy = Policy(
        **every_algorithm,
        allow_sha1=True,
        require_trust=False,
        require_key_usage=False,
        allow_trace_appends=False,
        min_rsa_bits=0,
    )
    result = verify(signed, policy=policy)
    if not result.intact:
        raise InvalidSignature(
            f"the signed package does not verify ({result.reason}: {result.message}); "
            "nothing was returned",
            message_vi=f"gói tin vừa ký không kiểm tra được chữ ký ({result.reason}: "
            f"{REASONS_VI.get(result.reason, result.message)}); không trả về gì",
        )


__all__ = ["check_header_names", "check_signed_output"]
