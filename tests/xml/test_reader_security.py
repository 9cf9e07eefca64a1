"""Regression tests for ways a crafted document could make the reader disagree with the XML,
reach the file system, or lose data (found in review)."""

from __future__ import annotations

import base64
import io
import os
import threading
import time
from pathlib import Path

import pytest
from lxml import etree

import edocstd as e
from edocstd.testing import make_edoc

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
BIG = base64.b64encode(os.urandom(6000))  # long enough to be cut out on the fast path


def _package(subject: str = "S", attachment: bytes = b"%PDF-1.4 x") -> bytes:
    pkg = make_edoc(subject=subject, attachments=(e.Attachment.create(attachment, name="a.pdf"),))
    return e.dumps(pkg)


def test_a_stand_in_element_in_input_is_just_an_unknown_element() -> None:
    forged = (
        f'<raw xmlns="urn:edocstd:raw">&lt;edXML:Subject xmlns:edXML="{NS}"&gt;FORGED'
        f"&lt;/edXML:Subject&gt;</raw>"
    )
    data = _package("REAL").replace(b"<edXML:Subject>", forged.encode() + b"<edXML:Subject>", 1)
    pkg = e.loads(data)
    assert isinstance(pkg, e.Edoc) and pkg.header.subject == "REAL"
    again = e.loads(e.dumps(pkg))
    assert isinstance(again, e.Edoc) and again.header.subject == "REAL"
    assert b"FORGED" in e.dumps(again)  # kept, as text of an unknown element, not as content


def test_a_doctype_hidden_behind_a_long_processing_instruction_is_refused() -> None:
    prolog = b'<?xml version="1.0" encoding="UTF-8"?>\n<?pi <ContentTransferEncoded>' + BIG
    prolog += b'?>\n<?x ?>\n<!DOCTYPE edXML SYSTEM "/etc/passwd">\n'
    data = prolog + _package().split(b"?>\n", 1)[1]
    with pytest.raises(e.ParseError, match="DTD"):
        e.loads(data)


def test_payload_like_text_elsewhere_is_not_cut_out() -> None:
    subject = "ContentTransferEncoded>" + BIG.decode()
    data = _package().replace(b"<edXML:Subject>S<", f"<edXML:Subject>{subject}<".encode(), 1)
    pkg = e.loads(data)
    assert isinstance(pkg, e.Edoc) and pkg.header.subject == subject


def test_content_hidden_in_a_processing_instruction_is_seen_as_any_parser_sees_it() -> None:
    hidden = b"<?x <ContentTransferEncoded>" + BIG + b"?>"
    data = _package().replace(
        b"<edXML:Subject>S</edXML:Subject>",
        hidden + b"<edXML:Subject>HIDDEN</edXML:Subject><?y ?>",
        1,
    )
    reference = etree.fromstring(data, etree.XMLParser(huge_tree=True))
    expected = reference.find(f".//{{{NS}}}Subject").text
    pkg = e.loads(data)
    assert isinstance(pkg, e.Edoc) and pkg.header.subject == expected == "HIDDEN"


def test_a_greater_than_sign_in_an_attribute_of_the_payload_element() -> None:
    payload = os.urandom(5000)
    data = _package(attachment=payload).replace(
        b"<edXML:ContentTransferEncoded ", b'<edXML:ContentTransferEncoded note="a>b" ', 1
    )
    pkg = e.loads(data)
    assert isinstance(pkg, e.Edoc) and pkg.attachments[0].read() == payload
    assert "read.lost-attribute" in {f.rule for f in pkg.findings}


def test_a_payload_split_by_an_element_keeps_all_its_text() -> None:
    payload = os.urandom(6000)
    text = base64.b64encode(payload)
    data = _package(attachment=payload).replace(text, text[:4000] + b"<x/>" + text[4000:], 1)
    pkg = e.loads(data)
    assert isinstance(pkg, e.Edoc) and pkg.attachments[0].read() == payload
    assert "read.nested-value" in {f.rule for f in pkg.findings}


def test_a_vendor_element_named_like_the_payload_survives() -> None:
    vendor = (
        b'<x:ContentTransferEncoded xmlns:x="urn:vendor">' + BIG + b"</x:ContentTransferEncoded>"
    )
    data = _package().replace(b"<edXML:Subject>", vendor + b"<edXML:Subject>", 1)
    pkg = e.loads(data)
    assert BIG in e.dumps(pkg)


def test_too_many_attachments() -> None:
    pkg = make_edoc(attachments=tuple(e.Attachment.create(b"x", name=f"{i}.txt") for i in range(5)))
    with pytest.raises(e.LimitExceeded):
        e.loads(e.dumps(pkg), limits=e.Limits(max_attachments=2))
    assert len(e.loads(e.dumps(pkg), limits=e.Limits(max_attachments=5)).attachments) == 5


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_device_is_bounded_by_the_limit() -> None:
    start = time.perf_counter()
    with pytest.raises(e.LimitExceeded):
        e.load("/dev/zero", limits=e.Limits(max_bytes=100_000))
    assert time.perf_counter() - start < 30.0  # a guard against an endless read, not a benchmark


def test_short_reads_from_a_pipe_are_not_a_truncated_file() -> None:
    data = _package()
    read_fd, write_fd = os.pipe()

    def feed() -> None:
        with os.fdopen(write_fd, "wb", buffering=0) as w:
            for i in range(0, len(data), 97):  # many small writes: the reader sees short reads
                w.write(data[i : i + 97])

    writer = threading.Thread(target=feed)
    writer.start()
    with io.FileIO(read_fd, "rb") as r:
        pkg = e.load(r)
    writer.join()
    assert isinstance(pkg, e.Edoc) and pkg.header.subject == "S"


def test_a_missing_folder_or_file_is_a_parse_error(tmp_path: Path) -> None:
    with pytest.raises(e.ParseError, match="folder"):
        e.load(tmp_path)
    with pytest.raises(e.ParseError, match="not found"):
        e.load(tmp_path / "x.edxml")


def test_an_encoding_that_can_hide_markup_is_refused() -> None:
    pad = b" " * 300  # a long declaration: the encoding lies past any short window
    data = b'<?xml version="1.0"' + pad + b'encoding="UTF-7"?>' + _package().split(b"?>", 1)[1]
    with pytest.raises(e.ParseError, match="UTF-7"):
        e.loads(data)


def test_a_doctype_after_an_endless_comment_is_refused() -> None:
    data = b"<!--" + b"x" * 70_000 + b'--><!DOCTYPE x SYSTEM "/etc/passwd"><x/>'
    with pytest.raises(e.ParseError):
        e.loads(data)


def test_a_cut_payload_kept_as_unknown_xml_keeps_its_bytes() -> None:
    # a status package has no attachments: its AttachmentEncoded block is kept as unknown XML
    status = e.dumps(__import__("edocstd.testing", fromlist=["make_status"]).make_status())
    block = (
        b'<AttachmentEncoded><Attachment><edXML:ContentTransferEncoded xmlns:edXML="'
        + NS.encode()
        + b'">'
        + BIG
        + b"</edXML:ContentTransferEncoded></Attachment>"
        b"</AttachmentEncoded></edXML>"
    )
    data = status.replace(b"</edXML>", block, 1)
    pkg = e.loads(data)
    assert isinstance(pkg, e.StatusPackage)
    assert BIG in e.dumps(pkg) and b"edocstd:" not in e.dumps(pkg)


def test_a_second_payload_element_is_kept_not_dropped() -> None:
    first, second = base64.b64encode(b"A" * 3000), base64.b64encode(b"B" * 3000)
    data = _package(attachment=b"A" * 3000)
    cte = f'<edXML:ContentTransferEncoded xmlns:edXML="{NS}">'.encode()
    data = data.replace(
        first + b"</edXML:ContentTransferEncoded>",
        first
        + b"</edXML:ContentTransferEncoded>"
        + cte
        + second
        + b"</edXML:ContentTransferEncoded>",
        1,
    )
    pkg = e.loads(data)
    assert isinstance(pkg, e.Edoc) and pkg.attachments[0].read() == b"A" * 3000
    assert "read.duplicate-element" in {f.rule for f in pkg.findings}
    assert second in e.dumps(pkg)


def test_the_payload_tag_named_in_a_long_text_does_not_stop_the_fast_path() -> None:
    payload = os.urandom(6000)
    subject = "x" * 100 + " ContentTransferEncoded"
    pkg = e.loads(_package(subject=subject, attachment=payload))
    assert isinstance(pkg, e.Edoc)
    slice_ = pkg.attachments[0].payload
    assert isinstance(slice_, e.Base64Payload) and pkg.attachments[0].read() == payload
    # taken as a slice of the input (fast path), not copied out of a fully parsed tree
    assert len(slice_._source.buffer) > slice_.encoded_size  # type: ignore[attr-defined]
