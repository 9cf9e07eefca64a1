"""The verification policy: what a receiver accepts."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Literal

import attrs
from cryptography import x509

from .algorithms import (
    C14N,
    C14N_WITH_COMMENTS,
    ECDSA_SHA1,
    ECDSA_SHA256,
    ECDSA_SHA384,
    ECDSA_SHA512,
    EXC_C14N,
    EXC_C14N_SDK,
    EXC_C14N_WITH_COMMENTS,
    RSA_SHA1,
    RSA_SHA256,
    RSA_SHA384,
    RSA_SHA512,
    SHA1,
    SHA256,
    SHA384,
    SHA512,
)
from .binding import Signers
from .trust import DOCUMENT_SIGNING_EKUS, load_trust_anchors

DEFAULT_SIGNATURE_METHODS = frozenset(
    {RSA_SHA256, RSA_SHA384, RSA_SHA512, ECDSA_SHA256, ECDSA_SHA384, ECDSA_SHA512}
)
DEFAULT_DIGEST_METHODS = frozenset({SHA256, SHA384, SHA512})
DEFAULT_C14N_METHODS = frozenset(
    {C14N, C14N_WITH_COMMENTS, EXC_C14N, EXC_C14N_WITH_COMMENTS, EXC_C14N_SDK}
)

Placement = Literal["last-in-header", "in-header"]


def _anchors(value: Any) -> tuple[x509.Certificate, ...]:
    return load_trust_anchors(value)


def _utc(value: _dt.datetime | None) -> _dt.datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=_dt.timezone.utc)
    return value.astimezone(_dt.timezone.utc)


@attrs.frozen(kw_only=True)
class Policy:
    """What :func:`verify` accepts.  Frozen; derive variants with ``attrs.evolve``.

    The default accepts RSA/ECDSA with SHA-256/384/512, refuses SHA-1, expects the signature
    as the last child of ``edXMLHeader``, tolerates TraceHeader entries appended by relaying
    hubs, and requires a trust anchor for a ``valid`` verdict.
    """

    allowed_signature_methods: frozenset[str] = attrs.field(
        default=DEFAULT_SIGNATURE_METHODS, converter=frozenset
    )
    allowed_digest_methods: frozenset[str] = attrs.field(
        default=DEFAULT_DIGEST_METHODS, converter=frozenset
    )
    allowed_c14n_methods: frozenset[str] = attrs.field(
        default=DEFAULT_C14N_METHODS, converter=frozenset
    )
    allow_sha1: bool = False
    """SHA-1 signatures/digests; only :meth:`legacy` sets it, and each use adds a warning."""
    trust_anchors: tuple[x509.Certificate, ...] = attrs.field(default=(), converter=_anchors)
    """Certificates, a PEM bundle / DER file path, or a directory of them."""
    intermediates: tuple[x509.Certificate, ...] = attrs.field(default=(), converter=_anchors)
    """Extra untrusted certificates for path building (KeyInfo's are always used)."""
    validation_time: _dt.datetime | None = attrs.field(default=None, converter=_utc)
    """When certificates must be valid; None = now (at verification)."""
    expected_placement: Placement = "last-in-header"
    require_trust: bool = True
    """Without trust anchors the verdict is ``indeterminate`` (TRUST_NOT_CHECKED); set False
    to get ``valid`` (with a warning) when you only need integrity."""
    require_key_usage: bool = True
    allow_trace_appends: bool = True
    """Relay tolerance: TraceHeader entries appended after signing are reported, not failed."""
    max_trace_appends: int = 16
    allow_comments: bool = False
    """XML comments are not covered by an XMLDSig signature; by default their presence in the
    package (outside the signature) makes it invalid (COMMENT_IN_CONTENT)."""
    min_rsa_bits: int = 2048
    signer_ekus: frozenset[str] = attrs.field(default=DOCUMENT_SIGNING_EKUS, converter=frozenset)
    """extendedKeyUsage purposes (dotted OIDs) accepted for the signer, when its certificate
    has the extension; the default refuses e.g. TLS-server-only certificates."""
    signers: Signers | None = None
    """Who may sign for which sender: a :class:`SignerRegistry` or ``check(organ_id, signer)
    -> bool``.  When given, a signer not allowed for ``MessageHeader/From`` makes the package
    invalid (SIGNER_NOT_BOUND); without it the result carries a warning naming both sides."""

    @classmethod
    def legacy(cls, **kwargs: Any) -> Policy:
        """Also accept the SDK samples' algorithms (RSA-SHA1, SHA-1, 1024-bit RSA), with a
        warning in every result that uses them."""
        kwargs.setdefault(
            "allowed_signature_methods", DEFAULT_SIGNATURE_METHODS | {RSA_SHA1, ECDSA_SHA1}
        )
        kwargs.setdefault("allowed_digest_methods", DEFAULT_DIGEST_METHODS | {SHA1})
        kwargs.setdefault("min_rsa_bits", 1024)
        return cls(allow_sha1=True, **kwargs)

    def at(self) -> _dt.datetime:
        """The validation time: ``validation_time``, or now."""
        return self.validation_time or _dt.datetime.now(_dt.timezone.utc)


__all__ = ["Policy"]
