"""Files that are either complete on disk or absent: write to a hidden temporary file in the
same folder, fsync it, rename it into place, fsync the folder.  A crash at any point leaves at
worst a ``.part`` file, never a truncated package under its real name."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
# names Windows opens as devices, whatever the extension (``NUL.edxml`` is NUL)
_DEVICE = re.compile(r"(?i:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?")


def safe_doc_id(doc_id: str) -> bool:
    """A hub DocId usable as a file name (24-hex ObjectIds, GUIDs): no path, no dot-dot, no
    Windows device name."""
    return bool(_SAFE_ID.fullmatch(doc_id)) and ".." not in doc_id and not _DEVICE.fullmatch(doc_id)


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # pragma: no cover - Windows cannot open a folder
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_file(target: Path) -> Iterator[BinaryIO]:
    """Yield a file to write; on normal exit it becomes ``target`` durably, else vanishes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # a new file of a name no one else has (O_EXCL): never a link planted under the name, never
    # the .part of another thread or process downloading to the same target
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    part = Path(name)
    f = os.fdopen(fd, "wb")
    try:
        yield f
        f.flush()
        os.fsync(f.fileno())
        f.close()
        os.replace(part, target)
        fsync_dir(target.parent)
    finally:
        if not f.closed:
            f.close()
        with contextlib.suppress(FileNotFoundError):
            part.unlink()


__all__ = ["atomic_file", "fsync_dir", "safe_doc_id"]
