"""Loading keys and certificates (PEM, DER, PKCS#12, objects) and the external-key protocol.

Error messages name the *kind* of problem (encrypted key without password, wrong password,
not a key, key and certificate do not match); they never include a password or key material.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Protocol, TypeAlias, runtime_checkable

from cryptography import x509
from cryptography.exceptions import InvalidSignature as _CryptoInvalidSignature
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.serialization import pkcs12

from .._errors import SignatureError
from .algorithms import SIGNATURE_METHODS, KeyKind

PrivateKey: TypeAlias = "rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey"
KeySource: TypeAlias = "bytes | str | os.PathLike[str]"
CertificateLike: TypeAlias = "x509.Certificate | bytes | str | os.PathLike[str]"
Password: TypeAlias = "str | bytes | None"


@runtime_checkable
class ExternalKey(Protocol):
    """A private key held elsewhere (USB token, HSM, remote signing service).

    ``sign_xmldsig`` receives the canonical SignedInfo bytes and the XMLDSig signature
    method URI, and returns the SignatureValue bytes: the PKCS#1 v1.5 signature for RSA,
    ``r || s`` (each the curve size, big-endian) for ECDSA.  :class:`Pkcs11Signer` is one.
    """

    def sign_xmldsig(self, data: bytes, signature_method: str) -> bytes:
        """The SignatureValue bytes of ``data`` for ``signature_method`` (a URI)."""
        ...


_SKIP_RSA_CHECK = True
"""RSA private-key consistency checks cost ~100 ms per load; they are skipped because every
signature is verified with the certificate's public key before it is written (a faulty or
mismatched key never produces output)."""


def _hash(name: str) -> hashes.HashAlgorithm:
    return {
        "sha1": hashes.SHA1(),
        "sha224": hashes.SHA224(),
        "sha256": hashes.SHA256(),
        "sha384": hashes.SHA384(),
        "sha512": hashes.SHA512(),
    }[name]


def _password_bytes(password: Password) -> bytes | None:
    if password is None:
        return None
    return password.encode("utf-8") if isinstance(password, str) else bytes(password)


def _read(source: KeySource, what: str) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str) and source.lstrip().startswith("-----BEGIN"):
        return source.encode("ascii", errors="replace")
    try:
        with open(source, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise SignatureError(
            f"cannot read the {what} file {os.fspath(source)!r}: {exc.strerror or exc}"
        ) from None


def _check_private(key: object) -> PrivateKey:
    if isinstance(key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        return key
    raise SignatureError(
        f"unsupported private key type {type(key).__name__}: only RSA and ECDSA keys can sign "
        "edXML packages"
    )


def load_private_key(
    key: PrivateKey | ExternalKey | KeySource, password: Password = None
) -> tuple[PrivateKey | ExternalKey, x509.Certificate | None, tuple[x509.Certificate, ...]]:
    """Load a signing key; a PKCS#12 file also yields its certificate and chain.

    Returns ``(key, certificate_or_None, extra_certificates)``.
    """
    if isinstance(key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        return key, None, ()
    if isinstance(key, ExternalKey):
        return key, None, ()
    if not isinstance(key, (bytes, str, os.PathLike)):
        raise SignatureError(
            f"unsupported key object {type(key).__name__}: give PEM/DER/PKCS#12 bytes, a path, "
            "a cryptography private key or an external signer"
        )
    data = _read(key, "private key")
    pw = _password_bytes(password)
    if b"-----BEGIN" in data:
        try:
            loaded = serialization.load_pem_private_key(
                data, pw, unsafe_skip_rsa_key_validation=_SKIP_RSA_CHECK
            )
            return _check_private(loaded), None, ()
        except TypeError:
            if pw is None:
                raise SignatureError(
                    "the private key is encrypted: give its password",
                    message_vi="khóa bí mật được mã hóa: cho biết mật khẩu",
                ) from None
            raise SignatureError(
                "the private key is not encrypted but a password was given",
                message_vi="khóa bí mật không mã hóa nhưng lại có mật khẩu",
            ) from None
        except (ValueError, UnsupportedAlgorithm):
            raise SignatureError(
                "cannot load the PEM private key: wrong password or not a private key",
                message_vi="không nạp được khóa bí mật PEM: sai mật khẩu hoặc không phải khóa",
            ) from None
    try:
        loaded = serialization.load_der_private_key(
            data, pw, unsafe_skip_rsa_key_validation=_SKIP_RSA_CHECK
        )
        return _check_private(loaded), None, ()
    except (TypeError, ValueError, UnsupportedAlgorithm):
        pass
    try:
        p_key, p_cert, extra = pkcs12.load_key_and_certificates(data, pw)
    except (TypeError, ValueError, UnsupportedAlgorithm):
        raise SignatureError(
            "cannot load the private key: not PEM, DER or PKCS#12, or the password is wrong",
            message_vi="không nạp được khóa bí mật: không phải PEM, DER, PKCS#12 hoặc sai mật khẩu",
        ) from None
    if p_key is None:
        raise SignatureError("the PKCS#12 file holds no private key")
    return _check_private(p_key), p_cert, tuple(extra)


def load_certificates(
    source: CertificateLike | Iterable[CertificateLike],
) -> list[x509.Certificate]:
    """One or more certificates from objects, PEM (bundles too) or DER bytes, or files."""
    if isinstance(source, x509.Certificate):
        return [source]
    if isinstance(source, (bytes, str, os.PathLike)):
        data = _read(source, "certificate")
        try:
            if b"-----BEGIN" in data:
                certs = x509.load_pem_x509_certificates(data)
            else:
                certs = [x509.load_der_x509_certificate(data)]
        except ValueError:
            raise SignatureError(
                "cannot read the certificate: not a PEM or DER X.509 certificate"
            ) from None
        return list(certs)
    out: list[x509.Certificate] = []
    for item in source:
        out.extend(load_certificates(item))
    return out


def load_certificate(source: CertificateLike) -> x509.Certificate:
    """Exactly one certificate (the first of a PEM bundle)."""
    certs = load_certificates(source)
    if not certs:
        raise SignatureError("no certificate found")
    return certs[0]


def key_kind(public_key: object) -> KeyKind:
    """``"rsa"`` or ``"ecdsa"``; ``SignatureError`` for any other key."""
    if isinstance(public_key, rsa.RSAPublicKey):
        return "rsa"
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return "ecdsa"
    raise SignatureError(
        f"unsupported certificate key type {type(public_key).__name__}: only RSA and ECDSA"
    )


def key_description(public_key: object) -> str:
    if isinstance(public_key, rsa.RSAPublicKey):
        return f"RSA-{public_key.key_size}"
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return f"EC-{public_key.curve.name}"
    return type(public_key).__name__


def ec_coordinate_size(public_key: ec.EllipticCurvePublicKey) -> int:
    return (public_key.curve.key_size + 7) // 8


def sign_with_key(key: PrivateKey, data: bytes, signature_method: str) -> bytes:
    """XMLDSig SignatureValue bytes for ``data`` (RSA PKCS#1 v1.5, ECDSA ``r || s``)."""
    kind, hash_name = SIGNATURE_METHODS[signature_method]
    if kind == "rsa":
        if not isinstance(key, rsa.RSAPrivateKey):
            raise SignatureError("an RSA signature method needs an RSA key")
        return key.sign(data, padding.PKCS1v15(), _hash(hash_name))
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise SignatureError("an ECDSA signature method needs an EC key")
    der = key.sign(data, ec.ECDSA(_hash(hash_name)))
    r, s = decode_dss_signature(der)
    size = ec_coordinate_size(key.public_key())
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def ecdsa_value_to_der(value: bytes, public_key: ec.EllipticCurvePublicKey) -> bytes:
    """XMLDSig ``r || s`` → DER (what ``cryptography`` verifies)."""
    size = ec_coordinate_size(public_key)
    if len(value) != 2 * size:
        raise ValueError("ECDSA signature value has the wrong length")
    return encode_dss_signature(
        int.from_bytes(value[:size], "big"), int.from_bytes(value[size:], "big")
    )


def normalise_ecdsa_value(value: bytes, public_key: ec.EllipticCurvePublicKey) -> bytes:
    """Accept a DER-encoded ECDSA signature (as many tokens return) or ``r || s``."""
    size = ec_coordinate_size(public_key)
    if len(value) == 2 * size:
        return value
    try:
        r, s = decode_dss_signature(value)
    except ValueError:
        return value
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def check_signature_value(
    public_key: object, data: bytes, value: bytes, signature_method: str
) -> bool:
    """True when ``value`` is a valid XMLDSig signature of ``data`` by ``public_key``."""
    kind, hash_name = SIGNATURE_METHODS[signature_method]
    try:
        if kind == "rsa":
            if not isinstance(public_key, rsa.RSAPublicKey):
                return False
            public_key.verify(value, data, padding.PKCS1v15(), _hash(hash_name))
            return True
        if not isinstance(public_key, ec.EllipticCurvePublicKey):
            return False
        der = ecdsa_value_to_der(value, public_key)
        public_key.verify(der, data, ec.ECDSA(_hash(hash_name)))
        return True
    except (_CryptoInvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
        return False


def same_public_key(a: object, b: object) -> bool:
    fmt = serialization.PublicFormat.SubjectPublicKeyInfo
    enc = serialization.Encoding.DER
    try:
        return bool(a.public_bytes(enc, fmt) == b.public_bytes(enc, fmt))  # type: ignore[attr-defined]
    except (AttributeError, ValueError, TypeError):
        return False


__all__ = [
    "CertificateLike",
    "ExternalKey",
    "KeySource",
    "Password",
    "PrivateKey",
    "check_signature_value",
    "load_certificate",
    "load_certificates",
    "load_private_key",
    "sign_with_key",
]
