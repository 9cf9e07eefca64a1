"""Findings of the second review of the documents tier: escaping, shapes, limits, lifetimes."""

from __future__ import annotations

import datetime as dt
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import edocstd
from edocstd import Severity
from edocstd._pdf import sandbox
from edocstd._pdf.model import DocumentCheck, DocumentSignature
from edocstd._validate import documents
from edocstd.cli import main

from .conftest import DocPki, package, write
from .pdfs import (
    document_timestamp,
    empty_revisions,
    legacy_subfilter,
    make_pdf,
    share_signature_value,
    sign_pdf,
    timestamper,
)

EVIL = "\x1b[31mRED\x1b[0m\u202eevil"


def test_text_from_the_pdf_in_finding_details_is_escaped(
    doc_pki: DocPki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """B5: a field name with ESC and U+202E reaches pyHanko's difference message (EDX-PDF-003
    detail) and the field is also a legacy-SubFilter signature in a second PDF (EDX-PDF-002
    detail: pyHanko's error text)."""
    p = doc_pki
    official = sign_pdf(make_pdf(), p.pki.leaf, p.chain, "ChuKyLanhDao")
    shared = share_signature_value(official, [EVIL])
    legacy = legacy_subfilter(sign_pdf(make_pdf(), p.pki.leaf, p.chain, EVIL))
    pkg = write(tmp_path, "esc.edxml", package([("a.pdf", shared), ("b.pdf", legacy)], "C"))
    report = edocstd.validate(pkg, document_trust=p.pki.root.cert_path)
    rules = [f.rule for f in report.findings_in("documents")]
    assert rules == ["EDX-PDF-003", "EDX-PDF-007", "EDX-PDF-002"]
    changed, _roles, broken = report.findings_in("documents")
    assert "\\x1b[31mRED\\x1b[0m\\u202eevil" in changed.message("en")
    assert broken.message("en") == (
        "signature 1 (?) of b.pdf is broken: unsupported signature format (SubFilter "
        "/adbe.pkcs7.sha1)"
    )
    for lang in ("en", "vi"):
        for finding in report.findings_in("documents"):
            text = finding.message(lang)
            assert "\x1b" not in text and "\u202e" not in text
        main(["validate", "--document-trust", str(p.pki.root.cert_path), "--lang", lang, str(pkg)])
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\u202e" not in out
        assert "\\x1b[31mRED" in out


def test_every_text_parameter_of_a_finding_is_escaped() -> None:
    """B5 at the source: pyHanko's error, the signer and the document name, whatever rule."""
    sig = DocumentSignature(index=1, common_name=f"A{EVIL}", error=f"bad {EVIL}")
    check = DocumentCheck(index=1, name=f"x{EVIL}.pdf", signatures=(sig,))
    [finding] = documents.document_findings([check], "vdxp")
    assert finding.rule == "EDX-PDF-002"
    for lang in ("en", "vi"):
        assert finding.message(lang).count("\\x1b[31mRED\\x1b[0m\\u202eevil") == 3
    problem = attrs_evolve(check, signatures=(), problem="unreadable", problem_detail=EVIL)
    [finding] = documents.document_findings([problem], "vdxp")
    assert "\x1b" not in finding.message("vi") and "\u202e" not in finding.message("en")


def attrs_evolve(check: DocumentCheck, **changes: Any) -> DocumentCheck:
    import attrs

    return attrs.evolve(check, **changes)


def test_a_signature_pyhanko_does_not_list_is_never_unsigned(doc_pki: DocPki) -> None:
    """B3 on a PDF with one signature: the legacy SubFilter hides it from pyHanko's list."""
    p = doc_pki
    pdf = legacy_subfilter(sign_pdf(make_pdf(), p.agency, p.chain, "ChuKyCoQuan"))
    report = edocstd.validate(package([("a.pdf", pdf)], "B"), document_trust=p.pki.root.cert_path)
    [check] = report.documents
    assert check.verdict == "invalid"
    assert [(f.rule, f.severity) for f in report.findings_in("documents")] == [
        ("EDX-PDF-002", Severity.ERROR)
    ]
    [sig] = check.signatures
    assert (sig.field, sig.intact) == ("ChuKyCoQuan", False)


def test_fields_sharing_one_signature_value_count_once(doc_pki: DocPki) -> None:
    """N5: thirty fields pointing at one signature are one signature, one finding."""
    p = doc_pki
    official = sign_pdf(make_pdf(), p.pki.leaf, p.chain, "ChuKyLanhDao")
    pdf = share_signature_value(official, [f"f{i}" for i in range(30)])
    report = edocstd.validate(package([("a.pdf", pdf)], "C"), document_trust=p.pki.root.cert_path)
    [check] = report.documents
    assert [s.field for s in check.signatures] == ["ChuKyLanhDao"]
    assert not check.more_signatures
    assert [f.rule for f in report.findings_in("documents")] == ["EDX-PDF-003", "EDX-PDF-007"]


def test_findings_per_document_are_capped() -> None:
    """N5: twenty broken signatures give twelve findings, the last saying how many more."""
    broken = tuple(DocumentSignature(index=i, common_name=f"S{i}") for i in range(1, 21))
    check = DocumentCheck(index=1, name="a.pdf", signatures=broken)
    findings = documents.document_findings([check], "vdxp")
    assert len(findings) == documents.MAX_FINDINGS_PER_DOCUMENT == 12
    assert [f.rule for f in findings] == ["EDX-PDF-002"] * 11 + ["EDX-PDF-009"]
    assert [f.message("en").split(" (")[0] for f in findings[:2]] == ["signature 1", "signature 2"]
    assert findings[-1].message("en") == (
        "the PDF a.pdf could not be checked: 9 more findings not listed"
    )


# -- the checking process: its answers, its lifetime, its import path -------------------------

FAKE_WORKER = """
import json, os, sys
job = json.loads(sys.stdin.buffer.readline())
print(json.dumps({"ready": True}), flush=True)
answers = {
    b"deep": "[" * 200000 + "]" * 200000,
    b"types": json.dumps({"ok": True, "signatures": [{"common_name": ["x"], "intact": True}]}),
    b"unknown-field": json.dumps({"ok": True, "signatures": [{"evil": 1}]}),
    b"bad-trust": json.dumps({"ok": True, "signatures": [{"trust": "yes", "intact": True}]}),
    b"bad-error": json.dumps({"ok": False, "error": {"x": 1}, "detail": None}),
    b"ok-not-bool": json.dumps({"ok": 1, "signatures": []}),
    b"signatures-not-list": json.dumps({"ok": True, "signatures": "abc"}),
    b"long-text": json.dumps({"ok": True, "signatures": [{"error": "x" * 5000}]}),
    b"too-many": json.dumps({"ok": True, "signatures": [{}] * 50}),
    b"good": json.dumps({"ok": True, "signatures": [{"intact": True, "common_name": "A"}]}),
}
for line in sys.stdin.buffer:
    print(answers[open(json.loads(line), "rb").read()], flush=True)
"""


@pytest.fixture
def prefixed_fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fake checker reads documents that start with ``%PDF-1.7\\n`` (they are sniffed as
    PDF): it answers by what follows."""
    worker = FAKE_WORKER.replace(
        'open(json.loads(line), "rb").read()', 'open(json.loads(line), "rb").read()[9:]'
    )
    path = write(tmp_path, "fake.py", worker.encode())
    monkeypatch.setattr(sandbox, "_WORKER", path)
    return path


def test_an_answer_of_another_shape_is_a_crash_never_an_exception(prefixed_fake: Path) -> None:
    """R1: a misbehaving checker cannot crash the caller (RecursionError, TypeError…)."""
    kinds = ["deep", "types", "unknown-field", "bad-trust", "bad-error", "ok-not-bool"]
    kinds += ["signatures-not-list", "long-text", "too-many", "good"]
    docs = [(f"{k}.pdf", b"%PDF-1.7\n" + k.encode()) for k in kinds]
    report = edocstd.validate(package(docs, "C"), documents=True)
    problems = [(c.name, c.problem) for c in report.documents]
    assert problems == [(f"{k}.pdf", "crashed") for k in kinds[:-1]] + [("good.pdf", None)]
    assert report.documents[-1].signatures[0].common_name == "A"
    crashed = report.findings_in("documents")[0]
    assert crashed.rule == "EDX-PDF-009"
    assert crashed.message("en") == (
        "the PDF deep.pdf could not be checked: the checking process gave an unreadable answer"
    )


def test_pyhanko_bottom_line_false_is_never_valid() -> None:
    """B1's safety net: a trusted, intact signature that pyHanko still judges invalid (an
    untrusted signature timestamp, seed values not met) is an EDX-PDF-012 error."""
    good = DocumentSignature(
        index=1, common_name="A", intact=True, coverage="entire-file", modification="none"
    )
    trusted = attrs_evolve(good, trust="trusted", bottom_line=True)
    stamped = attrs_evolve(trusted, bottom_line=False, timestamp="2026-01-01T00:00:00+00:00")
    seeded = attrs_evolve(trusted, seed_value_ok=False, seed_value_detail="wrong /SubFilter")
    for sig, detail in [
        (stamped, "its signature timestamp is not trusted"),
        (seeded, "seed value constraints not met: wrong /SubFilter"),
        (attrs_evolve(trusted, bottom_line=False), "pyHanko judges the signature invalid"),
    ]:
        check = DocumentCheck(index=1, name="a.pdf", signatures=(sig,))
        assert check.verdict == "invalid"
        rules = [(f.rule, f.severity) for f in documents.document_findings([check], "vdxp")]
        assert rules == [("EDX-PDF-012", Severity.ERROR), ("EDX-PDF-007", Severity.INFO)]
        finding = documents.document_findings([check], "vdxp")[0]
        assert finding.message("en") == f"signature 1 (A) of a.pdf is not accepted: {detail}"
    assert DocumentCheck(index=1, name="a.pdf", signatures=(trusted,)).verdict == "valid"


def test_one_document_is_on_disk_at_a_time(
    cases: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """R3: each PDF is written, checked and removed before the next is taken out."""
    seen: list[list[str]] = []
    check = sandbox.PdfChecker.check

    def spy(self: sandbox.PdfChecker, path: Path, timeout: float | None = None) -> dict[str, Any]:
        seen.append(sorted(p.name for p in path.parent.iterdir()))
        return check(self, path, timeout)

    monkeypatch.setattr(sandbox.PdfChecker, "check", spy)
    docs = [(f"{i}.pdf", cases["agency-only"]) for i in range(4)]
    report = edocstd.validate(package(docs, "A"), documents=True)
    assert [c.verdict for c in report.documents] == ["unverified"] * 4
    assert seen == [[f"document-{i}.pdf"] for i in range(1, 5)]


PARENT = """
import sys
from pathlib import Path
from edocstd._pdf import sandbox
checker = sandbox.PdfChecker()
checker._start()
print(checker._proc.pid, flush=True)
checker.check(Path(sys.argv[1]))  # a FIFO nobody writes: the checker blocks opening it
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX process model")
def test_the_checker_dies_with_its_parent(tmp_path: Path) -> None:
    """R5: the caller is killed while a PDF is being checked: the checker does not stay."""
    fifo = tmp_path / "blocks.pdf"
    os.mkfifo(fifo)
    parent = write(tmp_path, "parent.py", PARENT.encode())
    proc = subprocess.Popen(
        [sys.executable, str(parent), str(fifo)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        child = int(proc.stdout.readline())
        assert _alive(child)
        time.sleep(0.5)  # the path is sent and the checker is blocked on it
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while _alive(child):
            assert time.monotonic() < deadline, "the checker outlived its parent"
            time.sleep(0.05)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(") ")[-1][:1] not in ("Z", "X")  # a zombie is dead
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def test_a_checker_that_cannot_import_pyhanko_skips_the_tier_with_the_install_hint(
    cases: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R6: the checking process gets the caller's sys.path (here with a broken pyHanko at
    its head): a failed import there skips the tier, never EDX-PDF-009 for each file."""
    broken = tmp_path / "site" / "pyhanko"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("raise ImportError('broken pyHanko')\n")
    monkeypatch.syspath_prepend(str(broken.parent))
    data = package([("a.pdf", cases["agency-only"]), ("b.pdf", cases["unsigned"])], "C")
    report = edocstd.validate(data, documents=True)
    tier_result = report.tier("documents")
    assert tier_result.skipped and report.documents is None
    assert tier_result.reason == "PDF support is not installed: pip install 'edocstd[pdf]'"
    assert report.findings_in("documents") == ()
    with pytest.raises(edocstd.PdfSupportMissing, match=r"edocstd\[pdf\]") as caught:
        edocstd.check_documents(data)
    assert caught.value.message("vi") == "chưa cài hỗ trợ PDF: pip install 'edocstd[pdf]'"


@pytest.mark.parametrize(
    "field, value",
    [
        ("timeout", -1),
        ("timeout", 0),
        ("timeout", math.inf),
        ("timeout", math.nan),
        ("timeout", "60"),
        ("memory", -5),
        ("memory", 1.5),
        ("max_document_bytes", 0),
        ("max_signatures", -1),
        ("max_signatures", True),
        ("package_timeout", 0),
        ("max_revisions", 0),
    ],
)
def test_document_limits_refuse_what_cannot_be_a_limit(field: str, value: object) -> None:
    """N1: a typed error naming the field, never a bare ValueError later or no limit."""
    with pytest.raises(edocstd.BuildError) as caught:
        edocstd.DocumentLimits(**{field: value})  # type: ignore[arg-type]
    assert caught.value.path == f"DocumentLimits.{field}"
    assert caught.value.message("vi").startswith(f"DocumentLimits.{field} phải là số dương")
    assert caught.value.message("en").startswith("must be a positive finite number, not ")
    assert isinstance(caught.value, edocstd.EdocError)
    assert edocstd.DocumentLimits(timeout=0.5, memory=10**9).timeout == 0.5


def test_end_of_line_characters_after_the_signed_bytes_are_not_appended_data(
    doc_pki: DocPki, cases: dict[str, bytes]
) -> None:
    """B4's boundary: a writer's trailing newline is not data; a short text is."""
    p = doc_pki
    docs = [
        ("eol.pdf", cases["official-then-agency"] + b"\r\n"),
        ("text.pdf", cases["official-then-agency"] + b"\nhello\n"),
    ]
    report = edocstd.validate(package(docs, "C"), document_trust=p.pki.root.cert_path)
    assert [c.verdict for c in report.documents] == ["valid", "invalid"]
    assert [c.uncovered_tail for c in report.documents] == [False, True]


def test_a_pdf_with_only_a_document_timestamp_is_unsigned(doc_pki: DocPki, tmp_path: Path) -> None:
    """B2: a document timestamp is not a signature: EDX-PDF-001, listed as a timestamp."""
    p = doc_pki
    pdf = document_timestamp(make_pdf(), timestamper(p.tsa, p.chain))
    report = edocstd.validate(package([("a.pdf", pdf)], "C"), document_trust=p.pki.root.cert_path)
    [check] = report.documents
    assert (check.verdict, check.signatures) == ("unsigned", ())
    assert [(t.kind, t.intact, t.trust) for t in check.timestamps] == [
        ("timestamp", True, "trusted")
    ]
    assert [f.rule for f in report.findings_in("documents")] == ["EDX-PDF-001"]


HANGING = """
import json, sys, time
job = json.loads(sys.stdin.buffer.readline())
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin.buffer:
    time.sleep(600)
"""


def test_a_package_has_a_time_budget_for_its_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R2: PDFs that each use up the per-file time cannot multiply it: past the package's
    budget the rest are not checked, and the finding says why."""
    monkeypatch.setattr(sandbox, "_WORKER", write(tmp_path, "hang.py", HANGING.encode()))
    limits = edocstd.DocumentLimits(timeout=1, package_timeout=2)
    docs = [(f"{i}.pdf", b"%PDF-1.7\n%" + bytes([i])) for i in range(4)]
    report = edocstd.validate(package(docs, "C"), documents=True, document_limits=limits)
    problems = [c.problem for c in report.documents]
    assert problems[0] == "timeout" and problems[-2:] == ["budget", "budget"]
    assert set(problems) == {"timeout", "budget"}
    last = report.findings_in("documents")[-1]
    assert last.message("en") == (
        "the PDF 3.pdf could not be checked: the 2 s allowed for the package's documents are spent"
    )
    assert last.message("vi").startswith(
        "không kiểm tra được tệp PDF 3.pdf: đã hết thời gian dành cho các văn bản của gói tin"
    )


def test_a_trusted_timestamp_proves_the_signature_older_than_the_expiry(
    doc_pki: DocPki,
) -> None:
    """R4: the signer's certificate expired 35 days ago; a trusted timestamp from 100 days
    ago shows the signature was made while it was valid: trusted, no EDX-PDF-005.  The same
    signature without the timestamp stays expired."""
    p = doc_pki
    then = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=100)
    stamper = timestamper(p.tsa, p.chain, at=then)
    stamped = sign_pdf(make_pdf(), p.pki.expired, p.chain, "ChuKy", stamper)
    bare = sign_pdf(make_pdf(), p.pki.expired, p.chain, "ChuKy")
    docs = [("stamped.pdf", stamped), ("bare.pdf", bare)]
    report = edocstd.validate(package(docs, "C"), document_trust=p.pki.root.cert_path)
    [good], [old] = (c.signatures for c in report.documents)
    assert (good.trust, good.timestamp_trusted) == ("trusted", True)
    assert good.trust_detail == "valid at its trusted timestamp; the certificate expired since"
    assert good.timestamp is not None and good.timestamp.startswith(then.date().isoformat())
    assert old.trust == "expired"
    rules = [(f.path[-3:], f.rule) for f in report.findings_in("documents")]
    assert rules == [("[1]", "EDX-PDF-007"), ("[2]", "EDX-PDF-005"), ("[2]", "EDX-PDF-007")]


def test_why_a_signer_is_not_trusted_is_said(doc_pki: DocPki, cases: dict[str, bytes]) -> None:
    """N2: an encryption-only certificate is refused for its key usage, not for its chain."""
    p = doc_pki
    usage = sign_pdf(make_pdf(), p.pki.bad_usage, p.chain, "ChuKy")
    docs = [("usage.pdf", usage), ("stranger.pdf", cases["untrusted-root"])]
    report = edocstd.validate(package(docs, "C"), document_trust=p.pki.root.cert_path)
    messages = [f.message("en") for f in report.findings_in("documents") if f.rule == "EDX-PDF-004"]
    assert messages == [
        "signature 1 of usage.pdf: the certificate of Encryption Only is not trusted: its key "
        "usage or path constraints do not allow signing (CHAIN_CONSTRAINTS_FAILURE)",
        "signature 1 of stranger.pdf: the certificate of Nguyễn Văn A is not trusted: it does "
        "not chain to a trust anchor",
    ]
    vi = [f.message("vi") for f in report.findings_in("documents") if f.rule == "EDX-PDF-004"]
    assert vi[1] == (
        "chữ ký 1 của stranger.pdf: chứng thư số của Nguyễn Văn A không được tin cậy: không dẫn "
        "tới chứng thư tin cậy nào"
    )


def test_an_untrusted_timestamp_does_not_print_like_a_trusted_one() -> None:
    """N3."""
    sig = DocumentSignature(
        index=1, common_name="A", intact=True, trust="trusted", timestamp="2026-01-01T00:00:00"
    )
    assert "2026-01-01T00:00:00 [timestamp, UNTRUSTED]" in sig.line("en")
    assert "[dấu thời gian, KHÔNG TIN CẬY]" in sig.line("vi")
    trusted = attrs_evolve(sig, timestamp_trusted=True)
    assert "2026-01-01T00:00:00 [timestamp] |" in trusted.line("en")
    unchecked = attrs_evolve(sig, trust="not-checked")
    assert "2026-01-01T00:00:00 [timestamp] |" in unchecked.line("en")


def test_a_validation_time_before_the_signer_existed_is_not_yet_valid(
    doc_pki: DocPki, cases: dict[str, bytes]
) -> None:
    """N2: the test certificates start a day ago; three days ago they were not yet valid."""
    p = doc_pki
    then = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=3)
    policy = edocstd.Policy(trust_anchors=p.pki.root.cert, validation_time=then)
    data = package([("a.pdf", cases["agency-only"])], "C")
    report = edocstd.validate(data, documents=True, policy=policy)
    [sig] = report.documents[0].signatures
    assert sig.trust == "not-yet-valid"
    [finding, _roles] = report.findings_in("documents")
    assert finding.rule == "EDX-PDF-005"
    assert finding.message("en").endswith("is not yet valid")


def test_a_pdf_with_too_many_revisions_is_not_checked(cases: dict[str, bytes]) -> None:
    """R2: the number of revisions is bounded before pyHanko's difference analysis runs."""
    limits = edocstd.DocumentLimits(max_revisions=5)
    docs = [("ok.pdf", empty_revisions(cases["agency-only"], 3))]
    docs.append(("many.pdf", empty_revisions(cases["agency-only"], 6)))
    report = edocstd.validate(package(docs, "C"), documents=True, document_limits=limits)
    ok, many = report.documents
    assert (ok.problem, ok.verdict) == (None, "unverified")
    assert (many.problem, many.verdict) == ("too-many-revisions", "unchecked")
    [finding] = [f for f in report.findings_in("documents") if "many.pdf" in f.message("en")]
    assert finding.message("en") == (
        "the PDF many.pdf could not be checked: 8 revisions, more than 5"
    )
    assert finding.message("vi").startswith(
        "không kiểm tra được tệp PDF many.pdf: tệp có quá nhiều lần cập nhật"
    )
