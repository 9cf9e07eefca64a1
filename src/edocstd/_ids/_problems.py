"""The warnings shared by both kinds of identifier: :class:`IdProblem` and its stable codes.

An identifier that deviates from QCVN 102 is still kept verbatim; each deviation becomes an
:class:`IdProblem` (a warning, never an exception).  :data:`PROBLEM_CODES` lists every code
the organisation and document analyses can report, so programs can rely on them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

import attrs


@attrs.frozen
class IdProblem:
    """One deviation of an identifier from QCVN 102, as a warning (never an exception).

    ``code`` is stable and meant for programs (see :data:`PROBLEM_CODES`); the two messages
    are for people and may change wording between releases.
    """

    code: str
    """Stable identifier of the problem, e.g. ``"ORGANID_NOT_4_LEVELS"``."""
    message_en: str
    """Short explanation in English, naming the offending part."""
    message_vi: str
    """Short explanation in Vietnamese, naming the offending part."""

    def __str__(self) -> str:
        return f"{self.code}: {self.message_en}"


PROBLEM_CODES: Mapping[str, str] = MappingProxyType(
    {
        "ORGANID_SURROUNDING_SPACE": "The agency identifier has leading or trailing whitespace.",
        "ORGANID_UNEXPECTED_CHARS": (
            "The agency identifier contains characters other than ASCII letters, digits and dots."
        ),
        "ORGANID_NOT_4_LEVELS": (
            "The agency identifier does not have exactly 4 dot-separated levels (LLL.KK.JJ.Xnn)."
        ),
        "ORGANID_EMPTY_LEVEL": "A level is empty (two dots in a row, or a dot at the start/end).",
        "ORGANID_BAD_LEVEL1": "Level 1 (the last part) is not one letter followed by two digits.",
        "ORGANID_BAD_LOWER_LEVEL": (
            "Level 2 or 3 is not two ASCII digits, or level 4 is not three ASCII digits."
        ),
        "ORGANID_UNKNOWN_GROUP": "The level-1 letter is not one of the known groups A-K.",
        "ORGANID_LOWERCASE": "The agency identifier contains lower-case letters.",
        "ORGANID_LEGACY_LENGTH": (
            "Longer than 13 characters: allowed since SĐ1:2022 (max 35) but systems built for "
            "the original fixed 13-character form may reject or truncate it."
        ),
        "DOCID_EXTRA_SPACE": "Whitespace around the document identifier or one of its parts.",
        "DOCID_CONTROL_CHARS": "The document identifier contains control characters.",
        "DOCID_NONSTANDARD_FORM": (
            "Neither the SDK form 'issuer,yyyy/MM/dd,number/notation' nor a UUID "
            "(the 'issuer,year,number' form also gets this warning)."
        ),
        "DOCID_IMPOSSIBLE_DATE": "The date part is date-shaped but not a real calendar date.",
        "DOCID_DATE_FORMAT": "The date part is a real date but not written yyyy/MM/dd.",
        "DOCID_BAD_ORGANID": "The issuer part cannot be an agency identifier at all.",
        "DOCID_ORGANID_PROBLEMS": "The issuer identifier has problems of its own (see organ_id).",
        "DOCID_MISSING_NOTATION": "No '/' separates the document number from the notation.",
        "DOCID_EMPTY_PART": "The document number or the notation is empty.",
        "DOCID_AMBIGUOUS_COMMA": (
            "The number/notation part contains a comma, so tools that split on every comma "
            "will misread the identifier."
        ),
    }
)
"""Every problem code this module can report, with its meaning in English."""


def problem(code: str, en: str, vi: str) -> IdProblem:
    assert code in PROBLEM_CODES, code
    return IdProblem(code, en, vi)


def control_chars(text: str) -> list[str]:
    """The control characters (Unicode category Cc) in ``text``, in order."""
    return [c for c in text if unicodedata.category(c) == "Cc"]


__all__ = ["PROBLEM_CODES", "IdProblem", "control_chars", "problem"]
