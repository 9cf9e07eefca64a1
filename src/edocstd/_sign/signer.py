"""Enveloped XMLDSig signing of edXML packages.

The signature is built directly with lxml (canonicalization), ``hashlib`` (digest) and
``cryptography`` (signature value) rather than through ``signxml.XMLSigner``: the package
needs a fixed placement (last child of ``edXMLHeader``), the legacy suite's inclusive
SignedInfo canonicalization, two-phase external signing, and a single pass over
attachments of hundreds of MB (``signxml`` copies and re-parses the whole tree).  The
output is standard XMLDSig; the tests check it with ``signxml`` and ``xmlsec1``.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as _dt
import mmap
import os
import secrets
from collections.abc import Callable, Iterable
from typing import BinaryIO, TypeVar, overload

import attrs
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree

from .._errors import EdocError, InvalidSignature, SignatureError, UntrustedCertificate
from .._log import log
from .._types import PackageSource
from .._xml.writer import write_atomically
from . import _doc, _stream
from ._selfcheck import check_header_names, check_signed_output
from .algorithms import (
    C14N_METHODS,
    DIGEST_METHODS,
    DSIG_NS,
    ECDSA_SHA384,
    ECDSA_SHA512,
    ENVELOPED,
    SIGNATURE_METHODS,
    AlgorithmSuite,
    SuiteName,
    digest_method_uri,
    get_suite,
    signature_method_uri,
)
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
from .trust import signer_usage_problem

_T = TypeVar("_T")
_DS = f"{{{DSIG_NS}}}"
_NSMAP = {"ds": DSIG_NS}


def _sub(
    parent: etree._Element, name: str, text: str | None = None, **attrib: str
) -> etree._Element:
    el = etree.SubElement(parent, _DS + name, attrib=attrib or None)
    if text is not None:
        el.text = text
    return el


@attrs.frozen
class _Draft:
    doc: _stream.Document
    signature: etree._Element
    signature_value: etree._Element
    signed_info_c14n: bytes
    signature_method: str
    splice: tuple[int, str, str] | None
    """(offset of ``</edXMLHeader>`` in the source, text before and after the signature)."""

    def pieces(self) -> list[_stream.Piece]:
        """The signed package: the input bytes with the signature inserted (so everything
        else stays byte-for-byte as it was), or a re-serialization when that is not safe;
        payloads as slices of the source."""
        if self.splice is None:
            return _stream.serialized_pieces(self.doc, _doc.serialize(self.doc.root))
        pos, before, after = self.splice
        sig = self.signature
        parent = sig.getparent()
        if parent is not None:
            sig.tail = None
            parent.remove(sig)  # detached: serialized with its own namespace only
        block = b"".join(
            (
                before.encode("utf-8"),
                etree.tostring(sig, encoding="UTF-8", xml_declaration=False),
                after.encode("utf-8"),
            )
        )
        return [(0, pos), block, (pos, len(self.doc.source))]

    def output(self) -> bytes:
        return self.doc.source.materialize(self.pieces())

    def write(self, out: BinaryIO) -> None:
        self.doc.source.write(self.pieces(), out)

    def close(self) -> None:
        self.doc.source.close()


def _splice_point(
    data: bytes | mmap.mmap, root: etree._Element, header: etree._Element
) -> int | None:
    """Byte offset of the header's end tag when it can be found without doubt, else None.

    In XML text and attribute values ``<`` is always escaped, so before the header's end
    tag the literal ``</prefix:edXMLHeader`` can only occur inside a comment, CDATA section
    or processing instruction (refused here) or a nested element of the same name (checked).
    """
    encoding = (root.getroottree().docinfo.encoding or "UTF-8").upper().replace("_", "-")
    if encoding not in ("UTF-8", "UTF8"):  # the signature is inserted as UTF-8
        return None
    if any(el.tag == header.tag for el in header.iterdescendants()):
        return None
    qname = (f"{header.prefix}:" if header.prefix else "") + "edXMLHeader"
    needle = b"</" + qname.encode("utf-8")
    pos = data.find(needle)
    if pos < 0:
        return None
    rest = data[pos + len(needle) : pos + len(needle) + 64].lstrip(b" \t\r\n")
    if not rest.startswith(b">"):
        return None
    head = data[:pos]
    if b"<!--" in head or b"<![CDATA[" in head:
        return None
    first_pi = head.find(b"<?")
    if first_pi > 3 or (first_pi >= 0 and head.find(b"<?", first_pi + 2) >= 0):
        return None
    return pos


def _pick_signature_method(
    suite: AlgorithmSuite, cert: x509.Certificate, signature_method: str | None
) -> str:
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
        return suite.rsa_signature
    if suite.name == "vdxp" and isinstance(pub, ec.EllipticCurvePublicKey):
        if pub.curve.key_size >= 521:
            return ECDSA_SHA512
        if pub.curve.key_size >= 384:
            return ECDSA_SHA384
    return suite.ecdsa_signature


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
    problem = signer_usage_problem(cert)
    if problem is not None:
        raise UntrustedCertificate(f"{problem} (pass check_cert=False to sign anyway)")


def _draft(
    source: PackageSource,
    *,
    cert: x509.Certificate,
    chain: Iterable[x509.Certificate],
    suite: AlgorithmSuite,
    replace: bool,
    signature_method: str | None = None,
    digest_method: str | None = None,
    check_cert: bool = True,
) -> _Draft:
    """The package with its signature built, awaiting the value; ``close()`` it when done."""
    prof = suite
    if check_cert:
        _check_certificate(cert)
    sig_uri = _pick_signature_method(prof, cert, signature_method)
    dig_uri = digest_method_uri(digest_method) if digest_method else prof.digest
    methods = (prof, sig_uri, dig_uri)
    chain = list(chain)  # may be used twice (the whole tree after a payload that is not plain)
    src = _stream.open_source(source)
    try:
        try:
            return _draft_on(_stream.parse(src), methods, cert, chain, replace)
        except _stream.NotPlain:  # a payload is not its own canonical form: the whole tree
            return _draft_on(_stream.parse(src, cut=False), methods, cert, chain, replace)
    except BaseException:
        src.close()
        raise


def _draft_on(
    doc: _stream.Document,
    methods: tuple[AlgorithmSuite, str, str],
    cert: x509.Certificate,
    chain: Iterable[x509.Certificate],
    replace: bool,
) -> _Draft:
    prof, sig_uri, dig_uri = methods
    root = doc.root
    header = _doc.require_header(root)
    check_header_names(header)
    existing = _doc.all_signatures(root)
    splice_at = None if existing else _splice_point(doc.source.buf, root, header)
    if existing:
        if not replace:
            raise SignatureError(
                "the package already carries a Signature; pass replace=True to replace it",
                message_vi="gói tin đã có chữ ký (Signature); dùng replace=True để thay",
            )
        for previous in existing:
            _doc.remove_for_replace(previous)
    if _doc.comments_outside(root, None):
        raise SignatureError(
            "the package contains XML comments, which an XMLDSig signature does not cover "
            "(and which can hide changes from readers); remove them before signing"
        )
    sig = _signature_element(prof, sig_uri, dig_uri, cert, chain)
    splice = _place(header, sig, splice_at)
    digest_value = sig.find(f"{_DS}SignedInfo/{_DS}Reference/{_DS}DigestValue")
    signed_info = sig.find(f"{_DS}SignedInfo")
    sig_value = sig.find(f"{_DS}SignatureValue")
    assert digest_value is not None and signed_info is not None and sig_value is not None
    digest_value.text = _reference_digest(doc, sig, prof.reference_c14n, dig_uri)
    si_c14n = C14N_METHODS[prof.canonicalization]
    signed_info_c14n = _doc.c14n_subtree(
        signed_info, exclusive=si_c14n.exclusive, with_comments=si_c14n.with_comments
    )
    return _Draft(doc, sig, sig_value, signed_info_c14n, sig_uri, splice)


def _signature_element(
    prof: AlgorithmSuite,
    sig_uri: str,
    dig_uri: str,
    cert: x509.Certificate,
    chain: Iterable[x509.Certificate],
) -> etree._Element:
    """``<ds:Signature>`` with empty DigestValue and SignatureValue."""
    sig = etree.Element(_DS + "Signature", nsmap=_NSMAP)
    si = _sub(sig, "SignedInfo")
    _sub(si, "CanonicalizationMethod", Algorithm=prof.canonicalization)
    _sub(si, "SignatureMethod", Algorithm=sig_uri)
    ref = _sub(si, "Reference", URI="")
    transforms = _sub(ref, "Transforms")
    _sub(transforms, "Transform", Algorithm=ENVELOPED)
    _sub(transforms, "Transform", Algorithm=prof.reference_c14n)
    _sub(ref, "DigestMethod", Algorithm=dig_uri)
    _sub(ref, "DigestValue")
    _sub(sig, "SignatureValue")
    key_info = _sub(sig, "KeyInfo")
    x509_data = _sub(key_info, "X509Data")
    _sub(x509_data, "X509SubjectName", cert.subject.rfc4514_string())
    der = serialization.Encoding.DER
    seen = {cert.fingerprint(hashes.SHA256())}
    _sub(x509_data, "X509Certificate", base64.b64encode(cert.public_bytes(der)).decode("ascii"))
    for chain_cert in chain:
        fp = chain_cert.fingerprint(hashes.SHA256())
        if fp in seen:
            continue
        seen.add(fp)
        _sub(
            x509_data,
            "X509Certificate",
            base64.b64encode(chain_cert.public_bytes(der)).decode("ascii"),
        )
    return sig


def _place(
    header: etree._Element, sig: etree._Element, splice_at: int | None
) -> tuple[int, str, str] | None:
    """Append the signature to edXMLHeader, indented like its siblings.

    The text before the signature becomes ``old + extra`` and the text after it ``old``
    (``old`` = the whitespace that preceded </edXMLHeader>), both in the tree and in the
    spliced output, so the digested tree and the written bytes are the same document.
    """
    splice: tuple[int, str, str] | None = None
    if len(header):
        last = header[-1]
        old = last.tail or ""
        extra = ""
        if not old.strip():
            indent = header.text if header.text and not header.text.strip() else old
            if indent.startswith(old):
                extra = indent[len(old) :]
                last.tail = old + extra
            sig.tail = old or None
        if splice_at is not None:
            splice = (splice_at, extra, old if sig.tail else "")
    header.append(sig)
    return splice


def _reference_digest(
    doc: _stream.Document, sig: etree._Element, c14n_uri: str, dig_uri: str
) -> str:
    """DigestValue: the document without the signature (enveloped transform), canonicalized
    by lxml with the payloads streamed from the source."""
    method = C14N_METHODS[c14n_uri]
    restore = _doc.detach_keep_tail(sig)
    try:
        canon = _doc.c14n(doc.root.getroottree(), exclusive=method.exclusive, with_comments=False)
    finally:
        restore()
    digest = _stream.Canonical(doc, canon).digest(DIGEST_METHODS[dig_uri])
    return base64.b64encode(digest).decode("ascii")


def _finish(draft: _Draft, value: bytes, cert: x509.Certificate) -> None:
    pub = cert.public_key()
    if isinstance(pub, ec.EllipticCurvePublicKey):
        value = normalise_ecdsa_value(value, pub)
    if not check_signature_value(pub, draft.signed_info_c14n, value, draft.signature_method):
        raise InvalidSignature(
            "the signature value does not verify with the certificate's public key "
            "(wrong key for this certificate, or the signer used another algorithm)",
            message_vi="giá trị chữ ký không khớp với khóa công khai của chứng thư số "
            "(khóa không thuộc chứng thư này, hoặc bên ký dùng thuật toán khác)",
        )
    draft.signature_value.text = base64.b64encode(value).decode("ascii")


Output = str | os.PathLike[str] | BinaryIO
"""Where ``sign(..., output=)`` writes: a path, or a binary file object."""


def _write_output(draft: _Draft, output: Output) -> None:
    """Stream the signed package to ``output``; a path is written atomically (so signing a
    file onto itself is safe: the source stays mapped until the new file replaces it)."""
    if isinstance(output, (str, os.PathLike)):

        def write_checked(f: BinaryIO) -> None:
            draft.write(f)
            f.flush()
            check_signed_output(f.name)  # before the file takes the target's place

        write_atomically(output, write_checked)
    elif callable(getattr(output, "write", None)):
        draft.write(output)
    else:
        raise SignatureError(
            f"cannot write to {type(output).__name__}: give a path or a binary file as output"
        )


def _guard(what: str, fn: Callable[[], _T]) -> _T:
    """Run ``fn``; a raw lxml / cryptography / value error becomes a ``SignatureError``."""
    try:
        return fn()
    except EdocError:
        raise
    except (ValueError, TypeError, UnsupportedAlgorithm, etree.LxmlError) as exc:
        raise SignatureError(f"{what}: {type(exc).__name__}: {exc}") from None


def resolve_signing_material(
    key: PrivateKey | ExternalKey | KeySource,
    cert: CertificateLike | None,
    chain: CertificateLike | Iterable[CertificateLike],
    password: Password,
) -> tuple[PrivateKey | ExternalKey, x509.Certificate, list[x509.Certificate]]:
    loaded_key, p12_cert, p12_chain = load_private_key(key, password)
    certificate = load_certificate(cert) if cert is not None else p12_cert
    on_token = getattr(loaded_key, "certificate", None)  # a Pkcs11Signer finds its own
    if certificate is None and callable(on_token):
        certificate = on_token()
        log.info("signing with the certificate found on the token: %s", certificate.subject)
    if certificate is None:
        raise SignatureError(
            "no certificate: give cert= (or a PKCS#12 file holding one)",
            message_vi="thiếu chứng thư số: hãy cho cert= (hoặc tệp PKCS#12 có chứng thư)",
        )
    chain_certs = load_certificates(chain) if chain else list(p12_chain)
    if not isinstance(loaded_key, ExternalKey) and not same_public_key(
        loaded_key.public_key(), certificate.public_key()
    ):
        raise SignatureError(
            "the private key does not belong to the certificate",
            message_vi="khóa bí mật không thuộc về chứng thư số",
        )
    return loaded_key, certificate, chain_certs


@overload
def sign(
    source: PackageSource,
    *,
    key: PrivateKey | ExternalKey | KeySource,
    cert: CertificateLike | None = None,
    chain: CertificateLike | Iterable[CertificateLike] = (),
    suite: SuiteName | AlgorithmSuite | None = None,
    replace: bool = False,
    password: Password = None,
    signature_method: str | None = None,
    digest_method: str | None = None,
    check_cert: bool = True,
    output: None = None,
    profile: SuiteName | AlgorithmSuite | None = None,
) -> bytes: ...


@overload
def sign(
    source: PackageSource,
    *,
    key: PrivateKey | ExternalKey | KeySource,
    cert: CertificateLike | None = None,
    chain: CertificateLike | Iterable[CertificateLike] = (),
    suite: SuiteName | AlgorithmSuite | None = None,
    replace: bool = False,
    password: Password = None,
    signature_method: str | None = None,
    digest_method: str | None = None,
    check_cert: bool = True,
    output: Output,
    profile: SuiteName | AlgorithmSuite | None = None,
) -> None: ...


def sign(
    source: PackageSource,
    *,
    key: PrivateKey | ExternalKey | KeySource,
    cert: CertificateLike | None = None,
    chain: CertificateLike | Iterable[CertificateLike] = (),
    suite: SuiteName | AlgorithmSuite | None = None,
    replace: bool = False,
    password: Password = None,
    signature_method: str | None = None,
    digest_method: str | None = None,
    check_cert: bool = True,
    output: Output | None = None,
    profile: SuiteName | AlgorithmSuite | None = None,
) -> bytes | None:
    """Sign an edXML package; return the signed package (UTF-8 bytes), or write it to
    ``output`` (a path or a binary file object) and return None.

    ``source``: bytes, a path, a binary file object or a package object.  ``key``: a PEM,
    DER or PKCS#12 key (bytes or path; ``password`` if encrypted), a ``cryptography``
    private key, or an :class:`ExternalKey` such as :class:`Pkcs11Signer`.  ``cert``: the
    signer's certificate (optional with PKCS#12); ``chain``: intermediates to embed.
    ``suite``: the algorithm suite, ``"vdxp"`` (the default: exclusive C14N, RSA-SHA256) or
    ``"legacy"`` (SDK samples: C14N 1.0, RSA-SHA1); ``profile`` is its old name, kept as an
    alias (given with ``suite``, both must name the same suite).
    ``signature_method`` / ``digest_method`` override the suite
    (``"RSA-SHA512"``, ``"SHA512"`` or URIs).  An existing signature (either namespace)
    raises :class:`SignatureError` unless ``replace=True``.  ``check_cert=False`` signs
    with an expired certificate or one whose key usage forbids signing.

    From a path to ``output``, memory stays flat whatever the attachments' size: they are
    hashed and copied from the file, never held.
    """
    loaded_key, certificate, chain_certs = _guard(
        "cannot use the key or certificate",
        lambda: resolve_signing_material(key, cert, chain, password),
    )
    draft = _guard(
        "cannot sign the package",
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
    with contextlib.closing(draft):
        value = _signature_value(loaded_key, draft)
        _guard("cannot finish the signature", lambda: _finish(draft, value, certificate))
        if output is None:
            signed = _guard("cannot write the signed package", draft.output)
            check_signed_output(signed)  # placement and digest, before anything leaves
            return signed
        _guard("cannot write the signed package", lambda: _write_output(draft, output))
        return None


def _signature_value(key: PrivateKey | ExternalKey, draft: _Draft) -> bytes:
    if not isinstance(key, ExternalKey):
        return sign_with_key(key, draft.signed_info_c14n, draft.signature_method)
    try:
        return key.sign_xmldsig(draft.signed_info_c14n, draft.signature_method)
    except SignatureError:
        raise
    except Exception as exc:  # a token/driver error must not escape raw
        raise SignatureError(f"the external signer failed: {type(exc).__name__}: {exc}") from None


def new_placeholder() -> str:
    return "EDOCSTD-PENDING-SIGNATURE-" + secrets.token_hex(16)


__all__ = ["sign"]
