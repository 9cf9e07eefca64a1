"""Nothing from a package or a certificate reaches a terminal raw.

One helper, :func:`terminal_safe`, and the stream wrapper the CLI puts around stdout and stderr
(so every command's output goes through it, whichever command prints package text)."""

from __future__ import annotations

import re
from typing import Any, TextIO

# What a terminal would obey instead of showing: C0 controls but tab and newline (ESC starts
# colour, cursor and title sequences; CR rewrites the line), DEL and C1 controls (U+009B is a
# one-character CSI), bidirectional overrides, embeddings, isolates and marks (a name that
# reads backwards), zero-width characters, line/paragraph separators and the BOM.
_TERMINAL_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)


def terminal_safe(text: str) -> str:
    """``text`` with every character a terminal would obey written as a visible ``\\uXXXX``
    (also valid inside JSON strings: ``--json`` output still parses to the same text)."""
    return _TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class TerminalSafe:
    """A text stream passing everything written through :func:`terminal_safe`; binary output
    (``.buffer``) and every other attribute are the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(terminal_safe(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


__all__ = ["TerminalSafe", "terminal_safe"]
