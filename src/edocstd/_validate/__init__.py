"""Validation of edXML packages: XML Schemas (tolerant and strict flavours) and business rules.

``validate(source, ...) -> Report`` runs the tiers well-formed → schema → rules →
identifiers/code lists → signature; ``catalogue.RULES`` lists every rule id.
"""

from __future__ import annotations

from .catalogue import PROFILES, RULES, TIERS, Rule
from .report import Report, TierResult
from .validator import validate

__all__ = ["PROFILES", "RULES", "TIERS", "Report", "Rule", "TierResult", "validate"]
