"""What the documentation generators share: write the page, or check it is up to date."""

from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(out: Path, text: str, command: str) -> int:
    """Write ``text`` to ``out``; with ``--check`` on the command line, only compare (exit 1
    when the file is missing or differs, telling which ``command`` regenerates it)."""
    if "--check" in sys.argv:
        if not out.exists() or out.read_text(encoding="utf-8") != text:
            print(f"{out.relative_to(out.parents[1])} is out of date: run {command}")
            return 1
        return 0
    out.write_text(text, encoding="utf-8")
    return 0
