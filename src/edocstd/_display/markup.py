"""HTML building blocks for the notebook views: every value is escaped unless it is ``Markup``.

Package content is hostile input.  The only way text reaches the HTML is :func:`el` (and the
helpers built on it), which escapes every child that is not already :class:`Markup`; markup is
only ever made here, from constant tag names and constant inline styles.  Control and format
characters (``U+0000``–``U+001F``, bidi overrides such as ``U+202E``) are shown as visible
escapes, and long values are cut, so a package cannot reorder, hide or flood what is shown.

Inline styles, not a ``<style>`` sheet: notebook front ends and GitHub keep inline styles and
drop or sandbox style sheets.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence

from .._text import printable

MAX_TEXT = 300
"""Characters of one value shown before it is cut (the value itself is never changed)."""


class Markup(str):
    """Text that is already safe HTML (made by this module only)."""

    __slots__ = ()


def visible(value: str) -> str:
    """``value`` with control and format characters spelled out and cut to ``MAX_TEXT``."""
    if len(value) > MAX_TEXT:
        value = value[: MAX_TEXT - 1] + "…"
    return printable(value)


def plain(value: object) -> str:
    """A model value as a person reads it: dates ISO, coded values with both labels."""
    if value is None:
        return ""
    if isinstance(value, enum.Enum) and hasattr(value, "label_vi"):
        return f"{value.value} {value.label_vi} / {value.label_en}"  # type: ignore[attr-defined]
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def esc(value: object) -> Markup:
    """Any value as escaped, visible HTML text (``Markup`` passes through unchanged)."""
    if isinstance(value, Markup):
        return value
    from html import escape  # here: the command line imports this module for human_size alone

    return Markup(escape(visible(plain(value)), quote=True))


def el(tag: str, *children: object, style: str = "") -> Markup:
    """``<tag style=…>children</tag>``; children that are not ``Markup`` are escaped.

    ``tag`` and ``style`` are constants of this package, never data (no attribute ever holds
    data).  ``None`` children are left out.
    """
    attrs = f' style="{style}"' if style else ""
    inner = "".join(esc(c) for c in children if c is not None)
    return Markup(f"<{tag}{attrs}>{inner}</{tag}>")


def join(parts: Iterable[object], sep: str = "") -> Markup:
    return Markup(esc(sep).join(esc(p) for p in parts))


def human_size(n: int) -> str:
    """Bytes as ``701 B``, ``12.3 KB`` (the one formatter of sizes, the CLI's too)."""
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{n} B" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"  # pragma: no cover


# --- colours: one meaning, one colour --------------------------------------------------------

GOOD = "#1a7f37"
BAD = "#cf222e"
WARN = "#9a6700"
INFO = "#0969da"
MUTED = "#57606a"

SEVERITY_COLOUR = {"error": BAD, "warning": WARN, "info": MUTED}
STATUS_COLOUR = {
    "01": INFO,  # arrived
    "02": BAD,  # refused
    "03": INFO,  # accepted
    "04": INFO,  # assigned
    "05": INFO,  # processing
    "06": GOOD,  # finished
    "13": WARN,  # take-back requested
    "15": MUTED,  # change accepted: taken back or updated
    "16": BAD,  # change refused
}
VERDICT_COLOUR = {"valid": GOOD, "invalid": BAD, "indeterminate": WARN}
TIER_COLOUR = {"passed": GOOD, "failed": BAD, "skipped": MUTED}

_BOX = (
    "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;"
    "border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:4px 0;"
    "max-width:960px;color:#1f2328;background:#ffffff"
)
_HEAD = "font-weight:600;font-size:14px;margin-bottom:6px"
_TABLE = "border-collapse:collapse;margin:4px 0;text-align:left"
_TH = (
    "text-align:left;vertical-align:top;padding:2px 10px 2px 0;font-weight:600;"
    "border-bottom:1px solid #d0d7de"
)
_TD = "text-align:left;vertical-align:top;padding:2px 10px 2px 0"
_LABEL = (
    "text-align:left;vertical-align:top;padding:2px 12px 2px 0;white-space:nowrap;color:#57606a"
)
_EN = "color:#8c959f;font-size:11px"
_MONO = "font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px"
_SUMMARY = "cursor:pointer;font-weight:600;margin-top:6px"


def badge(text: object, colour: str) -> Markup:
    """A small coloured label (``colour`` is one of the constants above)."""
    style = (
        f"display:inline-block;padding:0 6px;border-radius:10px;color:#ffffff;background:{colour};"
        "font-size:12px;font-weight:600"
    )
    return el("span", text, style=style)


def label(vi: str, en: str) -> Markup:
    """A bilingual label: Vietnamese, then English in small grey type."""
    return Markup(esc(vi) + el("span", f" / {en}", style=_EN))


def mono(value: object) -> Markup:
    return el("code", value, style=_MONO)


def muted(value: object) -> Markup:
    return el("span", value, style=f"color:{MUTED}")


def lines(values: Iterable[object]) -> Markup:
    """Values one per line."""
    return Markup(Markup("<br>").join(esc(v) for v in values))


def card(title: object, rows: Sequence[tuple[Markup, object]], *parts: object) -> Markup:
    """A bordered box: a title, a two-column table of (label, value), then ``parts``.

    Rows whose value is ``None``, ``""`` or empty are left out.
    """
    body = [
        el("tr", el("th", name, style=_LABEL), el("td", value, style=_TD))
        for name, value in rows
        if value not in (None, "", (), [])
    ]
    table = el("table", *body, style=_TABLE) if body else None
    return el("div", el("div", title, style=_HEAD), table, *parts, style=_BOX)


def grid(headers: Sequence[Markup | str], rows: Iterable[Sequence[object]]) -> Markup:
    """A table with a header row."""
    head = el("tr", *(el("th", h, style=_TH) for h in headers))
    body = [el("tr", *(el("td", c, style=_TD) for c in row)) for row in rows]
    return el("table", el("thead", head), el("tbody", *body), style=_TABLE)


def section(title: object, *content: object, open_: bool = True) -> Markup:
    """A collapsible section (``<details>``), open by default."""
    tag = "details open" if open_ else "details"
    inner = el("summary", title, style=_SUMMARY) + "".join(esc(c) for c in content)
    return Markup(f"<{tag}>{inner}</details>")


__all__ = [
    "BAD",
    "GOOD",
    "INFO",
    "MUTED",
    "SEVERITY_COLOUR",
    "STATUS_COLOUR",
    "TIER_COLOUR",
    "VERDICT_COLOUR",
    "WARN",
    "Markup",
    "badge",
    "card",
    "el",
    "esc",
    "grid",
    "human_size",
    "join",
    "label",
    "lines",
    "mono",
    "muted",
    "plain",
    "section",
    "visible",
]
