"""The documents tier's edges: other document types, trust options, limits, missing extra."""

from __future__ import annotations

import base64
import datetime as dt
import importlib
import sys
from pathlib import Path
from typing import Any

import pytest

import edocstd
from edocstd import Severity
from edocstd.cli import main
from tests import packages

from .conftest import OLE_MAGIC, DocPki, issue_tsa, package, sdk_zip
from .pdfs import add_empty_field, make_pdf, sign_pdf, timestamper

EDOC_PATH = "/edXML/AttachmentEncoded/Attachment[{}]"


def _raw(n: int, name: str, data: bytes, content_type: str) -> packages.Attachment:
    return packages.Attachment(
        name, base64.b64encode(data).decode("ascii"), content_type, f"cid:{n}", None
    )


def test_documents_other_than_pdf_are_listed_as_unsigned(cases: dict[str, bytes]) -> None:
    word = OLE_MAGIC + b"\0" * 600
    atts = [
        _raw(1, "to-trinh.doc", word, "application/msword"),
        _raw(2, "bang-ke.xls", sdk_zip(OLE_MAGIC + b"\1" * 600, ".xls"), "application/zip"),
        _raw(3, "van-ban.pdf", cases["agency-only"], "application/pdf"),
    ]
    report = edocstd.validate(packages.edoc_xml(attachments=atts).encode(), documents=True)
    word_check, excel_check, pdf_check = report.documents
    assert (word_check.kind, word_check.verdict) == ("other", "not-pdf")
    assert word_check.document_type == "application/msword"
    assert (excel_check.kind, excel_check.carrier) == ("other", "zip-declared")
    assert excel_check.name == "bang-ke.xls"
    assert pdf_check.kind == "pdf" and len(pdf_check.signatures) == 1
    found = [(f.rule, f.path, f.severity) for f in report.findings_in("documents")]
    assert found[:2] == [
        ("EDX-PDF-008", EDOC_PATH.format(1), Severity.INFO),
        ("EDX-PDF-008", EDOC_PATH.format(2), Severity.INFO),
    ]
    assert report.findings_in("documents")[0].message("vi") == (
        "to-trinh.doc (application/msword) không phải PDF: coi là văn bản không có chữ ký số"
    )


def test_without_trust_anchors_integrity_is_checked_and_signers_are_not(
    cases: dict[str, bytes],
) -> None:
    report = edocstd.validate(
        package([("a.pdf", cases["official-then-agency"])], "C"), documents=True
    )
    [check] = report.documents
    assert check.verdict == "unverified"
    assert [s.trust for s in check.signatures] == ["not-checked", "not-checked"]
    assert [f.rule for f in report.findings_in("documents")] == ["EDX-PDF-006"]
    assert report.ok  # a warning


def test_the_package_trust_option_is_used_for_documents(
    doc_pki: DocPki, cases: dict[str, bytes]
) -> None:
    data = package([("a.pdf", cases["official-then-agency"])], "A")
    root = doc_pki.pki.root.cert
    by_trust = edocstd.validate(data, documents=True, trust=root)
    assert [s.trust for s in by_trust.documents[0].signatures] == ["trusted", "trusted"]
    assert by_trust.tier("signature").failed  # the package itself is not signed
    by_policy = edocstd.validate(data, documents=True, policy=edocstd.Policy(trust_anchors=root))
    assert by_policy.documents[0].verdict == "valid"
    # document_trust wins over trust: the other root does not anchor these signers
    other = edocstd.validate(
        data, documents=True, trust=root, document_trust=doc_pki.pki.other_root.cert_path
    )
    assert [f.rule for f in other.findings_in("documents")] == ["EDX-PDF-004", "EDX-PDF-004"]


def test_validation_time_comes_from_the_policy(doc_pki: DocPki, cases: dict[str, bytes]) -> None:
    """The expired signer's certificate was valid 100 days ago."""
    import datetime as dt

    data = package([("a.pdf", cases["expired-signer"])], "C")
    then = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=100)
    policy = edocstd.Policy(trust_anchors=doc_pki.pki.root.cert, validation_time=then)
    report = edocstd.validate(data, documents=True, policy=policy)
    expired = report.documents[0].signatures[0]
    assert expired.trust == "trusted", expired


def test_an_unreadable_trust_file_raises_like_for_the_package_signature(tmp_path: Any) -> None:
    with pytest.raises(edocstd.SignatureError):
        edocstd.validate(package([], "C"), document_trust=tmp_path / "missing.pem")


def test_status_packages_have_no_documents() -> None:
    status = packages.status_xml(
        sender=packages.organization("From", "000.00.00.H41", "UBND tỉnh Nghệ An"),
        status_code="01",
        timestamp="2018/09/28 17:25:11",
    ).encode()
    report = edocstd.validate(status, documents=True)
    assert report.tier("documents").skipped
    assert report.tier("documents").reason == "no documents attached"
    assert report.tier("documents").reason_in("vi") == "không có văn bản đính kèm"


def test_a_document_over_the_size_limit_is_not_checked(cases: dict[str, bytes]) -> None:
    limits = edocstd.DocumentLimits(max_document_bytes=1000)
    data = package([("a.pdf", cases["official-then-agency"])], "A")
    report = edocstd.validate(data, documents=True, document_limits=limits)
    [finding] = report.findings_in("documents")
    assert finding.rule == "EDX-PDF-009" and finding.severity is Severity.ERROR
    assert "larger than 1000 bytes" in finding.message("en")
    assert finding.message("vi") == (
        "không kiểm tra được tệp PDF a.pdf: văn bản vượt kích thước cho phép "
        "(the document is larger than 1000 bytes)"
    )
    assert report.documents[0].verdict == "unchecked"


@pytest.mark.parametrize("missing", ["pyhanko", "pyhanko_certvalidator"])
def test_without_the_pdf_extra_the_tier_is_skipped_with_what_to_install(
    missing: str,
    monkeypatch: pytest.MonkeyPatch,
    cases: dict[str, bytes],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setitem(sys.modules, missing, None)  # `import pyhanko` now fails
    with pytest.raises(ImportError):
        importlib.import_module(missing)
    data = package([("a.pdf", cases["official-then-agency"])], "C")
    report = edocstd.validate(data, documents=True)
    tier = report.tier("documents")
    assert tier.skipped and not tier.passed
    assert tier.reason == "PDF support is not installed: pip install 'edocstd[pdf]'"
    assert tier.reason_in("vi") == "chưa cài hỗ trợ PDF: pip install 'edocstd[pdf]'"
    assert report.documents is None and report.ok
    with pytest.raises(edocstd.PdfSupportMissing, match=r"edocstd\[pdf\]"):
        edocstd.check_documents(data)
    pkg = tmp_path / "a.edxml"
    pkg.write_bytes(data)
    assert main(["show", str(pkg), "--lang", "en"]) == 0
    assert "signatures not checked: PDF support is not installed: pip install 'edocstd[pdf]'" in (
        capsys.readouterr().out
    )
    assert main(["show", str(pkg)]) == 0
    assert "chưa kiểm tra: chưa cài hỗ trợ PDF: pip install 'edocstd[pdf]'" in (
        capsys.readouterr().out
    )


def test_a_timestamp_is_reported_beside_the_claimed_time(doc_pki: DocPki, tmp_path: Path) -> None:
    p = doc_pki
    stamper = timestamper(issue_tsa(tmp_path, p.pki.inter), p.chain)
    pdf = sign_pdf(make_pdf(), p.agency, p.chain, "ChuKyCoQuan", stamper)
    report = edocstd.validate(package([("a.pdf", pdf)], "C"), document_trust=p.pki.root.cert_path)
    [sig] = report.documents[0].signatures
    assert sig.timestamp is not None and sig.timestamp_trusted
    stamped = dt.datetime.fromisoformat(sig.timestamp)
    assert abs(stamped - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(hours=1)
    assert "[timestamp]" in sig.line("en") or "[dấu thời gian]" in sig.line("vi")


def test_fields_added_after_the_last_signature_are_allowed_and_noted(
    doc_pki: DocPki, cases: dict[str, bytes]
) -> None:
    pdf = add_empty_field(cases["official-then-agency"], "ChoKyThem")
    report = edocstd.validate(
        package([("a.pdf", pdf)], "C"), document_trust=doc_pki.pki.root.cert_path
    )
    official, agency = report.documents[0].signatures
    assert (agency.coverage, agency.modification) == ("entire-revision", "form-filling")
    assert official.modification == "form-filling"  # the agency's signature, then the field
    assert [f.rule for f in report.findings_in("documents")] == ["EDX-PDF-011"]
    [note] = report.findings_in("documents")
    assert note.severity is Severity.INFO
    assert note.message("en") == (
        "a.pdf: form fields or signature fields were added after the last signature "
        "(Văn phòng Chính phủ (test))"
    )
    assert report.ok and report.documents[0].verdict == "valid"


def test_signatures_past_the_limit_are_not_examined_and_that_is_said(
    cases: dict[str, bytes],
) -> None:
    limits = edocstd.DocumentLimits(max_signatures=1)
    data = package([("a.pdf", cases["official-then-agency"])], "C")
    report = edocstd.validate(data, documents=True, document_limits=limits)
    [check] = report.documents
    assert len(check.signatures) == 1 and check.more_signatures
    assert check.verdict == "unchecked"
    assert "EDX-PDF-009" in report.rules and not report.ok
    assert "more than 1 signatures" in report.findings_in("documents")[-1].message("en")
