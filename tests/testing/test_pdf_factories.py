"""``make_pdf`` and ``pdf_from_objects``: whole PDFs (every cross-reference entry points at
its object), which the documents tier reads as PDFs, unsigned."""

from __future__ import annotations

import re

import pytest

import edocstd
from edocstd._pdf.prescreen import may_be_signed
from edocstd.testing import make_edoc, make_pdf, pdf_from_objects


def _objects_at_their_offsets(data: bytes) -> list[int]:
    """The object numbers found where the cross-reference table says they are."""
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n\Z", data).group(1))  # type: ignore[union-attr]
    assert data[start:].startswith(b"xref\n0 ")
    count = int(data[start + 7 : data.index(b"\n", start + 7)])
    rows = re.findall(rb"(\d{10}) 00000 n \n", data[start:])
    assert len(rows) == count - 1
    found = []
    for row in rows:
        match = re.match(rb"(\d+) 0 obj\n", data[int(row) :])
        assert match is not None
        found.append(int(match.group(1)))
    return found


def test_pdf_from_objects_numbers_and_indexes_them() -> None:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    data = pdf_from_objects(objects)
    assert data.startswith(b"%PDF-1.7\n")
    assert _objects_at_their_offsets(data) == [1, 2]
    assert b"trailer << /Size 3 /Root 1 0 R >>" in data
    assert pdf_from_objects(objects, version="1.4").startswith(b"%PDF-1.4\n")


@pytest.mark.parametrize("text_bytes", [1, 300, 5000])
def test_make_pdf_is_a_whole_one_page_pdf(text_bytes: int) -> None:
    data = make_pdf(text_bytes=text_bytes)
    assert data.startswith(b"%PDF-1.4\n")
    assert _objects_at_their_offsets(data) == [1, 2, 3, 4]
    stream = re.search(rb"<< /Length (\d+) >>\nstream\n", data)
    assert stream is not None
    length = int(stream.group(1))
    assert data[stream.end() + length :].startswith(b"endstream")
    content = data[stream.end() : stream.end() + length]
    line = content[: content.index(b"\n") + 1]
    assert line.endswith(b" Tj ET\n") and content == line * (length // len(line))
    assert text_bytes - len(line) < length <= max(len(line), text_bytes)  # whole lines


def test_a_form_is_what_may_carry_a_signature() -> None:
    assert not may_be_signed(make_pdf())
    assert b"/AcroForm << /Fields [] >>" in make_pdf(form=True)
    assert may_be_signed(make_pdf(form=True))
    assert _objects_at_their_offsets(make_pdf(form=True)) == [1, 2, 3, 4]


@pytest.mark.parametrize("form", [False, True])
def test_attached_it_is_an_unsigned_pdf(form: bool) -> None:
    pytest.importorskip("pyhanko", reason="the documents tier needs edocstd[pdf] (pyHanko)")
    attachment = edocstd.Attachment.create(make_pdf(form=form), name="cong-van.pdf")
    assert attachment.content_type == "application/pdf"
    [check] = edocstd.check_documents(
        edocstd.loads(edocstd.dumps(make_edoc(attachments=(attachment,))))
    )
    assert (check.kind, check.verdict, check.problem) == ("pdf", "unsigned", None)
