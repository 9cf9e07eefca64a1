"""``edocstd validate --documents`` and ``edocstd show``: one line per signature, ``--json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.x509.oid import NameOID

import edocstd
from edocstd.cli import main
from tests.sign.conftest import _issue

from .conftest import FORMS, DocPki, package, write
from .pdfs import make_pdf, sign_pdf
from .test_matrix import CASES, EXPECTED


def test_signed_twice_prints_both_signers_in_order_and_a_verdict(
    doc_pki: DocPki, cases: dict[str, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pkg = write(
        tmp_path, "pkg.edxml", package([("van-ban.pdf", cases["official-then-agency"])], "A")
    )
    root = str(doc_pki.pki.root.cert_path)
    code = main(["validate", "--lang", "en", "--documents", "--document-trust", root, str(pkg)])
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split("\t")[:3] == [str(pkg), "-", "valid"]
    assert lines[1] == f"{pkg}\tdocument\tvan-ban.pdf (application/pdf): VALID"
    first, second = lines[2], lines[3]
    assert "[1] Nguyễn Văn A (Văn phòng Chính phủ (test))" in first
    assert "| intact | covers its revision | then: fields/signatures added | trusted |" in first
    assert first.endswith("| official (inferred)")
    assert "[2] Văn phòng Chính phủ (test) |" in second
    assert "| intact | covers the whole file | trusted | agency (inferred)" in second


def test_without_trust_the_signers_are_not_checked(
    cases: dict[str, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pkg = write(
        tmp_path, "pkg.edxml", package([("van-ban.pdf", cases["official-then-agency"])], "C")
    )
    assert main(["validate", "--documents", str(pkg)]) == 0  # a warning, not an error
    out = capsys.readouterr().out
    assert "van-ban.pdf (application/pdf): nguyên vẹn, chưa kiểm tra người ký" in out
    assert "EDX-PDF-006\twarning" in out
    assert out.count("chưa kiểm tra độ tin cậy") == 2


def test_package_signature_and_document_signatures_with_one_trust_option(
    doc_pki: DocPki, cases: dict[str, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unsigned = package([("van-ban.pdf", cases["official-then-agency"])], "A")
    p = doc_pki.pki
    signed = edocstd.sign(
        unsigned, key=p.leaf.key_path, cert=p.leaf.cert_path, chain=p.inter.cert_path
    )
    pkg = write(tmp_path, "signed.edxml", signed)
    code = main(["validate", "--json", "--documents", "--trust", str(p.root.cert_path), str(pkg)])
    data = json.loads(capsys.readouterr().out)["packages"][0]
    assert code == 0, data["findings"]
    tiers = {t["name"]: t["status"] for t in data["tiers"]}
    assert tiers["signature"] == "passed" and tiers["documents"] == "passed"
    [doc] = data["documents"]
    assert [s["trust"] for s in doc["signatures"]] == ["trusted", "trusted"]


@pytest.mark.parametrize("form", FORMS)
def test_matrix_through_the_cli_json(
    form: str,
    doc_pki: DocPki,
    cases: dict[str, bytes],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    docs = [(f"{name}.pdf", cases[name]) for name in CASES]
    pkg = write(tmp_path, "all.edxml", package(docs, form))
    root = str(doc_pki.pki.root.cert_path)
    assert main(["validate", "--json", "--document-trust", root, str(pkg)]) == 1
    data = json.loads(capsys.readouterr().out)["packages"][0]
    for index, case in enumerate(CASES, 1):
        path = f"/edXML/AttachmentEncoded/Attachment[{index}]"
        found = [(f["rule"], f["severity"]) for f in data["findings"] if f["path"] == path]
        assert found == [(r, s.value) for r, s in EXPECTED[case]], case
    docs_json = data["documents"]
    assert [d["name"] for d in docs_json] == [f"{c}.pdf" for c in CASES]
    both = docs_json[0]["signatures"]
    assert [s["signer"] for s in both] == ["Nguyễn Văn A", "Văn phòng Chính phủ (test)"]
    assert [s["role"] for s in both] == ["official", "agency"]
    assert all(s["role_inferred"] for s in both)


def test_show_lists_the_signatures(
    cases: dict[str, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = [("van-ban.pdf", cases["official-then-agency"]), ("du-thao.pdf", cases["unsigned"])]
    pkg = write(tmp_path, "pkg.edxml", package(docs, "A"))
    assert main(["show", str(pkg)]) == 0
    out = capsys.readouterr().out
    assert "Chữ ký trên văn bản:" in out and "signatures on the documents" not in out
    assert "du-thao.pdf (application/pdf): KHÔNG CÓ CHỮ KÝ SỐ" in out
    assert out.index("[1] Nguyễn Văn A") < out.index("[2] Văn phòng Chính phủ (test)")
    assert main(["show", "--json", str(pkg)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["verdict"] for d in data["documents"]] == ["unverified", "unsigned"]
    assert main(["show", "--no-documents", str(pkg)]) == 0
    assert "Chữ ký trên văn bản" not in capsys.readouterr().out


def test_text_from_the_package_and_certificates_is_escaped(
    doc_pki: DocPki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = doc_pki.pki
    evil = _issue(tmp_path, "evil", "Trần\x1b[2J\x1b]0;pwned\x07 Thị B\u202e", p.inter, ca=False)
    assert evil.cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value.count("\x1b") == 2
    pdf = sign_pdf(make_pdf(), evil, [p.inter.cert], "ChuKy")
    name = "van-ban\u202efdp.exe\u0085.pdf"
    pkg = write(tmp_path, "evil.edxml", package([(name, pdf)], "C"))
    for argv in (["validate", "--documents", str(pkg)], ["show", str(pkg)]):
        main(argv)
        out = capsys.readouterr().out
        # show's attachment list is the CLI's own (escaped by the CLI hardening work)
        ours = [
            line
            for line in out.split("\n")
            if ("Trần" in line or "fdp" in line)
            and not line.startswith(("Tệp / attachment", "Tệp đính kèm"))
        ]
        assert len(ours) >= 2, out
        for line in ours:
            assert "\x1b" not in line and "\x07" not in line and "\u202e" not in line, argv
        assert "\\x1b[2J" in out and "\\u202e" in out
    report = edocstd.validate(pkg, documents=True)
    assert all("\u202e" not in f.message("en") for f in report.findings_in("documents"))
    # the JSON keeps the real text (JSON escapes it)
    assert (
        report.documents[0].signatures[0].common_name == "Trần\x1b[2J\x1b]0;pwned\x07 Thị B\u202e"
    )
    assert isinstance(report.documents[0].signatures[0], edocstd.DocumentSignature)


def test_a_folder_with_jobs_checks_the_documents_in_worker_processes(
    doc_pki: DocPki, cases: dict[str, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "a.edxml", package([("a.pdf", cases["official-then-agency"])], "A"))
    write(tmp_path, "b.edxml", package([("b.pdf", cases["modified-after-signing"])], "C"))
    root = str(doc_pki.pki.root.cert_path)
    code = main(["validate", "--json", "--jobs", "2", "--document-trust", root, str(tmp_path)])
    assert code == 1
    packages_json = json.loads(capsys.readouterr().out)["packages"]
    verdicts = {Path(p["source"]).name: p["documents"][0]["verdict"] for p in packages_json}
    assert verdicts == {"a.edxml": "valid", "b.edxml": "invalid"}
    reports = list(edocstd.validate_many(tmp_path, jobs=2, documents=True, document_trust=root))
    assert [r.documents[0].verdict for r in reports] == ["valid", "invalid"]
