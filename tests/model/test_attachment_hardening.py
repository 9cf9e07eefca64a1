"""Small hardening items of issue 10 on attachments: corrupt bzip2/LZMA ZIP entries, the
ContentId fallback name, invisible characters in names, overwrite onto a folder."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import edocstd
from edocstd import Attachment
from edocstd._model.attachment import safe_file_name
from edocstd.cli import main
from tests.lifecycle.conftest import make_document

PDF = b"%PDF-1.4\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 400 + b"%%EOF\n"


def _zip(method: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=method) as archive:
        archive.writestr("4f9c.pdf", PDF)
    return buf.getvalue()


def _corrupt_zip(method: int) -> bytes:
    data = bytearray(_zip(method))
    start = 30 + len("4f9c.pdf")  # local header, name, then the compressed data
    for i in range(start + 20, start + 60):
        data[i] ^= 0x5A
    return bytes(data)


METHODS = {"bzip2": zipfile.ZIP_BZIP2, "lzma": zipfile.ZIP_LZMA, "deflate": zipfile.ZIP_DEFLATED}


@pytest.mark.parametrize("method", sorted(METHODS))
def test_corrupt_zip_entry_is_an_edoc_error(method: str, tmp_path: Path) -> None:
    good = Attachment.create(_zip(METHODS[method]), name="Quyết định.zip")
    assert good.unzip()[1] == PDF  # the method itself is supported
    bad = Attachment.create(_corrupt_zip(METHODS[method]), name="Quyết định.zip")
    with pytest.raises(edocstd.EdocError, match="not a readable ZIP"):
        bad.unzip()
    with pytest.raises(edocstd.EdocError):
        bad.unzip_to(tmp_path)
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob(".*.part"))


def test_extract_unzip_carries_on_after_a_corrupt_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = _corrupt_zip(zipfile.ZIP_LZMA)  # once: a ZIP records the time it was made
    doc = make_document(
        attachments=[
            Attachment.create(broken, name="hong.zip"),
            Attachment.create(_zip(zipfile.ZIP_BZIP2), name="tot.zip"),
            Attachment.create(PDF, name="phu-luc.pdf"),
        ]
    )
    package = tmp_path / "doc.edxml"
    edocstd.dump(doc, package)
    out = tmp_path / "out"
    assert main(["extract", str(package), "-d", str(out), "--unzip", "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "kept as ZIP" in text and "Traceback" not in text
    assert (out / "hong.zip").read_bytes() == broken
    assert (out / "tot.pdf").read_bytes() == PDF
    assert (out / "phu-luc.pdf").read_bytes() == PDF


@pytest.mark.parametrize(
    ("name", "fallback", "expected"),
    [
        (None, "COM1", "_COM1"),
        ("", "cid:NUL", "cid_NUL"),
        (None, "lpt1.txt", "_lpt1.txt"),
        ("\u200b\u2060", "CON", "_CON"),  # only invisible characters: the fallback, made safe
        ("hop\u200bdong.pdf", "x", "hopdong.pdf"),
        ("\ufeffbao-cao.pdf", "x", "bao-cao.pdf"),
        (None, "../../etc/passwd", "_.._etc_passwd"),  # leading dots stripped
        ("CON.pdf", "x", "_CON.pdf"),
    ],
)
def test_fallback_and_invisible_characters(name: str | None, fallback: str, expected: str) -> None:
    assert safe_file_name(name, fallback) == expected


def test_content_id_fallback_is_not_a_device_name(tmp_path: Path) -> None:
    att = Attachment(
        content_id="cid:AUX",
        attachment_name=None,
        payload=Attachment.create(PDF, name="x.pdf").payload,
    )
    path = att.save(tmp_path)
    assert path.name == "_AUX.pdf" and path.read_bytes() == PDF  # the real extension added


def test_overwrite_onto_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    att = Attachment.create(PDF, name="bao-cao.pdf")
    (tmp_path / "bao-cao.pdf").mkdir()
    for overwrite in (True, False):
        with pytest.raises(edocstd.EdocError, match="folder"):
            att.save(tmp_path, overwrite=overwrite)
    wrapped = Attachment.create(PDF, name="bao-cao.pdf", zip=True)
    with pytest.raises(edocstd.EdocError, match="folder"):
        wrapped.unzip_to(tmp_path, overwrite=True)
    assert (tmp_path / "bao-cao.pdf").is_dir()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
