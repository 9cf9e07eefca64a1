"""The manifest and the attachments: references paired with attachments by ContentId (or by
name), payloads decoded (base64 checked in chunks), sizes and types."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..._errors import EdocError
from ..._model.attachment import (
    Attachment,
    Reference,
    bare_cid,
    sniff_type,
    type_from_name,
    types_agree,
)
from ..._model.document import Carrier, document_head, extension, zip_facts
from ..._model.package import Edoc
from ..._model.payload import Base64Payload, Payload
from ..catalogue.attachments import (
    ATT_001,
    ATT_002,
    ATT_003,
    ATT_004,
    ATT_005,
    ATT_006,
    ATT_007,
    ATT_008,
    ATT_009,
    ATT_010,
    ATT_011,
    ATT_012,
    ATT_013,
    ATT_014,
)
from .base64 import Base64Problem, base64_size
from .checker import Checker, blank
from .paths import ATTACHMENTS, BODY

_IN_MANIFEST = ("manifest reference", "mục bảng kê")
_IN_ATTACHMENTS = ("attachment", "tệp đính kèm")


def _payload_size(payload: Payload) -> int:
    """Decoded size; checks base64 of read payloads (raises Base64Problem)."""
    if isinstance(payload, Base64Payload):
        if payload.checked_size is not None:  # the reader found it clean while cutting it
            return payload.checked_size
        return base64_size(payload.iter_raw_text())
    return payload.size


def _names_equal(a: str | None, b: str | None) -> bool:
    return (a or "").strip().casefold() == (b or "").strip().casefold()


def check_attachments(pkg: Edoc, c: Checker) -> None:
    """The manifest against the attachments, then each attachment, then the total size."""
    manifest = pkg.manifest
    M = f"{BODY}/{manifest.name if manifest is not None else 'edXMLManifest'}"
    refs = manifest.references if manifest is not None else ()
    atts = pkg.attachments
    if not refs and not atts:
        return  # nothing to pair, nothing to decode
    ref_keys = _content_ids([r.content_id for r in refs], f"{M}/Reference", _IN_MANIFEST, c)
    att_keys = _content_ids(
        [a.content_id for a in atts], f"{ATTACHMENTS}/Attachment", _IN_ATTACHMENTS, c
    )
    pairs, lonely_refs, lonely_atts = _pairs(refs, atts, ref_keys, att_keys, c)
    for ri in lonely_refs:
        ref = refs[ri - 1]
        c.add(ATT_001, f"{M}/Reference[{ri}]", ref.content_id, name=ref.attachment_name)
    for ai in lonely_atts:
        att = atts[ai - 1]
        c.add(ATT_002, f"{ATTACHMENTS}/Attachment[{ai}]", att.content_id, name=att.attachment_name)
    total = 0
    for ai, att in enumerate(atts, 1):
        at = pairs.get(ai)
        paired = refs[at - 1] if at is not None else None
        total += _check_one_attachment(att, ai, paired, at, M, c)
    limit = c.max_total_attachment_bytes
    if limit is not None and total > limit:
        c.add(ATT_011, ATTACHMENTS, total, limit=limit)


def _content_ids(
    content_ids: Iterable[str | None], element: str, where: tuple[str, str], c: Checker
) -> dict[str, int]:
    """Each ContentId (without ``cid:``) -> its 1-based index; a missing one is ATT-013, a
    repeated one ATT-007 (``element``: the path of the repeated element, without index)."""
    keys: dict[str, int] = {}
    for i, content_id in enumerate(content_ids, 1):
        cid = bare_cid(content_id)
        path = f"{element}[{i}]/ContentId"
        if not cid:
            c.add(ATT_013, path, f"#{i}", where=where[0], where_vi=where[1])
        elif cid in keys:
            c.add(ATT_007, path, content_id, where=where[0], where_vi=where[1])
        else:
            keys[cid] = i
    return keys


def _pairs(
    refs: Sequence[Reference],
    atts: Sequence[Attachment],
    ref_keys: dict[str, int],
    att_keys: dict[str, int],
    c: Checker,
) -> tuple[dict[int, int], list[int], list[int]]:
    """(attachment index -> reference index, references left alone, attachments left alone):
    paired by ContentId, else by name (ATT-003 when one file has two ContentIds)."""
    lonely_refs = [i for cid, i in ref_keys.items() if cid not in att_keys]
    lonely_atts = [i for cid, i in att_keys.items() if cid not in ref_keys]
    no_cid = [i for i, a in enumerate(atts, 1) if not bare_cid(a.content_id)]
    pairs: dict[int, int] = {att_keys[cid]: i for cid, i in ref_keys.items() if cid in att_keys}
    for ri in list(lonely_refs):
        ref = refs[ri - 1]
        for ai in lonely_atts + no_cid:
            att = atts[ai - 1]
            if ref.attachment_name and _names_equal(ref.attachment_name, att.attachment_name):
                if ai in lonely_atts:  # same file, two ContentIds (no ContentId: ATT-013)
                    c.add(
                        ATT_003,
                        f"{ATTACHMENTS}/Attachment[{ai}]/ContentId",
                        att.content_id,
                        ref_cid=ref.content_id,
                        name=att.attachment_name,
                    )
                    lonely_atts.remove(ai)
                else:
                    no_cid.remove(ai)
                lonely_refs.remove(ri)
                pairs[ai] = ri
                break
    return pairs, lonely_refs, lonely_atts


def _check_one_attachment(
    att: Attachment, ai: int, ref: Reference | None, ri: int | None, M: str, c: Checker
) -> int:
    """One attachment (and its manifest reference ``ref``, number ``ri``); its decoded size."""
    A = f"{ATTACHMENTS}/Attachment[{ai}]"
    label = att.attachment_name or att.content_id or f"#{ai}"
    if (
        ref is not None
        and ref.attachment_name
        and att.attachment_name
        and not _names_equal(ref.attachment_name, att.attachment_name)
    ):
        c.add(
            ATT_004,
            f"{A}/AttachmentName",
            att.attachment_name,
            cid=att.content_id,
            ref_name=ref.attachment_name,
        )
    payload = att.payload
    if payload is None:
        c.add(ATT_008, A, label)
        return 0
    size = _decoded_size(payload, label, A, c)
    if size is None:
        return 0
    if size == 0:
        c.add(ATT_012, A, label)
        return 0
    limit = c.max_attachment_bytes
    if limit is not None and size > limit:
        c.add(ATT_010, A, size, name=label, limit=limit)
    carrier = att.carrier  # (worked out once: it reads the payload's first bytes)
    heads = _heads(carrier, payload)
    if heads is not None:
        _check_types(att, carrier, label, A, heads, c)
        if ref is not None and ri is not None:
            _check_reference_type(ref, heads, f"{M}/Reference[{ri}]/ContentType", label, c)
    return size


def _decoded_size(payload: Payload, label: str, A: str, c: Checker) -> int | None:
    """The decoded size, or None when the payload cannot be decoded (ATT-009)."""
    path = f"{A}/ContentTransferEncoded"
    try:
        return _payload_size(payload)
    except Base64Problem as problem:
        c.add(
            ATT_009,
            path,
            problem.excerpt or None,
            name=label,
            detail=problem.en,
            detail_vi=problem.vi,
        )
    except (EdocError, OSError) as exc:
        c.add(ATT_009, path, str(exc), name=label, detail=str(exc), detail_vi=str(exc))
    return None


def _heads(carrier: Carrier, payload: Payload) -> list[bytes] | None:
    """The first bytes transferred, then those of the document they carry (None: unreadable)."""
    try:
        heads = [payload.head(64)]
        if carrier != "raw":
            heads.append(document_head(payload, 64))
    except (EdocError, OSError):
        return None
    return heads


def _check_types(
    att: Attachment, carrier: Carrier, label: str, A: str, heads: list[bytes], c: Checker
) -> None:
    """The declared type against the bytes: forms A and B (spec §1.2) agree with the SDK's
    ZIP, form B noted as such; anything else must agree with what the bytes show."""
    if carrier == "zip-declared":
        return
    head = heads[-1]
    if carrier == "zip-undeclared":
        facts = zip_facts(att.payload) if att.payload is not None else None
        entry = facts.entry_name if facts is not None else ""
        c.add(ATT_014, f"{A}/ContentType", att.content_type or "", name=label, entry=entry)
    if not _agrees(att.content_type, head, att.attachment_name):
        c.add(
            ATT_005,
            f"{A}/ContentType",
            att.content_type or "",
            name=label,
            detected=sniff_type(head) or "unknown",
        )


def _check_reference_type(
    ref: Reference, heads: list[bytes], path: str, label: str, c: Checker
) -> None:
    """The manifest's ContentType against the bytes (ATT-006)."""
    if blank(ref.content_type):
        return
    if not any(_agrees(ref.content_type, h, ref.attachment_name) for h in heads):
        c.add(
            ATT_006,
            path,
            ref.content_type,
            name=label,
            detected=sniff_type(heads[-1]) or "unknown",
        )


def _agrees(declared: str | None, head: bytes, name: str | None) -> bool:
    kind = (declared or "").split(";")[0].strip().lower()
    if kind == "application/octet-stream":
        return True  # says nothing, contradicts nothing
    if kind and kind == f"application/{extension(name)[1:]}":
        # The SDK's own table writes "application/docx", "application/xslx"…: judged by the
        # extension it was made from.
        return types_agree(type_from_name(name), head, name)
    return types_agree(declared, head, name)


__all__ = ["Base64Problem", "base64_size", "check_attachments"]
