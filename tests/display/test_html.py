"""Notebook views (``_repr_html_``): the facts of ``show``/``validate``/``verify``/``track``.

The HTML is parsed back into a tree and read like a person would read it (labels, cells,
badges); never compared as a string, so styling may change without touching these tests.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import lxml.html
import pytest

import edocstd
from tests import packages
from tests.display.htmlview import assert_inert, card_rows, grid_rows, parse, tables, text
from tests.display.keys import self_signed

ROOT = Path(__file__).resolve().parents[2]
EDOC = ROOT / "examples" / "cong-van-moi.edxml"
STATUS = ROOT / "examples" / "trang-thai-da-tiep-nhan.edxml"
FIXTURES = ROOT / "tests" / "fixtures" / "packages"
DOC_ID = "000.00.12.H56,2025/11/03,315/STTTT-BCVT"


def _badges(markup: str) -> list[tuple[str, str]]:
    """(text, background colour) of every badge: the spans that carry a background."""
    out = []
    for span in parse(markup).iter("span"):
        style = span.get("style", "")
        if "background:" in style:
            colour = style.split("background:")[1].split(";")[0]
            out.append((text(span), colour))
    return out


def _sections(markup: str) -> list[lxml.html.HtmlElement]:
    return list(parse(markup).iter("details"))


def test_edoc_card_shows_what_show_prints() -> None:
    markup = edocstd.load(EDOC)._repr_html_()
    assert_inert(markup)
    rows = card_rows(markup)
    assert rows == {
        "Nơi gửi / from": "000.00.12.H56 Sở Thông tin và Truyền thông tỉnh Thanh Hóa",
        "Nơi nhận / to": "000.00.00.H56 Văn phòng UBND tỉnh Thanh Hóa",
        "Mã văn bản / document id": DOC_ID,
        "Số/ký hiệu / number": "315/STTTT-BCVT",
        "Loại văn bản / type": "Công văn",
        "Trích yếu / subject": "V/v báo cáo số liệu gửi, nhận văn bản điện tử tháng 10 năm 2025",
        "Ban hành / promulgated": "Thanh Hóa 2025-11-03",
        "Hạn xử lý / due": "2025-11-10",
        "Độ khẩn / priority": "0 Thường / Normal",
        "Người ký / signer": "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Lê Thị Thu Hà",
        "Nghiệp vụ / business": "0 Văn bản mới / New document",
        "Vết / trace": "000.00.12.H56 2025-11-03 08:15:20",
        "Chữ ký / signature": "không có / none",
    }
    files = grid_rows(tables(markup)[1])
    assert files == [
        ["Tệp / file", "Kiểu khai báo / declared type", "Kích thước / size",
         "Nội dung thực / bytes show"],
        ["315_STTTT-BCVT.pdf", "application/pdf", "701 B", ""],
    ]  # fmt: skip
    assert _sections(markup) == []  # a clean package has no findings to show


def test_payload_bytes_are_never_shown() -> None:
    pkg = edocstd.load(EDOC)
    b64 = EDOC.read_text(encoding="utf-8").split("ContentTransferEncoded")[1]
    head = b64.split(">", 1)[1][:16]
    assert head.startswith("JVBERi0")  # the PDF's base64
    for markup in (pkg._repr_html_(), pkg.attachments[0]._repr_html_()):
        assert head not in markup
        assert "%PDF" not in markup


def test_attachment_card_names_the_file_and_its_id() -> None:
    att = edocstd.load(EDOC).attachments[0]
    markup = att._repr_html_()
    assert_inert(markup)
    assert card_rows(markup) == {
        "Mã nội dung / content id": "cid:1",
        "Mô tả / description": "315_STTTT-BCVT.pdf",
    }
    assert "315_STTTT-BCVT.pdf" in text(parse(markup).find(".//div"))


def test_a_wrong_declared_type_shows_what_the_bytes_are() -> None:
    data = packages.edoc_xml(
        attachments=[packages.Attachment(name="cv.docx", content_type="application/msword")]
    )
    markup = edocstd.loads(data)._repr_html_()
    files = grid_rows(tables(markup)[1])
    assert files[1][:2] == ["cv.docx", "application/msword"]
    assert files[1][3] == "application/pdf"
    assert files[1][4] == "cv.docx.pdf"  # the document, named so that it opens


def test_a_document_in_an_sdk_zip_is_named_with_its_type_and_size() -> None:
    pdf = b"%PDF-1.4\n%%EOF\n"
    zipped = edocstd.Attachment.create(pdf, name="to-trinh.pdf", zip=True)  # form A
    pkg = edocstd.loads(edocstd.dumps(edocstd.load(EDOC).with_attachments(zipped)))
    files = grid_rows(tables(pkg._repr_html_())[1])
    assert files[0][4] == "Văn bản bên trong / document"
    assert files[1][4] == ""  # a raw PDF: the row says it all
    assert files[2][:2] == ["to-trinh.pdf", "application/zip"]
    assert files[2][4] == (
        f"to-trinh.pdf · application/pdf · {len(pdf)} B (ZIP khai báo / declared ZIP)"
    )


def test_status_card() -> None:
    markup = edocstd.load(STATUS)._repr_html_()
    assert_inert(markup)
    rows = card_rows(markup)
    assert rows["Nơi gửi / from"] == "000.00.00.H56 Văn phòng UBND tỉnh Thanh Hóa"
    assert rows["Trạng thái / status"].startswith("03 Đã tiếp nhận")
    assert rows["Về văn bản / about"] == DOC_ID
    assert rows["Cơ quan / organ"] == "000.00.12.H56"
    assert rows["Thời điểm / time"] == "2025-11-03 09:02:41"
    assert rows["Cán bộ / staff"] == "Đỗ Văn Nam"


def _status_colour(code: str) -> str:
    markup = edocstd.load(FIXTURES / f"status_{code}.edxml")._repr_html_()
    (colour,) = {c for t, c in _badges(markup) if t.startswith(code)}
    return colour


def test_status_codes_are_coloured_by_meaning() -> None:
    colour = {code: _status_colour(code) for code in ("01", "02", "03", "05", "06", "13", "16")}
    progress = {colour[c] for c in ("01", "03", "05")}
    assert len(progress) == 1  # progress: one colour
    assert colour["02"] == colour["16"]  # refusals: one colour
    assert len({*progress, colour["02"], colour["06"], colour["13"]}) == 4


def _broken_report() -> edocstd.Report:
    # no subject (an error) and a due date before the promulgation date (a warning or an error)
    data = packages.edoc_xml(subject="", due_date="2025/09/01")
    return edocstd.validate(data.encode(), now=dt.date(2025, 10, 2))


def test_report_card_groups_findings_by_severity() -> None:
    report = _broken_report()
    assert report.errors
    markup = report._repr_html_()
    assert_inert(markup)
    sections = _sections(markup)
    titles = [text(s.find("summary")) for s in sections]
    expected = []
    for found, vi, en in (
        (report.errors, "Lỗi", "errors"),
        (report.warnings, "Cảnh báo", "warnings"),
        (report.infos, "Ghi chú", "notes"),
    ):
        if found:
            expected.append(f"{len(found)} {vi} / {en}")
    assert titles == expected
    error_rules = {row[0] for row in grid_rows(sections[0].find("table"))[1:]}
    assert error_rules == {f.rule for f in report.errors}
    verdict = _badges(markup)[0][0]
    assert verdict == "KHÔNG HỢP LỆ / INVALID"


def test_report_card_lists_every_tier_and_why_one_was_skipped() -> None:
    report = edocstd.validate(EDOC)
    markup = report._repr_html_()
    assert _badges(markup)[0][0] == "HỢP LỆ / VALID"
    tiers = grid_rows(tables(markup)[1])
    assert [r[0] for r in tiers[1:]] == [t.name for t in report.tiers]
    skipped = [r for r in tiers[1:] if r[1] == "bỏ qua / skipped"]
    assert skipped, "the signature tier is skipped without trust anchors"
    assert "chưa cung cấp chứng thư tin cậy" in skipped[0][2]
    assert "no trust anchors given" in skipped[0][2]


def test_verify_card_says_who_signed() -> None:
    key, cert = self_signed("Nguyễn Văn An", "Sở TT&TT Thanh Hóa (test)")
    data = edocstd.sign(EDOC, key=key, cert=cert)
    result = edocstd.verify(data, trust=[cert])
    markup = result._repr_html_()
    assert_inert(markup)
    assert _badges(markup)[0][0] == "VALID · OK"
    rows = card_rows(markup)
    assert "CN=Nguyễn Văn An" in rows["Người ký / signer"]
    assert rows["Tổ chức / organization"] == "Sở TT&TT Thanh Hóa (test)"
    assert rows["Thuật toán / algorithms"].startswith("RSA-SHA256, digest SHA256")
    untrusted = edocstd.verify(data)._repr_html_()
    assert _badges(untrusted)[0][0].startswith("INDETERMINATE")
    # a report with a signature tier shows the verdict inside its card
    report = edocstd.validate(data, trust=[cert])
    assert "VALID · OK" in [t for t, _ in _badges(report._repr_html_())]


@pytest.fixture
def tracker() -> edocstd.Tracker:
    t = edocstd.Tracker(no_answer_after=dt.timedelta(days=365 * 200))  # late only by DueDate
    t.add(edocstd.load(EDOC))
    t.add(edocstd.load(STATUS))
    return t


def test_document_state_card(tracker: edocstd.Tracker) -> None:
    late = tracker.state(DOC_ID, now=dt.datetime(2025, 11, 20))
    markup = late._repr_html_()
    assert_inert(markup)
    assert _badges(markup)[0][0] == "quá hạn / overdue"
    rows = grid_rows(tables(markup)[1])
    assert rows[1][0] == "000.00.00.H56 Văn phòng UBND tỉnh Thanh Hóa"
    assert rows[1][1].startswith("03 Đã tiếp nhận")
    assert "due_date" in rows[1][3]
    on_time = tracker.state(DOC_ID, now=dt.datetime(2025, 11, 4))
    assert _badges(on_time._repr_html_())[0][0] == "đang chờ / waiting"


def test_tracker_overview_puts_overdue_first(tracker: edocstd.Tracker) -> None:
    # sent a month before the example, never answered, due far ahead: listed first when sorted
    # by sending time, after the overdue example when overdue pairs come first
    other = packages.edoc_xml(due_date="2099/01/01")
    tracker.add(edocstd.loads(other))
    markup = tracker._repr_html_()
    assert_inert(markup)
    assert card_rows(markup)["Văn bản đã gửi / documents sent"] == "2"
    rows = grid_rows(tables(markup)[1])[1:]
    assert [r[0] for r in rows] == [DOC_ID, "000.00.00.G22,2025/10/01,1111/VPCP-HC"]
    assert "quá hạn / overdue" in rows[0][4]


def test_every_fixture_renders_inert() -> None:
    for path in sorted(FIXTURES.glob("*.edxml")):
        pkg = edocstd.load(path)
        assert_inert(pkg._repr_html_())
        for att in getattr(pkg, "attachments", ()):
            assert_inert(att._repr_html_())


def test_large_views_are_bounded(tracker: edocstd.Tracker, monkeypatch: pytest.MonkeyPatch) -> None:
    from edocstd._display import findings, tracking

    monkeypatch.setattr(tracking, "MAX_DOCUMENTS", 1)
    tracker.add(edocstd.loads(packages.edoc_xml(due_date="2099/01/01")))
    markup = tracker._repr_html_()
    assert len(grid_rows(tables(markup)[1])) == 1 + 1  # header + the one document drawn
    assert "… và 1 văn bản nữa / and 1 more documents" in text(parse(markup))
    assert card_rows(markup)["Văn bản đã gửi / documents sent"] == "2"

    monkeypatch.setattr(findings, "MAX_ROWS", 1)
    # two errors (a due date before promulgation is only a warning under vdxp since issue 9)
    report = edocstd.validate(packages.edoc_xml(subject="", code=None).encode(),
                              now=dt.date(2025, 10, 2))
    assert len(report.errors) > 1
    errors = _sections(report._repr_html_())[0]
    assert len(grid_rows(errors.find("table"))) == 1 + 1
    more = len(report.errors) - 1
    assert f"… và {more} mục nữa / and {more} more" in text(errors)


def test_a_closed_tracker_still_displays(tracker: edocstd.Tracker) -> None:
    tracker.close()
    markup = tracker._repr_html_()
    assert_inert(markup)
    assert "(đã đóng / closed)" in text(parse(markup))
