"""One language at a time, CLI words for CLI users, ISO dates in JSON (issue 16, items 6-7),
and the modern-CLI basics (--version, colour only on a terminal, NO_COLOR)."""

from __future__ import annotations

import argparse
import json
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

import edocstd
from edocstd.cli import build_parser, main
from edocstd.cli._common import default_lang, paint, use_color
from edocstd.cli._terminal import ESC_TOKEN
from edocstd.testing import make_edoc, make_status

# Letters only Vietnamese uses: an English line holding one mixes languages.
_VIETNAMESE = re.compile(
    "[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.IGNORECASE
)


def _leaves(
    parser: argparse.ArgumentParser, name: str = ""
) -> list[tuple[str, argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return [(name, parser)]
    out = []
    for action in subs:
        for child_name, child in action.choices.items():
            out += _leaves(child, f"{name} {child_name}".strip())
    return out


def test_every_command_has_lang_and_color() -> None:
    leaves = _leaves(build_parser())
    assert {
        "show",
        "validate",
        "sign",
        "verify",
        "extract",
        "new",
        "status reply",
        "track",
        "convert",
    } <= {n for n, _ in leaves}
    for name, parser in leaves:
        options = parser._option_string_actions
        assert "--lang" in options and "--color" in options and "--no-color" in options, name


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({}, "vi"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "vi_VN.UTF-8"}, "vi"),
        ({"LANG": "C.UTF-8"}, "vi"),
        ({"LC_ALL": "en_GB", "LANG": "vi_VN"}, "en"),  # LC_ALL wins
        ({"LC_ALL": "", "LC_MESSAGES": "vi_VN", "LANG": "en_US"}, "vi"),  # the first set one
    ],
)
def test_default_language_from_the_locale(env: dict[str, str], lang: str) -> None:
    assert default_lang(env) == lang


def test_errors_and_findings_share_message_lang() -> None:
    with pytest.raises(edocstd.ParseError) as info:
        edocstd.load(b"")
    error = info.value
    assert error.message("vi") == "tệp rỗng" and error.message("en") == "the file is empty"
    finding = edocstd.Finding(
        rule="x", severity=edocstd.Severity.ERROR, message_en="bad", message_vi="hỏng"
    )
    for thing, vi, en in ((error, "tệp rỗng", "the file is empty"), (finding, "hỏng", "bad")):
        assert thing.message("vi") == vi and thing.message("en") == en
        assert thing.message() == vi  # Vietnamese first


def test_an_error_without_vietnamese_wording_keeps_languages_on_separate_lines() -> None:
    error = edocstd.BuildError("must be between 0 and 4, got 9", path="OtherInfo.Priority")
    vi_lines = error.message("vi").splitlines()
    assert vi_lines[0] == "Giá trị không hợp lệ (OtherInfo.Priority)."
    assert vi_lines[1] == "must be between 0 and 4, got 9"  # the detail, on its own line
    assert error.message("en") == "must be between 0 and 4, got 9"
    assert str(error.message) == error.message_en and str(error).startswith("OtherInfo.Priority")


def test_errors_survive_pickling_with_both_languages() -> None:
    for error in (
        edocstd.ParseError("bad", line=3, path="/edXML", message_vi="hỏng", io_error=True),
        edocstd.BuildError("nope", path="x", message_vi="không"),
        edocstd.SignatureError("oops"),
    ):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and str(copy) == str(error)
        assert copy.message("vi") == error.message("vi")
        assert copy.message("en") == error.message("en")
        assert getattr(copy, "path", None) == getattr(error, "path", None)


def _bad_file(tmp_path: Path) -> Path:
    path = tmp_path / "bad.edxml"
    path.write_bytes(b"<html></html>")
    return path


@pytest.mark.parametrize("command", [["show"], ["validate"], ["extract"], ["verify"], ["convert"]])
def test_errors_in_one_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    missing = str(tmp_path / "missing.edxml")
    main([*command, missing, "--lang", "en"])
    err_en = capsys.readouterr().err
    assert err_en and not _VIETNAMESE.search(err_en), err_en
    main([*command, missing, "--lang", "vi"])
    err_vi = capsys.readouterr().err
    assert err_vi and "not found" not in err_vi and "no such" not in err_vi.lower(), err_vi


def test_json_errors_keep_both_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", str(_bad_file(tmp_path)), "--json", "--lang", "en"]) == 1
    captured = capsys.readouterr()
    error = json.loads(captured.out)["error"]
    assert error["type"] == "ParseError"
    assert (
        error["message_vi"] != error["message_en"] and error["message_vi"] and error["message_en"]
    )
    assert captured.err.startswith("edocstd: error:")


def test_validate_counts_agree_in_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _broken_package(tmp_path)  # exactly one error
    assert main(["validate", str(path), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "1 error, 0 warnings" in out and "1 errors" not in out
    assert main(["validate", str(path), str(path), "--lang", "en"]) == 1
    assert "2 packages: 0 valid, 2 invalid" in capsys.readouterr().out


def test_report_summary_in_one_language() -> None:
    pkg = make_edoc()
    report = edocstd.validate(pkg)
    en, vi = report.summary("en"), report.summary("vi")
    for line in en.splitlines():
        assert not _VIETNAMESE.search(line), line
    assert "0 errors, 0 warnings" in en and "0 lỗi, 0 cảnh báo" in vi
    assert "skipped" in en and "bỏ qua" in vi and "skipped" not in vi
    assert "chưa cung cấp chứng thư tin cậy" in vi  # a tier reason, translated


def _broken_package(tmp_path: Path) -> Path:
    """A package with an error (EDX-CODE-011) and a note (EDX-DOCID-003)."""
    path = tmp_path / "broken.edxml"
    priority = edocstd.OtherInfo(priority=edocstd.Raw("khẩn"))
    edocstd.dump(make_edoc(document_id="x", other_info=priority), path)
    return path


def test_validate_min_severity_and_quiet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _broken_package(tmp_path)
    assert main(["validate", str(path), "--json"]) == 1
    every = json.loads(capsys.readouterr().out)["packages"][0]
    severities = {f["severity"] for f in every["findings"]}
    assert "error" in severities and len(severities) > 1, severities
    assert main(["validate", str(path), "--json", "--min-severity", "error"]) == 1
    only = json.loads(capsys.readouterr().out)["packages"][0]
    assert {f["severity"] for f in only["findings"]} == {"error"}
    assert only["counts"] == every["counts"] and only["ok"] is False  # verdict unchanged
    assert main(["validate", str(path), "--quiet"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and "\tinvalid\t" in out[0]


def test_show_json_gives_fields_and_iso_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edoc = make_edoc()
    path = tmp_path / "doc.edxml"
    edocstd.dump(edoc, path)
    assert main(["show", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["from"]["organ_id"] == edoc.header.sender.organ_id  # type: ignore[union-attr]
    assert data["code"] == {"number": "123", "notation": "VPCP-TTĐT"}
    assert data["promulgation"]["date"] == "2024-03-15"
    assert data["business"]["type"] == 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", data["trace"][0]["timestamp"])
    status = make_status(edocstd.StatusCode.ACCEPTED, about=edoc)
    edocstd.dump(status, path)
    assert main(["show", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status_code"] == "03" and data["status_label_en"].startswith("Accepted")
    assert data["response_for"]["document_id"] == edoc.header.document_id
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*", data["timestamp"])


def test_show_text_in_one_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "doc.edxml"
    edocstd.dump(make_edoc(), path)
    main(["show", str(path), "--lang", "en"])
    out = capsys.readouterr().out
    assert "Subject" in out and "Trích yếu" not in out and "/ subject" not in out
    main(["show", str(path), "--lang", "vi"])
    out = capsys.readouterr().out
    assert "Trích yếu" in out and "Subject" not in out


def test_verify_at_takes_iso_and_edxml_times(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "doc.edxml"
    edocstd.dump(make_edoc(), path)
    for at in ("2025-10-15T10:00:00", "2025-10-15", "2025/10/15 10:00:00", "2025/10/15"):
        assert main(["verify", str(path), "--at", at, "--json"]) == 1  # unsigned: invalid
        assert json.loads(capsys.readouterr().out)["reason"] == "NO_SIGNATURE"
    assert main(["verify", str(path), "--at", "15/10/2025", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "--at" in err and "ISO 8601" in err


def test_verify_json_keeps_both_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "doc.edxml"
    edocstd.dump(make_edoc(), path)
    main(["verify", str(path), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["message_en"] == "the package carries no signature"
    assert data["message_vi"] == "gói tin không có chữ ký"
    main(["verify", str(path), "--lang", "vi"])
    assert "KHÔNG HỢP LỆ" in capsys.readouterr().out


def test_every_verify_reason_has_vietnamese() -> None:
    from edocstd._sign.reasons_vi import REASONS_VI

    assert set(REASONS_VI) == set(edocstd.REASONS)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"edocstd {edocstd.__version__}"


def test_python_dash_m_is_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "edocstd", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout.strip() == f"edocstd {edocstd.__version__}"


class _Tty:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_colour_only_on_a_terminal_and_never_with_no_color(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert use_color(_Tty(True), None) is True  # type: ignore[arg-type]
    assert use_color(_Tty(False), None) is False  # type: ignore[arg-type]
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(_Tty(True), None) is False  # type: ignore[arg-type]
    assert use_color(_Tty(False), True) is True  # --color forces it
    monkeypatch.delenv("NO_COLOR")
    assert use_color(_Tty(True), False) is False  # --no-color
    # paint writes a per-process token for ESC; the CLI's output stream turns it into ESC
    # after escaping package text (edocstd/cli/_terminal.py)
    shown = paint("OK", "good", True).replace(ESC_TOKEN, "\033")
    assert shown == "\033[32mOK\033[0m" and paint("OK", "good", False) == "OK"


def test_validate_colours_the_verdict_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "doc.edxml"
    edocstd.dump(make_edoc(), path)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    main(["validate", str(path)])
    assert "\033[32m" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    main(["validate", str(path)])
    assert "\033[" not in capsys.readouterr().out


def test_verify_and_track_colour_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "doc.edxml"
    edocstd.dump(make_edoc(), path)
    main(["verify", str(path), "--color"])
    assert capsys.readouterr().out.startswith("\033[31m")  # invalid: red
    main(["verify", str(path)])  # not a terminal: no colour
    assert "\033[" not in capsys.readouterr().out
    folder = tmp_path / "box"
    folder.mkdir()
    edocstd.dump(make_edoc(), folder / "sent.edxml")
    main(["track", str(folder), "--now", "2030-01-01T00:00:00", "--color", "--lang", "en"])
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("\033[31m!") for line in lines[1:])  # the overdue row
    assert not lines[0].startswith("\033[")


def _new(tmp_path: Path, *extra: str) -> list[str]:
    return [
        "new", "--from", "000.00.00.G22=Văn phòng Chính phủ", "--to", "000.00.00.H53",
        "--number", "12", "--notation", "VPCP-KSTT", "--subject", "V/v thử", "--place", "Hà Nội",
        "--date", "2025-10-15", "--type", "Công văn", "--signer-name", "Nguyễn Văn A",
        "--now", "2025-10-15T09:00:00", "-o", str(tmp_path / "out.edxml"), *extra,
    ]


def test_a_builder_refusal_names_the_option_in_one_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_new(tmp_path, "--subject", " ", "--lang", "vi")) == 2
    err = capsys.readouterr().err
    assert err.strip() == "edocstd: lỗi: --subject: không được để trống", err
    assert main(_new(tmp_path, "--date", "2026/01/01", "--lang", "en")) == 2
    err = capsys.readouterr().err
    assert err.startswith("edocstd: error: --date: 2026/01/01 is in the future"), err
    assert "promulgation_date" not in err and not _VIETNAMESE.search(err)
    assert main(_new(tmp_path, "--lang", "en")) == 0
