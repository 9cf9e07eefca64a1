"""Trust anchors and certificate path validation.

Path building is deliberately small and explicit: from the signer's certificate, follow
issuers (name match *and* signature check) through the certificates carried in KeyInfo and
the policy's extra intermediates until a trust anchor is reached.  Every certificate on the
path must be valid at the validation time; issuers must be CAs (basicConstraints) allowed
to sign certificates (keyUsage keyCertSign, when present); path-length constraints apply;
the signer's key usage, when present, must allow digitalSignature or nonRepudiation.
Revocation (CRL/OCSP) is not checked.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Union

import attrs
from cryptography import x509
from cryptography.exceptions import InvalidSignature as _CryptoInvalidSignature
from cryptography.exceptions import UnsupportedAlgorithm

from .._errors import SignatureError

TrustSource = Union[
    x509.Certificate, bytes, str, "os.PathLike[str]", Iterable[x509.Certificate | bytes]
]

_CERT_SUFFIXES = {".pem", ".crt", ".cer", ".der"}
_MAX_UNTRUSTED = 32  # bounds path building over hostile KeyInfo contents


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


@attrs.frozen
class ChainResult:
    status: str
    """OK, UNTRUSTED, EXPIRED, NOT_YET_VALID, KEY_USAGE (for the signer or an issuer)."""
    message: str
    path: tuple[x509.Certificate, ...] = ()
    """Signer first, trust anchor last (empty when no path was found)."""


def _is_ca(cert: x509.Certificate) -> tuple[bool, int | None]:
    try:
        bc = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return False, None
    return bc.ca, bc.path_length


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, _CryptoInvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def _same(a: x509.Certificate, b: x509.Certificate) -> bool:
    return a == b


def build_path(
    leaf: x509.Certificate,
    untrusted: Sequence[x509.Certificate],
    anchors: Sequence[x509.Certificate],
    max_depth: int = 8,
) -> tuple[x509.Certificate, ...] | None:
    """Shortest-first depth-first search for a path from ``leaf`` to an anchor."""

    def walk(cert: x509.Certificate, path: list[x509.Certificate]) -> list[x509.Certificate] | None:
        if any(_same(cert, a) for a in anchors):
            return path
        if len(path) > max_depth:
            return None
        for anchor in anchors:
            if anchor.subject == cert.issuer and _issued_by(cert, anchor):
                return [*path, anchor]
        for cand in untrusted:
            if any(_same(cand, p) for p in path) or cand.subject != cert.issuer:
                continue
            if not _is_ca(cand)[0] or not _issued_by(cert, cand):
                continue
            found = walk(cand, [*path, cand])
            if found is not None:
                return found
        return None

    result = walk(leaf, [leaf])
    return tuple(result) if result is not None else None


def _fmt(d: _dt.datetime) -> str:
    return d.strftime("%Y-%m-%d %H:%M:%S UTC")


def check_validity(cert: x509.Certificate, at: _dt.datetime, role: str) -> ChainResult | None:
    if at > cert.not_valid_after_utc:
        return ChainResult(
            "EXPIRED",
            f"the {role} certificate ({cert.subject.rfc4514_string()}) "
            f"expired on {_fmt(cert.not_valid_after_utc)}",
        )
    if at < cert.not_valid_before_utc:
        return ChainResult(
            "NOT_YET_VALID",
            f"the {role} certificate ({cert.subject.rfc4514_string()}) is valid "
            f"only from {_fmt(cert.not_valid_before_utc)}",
        )
    return None


def check_signer_key_usage(cert: x509.Certificate) -> ChainResult | None:
    try:
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return None
    if ku.digital_signature or ku.content_commitment:
        return None
    return ChainResult(
        "KEY_USAGE",
        "the signer's certificate key usage allows neither digitalSignature nor nonRepudiation",
    )


def validate_path(
    leaf: x509.Certificate,
    untrusted: Sequence[x509.Certificate],
    anchors: Sequence[x509.Certificate],
    at: _dt.datetime,
) -> ChainResult:
    path = build_path(leaf, list(untrusted)[:_MAX_UNTRUSTED], anchors)
    if path is None:
        return ChainResult(
            "UNTRUSTED",
            "the signer's certificate does not chain to any of the "
            f"{len(anchors)} trust anchor(s) (issuer: "
            f"{leaf.issuer.rfc4514_string()})",
        )
    for i, cert in enumerate(path):
        role = "signer" if i == 0 else ("trust anchor" if i == len(path) - 1 else "intermediate")
        bad = check_validity(cert, at, role)
        if bad is not None:
            return attrs.evolve(bad, path=path)
    for i, issuer in enumerate(path[1:], start=1):
        is_anchor = i == len(path) - 1
        ca, path_len = _is_ca(issuer)
        if not ca and not is_anchor:
            return ChainResult("UNTRUSTED", f"{issuer.subject.rfc4514_string()} is not a CA", path)
        if path_len is not None and (i - 1) > path_len:
            return ChainResult(
                "UNTRUSTED",
                f"path length constraint of {issuer.subject.rfc4514_string()} exceeded",
                path,
            )
        try:
            ku = issuer.extensions.get_extension_for_class(x509.KeyUsage).value
            if not ku.key_cert_sign:
                return ChainResult(
                    "KEY_USAGE",
                    f"{issuer.subject.rfc4514_string()} may not sign certificates (keyUsage)",
                    path,
                )
        except x509.ExtensionNotFound:
            pass
    return ChainResult("OK", "the signer's certificate chains to a trust anchor", path)


__all__ = ["ChainResult", "TrustSource", "build_path", "load_trust_anchors", "validate_path"]
