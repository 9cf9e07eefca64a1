"""``validate``: the layered check of one package (architecture section 4).

Tiers, in order: well-formed XML → schema → business rules → identifiers and code lists →
signature (only when trust anchors or a policy are given).  Every problem becomes a finding;
nothing raises for bad content.  Only programming errors raise (an unknown profile, an
argument of the wrong type): ``BuildError``.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
from lxml import etree

from .._errors import BuildError, EdocError, LimitExceeded, ParseError
from .._findings import Finding, cap_repeats
from .._i18n import Lang
from .._log import log
from .._model.package import Edoc, StatusPackage
from .._namespaces import EDXML_NS
from .._types import PackageSource, ValidationProfile
from .._xml.parser import DEFAULT_LIMITS, Limits, hardened_parser
from .._xml.reader import read_any
from .catalogue import PROFILES, RULES, SUPERSEDES, TIERS, reader_severity, tier_of
from .report import Report, tier_results
from .rules import (
    HEADER,
    Checker,
    LineMap,
    check_edoc,
    check_identifiers,
    check_status,
    header_name,
)
from .rules import strip_indexes as _strip

if TYPE_CHECKING:
    from .._pdf.sandbox import DocumentLimits
    from .._sign.policy import Policy
    from .._sign.trust import TrustSource

_MAX_SCHEMA_FINDINGS = 100
_NOT_READ = "the package could not be read"
_NO_TRUST = "no trust anchors given"
_NO_DOCUMENTS = "not requested (documents=True, --documents)"
_NO_ATTACHED = "no documents attached"


def _check_arguments(
    profile: object, lang: object, limits: object, sizes: dict[str, object], now: object
) -> None:
    if profile not in PROFILES:
        raise BuildError(
            f"unknown profile {profile!r}; expected one of {', '.join(PROFILES)}", path="profile"
        )
    if lang not in ("vi", "en"):
        raise BuildError(f"unknown language {lang!r}; expected 'vi' or 'en'", path="lang")
    if limits is not None and not isinstance(limits, Limits):
        raise BuildError(
            f"limits must be an edocstd.Limits, not {type(limits).__name__}", path="limits"
        )
    for name, value in sizes.items():
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        ):
            raise BuildError(f"{name} must be a non-negative int or None, got {value!r}", path=name)
    if now is not None and not isinstance(now, dt.date):
        raise BuildError(f"now must be a date or datetime, not {type(now).__name__}", path="now")


def _refuse_many(source: object) -> None:
    """A folder or a list is many packages: that is ``validate_many``'s job."""
    many = isinstance(source, (list, tuple, set, frozenset)) or (
        isinstance(source, (str, os.PathLike)) and os.path.isdir(source)
    )
    if many:
        raise BuildError(
            "validate() checks one package; for a folder or a list of paths use "
            "edocstd.validate_many(edocstd.find_packages(paths)), which yields one Report each",
            path="source",
            message_vi="validate() kiểm tra một gói tin; với một thư mục hoặc danh sách đường dẫn "
            "hãy dùng edocstd.validate_many(edocstd.find_packages(paths)), mỗi gói tin một Report",
        )


def _label(source: object) -> str | None:
    if isinstance(source, (str, os.PathLike)):
        return os.fsdecode(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else None


def validate(
    source: PackageSource,
    *,
    profile: ValidationProfile = "vdxp",
    lang: Lang = "vi",
    trust: TrustSource | None = None,
    policy: Policy | None = None,
    limits: Limits | None = None,
    max_attachment_bytes: int | None = None,
    max_total_attachment_bytes: int | None = None,
    now: dt.date | dt.datetime | None = None,
    documents: bool = False,
    document_trust: TrustSource | None = None,
    document_limits: DocumentLimits | None = None,
) -> Report:
    """Validate a package; every problem is a finding of the returned :class:`Report`.

    ``source``: a path, ``bytes``, a binary file, or an ``Edoc``/``StatusPackage`` you already
    have (its well-formed tier is then skipped and the schema is checked on the tree the
    writer would produce).  ``profile``: ``"vdxp"`` (default: what the national axis needs),
    ``"strict"`` (exactly what the official SDK writes) or ``"lenient"`` (only what makes a
    package unusable is an error).  ``lang``: language of ``Report.summary`` and of
    ``message`` in ``to_dict`` (both languages are always kept).  ``trust``/``policy``: run
    the signature tier with :func:`edocstd.verify`; without them it is skipped.
    ``max_attachment_bytes``/``max_total_attachment_bytes``: size limits on decoded
    attachments.  ``now``: the day "today" is for date rules (default: the local date).
    ``documents``: also check the signatures on the PDFs inside (the ``documents`` tier;
    needs ``edocstd[pdf]``), against ``document_trust`` (default: ``trust`` and the
    ``policy``'s anchors); giving ``document_trust`` turns the tier on.
    ``document_limits``: an :class:`edocstd.DocumentLimits`.
    """
    _check_arguments(
        profile,
        lang,
        limits,
        {
            "max_attachment_bytes": max_attachment_bytes,
            "max_total_attachment_bytes": max_total_attachment_bytes,
        },
        now,
    )
    limits = limits or DEFAULT_LIMITS
    today = (
        (now.date() if isinstance(now, dt.datetime) else now)
        if now is not None
        else (dt.date.today())
    )
    check_signature = trust is not None or policy is not None
    label = _label(source)
    skipped: dict[str, str] = {}
    failed: dict[str, str] = {}
    findings: list[Finding] = []

    package: Edoc | StatusPackage
    tree: etree._Element | None
    strict_ok = False  # the tree passed the strict schema (so it passes every schema)
    if isinstance(source, (Edoc, StatusPackage)):
        package = source
        tree = None
        skipped["well-formed"] = "a package object was given: it was not read from XML here"
    else:
        _refuse_many(source)
        if not isinstance(source, (bytes, bytearray, memoryview, str, os.PathLike)) and not (
            hasattr(source, "read")
        ):
            raise BuildError(
                "validate() takes a path, bytes, a binary file, an Edoc or a StatusPackage, "
                f"not {type(source).__name__}",
                path="source",
            )
        if isinstance(source, io.TextIOBase):
            raise BuildError("the file must be opened in binary mode ('rb')", path="source")
        if check_signature and hasattr(source, "read"):
            source = source.read()  # read once: the reader and the verifier both need it
        try:
            loaded = read_any(source, strict=False, limits=limits)
        except ParseError as exc:  # LimitExceeded included
            rule = "EDX-WF-002" if isinstance(exc, LimitExceeded) else "EDX-WF-001"
            findings.append(_parse_error_finding(rule, profile, exc))
            return _unreadable(profile, lang, label, findings)
        except (EdocError, OSError, ValueError) as exc:
            findings.append(RULES["EDX-WF-001"].finding(profile, value=str(exc)))
            return _unreadable(profile, lang, label, findings)
        package = loaded.package
        tree = loaded.tree
        strict_ok = loaded.strict_schema_ok
        if isinstance(package, Edoc) and _looks_like_status(package):
            log.info("%s: no StatusCode, but a status package otherwise: read as one", label)
            package, tree, strict_ok = _as_status(tree, package, limits, strict_ok)

    # The reader's findings, with severity per profile.
    reader = [
        attrs.evolve(f, severity=reader_severity(f.rule, f.severity, profile))
        for f in package.findings
    ]

    # Schema tier.
    schema_tree = tree
    if schema_tree is None:
        from .._xml.writer import build_tree

        try:
            schema_tree = build_tree(package)[0]
        except EdocError as exc:
            skipped["schema"] = f"the package cannot be written as XML: {exc}"
    lines = LineMap(tree) if tree is not None else {}  # built if a finding needs a line
    if any(f.rule == "read.gateway-variant" for f in package.findings):
        # Not edXML of QCVN 102 (spec §10): one finding says so, not a stream of schema errors.
        skipped["schema"] = "a gateway's own variant, not edXML of QCVN 102 (read.gateway-variant)"
    elif schema_tree is not None:
        passed = strict_ok and schema_tree is tree
        findings += _schema(package, schema_tree, profile, lines, skipped, passed)

    checker = Checker(
        profile,
        lines=lines,
        today=today,
        max_attachment_bytes=max_attachment_bytes,
        max_total_attachment_bytes=max_total_attachment_bytes,
        header_name=header_name(tree),
    )
    if isinstance(package, Edoc):
        check_edoc(package, checker)
    else:
        check_status(package, checker)
    check_identifiers(package, checker)
    ours = checker.findings
    replaced: set[tuple[str, str]] = set()
    for f in ours:
        for old in SUPERSEDES.get(f.rule, ()):
            if f.path:
                replaced.add((old, _strip(f.path)))
    reader = [f for f in reader if (f.rule, _strip(f.path or "")) not in replaced]
    if profile == "strict" and "schema" not in skipped:
        # The schema tier checked the same strict schema and lists every difference.
        reader = [f for f in reader if f.rule != "read.strict-schema"]
    findings = reader + findings + ours

    # Signature tier.
    signature = None
    if not check_signature:
        skipped["signature"] = _NO_TRUST
    else:
        signature = _signature(source, trust, policy, profile, findings, skipped)

    # Documents tier.
    checks = None
    if documents or document_trust is not None:
        checks = _documents(
            package, (trust, policy, document_trust), document_limits, profile, findings, skipped
        )
    else:
        skipped["documents"] = _NO_DOCUMENTS

    order = {name: i for i, name in enumerate(TIERS)}
    findings = cap_repeats(findings)  # a repeated offence is counted, not listed
    findings.sort(key=lambda f: (order[tier_of(f.rule)], f.line is None, f.line or 0))
    final = tuple(findings)
    return Report(
        profile=profile,
        kind=package.kind,
        tiers=tier_results(final, skipped, failed),
        findings=final,
        lang=lang,
        source=label,
        signature=signature,
        documents=checks,
    )


_STATUS_ONLY = frozenset({"Timestamp", "Description", "StaffInfo"})


def _looks_like_status(pkg: Edoc) -> bool:
    """A status package without its StatusCode (which is how the reader tells the kinds apart)."""
    h = pkg.header
    return (
        not pkg.attachments
        and not h.to
        and h.subject is None
        and h.code is None
        and any(e.local_name in _STATUS_ONLY for e in h.extras)
    )


def _as_status(
    tree: etree._Element, pkg: Edoc, limits: Limits, strict_ok: bool
) -> tuple[Edoc | StatusPackage, etree._Element, bool]:
    """Read the package again as a status package, with an empty StatusCode added at the end
    of MessageHeader (on the same line, so every source line stays right)."""
    try:
        copy = etree.fromstring(etree.tostring(tree), hardened_parser())
        for el in copy.iter("{*}MessageHeader"):
            ns = etree.QName(el).namespace
            code = etree.Element(f"{{{ns}}}StatusCode" if ns else "StatusCode")
            later = [
                c
                for c in el
                if isinstance(c.tag, str)
                and etree.QName(c).localname in ("Description", "Timestamp")
            ]
            if later:
                later[0].addprevious(code)  # where the SDK writes it, on the same line
            else:
                el.append(code)
            break
        loaded = read_any(
            etree.tostring(copy, xml_declaration=True, encoding="UTF-8"), limits=limits
        )
    except (EdocError, etree.LxmlError, ValueError):
        return pkg, tree, strict_ok
    if not isinstance(loaded.package, StatusPackage):
        return pkg, tree, strict_ok
    return loaded.package, loaded.tree, loaded.strict_schema_ok


def _parse_error_finding(rule_id: str, profile: str, exc: ParseError) -> Finding:
    """The finding for an unreadable input, with the reader's message in both languages."""
    rule = RULES[rule_id]
    finding = rule.finding(profile, path=exc.path, line=exc.line, value=exc.message)
    vietnamese = rule.finding(profile, value=exc.message_vi).message_vi
    return attrs.evolve(finding, message_vi=vietnamese)


def _unreadable(profile: str, lang: str, label: str | None, findings: list[Finding]) -> Report:
    skipped = {name: _NOT_READ for name in TIERS[1:]}
    final = tuple(findings)
    return Report(
        profile=profile,
        kind=None,
        tiers=tier_results(final, skipped, {"well-formed": "not a readable edXML package"}),
        findings=final,
        lang=lang,
        source=label,
    )


def _schema(
    package: Edoc | StatusPackage,
    tree: etree._Element,
    profile: str,
    lines: Mapping[str, int],
    skipped: dict[str, str],
    passed_strict: bool = False,
) -> list[Finding]:
    """The schema tier.  ``passed_strict``: the reader found ``tree`` valid under the strict
    schema of its kind, so it is valid under this one too (the strict flavour accepts a
    subset of what the tolerant one does: ``tests/test_schemas.py`` checks it), and the
    schema is not checked a second time."""
    from .._xml.schemas import load_schema

    name = package.kind + ("-strict" if profile == "strict" else "")
    try:
        schema = load_schema(name)
    except EdocError as exc:
        log.warning("the schema tier is skipped: the schema %r is not available: %s", name, exc)
        skipped["schema"] = f"the schema is not available: {exc}"
        return []
    if passed_strict or schema.validate(tree):
        return []
    by_line: dict[int, str] = {}
    for path, line in lines.items():
        by_line.setdefault(line, path)
    out: list[Finding] = []
    errors = list(schema.error_log)
    for entry in errors[:_MAX_SCHEMA_FINDINGS]:
        where = entry.line or None
        at = by_line.get(where) if where is not None else None
        message = entry.message.replace(f"{{{EDXML_NS}}}", "")
        out.append(RULES["EDX-XSD-001"].finding(profile, path=at, line=where, value=message))
    if len(errors) > _MAX_SCHEMA_FINDINGS:
        out.append(RULES["EDX-XSD-002"].finding(profile, count=len(errors) - _MAX_SCHEMA_FINDINGS))
    return out


def _signature(
    source: Any,
    trust: Any,
    policy: Any,
    profile: str,
    findings: list[Finding],
    skipped: dict[str, str],
) -> Any:
    try:
        from .._sign.verifier import verify
    except ImportError as exc:  # pragma: no cover - signing support is part of the package
        skipped["signature"] = f"signature support is not available: {exc}"
        return None
    result = verify(source, trust=trust, policy=policy)
    path = f"{HEADER}/Signature"
    if result.verdict == "invalid":
        findings.append(
            RULES["EDX-SIG-001"].finding(
                profile, path=path, value=result.reason, detail=result.message
            )
        )
    elif result.verdict != "valid":
        findings.append(
            RULES["EDX-SIG-002"].finding(
                profile, path=path, value=result.reason, detail=result.message
            )
        )
    for warning in result.warnings:
        findings.append(RULES["EDX-SIG-003"].finding(profile, path=path, value=warning))
    return result


def _documents(
    package: Edoc | StatusPackage,
    trust_options: tuple[Any, Any, Any],
    limits: Any,
    profile: str,
    findings: list[Finding],
    skipped: dict[str, str],
) -> Any:
    """The documents tier: the signatures on the PDFs inside (``edocstd._pdf``)."""
    from .._pdf import document_trust
    from .._pdf.tier import (
        PdfSupportMissing,
        check_package_documents,
        document_findings,
        pdf_support_missing,
    )

    missing = pdf_support_missing()
    if missing is not None:
        skipped["documents"] = missing
        return None
    anchors, intermediates, at = document_trust(*trust_options)  # an unreadable file raises
    if not isinstance(package, Edoc) or all(a.payload is None for a in package.attachments):
        skipped["documents"] = _NO_ATTACHED
        return ()
    extra = {"limits": limits} if limits is not None else {}
    try:
        checks = check_package_documents(
            package, anchors=anchors, intermediates=intermediates, at=at, **extra
        )
    except PdfSupportMissing as exc:  # the checking process cannot import pyHanko
        skipped["documents"] = str(exc)
        return None
    findings += document_findings(checks, profile, RULES)
    return checks


__all__ = ["validate"]
