"""Bounds on checking the documents inside a package, and the missing-extra error (no I/O,
nothing from pyHanko: importing this costs nothing)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from .._errors import BuildError, EdocError
from .._record import Record

INSTALL_HINT = "PDF support is not installed: pip install 'edocstd[pdf]'"


class PdfSupportMissing(EdocError):
    """pyHanko is not installed: ``pip install 'edocstd[pdf]'``."""

    kind_vi = "Chưa cài hỗ trợ PDF"

    def __init__(self, message: str = INSTALL_HINT) -> None:
        super().__init__(message, message_vi="chưa cài hỗ trợ PDF: pip install 'edocstd[pdf]'")


def _positive_finite(
    kind: type | tuple[type, ...],
) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        good = isinstance(value, kind) and not isinstance(value, bool)
        if not good or not (0 < value < float("inf")):
            raise BuildError(
                f"must be a positive finite number, not {value!r}",
                path=f"DocumentLimits.{attribute.name}",
                message_vi=f"DocumentLimits.{attribute.name} phải là số dương hữu hạn, "
                f"không phải {value!r}",
            )

    return check


@attrs.frozen(kw_only=True, eq=False, repr=False)
class DocumentLimits(Record):
    """Bounds on checking the documents inside a package.

    ``timeout``: seconds one PDF may take; ``memory``: address space of the checking process
    (bytes); ``max_document_bytes``: larger documents are not checked (a finding says so);
    ``max_signatures``: signatures examined per PDF; ``max_revisions``: a PDF with more
    incremental updates is not checked (pyHanko's difference analysis grows faster than
    their number); ``package_timeout``: seconds all the PDFs of one package may take
    together (the ones left then are not checked, a finding says so).  Each must be positive
    and finite (:class:`edocstd.BuildError` otherwise).
    """

    timeout: float = attrs.field(default=60.0, validator=_positive_finite((int, float)))
    memory: int = attrs.field(default=1024 * 1024 * 1024, validator=_positive_finite(int))
    max_document_bytes: int = attrs.field(
        default=512 * 1024 * 1024, validator=_positive_finite(int)
    )
    max_signatures: int = attrs.field(default=20, validator=_positive_finite(int))
    max_revisions: int = attrs.field(default=500, validator=_positive_finite(int))
    package_timeout: float = attrs.field(default=300.0, validator=_positive_finite((int, float)))


DEFAULT_DOCUMENT_LIMITS = DocumentLimits()


__all__ = ["DEFAULT_DOCUMENT_LIMITS", "INSTALL_HINT", "DocumentLimits", "PdfSupportMissing"]
