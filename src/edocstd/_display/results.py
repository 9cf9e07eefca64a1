"""Notebook views of a validation report and a signature verdict (``validate`` / ``verify``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .findings import findings_view
from .markup import (
    BAD,
    GOOD,
    MUTED,
    TIER_COLOUR,
    VERDICT_COLOUR,
    Markup,
    badge,
    card,
    grid,
    join,
    label,
    lines,
    mono,
)

if TYPE_CHECKING:
    from .._sign.verifier import VerifyResult
    from .._validate.report import Report

_TIER_WORDS = {"passed": "đạt", "failed": "không đạt", "skipped": "bỏ qua"}


def report_html(report: Report) -> Markup:
    """Verdict, counts, one row per tier (skipped tiers say why), findings by severity."""
    verdict = badge("HỢP LỆ / VALID", GOOD) if report.ok else badge("KHÔNG HỢP LỆ / INVALID", BAD)
    title = join((verdict, " ", mono(report.source) if report.source else ""))
    counts = (
        f"{len(report.errors)} lỗi / errors, {len(report.warnings)} cảnh báo / warnings, "
        f"{len(report.infos)} ghi chú / notes"
    )
    rows = [
        (label("Loại gói tin", "kind"), report.kind or "không đọc được / unreadable"),
        (label("Hồ sơ kiểm tra", "profile"), report.profile),
        (label("Kết quả", "counts"), counts),
    ]
    tiers = grid(
        [label("Tầng", "tier"), label("Kết quả", "outcome"), label("Lý do", "reason")],
        [
            (
                t.name,
                badge(
                    f"{_TIER_WORDS.get(t.status, '?')} / {t.status}",
                    TIER_COLOUR.get(t.status, MUTED),
                ),
                lines((t.reason_in("vi"), t.reason)) if t.reason else "",
            )
            for t in report.tiers
        ],
    )
    signature = verify_html(report.signature) if report.signature is not None else None
    return card(title, rows, tiers, findings_view(report.findings), signature)


def verify_html(result: VerifyResult) -> Markup:
    """Verdict and reason, who signed, the chain, the algorithms, trace entries added later."""
    from .._sign.algorithms import short_name

    colour = VERDICT_COLOUR.get(result.verdict, BAD)
    title = join(
        (badge(f"{result.verdict.upper()} · {result.reason}", colour), " ", result.message)
    )
    s = result.signer
    a = result.algorithms
    rows = [
        (label("Người ký", "signer"), s.subject if s else None),
        (label("Tổ chức", "organization"), s.organization if s else None),
        (label("Nơi cấp", "issuer"), s.issuer if s else None),
        (label("Số hiệu, khoá", "serial, key"), f"{s.serial:x} · {s.key}" if s else None),
        (
            label("Hiệu lực", "valid"),
            f"{s.not_before:%Y-%m-%d} → {s.not_after:%Y-%m-%d}" if s else None,
        ),
        (label("Chuỗi chứng thư", "chain"), " → ".join(result.chain)),
        (
            label("Thuật toán", "algorithms"),
            (
                f"{short_name(a.signature)}, digest {short_name(a.digest)}, "
                f"SignedInfo {short_name(a.canonicalization)}, "
                + ", ".join(short_name(t) for t in a.transforms)
            )
            if a
            else None,
        ),
        (label("Phạm vi ký", "covered"), result.covered),
        (
            label("Vết thêm sau khi ký", "trace added after signing"),
            lines(f"+ {o or '-'} {t or '-'}" for o, t in result.added_trace_entries),
        ),
        (label("Cảnh báo", "warnings"), lines(result.warnings)),
    ]
    return card(title, rows)


__all__ = ["report_html", "verify_html"]
