"""``edocstd show`` and ``edocstd convert`` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import edocstd
from edocstd.cli import main
from edocstd.testing import make_edoc, make_status


@pytest.fixture
def edoc_file(tmp_path: Path) -> Path:
    pkg = make_edoc(attachments=(edocstd.Attachment.create(b"%PDF-1.4 x", name="to-trinh.pdf"),))
    path = tmp_path / "doc.edxml"
    edocstd.dump(pkg, path)
    return path


def test_show_prints_a_readable_summary(
    edoc_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", str(edoc_file)]) == 0
    out = capsys.readouterr().out
    assert "000.00.00.G22" in out and "000.00.00.H41" in out
    assert "123/VPCP-TTĐT" in out and "V/v thử nghiệm" in out
    assert "to-trinh.pdf" in out and "application/pdf" in out
    assert "Văn bản mới" in out  # business operation with its label


def test_show_json(edoc_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(edoc_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "edoc" and data["subject"].startswith("V/v")
    assert data["attachments"] == [
        {
            "name": "to-trinh.pdf",
            "content_type": "application/pdf",
            "size": 10,
            "detected_type": "application/pdf",
            "document": {
                "carrier": "raw",
                "name": "to-trinh.pdf",
                "type": "application/pdf",
                "size": 10,
            },
        }
    ]
    assert data["findings"] == []


def test_show_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.edxml"
    edocstd.dump(make_status("02", description="Sai thẩm quyền"), path)
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out
    assert "02 (Từ chối tiếp nhận" in out and "Sai thẩm quyền" in out


@pytest.mark.parametrize("content", [b"", b"<html></html>", b"\x00\x01garbage", b"<edXML"])
def test_show_bad_input_is_a_clear_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    path = tmp_path / "bad.edxml"
    path.write_bytes(content)
    assert main(["show", str(path)]) == 1  # read, and not a package: invalid
    err = capsys.readouterr().err
    assert err.startswith("edocstd: lỗi:") and "Traceback" not in err


def test_usage_and_io_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show"]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["show", "/no/such/file.edxml"]) == 2


def test_convert_both_ways(edoc_file: Path, tmp_path: Path) -> None:
    as_json = tmp_path / "doc.json"
    back = tmp_path / "back.edxml"
    assert main(["convert", str(edoc_file), "-o", str(as_json)]) == 0
    data = json.loads(as_json.read_text(encoding="utf-8"))
    assert data["MessageHeader"]["From"]["OrganId"] == "000.00.00.G22"
    assert main(["convert", str(as_json), "-o", str(back)]) == 0
    assert back.read_bytes() == edoc_file.read_bytes()


def test_convert_rejects_bad_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"MessageHeader": {"StatusCode": "07"}', encoding="utf-8")
    assert main(["convert", str(bad)]) == 1
    bad.write_text('["not", "an", "object"]', encoding="utf-8")
    assert main(["convert", str(bad)]) == 1
    bad.write_text('{"MessageHeader": {"bad key": "x"}}', encoding="utf-8")
    assert main(["convert", str(bad)]) == 1
    assert main(["convert", str(tmp_path / "missing.json")]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_python_dash_m_and_the_console_script_work(edoc_file: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "edocstd", "show", str(edoc_file), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and json.loads(result.stdout)["kind"] == "edoc"
