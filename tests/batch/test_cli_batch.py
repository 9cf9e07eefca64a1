"""The command line over many files: --jobs, .xml by content, nothing to validate → exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from edocstd.cli import main
from tests import packages
from tests.validate._packages import STATUS

GOOD = packages.edoc_xml().encode("utf-8")
BAD = packages.edoc_xml(recipients=()).encode("utf-8")


def _folder(root: Path, count: int = 9) -> Path:
    for n in range(count):
        data = (GOOD, BAD, STATUS.encode("utf-8"))[n % 3]
        suffix = ".xml" if n % 2 else ".edxml"  # .xml files are taken by their edXML root
        (root / f"goi-{n:02d}{suffix}").write_bytes(data)
    (root / "khong-phai.xml").write_bytes(b"<?xml version='1.0'?><settings/>")
    return root


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "edocstd", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("form", ["plain", "json"])
def test_jobs_2_gives_the_same_report_as_jobs_1(tmp_path: Path, form: str) -> None:
    folder = _folder(tmp_path)
    extra = ["--json"] if form == "json" else []
    one = _run("validate", "--jobs", "1", *extra, str(folder))
    two = _run("validate", "--jobs", "2", *extra, str(folder))
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    if form == "json":
        data = json.loads(two.stdout)
        assert data["summary"] == {"packages": 9, "valid": 6, "invalid": 3, "io_errors": 0}
        names = [Path(p["source"]).name for p in data["packages"]]
        assert names == sorted(names)  # input order, whatever finished first
    else:
        assert two.stdout.splitlines()[-1].endswith("9 gói tin: 6 hợp lệ, 3 không hợp lệ")


def test_a_folder_without_packages_exits_2(tmp_path: Path) -> None:
    (tmp_path / "export.XML").write_bytes(b"<settings/>")
    (tmp_path / "notes.txt").write_text("không có gói tin")
    result = _run("validate", str(tmp_path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert "không có gói tin nào để kiểm tra" in lines[0]
    assert "nothing to validate" in lines[1]


def test_an_empty_folder_exits_2_in_json_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--json", str(tmp_path)]) == 2
    assert "nothing to validate" in capsys.readouterr().err


def test_only_xml_files_with_an_edxml_root_are_validated(tmp_path: Path) -> None:
    (tmp_path / "cong-van.xml").write_bytes(GOOD)
    (tmp_path / "cau-hinh.xml").write_bytes(b"<config/>")
    result = _run("validate", "--json", str(tmp_path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["summary"]["packages"] == 1


def test_a_single_folder_says_how_many_were_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.edxml").write_bytes(GOOD)
    assert main(["validate", "--lang", "en", "--jobs", "1", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith("1 packages: 1 valid, 0 invalid")


def test_jobs_must_be_positive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.edxml").write_bytes(GOOD)
    assert main(["validate", "--jobs", "0", str(tmp_path)]) == 2
    assert "--jobs" in capsys.readouterr().err


def test_track_a_folder_without_packages_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "settings.xml").write_bytes(b"<settings/>")
    assert main(["track", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "không có gói tin nào để theo dõi" in err and "nothing to track" in err


def test_track_skips_xml_that_is_not_a_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "settings.xml").write_bytes(b"<settings/>")
    (tmp_path / "a.edxml").write_bytes(GOOD)
    assert main(["track", "--json", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "settings.xml" not in captured.err  # not a package: not a "skipped package" either
    assert len(json.loads(captured.out)["documents"]) == 1
