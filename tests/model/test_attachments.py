"""Attachments: creating, typing, decoding in chunks, saving safely, ZIP wrapping."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest

import edocstd as e
from edocstd._model.attachment import safe_file_name, types_agree
from edocstd._model.payload import decode_base64_chunks
from edocstd.testing import make_edoc

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def _docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (PDF, "a.pdf", "application/pdf"),
        (PDF, "misnamed.doc", "application/pdf"),  # the bytes win
        (PNG, "scan.png", "image/png"),
        (
            _docx_bytes(),
            "to-trinh.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (_docx_bytes(), "archive.zip", "application/zip"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50,
            "bang.xls",
            "application/vnd.ms-excel",
        ),
        (b"plain words", "note.txt", "text/plain"),
        (b"\x00\x01\x02", "blob", "application/octet-stream"),
    ],
)
def test_content_type_from_bytes_and_name(content: bytes, name: str, expected: str) -> None:
    assert e.Attachment.create(content, name=name).content_type == expected


def test_never_the_sdk_odd_types() -> None:
    a = e.Attachment.create(_docx_bytes(), name="x.docx")
    assert a.content_type != "application/docx"


def test_from_path_bytes_and_stream_give_the_same_content(tmp_path: Path) -> None:
    path = tmp_path / "van-ban.pdf"
    path.write_bytes(PDF)
    from_path = e.Attachment.create(path)
    from_bytes = e.Attachment.create(PDF, name="van-ban.pdf")
    with path.open("rb") as f:
        from_stream = e.Attachment.create(f, name="van-ban.pdf")
    assert from_path.attachment_name == "van-ban.pdf"
    for a in (from_path, from_bytes, from_stream):
        assert a.read() == PDF
        assert a.sha256() == hashlib.sha256(PDF).hexdigest()
        assert a.size == len(PDF)
    assert from_path.payload == from_bytes.payload == from_stream.payload


def test_large_stream_spills_to_a_temporary_file() -> None:
    big = os.urandom(9 * 1024 * 1024)
    a = e.Attachment.create(io.BytesIO(big), name="big.bin")
    assert isinstance(a.payload, e.FilePayload)
    assert a.sha256() == hashlib.sha256(big).hexdigest()


def test_attachment_round_trips_through_a_package(tmp_path: Path) -> None:
    pkg = make_edoc(
        attachments=(e.Attachment.create(PDF, name="a.pdf"), e.Attachment.create(PNG, name="b.png"))
    )
    e.dump(pkg, tmp_path / "p.edxml")
    again = e.load(tmp_path / "p.edxml")
    assert [a.read() for a in again.attachments] == [PDF, PNG]
    assert again.manifest is not None
    assert [r.content_id for r in again.manifest.references] == [
        a.content_id for a in again.attachments
    ]


@pytest.mark.parametrize(
    "hostile",
    [
        "../../etc/passwd",
        "..\\..\\windows\\system32\\x.dll",
        "/abs/path.pdf",
        "C:\\x\\y.pdf",
        "..",
        ".",
        "",
        "CON",
        "a:b?*.pdf",
        "sub/dir/../../../z.pdf",
        "…/...pdf",
    ],
)
def test_save_never_leaves_the_target_folder(tmp_path: Path, hostile: str) -> None:
    target = tmp_path / "out"
    a = e.Attachment(attachment_name=hostile, content_id="cid:1", payload=e.BytesPayload(b"data"))
    written = a.save(target)
    assert written.resolve().parent == target.resolve()
    assert written.read_bytes() == b"data"


def test_save_keeps_existing_files_unless_asked(tmp_path: Path) -> None:
    a = e.Attachment.create(b"one", name="x.txt")
    first = a.save(tmp_path)
    second = a.save(tmp_path)
    assert first.name == "x.txt" and second.name == "x (1).txt"
    assert a.save(tmp_path, overwrite=True) == first


def test_sdk_style_zip_wrapping_and_safe_unwrapping() -> None:
    a = e.Attachment.create(PDF, name="Quyết định 12.pdf", zip=True)
    assert a.content_type == "application/zip" and a.attachment_name == "Quyết định 12.pdf"
    assert a.is_zip_wrapped
    with zipfile.ZipFile(io.BytesIO(a.read())) as z:
        (entry,) = z.namelist()
    assert entry.endswith(".pdf") and "/" not in entry
    name, content = a.unzip()
    assert name == entry and content == PDF


def _zip_of(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for n, c in entries.items():
            z.writestr(n, c)
    return buf.getvalue()


def test_unzip_refuses_bombs_several_entries_and_garbage() -> None:
    bomb = e.Attachment.create(_zip_of({"x.txt": b"\x00" * (20 * 1024 * 1024)}), name="b.zip")
    with pytest.raises(e.LimitExceeded):
        bomb.unzip()
    with pytest.raises(e.LimitExceeded):
        e.Attachment.create(_zip_of({"x.txt": b"a" * 5000}), name="s.zip").unzip(max_size=100)
    with pytest.raises(e.EdocError, match="one file"):
        e.Attachment.create(_zip_of({"a": b"1", "b": b"2"}), name="two.zip").unzip()
    with pytest.raises(e.EdocError, match="not a readable ZIP"):
        e.Attachment.create(b"PK\x03\x04garbage", name="bad.zip").unzip()


def test_declared_type_against_bytes() -> None:
    zip_bytes = _zip_of({"a.pdf": PDF})
    assert not types_agree("application/pdf", zip_bytes[:16], "a.pdf")
    assert types_agree("application/zip", zip_bytes[:16], "a.pdf")
    assert types_agree("application/pdf", PDF[:16], "a.pdf")
    assert not types_agree(None, PDF[:16], "a.pdf")


@pytest.mark.parametrize("chunk", [1, 3, 4, 5, 7, 64, 1000])
def test_chunked_decode_handles_any_split_and_line_breaks(chunk: int) -> None:
    data = os.urandom(3001)
    text = base64.encodebytes(data)  # wrapped every 76 characters
    pieces = [text[i : i + chunk] for i in range(0, len(text), chunk)]
    assert b"".join(decode_base64_chunks(iter(pieces))) == data


def test_invalid_base64_is_a_parse_error_not_a_traceback() -> None:
    a = e.Attachment(attachment_name="x", payload=e.Base64Payload.from_text("QUJDR"))
    with pytest.raises(e.ParseError, match="not valid base64"):
        a.read()


def test_attachment_without_content_says_so() -> None:
    a = e.Attachment(attachment_name="x.pdf")
    with pytest.raises(e.EdocError, match="no content"):
        a.read()


def test_safe_file_name_examples() -> None:
    assert safe_file_name("../../a.pdf", "cid") == "a.pdf"
    assert safe_file_name("", "cid:1") == "cid_1"
    assert safe_file_name("NUL.txt", "x") == "_NUL.txt"


def test_unzip_to_streams_into_a_safely_named_file(tmp_path: Path) -> None:
    a = e.Attachment.create(PDF, name="../Quyết định 12.pdf", zip=True)
    path, entry = a.unzip_to(tmp_path)
    assert path.parent == tmp_path and path.name == "Quyết định 12.pdf"
    assert entry.endswith(".pdf") and path.read_bytes() == PDF
    again, _ = a.unzip_to(tmp_path)
    assert again.name == "Quyết định 12 (1).pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "Quyết định 12 (1).pdf",
        "Quyết định 12.pdf",
    ]


def test_corrupt_zip_stream_is_an_edoc_error_and_leaves_nothing(tmp_path: Path) -> None:
    data = bytearray(_zip_of({"a.pdf": PDF}))
    start = data.index(b"a.pdf") + len(b"a.pdf")  # the deflated bytes follow the local header
    data[start + 5 : start + 40] = b"\xff" * 35
    a = e.Attachment.create(bytes(data), name="a.zip")
    with pytest.raises(e.EdocError):
        a.unzip()
    with pytest.raises(e.EdocError):
        a.unzip_to(tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "text",
    [
        b"QQ==QkM=",
        b"!!!!",
        b"QU@@JD@@",
        b"QUJD\x00",
        b"QUJDR",
        b"QUJD=QUJD",
        b"QQ===",
        base64.b64encode(os.urandom(3001)) + base64.b64encode(os.urandom(3000)),
    ],
    ids=[
        "two-blocks",
        "garbage",
        "stray-chars",
        "nul",
        "cut-off",
        "mid-padding",
        "3-pads",
        "concatenated-big",
    ],
)
@pytest.mark.parametrize("chunk", [4, 5, 7, 1 << 20])
def test_bad_base64_is_refused_whatever_the_chunking(text: bytes, chunk: int) -> None:
    pieces = [text[i : i + chunk] for i in range(0, len(text), chunk)]
    with pytest.raises(e.ParseError, match="not valid base64"):
        b"".join(decode_base64_chunks(iter(pieces)))


@pytest.mark.parametrize("chunk", [3, 4, 1 << 20])
def test_unpadded_final_quad_is_accepted(chunk: int) -> None:
    text = b"QUJDRA"  # "ABCD" without its "=="
    pieces = [text[i : i + chunk] for i in range(0, len(text), chunk)]
    assert b"".join(decode_base64_chunks(iter(pieces))) == b"ABCD"


def test_long_vietnamese_names_fit_the_file_system(tmp_path: Path) -> None:
    name = "Quyết định về việc phê duyệt kế hoạch " * 8 + ".pdf"
    safe = safe_file_name(name, "x")
    assert len(safe.encode("utf-8")) <= 240 and safe.endswith(".pdf")
    written = e.Attachment.create(b"%PDF-1.4", name=name).save(tmp_path)
    assert written.name == safe and written.read_bytes() == b"%PDF-1.4"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CONIN$", "_CONIN$"),
        ("COM¹.txt", "_COM¹.txt"),
        ("NUL .txt", "_NUL .txt"),
        ("a. .", "a"),
        ("hoa-don\u202efdp.exe", "hoa-don_fdp.exe"),
    ],
)
def test_more_names_windows_or_eyes_would_misread(name: str, expected: str) -> None:
    assert safe_file_name(name, "x") == expected


def test_saved_files_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = e.Attachment.create(b"x", name="a.txt").save(tmp_path)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


def test_zip_wrapping_failure_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(e.ParseError):
        e.Attachment.create(e.Base64Payload.from_text("Q"), name="a.pdf", zip=True)
    assert list(tmp_path.iterdir()) == []
