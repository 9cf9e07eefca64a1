"""``edocstd.table`` and ``edocstd.findings_table``: packages and findings as pandas tables."""

from __future__ import annotations

import gc
import shutil
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

import edocstd
from tests import packages

pd = pytest.importorskip("pandas")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
EDOC = EXAMPLES / "cong-van-moi.edxml"
STATUS = EXAMPLES / "trang-thai-da-tiep-nhan.edxml"
DOC_ID = "000.00.12.H56,2025/11/03,315/STTTT-BCVT"


def test_one_row_per_package_of_a_folder() -> None:
    df = edocstd.table(EXAMPLES)
    assert list(df.columns) == list(edocstd.table.__globals__["PACKAGE_COLUMNS"])
    assert len(df) == 2
    edoc, status = df.iloc[0], df.iloc[1]
    assert edoc["kind"] == "edoc"
    assert edoc["sender"] == "000.00.12.H56"
    assert edoc["sender_name"] == "Sở Thông tin và Truyền thông tỉnh Thanh Hóa"
    assert edoc["recipients"] == "000.00.00.H56"
    assert edoc["recipient_count"] == 1
    assert edoc["number_notation"] == "315/STTTT-BCVT"
    assert edoc["document_type"] == "Công văn"
    assert edoc["date"] == pd.Timestamp("2025-11-03")
    assert edoc["due_date"] == pd.Timestamp("2025-11-10")
    assert edoc["business_type"] == 0
    assert edoc["attachment_count"] == 1
    assert edoc["attachment_bytes"] == 701
    assert status["kind"] == "status"
    assert status["status_code"] == "03"
    assert status["document_id"] == DOC_ID
    assert status["date"] == pd.Timestamp("2025-11-03 09:02:41")
    assert df["valid"].isna().all()  # not validated: no verdict
    assert pd.api.types.is_datetime64_any_dtype(df["date"])


def test_validated_rows_carry_the_verdict_and_counts(tmp_path: Path) -> None:
    bad = tmp_path / "bad.edxml"
    bad.write_text(packages.edoc_xml(subject=""), encoding="utf-8")
    df = edocstd.table([EDOC, bad], validate=True)
    assert df["valid"].tolist() == [True, False]
    report = edocstd.validate(bad)
    assert df.iloc[1]["errors"] == len(report.errors)
    assert df.iloc[1]["warnings"] == len(report.warnings)


def test_reports_from_a_stream_are_read_one_at_a_time() -> None:
    pulled = []
    alive: list[weakref.ref[edocstd.Report]] = []

    def stream() -> Iterator[edocstd.Report]:
        for path in (EDOC, STATUS, EDOC):
            report = edocstd.validate(path)
            pulled.append(path)
            alive.append(weakref.ref(report))
            yield report

    df = edocstd.table(stream(), columns=["source", "kind", "valid", "errors"])
    assert list(df.columns) == ["source", "kind", "valid", "errors"]
    assert df["source"].tolist() == [str(EDOC), str(STATUS), str(EDOC)]
    assert df["valid"].tolist() == [True, True, True]
    gc.collect()
    assert all(ref() is None for ref in alive)  # no report is kept by the table


def test_unreadable_files_give_a_row_not_an_exception(tmp_path: Path) -> None:
    broken = tmp_path / "broken.edxml"
    broken.write_bytes(b"<edXML><unclosed>")
    df = edocstd.table([broken, EDOC], validate=True)
    assert df.iloc[0]["source"] == str(broken)
    assert df.iloc[0]["problem"]
    assert not df.iloc[0]["valid"]
    assert df.iloc[1]["kind"] == "edoc"
    assert pd.isna(df.iloc[1]["problem"])


def test_packages_and_columns() -> None:
    df = edocstd.table([edocstd.load(EDOC)], columns=["subject", "sender"])
    assert df.to_dict("records") == [
        {
            "subject": "V/v báo cáo số liệu gửi, nhận văn bản điện tử tháng 10 năm 2025",
            "sender": "000.00.12.H56",
        }
    ]
    with pytest.raises(edocstd.EdocError, match="no column nope; the columns are: source"):
        edocstd.table([EDOC], columns=["nope"])
    with pytest.raises(edocstd.EdocError, match="takes paths, packages or reports, not int"):
        edocstd.table([42])


def test_a_folder_in_a_copy_and_nothing_else(tmp_path: Path) -> None:
    shutil.copy(EDOC, tmp_path / "a.edxml")
    (tmp_path / "notes.txt").write_text("không phải gói tin", encoding="utf-8")
    assert edocstd.table(tmp_path)["sender"].tolist() == ["000.00.12.H56"]


def test_findings_table_one_row_per_finding(tmp_path: Path) -> None:
    bad = tmp_path / "bad.edxml"
    bad.write_text(packages.edoc_xml(subject="", due_date="2025/02/30"), encoding="utf-8")
    report = edocstd.validate(bad)
    df = edocstd.findings_table([report, edocstd.validate(EDOC)])
    assert len(df) == len(report.findings)
    assert df["rule"].tolist() == [f.rule for f in report.findings]
    assert set(df["severity"]) <= {"error", "warning", "info"}
    assert (df["source"] == str(bad)).all()
    assert df["tier"].notna().all()
    again = edocstd.findings_table(bad, columns=["rule", "severity"])
    assert again["rule"].tolist() == df["rule"].tolist()
    counts = df.groupby("rule").size()
    assert counts.sum() == len(report.findings)


def test_without_pandas_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(edocstd.EdocError, match=r"edocstd\[pandas\]") as info:
        edocstd.table([EDOC])
    assert "Cần cài gói pandas" in str(info.value)
    with pytest.raises(edocstd.EdocError, match=r"edocstd\[pandas\]"):
        edocstd.findings_table([EDOC])


def test_a_folder_without_packages_is_refused_like_validate_many(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("không phải gói tin", encoding="utf-8")
    with pytest.raises(edocstd.NoPackagesFound):
        edocstd.table(tmp_path)
