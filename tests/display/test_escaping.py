"""Package content is hostile: every view shows it as text, never as markup.

Each hostile string is put in every field a view shows (names, ids, subject, dates kept raw,
file names, status descriptions, certificate names, finding values); the HTML must then hold
only our own tags and attributes (nothing active) while the text stays visible.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

import pytest

import edocstd
from tests import packages
from tests.display.htmlview import assert_inert, forged_report, parse, text
from tests.display.keys import self_signed

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)' x='",
    "<svg/onload=alert(1)>",
    "</td></tr></table></div><iframe src=//evil.example>",
    "<!-- <a href='javascript:alert(1)'>x</a> -->",
    "<style>*{background:url(//evil.example)}</style>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",  # already escaped once: must not come out live
    "]]><details open ontoggle=alert(1)>",
]
BIDI = "abc\u202egnp.exe"  # right-to-left override: must be shown, not obeyed


def _edoc(s: str) -> bytes:
    x = escape(s, {'"': "&quot;"})
    xml = packages.edoc_xml(
        sender=packages.organization("From", f"000.00.00.G22{x}", x, in_charge=x),
        recipients=[packages.organization("To", x, x)],
        document_id=x,
        code=(x, x),
        promulgation=(x, x),  # an unreadable date is kept raw, with a finding
        document_type=("2", "18", x),
        subject=x,
        signer=(x, x, x),
        due_date=x,
        trace=(x, x),
        attachments=[packages.Attachment(name=x, description=x, content_type=x)],
    )
    return xml.encode()


def _status(s: str, code: str | None = None) -> bytes:
    x = escape(s, {'"': "&quot;"})
    return packages.status_xml(
        sender=packages.organization("From", x, x),
        response_for=packages.ResponseFor(x, x, x, x),
        staff=packages.staff_info(x, x, x, x),
        status_code=code or x,
        description=x,
        timestamp=x,
    ).encode()


def _views(s: str) -> list[str]:
    edoc = edocstd.loads(_edoc(s))
    status = edocstd.loads(_status(s))
    report = edocstd.validate(_edoc(s), now=dt.date(2025, 10, 2))
    forged = forged_report(s)
    tracker = edocstd.Tracker()
    tracker.add(edoc)
    tracker.add(edocstd.loads(_status(s, code="02")))
    states = [tracker.state(d) for d in tracker.documents()]
    return [
        edoc._repr_html_(),
        edoc.attachments[0]._repr_html_(),
        status._repr_html_(),
        report._repr_html_(),
        forged._repr_html_(),
        tracker._repr_html_(),
        *(st._repr_html_() for st in states),
    ]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_inert_and_visible(hostile: str) -> None:
    views = _views(hostile)
    for markup in views:
        root = assert_inert(markup)
        for element in root.iterdescendants():
            assert all(hostile not in value for value in element.attrib.values())
    shown = " ".join(text(parse(m)) for m in views)
    assert hostile in shown  # shown as text, not dropped and not executed
    edoc_view = text(parse(views[0]))
    assert edoc_view.count(hostile) >= 5  # sender, recipient, subject, signer, the file...


def test_signer_names_from_a_certificate_are_inert() -> None:
    name = HOSTILE[0]
    key, cert = self_signed(name, HOSTILE[1])
    data = edocstd.sign(edocstd.loads(_edoc("x")), key=key, cert=cert)
    result = edocstd.verify(data, trust=[cert])
    markup = result._repr_html_()
    assert_inert(markup)
    assert HOSTILE[1] in text(parse(markup))


def test_bidi_and_control_characters_are_spelled_out() -> None:
    for markup in _views(BIDI):
        assert "\u202e" not in markup
    assert "abc\\u202egnp.exe" in text(parse(_views(BIDI)[0]))
    finding = edocstd.Finding(
        rule="X", severity=edocstd.Severity.WARNING, message_en="m", message_vi="m",
        value="\x1b[31mred\x1b[0m",
    )  # fmt: skip
    report = edocstd.Report(profile="vdxp", kind="edoc", tiers=(), findings=(finding,))
    markup = report._repr_html_()
    assert "\x1b" not in markup
    assert "\\x1b[31mred" in text(parse(markup))  # as in every text view


def test_very_long_values_are_cut() -> None:
    long = "Trích yếu " * 10_000
    markup = edocstd.loads(packages.edoc_xml(subject=long))._repr_html_()
    assert len(markup) < 20_000
    assert "…" in text(parse(markup))


def test_packages_of_the_hostile_reading_suite_render_inert() -> None:
    from tests.security.test_hostile import VALID, _xinclude_package

    for data in (VALID, _xinclude_package("file:///etc/passwd")):
        pkg = edocstd.loads(data)
        shown = text(assert_inert(pkg._repr_html_()))
        assert "root:x:0:0" not in shown
        assert_inert(edocstd.validate(data)._repr_html_())
