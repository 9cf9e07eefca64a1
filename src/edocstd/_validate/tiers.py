"""The tiers after reading, each a function that returns a :class:`Tier`: the schema, the
business rules and identifiers (with the reader's findings they replace), the signature.  The
documents tier is in :mod:`.documents`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Generic, TypeVar

import attrs
from lxml import etree

from .._errors import EdocError
from .._findings import Finding
from .._log import log
from .._model.package import Edoc, StatusPackage
from .._namespaces import EDXML_NS
from .._types import PackageSource, ValidationProfile
from .catalogue import SUPERSEDES, reader_severity
from .catalogue.identifiers import SIG_001, SIG_002, SIG_003
from .catalogue.readable import XSD_001, XSD_002
from .rules import HEADER, Checker, check_edoc, check_identifiers, check_status, header_name
from .rules import strip_indexes as _strip

if TYPE_CHECKING:
    from .._sign.policy import Policy
    from .._sign.trust import TrustSource
    from .._sign.verifier import VerifyResult

T = TypeVar("T")

_MAX_SCHEMA_FINDINGS = 100
_NO_TRUST = "no trust anchors given"
_GATEWAY = "read.gateway-variant"
_STRICT_SCHEMA = "read.strict-schema"


@attrs.frozen
class Tier(Generic[T]):
    """What one tier gives: its findings, or why it did not run (``skipped``); ``outcome``:
    what the signature or documents tier checked (a ``VerifyResult``, ``DocumentCheck``\\ s)."""

    findings: tuple[Finding, ...] = ()
    skipped: str | None = None
    outcome: T | None = None


_PASSED: Tier[None] = Tier()
_UNTRUSTED: Tier[VerifyResult] = Tier(skipped=_NO_TRUST)


@attrs.frozen(kw_only=True)
class RuleOptions:
    """What the rule tiers need besides the package: the day "today" is and the size limits."""

    profile: ValidationProfile
    today: dt.date
    max_attachment_bytes: int | None = None
    max_total_attachment_bytes: int | None = None


def schema_tier(
    package: Edoc | StatusPackage,
    tree: etree._Element | None,
    passed_strict: bool,
    profile: ValidationProfile,
    lines: Mapping[str, int],
) -> Tier[None]:
    """The schema tier on ``tree`` (or on what the writer makes of ``package`` when there is
    no tree).  ``passed_strict``: the reader found ``tree`` valid under the strict schema of its
    kind, so it is valid under this one too (the strict flavour accepts a subset of what the
    tolerant one does: ``tests/xml/test_schemas.py`` checks it), and it is not checked again."""
    if any(f.rule == _GATEWAY for f in package.findings):
        # Not edXML of QCVN 102 (spec §10): one finding says so, not a stream of schema errors.
        return Tier(skipped=f"a gateway's own variant, not edXML of QCVN 102 ({_GATEWAY})")
    if tree is None:
        from .._xml.writer import build_tree

        try:
            return _schema(package.kind, build_tree(package)[0], profile, lines, False)
        except EdocError as exc:
            return Tier(skipped=f"the package cannot be written as XML: {exc}")
    return _schema(package.kind, tree, profile, lines, passed_strict)


def _schema(
    kind: str,
    tree: etree._Element,
    profile: ValidationProfile,
    lines: Mapping[str, int],
    passed_strict: bool,
) -> Tier[None]:
    from .._xml.schemas import load_schema

    name = kind + ("-strict" if profile == "strict" else "")
    try:
        schema = load_schema(name)
    except EdocError as exc:
        log.warning("the schema tier is skipped: the schema %r is not available: %s", name, exc)
        return Tier(skipped=f"the schema is not available: {exc}")
    if passed_strict or schema.validate(tree):
        return _PASSED
    by_line: dict[int, str] = {}
    for path, line in lines.items():
        by_line.setdefault(line, path)
    out: list[Finding] = []
    errors = list(schema.error_log)
    for entry in errors[:_MAX_SCHEMA_FINDINGS]:
        where = entry.line or None
        at = by_line.get(where) if where is not None else None
        message = entry.message.replace(f"{{{EDXML_NS}}}", "")
        out.append(XSD_001.finding(profile, path=at, line=where, value=message))
    if len(errors) > _MAX_SCHEMA_FINDINGS:
        out.append(XSD_002.finding(profile, count=len(errors) - _MAX_SCHEMA_FINDINGS))
    return Tier(tuple(out))


def rule_tiers(
    package: Edoc | StatusPackage,
    tree: etree._Element | None,
    lines: Mapping[str, int],
    options: RuleOptions,
) -> tuple[Finding, ...]:
    """The findings of the "rules" and "identifiers" tiers."""
    checker = Checker(
        options.profile,
        lines=lines,
        today=options.today,
        max_attachment_bytes=options.max_attachment_bytes,
        max_total_attachment_bytes=options.max_total_attachment_bytes,
        header_name=header_name(tree),
    )
    if isinstance(package, Edoc):
        check_edoc(package, checker)
    else:
        check_status(package, checker)
    check_identifiers(package, checker)
    return tuple(checker.findings)


def reader_findings(
    package: Edoc | StatusPackage,
    profile: ValidationProfile,
    ours: tuple[Finding, ...],
    schema_ran: bool,
) -> tuple[Finding, ...]:
    """The reader's findings with their severity under ``profile``, less those a rule finding
    in ``ours`` replaces at the same path (``SUPERSEDES``) and, when the strict schema ran,
    the reader's own strict-schema note (the schema tier lists every difference)."""
    replaced = {(old, _strip(f.path)) for f in ours if f.path for old in SUPERSEDES.get(f.rule, ())}
    drop_strict = profile == "strict" and schema_ran
    return tuple(
        attrs.evolve(f, severity=reader_severity(f.rule, f.severity, profile))
        for f in package.findings
        if (f.rule, _strip(f.path or "")) not in replaced
        and not (drop_strict and f.rule == _STRICT_SCHEMA)
    )


def signature_tier(
    source: PackageSource,
    trust: TrustSource | None,
    policy: Policy | None,
    profile: ValidationProfile,
) -> Tier[VerifyResult]:
    """The signature tier: :func:`edocstd.verify` on ``source`` when ``trust`` or ``policy``
    is given, its verdict and warnings as findings."""
    if trust is None and policy is None:
        return _UNTRUSTED
    try:
        from .._sign.verifier import verify
    except ImportError as exc:  # pragma: no cover - signing support is part of the package
        return Tier(skipped=f"signature support is not available: {exc}")
    result = verify(source, trust=trust, policy=policy)
    path = f"{HEADER}/Signature"
    out: list[Finding] = []
    if result.verdict != "valid":
        rule = SIG_001 if result.verdict == "invalid" else SIG_002
        out.append(rule.finding(profile, path=path, value=result.reason, detail=result.message))
    out += [SIG_003.finding(profile, path=path, value=w) for w in result.warnings]
    return Tier(tuple(out), outcome=result)


__all__ = [
    "RuleOptions",
    "Tier",
    "reader_findings",
    "rule_tiers",
    "schema_tier",
    "signature_tier",
]
