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
from typing import TYPE_CHECKING, Any, cast

import attrs
from lxml import etree

from .._errors import BuildError, EdocError, LimitExceeded, ParseError
from .._findings import Finding, cap_repeats
from .._i18n import Lang
from .._log import log
from .._model.package import Edoc, StatusPackage
from .._types import PackageSource, Source, ValidationProfile
from .._xml.parser import DEFAULT_LIMITS, Limits, hardened_parser
from .._xml.reader import read_any
from .catalogue import PROFILES, TIERS, tier_of
from .catalogue.model import Rule
from .catalogue.readable import WF_001, WF_002
from .documents import documents_tier
from .report import Report, tier_results
from .rules import LineMap
from .tiers import RuleOptions, Tier, reader_findings, rule_tiers, schema_tier, signature_tier

if TYPE_CHECKING:
    from .._pdf.sandbox import DocumentLimits
    from .._sign.policy import Policy
    from .._sign.trust import TrustSource

_NOT_READ = "the package could not be read"
_NO_DOCUMENTS = "not requested (documents=True, --documents)"
_OBJECT_GIVEN = "a package object was given: it was not read from XML here"
_NOT_REQUESTED: Tier[Any] = Tier(skipped=_NO_DOCUMENTS)
_ORDER = {name: i for i, name in enumerate(TIERS)}


def _check_arguments(
    profile: object, lang: object, limits: object, sizes: Mapping[str, object], now: object
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
    sizes = {
        "max_attachment_bytes": max_attachment_bytes,
        "max_total_attachment_bytes": max_total_attachment_bytes,
    }
    _check_arguments(profile, lang, limits, sizes, now)
    read = _read(source, profile, limits or DEFAULT_LIMITS, trust is not None or policy is not None)
    if isinstance(read, Finding):
        return _unreadable(profile, lang, _label(source), read)
    options = RuleOptions(profile=profile, today=_today(now), **sizes)
    schema = schema_tier(read.package, read.tree, read.strict_ok, profile, read.lines)
    ours = rule_tiers(read.package, read.tree, read.lines, options)
    reader = reader_findings(read.package, profile, ours, schema_ran=schema.skipped is None)
    signature = signature_tier(read.source, trust, policy, profile)
    papers = (
        documents_tier(read.package, (trust, policy, document_trust), document_limits, profile)
        if documents or document_trust is not None
        else _NOT_REQUESTED
    )
    findings = [*reader, *schema.findings, *ours, *signature.findings, *papers.findings]
    tiers: dict[str, Tier[Any]] = {"schema": schema, "signature": signature, "documents": papers}
    return _merge(read, findings, tiers, profile, lang)


def _today(now: dt.date | dt.datetime | None) -> dt.date:
    """The day "today" is for date rules: ``now``'s date, else the local date."""
    if now is None:
        return dt.date.today()
    return now.date() if isinstance(now, dt.datetime) else now


@attrs.frozen
class _Read:
    """A package read for validation: its tree (None when a package object was given), whether
    the reader found it valid under the strict schema, its source lines, and what the verifier
    reads (a file is read once, for both)."""

    package: Edoc | StatusPackage
    tree: etree._Element | None
    strict_ok: bool
    source: PackageSource
    label: str | None
    lines: Mapping[str, int]


def _read(
    source: PackageSource, profile: ValidationProfile, limits: Limits, read_once: bool
) -> _Read | Finding:
    """The package of ``source``, or the finding saying why it cannot be read (``EDX-WF``)."""
    label = _label(source)
    if isinstance(source, (Edoc, StatusPackage)):
        return _Read(source, None, False, source, label, {})
    data = _one_source(source, read_once)
    try:
        loaded = read_any(data, strict=False, limits=limits)
    except ParseError as exc:  # LimitExceeded included
        return _parse_error_finding(
            WF_002 if isinstance(exc, LimitExceeded) else WF_001, profile, exc
        )
    except (EdocError, OSError, ValueError) as exc:
        return WF_001.finding(profile, value=str(exc))
    package, tree, strict_ok = loaded.package, loaded.tree, loaded.strict_schema_ok
    if isinstance(package, Edoc) and _looks_like_status(package):
        log.info("%s: no StatusCode, but a status package otherwise: read as one", label)
        package, tree, strict_ok = _as_status(tree, package, limits, strict_ok)
    return _Read(package, tree, strict_ok, data, label, LineMap(tree))


def _one_source(source: Source, read_once: bool) -> Source:
    """``source`` checked to be one package given in a way the reader takes (a file read
    into bytes when ``read_once``: the reader and the verifier both need it)."""
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
    if read_once and hasattr(source, "read"):
        return cast(bytes, source.read())
    return source


def _merge(
    read: _Read,
    findings: list[Finding],
    tiers: Mapping[str, Tier[Any]],
    profile: ValidationProfile,
    lang: Lang,
) -> Report:
    """One report: the findings (a repeated offence counted, not listed) in tier order, then
    by line; each tier passed, failed or skipped."""
    findings = cap_repeats(findings)
    findings.sort(key=lambda f: (_ORDER[tier_of(f.rule)], f.line is None, f.line or 0))
    final = tuple(findings)
    skipped = {name: t.skipped for name, t in tiers.items() if t.skipped is not None}
    if read.tree is None:
        skipped["well-formed"] = _OBJECT_GIVEN
    return Report(
        profile=profile,
        kind=read.package.kind,
        tiers=tier_results(final, skipped, {}),
        findings=final,
        lang=lang,
        source=read.label,
        signature=tiers["signature"].outcome,
        documents=tiers["documents"].outcome,
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


def _parse_error_finding(rule: Rule, profile: ValidationProfile, exc: ParseError) -> Finding:
    """The finding for an unreadable input, with the reader's message in both languages."""
    finding = rule.finding(profile, path=exc.path, line=exc.line, value=exc.message)
    vietnamese = rule.finding(profile, value=exc.message_vi).message_vi
    return attrs.evolve(finding, message_vi=vietnamese)


def _unreadable(
    profile: ValidationProfile, lang: Lang, label: str | None, finding: Finding
) -> Report:
    """The report on an input that is not a readable package: every later tier skipped."""
    skipped = {name: _NOT_READ for name in TIERS[1:]}
    final = (finding,)
    return Report(
        profile=profile,
        kind=None,
        tiers=tier_results(final, skipped, {"well-formed": "not a readable edXML package"}),
        findings=final,
        lang=lang,
        source=label,
    )


__all__ = ["validate"]
