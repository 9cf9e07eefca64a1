"""The document an attachment carries (spec §1.2 forms A, B, C) beside the transferred bytes."""

from __future__ import annotations

import hashlib
import io
import os
import tracemalloc
import zipfile
from pathlib import Path

import pytest

import edocstd as e
from edocstd.testing import make_edoc
from tests.model.test_attachments import _zip_of as zip_of

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
TEXT = "Công văn số 12 — nội dung\n".encode() * 20


def sdk_zip(content: bytes, ext: str, *, entry: str | None = None) -> bytes:
    """What the SDK 0.0.3 jar sends: one deflated entry named ``<uuid>.<ext>``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr(entry or f"7091b48b-9e89-4b11-bdb8-4265d0200f0e{ext}", content)
    return buf.getvalue()


def form_a(content: bytes = PDF, name: str = "Quyết định 12.pdf") -> e.Attachment:
    ext = os.path.splitext(name)[1]
    return e.Attachment.create(sdk_zip(content, ext), name=name, content_type="application/zip")


def form_b(content: bytes = PDF, name: str = "Quyết định 12.pdf", kind: str = "application/pdf"
           ) -> e.Attachment:
    ext = os.path.splitext(name)[1]
    return e.Attachment.create(sdk_zip(content, ext), name=name, content_type=kind)


@pytest.mark.parametrize(
    ("attachment", "carrier"),
    [
        (form_a(), "zip-declared"),
        (form_b(), "zip-undeclared"),
        (e.Attachment.create(PDF, name="Quyết định 12.pdf"), "raw"),
    ],
    ids=["A", "B", "C"],
)
def test_the_three_forms_give_the_same_document(
    attachment: e.Attachment, carrier: str, tmp_path: Path
) -> None:
    assert attachment.carrier == carrier
    assert attachment.document_name == "Quyết định 12.pdf"
    assert attachment.document_type == "application/pdf"
    assert attachment.document_size == len(PDF)
    with attachment.open_document() as stream:
        assert stream.read() == PDF
    saved = attachment.save(tmp_path)
    assert saved.name == "Quyết định 12.pdf" and saved.read_bytes() == PDF
    # the transferred bytes stay available, unchanged
    assert attachment.read() == attachment.payload.read()  # type: ignore[union-attr]
    raw = attachment.save(tmp_path / "raw", raw=True)
    assert raw.read_bytes() == attachment.read()
    if carrier == "raw":
        assert raw.name == "Quyết định 12.pdf"
    else:
        assert raw.name == "Quyết định 12.pdf.zip" and zipfile.is_zipfile(raw)


def test_form_b_text_files_unwrap_to_text(tmp_path: Path) -> None:
    a = form_b(TEXT, name="ghi-chu.txt", kind="text/plain")
    assert a.carrier == "zip-undeclared"
    assert a.document_type == "text/plain"
    assert a.save(tmp_path).read_bytes() == TEXT


@pytest.mark.parametrize(
    ("content", "name", "expected_name"),
    [
        (sdk_zip(TEXT, ".txt"), "ho-so.zip", "ho-so.zip"),  # the sender attached a ZIP
        (zip_of({"a.pdf": PDF, "b.pdf": PDF}), "hai-tep.pdf", "hai-tep.pdf.zip"),
        (sdk_zip(PDF, ".doc"), "sai-duoi.pdf", "sai-duoi.pdf.zip"),  # entry extension differs
        (zip_of({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<T/>"}), "x.docx",
         "x.docx"),
    ],
    ids=["zip-named-zip", "several-entries", "other-extension", "docx"],
)
def test_a_zip_the_sender_attached_is_never_unwrapped(
    content: bytes, name: str, expected_name: str, tmp_path: Path
) -> None:
    a = e.Attachment.create(content, name=name, content_type="application/zip")
    assert a.carrier == "raw"
    assert a.document_name == expected_name
    assert a.document_size == len(content)
    assert a.save(tmp_path).read_bytes() == content


def test_raw_file_whose_bytes_contradict_its_name_gets_its_real_extension() -> None:
    assert e.Attachment.create(PDF, name="to-trinh.doc").document_name == "to-trinh.doc.pdf"
    assert e.Attachment.create(PDF, name="scan").document_name == "scan.pdf"
    assert e.Attachment.create(TEXT, name="note.txt").document_name == "note.txt"


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04 this is not a zip at all", b"PK\x03\x04" + os.urandom(300)],
    ids=["garbage", "random"],
)
def test_a_broken_zip_is_raw_not_a_crash(content: bytes, tmp_path: Path) -> None:
    a = e.Attachment.create(content, name="a.pdf", content_type="application/pdf")
    assert a.carrier == "raw"
    assert a.save(tmp_path).read_bytes() == content


def test_an_encrypted_entry_is_not_unwrapped() -> None:
    data = bytearray(sdk_zip(PDF, ".pdf"))
    # set the "encrypted" flag in the local header and the central directory
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(sig) + offset
        data[at] |= 0x1
    a = e.Attachment.create(bytes(data), name="a.pdf", content_type="application/zip")
    assert a.carrier == "raw"


def test_a_zip_bomb_in_a_wrapper_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    bomb = e.Attachment.create(sdk_zip(b"\0" * (4 * 1024 * 1024), ".pdf"), name="bom.pdf",
                               content_type="application/zip")
    assert bomb.carrier == "zip-declared"
    with pytest.raises(e.LimitExceeded, match="ZIP bomb"):
        bomb.save(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_corrupt_stream_in_a_wrapper_is_an_edoc_error(tmp_path: Path) -> None:
    data = bytearray(sdk_zip(PDF, ".pdf", entry="a.pdf"))
    start = data.index(b"a.pdf") + len(b"a.pdf")
    data[start + 5 : start + 40] = b"\xff" * 35
    a = e.Attachment.create(bytes(data), name="a.pdf", content_type="application/zip")
    assert a.carrier == "zip-declared"  # the directory is intact
    with pytest.raises(e.EdocError), a.open_document() as stream:
        stream.read()
    with pytest.raises(e.EdocError):
        a.save(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_document_facts_survive_a_round_trip_through_a_package(tmp_path: Path) -> None:
    pkg = make_edoc(attachments=(form_a(), form_b(TEXT, "b.txt", "text/plain"),
                                 e.Attachment.create(PDF, name="c.pdf")))
    e.dump(pkg, tmp_path / "p.edxml")
    again = e.load(tmp_path / "p.edxml")
    assert [a.carrier for a in again.attachments] == ["zip-declared", "zip-undeclared", "raw"]
    assert [a.document_type for a in again.attachments] == [
        "application/pdf", "text/plain", "application/pdf"]
    assert [a.content_type for a in again.attachments] == [
        "application/zip", "text/plain", "application/pdf"]
    for a in again.attachments:
        with a.open_document() as stream:
            assert stream.read() in (PDF, TEXT)
    # written again: every attachment keeps the form it arrived in, byte for byte
    third = e.loads(e.dumps(again))
    assert [(a.content_type, a.read()) for a in third.attachments] == [
        (a.content_type, a.read()) for a in pkg.attachments]


def test_writer_makes_form_a_by_default_and_form_b_on_request() -> None:
    a = e.Attachment.create(PDF, name="a.pdf", zip=True)
    b = e.Attachment.create(PDF, name="a.pdf", zip=True, keep_original_type=True)
    assert (a.content_type, a.carrier) == ("application/zip", "zip-declared")
    assert (b.content_type, b.carrier) == ("application/pdf", "zip-undeclared")
    assert b.reference().content_type == "application/pdf"
    for att in (a, b):
        with zipfile.ZipFile(io.BytesIO(att.read())) as z:
            (entry,) = z.namelist()
        assert entry.endswith(".pdf") and len(entry) == 36 + 4  # <uuid>.pdf, as the SDK
    named = e.Attachment.create(TEXT, name="a.txt", zip=True, keep_original_type=True,
                                content_type="text/plain; charset=utf-8")
    assert named.content_type == "text/plain; charset=utf-8"


def test_unwrapping_streams_to_disk(tmp_path: Path) -> None:
    content = b"%PDF-1.4\n" + os.urandom(12 * 1024 * 1024)
    src = tmp_path / "big.pdf"
    src.write_bytes(content)
    a = e.Attachment.create(src, name="big.pdf", zip=True, keep_original_type=True)
    pkg_path = tmp_path / "p.edxml"
    e.dump(make_edoc(attachments=(a,)), pkg_path)
    del content, a
    loaded = e.load(pkg_path).attachments[0]
    tracemalloc.start()
    try:
        written = loaded.save(tmp_path / "out")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 6 * 1024 * 1024  # half the document: the ZIP spills to disk past 2 MiB
    assert hashlib.sha256(written.read_bytes()).digest() == hashlib.sha256(
        src.read_bytes()).digest()


def test_no_content_is_raw_and_saving_says_so(tmp_path: Path) -> None:
    a = e.Attachment(attachment_name="x.pdf", content_type="application/zip")
    assert a.carrier == "raw"
    with pytest.raises(e.EdocError, match="no content"):
        a.save(tmp_path)
    with pytest.raises(e.EdocError, match="no content"):
        a.open_document()


@pytest.mark.parametrize("wrapped", [False, True], ids=["one-line", "76-column-lines"])
def test_looking_at_a_zip_decodes_only_its_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wrapped: bool
) -> None:
    import base64

    content = b"%PDF-1.4\n" + os.urandom(3 * 1024 * 1024)
    zipped = sdk_zip(content, ".pdf")
    text = base64.encodebytes(zipped) if wrapped else base64.b64encode(zipped)
    pkg = e.dumps(make_edoc(attachments=(e.Attachment.create(PDF, name="a.pdf"),)))
    start = pkg.index(b"ContentTransferEncoded")
    start = pkg.index(b">", start) + 1
    end = pkg.index(b"<", start)
    path = tmp_path / "p.edxml"
    path.write_bytes(pkg[:start] + text + pkg[end:])
    decoded = 0
    original = e.Base64Payload.iter_decoded

    def counting(self: e.Base64Payload, chunk_size: int = 1 << 20):  # type: ignore[no-untyped-def]
        nonlocal decoded
        for chunk in original(self, chunk_size):
            decoded += len(chunk)
            yield chunk

    monkeypatch.setattr(e.Base64Payload, "iter_decoded", counting)
    (a,) = e.load(path).attachments
    assert a.carrier == "zip-undeclared"
    assert a.document_size == len(content)
    assert decoded < 512 * 1024  # not the 3 MiB: only the start and the end were decoded
    assert a.document_type == "application/pdf"


def test_show_prints_the_document_and_how_it_was_carried(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from edocstd.cli import main

    path = tmp_path / "p.edxml"
    e.dump(make_edoc(attachments=(form_b(), e.Attachment.create(PDF, name="c.pdf"))), path)
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"Quyết định 12.pdf  application/pdf  {len(PDF) / 1024:.1f} KB" in out
    assert "gửi trong tệp ZIP của SDK nhưng khai báo application/pdf" in out
    assert "carried in the SDK's ZIP" not in out  # one language at a time
    assert main(["show", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "carried in the SDK's ZIP but declared application/pdf" in out
    assert "carried as is, declared application/pdf" in out
    assert main(["show", str(path), "--json"]) == 0
    first, second = json.loads(capsys.readouterr().out)["attachments"]
    assert first["document"] == {"carrier": "zip-undeclared", "name": "Quyết định 12.pdf",
                                 "type": "application/pdf", "size": len(PDF)}
    assert first["detected_type"] == "application/zip"  # the transferred bytes
    assert second["document"]["carrier"] == "raw"
    pkg = e.load(path)
    assert pkg.to_dict()["AttachmentEncoded"]["Attachment"][0]["#document"] == first["document"]
