"""The signature prescreen never hides a signature pyHanko would find, and spares the sandbox
for PDFs that cannot carry one."""

from __future__ import annotations

import base64
import io
import os
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

import edocstd
from edocstd._pdf import prescreen, sandbox, tier
from edocstd._pdf.prescreen import SignatureScan, may_be_signed
from edocstd.testing import pdf_from_objects
from tests import packages
from tests.complexity import assert_linear

from .conftest import DocPki, package, sdk_zip
from .pdfs import make_pdf, sign_pdf
from .test_hostile import HOSTILE

SIG_VALUE = b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.sha1 /Contents <00> >>"
"""A filled signature value in a format pyHanko does not check (listed, never 'unsigned')."""


def escaped_names() -> bytes:
    """Every name that matters written with #xx escapes, /FT given as a hex *string* (pyHanko
    compares it as text): no marker name appears plainly in the bytes."""
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Acro#46orm << /Fields [3 0 R] >> >>",
            b"<< /Type /Pages /Kids [] /Count 0 >>",
            b"<< /#46T <2F536967> /T (ChuKy) /V 4 0 R >>",
            SIG_VALUE.replace(b"/Sig ", b"/S#69g ") + b" ",
        ]
    )


def compressed(objstm_type: bytes = b"/ObjStm") -> bytes:
    """Catalogue, form, field and signature value compressed in an object stream, found
    through a cross-reference stream: nothing but the object stream's /Type is plain."""
    members = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [3 0 R] >> >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        b"<< /FT /Sig /T (ChuKy) /V 4 0 R >>",
        SIG_VALUE.replace(b"/Contents", b"/ByteRange [0 1 2 3] /Contents"),
    ]
    body, index = b"", []
    for number, member in enumerate(members, 1):
        index.append(b"%d %d" % (number, len(body)))
        body += member + b"\n"
    head = b" ".join(index) + b"\n"
    data = zlib.compress(head + body)
    out = b"%PDF-1.7\n"
    stream_at = len(out)
    out += (
        b"5 0 obj\n<< /Type %s /N 4 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (objstm_type, len(head), len(data))
        + data
        + b"\nendstream\nendobj\n"
    )
    xref_at = len(out)
    rows = [bytes((0, 0, 0, 0, 0, 0xFF, 0xFF))]
    rows += [bytes((2, 0, 0, 0, 5, 0, i)) for i in range(4)]
    rows += [bytes((1,)) + stream_at.to_bytes(4, "big") + b"\0\0"]
    rows += [bytes((1,)) + xref_at.to_bytes(4, "big") + b"\0\0"]
    table = b"".join(rows)
    out += (
        b"6 0 obj\n<< /Type /XRef /Size 7 /Root 1 0 R /W [1 4 2] /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\n"
    )
    return out + b"startxref\n%d\n%%%%EOF\n" % xref_at


@pytest.fixture
def checker_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """The files handed to the sandbox (the real one still checks them)."""
    calls: list[Path] = []
    check = sandbox.PdfChecker.check

    def spy(self: sandbox.PdfChecker, path: Path, timeout: float | None = None) -> object:
        calls.append(path)
        return check(self, path, timeout)

    monkeypatch.setattr(sandbox.PdfChecker, "check", spy)
    yield calls


def _documents(data: bytes) -> list[edocstd.DocumentCheck]:
    return list(edocstd.check_documents(package([("a.pdf", data)], "C")))


def test_every_signed_pdf_of_the_matrix_may_be_signed(cases: dict[str, bytes]) -> None:
    """Signed with pyHanko (incremental updates, two signatures, a document timestamp, a
    legacy format, data appended), each one is handed to pyHanko."""
    for name, data in cases.items():
        assert may_be_signed(data) is (name != "unsigned"), name


def test_an_unsigned_pdf_is_unsigned_without_the_sandbox(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def never(*_args: object) -> None:
        raise AssertionError("the sandbox was started")

    monkeypatch.setattr(sandbox.PdfChecker, "_start", never)
    [check] = _documents(make_pdf())
    assert (check.kind, check.verdict, check.signatures) == ("pdf", "unsigned", ())
    assert check.lines("vi")[0].endswith("KHÔNG CÓ CHỮ KÝ SỐ")
    assert check.lines("en")[0].endswith("NOT DIGITALLY SIGNED")


def test_only_a_pdf_that_may_be_signed_or_a_large_one_is_written_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A small document is held in memory while it is scanned: one that cannot be signed never
    touches the disk (no temporary folder); one that may be is given to the sandbox whole, as
    is a large one, which goes to disk in chunks."""
    folders: list[object] = []
    seen: list[bytes] = []
    make_folder, check = tier._temporary_folder, sandbox.PdfChecker.check

    def counted() -> object:
        folders.append(None)
        return make_folder()

    def spy(self: sandbox.PdfChecker, path: Path, timeout: float | None = None) -> object:
        seen.append(path.read_bytes())
        return check(self, path, timeout)

    monkeypatch.setattr(tier, "_temporary_folder", counted)
    monkeypatch.setattr(sandbox.PdfChecker, "check", spy)
    assert _documents(make_pdf())[0].verdict == "unsigned" and folders == [] and seen == []
    large = make_pdf(b"x" * (3 * tier._IN_MEMORY))
    assert _documents(large)[0].verdict == "unsigned" and len(folders) == 1 and seen == []
    padding = b"%" + b"x" * (3 * tier._IN_MEMORY) + b"\n"  # (breaks its offsets: no matter)
    for signed in (escaped_names(), escaped_names().replace(b"\n", b"\n" + padding, 1)):
        assert _documents(signed)[0].verdict != "unsigned"
        assert seen[-1] == signed
    assert len(folders) == 3 and len(seen) == 2


def test_the_same_answer_as_pyhanko_for_an_unsigned_pdf(checker_calls: list[Path]) -> None:
    """What the sandbox answers for the unsigned PDF with a form (so it runs) is what the
    prescreen answers for the same PDF without one."""
    unsigned = make_pdf()
    writer = IncrementalPdfFileWriter(io.BytesIO(unsigned))
    form = {pdf_name("/Fields"): generic.ArrayObject()}
    writer.root["/AcroForm"] = generic.DictionaryObject(form)
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    with_form = out.getvalue()
    assert may_be_signed(with_form) and not may_be_signed(unsigned)
    by_pyhanko, by_prescreen = _documents(with_form)[0], _documents(unsigned)[0]
    assert len(checker_calls) == 1
    assert by_pyhanko == by_prescreen


def test_escaped_names_and_a_string_field_type_are_seen(checker_calls: list[Path]) -> None:
    data = escaped_names()
    assert prescreen._PLAIN.search(data) is None  # only the decoding finds them
    assert may_be_signed(data)
    [check] = _documents(data)
    assert checker_calls and check.verdict == "invalid"  # pyHanko lists the signature
    assert "unsupported signature format" in (check.signatures[0].error or "")


@pytest.mark.parametrize("objstm_type", [b"/ObjStm", b"/Obj#53tm"])
def test_a_signature_compressed_in_an_object_stream_is_seen(
    checker_calls: list[Path], objstm_type: bytes
) -> None:
    data = compressed(objstm_type)
    for name in (b"/AcroForm", b"/ByteRange", b"/Sig"):
        assert name not in data
    assert may_be_signed(data)
    [check] = _documents(data)
    assert checker_calls and check.verdict == "invalid"
    assert "unsupported signature format" in (check.signatures[0].error or "")


@pytest.mark.parametrize(
    "objstm_type",
    [
        b"<2F4F626A53746D>",
        b"(\\057ObjStm)",
        b"%c\n(/Obj\\\nStm)",
        b"<FEFF002F004F0062006A00530074006D>",
    ],
)
@pytest.mark.parametrize("key", [b"/Type", b"/Ty#70e"])
def test_an_object_stream_whose_type_is_a_string_is_seen(
    checker_calls: list[Path], objstm_type: bytes, key: bytes
) -> None:
    """pyHanko compares the object stream's /Type as text: a string reading /ObjStm (hex,
    octal escapes, a line continuation) passes, and no name /ObjStm is in the bytes."""
    data = compressed(objstm_type).replace(b"5 0 obj\n<< /Type ", b"5 0 obj\n<< " + key + b" ")
    assert prescreen._PLAIN.search(data) is None
    assert may_be_signed(data)
    [check] = _documents(data)
    assert checker_calls and check.verdict == "invalid"


def test_a_type_written_as_anything_but_a_name_may_be_signed() -> None:
    """An indirect /Type may lead to a string; a value past the block is not known."""
    far = b"%" + b"x" * 80 + b"\n/Pages"  # a name, but too far to be seen
    for value in (b"7 0 R", b"<2F>", b"(x)", b"%c\r  (x)", b"%no end of line", far):
        data = pdf_from_objects([b"<< /Type /Catalog >>", b"<< /Type " + value + b" >>"])
        assert may_be_signed(data), value
    data = pdf_from_objects([b"<< /Type %c\n /Catalog >>", b"<< /Ty#70e\r\n/Pages >>"])
    assert not may_be_signed(data)
    whole = pdf_from_objects([b"<< /Type /Catalog >>"])
    start = whole.index(b"/Catalog")
    assert may_be_signed(whole, block=start)  # the value starts the next block
    assert not may_be_signed(whole, block=start + 1)


def test_a_signature_added_after_an_unsigned_revision_is_seen(doc_pki: DocPki) -> None:
    """The first revision has no marker; the incremental update that signs adds them."""
    pdf = make_pdf()
    signed = sign_pdf(pdf, doc_pki.pki.leaf, doc_pki.chain, "ChuKy")
    assert signed.startswith(pdf) and not may_be_signed(pdf)
    assert may_be_signed(signed)
    assert _documents(signed)[0].verdict == "unverified"


@pytest.mark.parametrize("name", [b"/AcroForm", b"/Acro#46orm", b"/#4F#62#6A#53#74#6D"])
def test_a_marker_across_block_boundaries_is_found(name: bytes) -> None:
    whole = pdf_from_objects([b"<< /Type /Catalog " + name + b" 3 0 R >>", b"<< /Type /Pages >>"])
    start = whole.index(name)
    for block in (1, 2, 3, 7, 64, 65, 100):
        for shift in range(0, 9):
            data = b" " * shift + whole[:start] + b" " * block + whole[start:]
            assert may_be_signed(data, block=block), (block, shift)


def test_names_that_only_look_alike_are_not_markers() -> None:
    for lookalike in (b"/AcroFormX", b"/SigFlags", b"/Acro#46ormX", b"/Acro#46", b"(AcroForm)"):
        data = pdf_from_objects([b"<< /Type /Catalog " + lookalike + b" 1 >>"])
        assert not may_be_signed(data), lookalike


def test_a_file_that_does_not_look_whole_is_left_to_pyhanko() -> None:
    whole = make_pdf()
    assert not may_be_signed(whole)
    assert may_be_signed(whole[:-40])  # truncated: no %%EOF
    assert may_be_signed(b"%PDX" + whole[4:])  # no PDF header
    assert may_be_signed(b"\n" + whole)  # pyHanko wants the header at byte 0


def test_too_many_escaped_names_make_the_scan_give_up(monkeypatch: pytest.MonkeyPatch) -> None:
    data = pdf_from_objects([b"<< /Type /Catalog " + b"/A#41 1 " * 200 + b">>"])
    assert not may_be_signed(data)
    monkeypatch.setattr(prescreen, "MAX_ESCAPED_NAMES", 100)
    assert may_be_signed(data)


def test_the_scan_is_linear_in_the_worst_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prescreen, "MAX_ESCAPED_NAMES", 10**9)

    def build(n: int) -> bytes:
        return b"%PDF-1.7\n" + b"/Abc#44efgh#49jklmnopq " * n + b"startxref\n0\n%%EOF\n"

    assert_linear(build, lambda data: may_be_signed(data, block=4096), 2000)


def test_the_scan_is_linear_with_a_comment_full_of_types() -> None:
    """Each /Type looks at most a bounded distance ahead for its value."""

    def build(n: int) -> bytes:
        return b"%PDF-1.7\n%" + b"/Type %" * n + b"\n/X\nstartxref\n0\n%%EOF\n"

    assert_linear(build, lambda data: may_be_signed(data, block=1 << 20), 2000)


def test_hostile_pdfs_without_a_form_are_unsigned_without_pyhanko(
    checker_calls: list[Path],
) -> None:
    """The crafted PDFs of test_hostile, their form taken out: nothing to check."""
    for name, (make, _problem) in HOSTILE.items():
        data = make().replace(b" /AcroForm << /Fields [] >>", b"")
        data = data.replace(b" /AcroForm 1 0 R", b"").replace(b"/AcroForm << /Fields [] >>", b"")
        if name in ("garbage", "deep-nesting"):
            continue  # no %%EOF (left to pyHanko); a real signature field
        assert b"AcroForm" not in data
        assert _documents(data)[0].verdict == "unsigned", name
    assert checker_calls == []


def test_the_checking_process_never_runs_with_asserts_off(tmp_path: Path) -> None:
    """pyHanko's checks that the prescreen relies on are asserts."""
    env = dict(os.environ, PYTHONOPTIMIZE="1")
    assert "PYTHONOPTIMIZE" not in _environment_under(env)
    proc = subprocess.run(
        [sys.executable, "-O", str(sandbox._WORKER)],
        input=b'{"parent": %d, "startup_seconds": 60}\n' % os.getpid(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert b'"ready": false' in proc.stdout and b"-O" in proc.stdout


def _environment_under(env: dict[str, str]) -> dict[str, str]:
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env)
        return sandbox._worker_environment()
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_scan_blocks_of_any_size_agree() -> None:
    data = escaped_names()
    for block in (1, 5, 63, 4096):
        scan = SignatureScan()
        for start in range(0, len(data), block):
            scan.feed(data[start : start + block])
        assert scan.may_be_signed


@pytest.mark.parametrize("form", ["A", "C"])
def test_bytes_before_the_header_do_not_hide_a_signed_pdf(
    cases: dict[str, bytes], form: str
) -> None:
    """PDF readers accept bytes before ``%PDF-`` (within the first 1,024): a document named
    ``.pdf`` with such bytes is still checked (its type falls back to the name), never set
    aside as "other" with its signatures unlooked at."""
    signed = next(data for name, data in cases.items() if name != "unsigned")
    junk = b"junk before the header\n" * 10
    [check] = edocstd.check_documents(edocstd.loads(package([("cv.pdf", junk + signed)], form)))
    assert check.kind == "pdf"
    assert check.verdict != "unsigned"


def _unnamed(data: bytes, form: str) -> bytes:
    """``data`` attached as ``scan.bin`` declared ``application/octet-stream`` (form C), or in
    the SDK ZIP with an entry of the same extension (form A): nothing but the bytes says PDF."""
    if form == "A":
        body, content_type = sdk_zip(data, ".bin"), "application/zip"
    else:
        body, content_type = data, "application/octet-stream"
    att = packages.Attachment(
        "scan.bin", base64.b64encode(body).decode("ascii"), content_type, "cid:1", None
    )
    return packages.edoc_xml(attachments=[att]).encode("utf-8")


@pytest.mark.parametrize("form", ["A", "C"])
def test_a_signed_pdf_with_bytes_before_its_header_is_checked_whatever_its_name(
    cases: dict[str, bytes], form: str
) -> None:
    """The same document under a name and a type that say nothing of PDF: the header within
    the first 1,024 bytes makes it a PDF, checked as the one named ``.pdf`` is."""
    signed = next(data for name, data in cases.items() if name != "unsigned")
    junk = b"junk before the header\n" * 10
    [check] = edocstd.check_documents(edocstd.loads(_unnamed(junk + signed, form)))
    [named] = edocstd.check_documents(edocstd.loads(package([("cv.pdf", junk + signed)], form)))
    assert check.kind == "pdf"
    assert check.verdict != "unsigned"
    assert (check.verdict, check.problem, check.signatures) == (
        named.verdict,
        named.problem,
        named.signatures,
    )


@pytest.mark.parametrize(("before", "kind"), [(1023, "pdf"), (1024, "other")])
def test_a_header_only_after_the_first_1024_bytes_is_not_a_pdf(
    cases: dict[str, bytes], before: int, kind: str
) -> None:
    """PDF readers look for the header within the first 1,024 bytes and no further."""
    signed = next(data for name, data in cases.items() if name != "unsigned")
    [check] = edocstd.check_documents(edocstd.loads(_unnamed(b"x" * before + signed, "C")))
    assert check.kind == kind
