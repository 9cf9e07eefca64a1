"""What a verification says, for people, in one language: :meth:`VerifyResult.summary`.

One list of lines for both languages (the CLI's ``verify`` prints it too), so a fact added to
the summary appears in Vietnamese and in English alike.  Certificate names come from the
package: every line is made printable (no terminal control characters, no bidi overrides).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._text import printable
from .algorithms import short_name
from .outcome import REASONS
from .reasons_vi import REASONS_VI, VERDICTS_VI

if TYPE_CHECKING:
    from .verifier import VerifyResult

_LABELS: dict[str, tuple[str, str]] = {
    "signature": ("Chữ ký", "Signature"),
    "signer": ("Người ký", "Signer"),
    "organization": ("Tổ chức", "Organization"),
    "issuer": ("Nơi cấp", "Issuer"),
    "serial": ("Số hiệu", "Serial"),
    "key": ("Khóa", "Key"),
    "valid": ("Hiệu lực", "Valid"),
    "to": ("đến", "to"),
    "chain": ("Chuỗi chứng thư", "Chain"),
    "sender": ("Đơn vị gửi", "Sender"),
    "signer-is": ("người ký", "signer"),
    "algorithms": ("Thuật toán", "Algorithms"),
    "digest": ("băm", "digest"),
    "transforms": ("biến đổi", "transforms"),
    "covered": ("Phạm vi ký", "Covered"),
    "trace": ("Số vết (TraceHeader) thêm sau khi ký", "Trace entries added after signing"),
    "warning": ("Cảnh báo", "Warning"),
}
_BOUND: dict[bool | None, tuple[str, str]] = {
    True: ("có quyền ký", "bound"),
    False: ("KHÔNG có quyền ký", "NOT bound"),
    None: ("chưa kiểm tra", "not checked"),
}


def summary_text(result: VerifyResult, lang: str = "en") -> str:
    """The lines of ``result.summary(lang)``: verdict, signer, chain, binding, algorithms…"""
    pick = 0 if lang == "vi" else 1

    def label(key: str) -> str:
        return _LABELS[key][pick]

    lines = _verdict_lines(result, lang, label("signature"))
    if result.signer is not None:
        s = result.signer
        lines.append(f"{label('signer')}: {s.subject}")
        if s.organization:
            lines.append(f"{label('organization')}: {s.organization}")
        lines.append(f"{label('issuer')}: {s.issuer}")
        lines.append(f"{label('serial')}: {s.serial:x}   {label('key')}: {s.key}")
        lines.append(
            f"{label('valid')}: {s.not_before:%Y-%m-%d} {label('to')} {s.not_after:%Y-%m-%d}"
        )
    if result.chain:
        lines.append(f"{label('chain')}: " + " -> ".join(result.chain))
    if result.binding is not None:
        b = result.binding
        state = _BOUND[b.bound][pick]
        lines.append(
            f"{label('sender')}: {b.sender or '-'} - {label('signer-is')} {state} "
            f"({b.method}): {b.detail}"
        )
    if result.algorithms is not None:
        a = result.algorithms
        lines.append(
            f"{label('algorithms')}: {short_name(a.signature)}, {label('digest')} "
            f"{short_name(a.digest)}, SignedInfo {short_name(a.canonicalization)}, "
            f"{label('transforms')} " + ", ".join(short_name(t) for t in a.transforms)
        )
    if result.covered:
        lines.append(f"{label('covered')}: {result.covered}")
    if result.trace_entries_added:
        lines.append(f"{label('trace')}: {result.trace_entries_added}")
        for organ, ts in result.added_trace_entries:
            lines.append(f"  + TraceHeader OrganId={organ or '-'} Timestamp={ts or '-'}")
    lines.extend(f"{label('warning')}: {w}" for w in result.warnings)
    return "\n".join(printable(line) for line in lines)  # certificate names are hostile


def message_vi(result: VerifyResult) -> str:
    """The verdict's message in Vietnamese; a detail only English has goes on its own line."""
    vi = REASONS_VI.get(result.reason, result.reason)
    known = REASONS.get(result.reason, ("", ""))[1]
    return vi if result.message == known else f"{vi}\n{result.message}"


def _verdict_lines(result: VerifyResult, lang: str, title: str) -> list[str]:
    """The first line: verdict, reason, message."""
    if lang != "vi":
        return [f"{title}: {result.verdict.upper()} ({result.reason}) - {result.message}"]
    verdict = VERDICTS_VI.get(result.verdict, result.verdict)
    first, *more = message_vi(result).split("\n")
    return [f"{title}: {verdict} ({result.reason}) - {first}", *more]


__all__ = ["message_vi", "summary_text"]
