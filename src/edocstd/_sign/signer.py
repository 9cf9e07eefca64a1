"""Enveloped XMLDSig signing of edXML packages.

The signature is built directly with lxml (canonicalization), ``hashlib`` (digest) and
``cryptography`` (signature value) rather than through ``signxml.XMLSigner``: the package
needs a fixed placement (last child of ``edXMLHeader``), the legacy profile's inclusive
SignedInfo canonicalization, two-phase external signing, and a single pass over
attachments of hundreds of MB (``signxml`` copies and re-parses the whole tree).  The
output is standard XMLDSig; the tests check it with ``signxml`` and ``xmlsec1``.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

import attrs
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree

from .._errors import SignatureError, UntrustedCertificate
from . import _doc
from .keys import (
    CertificateLike,
    ExternalKey,
    KeySource,
    Password,
    PrivateKey,
    check_signature_value,
    key_kind,
    load_certificate,
    load_certificates,
    load_private_key,
    normalise_ecdsa_value,
    same_public_key,
    sign_with_key,
)
from .profiles import (
    C14N_METHODS,
    DIGEST_METHODS,
    DSIG_NS,
    ECDSA_SHA384,
    ECDSA_SHA512,
    ENVELOPED,
    SIGNATURE_METHODS,
    Profile,
    digest_method_uri,
    get_profile,
    signature_method_uri,
)

_DS = f"{{{DSIG_NS}}}"
_NSMAP = {"ds": DSIG_NS}


def _sub(parent: etree._Element, name: str, text: str | None = None,
         **attrib: str) -> etree._Element:
    el = etree.SubElement(parent, _DS + name, attrib=attrib or None)  # type: ignore[arg-type]
    if text is not None:
        el.text = text
    return el


@attrs.frozen
class _Draft:
    root: etree._Element
    signature: etree._Element
    signature_value: etree._Element
    signed_info_c14n: bytes
    signature_method: str


def _pick_signature_method(profile: Profile, cert: x509.Certificate,
                           signature_method: str | None) -> str:
    pub = cert.public_key()
    kind = key_kind(pub)
    if signature_method is not None:
        uri = signature_method_uri(signature_method)
        if SIGNATURE_METHODS[uri][0] != kind:
            raise SignatureError(
                f"signature method {signature_method} does not fit the certificate's "
                f"{kind.upper()} key"
            )
        return uri
    if kind == "rsa":
        return profile.rsa_signature
    if profile.name == "vdxp" and isinstance(pub, ec.EllipticCurvePublicKey):
        if pub.curve.key_size >= 521:
            return ECDSA_SHA512
        if pub.curve.key_size >= 384:
            return ECDSA_SHA384
    return profile.ecdsa_signature


def _check_certificate(cert: x509.Certificate) -> None:
    now = _dt.datetime.now(_dt.timezone.utc)
    if now > cert.not_valid_after_utc:
        raise UntrustedCertificate(
            f"the signing certificate expired on {cert.not_valid_after_utc:%Y-%m-%d} "
            "(pass check_cert=False to sign anyway)"
        )
    if now < cert.not_valid_before_utc:
        raise UntrustedCertificate(
            f"the signing certificate is valid only from {cert.not_valid_before_utc:%Y-%m-%d} "
            "(pass check_cert=False to sign anyway)"
        )
    try:
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not (ku.digital_signature or ku.content_commitment):
        raise UntrustedCertificate(
            "the certificate's key usage allows neither digitalSignature nor nonRepudiation "
            "(pass check_cert=False to sign anyway)"
        )


def _draft(
    source: Any,
    *,
    cert: x509.Certificate,
    chain: Iterable[x509.Certificate],
    profile: str | Profile,
    replace: bool,
    signature_method: str | None = None,
    digest_method: str | None = None,
    check_cert: bool = True,
) -> _Draft:
    prof = get_profile(profile)
    if check_cert:
        _check_certificate(cert)
    sig_uri = _pick_signature_method(prof, cert, signature_method)
    dig_uri = digest_method_uri(digest_method) if digest_method else prof.digest
    data = _doc.read_source(source)
    root = _doc.parse(data)
    header = _doc.require_header(root)

    existing = _doc.all_signatures(root)
    if existing:
        if not replace:
            raise SignatureError(
                "the package already carries a Signature; pass replace=True to replace it"
            )
        for old in existing:
            _doc.remove_for_replace(old)
    if _doc.comments_outside(root, None):
        raise SignatureError(
            "the package contains XML comments, which an XMLDSig signature does not cover "
            "(and which can hide changes from readers); remove them before signing"
        )

    # -- build <ds:Signature> ----------------------------------------------------------------
    sig = etree.Element(_DS + "Signature", nsmap=_NSMAP)  # type: ignore[arg-type]
    si = _sub(sig, "SignedInfo")
    _sub(si, "CanonicalizationMethod", Algorithm=prof.canonicalization)
    _sub(si, "SignatureMethod", Algorithm=sig_uri)
    ref = _sub(si, "Reference", URI="")
    transforms = _sub(ref, "Transforms")
    _sub(transforms, "Transform", Algorithm=ENVELOPED)
    _sub(transforms, "Transform", Algorithm=prof.reference_c14n)
    _sub(ref, "DigestMethod", Algorithm=dig_uri)
    digest_value = _sub(ref, "DigestValue")
    sig_value = _sub(sig, "SignatureValue")
    key_info = _sub(sig, "KeyInfo")
    x509_data = _sub(key_info, "X509Data")
    _sub(x509_data, "X509SubjectName", cert.subject.rfc4514_string())
    der = serialization.Encoding.DER
    seen = {cert.fingerprint(hashes.SHA256())}
    _sub(x509_data, "X509Certificate", base64.b64encode(cert.public_bytes(der)).decode("ascii"))
    for extra in chain:
        fp = extra.fingerprint(hashes.SHA256())
        if fp in seen:
            continue
        seen.add(fp)
        _sub(x509_data, "X509Certificate",
             base64.b64encode(extra.public_bytes(der)).decode("ascii"))

    # -- place it: last child of edXMLHeader, indented like its siblings -----------------------
    children = [c for c in header if isinstance(c.tag, str)]
    if children:
        last = header[-1]
        indent = header.text if header.text is not None and not header.text.strip() else None
        sig.tail = last.tail if last.tail is not None and not last.tail.strip() else None
        if indent is not None and (last.tail is None or not last.tail.strip()):
            last.tail = indent
    else:
        sig.tail = header.text if header.text is not None and not header.text.strip() else None
    header.append(sig)

    # -- digest over the document without the signature (enveloped transform) ----------------
    ref_c14n = C14N_METHODS[prof.reference_c14n]
    restore = _doc.detach_keep_tail(sig)
    try:
        canon = _doc.c14n(root.getroottree(), exclusive=ref_c14n.exclusive, with_comments=False)
    finally:
        restore()
    digest = hashlib.new(DIGEST_METHODS[dig_uri], canon).digest()
    del canon
    digest_value.text = base64.b64encode(digest).decode("ascii")

    si_c14n = C14N_METHODS[prof.canonicalization]
    signed_info = _doc.c14n(si, exclusive=si_c14n.exclusive, with_comments=si_c14n.with_comments)
    return _Draft(root, sig, sig_value, signed_info, sig_uri)


def _finish(draft: _Draft, value: bytes, cert: x509.Certificate) -> bytes:
    pub = cert.public_key()
    if isinstance(pub, ec.EllipticCurvePublicKey):
        value = normalise_ecdsa_value(value, pub)
    if not check_signature_value(pub, draft.signed_info_c14n, value, draft.signature_method):
        raise SignatureError(
            "the signature value does not verify with the certificate's public key "
            "(wrong key for this certificate, or the signer used another algorithm)"
        )
    draft.signature_value.text = base64.b64encode(value).decode("ascii")
    return _doc.serialize(draft.root)


def resolve_signing_material(
    key: PrivateKey | ExternalKey | KeySource,
    cert: CertificateLike | None,
    chain: CertificateLike | Iterable[CertificateLike],
    password: Password,
) -> tuple[PrivateKey | ExternalKey, x509.Certificate, list[x509.Certificate]]:
    loaded_key, p12_cert, p12_chain = load_private_key(key, password)
    certificate = load_certificate(cert) if cert is not None else p12_cert
    if certificate is None:
        raise SignatureError("no certificate: give cert= (or a PKCS#12 file holding one)")
    chain_certs = load_certificates(chain) if chain else list(p12_chain)
    if not isinstance(loaded_key, ExternalKey) and not same_public_key(
        loaded_key.public_key(), certificate.public_key()
    ):
        raise SignatureError("the private key does not belong to the certificate")
    return loaded_key, certificate, chain_certs


def sign(
    source: Any,
    *,
    key: PrivateKey | ExternalKey | KeySource,
    cert: CertificateLike | None = None,
    chain: CertificateLike | Iterable[CertificateLike] = (),
    profile: str | Profile = "vdxp",
    replace: bool = False,
    password: Password = None,
    signature_method: str | None = None,
    digest_method: str | None = None,
    check_cert: bool = True,
) -> bytes:
    """Sign an edXML package; return the signed package (UTF-8 bytes).

    ``source``: bytes, a path, a binary file object or a package object.  ``key``: a PEM,
    DER or PKCS#12 key (bytes or path; ``password`` if encrypted), a ``cryptography``
    private key, or an :class:`ExternalKey` such as :class:`Pkcs11Signer`.  ``cert``: the
    signer's certificate (optional with PKCS#12); ``chain``: intermediates to embed.
    ``profile``: ``"vdxp"`` (exclusive C14N, RSA-SHA256) or ``"legacy"`` (SDK samples:
    C14N 1.0, RSA-SHA1).  ``signature_method`` / ``digest_method`` override the profile
    (``"RSA-SHA512"``, ``"SHA512"`` or URIs).  An existing signature (either namespace)
    raises :class:`SignatureError` unless ``replace=True``.  ``check_cert=False`` signs
    with an expired certificate or one whose key usage forbids signing.
    """
    loaded_key, certificate, chain_certs = resolve_signing_material(key, cert, chain, password)
    draft = _draft(
        source,
        cert=certificate,
        chain=chain_certs,
        profile=profile,
        replace=replace,
        signature_method=signature_method,
        digest_method=digest_method,
        check_cert=check_cert,
    )
    if isinstance(loaded_key, ExternalKey):
        try:
            value = loaded_key.sign_xmldsig(draft.signed_info_c14n, draft.signature_method)
        except SignatureError:
            raise
        except Exception as exc:  # a token/driver error must not escape raw
            raise SignatureError(f"the external signer failed: {type(exc).__name__}: {exc}") \
                from None
    else:
        value = sign_with_key(loaded_key, draft.signed_info_c14n, draft.signature_method)
    return _finish(draft, value, certificate)


def new_placeholder() -> str:
    return "EDOCSTD-PENDING-SIGNATURE-" + secrets.token_hex(16)


__all__ = ["sign"]
