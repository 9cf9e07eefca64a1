"""Two-phase (external) signing and PKCS#11 through SoftHSM2."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, utils

from edocstd._errors import InvalidSignature, SignatureError
from edocstd._sign import Pkcs11Signer, PreparedSignature, complete, prepare, sign, verify

from .conftest import Pki


def _verdicts(pki: Pki, data: bytes) -> tuple[str, str, int]:
    r = verify(data, trust=pki.root.cert_path)
    return r.verdict, r.reason, r.trace_entries_added


def test_prepare_complete_rsa(pki: Pki, edoc: bytes) -> None:
    prepared = prepare(edoc, cert=pki.leaf.cert_path, chain=[pki.inter.cert_path])
    assert prepared.hash_name == "sha256" and prepared.kind == "rsa"
    # "elsewhere": the service signs the bytes
    value = pki.leaf.key.sign(prepared.signed_info, padding.PKCS1v15(), hashes.SHA256())
    signed = complete(prepared, value)
    direct = sign(edoc, key=pki.leaf.key, cert=pki.leaf.cert, chain=[pki.inter.cert])
    assert _verdicts(pki, signed) == _verdicts(pki, direct) == ("valid", "OK", 0)
    # same document apart from the signature value (RSA PKCS#1 v1.5 is deterministic)
    assert signed == direct


def test_prepare_complete_prehashed_and_json(pki: Pki, edoc: bytes) -> None:
    prepared = prepare(edoc, cert=pki.leaf.cert, chain=[pki.inter.cert])
    travelled = PreparedSignature.from_json(prepared.to_json())
    assert travelled == prepared
    # a remote service that signs a pre-computed hash
    value = pki.leaf.key.sign(travelled.digest, padding.PKCS1v15(),
                              utils.Prehashed(hashes.SHA256()))
    import base64

    signed = complete(travelled, base64.b64encode(value).decode())
    assert _verdicts(pki, signed) == ("valid", "OK", 0)
    assert travelled.digest_info.endswith(travelled.digest)


def test_prepare_complete_ecdsa_der_value(pki: Pki, edoc: bytes) -> None:
    prepared = prepare(edoc, cert=pki.ecdsa.cert, chain=[pki.inter.cert])
    assert prepared.kind == "ecdsa"
    key = pki.ecdsa.key
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    der = key.sign(prepared.signed_info, ec.ECDSA(hashes.SHA256()))  # DER, as tokens return
    signed = complete(prepared, der)
    assert _verdicts(pki, signed) == ("valid", "OK", 0)


def test_complete_refuses_wrong_value(pki: Pki, edoc: bytes) -> None:
    prepared = prepare(edoc, cert=pki.leaf.cert)
    wrong = pki.leaf.key.sign(b"something else", padding.PKCS1v15(), hashes.SHA256())
    with pytest.raises(InvalidSignature, match="does not verify") as caught:
        complete(prepared, wrong)
    assert caught.value.message("vi").startswith("giá trị chữ ký không khớp")
    with pytest.raises(SignatureError):
        PreparedSignature.from_json("{}")


# -- PKCS#11 / SoftHSM2 ------------------------------------------------------------------------

from tests.softhsm import MODULE, UTIL  # noqa: E402 - with the other PKCS#11 helpers


@pytest.fixture(scope="module")
def softhsm(pki: Pki, tmp_path_factory: pytest.TempPathFactory) -> Pkcs11Signer:
    pytest.importorskip("pkcs11")
    if MODULE is None or UTIL is None:
        pytest.skip("SoftHSM2 is not installed")
    d = tmp_path_factory.mktemp("softhsm")
    (d / "tokens").mkdir()
    conf = d / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {d / 'tokens'}\nobjectstore.backend = file\n"
                    "log.level = ERROR\n")
    old = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    env = dict(os.environ)
    pin = "123456"
    run = {"check": True, "env": env, "capture_output": True, "timeout": 60}
    subprocess.run([UTIL, "--init-token", "--free", "--label", "edocstd-test", "--pin", pin,
                    "--so-pin", "654321"], **run)  # type: ignore[call-overload]
    for label, ident in (("rsa-key", pki.leaf), ("ec-key", pki.ecdsa)):
        subprocess.run([UTIL, "--import", str(ident.key_path), "--token", "edocstd-test",
                        "--label", label, "--id", "01" if label == "rsa-key" else "02",
                        "--pin", pin], **run)  # type: ignore[call-overload]
    import pkcs11

    pkcs11.lib(MODULE).reinitialize()  # SoftHSM is loaded once per process: see this folder
    yield Pkcs11Signer(MODULE, "edocstd-test", pin, "rsa-key")  # type: ignore[misc]
    if old is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = old


@pytest.mark.softhsm
@pytest.mark.parametrize("size", ["small", "large"])
def test_pkcs11_rsa(pki: Pki, size: str, softhsm: Pkcs11Signer,
                    request: pytest.FixtureRequest) -> None:
    edoc: bytes = request.getfixturevalue("edoc" if size == "small" else "large_edoc")
    assert "123456" not in repr(softhsm)
    signed = sign(edoc, key=softhsm, cert=pki.leaf.cert, chain=[pki.inter.cert])
    assert _verdicts(pki, signed) == ("valid", "OK", 0)
    direct = sign(edoc, key=pki.leaf.key, cert=pki.leaf.cert, chain=[pki.inter.cert])
    assert signed == direct


@pytest.mark.softhsm
def test_pkcs11_ecdsa_and_errors(pki: Pki, edoc: bytes, softhsm: Pkcs11Signer) -> None:
    ec_signer = Pkcs11Signer(softhsm.module_path, "edocstd-test", "123456", "ec-key")
    signed = sign(edoc, key=ec_signer, cert=pki.ecdsa.cert, chain=[pki.inter.cert])
    assert _verdicts(pki, signed) == ("valid", "OK", 0)
    with pytest.raises(SignatureError, match="PIN"):
        sign(edoc, key=Pkcs11Signer(softhsm.module_path, "edocstd-test", "000000", "rsa-key"),
             cert=pki.leaf.cert)
    with pytest.raises(SignatureError, match="no private key"):
        sign(edoc, key=Pkcs11Signer(softhsm.module_path, "edocstd-test", "123456", "nope"),
             cert=pki.leaf.cert)
    with pytest.raises(SignatureError, match="token"):
        sign(edoc, key=Pkcs11Signer(softhsm.module_path, "missing", "123456", "rsa-key"),
             cert=pki.leaf.cert)
    # the token's key does not match this certificate
    with pytest.raises(SignatureError, match="does not verify"):
        sign(edoc, key=softhsm, cert=pki.stranger.cert)


def test_pkcs11_module_missing(pki: Pki, edoc: bytes, tmp_path: Path) -> None:
    pytest.importorskip("pkcs11")
    signer = Pkcs11Signer(tmp_path / "nope.so", "t", "1", "k")
    with pytest.raises(SignatureError, match="PKCS#11 module"):
        sign(edoc, key=signer, cert=pki.leaf.cert)


@pytest.mark.parametrize("size", ["small", "large"])
@pytest.mark.parametrize("profile", ["vdxp", "legacy"])
def test_two_phase_equals_direct(pki: Pki, profile: str, size: str,
                                 request: pytest.FixtureRequest) -> None:
    edoc: bytes = request.getfixturevalue("edoc" if size == "small" else "large_edoc")
    prepared = prepare(edoc, cert=pki.leaf.cert, chain=[pki.inter.cert], profile=profile)
    hash_alg = hashes.SHA256() if prepared.hash_name == "sha256" else hashes.SHA1()
    value = pki.leaf.key.sign(prepared.signed_info, padding.PKCS1v15(), hash_alg)
    direct = sign(edoc, key=pki.leaf.key, cert=pki.leaf.cert, chain=[pki.inter.cert],
                  profile=profile)
    assert complete(prepared, value) == direct


class _Remote:
    """A stand-in for a remote signing service (ExternalKey protocol)."""

    def __init__(self, key: object, fail: bool = False) -> None:
        self.key = key
        self.fail = fail
        self.calls: list[str] = []

    def sign_xmldsig(self, data: bytes, signature_method: str) -> bytes:
        self.calls.append(signature_method)
        if self.fail:
            raise RuntimeError("service unavailable")
        return self.key.sign(data, padding.PKCS1v15(), hashes.SHA256())  # type: ignore[attr-defined,no-any-return]


def test_external_key_protocol(pki: Pki, edoc: bytes) -> None:
    remote = _Remote(pki.leaf.key)
    signed = sign(edoc, key=remote, cert=pki.leaf.cert, chain=[pki.inter.cert])
    assert remote.calls == ["http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"]
    assert _verdicts(pki, signed) == ("valid", "OK", 0)
    with pytest.raises(SignatureError, match="service unavailable"):
        sign(edoc, key=_Remote(pki.leaf.key, fail=True), cert=pki.leaf.cert)
    with pytest.raises(InvalidSignature, match="does not verify") as caught:
        sign(edoc, key=_Remote(pki.stranger.key), cert=pki.leaf.cert)
    assert caught.value.message("vi").startswith("giá trị chữ ký không khớp")
