"""Hostile PDFs end in a finding, never a hang or a traceback; the limits are really applied.

Each crafted PDF carries a form (``/AcroForm``), so that the signature prescreen hands it to
pyHanko: what is tested here is the sandbox.  Without one, the prescreen says it cannot be
signed and pyHanko never sees it (the last test)."""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

import pytest

import edocstd
from edocstd._pdf import sandbox
from edocstd.testing import pdf_from_objects

from .conftest import package, write


def _pdf(body: bytes, trailer: bytes) -> bytes:
    return b"%PDF-1.7\n" + body + trailer


def xref_shorter_than_declared() -> bytes:
    """A classic xref section claiming a hundred million entries and holding one."""
    return _pdf(
        b"1 0 obj << /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] >> >> endobj\n",
        b"xref\n0 100000000\n0000000000 65535 f \ntrailer << /Size 100000000 /Root 1 0 R >>\n"
        b"startxref\n60\n%%EOF\n",
    )


def xref_loop() -> bytes:
    """Two xref sections whose /Prev point at each other."""
    head = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 1 0 R /AcroForm 1 0 R >> endobj\n"
    first = len(head)
    one = (
        b"xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
        b"trailer << /Size 2 /Root 1 0 R /Prev {second} >>\n"
    )
    second = first + len(one.replace(b"{second}", b"0000000000"))
    one = one.replace(b"{second}", b"%010d" % second)
    two = b"xref\n0 1\n0000000000 65535 f \ntrailer << /Size 2 /Root 1 0 R /Prev %010d >>\n" % first
    return head + one + two + b"startxref\n%d\n%%%%EOF\n" % second


def flate_bomb() -> bytes:
    """An xref stream (decoded when the file is opened) inflating 1000x: 32 MiB of zeros."""
    bomb = zlib.compress(bytes(32 * 1024 * 1024), 9)
    obj = (
        b"1 0 obj << /Type /XRef /Size 2 /W [1 2 1] /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(bomb)
        + bomb
        + b"\nendstream\nendobj\n"
    )
    form = b"2 0 obj << /AcroForm << /Fields [] >> >> endobj\n"
    return b"%PDF-1.7\n" + obj + form + b"startxref\n9\n%%EOF\n"


def garbage() -> bytes:
    return b"%PDF-1.4\n" + bytes(range(256)) * 64


def deep_nesting() -> bytes:
    """A well-formed PDF whose signature field's value is an array nested 300 000 deep:
    pyHanko's parser recurses into it when it lists the signatures."""
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [3 0 R] >> >>",
            b"<< /Type /Pages /Kids [] /Count 0 >>",
            b"<< /FT /Sig /T (x) /V " + b"[" * 300_000 + b"]" * 300_000 + b" >>",
        ]
    )


HOSTILE = {
    "xref-shorter-than-declared": (xref_shorter_than_declared, "unreadable"),
    "xref-loop": (xref_loop, "unreadable"),
    "flate-bomb": (flate_bomb, "unreadable"),  # pyHanko's own cap on xref streams
    "garbage": (garbage, "unreadable"),
    "deep-nesting": (deep_nesting, "too-deep"),
}
"""Each crafted PDF, and the kind of problem it must end in."""


def test_hostile_pdfs_end_in_findings() -> None:
    docs = [(f"{name}.pdf", make()) for name, (make, _) in HOSTILE.items()]
    report = edocstd.validate(package(docs, "C"), documents=True)
    assert [c.name for c in report.documents] == [f"{n}.pdf" for n in HOSTILE]
    for index, (check, (_, problem)) in enumerate(
        zip(report.documents, HOSTILE.values(), strict=True), 1
    ):
        path = f"/edXML/AttachmentEncoded/Attachment[{index}]"
        rules = [f.rule for f in report.findings_in("documents") if f.path == path]
        assert rules == ["EDX-PDF-009"], (check.name, check)
        assert (check.problem, check.verdict) == (problem, "unchecked"), check.name
    assert report.tier("documents").failed


FAKE_WORKER = """
import json, os, sys, time
job = json.loads(sys.stdin.buffer.readline())
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin.buffer:
    kind = open(json.loads(line), "rb").read()
    if kind == b"hang":
        time.sleep(600)
    if kind == b"crash":
        os._exit(9)
    if kind == b"long":
        print(json.dumps({"ok": True, "junk": "x" * (5 * 1024 * 1024)}), flush=True)
        continue
    print(json.dumps({"ok": True, "signatures": [], "seen": kind.decode()}), flush=True)
"""


def test_a_hanging_or_dying_check_costs_one_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker = write(tmp_path, "fake_worker.py", FAKE_WORKER.encode())
    monkeypatch.setattr(sandbox, "_WORKER", worker)
    files = [
        write(tmp_path, f"{i}.pdf", kind)
        for i, kind in enumerate([b"one", b"hang", b"two", b"crash", b"three", b"long", b"four"])
    ]
    results = sandbox.check_pdf_files(files, limits=edocstd.DocumentLimits(timeout=1.0))
    assert [r.get("seen") or r["error"] for r in results] == [
        "one",
        "timeout",
        "two",
        "crashed",
        "three",
        "unreadable",
        "four",
    ]
    assert results[1]["detail"] == "checking took longer than 1 s"


@pytest.mark.skipif(sys.platform == "win32", reason="address-space limits are POSIX")
def test_the_memory_limit_is_applied_to_the_checking_process(cases: dict[str, bytes]) -> None:
    """pyHanko alone needs more than 40 MiB of address space: the checker cannot even start."""
    limits = edocstd.DocumentLimits(memory=40 * 1024 * 1024)
    data = package([("a.pdf", cases["official-then-agency"])], "C")
    report = edocstd.validate(data, documents=True, document_limits=limits)
    [finding] = report.findings_in("documents")
    assert finding.rule == "EDX-PDF-009"
    assert report.documents[0].problem in ("crashed", "unavailable", "memory")
    # and the same document checks fine with the default limits
    assert edocstd.validate(data, documents=True).documents[0].verdict == "unverified"
