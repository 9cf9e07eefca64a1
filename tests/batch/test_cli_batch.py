"""The command line over many files: --jobs, .xml by content, nothing to validate → exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import edocstd
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


@pytest.mark.parametrize("form", ["plain", "json"])
def test_a_large_folder_on_worker_processes_keeps_its_order_and_its_text(
    tmp_path: Path,
    form: str,
    capsys: pytest.CaptureFixture[str],
    pools_started: list[int],
) -> None:
    from edocstd._batch.runner import CHUNK_PACKAGES

    count = 3 * CHUNK_PACKAGES + 5  # several chunks: worker processes, not this process
    broken = count // 2  # not XML: a typed error line in its place, in the middle
    for n in range(count):
        data = b"khong phai XML" if n == broken else (GOOD, BAD, STATUS.encode("utf-8"))[n % 3]
        (tmp_path / f"goi-{n:03d}.edxml").write_bytes(data)
    extra = ["--json"] if form == "json" else []
    out = {}
    for jobs in ("1", "2"):
        assert main(["validate", "--lang", "en", "--jobs", jobs, *extra, str(tmp_path)]) == 1
        out[jobs] = capsys.readouterr().out
    assert pools_started == [2]  # --jobs 1 in this process, --jobs 2 on two workers
    assert out["2"] == out["1"]
    names = [f"goi-{n:03d}.edxml" for n in range(count)]
    invalid = len(range(1, count, 3)) + 1  # the bad ones (every third), and the broken one
    if form == "json":
        data = json.loads(out["2"])
        assert [Path(p["source"]).name for p in data["packages"]] == names
        assert data["summary"]["invalid"] == invalid
        assert data["packages"][broken]["findings"][0]["rule"] == "EDX-WF-001"
        return
    lines = [line.split("\t") for line in out["2"].splitlines()]
    verdicts = [Path(f[0]).name for f in lines if f[1] == "-" and f[0] != "-"]
    assert verdicts == names
    at = next(i for i, f in enumerate(lines) if Path(f[0]).name == names[broken])
    assert lines[at][2] == "invalid"
    assert lines[at + 1][:3] == [str(tmp_path / names[broken]), "EDX-WF-001", "error"]
    assert Path(lines[at + 2][0]).name == names[broken + 1]
    assert lines[-1][-1] == f"{count} packages: {count - invalid} valid, {invalid} invalid"


def test_a_folder_without_packages_exits_2(tmp_path: Path) -> None:
    (tmp_path / "export.XML").write_bytes(b"<settings/>")
    (tmp_path / "notes.txt").write_text("không có gói tin")
    result = _run("validate", "--lang", "vi", str(tmp_path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "không có gói tin nào để kiểm tra" in result.stderr
    english = _run("validate", "--lang", "en", str(tmp_path))
    assert english.returncode == 2 and "nothing to validate" in english.stderr


def test_an_empty_folder_exits_2_in_json_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--json", "--lang", "en", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "nothing to validate" in captured.err
    data = json.loads(captured.out)  # a script reading stdout still gets a document
    assert data["ok"] is False and data["packages"] == []
    assert data["summary"]["packages"] == 0
    assert "nothing to validate" in data["errors"][0]["message_en"]
    assert "không có gói tin" in data["errors"][0]["message_vi"]


@pytest.mark.parametrize(
    "argv",
    [
        ["--jobs", "0"],
        ["--max-attachment-bytes", "-1"],
    ],
)
def test_json_usage_errors_still_print_a_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    (tmp_path / "a.edxml").write_bytes(GOOD)
    assert main(["validate", "--json", *argv, str(tmp_path)]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and len(data["errors"]) == 1


def test_json_stays_a_document_when_a_worker_dies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from edocstd.cli import _validate as cli_validate

    for n in range(3):
        (tmp_path / f"{n}.edxml").write_bytes(GOOD)

    def dying(then: Callable[[edocstd.Report], object], *args: object, **kwargs: object) -> object:
        yield then(edocstd.validate(GOOD))
        raise edocstd.WorkerDied()

    monkeypatch.setattr(cli_validate, "validate_each", dying)
    assert main(["validate", "--json", "--lang", "en", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert len(data["packages"]) == 1 and data["ok"] is False
    assert "worker process died" in data["errors"][0]["message_en"]
    assert "worker process died" in captured.err


def test_file_names_that_are_not_utf8_do_not_break_the_output(tmp_path: Path) -> None:
    name = os.fsdecode(b"goi-\xff\xfe.edxml")
    (tmp_path / name).write_bytes(GOOD)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for extra in (["--json"], []):
        result = subprocess.run(
            [sys.executable, "-m", "edocstd", "validate", *extra, str(tmp_path)],
            capture_output=True, timeout=120, check=False, env=env,
        )
        assert result.returncode == 0, result.stderr
        text = result.stdout.decode("utf-8")  # valid UTF-8 whatever the file name
        assert "goi-\\xff\\xfe.edxml" in text.replace("\\\\", "\\")
        if extra:
            assert json.loads(text)["summary"]["valid"] == 1


def test_an_unreadable_subfolder_is_an_io_error_not_a_silent_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.edxml").write_bytes(GOOD)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.edxml").write_bytes(GOOD)
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if os.fspath(path) == str(locked):  # (as root, chmod would not stop us reading)
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    assert main(["validate", "--jobs", "1", "--lang", "en", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "locked: cannot be read" in captured.err
    assert "1 I/O error\n" in captured.out  # in number: "1 I/O error"


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
    assert capsys.readouterr().out.splitlines()[-1].endswith("1 package: 1 valid, 0 invalid")


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


def test_track_a_folder_of_unreadable_packages_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.edxml").write_bytes(b"not xml at all")
    assert main(["track", str(tmp_path)]) == 2
    assert "a.edxml" in capsys.readouterr().err


def test_track_skips_xml_that_is_not_a_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "settings.xml").write_bytes(b"<settings/>")
    (tmp_path / "a.edxml").write_bytes(GOOD)
    assert main(["track", "--json", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "settings.xml" not in captured.err  # not a package: not a "skipped package" either
    assert len(json.loads(captured.out)["documents"]) == 1


_LOADED = """
import contextlib, io, json, sys
from edocstd.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
crypto = [m for m in sys.modules if m.startswith("cryptography")]
print(json.dumps({"code": code, "crypto": crypto}))
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_unsigned_packages_are_validated_without_loading_cryptography(
    tmp_path: Path, jobs: str
) -> None:
    from edocstd._batch.runner import CHUNK_PACKAGES

    for n in range(2 * CHUNK_PACKAGES + 1):  # with --jobs 2: worker processes
        (tmp_path / f"goi-{n:03d}.edxml").write_bytes(GOOD)
    argv = ["validate", "--jobs", jobs, str(tmp_path)]
    child = subprocess.run(
        [sys.executable, "-c", _LOADED, *argv], capture_output=True, text=True, check=True
    )
    result = json.loads(child.stdout.splitlines()[-1])
    assert result == {"code": 0, "crypto": []}  # tens of milliseconds not paid for nothing
