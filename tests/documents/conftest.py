"""Signed PDFs (made here, signed with the throw-away test PKI) inside real edXML packages."""

from __future__ import annotations

import base64
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests import packages
from tests.sign.conftest import Identity, Pki, _issue, build_pki

pytest.importorskip("pyhanko", reason="the documents tier needs edocstd[pdf] (pyHanko)")

from .pdfs import (
    append_zip,
    certify_no_changes,
    change_content,
    document_timestamp,
    legacy_subfilter,
    make_pdf,
    sign_despite_docmdp,
    sign_pdf,
    tamper,
    timestamper,
)

FORMS = ("A", "B", "C")
"""Attachment forms of spec §1.2: A the SDK ZIP declared application/zip, B the SDK ZIP
declared with the document's own type, C the document itself."""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class DocPki:
    pki: Pki
    agency: Identity  # a certificate named like the agency (CN = O)
    tsa: Identity  # a time-stamping authority under the same root

    @property
    def chain(self) -> list[x509.Certificate]:
        return [self.pki.inter.cert]


@pytest.fixture(scope="session")
def doc_pki(tmp_path_factory: pytest.TempPathFactory) -> DocPki:
    d = tmp_path_factory.mktemp("doc-pki")
    pki = build_pki(d)
    agency = _issue(d, "agency", "Văn phòng Chính phủ (test)", pki.inter, ca=False)
    return DocPki(pki, agency, issue_tsa(d, pki.inter))


def signed_cases(p: DocPki) -> dict[str, bytes]:
    """The test matrix: name -> PDF bytes."""
    pdf = make_pdf()
    official = sign_pdf(pdf, p.pki.leaf, p.chain, "ChuKyLanhDao")
    both = sign_pdf(official, p.agency, p.chain, "ChuKyCoQuan")
    return {
        "official-then-agency": both,
        "agency-only": sign_pdf(pdf, p.agency, p.chain, "ChuKyCoQuan"),
        "unsigned": pdf,
        "modified-after-signing": change_content(both),
        "broken": tamper(both),
        "expired-signer": sign_pdf(
            sign_pdf(pdf, p.pki.expired, p.chain, "ChuKyLanhDao"), p.agency, p.chain, "ChuKyCoQuan"
        ),
        "untrusted-root": sign_pdf(pdf, p.pki.stranger, [p.pki.other_root.cert], "ChuKy"),
        # review 2: what pyHanko says beyond "intact" must reach the verdict
        "docmdp-violated": sign_despite_docmdp(
            certify_no_changes(pdf, p.pki.leaf, p.chain), p.agency, p.chain
        ),
        "document-timestamp": document_timestamp(both, timestamper(p.tsa, p.chain)),
        "legacy-subfilter": legacy_subfilter(both),
        "appended-data": append_zip(both),
    }


def issue_tsa(directory: Path, issuer: Identity) -> Identity:
    """A time-stamping authority certificate (extended key usage timeStamping, critical)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "edocstd Test TSA")]))
        .issuer_name(issuer.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=500))  # stamps times in the past too
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(issuer.key, hashes.SHA256())
    )
    return Identity(key, cert, directory / "tsa.key", directory / "tsa.pem")


@pytest.fixture(scope="session")
def cases(doc_pki: DocPki) -> dict[str, bytes]:
    return signed_cases(doc_pki)


def sdk_zip(data: bytes, ext: str = ".pdf") -> bytes:
    """The official SDK's wrapping: a ZIP with one entry named ``<uuid><ext>``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"6f1c2b9e-4a51-4c3e-9d0a-2b7e5d8c1f30{ext}", data)
    return out.getvalue()


def attachment(n: int, name: str, data: bytes, form: str) -> packages.Attachment:
    """``data`` attached in ``form`` (A, B or C) as attachment ``n``."""
    if form == "A":
        data, content_type = sdk_zip(data), "application/zip"
    elif form == "B":
        data, content_type = sdk_zip(data), "application/pdf"
    else:
        content_type = "application/pdf"
    return packages.Attachment(
        name, base64.b64encode(data).decode("ascii"), content_type, f"cid:{n}", None
    )


def package(documents: list[tuple[str, bytes]], form: str) -> bytes:
    """A new-document package carrying ``documents`` (name, PDF bytes) in ``form``."""
    atts = [attachment(n, name, data, form) for n, (name, data) in enumerate(documents, 1)]
    return packages.edoc_xml(attachments=atts).encode("utf-8")


def write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path
