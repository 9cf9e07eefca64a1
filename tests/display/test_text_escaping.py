"""Text views (``print(report)``, ``summary()``, the short reprs) never put package text raw
on a terminal: escape sequences (ESC, the one-character CSI U+009B, BEL), bidi overrides and
isolates, and line breaks inside a value are spelled out, so a package can neither drive the
terminal, reorder what is shown, nor forge extra lines of a report."""

from __future__ import annotations

import datetime as dt
import unicodedata
from xml.sax.saxutils import escape

import attrs

import edocstd
from tests import packages
from tests.display.htmlview import forged_report
from tests.display.keys import self_signed

# Every one of these is a legal XML 1.0 character, so a package can carry it.
IN_XML = "A\u202e\u009b31mB\u2066C\u0085D\u2028E\rF\nG\tH"
# A file name or a Python object can carry anything.
ANYWHERE = "evil\x1b[31mRED\x1b]0;pwned\x07\u009b2J\u202eeman\u2069\u200f\nforged line\rZ"
_UNSAFE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def _raw(text: str, *, allow_newline: bool) -> list[str]:
    """The characters of ``text`` a terminal would obey rather than show."""
    return [
        c for c in text if unicodedata.category(c) in _UNSAFE and not (allow_newline and c == "\n")
    ]


def _edoc(s: str) -> bytes:
    x = escape(s, {"\r": "&#13;", "\t": "&#9;", "\n": "&#10;"})  # kept exactly, not normalised
    return packages.edoc_xml(
        sender=packages.organization("From", f"000.00.00.G22{x}", x),
        recipients=[packages.organization("To", x, x)],
        code=(x, x),
        subject=x,
        attachments=[packages.Attachment(name=x, description=x, content_type=x)],
    ).encode()


def test_print_report_spells_out_control_and_bidi_characters_from_the_package() -> None:
    report = edocstd.validate(_edoc(IN_XML), now=dt.date(2025, 10, 2))
    assert not report.ok  # the OrganIds are malformed: their values are in the messages
    for lang in ("vi", "en"):
        text = report.summary(lang)
        assert _raw(text, allow_newline=True) == []
        shown = [f for f in report.findings if f.severity is not edocstd.Severity.INFO]
        # one head line, one per tier, one per error or warning: no line forged by a value
        assert len(text.split("\n")) == 1 + len(report.tiers) + len(shown)
        assert "\\u202e" in text and "\\x9b" in text
    assert str(report) == report.summary()


def test_summary_escapes_a_hostile_source_and_forged_findings() -> None:
    report = forged_report(ANYWHERE)
    text = str(report)
    assert _raw(text, allow_newline=True) == []
    assert len(text.split("\n")) == 3  # head, the tier, the finding
    assert "evil\\x1b[31mRED\\x1b]0;pwned\\x07\\x9b2J\\u202eeman" in text
    assert _raw(repr(report), allow_newline=False) == []
    assert _raw(report.summary("en"), allow_newline=True) == []


def test_short_reprs_are_one_line_without_raw_controls() -> None:
    data = _edoc(IN_XML)
    edoc = edocstd.loads(data)
    status = edocstd.loads(
        packages.status_xml(
            sender=packages.organization("From", IN_XML.replace("\r", "&#13;"), "x"),
            response_for=packages.ResponseFor(IN_XML, "y", "z", "w"),
            timestamp=IN_XML,
        ).encode()
    )
    report = attrs.evolve(edocstd.validate(data), source=ANYWHERE)
    tracker = edocstd.Tracker(":memory:")
    tracker.add(edoc)
    state = tracker.state(tracker.documents()[0])
    views = [edoc, status, edoc.attachments[0], report, state, tracker, edocstd.verify(data)]
    for obj in views:
        for text in (repr(obj), str(obj)):  # str(report) is its summary: one line per fact
            multiline = text is not repr(obj) and isinstance(obj, edocstd.Report)
            assert _raw(text, allow_newline=multiline) == [], (type(obj).__name__, text)
    assert len(str(report).split("\n")) == 1 + len(report.tiers) + len(
        report.errors + report.warnings
    )
    assert "\\u202e" in repr(edoc) and "\\x0a" in repr(edoc)


def test_verify_summary_escapes_certificate_names() -> None:
    hostile = "Nguy\u202e\u009b31m\u2066n\u0085V\u2028n\nA"  # all legal in a signature's XML
    key, cert = self_signed(hostile, hostile)
    data = edocstd.sign(edocstd.loads(_edoc("x")), key=key, cert=cert)
    result = edocstd.verify(data, trust=[cert])
    text = result.summary()
    assert _raw(text, allow_newline=True) == []
    assert "Nguy\\u202e\\x9b31m" in text
    assert _raw(repr(result), allow_newline=False) == []
