"""``edocstd new``, ``edocstd status reply|take-back`` and ``edocstd track``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import edocstd
from edocstd import BussinessDocType, Edoc, StatusCode, StatusPackage
from edocstd._lifecycle import reply
from edocstd.cli import main

from .conftest import H20, H53, PDF, at, make_document

DOC_ID = "000.00.00.G22,2025/10/15,1234/VPCP-KSTT"


def _new_args(tmp_path: Path, *extra: str) -> list[str]:
    pdf = tmp_path / "1234_VPCP-KSTT.pdf"
    pdf.write_bytes(PDF)
    return [
        "new",
        "--from", "000.00.00.G22=Văn phòng Chính phủ",
        "--to", "000.00.00.H53=Văn phòng UBND tỉnh Tây Ninh",
        "--to", "000.00.00.H20",
        "--number", "1234",
        "--notation", "VPCP-KSTT",
        "--subject", "V/v triển khai kết nối",
        "--place", "Hà Nội",
        "--date", "2025/10/15",
        "--due-date", "2025/10/30",
        "--type", "Công văn",
        "--signer-competence", "KT. BỘ TRƯỞNG",
        "--signer-position", "PHÓ CHỦ NHIỆM",
        "--signer-name", "Nguyễn Văn Thành",
        "--now", "2025/10/15 09:00:00",
        "--attach", str(pdf),
        "-o", str(tmp_path / "out.edxml"),
        *extra,
    ]


def test_new_from_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_new_args(tmp_path, "--json")) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["document_id"] == DOC_ID
    pkg = edocstd.load(tmp_path / "out.edxml")
    assert isinstance(pkg, Edoc)
    assert pkg.header.document_id == DOC_ID
    assert pkg.business_type is BussinessDocType.NEW
    assert [o.organ_id for o in pkg.header.to] == ["000.00.00.H53", "000.00.00.H20"]
    assert pkg.header.to[0].organ_name == "Văn phòng UBND tỉnh Tây Ninh"
    assert pkg.attachments[0].read() == PDF
    assert pkg.attachments[0].attachment_name == "1234_VPCP-KSTT.pdf"


def test_new_zipped(tmp_path: Path) -> None:
    assert main(_new_args(tmp_path, "--zip")) == 0
    pkg = edocstd.load(tmp_path / "out.edxml")
    assert isinstance(pkg, Edoc)
    assert pkg.attachments[0].content_type == "application/zip"
    assert pkg.attachments[0].unzip()[1] == PDF


def test_new_zipped_keeping_the_file_type(tmp_path: Path) -> None:
    assert main(_new_args(tmp_path, "--zip-keep-type")) == 0
    pkg = edocstd.load(tmp_path / "out.edxml")
    assert isinstance(pkg, Edoc)
    (a,) = pkg.attachments
    assert (a.content_type, a.carrier) == ("application/pdf", "zip-undeclared")
    with a.open_document() as f:
        assert f.read() == PDF


def test_new_from_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "a.pdf").write_bytes(PDF)
    spec = {
        "sender": {"OrganId": "000.00.00.G22", "OrganName": "Văn phòng Chính phủ"},
        "recipients": ["000.00.00.H53", {"organ_id": "000.00.00.H20"}],
        "code_number": "88",
        "code_notation": "VPCP-TB",
        "subject": "Thông báo lịch làm việc",
        "promulgation_place": "Hà Nội",
        "promulgation_date": "2025/10/15",
        "document_type": "Thông báo",
        "signer": {"competence": "TL. BỘ TRƯỞNG", "position": "Vụ trưởng", "full_name": "B"},
        "priority": 1,
        "attachments": ["files/a.pdf"],
        "now": "2025/10/15 08:00:00",
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "tb.edxml"
    # an option overrides the JSON
    assert main(["new", str(path), "--subject", "Thông báo (sửa)", "-o", str(out)]) == 0
    assert "000.00.00.G22,2025/10/15,88/VPCP-TB" in capsys.readouterr().out
    pkg = edocstd.load(out)
    assert isinstance(pkg, Edoc)
    assert pkg.header.subject == "Thông báo (sửa)"
    assert pkg.header.document_type is not None
    assert pkg.header.document_type.type_detail == 7
    assert pkg.attachments[0].read() == PDF


def test_new_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--number", "1", "-o", str(tmp_path / "x.edxml"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "missing --from, --to" in err and "sender" not in err  # the options, not parameters
    assert main(_new_args(tmp_path, "--date", "2099/01/01")) == 2
    err = capsys.readouterr().err
    assert "--date" in err and "promulgation_date" not in err
    assert main(_new_args(tmp_path, "--date", "2025-10-15", "--now", "2025-10-15T09:00:00")) == 0
    made = edocstd.load(tmp_path / "out.edxml")
    assert isinstance(made, Edoc) and made.header.promulgation_info is not None
    assert made.header.promulgation_info.promulgation_date == dt.date(2025, 10, 15)
    (tmp_path / "out.edxml").unlink()  # ISO and the edXML form alike
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"colour": "red"}), encoding="utf-8")
    assert main(["new", str(bad), *_new_args(tmp_path)[1:]]) == 2
    assert "colour" in capsys.readouterr().err
    assert not (tmp_path / "x.edxml").exists()


@pytest.fixture
def received(tmp_path: Path) -> Path:
    path = tmp_path / "received.edxml"
    edocstd.dump(make_document(), path)
    return path


def test_status_reply(received: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "status_03.edxml"
    code = main(["status", "reply", str(received), "--code", "03", "--as-organ-id",
                 "000.00.00.H53", "--staff", "Lê Văn Phúc", "--now", "2025/10/15 10:00:00",
                 "-o", str(out), "--json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["label_en"].startswith("Accepted")
    pkg = edocstd.load(out)
    assert isinstance(pkg, StatusPackage)
    assert pkg.status_code is StatusCode.ACCEPTED
    assert pkg.header.sender is not None
    assert pkg.header.sender.organ_name == H53.organ_name  # taken from the document's To
    assert pkg.header.response_for is not None
    assert pkg.header.response_for.document_id == DOC_ID
    assert pkg.header.staff_info is not None and pkg.header.staff_info.staff == "Lê Văn Phúc"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--code", "02"], "Description"),
        (["--code", "15"], "never asked back"),
        (["--code", "13"], "take_back_request"),
        (["--code", "07"], "not a status code"),
    ],
)
def test_status_reply_errors(
    received: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    extra: list[str], message: str,
) -> None:
    out = tmp_path / "s.edxml"
    args = ["status", "reply", str(received), "--as-organ-id", "000.00.00.H53", "-o", str(out)]
    assert main(args + extra) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_status_reply_unlisted(received: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    args = ["status", "reply", str(received), "--code", "01", "--as-organ-id", "000.00.00.H41",
            "-o", str(tmp_path / "s.edxml")]
    assert main(args) == 2
    assert "not among the recipients" in capsys.readouterr().err
    assert main([*args, "--allow-unlisted", "--as-name", "UBND Nghệ An"]) == 0


def test_take_back_then_15(received: Path, tmp_path: Path) -> None:
    req = tmp_path / "status_13.edxml"
    assert main(["status", "take-back", str(received), "--recipient", "000.00.00.H53",
                 "--reason", "ban hành nhầm", "-o", str(req)]) == 0
    pkg = edocstd.load(req)
    assert isinstance(pkg, StatusPackage) and pkg.status_code is StatusCode.TAKE_BACK_REQUESTED
    out = tmp_path / "status_15.edxml"
    assert main(["status", "reply", str(received), "--code", "15", "--as-organ-id",
                 "000.00.00.H53", "--request", str(req), "-o", str(out)]) == 0
    assert edocstd.load(out).status_code is StatusCode.CHANGE_ACCEPTED  # type: ignore[union-attr]


def test_status_reply_to_a_status_is_a_usage_error(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    doc = make_document()
    path = tmp_path / "st.edxml"
    edocstd.dump(reply(doc, "01", sender=H53, now=at(15)), path)
    assert main(["status", "reply", str(path), "--code", "03", "--as-organ-id",
                 "000.00.00.H53", "-o", str(tmp_path / "o.edxml")]) == 2
    assert "not an edoc" in capsys.readouterr().err


def _exchange_folder(folder: Path) -> None:
    doc = make_document()
    folder.mkdir()
    edocstd.dump(doc, folder / "sent.edxml")
    answers = [
        ("01", H53, at(15, 9, 5)), ("03", H53, at(15, 10)), ("04", H53, at(16)),
        ("05", H53, at(17)), ("06", H53, at(25)), ("01", H20, at(15, 9, 10)),
        ("02", H20, at(15, 10, 3)),
    ]
    for i, (code, who, when) in enumerate(answers):
        pkg = reply(doc, code, sender=who, now=when,
                    description="gửi nhầm" if code == "02" else None)
        edocstd.dump(pkg, folder / f"status_{i:02d}_{code}.edxml")
    (folder / "broken.edxml").write_bytes(b"<not xml")


def test_track_folder_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "hop-thu"
    _exchange_folder(folder)
    assert main(["track", str(folder), "--now", "2025-10-20T09:00:00", "--lang", "en"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].split()[:3] == ["DOCUMENT", "RECIPIENT", "STATE"]
    assert lines[1].startswith("!") and "000.00.00.H56" in lines[1]  # overdue first
    assert "No answer yet" in lines[1] and "Chưa có phản hồi" not in lines[1]
    assert "no_answer since 2025/10/16 09:00:00" in lines[1]
    body = "\n".join(lines[2:])
    assert "000.00.00.H53" in body and "06 Finished" in body
    assert "02 Rejected" in body and "Từ chối" not in body
    assert "broken.edxml" in captured.err
    assert main(["track", str(folder), "--now", "2025/10/20 09:00:00", "--lang", "vi"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["VĂN", "BẢN"]
    assert "Chưa có phản hồi" in lines[1] and "No answer" not in lines[1]


def test_track_json_and_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "hop-thu"
    _exchange_folder(folder)
    db = tmp_path / "theo-doi.sqlite"
    assert main(["track", str(folder), "--db", str(db), "--json", "--now",
                 "2025/10/20 09:00:00"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(o["organ_id"], o["reason"], o["since"]) for o in data["overdue"]] == [
        ("000.00.00.H56", "no_answer", "2025-10-16T09:00:00")  # ISO 8601 in JSON
    ]
    assert data["now"] == "2025-10-20T09:00:00"
    (doc,) = data["documents"]
    states = {r["organ_id"]: (r["current"], r["final"]) for r in doc["recipients"]}
    assert states == {
        "000.00.00.H53": ("06", True),
        "000.00.00.H20": ("02", True),
        "000.00.00.H56": (None, False),
    }
    # the database keeps it: track it again without the folder
    assert main(["track", str(db), "--json", "--now", "2025/10/20 09:00:00"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == data["documents"]


def test_track_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["track", str(tmp_path / "missing")]) == 2
    not_db = tmp_path / "x.txt"
    not_db.write_text("hello")
    assert main(["track", str(not_db), "--lang", "en"]) == 2
    assert "not a tracker database" in capsys.readouterr().err
