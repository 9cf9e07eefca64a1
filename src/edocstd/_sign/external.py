"""Two-phase (external) signing: prepare → sign the digest elsewhere → complete.

For USB tokens driven by another program and for remote signing services::

    prepared = prepare(package_bytes, cert=cert_pem)
    # send prepared.signed_info (or prepared.digest / prepared.digest_info) to the signer
    value = remote_service.sign(prepared.digest, algorithm=prepared.hash_name)
    signed = complete(prepared, value)

``PreparedSignature`` is plain data: ``to_json()`` / ``from_json()`` carry it between
processes or machines (the document travels with it).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
from collections.abc import Iterable

import attrs
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from .._errors import InvalidSignature, SignatureError
from .._types import PackageSource
from .algorithms import SIGNATURE_METHODS, AlgorithmSuite, SuiteName, get_suite
from .keys import (
    CertificateLike,
    check_signature_value,
    load_certificate,
    load_certificates,
    normalise_ecdsa_value,
)
from .signer import _draft, _guard, new_placeholder

_DIGEST_INFO_PREFIX = {
    "sha1": bytes.fromhex("3021300906052b0e03021a05000414"),
    "sha224": bytes.fromhex("302d300d06096086480165030402040500041c"),
    "sha256": bytes.fromhex("3031300d060960864801650304020105000420"),
    "sha384": bytes.fromhex("3041300d060960864801650304020205000430"),
    "sha512": bytes.fromhex("3051300d060960864801650304020305000440"),
}


@attrs.frozen
class PreparedSignature:
    """A package whose signature awaits its value.

    ``signed_info`` is the exact byte string to sign with the signature method
    (``signature_method``, e.g. RSA-SHA256): give it to signers that hash themselves
    (PKCS#11 ``CKM_SHA256_RSA_PKCS``).  ``digest`` is its hash for signers that take a
    pre-computed hash; ``digest_info`` the DER DigestInfo for raw RSA (``CKM_RSA_PKCS``).
    """

    document: bytes = attrs.field(repr=lambda v: f"<{len(v)} bytes>")
    placeholder: str
    signed_info: bytes
    signature_method: str
    certificate: bytes = attrs.field(repr=False)
    """The signer's certificate, DER."""

    @property
    def kind(self) -> str:
        """``"rsa"`` or ``"ecdsa"``."""
        return SIGNATURE_METHODS[self.signature_method][0]

    @property
    def hash_name(self) -> str:
        """``hashlib`` name of the signature's hash (``"sha256"``)."""
        return SIGNATURE_METHODS[self.signature_method][1]

    @property
    def digest(self) -> bytes:
        """The hash of the canonical SignedInfo, for signers that take a pre-hashed value."""
        return hashlib.new(self.hash_name, self.signed_info).digest()

    @property
    def digest_info(self) -> bytes:
        """DER ``DigestInfo`` (RSA PKCS#1 v1.5 input before padding)."""
        return _DIGEST_INFO_PREFIX[self.hash_name] + self.digest

    def to_json(self) -> str:
        """The prepared signature as JSON text, to send to the signing side."""
        return json.dumps(
            {
                "format": "edocstd-prepared-signature/1",
                "document": base64.b64encode(self.document).decode("ascii"),
                "placeholder": self.placeholder,
                "signed_info": base64.b64encode(self.signed_info).decode("ascii"),
                "signature_method": self.signature_method,
                "certificate": base64.b64encode(self.certificate).decode("ascii"),
            }
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> PreparedSignature:
        """A prepared signature back from :meth:`to_json`'s text."""
        try:
            d = json.loads(text)
            if d.get("format") != "edocstd-prepared-signature/1":
                raise ValueError("unknown format")
            method = str(d["signature_method"])
            if method not in SIGNATURE_METHODS:
                raise ValueError("unknown signature method")
            return cls(
                document=base64.b64decode(d["document"], validate=True),
                placeholder=str(d["placeholder"]),
                signed_info=base64.b64decode(d["signed_info"], validate=True),
                signature_method=method,
                certificate=base64.b64decode(d["certificate"], validate=True),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise SignatureError(f"not a prepared signature: {exc}") from None


def prepare(
    source: PackageSource,
    *,
    cert: CertificateLike,
    chain: CertificateLike | Iterable[CertificateLike] = (),
    suite: SuiteName | AlgorithmSuite | None = None,
    replace: bool = False,
    signature_method: str | None = None,
    digest_method: str | None = None,
    check_cert: bool = True,
    profile: SuiteName | AlgorithmSuite | None = None,
) -> PreparedSignature:
    """First phase: the package with its SignedInfo, and the bytes to sign.

    ``suite`` and the rest as for :func:`sign` (``profile``: the old name of ``suite``).
    """
    certificate = load_certificate(cert)
    chain_certs = load_certificates(chain) if chain else []
    draft = _guard(
        "cannot prepare the signature",
        lambda: _draft(
            source,
            cert=certificate,
            chain=chain_certs,
            suite=get_suite(suite, profile),
            replace=replace,
            signature_method=signature_method,
            digest_method=digest_method,
            check_cert=check_cert,
        ),
    )
    placeholder = new_placeholder()
    draft.signature_value.text = placeholder
    with contextlib.closing(draft):
        document = _guard("cannot prepare the signature", draft.output)
    return PreparedSignature(
        document=document,
        placeholder=placeholder,
        signed_info=draft.signed_info_c14n,
        signature_method=draft.signature_method,
        certificate=certificate.public_bytes(serialization.Encoding.DER),
    )


def complete(prepared: PreparedSignature, signature_value: bytes | str) -> bytes:
    """Second phase: insert the signature value (raw bytes, or base64 text) → signed package.

    The value is checked against the certificate first (``InvalidSignature``, a
    ``SignatureError``, if it does not verify).  ECDSA values may be DER (as most tokens
    return) or XMLDSig ``r || s``.
    """
    if isinstance(signature_value, str):
        try:
            value = base64.b64decode(signature_value, validate=True)
        except ValueError:
            raise SignatureError("the signature value is not valid base64") from None
    else:
        value = bytes(signature_value)
    try:
        cert = x509.load_der_x509_certificate(prepared.certificate)
    except ValueError:
        raise SignatureError("the prepared signature holds an unreadable certificate") from None
    pub = cert.public_key()
    if isinstance(pub, ec.EllipticCurvePublicKey):
        value = normalise_ecdsa_value(value, pub)
    if not check_signature_value(pub, prepared.signed_info, value, prepared.signature_method):
        raise InvalidSignature(
            "the signature value does not verify against the prepared SignedInfo with the "
            "certificate's key (wrong key, wrong algorithm, or signed the wrong bytes)",
            message_vi="giá trị chữ ký không khớp với SignedInfo đã chuẩn bị theo khóa của "
            "chứng thư số (sai khóa, sai thuật toán, hoặc đã ký nhầm dữ liệu)",
        )
    token = prepared.placeholder.encode("ascii")
    pos = prepared.document.find(token)
    if pos < 0 or prepared.document.find(token, pos + 1, pos + 1 + 65536) >= 0:
        raise SignatureError("the prepared document has lost its signature placeholder")
    b64 = base64.b64encode(value)
    doc = prepared.document
    return b"".join((doc[:pos], b64, doc[pos + len(token) :]))


__all__ = ["PreparedSignature", "complete", "prepare"]
