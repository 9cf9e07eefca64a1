"""The two kinds of package: ``Edoc`` (a document) and ``StatusPackage`` (a status reply)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from .._errors import BuildError
from .._findings import Finding
from .._record import Record
from .attachment import Attachment, Manifest
from .base import EXTRAS, UnknownElement
from .header import MessageHeader
from .hooks import dict_format
from .signature import SignatureBlock
from .status import StatusHeader
from .trace import TraceHeaderList

if TYPE_CHECKING:
    from .codes import BussinessDocType, StatusCode


def _typed(cls: type, path: str) -> Any:
    def check(_inst: object, _attr: object, value: object) -> None:
        if value is not None and not isinstance(value, cls):
            raise BuildError(f"expected {cls.__name__}, got {type(value).__name__}", path=path)

    return check


def _attachments(value: Any) -> tuple[Attachment, ...]:
    items = tuple(value or ())
    for item in items:
        if not isinstance(item, Attachment):
            raise BuildError(
                f"expected Attachment, got {type(item).__name__}", path="AttachmentEncoded"
            )
    return items


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


# Equality and hashing: Record's, by the fields with eq (not the findings, not how it was read)
@attrs.frozen(kw_only=True, eq=False)
class _Package(Record):
    signature: SignatureBlock | None = attrs.field(
        default=None, validator=_typed(SignatureBlock, "edXMLHeader.Signature")
    )
    extras: tuple[UnknownElement, ...] = attrs.field(
        default=(),
        converter=EXTRAS,  # type: ignore[misc]  # mypy's attrs plugin knows no Converter
        repr=False,
    )
    """Unknown elements outside the modelled blocks; ``UnknownElement.tag`` is the element, and
    ``wrapper`` says where it sat (see ``placed_extras``)."""
    extra_places: tuple[str, ...] = attrs.field(default=(), converter=_strings, repr=False)
    """For each of ``extras``, the local name of the element that held it
    (``edXML``, ``edXMLEnvelope``, ``edXMLHeader``, ``edXMLBody``, ``AttachmentEncoded``)."""
    findings: tuple[Finding, ...] = attrs.field(
        default=(), converter=_findings, eq=False, repr=False
    )
    """Deviations the reader noticed (empty for a package you built)."""

    def extras_in(self, place: str) -> list[UnknownElement]:
        return [e for e, p in zip(self.extras, self.extra_places, strict=False) if p == place]

    def to_dict(self) -> dict[str, Any]:
        """The package as a JSON-ready dictionary keyed by element names, in the shape
        :func:`edocstd.to_dict_schema` describes; ``from_dict`` reads it back."""
        return dict_format().to_dict(self)

    def _repr_html_(self) -> str:
        """The package as a card in a notebook (Jupyter calls this)."""
        from .._views import render_html

        return render_html("edoc" if isinstance(self, Edoc) else "status", self)

    def __repr__(self) -> str:
        from .._views import render_text

        return render_text("edoc" if isinstance(self, Edoc) else "status", self)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Edoc(_Package):
    """An edoc package: a document with its metadata, trace, business operation and files."""

    header: MessageHeader = attrs.field(validator=_typed(MessageHeader, "MessageHeader"))
    trace_header_list: TraceHeaderList | None = attrs.field(
        default=None, validator=_typed(TraceHeaderList, "TraceHeaderList")
    )
    manifest: Manifest | None = attrs.field(
        default=None, validator=_typed(Manifest, "edXMLManifest")
    )
    attachments: tuple[Attachment, ...] = attrs.field(default=(), converter=_attachments)

    kind = "edoc"

    @property
    def business_type(self) -> BussinessDocType | None:
        """The business operation (0 new … 3 replace), when readable."""
        from .codes import BussinessDocType

        b = self.trace_header_list.bussiness if self.trace_header_list else None
        value = b.bussiness_doc_type if b else None
        return value if isinstance(value, BussinessDocType) else None

    def with_attachments(self, *attachments: Attachment) -> Edoc:
        """A copy with the attachments added, each with its manifest ``Reference``."""
        manifest = self.manifest or Manifest()
        return attrs.evolve(
            self,
            attachments=self.attachments + attachments,
            manifest=attrs.evolve(
                manifest, references=manifest.references + tuple(a.reference() for a in attachments)
            ),
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, strict: bool = False) -> Edoc:
        """The inverse of ``to_dict`` (tolerant like ``load``; ``strict=True`` raises instead)."""
        pkg = dict_format().from_dict(data, strict=strict)
        if not isinstance(pkg, Edoc):
            raise BuildError("the dictionary describes a status package, not an edoc")
        return pkg


@attrs.frozen(kw_only=True, eq=False, repr=False)
class StatusPackage(_Package):
    """A status package: an agency reports what happened to a document."""

    header: StatusHeader = attrs.field(validator=_typed(StatusHeader, "MessageHeader"))

    kind = "status"

    @property
    def status_code(self) -> StatusCode | None:
        """The package's ``StatusCode`` (a ``Raw`` string when not in the list)."""
        from .codes import StatusCode

        value = self.header.status_code
        return value if isinstance(value, StatusCode) else None

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, strict: bool = False) -> StatusPackage:
        """A status package from the ``to_dict`` form, read with the same checks as ``load``."""
        pkg = dict_format().from_dict(data, strict=strict)
        if not isinstance(pkg, StatusPackage):
            raise BuildError("the dictionary describes an edoc, not a status package")
        return pkg


Package = Edoc | StatusPackage

__all__ = ["Edoc", "Package", "StatusPackage"]
