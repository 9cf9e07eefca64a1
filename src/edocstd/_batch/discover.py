"""Finding the packages in folders: ``*.edxml`` by name, ``*.xml`` by content (an edXML root).

Folders are searched recursively, in a stable (sorted) order.  A file named on the command line
or in a list is always taken, whatever its name: the user chose it.  A ``.xml`` file found in a
folder is taken only when its first element is ``edXML`` (any prefix): archives hold other XML
(exports, configuration) that is not ours to judge.  Only the first bytes are read, never parsed
as a tree, so a folder of large or hostile files costs little.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

import attrs

PACKAGE_SUFFIX = ".edxml"
XML_SUFFIX = ".xml"
SNIFF_BYTES = 64 * 1024
"""How much of a ``.xml`` file is read to find its root element (the prolog may hold comments)."""

# The root's start tag, once the prolog (declaration, comments, processing instructions, blanks)
# is skipped.  A DOCTYPE is not skipped: we never take such a file for a package.
_ROOT_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?edXML[\s>/]")
_BLANKS = b" \t\r\n"
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


@attrs.frozen
class Found:
    """What a search found: the package files, in order, and the paths that could not be used."""

    files: tuple[Path, ...]
    problems: tuple[str, ...] = ()


def has_edxml_root(head: bytes) -> bool:
    """Whether ``head`` (the first bytes of a file) starts an XML document whose root is edXML."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            if encoding != "utf-8":  # re-encode UTF-16 so one scanner serves every file
                head = head.decode(encoding, "ignore").encode("utf-8")
            break
    start = _skip_prolog(head)
    return start is not None and _ROOT_TAG.match(head, start) is not None


def _skip_prolog(head: bytes) -> int | None:
    """Index of the first byte after the prolog, or None if the prolog does not end in ``head``.

    A loop, not a regular expression: comments and processing instructions that could swallow
    each other make a backtracking pattern exponential on hostile input; this is linear.
    """
    i, n = 0, len(head)
    while i < n:
        if head[i] in _BLANKS:
            i += 1
        elif head.startswith(b"<?", i):
            end = head.find(b"?>", i + 2)
            if end < 0:
                return None
            i = end + 2
        elif head.startswith(b"<!--", i):
            end = head.find(b"-->", i + 4)
            if end < 0:
                return None
            i = end + 3
        else:
            return i
    return None


def _sniff(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return has_edxml_root(f.read(SNIFF_BYTES))
    except OSError:
        return False


def _in_folder(folder: Path) -> list[Path]:
    chosen: list[Path] = []
    for root, dirs, names in os.walk(folder):  # no symlinked folders: no loops, no escapes
        dirs.sort()
        for name in sorted(names):
            path = Path(root, name)
            suffix = path.suffix.lower()
            if not path.is_file():
                continue
            if suffix == PACKAGE_SUFFIX or (suffix == XML_SUFFIX and _sniff(path)):
                chosen.append(path)
    return chosen


def scan(paths: Iterable[str | os.PathLike[str]]) -> Found:
    """Expand files and folders into package files; missing paths become ``problems``."""
    files: list[Path] = []
    problems: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(_in_folder(path))
        elif path.is_file():
            files.append(path)
        elif path.exists():
            problems.append(f"{name}: not a regular file")
        else:
            problems.append(f"{name}: no such file or directory")
    return Found(tuple(files), tuple(problems))


__all__ = ["PACKAGE_SUFFIX", "SNIFF_BYTES", "Found", "has_edxml_root", "scan"]
