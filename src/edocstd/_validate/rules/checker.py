"""The :class:`Checker`: collects the findings of one package under one profile, with the
checks several families share (dates, document and agency identifiers, code values, lengths)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Any

from ..._errors import BuildError
from ..._findings import Finding
from ..._ids import DocumentId, OrganId
from ..._model.header import Organization
from ..._model.values import Deviation, Raw, read_date, read_timestamp
from ..._types import ValidationProfile
from ..catalogue import LENGTH_LIMITS
from ..catalogue.codes import CODE_011
from ..catalogue.header import DATE_001, DATE_002, DATE_003, LEN_001
from ..catalogue.identifiers import DOCID_003, ORG_001, ORG_002, ORG_003
from ..catalogue.model import Rule
from .paths import HEADER, normalise


def blank(value: object) -> bool:
    """True for a missing value or one of white space only."""
    return value is None or not str(value).strip()


class Checker:
    """Collects findings of the catalogue's rules for one package under one profile."""

    def __init__(
        self,
        profile: ValidationProfile,
        *,
        lines: Mapping[str, int] | None = None,
        today: dt.date,
        max_attachment_bytes: int | None = None,
        max_total_attachment_bytes: int | None = None,
        header_name: str = "MessageHeader",
    ) -> None:
        self.profile = profile
        self.lines = lines if lines is not None else {}
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

    def add(self, rule: Rule, path: str, value: object = None, **params: Any) -> None:
        """A finding of ``rule`` at ``path`` (its source line looked up)."""
        self.findings.append(
            rule.finding(self.profile, path=path, line=self.line_for(path), value=value, **params)
        )

    # -- helpers --

    def date(
        self, path: str, value: object, *, timestamp: bool = False, raw_rule: Rule | None = None
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
                self.add(DATE_001, path, text)
            else:
                pattern = "yyyy/MM/dd HH:mm:ss" if timestamp else "yyyy/MM/dd"
                self.add(DATE_003, path, text, pattern=pattern)
            return None
        return value

    def document_id(self, path: str, text: str | None) -> DocumentId | None:
        if blank(text):
            return None
        assert text is not None
        try:
            doc = DocumentId.parse(text)
        except (BuildError, TypeError):
            return None
        other = []
        for problem in doc.problems:
            if problem.code == "DOCID_IMPOSSIBLE_DATE" and doc.kind == "sdk":
                self.add(DATE_002, path, text, date=doc.raw_date or "")
            else:
                other.append(problem)
        if other:
            self.add(
                DOCID_003,
                path,
                text,
                problems="; ".join(p.message_en for p in other),
                problems_vi=" ".join(p.message_vi for p in other),
            )
        return doc

    def code(self, rule: Rule, path: str, value: object, enum_cls: type[enum.Enum]) -> None:
        """Report a code value the reader kept raw because it is not in ``enum_cls``.

        A value outside the list is ``rule``; one that is not even a number, for a list of
        numbers, is ``CODE_011`` (receivers built on the SDK cannot read it at all)."""
        if not isinstance(value, Raw) or not str(value).strip():
            return
        text = str(value).strip()
        if issubclass(enum_cls, int) and not text.lstrip("+-").isdigit():
            self.add(CODE_011, path, text, element=path.rpartition("/")[2])
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
        limits = _LENGTH_LIMITS
        for label, org in org_paths:
            if org is None:
                continue
            for field, attr, limit in _ORG_LENGTHS:
                value = getattr(org, attr)
                if isinstance(value, str) and len(value) > limit:  # (the path only then)
                    self._length(f"{self.H}/{label}/{field}", value, limit, field)
        for key, path, value in values:
            self._length(path, value, limits[key], key.rpartition("/")[2])

    def _length(self, path: str, value: object, limit: int, element: str) -> None:
        if isinstance(value, str) and len(value) > limit:
            self.add(LEN_001, path, value, element=element, length=len(value), limit=limit)

    def organ_ids(self, items: Iterable[tuple[str, str | None]]) -> None:
        for path, text in items:
            trace = "/TraceHeader[" in path
            if blank(text) or (trace and str(text).strip().lower() == "null"):
                if trace:  # the hub's own entries: nothing, or the string "null"
                    self.add(
                        ORG_003,
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
                self.add(ORG_002, path, text, reason=reason, reason_vi=reason_vi)
                continue
            if organ.problems:
                self.add(
                    ORG_003 if trace else ORG_001,
                    path,
                    text,
                    problems="; ".join(p.message_en for p in organ.problems),
                    problems_vi=" ".join(p.message_vi for p in organ.problems),
                )


_LENGTH_LIMITS = dict(LENGTH_LIMITS)
_ORG_LENGTHS = tuple(
    (field, attr, _LENGTH_LIMITS[f"From|To/{field}"])
    for field, attr in (
        ("OrganName", "organ_name"),
        ("Email", "email"),
        ("Telephone", "telephone"),
        ("Fax", "fax"),
    )
)

__all__ = ["Checker", "blank"]
