"""``edocstd validate``: exit codes 0/1/2, table, plain and JSON output."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from _packages import EDOC, STATUS, mutate

from edocstd.cli import main

# Priority not even a number: receivers built on the SDK cannot read it (an error under vdxp;
# "9", a number outside the list, is only a warning since the vdxp recalibration).
BAD = mutate(EDOC, ("<edXML:Priority>0<", "<edXML:Priority>khẩn<"))


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, text in (("good", EDOC), ("status", STATUS), ("bad", BAD)):
        path = tmp_path / f"{name}.edxml"
        path.write_text(text, encoding="utf-8")
        out[name] = path
    broken = tmp_path / "broken.edxml"
    broken.write_bytes(EDOC.encode()[:500])
    out["broken"] = broken
    return out


def test_valid_file_exits_0(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(files["good"])]) == 0
    out = capsys.readouterr().out
    assert str(files["good"]) in out and "valid" in out


def test_invalid_file_exits_1(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--lang", "en", str(files["bad"])]) == 1
    out = capsys.readouterr().out
    lines = [line.split("\t") for line in out.splitlines()]
    assert all(len(parts) == 5 for parts in lines), "piped output is tab-separated"
    [row] = [parts for parts in lines if parts[1] == "EDX-CODE-011"]
    assert row[2] == "error"
    assert row[3].startswith("MessageHeader/OtherInfo/Priority:")
    assert "<Priority> is 'khẩn', not a number" in row[4]


def test_unreadable_package_exits_1(files: dict[str, Path],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(files["broken"])]) == 1
    assert "EDX-WF-001" in capsys.readouterr().out


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--lang", "en", str(tmp_path / "khong-co.edxml")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["validate", str(tmp_path / "khong-co.edxml"), "--lang", "vi"]) == 2
    assert "không có tệp" in capsys.readouterr().err


def test_missing_file_among_valid_ones_exits_2(files: dict[str, Path], tmp_path: Path) -> None:
    assert main(["validate", str(files["good"]), str(tmp_path / "nope.edxml")]) == 2


def test_usage_error_exits_2(files: dict[str, Path]) -> None:
    assert main(["validate", "--profile", "national", str(files["good"])]) == 2
    assert main(["validate"]) == 2


def test_directory_is_walked(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    folder = files["good"].parent
    (folder / "notes.txt").write_text("not a package", encoding="utf-8")
    assert main(["validate", "--lang", "en", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "4 packages: 2 valid, 2 invalid" in out
    assert "notes.txt" not in out


def test_profile_option(files: dict[str, Path]) -> None:
    assert main(["validate", "--profile", "lenient", str(files["bad"])]) == 0
    assert main(["validate", "--profile", "strict", str(files["good"])]) == 0


def test_json_output(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", "--json", str(files["good"]), str(files["bad"])])
    assert code == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    assert data["summary"] == {"packages": 2, "valid": 1, "invalid": 1, "io_errors": 0}
    assert [p["ok"] for p in data["packages"]] == [True, False]
    assert [f["rule"] for f in data["packages"][1]["findings"]
            if f["severity"] == "error"] == ["EDX-CODE-011"]
    assert data["packages"][0]["tiers"][-2] == {
        "name": "signature", "status": "skipped", "reason": "no trust anchors given",
        "reason_vi": "chưa cung cấp chứng thư tin cậy (trust anchor)", "errors": 0, "warnings": 0,
    }


def test_table_on_a_terminal(files: dict[str, Path], capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert main(["validate", "--lang", "vi", str(files["bad"])]) == 1
    out = capsys.readouterr().out
    assert "KHÔNG HỢP LỆ" in out
    assert "QUY TẮC" in out and "MỨC ĐỘ" in out and "VỊ TRÍ" in out
    assert "RULE" not in out and "SEVERITY" not in out  # one language at a time
    assert "EDX-CODE-011" in out


def _self_signed(tmp_path: Path) -> Path:
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "edocstd test CA")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    path = tmp_path / "ca.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


def test_trust_runs_the_signature_tier(files: dict[str, Path], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("edocstd._sign")
    ca = _self_signed(tmp_path)
    assert main(["validate", "--json", "--trust", str(ca), str(files["good"])]) == 1
    data = json.loads(capsys.readouterr().out)
    package = data["packages"][0]
    assert package["tiers"][-2]["status"] == "failed"
    [sig] = [f for f in package["findings"] if f["rule"] == "EDX-SIG-001"]
    assert sig["value"] == "NO_SIGNATURE"


def test_unreadable_trust_file_exits_2(files: dict[str, Path], tmp_path: Path) -> None:
    pytest.importorskip("edocstd._sign")
    assert main(["validate", "--trust", str(tmp_path / "none.pem"), str(files["good"])]) == 2
