"""The validation report: tiers with their outcome, and every finding."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .._findings import Finding, Severity
from .._i18n import Lang, count, tr
from .._text import printable
from .._types import ValidationProfile
from .catalogue import TIERS, tier_of

if TYPE_CHECKING:
    from .._pdf.model import DocumentCheck
    from .._sign.verifier import VerifyResult

TierStatus = Literal["passed", "failed", "skipped"]


@attrs.frozen(kw_only=True)
class TierResult:
    """The outcome of one tier: ``passed``, ``failed`` or ``skipped`` (with the ``reason``).

    A tier fails when it has at least one error finding (or could not run on broken input);
    a skipped tier did not run, and never counts as passed.
    """

    name: str
    status: TierStatus
    reason: str | None = None
    errors: int = 0
    warnings: int = 0

    @property
    def passed(self) -> bool:
        """True when the tier ran and found no error."""
        return self.status == "passed"

    @property
    def failed(self) -> bool:
        """True when the tier found an error (or could not run on broken input)."""
        return self.status == "failed"

    @property
    def skipped(self) -> bool:
        """True when the tier did not run (``reason`` says why)."""
        return self.status == "skipped"

    def reason_in(self, lang: str = "vi") -> str | None:
        """The reason in Vietnamese (``"vi"``) or English (the stored text)."""
        if lang == "vi" and self.reason is not None:
            return reason_vi(self.reason)
        return self.reason

    def status_in(self, lang: str = "vi") -> str:
        """``passed``/``failed``/``skipped`` in Vietnamese (``"vi"``) or English."""
        return _LABELS["en" if lang == "en" else "vi"][self.status]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mirror."""
        return {
            "name": self.name,
            "status": self.status,
            "reason": self.reason,
            "reason_vi": self.reason_in("vi"),
            "errors": self.errors,
            "warnings": self.warnings,
        }

    def __str__(self) -> str:
        return printable(
            f"{self.name}: {self.status}" + (f" ({self.reason})" if self.reason else "")
        )


REASONS_VI: dict[str, str] = {
    "no trust anchors given": "chưa cung cấp chứng thư tin cậy (trust anchor)",
    "the package could not be read": "không đọc được gói tin",
    "not requested (documents=True, --documents)": "không yêu cầu (documents=True, --documents)",
    "no documents attached": "không có văn bản đính kèm",
    "PDF support is not installed: pip install 'edocstd[pdf]'": (
        "chưa cài hỗ trợ PDF: pip install 'edocstd[pdf]'"
    ),
    "not a readable edXML package": "không phải gói tin edXML đọc được",
    "a package object was given: it was not read from XML here": (
        "đã có sẵn đối tượng gói tin: không đọc lại từ XML"
    ),
}
"""Vietnamese wording of the fixed tier reasons."""

_REASON_PREFIXES_VI = {
    "the schema is not available: ": "không có lược đồ (schema): ",
    "the package cannot be written as XML: ": "không ghi được gói tin thành XML: ",
    "signature support is not available: ": "không có chức năng kiểm tra chữ ký: ",
}


def reason_vi(reason: str) -> str:
    """A tier reason in Vietnamese: fixed reasons translated, a technical detail kept after a
    translated lead (``"không có lược đồ (schema): <detail>"``)."""
    if reason in REASONS_VI:
        return REASONS_VI[reason]
    for prefix, vi in _REASON_PREFIXES_VI.items():
        if reason.startswith(prefix):
            return vi + reason[len(prefix) :]
    return reason


_LABELS = {
    "vi": {
        "profile": "hồ sơ kiểm tra",
        "passed": "đạt",
        "failed": "không đạt",
        "skipped": "bỏ qua",
        "unreadable": "không đọc được",
    },
    "en": {
        "profile": "profile",
        "passed": "passed",
        "failed": "failed",
        "skipped": "skipped",
        "unreadable": "unreadable",
    },
}


@attrs.frozen(kw_only=True)
class Report:
    """What :func:`edocstd.validate` found.

    ``ok`` is True when no finding is an error and no tier failed.  ``findings`` holds every
    finding of every tier (the reader's ``read.*`` deviations included), ordered by tier.
    ``signature`` is the :class:`edocstd.VerifyResult` when the signature tier ran.
    """

    profile: ValidationProfile
    kind: str | None
    tiers: tuple[TierResult, ...]
    findings: tuple[Finding, ...] = ()
    lang: Lang = "vi"
    source: str | None = None
    signature: VerifyResult | None = attrs.field(default=None, eq=False, repr=False)
    documents: tuple[DocumentCheck, ...] | None = attrs.field(default=None, eq=False, repr=False)
    """The documents tier's :class:`edocstd.DocumentCheck` tuple when it ran, else None."""

    @property
    def ok(self) -> bool:
        """True when no finding is an error and no tier failed."""
        return not any(t.failed for t in self.tiers) and not any(
            f.severity is Severity.ERROR for f in self.findings
        )

    def __bool__(self) -> bool:
        return self.ok

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity ``error``."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of severity ``warning``."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def infos(self) -> tuple[Finding, ...]:
        """The findings of severity ``info``."""
        return tuple(f for f in self.findings if f.severity is Severity.INFO)

    @property
    def rules(self) -> frozenset[str]:
        """The ids of every finding (handy in tests: ``"EDX-REQ-012" in report.rules``)."""
        return frozenset(f.rule for f in self.findings)

    def tier(self, name: str) -> TierResult:
        """The result of the tier ``name`` (``KeyError`` for an unknown name)."""
        for t in self.tiers:
            if t.name == name:
                return t
        raise KeyError(name)

    def findings_in(self, tier: str) -> tuple[Finding, ...]:
        """The findings of one tier."""
        return tuple(f for f in self.findings if tier_of(f.rule) == tier)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mirror (messages in both languages, plus ``message`` in ``lang``)."""
        findings = []
        for f in self.findings:
            d = f.to_dict()
            d["tier"] = tier_of(f.rule)
            d["message"] = f.message(self.lang)
            findings.append(d)
        return {
            "ok": self.ok,
            "source": self.source,
            "profile": self.profile,
            "kind": self.kind,
            "lang": self.lang,
            "tiers": [t.to_dict() for t in self.tiers],
            "counts": {
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "infos": len(self.infos),
            },
            "findings": findings,
            "signature": self.signature.to_dict() if self.signature is not None else None,
            "documents": (
                [d.to_dict() for d in self.documents] if self.documents is not None else None
            ),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON text (both languages kept)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def summary(self, lang: str | None = None) -> str:
        """A few lines for people: verdict, counts, each tier, each error and warning.

        Safe to print: control, bidi and line-break characters from the package or the file
        name are spelled out (``\\x1b``, ``\\u202e``), one finding stays one line."""
        lang = lang or self.lang
        t = _LABELS["en" if lang == "en" else "vi"]
        head = f"{self.verdict(lang)} ({self.kind or t['unreadable']}, {t['profile']} "
        head += f"{self.profile}): "
        head += self.counts_text(lang, infos=True)
        if self.source:
            head = f"{self.source}: {head}"
        lines = [head]
        for tier in self.tiers:
            reason = f" ({tier.reason_in(lang)})" if tier.reason else ""
            lines.append(f"  {tier.name}: {tier.status_in(lang)}{reason}")
        for document in self.documents or ():
            lines += [f"  {text}" for text in document.lines(lang)]
        for f in self.findings:
            if f.severity is Severity.INFO:
                continue
            where = f.path or ""
            if f.line is not None:
                where += f":{f.line}"
            severity = f.severity.label(lang)
            lines.append(f"  {severity:<8} {f.rule:<14} {where}  {f.message(lang)}")
        return "\n".join(printable(line) for line in lines)  # package text is hostile

    def counts_text(self, lang: str = "vi", *, infos: bool = False) -> str:
        """``"1 error, 2 warnings"`` / ``"1 lỗi, 2 cảnh báo"`` (with ``infos``: and notes)."""
        parts = [
            count(lang, len(self.errors), "lỗi", "error"),
            count(lang, len(self.warnings), "cảnh báo", "warning"),
        ]
        if infos:
            parts.append(count(lang, len(self.infos), "ghi chú", "note"))
        return ", ".join(parts)

    def verdict(self, lang: str = "vi") -> str:
        """``HỢP LỆ``/``KHÔNG HỢP LỆ`` or ``VALID``/``INVALID``."""
        if self.ok:
            return tr(lang, "HỢP LỆ", "VALID")
        return tr(lang, "KHÔNG HỢP LỆ", "INVALID")

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        from .._views import render_text

        return render_text("report", self)

    def _repr_html_(self) -> str:
        """The report as a card in a notebook: verdict, tiers, findings by severity."""
        from .._views import render_html

        return render_html("report", self)


def tier_results(
    findings: tuple[Finding, ...], skipped: dict[str, str], forced_fail: dict[str, str]
) -> tuple[TierResult, ...]:
    """One ``TierResult`` per tier from the findings and the tiers that did not run."""
    counts: dict[str, list[int]] = {}  # tier → [errors, warnings], in one pass
    for f in findings:
        count = counts.setdefault(tier_of(f.rule), [0, 0])
        if f.severity is Severity.ERROR:
            count[0] += 1
        elif f.severity is Severity.WARNING:
            count[1] += 1
    out = []
    for name in TIERS:
        errors, warnings = counts.get(name, (0, 0))
        if name in skipped:
            out.append(
                TierResult(
                    name=name,
                    status="skipped",
                    reason=skipped[name],
                    errors=errors,
                    warnings=warnings,
                )
            )
        elif errors or name in forced_fail:
            out.append(
                TierResult(
                    name=name,
                    status="failed",
                    reason=forced_fail.get(name),
                    errors=errors,
                    warnings=warnings,
                )
            )
        else:
            out.append(TierResult(name=name, status="passed", errors=errors, warnings=warnings))
    return tuple(out)


__all__ = ["REASONS_VI", "Report", "TierResult", "TierStatus", "tier_results"]
