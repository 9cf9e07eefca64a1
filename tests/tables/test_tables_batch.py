"""Tables of many packages go through the batch runner: rows are made where ``validate_many``
validates (worker processes or your executor), each file is read once, and options that would
do nothing are refused."""

from __future__ import annotations

import builtins
import collections
import concurrent.futures as cf
import datetime as dt
import io
import os
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

import edocstd
from tests import packages

pd = pytest.importorskip("pandas")

ROOT = Path(__file__).resolve().parents[2]
EDOC = ROOT / "examples" / "cong-van-moi.edxml"
STATUS = ROOT / "examples" / "trang-thai-da-tiep-nhan.edxml"
EARLY = dt.date(2025, 11, 5)  # "today" for the date rules: the same verdicts every day


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for i in range(12):
        shutil.copy(EDOC if i % 3 else STATUS, tmp_path / f"p{i:02}.edxml")
    (tmp_path / "p12.edxml").write_text(packages.edoc_xml(subject=""), encoding="utf-8")
    (tmp_path / "p13.edxml").write_bytes(b"<edXML><unclosed>")
    return tmp_path


class _Opens:
    """Which thread opened which package file, how many times."""

    def __init__(self) -> None:
        self.count: collections.Counter[str] = collections.Counter()
        self.threads: set[int] = set()

    def spy(self, real: Any) -> Any:
        def open_(file: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, (str, os.PathLike)) and os.fspath(file).endswith(".edxml"):
                self.count[os.path.basename(file)] += 1
                self.threads.add(threading.get_ident())
            return real(file, *args, **kwargs)

        return open_


@pytest.fixture
def opens(monkeypatch: pytest.MonkeyPatch) -> _Opens:
    seen = _Opens()
    monkeypatch.setattr(io, "open", seen.spy(io.open))  # Path.open
    monkeypatch.setattr(builtins, "open", seen.spy(builtins.open))
    return seen


class _Pool(cf.ThreadPoolExecutor):
    """An executor of the caller's that counts what it is given."""

    submitted = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        self.submitted += 1
        return super().submit(fn, *args, **kwargs)


def test_validate_true_runs_on_the_executor_and_reads_each_file_once(
    folder: Path, opens: _Opens
) -> None:
    with _Pool(max_workers=2) as pool:
        df = edocstd.table(folder, validate=True, executor=pool, now=EARLY)
    assert pool.submitted >= 1
    assert len(df) == 14
    assert set(opens.count.values()) == {1}  # validated and described from one read
    assert len(opens.count) == 14
    assert threading.get_ident() not in opens.threads  # nothing read in the caller's thread
    reports = list(edocstd.validate_many(folder, jobs=1, now=EARLY))
    assert df["valid"].tolist() == [r.ok for r in reports]
    assert df["errors"].tolist() == [len(r.errors) for r in reports]
    assert df["source"].tolist() == [r.source for r in reports]
    assert df["problem"].notna().tolist() == [False] * 13 + [True]


def test_a_stream_of_reports_is_described_in_the_workers(folder: Path, opens: _Opens) -> None:
    reports = list(edocstd.validate_many(folder, jobs=1))
    opens.count.clear()
    opens.threads.clear()
    with _Pool(max_workers=2) as pool:
        df = edocstd.table(iter(reports), executor=pool)
    assert threading.get_ident() not in opens.threads
    assert set(opens.count.values()) == {1}
    assert df["valid"].tolist() == [r.ok for r in reports]
    assert df.iloc[0]["kind"] == "status" and df.iloc[1]["kind"] == "edoc"


def test_worker_processes_give_the_same_table(folder: Path) -> None:
    serial = edocstd.table(folder, validate=True, jobs=1)
    parallel = edocstd.table(folder, validate=True, jobs=2)
    pd.testing.assert_frame_equal(serial, parallel)
    findings = edocstd.findings_table(folder, jobs=2)
    assert findings.equals(edocstd.findings_table(folder, jobs=1))
    assert len(findings) == sum(len(r.findings) for r in edocstd.validate_many(folder, jobs=1))


def test_findings_table_runs_on_the_executor(folder: Path, opens: _Opens) -> None:
    with _Pool(max_workers=2) as pool:
        df = edocstd.findings_table(folder, executor=pool, columns=["source", "rule"])
    assert pool.submitted >= 1
    assert threading.get_ident() not in opens.threads
    assert str(folder / "p13.edxml") in set(df["source"])


def test_bytes_are_refused_with_a_hint() -> None:
    data = EDOC.read_bytes()
    for call in (edocstd.table, edocstd.findings_table):
        with pytest.raises(edocstd.BuildError, match=r"not bytes.*edocstd\.loads\(data\)"):
            call(data)
        with pytest.raises(edocstd.BuildError, match="not bytes"):
            call([data])
    with pytest.raises(edocstd.BuildError, match="not int"):
        edocstd.table(42)


def test_options_that_would_do_nothing_or_are_unknown_are_refused() -> None:
    with pytest.raises(edocstd.BuildError, match=r"profile, trust only apply when validating"):
        edocstd.table([EDOC], profile="strict", trust=[])
    with pytest.raises(edocstd.BuildError, match="no validation option profle"):
        edocstd.table([EDOC], validate=True, profle="strict")
    with pytest.raises(edocstd.BuildError, match="no validation option bogus"):
        edocstd.findings_table([EDOC], bogus=1)
    with pytest.raises(edocstd.BuildError, match="unknown profile"):
        edocstd.table([EDOC], validate=True, profile="nope")
    with pytest.raises(edocstd.BuildError, match="jobs must be a positive int"):
        edocstd.table([EDOC], jobs=0)
    df = edocstd.table([EDOC], validate=True, profile="strict")
    assert df["valid"].tolist() == [edocstd.validate(EDOC, profile="strict").ok]
