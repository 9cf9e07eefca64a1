"""Trust as RFC 5280 says (issue 10): critical extensions, name constraints, key purposes,
validity at the signing time, bounded path discovery, and the signer bound to the sender."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import ExtendedKeyUsageOID

from edocstd._errors import SignatureError
from edocstd._sign import Policy, sign, verify
from edocstd._sign.binding import SignerRegistry
from edocstd._sign.trust import MAX_KEYINFO_CERTIFICATES, MAX_SIGNATURE_CHECKS
from tests.complexity import assert_linear

from .certs import NOW, UNKNOWN, Cert, issue, name
from .conftest import make_edoc

SENDER = "000.00.00.G22"  # MessageHeader/From/OrganId of make_edoc()
EDOC = make_edoc()


@pytest.fixture(scope="module")
def root() -> Cert:
    return issue(name("Root CA (test)"), None, ca=True)


@pytest.fixture(scope="module")
def inter(root: Cert) -> Cert:
    return issue(name("Issuing CA (test)"), root, ca=True)


def _signed(leaf: Cert, chain: list[x509.Certificate]) -> bytes:
    return sign(EDOC, key=leaf.key, cert=leaf.cert, chain=chain, check_cert=False)


def _verify(data: bytes, root: Cert, **policy: object):  # type: ignore[no-untyped-def]
    return verify(data, trust=[root.cert], policy=Policy(**policy))  # type: ignore[arg-type]


def test_plain_path_is_valid(root: Cert, inter: Cert) -> None:
    leaf = issue(name("Nguyễn Văn A", "Văn phòng Chính phủ"), inter)
    result = _verify(_signed(leaf, [inter.cert]), root)
    assert result.valid, result.message
    assert len(result.chain) == 3


# -- critical extensions -------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["signer", "issuer"])
def test_unknown_critical_extension_is_refused(root: Cert, where: str) -> None:
    marked = [(UNKNOWN, True)]
    ca = issue(name("Issuing CA (test)"), root, ca=True, extra=marked if where == "issuer" else ())
    leaf = issue(name("Nguyễn Văn A"), ca, extra=marked if where == "signer" else ())
    result = _verify(_signed(leaf, [ca.cert]), root)
    assert result.verdict == "indeterminate" and result.reason == "UNTRUSTED"
    assert "critical" in result.message and "1.3.6.1.4.1.99999.1" in result.message


def test_unknown_non_critical_extension_is_ignored(root: Cert, inter: Cert) -> None:
    leaf = issue(name("Nguyễn Văn A"), inter, extra=[(UNKNOWN, False)])
    assert _verify(_signed(leaf, [inter.cert]), root).valid


# -- name constraints ----------------------------------------------------------------------------


def _constrained(
    root: Cert,
    permitted: list[x509.GeneralName] | None,
    excluded: list[x509.GeneralName] | None = None,
) -> Cert:
    nc = x509.NameConstraints(permitted_subtrees=permitted, excluded_subtrees=excluded)
    return issue(name("Ministry CA (test)"), root, ca=True, extra=[(nc, True)])


def _org_subtree(org: str) -> x509.DirectoryName:
    return x509.DirectoryName(
        x509.Name(
            [
                x509.NameAttribute(x509.NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(x509.NameOID.ORGANIZATION_NAME, org),
            ]
        )
    )


def test_name_constraints_directory_name_permitted(root: Cert) -> None:
    ca = _constrained(root, [_org_subtree("Bộ Tài chính")])
    inside = issue(name("Trần Thị B", "Bộ Tài chính"), ca)
    outside = issue(name("Trần Thị B", "Văn phòng Chính phủ"), ca)
    assert _verify(_signed(inside, [ca.cert]), root).valid
    result = _verify(_signed(outside, [ca.cert]), root)
    assert result.reason == "UNTRUSTED" and "nameConstraints" in result.message


def test_name_constraints_directory_name_excluded(root: Cert) -> None:
    ca = _constrained(root, None, [_org_subtree("Văn phòng Chính phủ")])
    assert _verify(_signed(issue(name("B", "Bộ Tài chính"), ca), [ca.cert]), root).valid
    result = _verify(_signed(issue(name("B", "Văn phòng Chính phủ"), ca), [ca.cert]), root)
    assert result.reason == "UNTRUSTED" and "excluded" in result.message


def test_name_constraints_email_in_subject_alt_name(root: Cert) -> None:
    ca = _constrained(root, [x509.RFC822Name("mof.gov.vn")])

    def leaf(mail: str) -> Cert:
        san = x509.SubjectAlternativeName([x509.RFC822Name(mail)])
        return issue(name("Trần Thị B"), ca, extra=[(san, False)])

    assert _verify(_signed(leaf("b@mof.gov.vn"), [ca.cert]), root).valid
    result = _verify(_signed(leaf("b@evil.example"), [ca.cert]), root)
    assert result.reason == "UNTRUSTED" and "name constraint" in result.message


# -- key usage and purposes ----------------------------------------------------------------------


def test_tls_server_only_certificate_is_not_a_signer(root: Cert, inter: Cert) -> None:
    leaf = issue(name("portal.gov.vn.example"), inter, purposes=[ExtendedKeyUsageOID.SERVER_AUTH])
    data = _signed(leaf, [inter.cert])
    for result in (_verify(data, root), verify(data)):  # with and without trust anchors
        assert result.verdict == "invalid" and result.reason == "KEY_USAGE"
        assert "serverAuth" in result.message and "extendedKeyUsage" in result.message


def test_vietnamese_token_certificate_purposes_are_signers(root: Cert, inter: Cert) -> None:
    purposes = [ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.EMAIL_PROTECTION]
    leaf = issue(name("Nguyễn Văn A"), inter, purposes=purposes)
    assert _verify(_signed(leaf, [inter.cert]), root).valid


def test_signer_purposes_are_a_policy(root: Cert, inter: Cert) -> None:
    leaf = issue(name("Nguyễn Văn A"), inter, purposes=[ExtendedKeyUsageOID.CLIENT_AUTH])
    data = _signed(leaf, [inter.cert])
    strict = _verify(data, root, signer_ekus={"1.3.6.1.5.5.7.3.36"})
    assert strict.reason == "KEY_USAGE"


def test_issuer_without_key_cert_sign_is_refused(root: Cert) -> None:
    usage = x509.KeyUsage(True, False, False, False, False, False, True, False, False)
    ca = issue(name("Issuing CA (test)"), root, ca=True, usage=usage)
    result = _verify(_signed(issue(name("A"), ca), [ca.cert]), root)
    assert result.reason == "KEY_USAGE" and "may not sign certificates" in result.message


# -- validity at the signing time ----------------------------------------------------------------


def test_expired_at_signing_time() -> None:
    long_ago = NOW - dt.timedelta(days=3000)
    root = issue(name("Old Root CA"), None, ca=True, not_before=long_ago)
    inter = issue(name("Old Issuing CA"), root, ca=True, not_before=long_ago)
    leaf = issue(
        name("Nguyễn Văn A"),
        inter,
        not_before=NOW - dt.timedelta(days=400),
        not_after=NOW - dt.timedelta(days=35),
    )
    data = _signed(leaf, [inter.cert])
    at_signing = _verify(data, root, validation_time=NOW - dt.timedelta(days=100))
    assert at_signing.valid, at_signing.message
    late = _verify(data, root, validation_time=NOW - dt.timedelta(days=10))
    assert late.verdict == "indeterminate" and late.reason == "EXPIRED"
    assert "expired on" in late.message
    assert _verify(data, root).reason == "EXPIRED"  # no signing time known: now


def test_not_yet_valid_at_signing_time(root: Cert, inter: Cert) -> None:
    leaf = issue(name("Nguyễn Văn A"), inter)
    result = _verify(_signed(leaf, [inter.cert]), root, validation_time=NOW - dt.timedelta(days=60))
    assert result.reason == "NOT_YET_VALID"


# -- bounded path discovery ----------------------------------------------------------------------


def _loop_package(n: int) -> tuple[bytes, Cert]:
    """n CA certificates with the same name and key, each 'issuing' the others, in KeyInfo."""
    loop = issue(name("Loop CA"), None, ca=True)
    copies = [issue(name("Loop CA"), None, ca=True, key=loop.key).cert for _ in range(n)]
    leaf = issue(name("Nguyễn Văn A"), loop)
    return _signed(leaf, copies), issue(name("Unrelated Root"), None, ca=True)


def test_looping_ca_certificates_are_untrusted_in_linear_time() -> None:
    data, unrelated = _loop_package(6)
    result = _verify(data, unrelated)
    assert result.reason == "UNTRUSTED" and result.intact
    built = {n: _loop_package(n) for n in (6, 24)}
    assert_linear(lambda n: built[n], lambda pair: _verify(pair[0], pair[1]), 6)


def test_long_same_name_ca_chain_hits_the_signature_check_limit() -> None:
    """Distinct keys under one name, each certified by the next: every level of the search
    tries every candidate, so discovery stops at the documented cap, with a reason saying so."""
    keys = [issue(name("Mesh CA"), None, ca=True) for _ in range(MAX_KEYINFO_CERTIFICATES - 1)]
    mesh = [
        issue(
            name("Mesh CA"), None, ca=True, key=a.key, issuer_name=name("Mesh CA"), issuer_key=b.key
        ).cert
        for a, b in zip(keys, keys[1:] + keys[:1], strict=True)
    ]
    leaf = issue(name("Nguyễn Văn A"), keys[0])
    result = _verify(_signed(leaf, mesh), issue(name("Unrelated Root"), None, ca=True))
    assert result.reason == "UNTRUSTED"
    assert f"limit of {MAX_SIGNATURE_CHECKS} signature checks" in result.message


def _repeated_certificates(n: int, signed: bytes) -> bytes:
    start = signed.index(b"<ds:X509Certificate>")
    end = signed.index(b"</ds:X509Certificate>") + len(b"</ds:X509Certificate>")
    one = signed[start:end]
    return signed[:start] + one * n + signed[end:]


def test_repeated_x509_certificates_are_capped_in_linear_time(root: Cert, inter: Cert) -> None:
    signed = _signed(issue(name("Nguyễn Văn A"), inter), [inter.cert])
    few = _verify(_repeated_certificates(MAX_KEYINFO_CERTIFICATES - 1, signed), root)
    assert few.valid, few.message  # duplicates under the cap are harmless
    many = _verify(_repeated_certificates(8000, signed), root)
    assert many.reason == "MALFORMED" and f"at most {MAX_KEYINFO_CERTIFICATES}" in many.message
    assert_linear(lambda n: _repeated_certificates(n, signed), lambda d: _verify(d, root), 2000)


# -- who signed for whom -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def official(inter: Cert) -> Cert:
    return issue(name("Nguyễn Văn A", "Văn phòng Chính phủ"), inter)


def test_without_registry_a_warning_names_both_sides(
    root: Cert, inter: Cert, official: Cert
) -> None:
    result = _verify(_signed(official, [inter.cert]), root)
    assert result.valid
    assert result.binding is not None
    assert (result.binding.bound, result.binding.method) == (None, "none")
    assert result.binding.sender == SENDER
    warning = next(w for w in result.warnings if SENDER in w)
    assert "Nguyễn Văn A" in warning and "Văn phòng Chính phủ" in warning
    assert "not checked" in result.summary()
    assert result.to_dict()["binding"]["method"] == "none"


def test_registry_binds_signer_by_fingerprint(root: Cert, inter: Cert, official: Cert) -> None:
    fp = official.cert.fingerprint(hashes.SHA256()).hex()
    registry = SignerRegistry.from_dict({SENDER: [{"fingerprint_sha256": fp.upper()}]})
    result = _verify(_signed(official, [inter.cert]), root, signers=registry)
    assert result.valid and result.binding is not None
    assert (result.binding.bound, result.binding.method) == (True, "registry")
    assert not any(SENDER in w for w in result.warnings)


def test_registry_refuses_signer_of_another_agency(root: Cert, inter: Cert, official: Cert) -> None:
    other = issue(name("Lê Văn C", "UBND tỉnh Nghệ An"), inter)
    registry = SignerRegistry.from_dict(
        {
            SENDER: [{"subject": official.cert.subject.rfc4514_string()}],
            "000.00.00.H41": [{"subject": other.cert.subject.rfc4514_string()}],
        }
    )
    result = _verify(_signed(other, [inter.cert]), root, signers=registry)
    assert result.verdict == "invalid" and result.reason == "SIGNER_NOT_BOUND"
    assert result.intact and result.binding is not None and result.binding.bound is False
    assert SENDER in result.message
    unlisted = SignerRegistry.from_dict({"000.00.00.H41": [{"fingerprint_sha256": "00"}]})
    result = _verify(_signed(official, [inter.cert]), root, signers=unlisted)
    assert result.reason == "SIGNER_NOT_BOUND" and "no entry for" in result.message


def test_registry_by_issuer_and_serial_from_a_file(
    root: Cert, inter: Cert, official: Cert, tmp_path: Path
) -> None:
    rule = {
        "issuer": inter.cert.subject.rfc4514_string(),
        "serial": format(official.cert.serial_number, "X"),
    }
    path = tmp_path / "signers.json"
    path.write_text(json.dumps({SENDER: [rule]}), encoding="utf-8")
    result = _verify(_signed(official, [inter.cert]), root, signers=SignerRegistry.from_file(path))
    assert result.valid and result.binding is not None and result.binding.bound is True


def test_caller_function_decides(root: Cert, inter: Cert, official: Cert) -> None:
    seen: list[tuple[str, str]] = []

    def check(organ_id: str, signer) -> bool:  # type: ignore[no-untyped-def]
        seen.append((organ_id, signer.organization))
        return False

    result = _verify(_signed(official, [inter.cert]), root, signers=check)
    assert seen == [(SENDER, "Văn phòng Chính phủ")]
    assert result.reason == "SIGNER_NOT_BOUND" and result.binding is not None
    assert result.binding.method == "function"


@pytest.mark.parametrize(
    "content",
    [
        '{"000.00.00.G22": "not a list"}',
        "[1, 2]",
        "{not json",
        '{"000.00.00.G22": [{"subject": "CN=a", "serial": "1"}]}',
    ],
)
def test_bad_registry_file_is_a_signature_error(content: str, tmp_path: Path) -> None:
    path = tmp_path / "signers.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SignatureError):
        SignerRegistry.from_file(path)
    with pytest.raises(SignatureError):
        SignerRegistry.from_file(tmp_path / "missing.json")
