"""``assert_valid``: one line in a test, a readable list of findings when it fails."""

from __future__ import annotations

from typing import Any

from .._findings import Finding, Severity
from .._i18n import Lang, tr
from .._model.package import Edoc, StatusPackage
from .._types import ValidationProfile
from .._validate.report import Report
from .._validate.validator import validate

_HEADER = "/edXML/edXMLEnvelope/edXMLHeader/"


def _line(f: Finding, lang: str) -> str:
    where = (f.path or "").removeprefix(_HEADER)
    if f.line is not None:
        where = f"{where}:{f.line}" if where else f"line {f.line}"
    message = f.message(lang)
    value = f" [{f.value}]" if f.value and f.value not in message else ""
    return f"  {f.severity.label(lang):<8} {f.rule:<14} {where or '-'}  {message}{value}"


def assert_valid(
    pkg_or_report: Edoc | StatusPackage | Report | bytes | str,
    *,
    profile: ValidationProfile = "vdxp",
    lang: Lang = "vi",
    warnings: bool = False,
    **validate_options: object,
) -> Report:
    """Assert that a package (or a report you already have) is valid; return the report.

    A package, ``bytes`` or a path is validated with ``profile`` (and any other option of
    :func:`edocstd.validate`).  On failure the ``AssertionError`` lists every error (and, with
    ``warnings=True``, every warning, which then also fail the assertion) one per line:
    severity, rule id, where, message in ``lang``, offending value.
    """
    options: dict[str, Any] = dict(validate_options)  # checked by validate
    report = (
        pkg_or_report
        if isinstance(pkg_or_report, Report)
        else validate(pkg_or_report, profile=profile, lang=lang, **options)
    )
    shown = [
        f
        for f in report.findings
        if f.severity is Severity.ERROR or (warnings and f.severity is Severity.WARNING)
    ]
    if report.ok and not shown:
        return report
    failed = [t for t in report.tiers if t.failed and not t.errors]  # failed with no finding
    head = tr(
        lang,
        f"gói tin không hợp lệ (hồ sơ {report.profile}): {report.counts_text(lang)}",
        f"the package is not valid (profile {report.profile}): {report.counts_text(lang)}",
    )
    if report.source:
        head = f"{report.source}: {head}"
    lines = [head, *(_line(f, lang) for f in shown)]
    lines += [f"  {t.name}: {t.status_in(lang)} ({t.reason_in(lang)})" for t in failed if t.reason]
    raise AssertionError("\n".join(lines))


__all__ = ["assert_valid"]
