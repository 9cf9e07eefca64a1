"""Reading the notebook HTML back as a tree: what a browser would build from it."""

from __future__ import annotations

import lxml.html

import edocstd

ALLOWED_TAGS = frozenset(
    {"div", "span", "table", "thead", "tbody", "tr", "th", "td", "code", "br", "details", "summary"}
)
ALLOWED_ATTRIBUTES = frozenset({"style", "open"})


def parse(markup: str) -> lxml.html.HtmlElement:
    """The fragment under one synthetic ``<root>`` element."""
    return lxml.html.fragment_fromstring(markup, create_parent="root")


def text(element: lxml.html.HtmlElement) -> str:
    """The text a reader sees, whitespace collapsed (``<br>`` counts as a space)."""
    for br in element.iter("br"):
        br.tail = " " + (br.tail or "")
    return " ".join(element.text_content().split())


def card_rows(markup: str) -> dict[str, str]:
    """The first table of a card as {label: value} (the label text, both languages)."""
    table = parse(markup).find(".//table")
    assert table is not None
    return {text(tr[0]): text(tr[1]) for tr in table.findall("tr")}


def grid_rows(table: lxml.html.HtmlElement) -> list[list[str]]:
    """A table with a header row, as lists of cell texts (the header first)."""
    return [[text(cell) for cell in tr] for tr in table.iter("tr")]


def tables(markup: str) -> list[lxml.html.HtmlElement]:
    return list(parse(markup).iter("table"))


def assert_inert(markup: str) -> lxml.html.HtmlElement:
    """Only our small set of tags and attributes, nothing active: no script, handler, link."""
    root = parse(markup)
    for element in root.iterdescendants():
        assert isinstance(element.tag, str), f"comment or processing instruction: {element!r}"
        assert element.tag in ALLOWED_TAGS, element.tag
        assert set(element.attrib) <= ALLOWED_ATTRIBUTES, dict(element.attrib)
        style = element.get("style", "")
        assert not any(w in style.lower() for w in ("url(", "expression", "javascript", "@"))
    return root


def forged_report(s: str) -> edocstd.Report:
    """A report made by hand with ``s`` in every text it holds (source, reason, finding)."""
    return edocstd.Report(
        profile="vdxp",
        kind="edoc",
        source=s,
        tiers=(edocstd.TierResult(name="rules", status="skipped", reason=s),),
        findings=(
            edocstd.Finding(
                rule=s, severity=edocstd.Severity.ERROR, message_en=s, message_vi=s, path=s, value=s
            ),
        ),
    )
