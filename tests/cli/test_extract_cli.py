"""``edocstd extract``: safe names, streamed decoding, --unzip, --json, exit codes."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest

import edocstd
from edocstd import Attachment
from edocstd.cli import main
from edocstd.testing.factories import make_edoc, make_status

PDF = b"%PDF-1.4\n" + os.urandom(3000) + b"\n%%EOF\n"
TEXT = "Công văn số 123 — nội dung thử nghiệm\n".encode() * 50


def _write(tmp_path: Path, *attachments: Attachment, name: str = "pkg.edxml") -> Path:
    path = tmp_path / name
    edocstd.dump(make_edoc(attachments=attachments), path)
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--lang", "en"])
    out, err = capsys.readouterr()
    return code, out, err


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code, out, _ = _run(capsys, *argv, "--json")
    return code, json.loads(out)


def test_extract_writes_every_attachment(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    pkg = _write(tmp_path, Attachment.create(PDF, name="công văn.pdf"),
                 Attachment.create(TEXT, name="ghi-chu.txt"))
    out_dir = tmp_path / "out"
    code, out, _ = _run(capsys, "extract", str(pkg), "-d", str(out_dir))
    assert code == 0
    assert (out_dir / "công văn.pdf").read_bytes() == PDF
    assert (out_dir / "ghi-chu.txt").read_bytes() == TEXT
    assert hashlib.sha256(PDF).hexdigest() in out
    assert hashlib.sha256(TEXT).hexdigest() in out
    assert "công văn.pdf" in out and "application/pdf" in out
    assert not [p for p in out_dir.iterdir() if p.name.startswith(".")]  # no temp files left


def test_extract_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pkg = _write(tmp_path, Attachment.create(PDF, name="a.pdf", content_type="application/pdf"),
                 Attachment.create(TEXT, name="b.txt"))
    code, data = _json(capsys, "extract", str(pkg), "-d", str(tmp_path / "out"))
    assert code == 0
    assert data["written"] == 2 and data["failed"] == 0
    first, second = data["attachments"]
    assert first["name"] == "a.pdf"
    assert first["size"] == len(PDF)
    assert first["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert first["content_type"] == first["detected_type"] == "application/pdf"
    assert Path(first["path"]).read_bytes() == PDF
    assert second["sha256"] == hashlib.sha256(TEXT).hexdigest()


def test_default_directory_is_the_current_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    pkg = _write(tmp_path, Attachment.create(TEXT, name="x.txt"))
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    code, _, _ = _run(capsys, "extract", str(pkg))
    assert code == 0
    assert (work / "x.txt").read_bytes() == TEXT


@pytest.mark.parametrize("hostile", [
    "../../evil.txt", "/etc/passwd", "..\\..\\evil.txt", "CON.txt", "a/b/../../../c.txt", "..",
])
def test_hostile_names_stay_inside_the_folder(hostile: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    pkg = _write(tmp_path, Attachment.create(TEXT, name=hostile, content_type="text/plain"))
    out_dir = tmp_path / "deep" / "out"
    code, data = _json(capsys, "extract", str(pkg), "-d", str(out_dir))
    assert code == 0
    written = Path(data["attachments"][0]["path"]).resolve()
    assert written.parent == out_dir.resolve()
    assert written.read_bytes() == TEXT
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(
        ["pkg.edxml", written.name])


def test_existing_files_are_kept_unless_overwrite(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    pkg = _write(tmp_path, Attachment.create(TEXT, name="x.txt"))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "x.txt").write_bytes(b"mine")
    code, data = _json(capsys, "extract", str(pkg), "-d", str(out_dir))
    assert code == 0
    assert (out_dir / "x.txt").read_bytes() == b"mine"
    assert Path(data["attachments"][0]["path"]).name == "x (1).txt"
    code, data = _json(capsys, "extract", str(pkg), "-d", str(out_dir), "--overwrite")
    assert code == 0
    assert (out_dir / "x.txt").read_bytes() == TEXT


@pytest.mark.parametrize("option", [(), ("--unzip",)], ids=["default", "unzip"])
@pytest.mark.parametrize("keep_original_type", [False, True], ids=["form-A", "form-B"])
def test_extract_writes_the_document_inside_an_sdk_zip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: tuple[str, ...],
    keep_original_type: bool,
) -> None:
    pkg = _write(tmp_path, Attachment.create(PDF, name="to-trinh.pdf", zip=True,
                                             keep_original_type=keep_original_type))
    out_dir = tmp_path / "out"
    code, data = _json(capsys, "extract", str(pkg), "-d", str(out_dir), *option)
    assert code == 0
    rec = data["attachments"][0]
    assert rec["carrier"] == ("zip-undeclared" if keep_original_type else "zip-declared")
    assert rec["detected_type"] == "application/pdf"
    assert rec["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert [p.name for p in out_dir.iterdir()] == ["to-trinh.pdf"]
    assert (out_dir / "to-trinh.pdf").read_bytes() == PDF
    code, out, _ = _run(capsys, "extract", str(pkg), "-d", str(tmp_path / "again"))
    assert "unwrapped: SDK ZIP" in out


def test_unzip_next_to_an_existing_file(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("ghi-chu.txt", TEXT)
    pkg = _write(tmp_path, Attachment.create(PDF, name="to-trinh.pdf", zip=True),
                 Attachment.create(buf.getvalue(), name="bao-cao.zip"))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "to-trinh.pdf").write_bytes(b"mine")
    code, data = _json(capsys, "extract", str(pkg), "-d", str(out_dir), "--unzip")
    assert code == 0
    first, second = data["attachments"]
    assert Path(first["path"]).name == "to-trinh (1).pdf"
    assert Path(second["path"]).name == "bao-cao.txt"  # .zip name, entry extension
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "bao-cao.txt", "to-trinh (1).pdf", "to-trinh.pdf"]
    assert (out_dir / "to-trinh.pdf").read_bytes() == b"mine"
    assert (out_dir / "to-trinh (1).pdf").read_bytes() == PDF
    assert (out_dir / "bao-cao.txt").read_bytes() == TEXT


def test_raw_writes_the_transferred_zip_as_is(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    attachment = Attachment.create(PDF, name="to-trinh.pdf", zip=True)
    pkg = _write(tmp_path, attachment)
    out_dir = tmp_path / "out"
    code, data = _json(capsys, "extract", str(pkg), "-d", str(out_dir), "--raw")
    assert code == 0
    assert [p.name for p in out_dir.iterdir()] == ["to-trinh.pdf.zip"]
    assert (out_dir / "to-trinh.pdf.zip").read_bytes() == attachment.read()
    assert data["attachments"][0]["detected_type"] == "application/zip"
    code, _, err = _run(capsys, "extract", str(pkg), "--raw", "--unzip")
    assert code == 2 and "not allowed" in err


def test_a_zip_the_sender_attached_is_kept_without_unzip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("ghi-chu.txt", TEXT)
    pkg = _write(tmp_path, Attachment.create(buf.getvalue(), name="bao-cao.zip"))
    code, data = _json(capsys, "extract", str(pkg), "-d", str(tmp_path / "out"))
    assert code == 0 and data["attachments"][0]["carrier"] == "raw"
    assert (tmp_path / "out" / "bao-cao.zip").read_bytes() == buf.getvalue()


def test_unzip_keeps_archives_of_several_files(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("a.txt", "a")
        archive.writestr("b.txt", "b")
    pkg = _write(tmp_path, Attachment.create(buf.getvalue(), name="hai-tep.zip"))
    out_dir = tmp_path / "out"
    code, out, _ = _run(capsys, "extract", str(pkg), "-d", str(out_dir), "--unzip")
    assert code == 0
    assert "kept as ZIP" in out
    assert (out_dir / "hai-tep.zip").read_bytes() == buf.getvalue()


def test_unzip_refuses_a_zip_bomb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\0" * (20 * 1024 * 1024))
    pkg = _write(tmp_path, Attachment.create(buf.getvalue(), name="bom.zip"))
    code, data = _json(capsys, "extract", str(pkg), "-d", str(tmp_path / "out"), "--unzip")
    assert code == 0
    assert "ZIP bomb" in data["attachments"][0]["unzip"]
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["bom.zip"]


def _corrupt_second_payload(path: Path) -> None:
    data = path.read_bytes()
    marker = b"ContentTransferEncoded"
    first = data.find(marker)
    second = data.find(marker, data.find(marker, first + 1) + 1)
    start = data.index(b">", second) + 1
    end = data.index(b"<", start)
    path.write_bytes(data[:start] + b"QUJDQ" + data[end:])  # 5 characters: not base64


def test_invalid_base64_fails_that_attachment_only(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    pkg = _write(tmp_path, Attachment.create(TEXT, name="good.txt"),
                 Attachment.create(TEXT, name="bad.txt"))
    _corrupt_second_payload(pkg)
    out_dir = tmp_path / "out"
    code, out, err = _run(capsys, "extract", str(pkg), "-d", str(out_dir))
    assert code == 1
    assert "bad.txt: NOT WRITTEN" in out and "base64" in out
    assert "1 of 2" in err
    assert (out_dir / "good.txt").read_bytes() == TEXT
    assert [p.name for p in out_dir.iterdir()] == ["good.txt"]  # no partial file left
    code, data = _json(capsys, "extract", str(pkg), "-d", str(tmp_path / "out2"))
    assert code == 1
    assert data["failed"] == 1 and "error" in data["attachments"][1]


def test_attachment_without_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = Attachment(content_id="cid:1", attachment_name="missing.pdf",
                       content_type="application/pdf")
    pkg = _write(tmp_path, empty)
    code, data = _json(capsys, "extract", str(pkg), "-d", str(tmp_path / "out"))
    assert code == 1
    assert "no content" in data["attachments"][0]["error"]


def test_status_package_has_nothing_to_extract(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "status.edxml"
    edocstd.dump(make_status(), path)
    code, out, _ = _run(capsys, "extract", str(path), "-d", str(tmp_path / "out"))
    assert code == 0
    assert "no attachments" in out
    assert not (tmp_path / "out").exists()


def test_missing_file_exits_2_and_unreadable_package_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "extract", str(tmp_path / "missing.edxml"))
    assert code == 2 and "not found" in err
    bad = tmp_path / "bad.edxml"
    bad.write_bytes(b"<html><body>not a package</body></html>")
    code, _, err = _run(capsys, "extract", str(bad))
    assert code == 1 and "HTML" in err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = _run(capsys, "extract")
    assert code == 2


def test_extract_streams_a_large_attachment(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    import tracemalloc

    content = os.urandom(12 * 1024 * 1024)
    src = tmp_path / "scan.bin"
    src.write_bytes(content)
    pkg = _write(tmp_path, Attachment.create(src, name="scan.pdf", content_type="application/pdf"))
    del content
    tracemalloc.start()
    try:
        code, out, _ = _run(capsys, "extract", str(pkg), "-d", str(tmp_path / "out"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 0
    assert peak < pkg.stat().st_size / 5
    assert (tmp_path / "out" / "scan.pdf").read_bytes() == src.read_bytes()
    assert hashlib.sha256(src.read_bytes()).hexdigest() in out


def test_an_sdk_zip_that_cannot_be_unwrapped_is_kept_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("0b6a5f7e-1c1e-4d8e-9a57-2f1b1c2d3e4f.pdf", b"\0" * (4 * 1024 * 1024))
    bomb = Attachment.create(buf.getvalue(), name="bom.pdf", content_type="application/zip")
    pkg = _write(tmp_path, bomb)
    code, data = _json(capsys, "extract", str(pkg), "-d", str(tmp_path / "out"))
    assert code == 0
    rec = data["attachments"][0]
    assert rec["carrier"] == "zip-declared" and "ZIP bomb" in rec["unzip"]
    assert (tmp_path / "out" / "bom.pdf.zip").read_bytes() == buf.getvalue()
