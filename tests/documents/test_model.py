"""Pure parts: roles inferred from certificates and order, escaping, streaming to disk."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import edocstd
from edocstd._pdf.model import DocumentSignature, has_expected_roles, infer_roles, printable
from edocstd._pdf.tier import check_package_documents

from .conftest import package, write
from .pdfs import make_pdf


def _sig(i: int, cn: str, org: str | None = "UBND tỉnh Nghệ An") -> DocumentSignature:
    return DocumentSignature(index=i, common_name=cn, organization=org, intact=True)


def test_roles_follow_the_decree_order() -> None:
    official, agency = infer_roles([_sig(1, "Nguyễn Văn A"), _sig(2, "UBND tỉnh Nghệ An")])
    assert (official.role, agency.role) == ("official", "agency")
    assert has_expected_roles((official, agency))


def test_an_organisation_is_recognised_by_its_name_or_by_cn_equal_to_o() -> None:
    for cn, org in [
        ("Sở Tài chính tỉnh Nghệ An", "UBND tỉnh Nghệ An"),
        ("Văn phòng Chính phủ", None),
        ("BỘ TÀI CHÍNH", "Chính phủ"),
        ("Cơ quan X", "Cơ quan X"),
        ("ACME", "acme"),
    ]:
        [sig] = infer_roles([_sig(1, cn, org)])
        assert sig.role == "agency", cn
    [person] = infer_roles([_sig(1, "Bùi Thị Bộ", "Bộ Nội vụ")])  # a surname is not a ministry
    assert person.role == "official"


def test_unexpected_orders_are_reported_as_such() -> None:
    agency_first = tuple(infer_roles([_sig(1, "UBND tỉnh Nghệ An"), _sig(2, "Nguyễn Văn A")]))
    assert [s.role for s in agency_first] == ["agency", "unknown"]
    assert not has_expected_roles(agency_first)
    assert not has_expected_roles(tuple(infer_roles([_sig(1, "UBND tỉnh Nghệ An")])))
    two_people = tuple(infer_roles([_sig(1, "Nguyễn Văn A"), _sig(2, "Trần Văn B")]))
    assert not has_expected_roles(two_people)


def test_printable_makes_control_and_format_characters_visible() -> None:
    assert printable("a\x1b[31mb\u202ec\u2028d\te") == "a\\x1b[31mb\\u202ec\\u2028d\\x09e"
    assert printable("Nguyễn Văn Ánh") == "Nguyễn Văn Ánh"


def test_the_document_goes_to_disk_in_chunks(tmp_path: Path) -> None:
    """A 24 MB PDF is checked with far less than its size held by this process."""
    big = make_pdf(b"x" * (24 * 1024 * 1024))
    path = write(tmp_path, "big.edxml", package([("lon.pdf", big)], "C"))
    del big
    pkg = edocstd.load(path)
    tracemalloc.start()
    try:
        [check] = check_package_documents(pkg)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert check.kind == "pdf" and check.problem is None and check.signatures == ()
    assert peak < 8 * 1024 * 1024, peak


def test_the_answer_types_are_read_after_the_public_name_renamed_the_module() -> None:
    """``edocstd.DocumentSignature`` shows itself as a member of ``edocstd``; the checking
    process's answer is typed from the class's annotations on first use, which must still
    find ``SignatureKind`` (a fresh interpreter: the types are cached once read)."""
    import subprocess
    import sys

    code = (
        "import edocstd\n"
        "assert edocstd.DocumentSignature.__module__ == 'edocstd'\n"
        "from edocstd._pdf.model import _answer_types\n"
        "print(sorted(_answer_types()))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "'kind'" in done.stdout and "'claimed_time'" in done.stdout
