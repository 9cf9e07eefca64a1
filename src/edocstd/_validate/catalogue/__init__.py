"""The rule catalogue: every finding id the validator emits, with severity per profile,
messages in Vietnamese and English, and a short description (``docs/rules.md`` is generated
from this package by ``tools/gen_rules_doc.py``).

Rule ids have the form ``EDX-<AREA>-<NNN>`` and never change meaning once released; a rule
that is withdrawn keeps its id reserved.  Each id is written once, where its rule is declared
(one module per family, below); the checks refer to the declared name (``ATT_009``), never to
the id text.  Areas:

``WF`` well-formed XML, ``XSD`` schema, ``REQ`` required elements, ``LEN`` field lengths
(implementation limits), ``DATE`` dates, ``CODE`` code lists, ``TO`` recipients, ``ATT``
manifest and attachments, ``FLOW`` business flows, ``STA`` status packages, ``DOCID``
document identifiers, ``ORG`` agency identifiers, ``SIG`` signature, ``PDF`` the signatures
on the documents inside (the documents tier).

Families: :mod:`.readable` (WF, XSD), :mod:`.header` (REQ, LEN, DATE), :mod:`.codes` (CODE,
TO), :mod:`.attachments` (ATT), :mod:`.flows` (FLOW, STA), :mod:`.identifiers` (DOCID, ORG,
SIG), :mod:`.documents` (PDF); why each rule has its severities is in :mod:`.reasons`.

The tolerant reader's own findings keep their ``read.*`` ids (``edocstd._xml.rules``); their
severity is adjusted per profile by :func:`reader_severity` (:mod:`.reader`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from . import attachments, codes, documents, flows, header, identifiers, readable
from .header import LENGTH_LIMITS, MISSING, REQUIRED
from .model import PROFILES, TIERS, Rule
from .reader import SUPERSEDES, reader_rules, reader_severity, reader_tier

_FAMILIES = (readable, header, codes, attachments, flows, identifiers, documents)

RULES: Mapping[str, Rule] = MappingProxyType(
    {rule.id: rule for family in _FAMILIES for rule in family.FAMILY}
)
"""Every rule, by id, in catalogue order."""


def tier_of(rule: str) -> str:
    """The tier a finding id belongs to."""
    known = RULES.get(rule)
    if known is not None:
        return known.tier
    if rule.startswith("read."):
        return reader_tier(rule)
    return "rules"


__all__ = [
    "LENGTH_LIMITS",
    "MISSING",
    "PROFILES",
    "REQUIRED",
    "RULES",
    "SUPERSEDES",
    "TIERS",
    "Rule",
    "reader_rules",
    "reader_severity",
    "tier_of",
]
