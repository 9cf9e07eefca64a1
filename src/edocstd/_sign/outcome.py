"""What a verification can say: the verdicts, the reason codes and their meaning, and the facts
a result carries (the signer's certificate, the algorithms found).

:data:`REASONS` is the one table of reason codes (documented in docs/signatures.md, the
Vietnamese in ``reasons_vi.py``); :data:`Reason` and :data:`Verdict` spell the same codes as
types, and a test keeps the three in step.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Literal

import attrs
from cryptography import x509

from .keys import key_description

Verdict = Literal["valid", "invalid", "indeterminate"]
Verdict.__doc__ = """A signature's verdict: ``valid``; ``invalid``; ``indeterminate``: intact, but
the signer not established."""

Reason = Literal[
    "OK",
    "NO_SIGNATURE",
    "NOT_XMLDSIG",
    "MALFORMED",
    "UNSUPPORTED_ALGORITHM",
    "WEAK_ALGORITHM",
    "BAD_PLACEMENT",
    "WRAPPING",
    "COMMENT_IN_CONTENT",
    "SIG_CRYPTO_FAILURE",
    "HASH_FAILURE",
    "RESERIALISED",
    "KEY_USAGE",
    "SIGNER_NOT_BOUND",
    "EXPIRED",
    "NOT_YET_VALID",
    "UNTRUSTED",
    "TRUST_NOT_CHECKED",
]
Reason.__doc__ = """A reason code of :data:`edocstd.REASONS`: why a signature got its verdict."""

REASONS: dict[Reason, tuple[Verdict, str]] = {
    "OK": ("valid", "the signature is valid and the signer chains to a trust anchor"),
    "NO_SIGNATURE": ("invalid", "the package carries no signature"),
    "NOT_XMLDSIG": (
        "invalid",
        "a Signature element exists but not in the XMLDSig namespace "
        "(the SDK samples' placeholder form); it cannot be verified",
    ),
    "MALFORMED": ("invalid", "the package or its signature is not well formed"),
    "UNSUPPORTED_ALGORITHM": ("invalid", "an algorithm URI is unknown or not supported"),
    "WEAK_ALGORITHM": ("invalid", "an algorithm or key size is not allowed by the policy"),
    "BAD_PLACEMENT": ("invalid", "the signature is not where the policy expects it"),
    "WRAPPING": (
        "invalid",
        "more than one signature, or a reference to something other than the whole document",
    ),
    "COMMENT_IN_CONTENT": ("invalid", "XML comments in the signed content"),
    "SIG_CRYPTO_FAILURE": (
        "invalid",
        "the signature value does not verify with the certificate's key",
    ),
    "HASH_FAILURE": ("invalid", "the content changed after signing (digest mismatch)"),
    "RESERIALISED": (
        "invalid",
        "the package was re-serialised on the way (by a hub): its content equals the signed "
        "content once normalised, but the signed bytes are broken, so the signature cannot "
        "prove it; ask the sender for the original",
    ),
    "KEY_USAGE": ("invalid", "the certificate is not allowed to sign documents"),
    "SIGNER_NOT_BOUND": (
        "invalid",
        "the signer is not allowed to sign for the package's sender (signer registry)",
    ),
    "EXPIRED": ("indeterminate", "a certificate was expired at the validation time"),
    "NOT_YET_VALID": ("indeterminate", "a certificate was not yet valid at the validation time"),
    "UNTRUSTED": ("indeterminate", "the signer's certificate does not chain to a trust anchor"),
    "TRUST_NOT_CHECKED": (
        "indeterminate",
        "the signature is intact but no trust anchors were given, so the signer was not checked",
    ),
}
"""Reason code → (verdict, meaning).  Documented in docs/signatures.md."""


@attrs.frozen
class SignerCertificate:
    """Who signed: the signer's certificate, summarised."""

    subject: str
    issuer: str
    serial: int
    not_before: _dt.datetime
    not_after: _dt.datetime
    organization: str | None
    common_name: str | None
    key: str
    """``RSA-2048``, ``EC-secp256r1``..."""
    fingerprint_sha256: str
    certificate: x509.Certificate = attrs.field(eq=False, repr=False)

    @classmethod
    def from_certificate(cls, cert: x509.Certificate) -> SignerCertificate:
        """The facts of a ``cryptography`` certificate."""
        from cryptography.hazmat.primitives import hashes

        def attr(oid: x509.ObjectIdentifier) -> str | None:
            vals = cert.subject.get_attributes_for_oid(oid)
            return str(vals[0].value) if vals else None

        return cls(
            subject=cert.subject.rfc4514_string(),
            issuer=cert.issuer.rfc4514_string(),
            serial=cert.serial_number,
            not_before=cert.not_valid_before_utc,
            not_after=cert.not_valid_after_utc,
            organization=attr(x509.NameOID.ORGANIZATION_NAME),
            common_name=attr(x509.NameOID.COMMON_NAME),
            key=key_description(cert.public_key()),
            fingerprint_sha256=cert.fingerprint(hashes.SHA256()).hex(),
            certificate=cert,
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mirror (times in ISO 8601)."""
        return {
            "subject": self.subject,
            "issuer": self.issuer,
            "serial": format(self.serial, "x"),
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
            "organization": self.organization,
            "common_name": self.common_name,
            "key": self.key,
            "fingerprint_sha256": self.fingerprint_sha256,
        }


@attrs.frozen
class Algorithms:
    """The algorithm URIs the signature uses (as written in the package)."""

    canonicalization: str
    signature: str
    digest: str
    transforms: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "canonicalization": self.canonicalization,
            "signature": self.signature,
            "digest": self.digest,
            "transforms": list(self.transforms),
        }


__all__ = ["REASONS", "Algorithms", "Reason", "SignerCertificate", "Verdict"]
