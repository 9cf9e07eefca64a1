"""The business-rule and identifier checks over the typed model (tiers "rules" and
"identifiers").  Each check emits findings of the catalogue's rules, named where the catalogue
declares them (``ATT_009``); nothing here raises for bad content.

Modules: :mod:`.paths` (finding paths and source lines), :mod:`.checker` (the collector and
the checks families share), :mod:`.edoc` (header, dates, flows, status packages),
:mod:`.attachments` (manifest, payloads; base64 in :mod:`.base64`), :mod:`.identifiers`
(agency identifiers and code lists).
"""

from __future__ import annotations

from .base64 import Base64Problem, base64_size
from .checker import Checker
from .edoc import check_edoc, check_status
from .identifiers import check_identifiers
from .paths import HEADER, LineMap, header_name, line_map, normalise, strip_indexes

__all__ = [
    "HEADER",
    "Base64Problem",
    "Checker",
    "LineMap",
    "base64_size",
    "check_edoc",
    "check_identifiers",
    "check_status",
    "header_name",
    "line_map",
    "normalise",
    "strip_indexes",
]
