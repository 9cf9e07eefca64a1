"""Text from a package, a certificate or a file name, made safe to show: one rule for every view.

Package content is hostile input.  A terminal obeys some characters instead of showing them
(ESC and the one-character CSI U+009B start colour, cursor and title sequences; BEL rings; CR
rewrites the line), bidi overrides and isolates reorder what is read, and a line break inside a
value forges extra lines of a report.  :func:`printable` spells all of them out, the way Python
writes escapes (``\\x1b``, ``\\u202e``), and leaves every other character, Vietnamese included,
as it is.  The text views (``Report.summary``, the short reprs), the notebook cards and the
documents tier all go through it.
"""

from __future__ import annotations

import unicodedata

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
"""Unicode categories spelled out: controls (C0, C1, DEL, tab and line breaks too), format
characters (bidi, zero-width), lone surrogates, private use, unassigned, line/paragraph
separators."""


def spell_out(char: str) -> str:
    """One character as a visible escape: ``\\x1b``, ``\\u202e``, ``\\U000e0041``."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: object) -> str:
    """``text`` with every character of ``HIDDEN_CATEGORIES`` spelled out (one line, inert)."""
    text = str(text)
    if text.isprintable():  # the common case; non-ASCII spaces also land below and stay
        return text
    return "".join(
        spell_out(c) if unicodedata.category(c) in HIDDEN_CATEGORIES else c for c in text
    )


__all__ = ["HIDDEN_CATEGORIES", "printable", "spell_out"]
