"""Nothing from a package or a certificate reaches a terminal raw.

One helper, :func:`terminal_safe`, and the stream wrapper the CLI puts around stdout and stderr
(so every command's output goes through it, whichever command prints package text)."""

from __future__ import annotations

import os
import re
from typing import Any, TextIO

# What a terminal would obey instead of showing: C0 controls but tab and newline (ESC starts
# colour, cursor and title sequences; CR rewrites the line), DEL and C1 controls (U+009B is a
# one-character CSI), bidirectional overrides, embeddings, isolates and marks (a name that
# reads backwards), zero-width and other invisible format characters, line/paragraph
# separators, the BOM, and the Unicode "tag" characters that can smuggle hidden ASCII.
_TERMINAL_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def _spelled(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # as a UTF-16 surrogate pair: still a valid JSON escape
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


# The CLI's own colour sequences are written with this token in place of ESC and turned back
# into ESC after escaping: package text cannot contain it (it is chosen afresh per process).
ESC_TOKEN = "\ue000" + os.urandom(8).hex()  # os.urandom: `secrets` would import hashlib


def terminal_safe(text: str) -> str:
    """``text`` with every character a terminal would obey written as a visible ``\\uXXXX``
    (also valid inside JSON strings: ``--json`` output still parses to the same text)."""
    return _TERMINAL_UNSAFE.sub(_spelled, text)


class TerminalSafe:
    """A text stream passing everything written through :func:`terminal_safe`; binary output
    (``.buffer``) and every other attribute are the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(terminal_safe(text).replace(ESC_TOKEN, "\x1b"))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


__all__ = ["TerminalSafe", "terminal_safe"]
