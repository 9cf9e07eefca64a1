"""The tolerant reader's own findings (``read.*`` ids, declared in ``edocstd._xml.rules``) in
a validation report: their tier, their severity per profile, and the validator rules that
replace them at the same path."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ..._findings import Severity
from ..._types import ValidationProfile
from ..._xml.rules import READER_RULES
from .codes import (
    CODE_001,
    CODE_002,
    CODE_003,
    CODE_004,
    CODE_005,
    CODE_007,
    CODE_008,
    CODE_009,
    CODE_010,
    CODE_011,
)
from .flows import STA_003, STA_004, STA_005
from .header import DATE_001, DATE_003, MISSING
from .model import E, W

_READER_TIER = {
    "read.comment": "well-formed",
    "read.no-envelope": "well-formed",
    "read.no-message-header": "well-formed",
    "read.gateway-variant": "well-formed",
    "read.date-impossible": "rules",
    "read.date-format": "rules",
    "read.unreadable-value": "rules",
    "read.empty-value": "rules",
    "read.signature-not-xmldsig": "rules",
    "read.code-list": "identifiers",
}
"""Tier of each reader finding; the others (order, namespaces, unknown elements…) are
structural and belong to the schema tier."""

_LENIENT_KEEP_ERROR: frozenset[str] = frozenset(
    {"read.no-envelope", "read.no-message-header", "read.gateway-variant"}
)
_STRICT_NOT_ERROR: dict[str, Severity] = {
    "read.comment": W,
    # The official SDK itself writes the signature without the XMLDSig namespace.
    "read.signature-not-xmldsig": W,
}


def reader_severity(rule: str, default: Severity, profile: ValidationProfile) -> Severity:
    """The severity of a reader finding under ``profile``.

    ``vdxp``: as the reader says.  ``strict``: every deviation from what the SDK writes is an
    error (``read.order`` included), except comments and the SDK's own signature placeholder
    (warnings).  ``lenient``: nothing the reader could read around is an error.
    """
    if profile == "strict":
        return _STRICT_NOT_ERROR.get(rule, E)
    if profile == "lenient" and default is E and rule not in _LENIENT_KEEP_ERROR:
        return W
    return default


def reader_tier(rule: str) -> str:
    """The tier of the reader finding ``rule``."""
    return _READER_TIER.get(rule, "schema")


def reader_rules() -> Mapping[str, tuple[Severity, str, str]]:
    """The reader's rule table (for the generated documentation)."""
    return READER_RULES


_CODE_LIST = frozenset({"read.code-list", "read.unreadable-value"})
_EMPTY = frozenset({"read.empty-value"})

SUPERSEDES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        DATE_001.id: frozenset({"read.date-impossible"}),
        DATE_003.id: frozenset({"read.unreadable-value", "read.date-impossible"}),
        STA_005.id: frozenset(
            {"read.unreadable-value", "read.date-impossible", "read.date-format"}
        ),
        **dict.fromkeys((r.id for r in (CODE_001, CODE_002, CODE_003, CODE_004)), _CODE_LIST),
        CODE_005.id: frozenset({"read.unreadable-value"}),
        **dict.fromkeys((r.id for r in (CODE_007, CODE_008, CODE_009, CODE_010)), _CODE_LIST),
        CODE_011.id: _CODE_LIST,
        MISSING["PromulgationInfo/PromulgationDate"].id: _EMPTY,
        MISSING["DocumentType/Type"].id: _EMPTY,
        STA_003.id: _EMPTY,
        STA_004.id: _EMPTY,
    }
)
"""Reader findings a validator rule replaces when both are at the same path (the validator's
finding is more specific; reporting both would count one problem twice)."""

__all__ = ["SUPERSEDES", "reader_rules", "reader_severity", "reader_tier"]
