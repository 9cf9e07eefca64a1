"""Trust anchors and certificate path validation (RFC 5280).

Two steps.  *Discovery* (ours, bounded): from the signer's certificate, follow issuers (name
match and signature check) through the certificates carried in KeyInfo and the policy's
intermediates to a trust anchor.  *Validation* (``cryptography.x509.verification``, a Rust
RFC 5280 verifier): that one path is checked for validity at the validation time,
basicConstraints and path length, critical extensions it does not know (refused), name
constraints on subjectAltName, and our extension policy: the signer's keyUsage (when present)
must allow digitalSignature or nonRepudiation, its extendedKeyUsage (when present) must name
a document-signing purpose, issuers' keyUsage (when present) must allow keyCertSign.

Why discovery is ours: cryptography's path builder has no budget for hostile input; a few
looping CA certificates in KeyInfo (same name, same key, each "issuing" the others) make it
explore every ordering (3 certificates: 2 s, 4: 30 s, measured with cryptography 48).  So it
is given only the discovered path, never the certificates of the package.  Discovery visits
each (subject, key) pair once and stops at :data:`MAX_SIGNATURE_CHECKS` signature checks and
:data:`MAX_PATH_LENGTH` certificates, with an ``UNTRUSTED`` reason naming the limit.

Why directoryName name constraints are ours: cryptography 48 applies name constraints to
subjectAltName entries only and ignores ``directoryName`` subtrees, which are the ones that
matter for signing certificates (their subject names an agency).  :func:`dn_constraints_problem`
applies them to subject names as RFC 5280 section 4.2.1.10 says (exact attribute values).
Revocation (CRL/OCSP) is not checked.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal, TypeVar, Union

import attrs
from cryptography import x509
from cryptography.exceptions import InvalidSignature as _CryptoInvalidSignature
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.x509 import verification

from .._errors import SignatureError

TrustSource = Union[
    x509.Certificate, bytes, str, "os.PathLike[str]", Iterable[x509.Certificate | bytes | str]
]

_E = TypeVar("_E", bound=x509.ExtensionType)
_CERT_SUFFIXES = {".pem", ".crt", ".cer", ".der"}

MAX_KEYINFO_CERTIFICATES = 32
"""Most X509Certificate elements read from a signature's KeyInfo (a real one carries the
signer and a few CA certificates); more make the signature MALFORMED before any is decoded."""
MAX_UNTRUSTED = 64
"""Most untrusted certificates (KeyInfo and ``Policy.intermediates``) considered for a path."""
MAX_SIGNATURE_CHECKS = 64
"""Most certificate signature checks made while discovering a path."""
MAX_PATH_LENGTH = 8
"""Most certificates on a path, signer and trust anchor included."""

ANY_EKU = "2.5.29.37.0"
DOCUMENT_SIGNING_EKUS = frozenset(
    {
        ANY_EKU,
        "1.3.6.1.5.5.7.3.36",  # id-kp-documentSigning (RFC 9336)
        "1.3.6.1.5.5.7.3.4",  # emailProtection: Vietnamese personal signing certificates
        "1.3.6.1.5.5.7.3.2",  # clientAuth: idem (USB-token certificates carry both)
        "1.3.6.1.4.1.311.10.3.12",  # Microsoft document signing
        "1.2.840.113583.1.1.5",  # Adobe authentic documents (PDF signing)
    }
)
"""extendedKeyUsage purposes accepted for a document signer (when the extension is present;
a certificate without it may serve any purpose, RFC 5280 section 4.2.1.12).  A TLS-server-only
certificate (serverAuth) is not a signer."""


def _certs_from_bytes(data: bytes, origin: str) -> list[x509.Certificate]:
    try:
        if b"-----BEGIN" in data:
            return list(x509.load_pem_x509_certificates(data))
        return [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise SignatureError(
            f"cannot read trust anchors from {origin}: not PEM/DER certificates"
        ) from None


def load_trust_anchors(source: TrustSource | None) -> tuple[x509.Certificate, ...]:
    """Certificates from a PEM bundle or DER file, a directory of them, bytes or objects."""
    if source is None:
        return ()
    if isinstance(source, x509.Certificate):
        return (source,)
    if isinstance(source, bytes):
        return tuple(_certs_from_bytes(source, "bytes"))
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            if path.is_dir():
                out: list[x509.Certificate] = []
                for item in sorted(path.iterdir()):
                    if item.is_file() and item.suffix.lower() in _CERT_SUFFIXES:
                        out.extend(_certs_from_bytes(item.read_bytes(), str(item)))
                if not out:
                    raise SignatureError(
                        f"no certificate files (*.pem, *.crt, *.cer, *.der) "
                        f"in the trust directory {str(path)!r}"
                    )
                return tuple(out)
            return tuple(_certs_from_bytes(path.read_bytes(), str(path)))
        except OSError as exc:
            raise SignatureError(
                f"cannot read trust anchors from {str(path)!r}: {exc.strerror or exc}"
            ) from None
    out2: list[x509.Certificate] = []
    for one in source:
        out2.extend(load_trust_anchors(one))
    return tuple(out2)


ChainStatus = Literal["OK", "UNTRUSTED", "EXPIRED", "NOT_YET_VALID", "KEY_USAGE"]
"""What a certificate check found (reason codes of :data:`edocstd.REASONS`)."""


@attrs.frozen
class ChainResult:
    status: ChainStatus
    """OK, UNTRUSTED, EXPIRED, NOT_YET_VALID, KEY_USAGE (for the signer or an issuer)."""
    message: str
    path: tuple[x509.Certificate, ...] = ()
    """Signer first, trust anchor last (empty when no path was found)."""


def _name(cert: x509.Certificate) -> str:
    return cert.subject.rfc4514_string()


def _fmt(d: _dt.datetime) -> str:
    return d.strftime("%Y-%m-%d %H:%M:%S UTC")


def check_validity(cert: x509.Certificate, at: _dt.datetime, role: str) -> ChainResult | None:
    if at > cert.not_valid_after_utc:
        return ChainResult(
            "EXPIRED",
            f"the {role} certificate ({_name(cert)}) expired on {_fmt(cert.not_valid_after_utc)}",
        )
    if at < cert.not_valid_before_utc:
        return ChainResult(
            "NOT_YET_VALID",
            f"the {role} certificate ({_name(cert)}) is valid "
            f"only from {_fmt(cert.not_valid_before_utc)}",
        )
    return None


def _extension(cert: x509.Certificate, cls: type[_E]) -> _E | None:
    try:
        return cert.extensions.get_extension_for_class(cls).value
    except x509.ExtensionNotFound:
        return None


def signer_usage_problem(
    cert: x509.Certificate, ekus: frozenset[str] = DOCUMENT_SIGNING_EKUS
) -> str | None:
    """Why the certificate may not sign documents (keyUsage, extendedKeyUsage), or None."""
    ku = _extension(cert, x509.KeyUsage)
    if ku is not None and not (ku.digital_signature or ku.content_commitment):
        return (
            "the signer's certificate key usage allows neither digitalSignature nor nonRepudiation"
        )
    eku = _extension(cert, x509.ExtendedKeyUsage)
    if eku is not None and not any(oid.dotted_string in ekus for oid in eku):
        names = ", ".join(getattr(oid, "_name", "") or oid.dotted_string for oid in eku)
        return (
            f"the signer's certificate is for other purposes ({names}), "
            "not for signing documents (extendedKeyUsage)"
        )
    return None


def check_signer_key_usage(
    cert: x509.Certificate, ekus: frozenset[str] = DOCUMENT_SIGNING_EKUS
) -> ChainResult | None:
    problem = signer_usage_problem(cert, ekus)
    return ChainResult("KEY_USAGE", problem) if problem else None


# -- discovery ---------------------------------------------------------------------------------


class _LimitHit(Exception):
    pass


class _Discovery:
    """A bounded depth-first search from the signer to an anchor (see the module docstring)."""

    def __init__(
        self,
        untrusted: Sequence[x509.Certificate],
        anchors: Sequence[x509.Certificate],
        at: _dt.datetime,
    ) -> None:
        self.anchors = set(anchors)
        self.anchors_by_name = _by_subject(anchors)
        self.untrusted_by_name = _by_subject(list(dict.fromkeys(untrusted))[:MAX_UNTRUSTED])
        self.at = at
        self.checks = 0
        self.keys: dict[x509.Certificate, bytes] = {}
        self.visited: set[tuple[x509.Name, bytes]] = set()
        self.outcomes: dict[tuple[x509.Certificate, x509.Name, bytes], bool] = {}

    def key(self, cert: x509.Certificate) -> bytes:
        if cert not in self.keys:
            self.keys[cert] = cert.public_key().public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        return self.keys[cert]

    def issued(self, cert: x509.Certificate, issuer: x509.Certificate) -> bool:
        """Name and signature check; its outcome depends only on the issuer's name and key."""
        pair = (cert, issuer.subject, self.key(issuer))
        if pair in self.outcomes:
            return self.outcomes[pair]
        self.checks += 1
        if self.checks > MAX_SIGNATURE_CHECKS:
            raise _LimitHit
        try:
            cert.verify_directly_issued_by(issuer)
            ok = True
        except (ValueError, TypeError, _CryptoInvalidSignature, UnsupportedAlgorithm):
            ok = False
        self.outcomes[pair] = ok
        return ok

    def walk(
        self, cert: x509.Certificate, path: list[x509.Certificate]
    ) -> list[x509.Certificate] | None:
        if cert in self.anchors:
            return path
        for anchor in self.anchors_by_name.get(cert.issuer, ()):
            if self.issued(cert, anchor):
                return [*path, anchor]
        if len(path) + 1 >= MAX_PATH_LENGTH:
            return None
        candidates = self.untrusted_by_name.get(cert.issuer, ())
        for cand in sorted(candidates, key=lambda c: check_validity(c, self.at, "") is not None):
            node = (cand.subject, self.key(cand))
            if node in self.visited or not _is_ca(cand):
                continue
            if not self.issued(cert, cand):
                continue
            self.visited.add(node)
            found = self.walk(cand, [*path, cand])
            if found is not None:
                return found
        return None


def _by_subject(certs: Iterable[x509.Certificate]) -> dict[x509.Name, list[x509.Certificate]]:
    out: dict[x509.Name, list[x509.Certificate]] = {}
    for cert in certs:
        out.setdefault(cert.subject, []).append(cert)
    return out


def _is_ca(cert: x509.Certificate) -> bool:
    bc = _extension(cert, x509.BasicConstraints)
    return bc is not None and bc.ca


def discover_path(
    leaf: x509.Certificate,
    untrusted: Sequence[x509.Certificate],
    anchors: Sequence[x509.Certificate],
    at: _dt.datetime,
) -> tuple[x509.Certificate, ...] | None:
    """The first path from ``leaf`` to an anchor (signer first), None when there is none.

    Raises ``_LimitHit`` past :data:`MAX_SIGNATURE_CHECKS`."""
    search = _Discovery(untrusted, anchors, at)
    search.visited.add((leaf.subject, search.key(leaf)))
    found = search.walk(leaf, [leaf])
    return tuple(found) if found is not None else None


# -- validation ----------------------------------------------------------------------------------


def _within(name: x509.Name, base: x509.Name) -> bool:
    rdns, prefix = list(name.rdns), list(base.rdns)
    return len(rdns) >= len(prefix) and rdns[: len(prefix)] == prefix


def dn_constraints_problem(path: Sequence[x509.Certificate]) -> str | None:
    """directoryName name constraints of each CA on the path, applied to the subject names of
    the certificates below it (RFC 5280 section 4.2.1.10; self-issued CA certificates other
    than the signer are exempt)."""
    for i in range(1, len(path)):
        nc = _extension(path[i], x509.NameConstraints)
        if nc is None:
            continue
        permitted = [
            g.value for g in nc.permitted_subtrees or () if isinstance(g, x509.DirectoryName)
        ]
        excluded = [
            g.value for g in nc.excluded_subtrees or () if isinstance(g, x509.DirectoryName)
        ]
        for j, below in enumerate(path[:i]):
            if j > 0 and below.subject == below.issuer:
                continue
            subject = below.subject
            if permitted and not any(_within(subject, base) for base in permitted):
                return (
                    f"the name {subject.rfc4514_string()} is outside the names "
                    f"{_name(path[i])} may certify (nameConstraints)"
                )
            if any(_within(subject, base) for base in excluded):
                return (
                    f"the name {subject.rfc4514_string()} is excluded by the "
                    f"nameConstraints of {_name(path[i])}"
                )
    return None


class _UsageRefused(ValueError):
    pass


def _rfc5280(
    path: tuple[x509.Certificate, ...], at: _dt.datetime, ekus: frozenset[str]
) -> ChainResult | None:
    """Validate exactly ``path`` with cryptography's RFC 5280 verifier; None when it passes."""
    refused: list[str] = []

    def signer_usage(_p: object, cert: x509.Certificate, _ext: object) -> None:
        problem = signer_usage_problem(cert, ekus)
        if problem:
            refused.append(problem)
            raise _UsageRefused(problem)

    def issuer_usage(_p: object, cert: x509.Certificate, ku: x509.KeyUsage | None) -> None:
        if ku is not None and not ku.key_cert_sign:
            problem = f"{_name(cert)} may not sign certificates (keyUsage)"
            refused.append(problem)
            raise _UsageRefused(problem)

    agnostic = verification.Criticality.AGNOSTIC
    ee_policy = (
        verification.ExtensionPolicy.permit_all()
        .may_be_present(x509.KeyUsage, agnostic, signer_usage)
        .may_be_present(x509.ExtendedKeyUsage, agnostic, signer_usage)
    )
    ca_policy = (
        verification.ExtensionPolicy.permit_all()
        .require_present(x509.BasicConstraints, agnostic, None)
        .may_be_present(x509.KeyUsage, agnostic, issuer_usage)
    )
    verifier = (
        verification.PolicyBuilder()
        .store(verification.Store([path[-1]]))
        .time(at)
        .max_chain_depth(MAX_PATH_LENGTH)
        .extension_policies(ca_policy=ca_policy, ee_policy=ee_policy)
        .build_client_verifier()
    )
    try:
        verifier.verify(path[0], list(path[1:-1]))
    except verification.VerificationError as exc:
        if refused:
            return ChainResult("KEY_USAGE", refused[0], path)
        detail = str(exc).split(" (encountered", 1)[0].removeprefix("validation failed: ")
        return ChainResult("UNTRUSTED", f"the certificate path is not valid: {detail}", path)
    return None


def validate_path(
    leaf: x509.Certificate,
    untrusted: Sequence[x509.Certificate],
    anchors: Sequence[x509.Certificate],
    at: _dt.datetime,
    ekus: frozenset[str] = DOCUMENT_SIGNING_EKUS,
) -> ChainResult:
    try:
        path = discover_path(leaf, untrusted, anchors, at)
    except _LimitHit:
        return ChainResult(
            "UNTRUSTED",
            f"no certificate path found within the limit of {MAX_SIGNATURE_CHECKS} signature "
            "checks (KeyInfo carries certificates that issue each other in loops)",
        )
    if path is None:
        return ChainResult(
            "UNTRUSTED",
            "the signer's certificate does not chain to any of the "
            f"{len(anchors)} trust anchor(s) (issuer: {leaf.issuer.rfc4514_string()})",
        )
    for i, cert in enumerate(path):
        role = "signer" if i == 0 else ("trust anchor" if i == len(path) - 1 else "intermediate")
        bad = check_validity(cert, at, role)
        if bad is not None:
            return attrs.evolve(bad, path=path)
    problem = dn_constraints_problem(path)
    if problem is not None:
        return ChainResult("UNTRUSTED", problem, path)
    return _rfc5280(path, at, ekus) or ChainResult(
        "OK", "the signer's certificate chains to a trust anchor", path
    )


__all__ = [
    "DOCUMENT_SIGNING_EKUS",
    "MAX_KEYINFO_CERTIFICATES",
    "MAX_PATH_LENGTH",
    "MAX_SIGNATURE_CHECKS",
    "MAX_UNTRUSTED",
    "ChainResult",
    "TrustSource",
    "check_signer_key_usage",
    "check_validity",
    "discover_path",
    "load_trust_anchors",
    "signer_usage_problem",
    "validate_path",
]
