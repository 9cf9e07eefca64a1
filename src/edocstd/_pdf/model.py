"""What the documents tier found: one :class:`DocumentCheck` per attachment, listing the
signatures of a PDF in file order (pure data; no I/O here)."""

from __future__ import annotations

import functools
import re
import types
import typing
import unicodedata
from typing import Any, Literal, Union

import attrs

from .._record import Record
from .._text import printable

Trust = Literal["trusted", "untrusted", "expired", "not-yet-valid", "revoked", "not-checked"]
Role = Literal["official", "agency", "unknown"]
CheckKind = Literal["pdf", "other", "unreadable"]
SignatureKind = Literal["signature", "timestamp"]

MAX_TEXT = 1000
"""Longest text accepted from the checking process (it cuts its own at 300 characters)."""

_ORGANISATION_WORDS = (
    r"^(ủy ban|uỷ ban|ubnd|bộ|sở|văn phòng|cục|tổng cục|ban|phòng|chi cục|trường|bệnh viện|"
    r"viện|trung tâm|công ty|tổng công ty|hội đồng|hđnd|chính phủ|tỉnh ủy|tỉnh uỷ|thành ủy|"
    r"thành uỷ|huyện ủy|huyện uỷ|đảng ủy|đảng uỷ|kho bạc|ngân hàng|tòa án|toà án|viện kiểm sát|"
    r"cơ quan|đài|báo|học viện|đại học|ministry|office|department|agency|committee)\b"
)
"""Compiled on first use (:func:`_organisation_words`): ``edocstd show`` of a package without
signed documents never needs it."""


@functools.cache
def _organisation_words() -> re.Pattern[str]:
    return re.compile(_ORGANISATION_WORDS, re.IGNORECASE)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class DocumentSignature(Record):
    """One signature of a PDF, as pyHanko evaluated it.

    ``intact``: the signed bytes are unchanged and the CMS signature verifies.
    ``coverage``: ``entire-file``, ``entire-revision`` (later incremental updates exist),
    ``partial`` or ``unclear``.  ``modification``: what was added after this signature
    (``none``, ``lta-updates``, ``form-filling``, ``annotations``, ``other`` = content
    changed, ``unknown``).  ``trust``: against the trust anchors given (``not-checked``
    without any).  ``role``: ``official``/``agency``, *inferred* from the certificate subject
    and the order of signatures.  ``kind``: ``signature``, or ``timestamp`` for a document
    timestamp (``/DocTimeStamp``, PAdES-B-LTA: a time authority's seal over the file, not a
    signer; its authority is in ``common_name``).  ``docmdp_ok``: False when a certifying
    signature forbade the changes made after it (DocMDP); ``seed_value_ok``: the field's seed
    value constraints are met; ``bottom_line``: pyHanko's overall judgement.
    """

    index: int
    kind: SignatureKind = "signature"
    field: str | None = None
    subject: str | None = None
    common_name: str | None = None
    organization: str | None = None
    issuer: str | None = None
    serial: str | None = None
    not_after: str | None = None
    claimed_time: str | None = None
    timestamp: str | None = None
    timestamp_trusted: bool = False
    algorithm: str | None = None
    intact: bool = False
    coverage: str = "unclear"
    modification: str = "unknown"
    modification_detail: str | None = None
    trust: Trust = "not-checked"
    trust_detail: str | None = None
    error: str | None = None
    docmdp_ok: bool | None = None
    seed_value_ok: bool = True
    seed_value_detail: str | None = None
    bottom_line: bool | None = None
    role: Role = "unknown"

    @classmethod
    def from_answer(cls, index: int, raw: object) -> DocumentSignature:
        """One signature as the checking process described it (texts as in the file: escape
        them before printing, as :meth:`line` does); ``ValueError`` when the answer has
        another shape (a field of the wrong type or value, an unknown field, an overlong
        text)."""
        types = _answer_types()
        if not isinstance(raw, dict) or not set(raw) <= types.keys():
            raise ValueError("not a signature description")
        for name, value in raw.items():
            if not _accepts(types[name], value):
                raise ValueError(f"unexpected {name}")
        return cls(index=index, **raw)

    @property
    def signer(self) -> str:
        """The signer as a person reads it: the common name, else the subject."""
        return self.common_name or self.subject or "?"

    @property
    def content_changed(self) -> bool:
        """Content (not only form fields, annotations or validation data) was changed after
        this signature, or what was added cannot be told apart from a change."""
        if self.modification == "other" or self.docmdp_ok is False:
            return True
        return self.modification == "unknown" and self.coverage in ("partial", "unclear")

    @property
    def rejected(self) -> str | None:
        """Why pyHanko rejects an intact signature beyond what the other properties say (seed
        value constraints not met; a trusted signer whose overall judgement is still
        negative, such as an untrusted signature timestamp), or ``None``."""
        if not self.seed_value_ok:
            return f"seed value constraints not met: {self.seed_value_detail or '?'}"
        if self.trust == "trusted" and self.bottom_line is False and not self.content_changed:
            if self.timestamp and not self.timestamp_trusted:
                return "its signature timestamp is not trusted"
            return "pyHanko judges the signature invalid"
        return None

    @property
    def label(self) -> str:
        """``1``, ``2``… for signatures, ``T1``, ``T2``… for document timestamps."""
        return f"T{self.index}" if self.kind == "timestamp" else str(self.index)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mirror (times in ISO 8601)."""
        return {**attrs.asdict(self), "signer": self.signer, "role_inferred": True}

    def line(self, lang: str = "vi") -> str:
        """One line for people, everything from the file escaped for a terminal."""
        t = _WORDS["en" if lang == "en" else "vi"]
        who = self.signer
        if self.organization and self.organization != self.signer:
            who += f" ({self.organization})"
        when = self.timestamp or self.claimed_time or "?"
        if self.timestamp:
            checked = self.trust != "not-checked"
            untrusted = checked and not self.timestamp_trusted
            when += f" [{t['timestamp']}{', ' + t['untrusted'] if untrusted else ''}]"
        role = f"{t.get(self.role, self.role)} ({t['inferred']})"
        parts = [
            f"[{self.label}] {who}",
            when,
            t["intact"] if self.intact else t["broken"],
            t.get(f"cov-{self.coverage}", self.coverage),
            t.get(self.modification, self.modification) if self.modification != "none" else "",
            t.get(self.trust, self.trust),
            t["document-timestamp"] if self.kind == "timestamp" else role,
        ]
        return printable(" | ".join(p for p in parts if p))


@attrs.frozen(kw_only=True, eq=False, repr=False)
class DocumentCheck(Record):
    """The documents tier's view of one attachment.

    ``kind``: ``pdf`` (``signatures`` lists its signatures in file order), ``other`` (a
    document that is not a PDF: listed as unsigned) or ``unreadable`` (the document could not
    be taken out of the attachment).  ``problem``: why a PDF could not be checked (unreadable,
    over a limit, timed out), with ``problem_detail``.
    """

    index: int
    name: str
    document_type: str | None = None
    carrier: str | None = None
    kind: CheckKind = "pdf"
    signatures: tuple[DocumentSignature, ...] = ()
    problem: str | None = None
    problem_detail: str | None = None
    more_signatures: bool = False
    """The PDF has more signatures than ``DocumentLimits.max_signatures``: only the first
    ones were examined (and the verdict is at best ``unchecked``)."""
    timestamps: tuple[DocumentSignature, ...] = ()
    """Document timestamps (PAdES-B-LTA), in file order: not signers."""
    uncovered_tail: bool = False
    """Data follows the last signed revision that no signature covers (appended bytes)."""

    @property
    def verdict(self) -> str:
        """``valid``, ``unverified`` (intact, trust not checked), ``invalid``, ``unsigned``,
        ``unchecked`` (could not be checked) or ``not-pdf``."""
        if self.kind == "other":
            return "not-pdf"
        if self.kind == "unreadable" or self.problem is not None or self.more_signatures:
            return "unchecked"
        if not self.signatures:
            return "unsigned"
        every = self.signatures + self.timestamps
        if self.uncovered_tail or any(
            not s.intact or s.content_changed or s.rejected for s in every
        ):
            return "invalid"
        if any(s.trust == "not-checked" for s in every):
            return "unverified"
        return "valid" if all(s.trust == "trusted" for s in every) else "invalid"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mirror (times in ISO 8601)."""
        return {
            "index": self.index,
            "name": self.name,
            "document_type": self.document_type,
            "carrier": self.carrier,
            "kind": self.kind,
            "verdict": self.verdict,
            "problem": self.problem,
            "problem_detail": self.problem_detail,
            "more_signatures": self.more_signatures,
            "signatures": [s.to_dict() for s in self.signatures],
            "timestamps": [s.to_dict() for s in self.timestamps],
            "uncovered_tail": self.uncovered_tail,
        }

    def lines(self, lang: str = "vi") -> list[str]:
        """A heading line (document, verdict) and one line per signature, escaped."""
        t = _WORDS["en" if lang == "en" else "vi"]
        head = f"{self.name} ({self.document_type or '?'}): {t[self.verdict]}"
        if self.problem_detail:
            head += f" — {self.problem_detail}"
        every = self.signatures + self.timestamps
        return [printable(head)] + [f"  {s.line(lang)}" for s in every]


def infer_roles(signatures: list[DocumentSignature]) -> list[DocumentSignature]:
    """Roles after Nghị định 30/2020/NĐ-CP: the competent official signs first, then the
    issuing agency.  A certificate whose name is an organisation's (its CN equals its O, or
    starts with an organisational word) is the agency's; otherwise a person's."""
    out = []
    for i, sig in enumerate(signatures):
        if sig.common_name is None:
            role: Role = "unknown"
        elif _looks_like_organisation(sig.common_name, sig.organization):
            role = "agency"
        else:
            role = "official" if i < len(signatures) - 1 or len(signatures) == 1 else "unknown"
        out.append(attrs.evolve(sig, role=role))
    return out


def _looks_like_organisation(cn: str, org: str | None) -> bool:
    name = unicodedata.normalize("NFC", cn).strip().casefold()
    if org and name == unicodedata.normalize("NFC", org).strip().casefold():
        return True
    return bool(_organisation_words().match(name))


def has_expected_roles(signatures: tuple[DocumentSignature, ...]) -> bool:
    """An official's signature followed (not necessarily at once) by the agency's."""
    roles = [s.role for s in signatures if s.intact]
    return "official" in roles and "agency" in roles[roles.index("official") :]


_WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "timestamp": "dấu thời gian",
        "intact": "nguyên vẹn",
        "broken": "HỎNG",
        "cov-entire-file": "phủ toàn bộ tệp",
        "cov-entire-revision": "phủ đến phiên bản đã ký",
        "cov-partial": "chỉ phủ một phần",
        "cov-unclear": "phạm vi không rõ",
        "lta-updates": "sau đó: thêm dữ liệu kiểm tra",
        "form-filling": "sau đó: thêm trường/chữ ký",
        "annotations": "sau đó: thêm chú thích",
        "other": "sau đó: NỘI DUNG BỊ SỬA",
        "unknown": "sau đó: không rõ",
        "trusted": "tin cậy",
        "untrusted": "KHÔNG TIN CẬY",
        "expired": "CHỨNG THƯ HẾT HẠN",
        "not-yet-valid": "CHỨNG THƯ CHƯA HIỆU LỰC",
        "revoked": "CHỨNG THƯ BỊ THU HỒI",
        "not-checked": "chưa kiểm tra độ tin cậy",
        "official": "người có thẩm quyền",
        "agency": "cơ quan",
        "inferred": "suy đoán",
        "valid": "HỢP LỆ",
        "unverified": "nguyên vẹn, chưa kiểm tra người ký",
        "invalid": "KHÔNG HỢP LỆ",
        "unsigned": "KHÔNG CÓ CHỮ KÝ SỐ",
        "unchecked": "KHÔNG KIỂM TRA ĐƯỢC",
        "not-pdf": "không phải PDF: không kiểm tra chữ ký",
        "document-timestamp": "dấu thời gian tài liệu",
    },
    "en": {
        "timestamp": "timestamp",
        "intact": "intact",
        "broken": "BROKEN",
        "cov-entire-file": "covers the whole file",
        "cov-entire-revision": "covers its revision",
        "cov-partial": "covers part of the file",
        "cov-unclear": "coverage unclear",
        "lta-updates": "then: validation data added",
        "form-filling": "then: fields/signatures added",
        "annotations": "then: annotations added",
        "other": "then: CONTENT CHANGED",
        "unknown": "then: unknown changes",
        "trusted": "trusted",
        "untrusted": "UNTRUSTED",
        "expired": "CERTIFICATE EXPIRED",
        "not-yet-valid": "CERTIFICATE NOT YET VALID",
        "revoked": "CERTIFICATE REVOKED",
        "not-checked": "trust not checked",
        "official": "official",
        "agency": "agency",
        "inferred": "inferred",
        "valid": "VALID",
        "unverified": "intact, signer not checked",
        "invalid": "INVALID",
        "unsigned": "NOT DIGITALLY SIGNED",
        "unchecked": "COULD NOT BE CHECKED",
        "not-pdf": "not a PDF: signatures not checked",
        "document-timestamp": "document timestamp",
    },
}


def _accepts(kind: Any, value: object) -> bool:
    """``value`` (from JSON) is of the declared type ``kind`` (str, bool, None, a Literal
    or a union of these)."""
    origin = typing.get_origin(kind)
    if origin is Literal:
        return isinstance(value, str) and value in typing.get_args(kind)
    if origin in (Union, types.UnionType):
        return any(_accepts(k, value) for k in typing.get_args(kind))
    if kind is type(None):
        return value is None
    if kind is bool:
        return isinstance(value, bool)
    if kind is str:
        return isinstance(value, str) and len(value) <= MAX_TEXT
    return False


@functools.cache
def _answer_types() -> dict[str, Any]:
    """The fields the checking process may send, with their types (declared once, above;
    read on first use: evaluating the annotations costs a few milliseconds).  The names are
    looked up here: ``edocstd`` shows the class as ``edocstd.DocumentSignature``, whose module
    does not hold ``SignatureKind``."""
    return {
        name: kind
        for name, kind in typing.get_type_hints(DocumentSignature, globalns=globals()).items()
        if name not in ("index", "role")
    }


__all__ = [
    "CheckKind",
    "DocumentCheck",
    "DocumentSignature",
    "Role",
    "SignatureKind",
    "Trust",
    "has_expected_roles",
    "infer_roles",
    "printable",
]
