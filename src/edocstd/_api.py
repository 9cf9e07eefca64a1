"""The public reading and writing calls (architecture section 1)."""

from __future__ import annotations

from typing import TypeVar

from ._errors import ParseError
from ._model.package import Edoc, StatusPackage
from ._types import Source
from ._xml import mapping as _mapping  # noqa: F401  (fills the model's to_dict / from_dict)
from ._xml import reader
from ._xml.parser import DEFAULT_LIMITS, Limits
from ._xml.writer import dump, dumps

P = TypeVar("P", Edoc, StatusPackage)


def load(
    source: Source, *, strict: bool = False, limits: Limits = DEFAULT_LIMITS
) -> Edoc | StatusPackage:
    """Read a package from a path, ``bytes`` or a binary file; the kind is detected.

    ``strict=False`` accepts what real traffic carries and records each deviation in
    ``package.findings``; ``strict=True`` raises ``ParseError`` at the first one.
    Attachments are not decoded: they are read, in chunks, when you ask for them.
    """
    return reader.read_any(source, strict=strict, limits=limits).package


def load_edoc(source: Source, *, strict: bool = False, limits: Limits = DEFAULT_LIMITS) -> Edoc:
    """:func:`load` when you expect a document: a status package is a ``ParseError``.

    Typed ``Edoc`` (not ``Edoc | StatusPackage``), so ``replace(load_edoc(path), ...)``
    type-checks without an ``isinstance``.
    """
    return _expect(load(source, strict=strict, limits=limits), Edoc)


def load_status(
    source: Source, *, strict: bool = False, limits: Limits = DEFAULT_LIMITS
) -> StatusPackage:
    """:func:`load` when you expect a status package: a document is a ``ParseError``."""
    return _expect(load(source, strict=strict, limits=limits), StatusPackage)


_KIND_VI = {"edoc": "văn bản (edoc)", "status": "gói tin trạng thái (status)"}


def _expect(pkg: Edoc | StatusPackage, kind: type[P]) -> P:
    if isinstance(pkg, kind):
        return pkg
    wanted = "edoc" if kind is Edoc else "status"
    raise ParseError(
        f"expected a {wanted} package, got a {pkg.kind} package",
        message_vi=f"cần {_KIND_VI[wanted]}, nhưng gói tin là {_KIND_VI[pkg.kind]}",
    )


def loads(
    data: bytes | str, *, strict: bool = False, limits: Limits = DEFAULT_LIMITS
) -> Edoc | StatusPackage:
    """Read a package from ``bytes`` or ``str``."""
    if isinstance(data, str):
        return reader.read_text(data, strict=strict, limits=limits).package
    if isinstance(data, (bytes, bytearray, memoryview)):
        return reader.read_bytes(bytes(data), strict=strict, limits=limits).package
    raise ParseError(f"loads() takes bytes or str, not {type(data).__name__}")


__all__ = ["Source", "dump", "dumps", "load", "load_edoc", "load_status", "loads"]
