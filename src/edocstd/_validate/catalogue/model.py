"""What a rule is (:class:`Rule`), how a family of rules is declared (:class:`Family`), the
profiles and the tiers."""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

import attrs

from ..._findings import Finding, Severity
from ..._types import ValidationProfile
from .reasons import WHY

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

PROFILES: tuple[ValidationProfile, ...] = ("vdxp", "strict", "lenient")
"""``vdxp``: what the national axis needs (the default); ``strict``: exactly what the official
SDK writes; ``lenient``: only what makes a package unusable is an error."""

TIERS: tuple[str, ...] = ("well-formed", "schema", "rules", "identifiers", "signature", "documents")
"""The validation tiers, in the order they run."""


@attrs.frozen(kw_only=True)
class Rule:
    """One rule of the catalogue.

    ``severity`` applies under the ``vdxp`` profile; ``strict`` and ``lenient`` override it
    for those profiles (``None``: same as ``vdxp``).  ``limit`` marks an implementation limit
    (seen in other systems' validators, not confirmed in the regulation text).
    """

    id: str
    tier: str
    severity: Severity
    title_en: str
    title_vi: str
    message_en: str
    message_vi: str
    doc: str = ""
    strict: Severity | None = None
    lenient: Severity | None = None
    limit: bool = False

    @property
    def why(self) -> str:
        """Why the rule has its severities under each profile (empty when nothing is noted)."""
        return WHY.get(self.id, "")

    def severity_for(self, profile: ValidationProfile) -> Severity:
        """The rule's severity under ``profile``."""
        if profile == "strict" and self.strict is not None:
            return self.strict
        if profile == "lenient" and self.lenient is not None:
            return self.lenient
        return self.severity

    def finding(
        self,
        profile: ValidationProfile,
        *,
        path: str | None = None,
        line: int | None = None,
        value: object = None,
        **params: Any,
    ) -> Finding:
        """A finding of this rule; ``{value}`` and ``params`` fill the message templates."""
        shown = None if value is None else str(value)
        fill = _Fill(params, value=_short(shown))
        formatter = string.Formatter()
        return Finding(
            rule=self.id,
            severity=self.severity_for(profile),
            message_en=formatter.vformat(self.message_en, (), fill),
            message_vi=formatter.vformat(self.message_vi, (), fill),
            path=path,
            line=line,
            value=shown,
        )


class _Fill(dict[str, Any]):
    def __init__(self, params: Mapping[str, Any], **extra: Any) -> None:
        super().__init__(params)
        self.update(extra)

    def __missing__(self, key: str) -> str:
        return ""


def _short(value: str | None, limit: int = 80) -> str:
    if value is None:
        return ""
    return value if len(value) <= limit else value[: limit - 1] + "…"


class Family:
    """The rules of one family (one module of this package), declared in catalogue order:
    ``ATT_001 = _rule("EDX-ATT-001", ...)`` names a rule once; checks refer to the name."""

    def __init__(self) -> None:
        self._rules: list[Rule] = []

    def __call__(
        self,
        id: str,
        tier: str,
        severity: Severity,
        title: tuple[str, str],
        message: tuple[str, str],
        doc: str = "",
        *,
        strict: Severity | None = None,
        lenient: Severity | None = None,
        limit: bool = False,
    ) -> Rule:
        rule = Rule(
            id=id,
            tier=tier,
            severity=severity,
            title_en=title[0],
            title_vi=title[1],
            message_en=message[0],
            message_vi=message[1],
            doc=doc,
            strict=strict,
            lenient=lenient,
            limit=limit,
        )
        self._rules.append(rule)
        return rule

    def declared(self) -> tuple[Rule, ...]:
        """The rules declared so far, in order."""
        return tuple(self._rules)


__all__ = ["INFO", "PROFILES", "TIERS", "E", "Family", "Rule", "Severity", "W"]
