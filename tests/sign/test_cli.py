"""``edocstd sign`` / ``edocstd verify`` (through the sub-command module's parser)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from edocstd.cli import main

from .conftest import Pki


def run(argv: list[str]) -> int:
    return main([*argv, "--lang", "en"])


@pytest.fixture
def files(pki: Pki, edoc: bytes, tmp_path: Path) -> Path:
    (tmp_path / "in.edxml").write_bytes(edoc)
    return tmp_path


def test_sign_then_verify(pki: Pki, files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = files / "out.edxml"
    rc = run(["sign", str(files / "in.edxml"), "--key", str(pki.leaf.key_path), "--cert",
              str(pki.leaf.cert_path), "--chain", str(pki.inter.cert_path), "-o", str(out)])
    assert rc == 0 and out.exists()
    capsys.readouterr()
    assert run(["verify", str(out), "--trust", str(pki.root.cert_path)]) == 0
    text = capsys.readouterr().out
    assert "VALID" in text and "Nguyễn Văn A" in text
    assert run(["verify", str(out), "--trust", str(pki.root.cert_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is True and data["reason"] == "OK"
    assert data["signer"]["common_name"] == "Nguyễn Văn A"
    # without trust anchors: indeterminate -> exit 1
    assert run(["verify", str(out)]) == 1
    # tampered -> 1
    tampered = files / "tampered.edxml"
    tampered.write_bytes(out.read_bytes().replace(b"123/VPCP", b"124/VPCP"))
    capsys.readouterr()
    assert run(["verify", str(tampered), "--trust", str(pki.root.cert_path), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["reason"] == "HASH_FAILURE"


def test_legacy_and_replace(pki: Pki, files: Path) -> None:
    out = files / "legacy.edxml"
    args = ["sign", str(files / "in.edxml"), "--key", str(pki.leaf.key_path), "--cert",
            str(pki.leaf.cert_path), "--chain", str(pki.inter.cert_path), "--profile", "legacy",
            "-o", str(out)]
    assert run(args) == 0
    assert run(["verify", str(out), "--trust", str(pki.root.cert_path)]) == 1
    assert run(["verify", str(out), "--trust", str(pki.root.cert_path), "--legacy"]) == 0
    again = files / "again.edxml"
    base = ["sign", str(out), "--key", str(pki.leaf.key_path), "--cert",
            str(pki.leaf.cert_path), "-o", str(again)]
    assert run(base) == 2  # already signed
    assert run([*base, "--replace"]) == 0


def test_pkcs12_with_password_env(pki: Pki, files: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    p12 = files / "signer.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"signer", pki.leaf.key, pki.leaf.cert, [pki.inter.cert],
        serialization.BestAvailableEncryption(b"cli-secret")))
    monkeypatch.setenv("EDOC_P12_PW", "cli-secret")
    out = files / "p12.edxml"
    assert run(["sign", str(files / "in.edxml"), "--pkcs12", str(p12), "--password-env",
                "EDOC_P12_PW", "-o", str(out)]) == 0
    assert run(["verify", str(out), "--trust", str(pki.root.cert_path)]) == 0
    monkeypatch.setenv("EDOC_P12_PW", "wrong-secret")
    capsys.readouterr()
    assert run(["sign", str(files / "in.edxml"), "--pkcs12", str(p12), "--password-env",
                "EDOC_P12_PW", "-o", str(out)]) == 2
    err = capsys.readouterr()
    assert "wrong-secret" not in err.err + err.out and "cli-secret" not in err.err + err.out


def test_usage_and_io_errors(pki: Pki, files: Path) -> None:
    assert run(["verify", str(files / "missing.edxml")]) == 2
    assert run(["sign", str(files / "in.edxml"), "-o", str(files / "x")]) == 2
    assert run(["sign", str(files / "missing.edxml"), "--key", str(pki.leaf.key_path),
                "--cert", str(pki.leaf.cert_path), "-o", str(files / "x")]) == 2
    assert run(["verify", str(files / "in.edxml"), "--at", "yesterday"]) == 2
    assert run(["verify", str(files / "in.edxml")]) == 1  # no signature
    assert run(["verify", str(files / "in.edxml"), "--trust", str(files / "nope.pem")]) == 2


def test_verify_signers_registry(pki: Pki, files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = files / "out.edxml"
    assert run(["sign", str(files / "in.edxml"), "--key", str(pki.leaf.key_path), "--cert",
                str(pki.leaf.cert_path), "--chain", str(pki.inter.cert_path), "-o", str(out)]) == 0
    capsys.readouterr()
    trust = ["--trust", str(pki.root.cert_path)]
    # without a registry: valid, and the CLI prints the warning naming both sides
    assert run(["verify", str(out), *trust]) == 0
    text = capsys.readouterr().out
    assert "Warning:" in text and "000.00.00.G22" in text and "no signer registry" in text
    registry = files / "signers.json"
    subject = pki.leaf.cert.subject.rfc4514_string()
    registry.write_text(json.dumps({"000.00.00.G22": [{"subject": subject}]}), encoding="utf-8")
    assert run(["verify", str(out), *trust, "--signers", str(registry), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["binding"]["bound"] is True
    registry.write_text(json.dumps({"000.00.00.H41": [{"subject": subject}]}), encoding="utf-8")
    assert run(["verify", str(out), *trust, "--signers", str(registry), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["reason"] == "SIGNER_NOT_BOUND"
    registry.write_text("{broken", encoding="utf-8")
    assert run(["verify", str(out), *trust, "--signers", str(registry)]) == 2
    assert "signer registry" in capsys.readouterr().err


def test_sign_large_package_to_a_file_and_to_stdout(
    pki: Pki, tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    """The streamed output (head, signature, the input's slices copied file to file) is the
    same package whether it goes to a path or to standard output."""
    import os

    from edocstd import sign, verify

    from .conftest import make_edoc

    src = tmp_path / "big.edxml"
    src.write_bytes(make_edoc(os.urandom(3 << 20)))  # mapped and cut: over 1 MiB of payload
    key = ["--key", str(pki.leaf.key_path), "--cert", str(pki.leaf.cert_path)]
    out = tmp_path / "out.edxml"
    assert run(["sign", str(src), *key, "-o", str(out)]) == 0
    capfdbinary.readouterr()
    assert run(["sign", str(src), *key, "-o", "-"]) == 0
    printed = capfdbinary.readouterr().out
    expected = sign(src, key=pki.leaf.key, cert=pki.leaf.cert)
    assert out.read_bytes() == expected
    assert printed == expected
    assert verify(out).intact
