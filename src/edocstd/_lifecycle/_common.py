"""Small helpers shared by the builders, the replies and the tracker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

import attrs

from .._errors import BuildError
from .._ids import OrganId
from .._model.base import Node
from .._model.header import Organization, SignerInfo
from .._model.package import Edoc
from .._model.trace import StaffInfo
from .._model.values import Raw

N = TypeVar("N")


def make(cls: Callable[..., N], **fields: Any) -> N:
    """Build a model object.  The model classes validate and convert every field when built
    (``BuildError`` naming it); going through here keeps the type checker out of their
    converter-typed signatures."""
    return cls(**fields)


def evolve(inst: N, **changes: Any) -> N:
    """``attrs.evolve`` (see :func:`make`)."""
    return cast(N, cast(Any, attrs.evolve)(inst, **changes))


def _keyword_keys(cls: type[Node]) -> dict[str, str]:
    """Keys accepted for a ``cls`` given as a mapping: each field's snake_case name or its
    edXML element name (both read from the model's field metadata), mapped to the field."""
    keys: dict[str, str] = {}
    for spec in cls.element_specs():
        keys[spec.attr] = spec.attr
        keys[spec.xml] = spec.attr
    return keys


_ORG_KEYS = _keyword_keys(Organization)
_SIGNER_KEYS = _keyword_keys(SignerInfo)
_STAFF_KEYS = _keyword_keys(StaffInfo)


def _from_mapping(value: Mapping[str, Any], keys: dict[str, str], path: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, item in value.items():
        name = keys.get(key)
        if name is None:
            raise BuildError(
                f"unknown key {key!r}", path=f"{path}.{key}", message_vi=f"khóa lạ {key!r}"
            )
        out[name] = item
    return out


def as_organization(value: object, path: str) -> Organization:
    """An ``Organization`` from itself, a mapping (snake_case or edXML names), an ``OrganId``
    or a plain identifier string."""
    if isinstance(value, Organization):
        org = value
    elif isinstance(value, OrganId):
        org = make(Organization, organ_id=value.value)
    elif isinstance(value, str):
        org = make(Organization, organ_id=value)
    elif isinstance(value, Mapping):
        org = make(Organization, **_from_mapping(value, _ORG_KEYS, path))
    else:
        raise BuildError(
            f"expected an Organization, a mapping or an OrganId, got {type(value).__name__}",
            path=path,
        )
    if not org.organ_id or not org.organ_id.strip():
        raise BuildError(
            "an agency needs its OrganId",
            path=f"{path}.OrganId",
            message_vi="cơ quan cần có mã định danh (OrganId)",
        )
    if org.organ_id != org.organ_id.strip():
        raise BuildError(
            f"OrganId has surrounding whitespace: {org.organ_id!r}",
            path=f"{path}.OrganId",
            message_vi=f"mã định danh có khoảng trắng ở đầu hoặc cuối: {org.organ_id!r}",
        )
    return org


def organ_id_of(value: object, path: str) -> str:
    """The OrganId of an ``Organization``, a mapping or a plain identifier."""
    org = as_organization(value, path)
    assert org.organ_id is not None
    return org.organ_id


def as_signer(value: object, path: str = "signer") -> SignerInfo:
    if isinstance(value, SignerInfo):
        return value
    if isinstance(value, Mapping):
        return make(SignerInfo, **_from_mapping(value, _SIGNER_KEYS, path))
    raise BuildError(
        f"expected SignerInfo or a mapping (competence, position, full_name), "
        f"got {type(value).__name__}",
        path=path,
    )


def as_staff(value: object, path: str = "staff") -> StaffInfo | None:
    if value is None or isinstance(value, StaffInfo):
        return value
    if isinstance(value, Mapping):
        return make(StaffInfo, **_from_mapping(value, _STAFF_KEYS, path))
    raise BuildError(f"expected StaffInfo or a mapping, got {type(value).__name__}", path=path)


def as_now(now: dt.datetime | None, path: str = "now") -> dt.datetime:
    """The moment to stamp: local time without zone, whole seconds (the edXML timestamp form)."""
    if now is None:
        return dt.datetime.now().replace(microsecond=0)
    if not isinstance(now, dt.datetime):
        raise BuildError(f"expected a datetime, got {type(now).__name__}", path=path)
    if now.tzinfo is not None:
        now = now.astimezone().replace(tzinfo=None)
    return now.replace(microsecond=0)


def require_text(value: object, path: str, max_len: int | None = None) -> str:
    if not isinstance(value, str):
        raise BuildError(
            f"expected text, got {type(value).__name__}",
            path=path,
            message_vi=f"cần một chuỗi văn bản, không phải {type(value).__name__}",
        )
    if not value.strip():
        raise BuildError("must not be empty", path=path, message_vi="không được để trống")
    if max_len is not None and len(value) > max_len:
        raise BuildError(
            f"at most {max_len} characters, got {len(value)}",
            path=path,
            message_vi=f"tối đa {max_len} ký tự, đang có {len(value)}",
        )
    return value


def document_id_of(edoc: Edoc, path: str = "original") -> str:
    """The package's own ``MessageHeader/DocumentId``, verbatim (BuildError when absent)."""
    value = edoc.header.document_id
    if value is None or not value.strip():
        raise BuildError(
            "the package has no DocumentId to refer to",
            path=f"{path}.MessageHeader.DocumentId",
            message_vi="gói tin không có mã văn bản (DocumentId) để tham chiếu",
        )
    return value


def code_text(edoc: Edoc) -> str | None:
    """``số/ký hiệu`` of a document, as written in ``ResponseFor/Code``."""
    code = edoc.header.code
    if code is None or (not code.code_number and not code.code_notation):
        return None
    return str(code)


def promulgation_date(edoc: Edoc) -> dt.date | Raw | None:
    info = edoc.header.promulgation_info
    return info.promulgation_date if info is not None else None


__all__ = [
    "as_now",
    "as_organization",
    "as_signer",
    "as_staff",
    "code_text",
    "document_id_of",
    "evolve",
    "make",
    "organ_id_of",
    "promulgation_date",
    "require_text",
]
