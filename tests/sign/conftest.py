"""A throw-away test PKI (generated per session, never committed) and small edXML packages."""

from __future__ import annotations

import base64
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from tests import packages

NOW = dt.datetime.now(dt.timezone.utc)


@dataclass
class Identity:
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    key_path: Path
    cert_path: Path

    @property
    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    @property
    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


@dataclass
class Pki:
    dir: Path
    root: Identity
    inter: Identity
    leaf: Identity
    expired: Identity
    bad_usage: Identity
    ecdsa: Identity
    other_root: Identity
    stranger: Identity  # a leaf issued by other_root


def _name(cn: str, org: str = "Văn phòng Chính phủ (test)") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _issue(
    directory: Path,
    label: str,
    cn: str,
    issuer: Identity | None,
    *,
    ca: bool,
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | None = None,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
    usage: str = "sign",
) -> Identity:
    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = _name(cn)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or NOW - dt.timedelta(days=1000 if ca else 1))
        .not_valid_after(not_after or NOW + dt.timedelta(days=3650 if ca else 365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    if ca:
        ku = x509.KeyUsage(False, False, False, False, False, True, True, False, False)
    elif usage == "sign":
        ku = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
    else:  # key encipherment only: not allowed to sign documents
        ku = x509.KeyUsage(False, False, True, False, False, False, False, False, False)
    builder = builder.add_extension(ku, critical=True)
    signing_key = issuer.key if issuer else key
    cert = builder.sign(signing_key, hashes.SHA256())
    ident = Identity(key, cert, directory / f"{label}.key", directory / f"{label}.pem")
    ident.key_path.write_bytes(ident.key_pem)
    ident.cert_path.write_bytes(ident.cert_pem)
    return ident


def build_pki(d: Path) -> Pki:
    root = _issue(d, "root", "edocstd Test Root CA", None, ca=True)
    inter = _issue(d, "inter", "edocstd Test Issuing CA", root, ca=True)
    leaf = _issue(d, "leaf", "Nguyễn Văn A", inter, ca=False)
    expired = _issue(
        d, "expired", "Expired Signer", inter, ca=False,
        not_before=NOW - dt.timedelta(days=400), not_after=NOW - dt.timedelta(days=35),
    )
    bad_usage = _issue(d, "bad_usage", "Encryption Only", inter, ca=False, usage="encrypt")
    ecdsa = _issue(d, "ecdsa", "ECDSA Signer", inter, ca=False,
                   key=ec.generate_private_key(ec.SECP256R1()))
    other_root = _issue(d, "other_root", "Somebody Else Root", None, ca=True)
    stranger = _issue(d, "stranger", "Nguyễn Văn A", other_root, ca=False)
    return Pki(d, root, inter, leaf, expired, bad_usage, ecdsa, other_root, stranger)


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return build_pki(tmp_path_factory.mktemp("pki"))


QCVN = packages.NS

_NGHE_AN = "UBND Tỉnh Nghệ An"

STATUS = packages.status_xml(
    sender=packages.organization("From", "000.00.00.H41", _NGHE_AN),
    status_code="01",
    timestamp="2018/09/28 17:25:11",
).encode()


def make_edoc(payload: bytes = b"%PDF-1.4 test payload\n" * 20) -> bytes:
    """A minimal new-document package (header essentials only) with one PDF attachment."""
    return packages.edoc_xml(
        sender=packages.organization("From", "000.00.00.G22", "Văn phòng Chính phủ"),
        recipients=(packages.organization("To", "000.00.00.H41", _NGHE_AN),),
        document_id="000.00.00.G22,2024/05/06,123/VPCP-TTĐT",
        code=None,
        promulgation=None,
        document_type=None,
        subject="V/v kết nối, liên thông phần mềm quản lý văn bản",
        content=None,
        signer=None,
        due_date=None,
        other=None,
        steering_type=None,
        to_places=None,
        bussiness=packages.business(0, None),
        trace=("000.00.00.G22", "2024/05/06 10:00:00"),
        attachments=[packages.Attachment(
            "cong-van.pdf", base64.b64encode(payload).decode("ascii"), description=None)],
    ).encode("utf-8")


@pytest.fixture(scope="session")
def edoc() -> bytes:
    return make_edoc()


@pytest.fixture(scope="session")
def large_edoc() -> bytes:
    """An edoc whose payload is long enough to be streamed (cut out of the tree)."""
    return make_edoc(os.urandom(200_000))


@pytest.fixture(scope="session")
def status_pkg() -> bytes:
    return STATUS


SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "conformance" / "sdk-samples"
SAMPLES_ENV = os.environ.get("EDOCSTD_SDK_SAMPLES")
if SAMPLES_ENV:
    SAMPLES = Path(SAMPLES_ENV)
