"""PKCS#11 as tokens are used here (issue 16, item 9): the certificate lives on the token beside
the key (same CKA_ID), ``edocstd token list`` shows both, signing needs no certificate file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import edocstd
from edocstd import Pkcs11Signer, SignatureError, list_token_objects, sign, verify
from edocstd.cli import main
from tests.softhsm import SoftHsm

from .conftest import Pki

PIN = "246810"


@pytest.fixture
def token(pki: Pki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SoftHsm:
    """As a Vietnamese CA issues it: the key and its certificate share an id; the issuing CA's
    certificate is there too."""
    hsm = SoftHsm.create(tmp_path / "hsm", monkeypatch, label="vnpt-ca", pin=PIN)
    hsm.import_key(pki.leaf.key_path, "Nguyen Van A", key_id=b"\x01")
    hsm.import_certificate(pki.leaf.cert_path, "Nguyen Van A", key_id=b"\x01")
    hsm.import_certificate(pki.inter.cert_path, "CA", key_id=b"\x09")
    hsm.import_key(pki.ecdsa.key_path, "ky so 2", key_id=b"\x02")  # a key without certificate
    return hsm


def _kinds(objects: list[edocstd.TokenObject]) -> set[tuple[str, str, str]]:
    return {(o.kind, o.key_id, o.label) for o in objects}


def test_list_shows_keys_and_certificates_with_their_ids(token: SoftHsm, pki: Pki) -> None:
    public = list_token_objects(token.module, token_label="vnpt-ca")
    assert ("certificate", "01", "Nguyen Van A") in _kinds(public)
    assert not any(o.kind == "private-key" for o in public)  # not logged in
    logged_in = list_token_objects(token.module, token_label="vnpt-ca", pin=PIN)
    assert {("private-key", "01", "Nguyen Van A"), ("private-key", "02", "ky so 2")} <= _kinds(
        logged_in
    )
    (leaf,) = [o for o in logged_in if o.kind == "certificate" and o.key_id == "01"]
    assert leaf.subject == pki.leaf.cert.subject.rfc4514_string()
    assert leaf.not_after == pki.leaf.cert.not_valid_after_utc
    assert list_token_objects(token.module, token_label="no-such-token") == []


def test_the_certificate_is_found_by_id_or_label(token: SoftHsm, pki: Pki) -> None:
    by_id = Pkcs11Signer(token.module, "vnpt-ca", PIN, key_id="01")
    by_label = Pkcs11Signer(token.module, "vnpt-ca", PIN, "Nguyen Van A")
    for signer in (by_id, by_label):
        assert signer.certificate() == pki.leaf.cert
    no_cert = Pkcs11Signer(token.module, "vnpt-ca", PIN, key_id=b"\x02")
    with pytest.raises(SignatureError, match="give cert="):
        no_cert.certificate()


def test_sign_with_a_token_needs_no_certificate_file(token: SoftHsm, pki: Pki, edoc: bytes) -> None:
    signer = Pkcs11Signer(token.module, "vnpt-ca", PIN, key_id="01")
    signed = sign(edoc, key=signer, chain=[pki.inter.cert])
    result = verify(signed, trust=pki.root.cert)
    assert result.valid and result.signer is not None
    assert result.signer.common_name == "Nguyễn Văn A"
    assert PIN not in repr(signer)


def test_a_key_is_named_by_label_or_hex_id(token: SoftHsm) -> None:
    with pytest.raises(SignatureError, match="key_label or key_id"):
        Pkcs11Signer(token.module, "vnpt-ca", PIN)
    with pytest.raises(SignatureError, match="hexadecimal"):
        Pkcs11Signer(token.module, "vnpt-ca", PIN, key_id="xyz")
    with pytest.raises(SignatureError, match="no private key"):
        Pkcs11Signer(token.module, "vnpt-ca", PIN, key_id="07").certificate()


def test_cli_token_list(token: SoftHsm, capsys: pytest.CaptureFixture[str],
                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_PIN", PIN)
    assert main(["token", "list", "--module", token.module, "--pin-env", "MY_PIN", "--json"]) == 0
    captured = capsys.readouterr()
    objects = json.loads(captured.out)["objects"]
    assert {(o["kind"], o["key_id"]) for o in objects} >= {
        ("private-key", "01"), ("certificate", "01"), ("certificate", "09")
    }
    cert = next(o for o in objects if o["kind"] == "certificate" and o["key_id"] == "01")
    assert cert["not_after"].startswith("20") and "T" in cert["not_after"]  # ISO 8601
    assert main(["token", "list", "--module", token.module, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "certificate" in out and "id=01" in out and "private key" not in out
    assert PIN not in captured.out + captured.err + out


def test_cli_sign_with_a_token_and_no_cert(token: SoftHsm, pki: Pki, edoc: bytes, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_PIN", PIN)
    source, out = tmp_path / "in.edxml", tmp_path / "out.edxml"
    source.write_bytes(edoc)
    assert main(["sign", str(source), "-o", str(out), "--pkcs11-module", token.module,
                 "--token", "vnpt-ca", "--key-id", "01", "--pin-env", "MY_PIN",
                 "--chain", str(pki.inter.cert_path)]) == 0
    assert verify(out, trust=pki.root.cert).valid


def test_cli_token_list_without_the_module(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pkcs11")
    assert main(["token", "list", "--module", str(tmp_path / "nope.so"), "--lang", "en"]) == 2
    assert "cannot load the PKCS#11 module" in capsys.readouterr().err
