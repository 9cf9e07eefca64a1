"""Verification step 4: the algorithms are known, and allowed by the policy.

Known means listed in ``algorithms.py`` (nothing is guessed: the SDK samples' non-standard
exclusive-C14N URI is mapped there explicitly, with a warning here); allowed means listed in
the :class:`~.policy.Policy` (SHA-1 only under ``Policy.legacy()``, with a warning).  The key
size is checked with the key, in ``_key.py``.  Answers :class:`Methods` or a ``Failure``.
"""

from __future__ import annotations

import attrs
from lxml import etree

from ._step import Failure, Stop, children, run_step
from ._structure import Structure
from .algorithms import (
    C14N,
    C14N_METHODS,
    DIGEST_METHODS,
    EXC_C14N,
    SHA1_URIS,
    SIGNATURE_METHODS,
    C14nMethod,
    short_name,
)
from .policy import Policy


@attrs.frozen
class Methods:
    """What the signature's algorithm URIs mean, once known and allowed."""

    signed_info: C14nMethod
    """How SignedInfo is canonicalized."""
    reference: C14nMethod
    """How the document is canonicalized for the digest (C14N 1.0 when no transform says)."""
    prefixes: tuple[str, ...] | None
    """The exclusive canonicalization's ``InclusiveNamespaces PrefixList``, if any."""
    signature: str
    """The SignatureMethod URI (a key of ``SIGNATURE_METHODS``)."""
    digest: str
    """The ``hashlib`` name of the DigestMethod."""
    warnings: tuple[str, ...] = ()


def algorithms(shape: Structure, policy: Policy) -> Methods | Failure:
    """Canonicalizations, signature and digest methods: known, then allowed by ``policy``."""
    return run_step(lambda notes: _algorithms(shape, policy, notes))


def _algorithms(shape: Structure, policy: Policy, notes: list[str]) -> Methods:
    algs = shape.algorithms
    si_method = _c14n_method(algs.canonicalization, policy, notes, "CanonicalizationMethod")
    if children(shape.canonicalization):
        raise Stop(
            "UNSUPPORTED_ALGORITHM", "parameters in CanonicalizationMethod are not supported"
        )
    if len(algs.transforms) == 2:
        ref_method = _c14n_method(algs.transforms[1], policy, notes, "the Reference transform")
        prefixes = _prefix_list(shape.transforms[1])
    else:
        ref_method = C14N_METHODS[C14N]
        prefixes = None
    sm_uri, dm_uri = algs.signature, algs.digest
    if sm_uri not in SIGNATURE_METHODS:
        raise Stop(
            "UNSUPPORTED_ALGORITHM",
            f"unsupported signature method {sm_uri!r} (only RSA and ECDSA; HMAC is never accepted)",
        )
    if dm_uri not in DIGEST_METHODS:
        raise Stop("UNSUPPORTED_ALGORITHM", f"unsupported digest method {dm_uri!r}")
    _check_alg(sm_uri, policy.allowed_signature_methods, policy, notes, "signature method")
    _check_alg(dm_uri, policy.allowed_digest_methods, policy, notes, "digest method")
    return Methods(si_method, ref_method, prefixes, sm_uri, DIGEST_METHODS[dm_uri], tuple(notes))


def _c14n_method(uri: str, policy: Policy, notes: list[str], where: str) -> C14nMethod:
    if not uri:
        raise Stop("MALFORMED", f"{where} has no Algorithm")
    method = C14N_METHODS.get(uri)
    if method is None:
        raise Stop("UNSUPPORTED_ALGORITHM", f"unsupported canonicalization {uri!r} in {where}")
    if uri not in policy.allowed_c14n_methods:
        raise Stop("WEAK_ALGORITHM", f"canonicalization {uri} is not allowed by the policy")
    if method.nonstandard:
        notes.append(
            f"{where} uses the non-standard URI {uri} (written by the official SDK samples); "
            f"it was read as exclusive C14N ({EXC_C14N})"
        )
    return method


def _check_alg(
    uri: str, allowed: frozenset[str], policy: Policy, notes: list[str], what: str
) -> None:
    if uri in SHA1_URIS:
        if not policy.allow_sha1 or uri not in allowed:
            raise Stop(
                "WEAK_ALGORITHM",
                f"{what} {short_name(uri)} uses SHA-1, which the "
                "policy refuses (use Policy.legacy() for the SDK's legacy packages)",
            )
        notes.append(
            f"{what} {short_name(uri)} uses SHA-1, accepted only because the "
            "legacy policy allows it; SHA-1 is broken for collision resistance"
        )
        return
    if uri not in allowed:
        raise Stop("WEAK_ALGORITHM", f"{what} {short_name(uri)} is not allowed by the policy")


def _prefix_list(transform: etree._Element) -> tuple[str, ...] | None:
    kids = children(transform)
    if not kids:
        return None
    if len(kids) != 1 or kids[0].tag != f"{{{EXC_C14N}}}InclusiveNamespaces":
        raise Stop(
            "UNSUPPORTED_ALGORITHM", "unsupported parameters in a canonicalization transform"
        )
    return tuple(p for p in (kids[0].get("PrefixList") or "").split() if p)


__all__ = ["Methods", "algorithms"]
