"""Verification step 5: who signed, and does their key verify the signature value?

* :func:`signer_certificate`: the certificates of ``KeyInfo/X509Data`` (at most
  ``MAX_KEYINFO_CERTIFICATES``); the signer is the one that issued none of the others, or
  the one ``X509SubjectName`` names when several qualify;
* :func:`signature_value`: the key fits the signature method (kind, RSA size allowed by the
  policy) and verifies ``SignatureValue`` over the canonical ``SignedInfo``.

Each answers with its frozen value or a ``Failure`` (see ``_step.py``).
"""

from __future__ import annotations

import attrs
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from lxml import etree

from .._errors import EdocError
from . import _doc
from ._methods import Methods
from ._step import DS, Failure, Stop, b64, children, run_step
from ._structure import Structure
from .algorithms import SIGNATURE_METHODS, KeyKind, short_name
from .keys import check_signature_value, key_kind
from .outcome import SignerCertificate
from .policy import Policy
from .trust import MAX_KEYINFO_CERTIFICATES


@attrs.frozen
class Signer:
    """The signer's certificate, the other certificates KeyInfo carries, and its summary."""

    certificate: x509.Certificate
    others: tuple[x509.Certificate, ...]
    subject_name: str | None
    """KeyInfo's ``X509SubjectName``, if any."""
    summary: SignerCertificate


@attrs.frozen
class KeyCheck:
    """The signature value verified with the signer's key (of this kind)."""

    kind: KeyKind
    warnings: tuple[str, ...] = ()


def signer_certificate(key_info: etree._Element | None) -> Signer | Failure:
    """The signer among KeyInfo's certificates (bounded in number)."""
    return run_step(lambda _notes: _signer(key_info))


def _signer(key_info: etree._Element | None) -> Signer:
    cert, others, subject_name = _pick_signer_cert(key_info)
    return Signer(cert, tuple(others), subject_name, SignerCertificate.from_certificate(cert))


def _pick_signer_cert(
    key_info: etree._Element | None,
) -> tuple[x509.Certificate, list[x509.Certificate], str | None]:
    if key_info is None:
        raise Stop("MALFORMED", "the signature has no KeyInfo, so the signer is unknown")
    carried = sum(1 for _ in key_info.iter(DS + "X509Certificate"))
    if carried > MAX_KEYINFO_CERTIFICATES:
        raise Stop(
            "MALFORMED",
            f"KeyInfo carries {carried} X509Certificate elements; at most "
            f"{MAX_KEYINFO_CERTIFICATES} are read (limit)",
        )
    certs, subject_name = _read_x509_data(key_info)
    if not certs:
        raise Stop("MALFORMED", "KeyInfo carries no X509Certificate, so the signer is unknown")
    # The signer is the certificate that issued none of the others (the leaf); one pass.
    issuer_names = {o.issuer for o in certs if o.issuer != o.subject}
    leaves = [c for c in certs if c.subject not in issuer_names]
    signer = leaves[0] if leaves else certs[0]
    if subject_name and len(leaves) > 1:
        for c in leaves:
            if same_name(c, subject_name):
                signer = c
                break
    others = [c for c in certs if c is not signer]
    return signer, others, subject_name


def _read_x509_data(key_info: etree._Element) -> tuple[list[x509.Certificate], str | None]:
    """Every X509Certificate of KeyInfo's X509Data, and the first X509SubjectName."""
    certs: list[x509.Certificate] = []
    subject_name: str | None = None
    for x509_data in key_info.iter(DS + "X509Data"):
        for el in children(x509_data):
            if el.tag == DS + "X509Certificate":
                try:
                    certs.append(x509.load_der_x509_certificate(b64(el.text, "X509Certificate")))
                except ValueError:
                    raise Stop(
                        "MALFORMED", "an X509Certificate in KeyInfo cannot be read"
                    ) from None
            elif el.tag == DS + "X509SubjectName" and subject_name is None:
                subject_name = (el.text or "").strip()
    return certs, subject_name


def same_name(cert: x509.Certificate, text: str) -> bool:
    """Whether ``text`` names ``cert``'s subject (case, spaces and RDN order aside)."""

    def norm(s: str) -> list[str]:
        return sorted(p.strip().replace(" ", "").lower() for p in s.split(","))

    return norm(cert.subject.rfc4514_string()) == norm(text)


def signature_value(
    shape: Structure, methods: Methods, signer: Signer, policy: Policy
) -> KeyCheck | Failure:
    """The signer's key fits the method, is large enough, and verifies ``SignatureValue``."""
    return run_step(lambda notes: _signature_value(shape, methods, signer, policy, notes))


def _signature_value(
    shape: Structure, methods: Methods, signer: Signer, policy: Policy, notes: list[str]
) -> KeyCheck:
    if signer.subject_name and not same_name(signer.certificate, signer.subject_name):
        notes.append(
            f"KeyInfo's X509SubjectName ({signer.subject_name}) does not name the "
            f"signing certificate ({signer.summary.subject})"
        )
    pub = signer.certificate.public_key()
    try:
        kind = key_kind(pub)
    except EdocError:
        raise Stop(
            "UNSUPPORTED_ALGORITHM", "the certificate's key is neither RSA nor ECDSA"
        ) from None
    sm_uri = methods.signature
    if SIGNATURE_METHODS[sm_uri][0] != kind:
        raise Stop(
            "SIG_CRYPTO_FAILURE",
            f"the signature method {short_name(sm_uri)} does not "
            f"fit the certificate's {kind.upper()} key",
        )
    if isinstance(pub, rsa.RSAPublicKey) and pub.key_size < policy.min_rsa_bits:
        raise Stop(
            "WEAK_ALGORITHM",
            f"the RSA key has {pub.key_size} bits; the policy needs at least {policy.min_rsa_bits}",
        )
    value = b64(shape.signature_value.text, "SignatureValue")
    si = methods.signed_info
    si_bytes = _doc.c14n_subtree(
        shape.signed_info, exclusive=si.exclusive, with_comments=si.with_comments
    )
    if not check_signature_value(pub, si_bytes, value, sm_uri):
        raise Stop(
            "SIG_CRYPTO_FAILURE",
            "the signature value does not verify with the key of "
            "the certificate in KeyInfo (SignedInfo or SignatureValue altered, or the "
            "certificate replaced)",
        )
    return KeyCheck(kind, tuple(notes))


__all__ = ["KeyCheck", "Signer", "same_name", "signature_value", "signer_certificate"]
