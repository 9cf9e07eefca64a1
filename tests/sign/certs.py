"""A flexible certificate factory for the trust tests (extensions, purposes, times)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NOW = dt.datetime.now(dt.timezone.utc)
CA_USAGE = x509.KeyUsage(False, False, False, False, False, True, True, False, False)
SIGN_USAGE = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
UNKNOWN = x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.4.1.99999.1"), b"\x05\x00")


@dataclass
class Cert:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate


def name(cn: str, org: str | None = None) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if org:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


def issue(
    subject: x509.Name,
    issuer: Cert | None,
    *,
    ca: bool = False,
    key: ec.EllipticCurvePrivateKey | None = None,
    issuer_name: x509.Name | None = None,
    issuer_key: ec.EllipticCurvePrivateKey | None = None,
    usage: x509.KeyUsage | None = None,
    purposes: Sequence[x509.ObjectIdentifier] | None = None,
    extra: Sequence[tuple[x509.ExtensionType, bool]] = (),
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
) -> Cert:
    key = key or ec.generate_private_key(ec.SECP256R1())
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name or (issuer.cert.subject if issuer else subject))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or NOW - dt.timedelta(days=30))
        .not_valid_after(not_after or NOW + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(usage or (CA_USAGE if ca else SIGN_USAGE), critical=True)
    )
    if purposes is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage(purposes), critical=False)
    for ext, critical in extra:
        builder = builder.add_extension(ext, critical=critical)
    signer = issuer_key or (issuer.key if issuer else key)
    return Cert(key, builder.sign(signer, hashes.SHA256()))
