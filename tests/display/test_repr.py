"""Short one-line reprs: readable, bounded, escaped; equality is not affected."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs

import edocstd
from tests import packages

ROOT = Path(__file__).resolve().parents[2]
EDOC = ROOT / "examples" / "cong-van-moi.edxml"
STATUS = ROOT / "examples" / "trang-thai-da-tiep-nhan.edxml"


def test_edoc_repr_is_one_short_line() -> None:
    pkg = edocstd.load(EDOC)
    text = repr(pkg)
    assert "\n" not in text
    assert len(text) < 250
    assert text.startswith("<Edoc '315/STTTT-BCVT' from '000.00.12.H56' to '000.00.00.H56'")
    assert text.endswith("1 attachment>")
    assert str(pkg) == text


def test_repr_counts_recipients_and_findings() -> None:
    two = packages.edoc_xml(recipients=[packages.NGHE_AN, packages.NGHE_AN.replace("H41", "H42")])
    text = repr(edocstd.loads(two.replace("2025/10/10", "2025/02/30")))  # an impossible due date
    assert "to '000.00.00.H41' (+1)" in text
    assert "1 finding>" in text


def test_status_attachment_report_verify_reprs() -> None:
    status = edocstd.load(STATUS)
    assert repr(status).startswith("<StatusPackage '03' from '000.00.00.H56' about '000.00.12.H56,")
    att = edocstd.load(EDOC).attachments[0]
    assert repr(att) == "<Attachment '315_STTTT-BCVT.pdf' 'application/pdf' ~701 B>"
    bare = edocstd.Attachment(attachment_name="x.pdf")
    assert repr(bare) == "<Attachment 'x.pdf' '' no content>"
    report = edocstd.validate(EDOC)
    assert repr(report).startswith("<Report '")
    assert " valid edoc profile=vdxp: 0 errors, 0 warnings, 0 notes>" in repr(report)
    verdict = edocstd.verify(EDOC)
    assert repr(verdict).startswith("<VerifyResult invalid ")


def test_tracking_reprs() -> None:
    tracker = edocstd.Tracker()
    tracker.add(edocstd.load(EDOC))
    assert repr(tracker) == "<Tracker ':memory:' 1 document>"
    state = tracker.state(tracker.documents()[0], now=dt.datetime(2025, 11, 20))
    assert repr(state) == (
        "<DocumentState '000.00.12.H56,2025/11/03,315/STTTT-BCVT' waiting, 1 recipient, 1 overdue>"
    )
    tracker.close()
    assert repr(tracker) == "<Tracker ':memory:' closed>"


def test_repr_escapes_invisible_characters_and_is_bounded() -> None:
    subject = "Trích yếu \u202eexe.pdf " + "x" * 5000
    text = repr(edocstd.loads(packages.edoc_xml(subject=subject)))
    assert "\u202e" not in text
    assert "\\u202e" in text
    assert len(text) < 300


def test_equality_does_not_depend_on_the_repr() -> None:
    a, b = edocstd.load(EDOC), edocstd.load(EDOC)
    assert a == b
    assert attrs.evolve(a, header=attrs.evolve(a.header, subject="khác")) != a
