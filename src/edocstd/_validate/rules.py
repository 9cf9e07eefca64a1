"""The business-rule and identifier checks over the typed model (tiers "rules" and
"identifiers").  Each check emits findings of the catalogue (``catalogue.RULES``); nothing
here raises for bad content.

Paths are XPath-like, with 1-based indexes on repeated elements (``MessageHeader/To[2]``);
source lines come from the tree the package was read from, when there is one.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping
from typing import Any

from lxml import etree

from .._errors import BuildError, EdocError
from .._findings import Finding
from .._ids import DocumentId, OrganId
from .._model.attachment import Attachment, bare_cid, sniff_type, type_from_name, types_agree
from .._model.codes import (
    ADMINISTRATIVE_DOCUMENT_TYPES,
    LEGAL_DOCUMENT_TYPES,
    BussinessDocType,
    DocumentKind,
    StatusCode,
)
from .._model.document import document_head, extension, zip_facts
from .._model.header import Organization
from .._model.package import Edoc, StatusPackage
from .._model.payload import Base64Payload, Payload
from .._model.values import Deviation, Raw, read_date, read_timestamp
from .catalogue import LENGTH_LIMITS, RULES

ROOT = "/edXML"
HEADER = "/edXML/edXMLEnvelope/edXMLHeader"
TRACE = f"{HEADER}/TraceHeaderList"
BODY = "/edXML/edXMLEnvelope/edXMLBody"
ATTACHMENTS = "/edXML/AttachmentEncoded"

REPEATED: frozenset[str] = frozenset(
    {
        "To",
        "ResponseFor",
        "TraceHeader",
        "Reference",
        "Attachment",
        "Receiver",
        "ReplacementInfo",
        "BussinessDocumentInfo",
        "ReplacementInfoList",
    }
)
"""Elements that may repeat: their paths carry a 1-based index (``To[1]``)."""
_INDEXED_PARENTS = frozenset({"OrganIdList", "ToPlaces", "Appendixes"})
_INDEX = re.compile(r"\[\d+\]")


# --- paths and source lines --------------------------------------------------------------------


def _local(tag: object) -> str | None:
    if not isinstance(tag, str):
        return None
    return tag.rpartition("}")[2]


def line_map(root: etree._Element) -> dict[str, int]:
    """Map each element's path (indexes on repeated elements) to its source line."""
    out: dict[str, int] = {}
    name = _local(root.tag) or ""

    def walk(el: etree._Element, path: str, depth: int) -> None:
        if el.sourceline:
            out.setdefault(path, el.sourceline)
        if depth > 16:
            return
        parent_name = path.rpartition("/")[2].split("[")[0]
        counts: dict[str, int] = {}
        for child in el:
            cname = _local(child.tag)
            if cname is None:
                continue
            n = counts[cname] = counts.get(cname, 0) + 1
            if cname in REPEATED or parent_name in _INDEXED_PARENTS:
                cpath = f"{path}/{cname}[{n}]"
            elif n > 1:
                continue  # a duplicate the reader kept as unknown
            else:
                cpath = f"{path}/{cname}"
            walk(child, cpath, depth + 1)

    walk(root, f"/{name}", 0)
    return out


def normalise(path: str) -> str:
    """``path`` with ``[1]`` added to repeated elements that carry no index."""
    parts = path.split("/")
    for i, part in enumerate(parts):
        if part in REPEATED:
            parts[i] = f"{part}[1]"
    return "/".join(parts)


def strip_indexes(path: str) -> str:
    return _INDEX.sub("", path)


# --- the checker -------------------------------------------------------------------------------


def _blank(value: object) -> bool:
    return value is None or not str(value).strip()


class Checker:
    """Collects findings of the catalogue's rules for one package under one profile."""

    def __init__(
        self,
        profile: str,
        *,
        lines: Mapping[str, int] | None = None,
        today: dt.date,
        max_attachment_bytes: int | None = None,
        max_total_attachment_bytes: int | None = None,
        header_name: str = "MessageHeader",
    ) -> None:
        self.profile = profile
        self.lines = lines or {}
        self.today = today
        self.max_attachment_bytes = max_attachment_bytes
        self.max_total_attachment_bytes = max_total_attachment_bytes
        self.findings: list[Finding] = []
        self.H = f"{HEADER}/{header_name}"

    def line_for(self, path: str) -> int | None:
        if not self.lines:
            return None
        p = normalise(path)
        while p:
            line = self.lines.get(p)
            if line is not None:
                return line
            p = p.rpartition("/")[0]
        return None

    def add(self, rule: str, path: str, value: object = None, **params: Any) -> None:
        self.findings.append(
            RULES[rule].finding(
                self.profile, path=path, line=self.line_for(path), value=value, **params
            )
        )

    # -- helpers --

    def date(
        self, path: str, value: object, *, timestamp: bool = False, raw_rule: str | None = None
    ) -> Any:
        """A date/timestamp value, or None; reports raw (unreadable) values."""
        if value is None:
            return None
        if isinstance(value, Raw):
            text = str(value)
            if not text.strip():
                return None  # empty: a required-element rule or the reader's warning
            deviation = (read_timestamp if timestamp else read_date)(text)[1]
            if raw_rule is not None:
                self.add(raw_rule, path, text)
            elif deviation is Deviation.IMPOSSIBLE_DATE:
                self.add("EDX-DATE-001", path, text)
            else:
                pattern = "yyyy/MM/dd HH:mm:ss" if timestamp else "yyyy/MM/dd"
                self.add("EDX-DATE-003", path, text, pattern=pattern)
            return None
        return value

    def document_id(self, path: str, text: str | None) -> DocumentId | None:
        if _blank(text):
            return None
        assert text is not None
        try:
            doc = DocumentId.parse(text)
        except (BuildError, TypeError):
            return None
        other = []
        for problem in doc.problems:
            if problem.code == "DOCID_IMPOSSIBLE_DATE" and doc.kind == "sdk":
                self.add("EDX-DATE-002", path, text, date=doc.raw_date or "")
            else:
                other.append(problem)
        if other:
            self.add(
                "EDX-DOCID-003",
                path,
                text,
                problems="; ".join(p.message_en for p in other),
                problems_vi=" ".join(p.message_vi for p in other),
            )
        return doc

    def code(self, rule: str, path: str, value: object, enum_cls: type[enum.Enum]) -> None:
        """Report a code value the reader kept raw because it is not in ``enum_cls``.

        A value outside the list is ``rule``; one that is not even a number, for a list of
        numbers, is ``EDX-CODE-011`` (receivers built on the SDK cannot read it at all)."""
        if not isinstance(value, Raw) or not str(value).strip():
            return
        text = str(value).strip()
        if issubclass(enum_cls, int) and not text.lstrip("+-").isdigit():
            self.add("EDX-CODE-011", path, text, element=path.rpartition("/")[2])
            return
        try:
            if issubclass(enum_cls, int):
                enum_cls(int(text))
            else:
                enum_cls(text)
        except (ValueError, TypeError):
            self.add(rule, path, str(value))
        # else: a known code written oddly (" 1", "01"): the reader's finding says so

    def lengths(
        self,
        org_paths: Iterable[tuple[str, Organization | None]],
        values: Iterable[tuple[str, str, object]],
    ) -> None:
        limits = dict(LENGTH_LIMITS)
        for label, org in org_paths:
            if org is None:
                continue
            for field, attr in (
                ("OrganName", "organ_name"),
                ("Email", "email"),
                ("Telephone", "telephone"),
                ("Fax", "fax"),
            ):
                self._length(
                    f"{self.H}/{label}/{field}",
                    getattr(org, attr),
                    limits[f"From|To/{field}"],
                    field,
                )
        for key, path, value in values:
            self._length(path, value, limits[key], key.rpartition("/")[2])

    def _length(self, path: str, value: object, limit: int, element: str) -> None:
        if isinstance(value, str) and len(value) > limit:
            self.add("EDX-LEN-001", path, value, element=element, length=len(value), limit=limit)

    def organ_ids(self, items: Iterable[tuple[str, str | None]]) -> None:
        for path, text in items:
            trace = "/TraceHeader[" in path
            if _blank(text) or (trace and str(text).strip().lower() == "null"):
                if trace:  # the hub's own entries: nothing, or the string "null"
                    self.add(
                        "EDX-ORG-003",
                        path,
                        text or "",
                        problems="no identifier (a hub-added entry)",
                        problems_vi="không có mã định danh (mục do trục thêm vào)",
                    )
                continue
            assert text is not None
            try:
                organ = OrganId.parse(text)
            except BuildError:
                if len(text) > 35:
                    reason, reason_vi = (
                        f"{len(text)} characters, more than 35 (SĐ1:2022)",
                        f"dài {len(text)} ký tự, quá 35 ký tự (SĐ1:2022)",
                    )
                else:
                    reason, reason_vi = ("it contains control characters", "chứa ký tự điều khiển")
                self.add("EDX-ORG-002", path, text, reason=reason, reason_vi=reason_vi)
                continue
            if organ.problems:
                self.add(
                    "EDX-ORG-003" if trace else "EDX-ORG-001",
                    path,
                    text,
                    problems="; ".join(p.message_en for p in organ.problems),
                    problems_vi=" ".join(p.message_vi for p in organ.problems),
                )


# --- edoc ----------------------------------------------------------------------------------


def check_edoc(pkg: Edoc, c: Checker) -> None:
    """The "rules" tier of an edoc package."""
    h = pkg.header
    H = c.H
    _check_sender(h.sender, c)
    if not h.to:
        c.add("EDX-REQ-003", f"{H}/To")
    seen: dict[str, int] = {}
    for i, to in enumerate(h.to, 1):
        if _blank(to.organ_id):
            c.add("EDX-REQ-004", f"{H}/To[{i}]/OrganId")
            continue
        key = str(to.organ_id).strip()
        if key in seen:
            c.add("EDX-TO-001", f"{H}/To[{i}]/OrganId", key, first=seen[key])
        else:
            seen[key] = i
    code = h.code
    if code is None:
        c.add("EDX-REQ-005", f"{H}/Code")
    else:
        if _blank(code.code_number):
            c.add("EDX-REQ-006", f"{H}/Code/CodeNumber")
        if _blank(code.code_notation):
            c.add("EDX-REQ-007", f"{H}/Code/CodeNotation")
    promulgated: dt.date | None = None
    pi = h.promulgation_info
    if pi is None:
        c.add("EDX-REQ-008", f"{H}/PromulgationInfo")
    else:
        path = f"{H}/PromulgationInfo/PromulgationDate"
        if _blank(pi.promulgation_date):
            c.add("EDX-REQ-009", path)
        promulgated = c.date(path, pi.promulgation_date)
        if promulgated is not None and promulgated > c.today:
            c.add("EDX-DATE-004", path, _fmt(promulgated), today=_fmt(c.today))
    if h.document_type is None:
        c.add("EDX-REQ-010", f"{H}/DocumentType")
    elif _blank(h.document_type.type):
        c.add("EDX-REQ-011", f"{H}/DocumentType/Type")
    if _blank(h.subject):
        c.add("EDX-REQ-012", f"{H}/Subject")
    if h.signer_info is None:
        c.add("EDX-REQ-013", f"{H}/SignerInfo")
    due = c.date(f"{H}/DueDate", h.due_date)
    if due is not None and promulgated is not None and due < promulgated:
        c.add("EDX-DATE-005", f"{H}/DueDate", _fmt(due), promulgated=_fmt(promulgated))
    for i, rf in enumerate(h.response_for, 1):
        c.date(f"{H}/ResponseFor[{i}]/PromulgationDate", rf.promulgation_date)
        c.document_id(f"{H}/ResponseFor[{i}]/DocumentId", rf.document_id)
    _check_lengths(pkg, c)
    _check_document_id(pkg, promulgated, c)
    _check_trace(pkg, c)
    _check_attachments(pkg, c)


def _fmt(value: dt.date) -> str:
    return f"{value.year:04d}/{value.month:02d}/{value.day:02d}"


def _check_sender(sender: Organization | None, c: Checker) -> None:
    if sender is None:
        c.add("EDX-REQ-001", f"{c.H}/From")
    elif _blank(sender.organ_id):
        c.add("EDX-REQ-002", f"{c.H}/From/OrganId")


def _check_lengths(pkg: Edoc, c: Checker) -> None:
    h = pkg.header
    H = c.H
    values: list[tuple[str, str, object]] = [("Subject", f"{H}/Subject", h.subject)]
    if h.code is not None:
        values += [
            ("Code/CodeNumber", f"{H}/Code/CodeNumber", h.code.code_number),
            ("Code/CodeNotation", f"{H}/Code/CodeNotation", h.code.code_notation),
        ]
    if h.promulgation_info is not None:
        values.append(
            ("PromulgationInfo/Place", f"{H}/PromulgationInfo/Place", h.promulgation_info.place)
        )
    if h.document_type is not None:
        values.append(
            ("DocumentType/TypeName", f"{H}/DocumentType/TypeName", h.document_type.type_name)
        )
    if h.signer_info is not None:
        s = h.signer_info
        values += [
            ("SignerInfo/Competence", f"{H}/SignerInfo/Competence", s.competence),
            ("SignerInfo/Position", f"{H}/SignerInfo/Position", s.position),
            ("SignerInfo/FullName", f"{H}/SignerInfo/FullName", s.full_name),
        ]
    if h.other_info is not None:
        o = h.other_info
        values += [
            (
                "OtherInfo/SphereOfPromulgation",
                f"{H}/OtherInfo/SphereOfPromulgation",
                o.sphere_of_promulgation,
            ),
            ("OtherInfo/TyperNotation", f"{H}/OtherInfo/TyperNotation", o.typer_notation),
        ]
    orgs = [("From", h.sender)] + [(f"To[{i}]", t) for i, t in enumerate(h.to, 1)]
    c.lengths(orgs, values)


def _check_document_id(pkg: Edoc, promulgated: dt.date | None, c: Checker) -> None:
    h = pkg.header
    path = f"{c.H}/DocumentId"
    if _blank(h.document_id):
        c.add("EDX-DOCID-002", path)
        return
    doc = c.document_id(path, h.document_id)
    if doc is None or doc.kind not in ("sdk", "year"):
        return
    sender = h.sender.organ_id if h.sender is not None else None
    number = h.code.code_number if h.code is not None else None
    notation = h.code.code_notation if h.code is not None else None
    wrong = doc.mismatches(
        organ_id=None if _blank(sender) else sender,
        date=promulgated,
        number=None if _blank(number) else number,
        notation=None if _blank(notation) else notation,
    )
    if wrong:
        names = {
            "organ_id": ("From/OrganId", "mã cơ quan gửi (From/OrganId)"),
            "date": ("PromulgationDate", "ngày ban hành (PromulgationDate)"),
            "number": ("CodeNumber", "số văn bản (CodeNumber)"),
            "notation": ("CodeNotation", "ký hiệu (CodeNotation)"),
        }
        c.add(
            "EDX-DOCID-001",
            path,
            h.document_id,
            fields=", ".join(names[w][0] for w in wrong),
            fields_vi=", ".join(names[w][1] for w in wrong),
        )


_FLOW_NAMES = {
    BussinessDocType.REVOKE: ("revoke (BussinessDocType 1)", "thu hồi (BussinessDocType 1)"),
    BussinessDocType.UPDATE: ("update (BussinessDocType 2)", "cập nhật (BussinessDocType 2)"),
    BussinessDocType.REPLACE: ("replace (BussinessDocType 3)", "thay thế (BussinessDocType 3)"),
}


def _check_trace(pkg: Edoc, c: Checker) -> None:
    thl = pkg.trace_header_list
    for i, th in enumerate(thl.trace_headers if thl is not None else (), 1):
        c.date(f"{TRACE}/TraceHeader[{i}]/Timestamp", th.timestamp, timestamp=True)
    b = thl.bussiness if thl is not None else None
    B = f"{TRACE}/Bussiness"
    kind = b.bussiness_doc_type if b is not None else None
    if _blank(kind):
        c.add("EDX-FLOW-004", f"{B}/BussinessDocType")
    if b is None:
        return
    if isinstance(kind, BussinessDocType) and kind is not BussinessDocType.NEW:
        en, vi = _FLOW_NAMES[kind]
        if _blank(b.document_id) and kind is not BussinessDocType.REPLACE:
            # A replacement names its targets in ReplacementInfo/DocumentId (spec §3.2).
            c.add("EDX-FLOW-001", f"{B}/DocumentId", en, value_vi=vi)
        if kind is BussinessDocType.UPDATE and not b.bussiness_document_info:
            c.add("EDX-FLOW-002", f"{B}/BussinessDocumentInfo")
        if kind is BussinessDocType.REPLACE and not any(
            lst.replacement_info for lst in b.replacement_info_list
        ):
            c.add("EDX-FLOW-003", f"{B}/ReplacementInfoList")
    c.document_id(f"{B}/DocumentId", b.document_id)
    for i, lst in enumerate(b.replacement_info_list, 1):
        for j, info in enumerate(lst.replacement_info, 1):
            path = f"{B}/ReplacementInfoList[{i}]/ReplacementInfo[{j}]/DocumentId"
            if _blank(info.document_id):
                c.add("EDX-FLOW-005", path)
            else:
                c.document_id(path, info.document_id)


# --- attachments --------------------------------------------------------------------------------

_B64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_WS = b" \t\r\n"
_WS_PAD = _WS + b"="


class Base64Problem(Exception):
    def __init__(self, en: str, vi: str, excerpt: str) -> None:
        super().__init__(en)
        self.en = en
        self.vi = vi
        self.excerpt = excerpt


def _excerpt(chunk: bytes, at: int) -> str:
    return chunk[max(0, at - 10) : at + 10].decode("ascii", "replace")


def base64_size(chunks: Iterable[bytes | memoryview]) -> int:
    """Check base64 text given in chunks; return the decoded size.

    Fast path: ``bytes.translate`` deletes the alphabet from each chunk; only chunks with
    something left (white space, padding, bad bytes) are looked at further.  Raises
    :class:`Base64Problem`.
    """
    count = 0  # significant characters (alphabet and padding)
    pad = 0
    offset = 0
    for raw in chunks:
        chunk = raw if isinstance(raw, bytes) else bytes(raw)
        rest = chunk.translate(None, _B64_ALPHABET)
        if not rest:
            if pad and chunk:
                raise Base64Problem(
                    "data after the '=' padding", "có dữ liệu sau phần đệm '='", _excerpt(chunk, 0)
                )
            count += len(chunk)
            offset += len(chunk)
            continue
        bad = rest.translate(None, _WS_PAD)
        if bad:
            at = chunk.find(bad[:1])
            char = bad[:1]
            shown = repr(char.decode("latin-1"))
            raise Base64Problem(
                f"character {shown} at offset {offset + at} is not in the base64 alphabet",
                f"ký tự {shown} ở vị trí {offset + at} không thuộc bảng chữ base64",
                _excerpt(chunk, at),
            )
        n_pad = rest.count(b"=")
        if pad:
            tail = chunk
        elif n_pad:
            tail = chunk[chunk.find(b"=") :]
        else:
            tail = b""
        if tail and tail.translate(None, _WS_PAD):
            at = chunk.find(b"=") if not pad else 0
            raise Base64Problem(
                "data after the '=' padding",
                "có dữ liệu sau phần đệm '='",
                _excerpt(chunk, max(at, 0)),
            )
        pad += n_pad
        count += len(chunk) - (len(rest) - n_pad)
        offset += len(chunk)
    if pad > 2:
        raise Base64Problem(
            f"{pad} '=' padding characters (at most 2)",
            f"có {pad} ký tự đệm '=' (tối đa 2)",
            "=" * pad,
        )
    if count % 4:
        raise Base64Problem(
            f"{count} base64 characters, not a multiple of 4 (cut off or badly padded)",
            f"{count} ký tự base64, không chia hết cho 4 (bị cắt hoặc thiếu phần đệm)",
            "",
        )
    return count // 4 * 3 - pad


def _payload_size(payload: Payload) -> int:
    """Decoded size; checks base64 of read payloads (raises Base64Problem)."""
    if isinstance(payload, Base64Payload):
        return base64_size(payload.iter_raw_text())
    return payload.size


def _names_equal(a: str | None, b: str | None) -> bool:
    return (a or "").strip().casefold() == (b or "").strip().casefold()


def _check_attachments(pkg: Edoc, c: Checker) -> None:
    manifest = pkg.manifest
    M = f"{BODY}/{manifest.name if manifest is not None else 'edXMLManifest'}"
    refs = manifest.references if manifest is not None else ()
    ref_keys: dict[str, int] = {}
    for i, ref in enumerate(refs, 1):
        cid = bare_cid(ref.content_id)
        path = f"{M}/Reference[{i}]/ContentId"
        if not cid:
            c.add("EDX-ATT-013", path, f"#{i}", where="manifest reference", where_vi="mục bảng kê")
        elif cid in ref_keys:
            c.add(
                "EDX-ATT-007",
                path,
                ref.content_id,
                where="manifest reference",
                where_vi="mục bảng kê",
            )
        else:
            ref_keys[cid] = i
    att_keys: dict[str, int] = {}
    for i, att in enumerate(pkg.attachments, 1):
        cid = bare_cid(att.content_id)
        path = f"{ATTACHMENTS}/Attachment[{i}]/ContentId"
        if not cid:
            c.add("EDX-ATT-013", path, f"#{i}", where="attachment", where_vi="tệp đính kèm")
        elif cid in att_keys:
            c.add("EDX-ATT-007", path, att.content_id, where="attachment", where_vi="tệp đính kèm")
        else:
            att_keys[cid] = i
    lonely_refs = [i for cid, i in ref_keys.items() if cid not in att_keys]
    lonely_atts = [i for cid, i in att_keys.items() if cid not in ref_keys]
    no_cid = [i for i, a in enumerate(pkg.attachments, 1) if not bare_cid(a.content_id)]
    pairs: dict[int, int] = {att_keys[cid]: i for cid, i in ref_keys.items() if cid in att_keys}
    for ri in list(lonely_refs):
        ref = refs[ri - 1]
        for ai in lonely_atts + no_cid:
            att = pkg.attachments[ai - 1]
            if ref.attachment_name and _names_equal(ref.attachment_name, att.attachment_name):
                if ai in lonely_atts:  # same file, two ContentIds (no ContentId: EDX-ATT-013)
                    c.add(
                        "EDX-ATT-003",
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
    for ri in lonely_refs:
        ref = refs[ri - 1]
        c.add("EDX-ATT-001", f"{M}/Reference[{ri}]", ref.content_id, name=ref.attachment_name)
    for ai in lonely_atts:
        att = pkg.attachments[ai - 1]
        c.add(
            "EDX-ATT-002",
            f"{ATTACHMENTS}/Attachment[{ai}]",
            att.content_id,
            name=att.attachment_name,
        )
    total = 0
    for ai, att in enumerate(pkg.attachments, 1):
        paired = refs[pairs[ai] - 1] if ai in pairs else None
        total += _check_one_attachment(att, ai, paired, pairs.get(ai), M, c)
    limit = c.max_total_attachment_bytes
    if limit is not None and total > limit:
        c.add("EDX-ATT-011", ATTACHMENTS, total, limit=limit)


def _check_one_attachment(
    att: Attachment, ai: int, ref: Any, ri: int | None, M: str, c: Checker
) -> int:
    A = f"{ATTACHMENTS}/Attachment[{ai}]"
    label = att.attachment_name or att.content_id or f"#{ai}"
    if (
        ref is not None
        and ref.attachment_name
        and att.attachment_name
        and not _names_equal(ref.attachment_name, att.attachment_name)
    ):
        c.add(
            "EDX-ATT-004",
            f"{A}/AttachmentName",
            att.attachment_name,
            cid=att.content_id,
            ref_name=ref.attachment_name,
        )
    payload = att.payload
    if payload is None:
        c.add("EDX-ATT-008", A, label)
        return 0
    try:
        size = _payload_size(payload)
    except Base64Problem as problem:
        c.add(
            "EDX-ATT-009",
            f"{A}/ContentTransferEncoded",
            problem.excerpt or None,
            name=label,
            detail=problem.en,
            detail_vi=problem.vi,
        )
        return 0
    except (EdocError, OSError) as exc:
        c.add(
            "EDX-ATT-009",
            f"{A}/ContentTransferEncoded",
            str(exc),
            name=label,
            detail=str(exc),
            detail_vi=str(exc),
        )
        return 0
    if size == 0:
        c.add("EDX-ATT-012", A, label)
        return 0
    limit = c.max_attachment_bytes
    if limit is not None and size > limit:
        c.add("EDX-ATT-010", A, size, name=label, limit=limit)
    try:
        heads = [payload.head(64)]  # the transferred bytes, then the document they carry
        if att.carrier != "raw":
            heads.append(document_head(payload, 64))
    except (EdocError, OSError):
        return size
    _check_types(att, label, A, heads, c)
    if (
        ref is not None
        and ri is not None
        and not _blank(ref.content_type)
        and not any(_agrees(ref.content_type, h, ref.attachment_name) for h in heads)
    ):
        c.add(
            "EDX-ATT-006",
            f"{M}/Reference[{ri}]/ContentType",
            ref.content_type,
            name=label,
            detected=sniff_type(heads[-1]) or "unknown",
        )
    return size


def _check_types(att: Attachment, label: str, A: str, heads: list[bytes], c: Checker) -> None:
    """The declared type against the bytes: forms A and B (spec §1.2) agree with the SDK's
    ZIP, form B noted as such; anything else must agree with what the bytes show."""
    carrier = att.carrier
    if carrier == "zip-declared":
        return
    head = heads[-1]
    if carrier == "zip-undeclared":
        facts = zip_facts(att.payload) if att.payload is not None else None
        entry = facts.entry_name if facts is not None else ""
        c.add("EDX-ATT-014", f"{A}/ContentType", att.content_type or "", name=label, entry=entry)
    if not _agrees(att.content_type, head, att.attachment_name):
        c.add(
            "EDX-ATT-005",
            f"{A}/ContentType",
            att.content_type or "",
            name=label,
            detected=sniff_type(head) or "unknown",
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


# --- status ----------------------------------------------------------------------------------


def check_status(pkg: StatusPackage, c: Checker) -> None:
    """The "rules" tier of a status package."""
    h = pkg.header
    H = c.H
    _check_sender(h.sender, c)
    rf = h.response_for
    if rf is None:
        c.add("EDX-STA-001", f"{H}/ResponseFor")
    else:
        if _blank(rf.document_id):
            c.add("EDX-STA-002", f"{H}/ResponseFor/DocumentId")
        else:
            c.document_id(f"{H}/ResponseFor/DocumentId", rf.document_id)
        c.date(f"{H}/ResponseFor/PromulgationDate", rf.promulgation_date)
    code = h.status_code
    if _blank(code):
        c.add("EDX-STA-003", f"{H}/StatusCode")
    if _blank(h.timestamp):
        c.add("EDX-STA-004", f"{H}/Timestamp")
    else:
        c.date(f"{H}/Timestamp", h.timestamp, timestamp=True, raw_rule="EDX-STA-005")
    if isinstance(code, StatusCode) and code.needs_description and _blank(h.description):
        c.add(
            "EDX-STA-006",
            f"{H}/Description",
            code.value,
            label=code.label_en,
            label_vi=code.label_vi,
        )
    c.lengths([("From", h.sender)], ())


# --- identifiers and code lists ------------------------------------------------------------------


def check_identifiers(pkg: Edoc | StatusPackage, c: Checker) -> None:
    """The "identifiers" tier: agency identifiers and code lists."""
    H = c.H
    ids: list[tuple[str, str | None]] = []
    if pkg.header.sender is not None:
        ids.append((f"{H}/From/OrganId", pkg.header.sender.organ_id))
    if isinstance(pkg, StatusPackage):
        h = pkg.header
        if h.response_for is not None:
            ids.append((f"{H}/ResponseFor/OrganId", h.response_for.organ_id))
        c.code("EDX-CODE-003", f"{H}/StatusCode", h.status_code, StatusCode)
        c.organ_ids(ids)
        return
    eh = pkg.header
    ids += [(f"{H}/To[{i}]/OrganId", t.organ_id) for i, t in enumerate(eh.to, 1)]
    ids += [(f"{H}/ResponseFor[{i}]/OrganId", r.organ_id) for i, r in enumerate(eh.response_for, 1)]
    thl = pkg.trace_header_list
    if thl is not None:
        ids += [
            (f"{TRACE}/TraceHeader[{i}]/OrganId", t.organ_id)
            for i, t in enumerate(thl.trace_headers, 1)
        ]
        _codes_trace(thl, c, ids)
    c.organ_ids(ids)
    o = eh.other_info
    if o is not None:
        from .._model.codes import Priority

        c.code("EDX-CODE-001", f"{H}/OtherInfo/Priority", o.priority, Priority)
    from .._model.codes import SteeringType

    c.code("EDX-CODE-007", f"{H}/SteeringType", eh.steering_type, SteeringType)
    d = eh.document_type
    if d is not None:
        c.code(
            "EDX-CODE-004" if not _blank(d.type_name) else "EDX-CODE-010",
            f"{H}/DocumentType/Type",
            d.type,
            DocumentKind,
        )
        _type_detail(d.type, d.type_detail, d.type_name, f"{H}/DocumentType/TypeDetail", c)


def _type_detail(kind: object, detail: object, name: str | None, path: str, c: Checker) -> None:
    if not isinstance(kind, DocumentKind) or detail is None:
        return
    table, label = (
        (LEGAL_DOCUMENT_TYPES, "A")
        if kind is DocumentKind.LEGAL
        else (ADMINISTRATIVE_DOCUMENT_TYPES, "B")
    )
    if isinstance(detail, Raw):
        if str(detail).strip():
            c.add("EDX-CODE-005", path, str(detail), list=label)
        return
    if detail == 0:
        c.add("EDX-CODE-006", path, "0", name=name or "")
    elif detail not in table:
        c.add("EDX-CODE-005", path, str(detail), list=label)


def _codes_trace(thl: Any, c: Checker, ids: list[tuple[str, str | None]]) -> None:
    from .._model.codes import Paper, ReceiverType

    c.code("EDX-CODE-008", f"{TRACE}/Paper", thl.paper, Paper)
    b = thl.bussiness
    if b is None:
        return
    B = f"{TRACE}/Bussiness"
    c.code("EDX-CODE-002", f"{B}/BussinessDocType", b.bussiness_doc_type, BussinessDocType)
    c.code("EDX-CODE-008", f"{B}/Paper", b.paper, Paper)
    for i, info in enumerate(b.bussiness_document_info, 1):
        rl = info.receiver_list
        for j, r in enumerate(rl.receivers if rl is not None else (), 1):
            path = f"{B}/BussinessDocumentInfo[{i}]/ReceiverList/Receiver[{j}]"
            ids.append((f"{path}/OrganId", r.organ_id))
            c.code("EDX-CODE-009", f"{path}/ReceiverType", r.receiver_type, ReceiverType)
    for i, lst in enumerate(b.replacement_info_list, 1):
        for j, rep in enumerate(lst.replacement_info, 1):
            for k, organ in enumerate(rep.organ_id_list or (), 1):
                ids.append(
                    (
                        f"{B}/ReplacementInfoList[{i}]/ReplacementInfo[{j}]/OrganIdList/"
                        f"OrganId[{k}]",
                        organ,
                    )
                )


__all__ = [
    "Base64Problem",
    "Checker",
    "base64_size",
    "check_edoc",
    "check_identifiers",
    "check_status",
    "line_map",
    "normalise",
    "strip_indexes",
]
