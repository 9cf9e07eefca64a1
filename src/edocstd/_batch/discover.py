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
from collections.abc import Iterable, Iterator
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


MAX_DEPTH = 64
"""Deepest folder searched below a folder given (deeper is a problem, never a crash or a hang)."""

_PROBLEMS = {
    "missing": ("không có tệp hay thư mục này", "no such file or directory"),
    "not-a-file": ("không phải tệp thông thường", "not a regular file"),
    "unreadable": ("không đọc được", "cannot be read"),
    "too-deep": (
        f"thư mục lồng sâu quá {MAX_DEPTH} cấp, không tìm tiếp",
        f"folders nested deeper than {MAX_DEPTH} levels are not searched",
    ),
}


def printable_path(path: str | os.PathLike[str]) -> str:
    """A path as text that any terminal or JSON encoder takes: bytes that are not UTF-8 in a
    file name (kept by Python as lone surrogates) are shown as ``\\xNN`` escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


@attrs.frozen
class Problem:
    """A path that could not be searched or used; ``kind`` is a key of ``_PROBLEMS``."""

    path: str
    kind: str

    def message(self, lang: str = "en") -> str:
        vi, en = _PROBLEMS[self.kind]
        return f"{printable_path(self.path)}: {vi if lang == 'vi' else en}"

    def __str__(self) -> str:
        return self.message("en")


@attrs.frozen
class Found:
    """What a search found: the package files, in order, and the paths that could not be used."""

    files: tuple[Path, ...]
    problems: tuple[Problem, ...] = ()


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


def _is_package(entry: os.DirEntry[str]) -> bool | None:
    """Whether a folder entry is a package (by name, or by content for .xml); None: unreadable."""
    suffix = os.path.splitext(entry.name)[1].lower()
    if suffix not in (PACKAGE_SUFFIX, XML_SUFFIX):  # the name first: no stat, no open
        return False
    try:
        if not entry.is_file():
            return False
        if suffix == PACKAGE_SUFFIX:
            return True
        with open(entry.path, "rb") as f:
            return has_edxml_root(f.read(SNIFF_BYTES))
    except OSError:
        return None


def _entries(folder: str) -> list[os.DirEntry[str]] | None:
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError:
        return None


def _walk(folder: str) -> Iterator[Path | Problem]:
    """Packages below ``folder``, depth first in name order, with an explicit stack (no
    recursion limit to hit) and no symlinked folders followed (no loops, no escapes)."""
    stack: list[tuple[str, int]] = [(folder, 0)]
    while stack:
        current, depth = stack.pop()
        entries = _entries(current)
        if entries is None:
            yield Problem(current, "unreadable")
            continue
        subfolders: list[str] = []
        for entry in entries:
            if _is_dir(entry):
                subfolders.append(entry.path)
                continue
            verdict = _is_package(entry)
            if verdict is None:
                yield Problem(entry.path, "unreadable")
            elif verdict:
                yield Path(entry.path)
        for sub in reversed(subfolders):
            if depth + 1 > MAX_DEPTH:
                yield Problem(sub, "too-deep")
            else:
                stack.append((sub, depth + 1))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def path_kind(item: str | os.PathLike[str]) -> str:
    """``dir``, ``file``, ``other`` or ``missing``; a name the system refuses (too long, a NUL
    byte) is ``missing`` rather than an exception."""
    try:
        path = Path(item)
        if path.is_dir():
            return "dir"
        if path.is_file():
            return "file"
        return "other" if path.exists() else "missing"
    except (OSError, ValueError):
        return "missing"


def iter_packages(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Problem]:
    """Files as given, folders searched; a lazy stream, so a huge archive never sits in memory."""
    for name in paths:
        kind = path_kind(name)
        if kind == "dir":
            yield from _walk(os.fspath(name))
        elif kind == "file":
            yield Path(name)
        else:
            yield Problem(os.fspath(name), "not-a-file" if kind == "other" else "missing")


def scan(paths: Iterable[str | os.PathLike[str]]) -> Found:
    """Expand files and folders into package files; what could not be used becomes ``problems``."""
    files: list[Path] = []
    problems: list[Problem] = []
    for found in iter_packages(paths):
        if isinstance(found, Problem):
            problems.append(found)
        else:
            files.append(found)
    return Found(tuple(files), tuple(problems))


__all__ = [
    "MAX_DEPTH",
    "PACKAGE_SUFFIX",
    "SNIFF_BYTES",
    "Found",
    "Problem",
    "has_edxml_root",
    "iter_packages",
    "path_kind",
    "printable_path",
    "scan",
]
