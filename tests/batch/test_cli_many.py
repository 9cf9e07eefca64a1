"""show --json and extract over many packages: folders searched, --jobs, input order."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from edocstd.cli import main
from tests import packages
from tests.validate._packages import STATUS


def _folder(root: Path) -> Path:
    root.mkdir()
    for n in range(5):
        pkg = packages.edoc_xml(subject=f"Công văn số {n}")
        (root / f"cv-{n}.edxml").write_text(pkg, encoding="utf-8")
    (root / "tt.xml").write_text(STATUS, encoding="utf-8")  # a status package, by content
    (root / "hong.edxml").write_bytes(b"<edXML")  # unreadable
    return root


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "edocstd", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_show_json_over_a_folder_is_a_list_in_input_order(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "hop-thu")
    one = _run("show", "--json", "--jobs", "1", str(folder))
    two = _run("show", "--json", "--jobs", "2", str(folder))
    assert one.returncode == two.returncode == 1  # one package could not be read
    assert one.stdout == two.stdout
    entries = json.loads(two.stdout)
    names = [Path(e["file"]).name for e in entries]
    assert names == ["cv-0.edxml", "cv-1.edxml", "cv-2.edxml", "cv-3.edxml", "cv-4.edxml",
                     "hong.edxml", "tt.xml"]
    assert [e.get("subject") for e in entries[:5]] == [f"Công văn số {n}" for n in range(5)]
    assert "error" in entries[5] and "error_vi" in entries[5]
    assert entries[6]["kind"] == "status"


def test_show_of_several_packages_needs_json(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path / "hop-thu")
    assert main(["show", "--lang", "en", str(folder)]) == 2
    assert "--json" in capsys.readouterr().err


def test_show_of_a_folder_without_packages_exits_2(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "--json", "--lang", "en", str(tmp_path)]) == 2
    assert "nothing to do" in capsys.readouterr().err


def test_extract_a_folder_into_a_folder_per_package(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "hop-thu")
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"ra-{jobs}"
        result = _run("extract", "--json", "--jobs", jobs, "-d", str(out), str(folder))
        assert result.returncode == 1, result.stderr  # the unreadable one
        outs[jobs] = json.loads(result.stdout)
        written = sorted(p.relative_to(out).parent.as_posix() for p in out.rglob("*.pdf"))
        assert written == [f"cv-{n}" for n in range(5)]  # one folder per package, named after it
        for path in out.rglob("*.pdf"):
            assert path.read_bytes().startswith(b"%PDF")
    strip = [{k: v for k, v in e.items() if k != "directory"} for e in outs["1"]]
    for entry in (*outs["1"], *outs["2"]):
        for a in entry.get("attachments", []):
            a.pop("path")
    assert strip == [{k: v for k, v in e.items() if k != "directory"} for e in outs["2"]]
    assert [Path(e["file"]).name for e in outs["2"]][-2:] == ["hong.edxml", "tt.xml"]
    assert outs["2"][-1]["attachments"] == []  # a status package carries no files


def test_extract_refuses_two_packages_for_one_folder(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for folder in (a, b):
        (folder / "cv.edxml").write_text(packages.edoc_xml(), encoding="utf-8")
    code = main(["extract", "--lang", "en", "-d", str(tmp_path / "out"), str(a), str(b)])
    assert code == 2
    assert "same folder" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_extract_of_one_file_writes_into_the_folder_itself(tmp_path: Path) -> None:
    pkg = tmp_path / "cv.edxml"
    pkg.write_text(packages.edoc_xml(), encoding="utf-8")
    assert main(["extract", "-d", str(tmp_path / "out"), str(pkg)]) == 0
    written = list((tmp_path / "out").iterdir())
    assert len(written) == 1 and written[0].is_file() and written[0].suffix == ".pdf"


def test_track_a_folder_with_jobs_2_equals_jobs_1(tmp_path: Path) -> None:
    folder = tmp_path / "hop-thu"
    folder.mkdir()
    for n in range(20):  # more than one chunk, so the packages are really read in workers
        pkg = packages.edoc_xml(
            document_id=f"000.00.00.G22,2025/10/01,{1000 + n}/VPCP-HC",
            code=(str(1000 + n), "VPCP-HC"),
        )
        (folder / f"cv-{n:02d}.edxml").write_text(pkg, encoding="utf-8")
    (folder / "hong.edxml").write_bytes(b"<edXML")
    runs = [
        _run("track", "--json", "--now", "2025/10/20 00:00:00", "--jobs", jobs, str(folder))
        for jobs in ("1", "2")
    ]
    assert runs[0].returncode == runs[1].returncode == 0
    assert runs[0].stdout == runs[1].stdout
    assert len(json.loads(runs[1].stdout)["documents"]) == 20
    assert "hong.edxml" in runs[1].stderr
