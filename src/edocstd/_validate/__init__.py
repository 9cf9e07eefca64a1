"""Validation of edXML packages: XML Schemas (tolerant and strict flavours) and business rules.

``validate(source, ...) -> Report`` runs the tiers well-formed → schema → rules →
identifiers/code lists → signature; ``catalogue.RULES`` lists every rule id.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .catalogue import PROFILES, RULES, TIERS, Rule
    from .report import Report, TierResult
    from .validator import validate

# Imported when first used: the reader needs only ``schemas`` from this package.
_LAZY = {
    **dict.fromkeys(("PROFILES", "RULES", "TIERS", "Rule"), ".catalogue"),
    **dict.fromkeys(("Report", "TierResult"), ".report"),
    "validate": ".validator",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = ["PROFILES", "RULES", "TIERS", "Report", "Rule", "TierResult", "validate"]
