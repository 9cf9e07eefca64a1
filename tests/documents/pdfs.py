"""PDFs the tests make and sign themselves with pyHanko (no binary fixture from anywhere)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from unittest import mock

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import MDPPerm, SigFieldSpec, append_signature_field
from pyhanko.sign.signers.pdf_signer import PdfSigner
from pyhanko.sign.timestamps import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from tests.sign.conftest import Identity

TEXT = b"Cong van so 123/VPCP-TTDT"


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def make_pdf(text: bytes = TEXT) -> bytes:
    """A one-page PDF showing ``text`` (Helvetica), written by pyHanko's writer."""
    writer = PdfFileWriter()
    font = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Font"),
            pdf_name("/Subtype"): pdf_name("/Type1"),
            pdf_name("/BaseFont"): pdf_name("/Helvetica"),
        }
    )
    content = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET")
    )
    resources = generic.DictionaryObject(
        {pdf_name("/Font"): generic.DictionaryObject({pdf_name("/F1"): font})}
    )
    writer.insert_page(
        PageObject(contents=content, media_box=(0, 0, 595, 842), resources=resources)
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _key(who: Identity) -> asn1_keys.PrivateKeyInfo:
    der = who.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return asn1_keys.PrivateKeyInfo.load(der)


def timestamper(
    tsa: Identity, chain: list[x509.Certificate], at: dt.datetime | None = None
) -> DummyTimeStamper:
    """pyHanko's local RFC 3161 time-stamping authority, with ``tsa``'s key (stamping the
    time ``at`` when given, else now)."""
    store = SimpleCertificateStore.from_certs([_asn1(c) for c in chain])
    return DummyTimeStamper(
        tsa_cert=_asn1(tsa.cert), tsa_key=_key(tsa), certs_to_embed=store, fixed_dt=at
    )


def sign_pdf(
    data: bytes,
    who: Identity,
    chain: list[x509.Certificate],
    field: str,
    stamper: DummyTimeStamper | None = None,
) -> bytes:
    """``data`` with one more signature (an incremental update), by ``who``."""
    signer = signers.SimpleSigner(
        signing_cert=_asn1(who.cert),
        signing_key=_key(who),
        cert_registry=SimpleCertificateStore.from_certs([_asn1(c) for c in chain]),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(field_name=field)
    out = signers.sign_pdf(writer, meta, signer=signer, timestamper=stamper)
    return bytes(out.getvalue())


def add_empty_field(data: bytes, name: str) -> bytes:
    """An incremental update adding an empty signature field (allowed after signing)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    append_signature_field(writer, SigFieldSpec(name, box=(72, 72, 200, 120)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def change_content(data: bytes) -> bytes:
    """An incremental update after signing that adds text to the page (a content change)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    extra = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 700 Td (DA SUA DOI) Tj ET")
    )
    page["/Contents"] = generic.ArrayObject([page.raw_get("/Contents"), extra])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def tamper(data: bytes) -> bytes:
    """The same bytes with one signed character changed (the signature no longer matches)."""
    assert data.count(TEXT) == 1
    return data.replace(TEXT, TEXT[:-1] + b"X")


def _signer(who: Identity, chain: list[x509.Certificate]) -> signers.SimpleSigner:
    return signers.SimpleSigner(
        signing_cert=_asn1(who.cert),
        signing_key=_key(who),
        cert_registry=SimpleCertificateStore.from_certs([_asn1(c) for c in chain]),
    )


def certify_no_changes(data: bytes, who: Identity, chain: list[x509.Certificate]) -> bytes:
    """A certification (author) signature whose DocMDP permissions forbid any change."""
    meta = signers.PdfSignatureMetadata(
        field_name="ChungThuc", certify=True, docmdp_permissions=MDPPerm.NO_CHANGES
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    return bytes(signers.sign_pdf(writer, meta, signer=_signer(who, chain)).getvalue())


def sign_despite_docmdp(data: bytes, who: Identity, chain: list[x509.Certificate]) -> bytes:
    """One more signature although the certifying signature forbids it (pyHanko refuses to
    make such a file unless its own check is switched off for the call)."""
    with mock.patch.object(PdfSigner, "_enforce_certification_constraints", lambda *a, **k: None):
        return sign_pdf(data, who, chain, "ChuKyCoQuan")


def document_timestamp(data: bytes, stamper: DummyTimeStamper) -> bytes:
    """A document timestamp (``/DocTimeStamp``, PAdES-B-LTA) over ``data``."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    out = signers.PdfTimeStamper(stamper).timestamp_pdf(writer, "sha256", in_place=False)
    return bytes(out.getvalue())


def legacy_subfilter(data: bytes) -> bytes:
    """The last signature's SubFilter renamed to the legacy ``adbe.pkcs7.sha1`` (one pyHanko
    does not list), which also changes the bytes that signature covers."""
    at = data.rfind(b"/adbe.pkcs7.detached")
    assert at > 0
    new = b"/adbe.pkcs7.sha1"
    return data[:at] + new.ljust(len(b"/adbe.pkcs7.detached")) + data[at + 20 :]


def share_signature_value(data: bytes, names: list[str]) -> bytes:
    """Signature fields named ``names`` added, each pointing at the first field's value (one
    signature seen through several fields)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    form = writer.root["/AcroForm"]
    fields = form["/Fields"]
    value = fields[0].get_object().raw_get("/V")
    for name in names:
        field = generic.DictionaryObject(
            {
                pdf_name("/FT"): pdf_name("/Sig"),
                pdf_name("/T"): generic.pdf_string(name),
                pdf_name("/V"): value,
            }
        )
        fields.append(writer.add_object(field))
    writer.update_container(form)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def append_zip(data: bytes) -> bytes:
    """A ZIP stuck on the end of the file (a PDF/ZIP polyglot): bytes no signature covers."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.exe", b"MZ" + b"x" * 100)
    return data + out.getvalue()


def empty_revisions(data: bytes, n: int) -> bytes:
    """``n`` incremental updates that change nothing but the catalogue's revision."""
    for _ in range(n):
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        writer.update_root()
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    return data
