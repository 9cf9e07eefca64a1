"""The public reading and writing calls (architecture section 1)."""

from __future__ import annotations

from ._errors import ParseError
from ._model.package import Edoc, StatusPackage
from ._types import Source
from ._xml import reader
from ._xml.parser import DEFAULT_LIMITS, Limits
from ._xml.writer import dump, dumps


def load(
    source: Source, *, strict: bool = False, limits: Limits = DEFAULT_LIMITS
) -> Edoc | StatusPackage:
    """Read a package from a path, ``bytes`` or a binary file; the kind is detected.

    ``strict=False`` accepts what real traffic carries and records each deviation in
    ``package.findings``; ``strict=True`` raises ``ParseError`` at the first one.
    Attachments are not decoded: they are read, in chunks, when you ask for them.
    """
    return reader.read_any(source, strict=strict, limits=limits).package


def loads(
    data: bytes | str, *, strict: bool = False, limits: Limits = DEFAULT_LIMITS
) -> Edoc | StatusPackage:
    """Read a package from ``bytes`` or ``str``."""
    if isinstance(data, str):
        return reader.read_text(data, strict=strict, limits=limits).package
    if isinstance(data, (bytes, bytearray, memoryview)):
        return reader.read_bytes(bytes(data), strict=strict, limits=limits).package
    raise ParseError(f"loads() takes bytes or str, not {type(data).__name__}")


__all__ = ["Source", "dump", "dumps", "load", "loads"]
