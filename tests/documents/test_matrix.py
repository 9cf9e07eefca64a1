"""The test matrix through ``validate``: each case in each attachment form, expected findings."""

from __future__ import annotations

import pytest

import edocstd
from edocstd import Severity

from .conftest import FORMS, DocPki, package

CASES = [
    "official-then-agency",
    "agency-only",
    "unsigned",
    "modified-after-signing",
    "broken",
    "expired-signer",
    "untrusted-root",
    "docmdp-violated",
    "document-timestamp",
    "legacy-subfilter",
    "appended-data",
]

EXPECTED: dict[str, list[tuple[str, Severity]]] = {
    "official-then-agency": [],
    "agency-only": [("EDX-PDF-007", Severity.INFO)],
    "unsigned": [("EDX-PDF-001", Severity.WARNING)],
    "modified-after-signing": [("EDX-PDF-003", Severity.ERROR)] * 2,
    "broken": [("EDX-PDF-002", Severity.ERROR)] * 2,
    "expired-signer": [("EDX-PDF-005", Severity.ERROR)],
    "untrusted-root": [("EDX-PDF-004", Severity.ERROR), ("EDX-PDF-007", Severity.INFO)],
    "docmdp-violated": [("EDX-PDF-003", Severity.ERROR)],
    # the timestamp's revision adds validation data after the agency's signature
    "document-timestamp": [("EDX-PDF-011", Severity.INFO)],
    "legacy-subfilter": [("EDX-PDF-002", Severity.ERROR), ("EDX-PDF-007", Severity.INFO)],
    "appended-data": [("EDX-PDF-003", Severity.ERROR)],
}
"""Per case, the documents tier's findings on that attachment, in order."""

VERDICT = {
    "official-then-agency": "valid",
    "agency-only": "valid",
    "unsigned": "unsigned",
    "modified-after-signing": "invalid",
    "broken": "invalid",
    "expired-signer": "invalid",
    "untrusted-root": "invalid",
    "docmdp-violated": "invalid",
    "document-timestamp": "valid",
    "legacy-subfilter": "invalid",
    "appended-data": "invalid",
}


@pytest.fixture(scope="module", params=FORMS)
def report(request: pytest.FixtureRequest, doc_pki: DocPki, cases: dict[str, bytes]):  # type: ignore[no-untyped-def]
    docs = [(f"{name}.pdf", cases[name]) for name in CASES]
    data = package(docs, request.param)
    return request.param, edocstd.validate(
        data, documents=True, document_trust=doc_pki.pki.root.cert_path
    )


@pytest.mark.parametrize("case", CASES)
def test_case_gives_expected_findings(report, case: str) -> None:  # type: ignore[no-untyped-def]
    form, rep = report
    index = CASES.index(case) + 1
    path = f"/edXML/AttachmentEncoded/Attachment[{index}]"
    found = [(f.rule, f.severity) for f in rep.findings if f.path == path]
    assert found == EXPECTED[case], (form, case)
    check = rep.documents[index - 1]
    assert check.name == f"{case}.pdf"
    assert check.document_type == "application/pdf"
    assert check.verdict == VERDICT[case]
    assert check.carrier == {"A": "zip-declared", "B": "zip-undeclared", "C": "raw"}[form]


def test_signed_twice_lists_both_signers_in_order(report) -> None:  # type: ignore[no-untyped-def]
    _form, rep = report
    first, second = rep.documents[0].signatures
    assert (first.common_name, first.role, first.field) == (
        "Nguyễn Văn A",
        "official",
        "ChuKyLanhDao",
    )
    assert (second.common_name, second.role) == ("Văn phòng Chính phủ (test)", "agency")
    assert first.intact and second.intact
    assert (first.trust, second.trust) == ("trusted", "trusted")
    # the first signature covers its revision; the agency's signature was added after it
    assert (first.coverage, first.modification) == ("entire-revision", "form-filling")
    assert (second.coverage, second.modification) == ("entire-file", "none")
    assert first.algorithm and first.algorithm.startswith("sha256")
    assert first.claimed_time is not None
    summary = rep.summary("en").splitlines()
    head = summary.index("  official-then-agency.pdf (application/pdf): VALID")
    assert summary[head + 1].startswith("    [1] Nguyễn Văn A (Văn phòng Chính phủ (test)) | ")
    assert summary[head + 2].startswith("    [2] Văn phòng Chính phủ (test) | ")


def test_tier_fails_on_the_bad_cases_only(report) -> None:  # type: ignore[no-untyped-def]
    _form, rep = report
    broken = rep.findings_in("documents")
    messages = [f.message("vi") for f in broken if f.rule == "EDX-PDF-002"]
    assert messages[0] == (
        "chữ ký 1 (Nguyễn Văn A) của broken.pdf bị hỏng: phần được ký hoặc chữ ký đã bị thay đổi"
    )
    assert rep.tier("documents").failed
    assert rep.tier("signature").skipped  # document_trust does not verify the package signature


def test_only_the_good_document_passes(doc_pki: DocPki, cases: dict[str, bytes]) -> None:
    data = package([("van-ban.pdf", cases["official-then-agency"])], "A")
    rep = edocstd.validate(data, documents=True, document_trust=doc_pki.pki.root.cert_path)
    assert rep.ok and rep.tier("documents").passed
    assert rep.findings_in("documents") == ()


def test_what_pyhanko_says_beyond_intact_reaches_the_message(report) -> None:  # type: ignore[no-untyped-def]
    """Review 2, B1 to B4: the wording of each finding, and timestamps are not signers."""
    _form, rep = report

    def messages(case: str) -> list[str]:
        path = f"/edXML/AttachmentEncoded/Attachment[{CASES.index(case) + 1}]"
        return [f.message("en") for f in rep.findings if f.path == path]

    def check(case: str) -> edocstd.DocumentCheck:
        return rep.documents[CASES.index(case)]

    assert messages("docmdp-violated") == [
        "the content of docmdp-violated.pdf was changed after signature 1 (Nguyễn Văn A): "
        "changes not permitted by the certifying signature (DocMDP)"
    ]
    assert [s.docmdp_ok for s in check("docmdp-violated").signatures] == [False, True]
    stamped = check("document-timestamp")
    assert [s.common_name for s in stamped.signatures] == [
        "Nguyễn Văn A",
        "Văn phòng Chính phủ (test)",
    ]
    [stamp] = stamped.timestamps
    assert (stamp.kind, stamp.common_name, stamp.intact, stamp.trust) == (
        "timestamp",
        "edocstd Test TSA",
        True,
        "trusted",
    )
    assert stamp.timestamp is not None and stamp.coverage == "entire-file"
    lines = stamped.lines("en")
    assert lines[-1].startswith("  [T1] edocstd Test TSA | ") and lines[-1].endswith(
        "| document timestamp"
    )
    legacy = check("legacy-subfilter")
    assert [s.intact for s in legacy.signatures] == [True, False]
    assert messages("legacy-subfilter")[0] == (
        "signature 2 (?) of legacy-subfilter.pdf is broken: "
        "unsupported signature format (SubFilter /adbe.pkcs7.sha1)"
    )
    assert check("appended-data").uncovered_tail
    assert messages("appended-data") == [
        "the content of appended-data.pdf was changed after signature 2 "
        "(Văn phòng Chính phủ (test)): data appended after the last signature is not covered "
        "by any signature"
    ]
