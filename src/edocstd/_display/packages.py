"""Notebook views of packages and attachments: the facts ``edocstd show`` prints, as a card.

Nothing here decodes a payload beyond the few KB that reveal its type: sizes come from the
base64 length, and the payload bytes are never shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .._errors import EdocError
from .._model.codes import StatusCode
from .findings import findings_view
from .markup import (
    GOOD,
    MUTED,
    STATUS_COLOUR,
    WARN,
    Markup,
    badge,
    card,
    el,
    grid,
    human_size,
    join,
    label,
    lines,
    mono,
    muted,
    plain,
)

if TYPE_CHECKING:
    from .._model.attachment import Attachment
    from .._model.header import Organization
    from .._model.package import Edoc, StatusPackage

LABELS: dict[str, tuple[str, str]] = {
    "kind": ("Loại gói tin", "kind"),
    "from": ("Nơi gửi", "from"),
    "to": ("Nơi nhận", "to"),
    "document_id": ("Mã văn bản", "document id"),
    "number_notation": ("Số/ký hiệu", "number"),
    "document_type": ("Loại văn bản", "type"),
    "subject": ("Trích yếu", "subject"),
    "promulgated": ("Ban hành", "promulgated"),
    "due_date": ("Hạn xử lý", "due"),
    "priority": ("Độ khẩn", "priority"),
    "signer": ("Người ký", "signer"),
    "business": ("Nghiệp vụ", "business"),
    "business_target": ("Văn bản đích", "target"),
    "status_code": ("Trạng thái", "status"),
    "about_document": ("Về văn bản", "about"),
    "about_organ_id": ("Cơ quan", "organ"),
    "description": ("Mô tả", "description"),
    "timestamp": ("Thời điểm", "time"),
    "staff": ("Cán bộ", "staff"),
    "trace": ("Vết", "trace"),
    "signature": ("Chữ ký", "signature"),
    "attachments": ("Tệp đính kèm", "attachments"),
}
"""Bilingual labels of the facts a package card shows (the wording of ``edocstd show``)."""


def row(key: str, value: object) -> tuple[Markup, object]:
    vi, en = LABELS[key]
    return label(vi, en), value


def organization(org: Organization | None) -> Markup | None:
    """``000.00.00.G22`` and the agency's name."""
    if org is None:
        return None
    name = org.organ_name or org.organization_in_charge or ""
    return join((mono(org.organ_id or "?"), " ", name))


def status_badge(code: object) -> Markup:
    """A status code coloured by its meaning (an unknown code is grey)."""
    if isinstance(code, StatusCode):
        return badge(f"{code.value} {code.label_vi}", STATUS_COLOUR[code.value])
    return badge(plain(code) or "?", MUTED)


def _signature(pkg: Edoc | StatusPackage) -> Markup | str:
    if pkg.signature is None:
        return muted("không có / none")
    if pkg.signature.is_xmldsig:
        return "XMLDSig"
    return badge("không phải XMLDSig / placeholder, not XMLDSig", WARN)


def edoc_html(pkg: Edoc) -> Markup:
    """A card with the document's header, business operation, trace, files and findings."""
    h = pkg.header
    dtp = h.document_type
    pi = h.promulgation_info
    s = h.signer_info
    trace = pkg.trace_header_list
    b = trace.bussiness if trace else None
    signer = " ".join(x for x in (s.competence, s.position, s.full_name) if x) if s else None
    entries = trace.trace_headers if trace else ()
    place_date = f"{pi.place or ''} {plain(pi.promulgation_date)}".strip() if pi else None
    rows = [
        row("from", organization(h.sender)),
        row("to", lines(organization(o) for o in h.to)),
        row("document_id", mono(h.document_id) if h.document_id else None),
        row("number_notation", str(h.code) if h.code else None),
        row("document_type", (dtp.type_name or plain(dtp.type)) if dtp else None),
        row("subject", h.subject),
        row("promulgated", place_date),
        row("due_date", plain(h.due_date)),
        row("priority", plain(h.other_info.priority) if h.other_info else None),
        row("signer", signer),
        row("business", plain(b.bussiness_doc_type) if b else None),
        row("business_target", b.document_id if b else None),
        row("trace", lines(f"{t.organ_id or '?'} {plain(t.timestamp)}" for t in entries)),
        row("signature", _signature(pkg)),
    ]
    title = join(
        (badge("edoc", GOOD), " ", h.subject or muted("(không có trích yếu / no subject)"))
    )
    files = attachments_table(pkg.attachments) if pkg.attachments else None
    return card(title, rows, files, findings_view(pkg.findings))


def status_html(pkg: StatusPackage) -> Markup:
    """A card with the status code (coloured), what it is about, who sent it and when."""
    h = pkg.header
    rf = h.response_for
    rows = [
        row("from", organization(h.sender)),
        row("status_code", join((status_badge(h.status_code), " ", plain(h.status_code)))),
        row("about_document", mono(rf.document_id) if rf and rf.document_id else None),
        row("about_organ_id", rf.organ_id if rf else None),
        row("description", h.description),
        row("timestamp", plain(h.timestamp)),
        row("staff", h.staff_info.staff if h.staff_info else None),
        row("signature", _signature(pkg)),
    ]
    title = join((badge("status", MUTED), " ", status_badge(h.status_code)))
    return card(title, rows, findings_view(pkg.findings))


_UNREADABLE = (EdocError, OSError, ValueError)
"""What reading an attachment's bytes can raise (bad base64 or ZIP, a file gone or closed)."""

_CARRIERS = {
    "zip-declared": ("ZIP khai báo", "declared ZIP"),
    "zip-undeclared": ("ZIP không khai báo", "undeclared ZIP"),
}
"""How an SDK ZIP carries the document (spec §1.2 forms A and B); form C is the file itself."""


def _document_cell(att: Attachment) -> Markup | str:
    """The document an SDK ZIP carries (name, type, size, which form); for a raw file only its
    name, when the bytes gave it another extension (the row shows the rest)."""
    if att.payload is None:
        return ""
    try:
        carrier = att.carrier
        if carrier == "raw":
            return att.document_name if att.document_name != att.attachment_name else ""
        facts = (att.document_name, att.document_type, human_size(att.document_size))
    except _UNREADABLE as exc:  # a broken ZIP, a file gone: say why instead of the document
        return muted(str(exc))
    vi, en = _CARRIERS[carrier]
    return join((" · ".join(facts), " ", muted(f"({vi} / {en})")))


def _attachment_cells(att: Attachment) -> list[object]:
    if att.payload is None:
        return [att.attachment_name, att.content_type, muted("không có nội dung / no content"), ""]
    try:
        detected = att.detected_type
    except _UNREADABLE:  # the row still shows the rest; the document cell says why
        detected = "?"
    shown = detected if detected != att.content_type else ""
    cells: list[object] = [
        att.attachment_name,
        att.content_type,
        human_size(att.payload.approx_size),
        shown,
    ]
    return cells


def attachments_table(attachments: Sequence[Attachment]) -> Markup:
    """One row per file: name, declared type, size, the type its bytes show, the document."""
    rows = []
    with_documents = False
    for att in attachments:
        document = _document_cell(att)
        with_documents |= document != ""
        rows.append([*_attachment_cells(att), document])
    headers = [
        label("Tệp", "file"),
        label("Kiểu khai báo", "declared type"),
        label("Kích thước", "size"),
        label("Nội dung thực", "bytes show"),
    ]
    if with_documents:
        headers.append(label("Văn bản bên trong", "document"))
    else:
        rows = [r[:-1] for r in rows]
    vi, en = LABELS["attachments"]
    return join(
        (el("div", label(vi, en), style="margin-top:6px;font-weight:600"), grid(headers, rows))
    )


def attachment_html(att: Attachment) -> Markup:
    """One attachment as a small card."""
    return card(join(("📎 ", att.attachment_name or muted("(không tên / unnamed)"))), [
        (label("Mã nội dung", "content id"), mono(att.content_id) if att.content_id else None),
        (label("Mô tả", "description"), att.description),
    ], attachments_table([att]))  # fmt: skip


__all__ = ["LABELS", "attachment_html", "edoc_html", "organization", "status_badge", "status_html"]
