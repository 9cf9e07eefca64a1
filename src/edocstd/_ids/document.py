"""Document identifiers (``DocumentId``) of QCVN 102:2016/BTTTT.

The official SDK form is ``<OrganId>,<yyyy/MM/dd>,<CodeNumber>/<CodeNotation>``; real
traffic also carries ``issuer,year,number`` and UUIDs.  :class:`DocumentId` keeps the text
verbatim (it is a correlation key, spec §2.4), exposes the recognised parts, and reports
deviations as :class:`IdProblem` warnings; only empty or blank text raises
:class:`edocstd.BuildError`.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Literal
from uuid import UUID

import attrs

from .._errors import BuildError
from ._analysis import cached_analysis
from ._problems import IdProblem, control_chars, problem
from .organ import OrganId

DocumentIdKind = Literal["sdk", "year", "uuid", "other"]
"""``"sdk"``: ``issuer,yyyy/MM/dd,number/notation``; ``"year"``: ``issuer,yyyy,number``;
``"uuid"``: a UUID; ``"other"``: anything else."""

_UUID_RE = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_SDK_DATE_RE = re.compile(r"([0-9]{4})/([0-9]{2})/([0-9]{2})")
_YMD_VARIANT_RE = re.compile(r"([0-9]{4})([/-])([0-9]{1,2})\2([0-9]{1,2})")
_DMY_VARIANT_RE = re.compile(r"([0-9]{1,2})([/-])([0-9]{1,2})\2([0-9]{4})")
_YEAR_RE = re.compile(r"[0-9]{4}")
_ASCII_DIGITS_RE = re.compile(r"[0-9]+")


@attrs.frozen
class _DocInfo:
    kind: DocumentIdKind
    organ_text: str | None = None
    organ_id: OrganId | None = None
    date: datetime.date | None = None
    raw_date: str | None = None
    year: int | None = None
    code_number: str | None = None
    code_notation: str | None = None
    uuid: UUID | None = None
    problems: tuple[IdProblem, ...] = ()


def _read_date(
    raw: str, problems: list[IdProblem]
) -> tuple[bool, datetime.date | None, int | None]:
    """(is a date-shaped part, the date if real, the year if plausible)."""
    match = _SDK_DATE_RE.fullmatch(raw)
    if match:
        y, m, d = (int(g) for g in match.groups())
    else:
        ymd = _YMD_VARIANT_RE.fullmatch(raw)
        dmy = _DMY_VARIANT_RE.fullmatch(raw)
        if ymd:
            y, m, d = int(ymd[1]), int(ymd[3]), int(ymd[4])
        elif dmy:
            y, m, d = int(dmy[4]), int(dmy[3]), int(dmy[1])
        else:
            return False, None, None
        problems.append(
            problem(
                "DOCID_DATE_FORMAT",
                f"date {raw!r} is not written yyyy/MM/dd",
                f"Ngày '{raw}' không viết theo dạng yyyy/MM/dd.",
            )
        )
    year = y if datetime.MINYEAR <= y <= datetime.MAXYEAR else None
    try:
        return True, datetime.date(y, m, d), year
    except ValueError:
        problems.append(
            problem(
                "DOCID_IMPOSSIBLE_DATE",
                f"date {raw!r} is not a real calendar date",
                f"Ngày '{raw}' không phải là ngày có thật.",
            )
        )
        return True, None, year


def _extra_space_problem() -> IdProblem:
    return problem(
        "DOCID_EXTRA_SPACE",
        "whitespace around the document identifier or around one of its parts",
        "Mã văn bản có khoảng trắng thừa ở đầu/cuối hoặc quanh các thành phần.",
    )


def _nonstandard_problem(kind: DocumentIdKind) -> IdProblem:
    if kind == "year":
        return problem(
            "DOCID_NONSTANDARD_FORM",
            "the 'issuer,year,number' form, not the SDK form 'issuer,yyyy/MM/dd,number/notation'",
            "Mã văn bản dạng 'mã cơ quan,năm,số', không theo dạng của SDK "
            "'mã cơ quan,yyyy/MM/dd,số/ký hiệu'.",
        )
    return problem(
        "DOCID_NONSTANDARD_FORM",
        "not a recognised form (SDK 'issuer,yyyy/MM/dd,number/notation', "
        "'issuer,year,number' or a UUID)",
        "Mã văn bản không theo dạng nào đã biết (dạng SDK 'mã cơ quan,yyyy/MM/dd,số/ký hiệu', "
        "dạng 'mã cơ quan,năm,số' hoặc UUID).",
    )


def _check_document_text(value: object) -> str:
    """The identifier's text; raises for a value that cannot be one (not a str, blank)."""
    if not isinstance(value, str):
        raise TypeError(f"a document identifier must be a str, not {type(value).__name__}")
    if not value.strip():
        raise BuildError("a document identifier cannot be empty or blank", path="DocumentId")
    return value


def _spaced_first(problems: list[IdProblem], spaced: bool) -> tuple[IdProblem, ...]:
    """The problems, led by the whitespace warning when there was extra whitespace."""
    return (_extra_space_problem(), *problems) if spaced else tuple(problems)


@attrs.frozen
class _DatePart:
    """What the middle part says: a date (the sdk form) or a year (the year form)."""

    kind: Literal["sdk", "year"]
    date: datetime.date | None
    raw_date: str | None
    year: int | None
    problems: tuple[IdProblem, ...]


def _read_date_part(text: str) -> _DatePart | None:
    """The middle part as a date or a year; None when it is neither (the form is "other")."""
    problems: list[IdProblem] = []
    is_date, date, year = _read_date(text, problems)
    if is_date:
        return _DatePart("sdk", date, text, year, tuple(problems))
    if not _YEAR_RE.fullmatch(text):
        return None
    year = int(text)
    if year < datetime.MINYEAR:
        year = None
        problems.append(
            problem(
                "DOCID_IMPOSSIBLE_DATE",
                f"year {text!r} is not a real year",
                f"Năm '{text}' không phải là năm có thật.",
            )
        )
    return _DatePart("year", None, None, year, tuple(problems))


def _read_issuer(text: str, problems: list[IdProblem]) -> OrganId | None:
    """The issuer part as an agency identifier, reporting when it is unusable or faulty."""
    try:
        organ_id = OrganId(text)
    except BuildError:
        problems.append(
            problem(
                "DOCID_BAD_ORGANID",
                f"the issuer part {text!r} cannot be an agency identifier "
                "(empty, over 35 characters or control characters)",
                f"Phần mã cơ quan ban hành '{text}' không thể là mã định danh "
                "(rỗng, quá 35 ký tự hoặc chứa ký tự điều khiển).",
            )
        )
        return None
    if organ_id.problems:
        codes = ", ".join(p.code for p in organ_id.problems)
        problems.append(
            problem(
                "DOCID_ORGANID_PROBLEMS",
                f"the issuer identifier {text!r} has problems: {codes}",
                f"Mã định danh cơ quan ban hành '{text}' có vấn đề: {codes}.",
            )
        )
    return organ_id


@attrs.frozen
class _CodePart:
    """The number/notation part: the number, the notation (None without a '/'), spacing."""

    number: str
    notation: str | None
    spaced: bool


def _read_code(text: str, kind: str, problems: list[IdProblem]) -> _CodePart:
    """Split ``number/notation`` at its first '/', reporting commas, a missing '/', blanks."""
    if "," in text:
        problems.append(
            problem(
                "DOCID_AMBIGUOUS_COMMA",
                f"the number/notation part {text!r} contains a comma; tools that split "
                "on every comma will misread it",
                f"Phần số/ký hiệu '{text}' chứa dấu phẩy; hệ thống tách theo mọi dấu phẩy "
                "sẽ đọc sai.",
            )
        )
    number_text, slash, notation_text = text.partition("/")
    number = number_text.strip()
    notation: str | None = notation_text.strip() if slash else None
    spaced = bool(slash) and (number != number_text or notation != notation_text)
    if not slash and kind == "sdk":
        problems.append(
            problem(
                "DOCID_MISSING_NOTATION",
                f"no '/' separates the number from the notation in {text!r}",
                f"Thiếu dấu '/' phân cách số và ký hiệu trong '{text}'.",
            )
        )
    if not number:
        problems.append(
            problem("DOCID_EMPTY_PART", "the document number is empty", "Số văn bản bị để trống.")
        )
    if notation == "":
        problems.append(
            problem("DOCID_EMPTY_PART", "the notation is empty", "Ký hiệu văn bản bị để trống.")
        )
    return _CodePart(number, notation, spaced)


def _analyse_document(value: object) -> _DocInfo:
    text = _check_document_text(value)
    core = text.strip()
    spaced = core != text
    # The order of the checks is the order of `problems`, which callers may rely on.
    problems: list[IdProblem] = []
    if control_chars(text):
        problems.append(
            problem(
                "DOCID_CONTROL_CHARS",
                "the document identifier contains control characters",
                "Mã văn bản chứa ký tự điều khiển.",
            )
        )
    if _UUID_RE.fullmatch(core):
        return _DocInfo(kind="uuid", uuid=UUID(core), problems=_spaced_first(problems, spaced))
    parts = core.split(",", 2)
    when = None
    if len(parts) == 3:
        spaced = spaced or any(p != p.strip() for p in parts)
        when = _read_date_part(parts[1].strip())
    if when is None:
        problems.append(_nonstandard_problem("other"))
        return _DocInfo(kind="other", problems=_spaced_first(problems, spaced))
    organ_text, code_text = parts[0].strip(), parts[2].strip()
    if when.kind == "year":
        problems.append(_nonstandard_problem("year"))
    organ_id = _read_issuer(organ_text, problems)
    problems.extend(when.problems)
    code = _read_code(code_text, when.kind, problems)
    return _DocInfo(
        kind=when.kind,
        organ_text=organ_text,
        organ_id=organ_id,
        date=when.date,
        raw_date=when.raw_date,
        year=when.year,
        code_number=code.number,
        code_notation=code.notation,
        problems=_spaced_first(problems, spaced or code.spaced),
    )


def _check_code_part(text: object, name: str, *, slash_allowed: bool) -> str:
    if not isinstance(text, str):
        raise BuildError(f"expected a str, got {type(text).__name__}", path=name)
    if not text.strip():
        raise BuildError("cannot be empty or blank", path=name)
    if text != text.strip():
        raise BuildError(f"has leading or trailing whitespace: {text!r}", path=name)
    if "," in text:
        raise BuildError(f"cannot contain ',' (it separates the parts): {text!r}", path=name)
    if not slash_allowed and "/" in text:
        raise BuildError(f"cannot contain '/' (it ends the number): {text!r}", path=name)
    if control_chars(text):
        raise BuildError(f"cannot contain control characters: {text!r}", path=name)
    return text


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def _same_number(ours: str, theirs: str) -> bool:
    a, b = _nfc(ours), _nfc(theirs)
    if a == b:
        return True
    if _ASCII_DIGITS_RE.fullmatch(a) and _ASCII_DIGITS_RE.fullmatch(b):
        # Compare without int(): Python caps int() of long digit strings.
        return (a.lstrip("0") or "0") == (b.lstrip("0") or "0")
    return False


@attrs.frozen
class DocumentId:
    """A document identifier (``DocumentId``), kept verbatim: it is a correlation key.

    ``DocumentId(text)`` and :meth:`DocumentId.parse` accept any non-blank string; the
    recognised structure is exposed as :attr:`kind` and the part properties, and deviations
    as :attr:`problems`.  Equality and hashing compare :attr:`value` exactly.  Never rebuild
    an identifier you received: echo ``str(doc_id)``.
    """

    value: str
    """The identifier exactly as written."""
    _info: _DocInfo = attrs.field(
        init=False, eq=False, repr=False, default=cached_analysis(_analyse_document)
    )

    @classmethod
    def parse(cls, text: str) -> DocumentId:
        """Read a document identifier as found in a package.

        Never raises for a non-blank string (control characters and odd forms are reported
        in :attr:`problems`); raises :class:`BuildError` for an empty or blank string and
        ``TypeError`` for a non-``str``.
        """
        return cls(text)

    @classmethod
    def build(
        cls,
        organ_id: OrganId | str,
        date: datetime.date,
        number: str | int,
        notation: str,
    ) -> DocumentId:
        """Compose the SDK form ``<organ_id>,<yyyy/MM/dd>,<number>/<notation>``.

        ``organ_id`` may be non-standard but must not contain ',' or surrounding whitespace;
        ``date`` must be a ``datetime.date`` (not a ``datetime``: pass ``dt.date()``);
        ``number`` a non-negative int or a non-blank string without ',' or '/';
        ``notation`` a non-blank string without ',' (it may contain '/', '-' and Vietnamese
        letters).  Strings are used as given: whitespace around them is refused, not trimmed.
        Raises :class:`BuildError` whose ``path`` names the offending argument.

        >>> str(DocumentId.build("000.00.00.G22", datetime.date(2018, 9, 20), 7816, "VPCP-TTĐT"))
        '000.00.00.G22,2018/09/20,7816/VPCP-TTĐT'
        """
        if isinstance(organ_id, OrganId):
            organ = organ_id
        elif isinstance(organ_id, str):
            try:
                organ = OrganId(organ_id)
            except BuildError as exc:
                raise BuildError(exc.message, path="organ_id", message_vi=exc.written_vi) from exc
        else:
            raise BuildError(
                f"expected an OrganId or a str, got {type(organ_id).__name__}", path="organ_id"
            )
        if "," in organ.value:
            raise BuildError(f"cannot contain ',': {organ.value!r}", path="organ_id")
        if organ.value != organ.value.strip():
            raise BuildError(
                f"has leading or trailing whitespace: {organ.value!r}", path="organ_id"
            )
        if isinstance(date, datetime.datetime):
            raise BuildError("expected a date, got a datetime (pass value.date())", path="date")
        if not isinstance(date, datetime.date):
            raise BuildError(f"expected a date, got {type(date).__name__}", path="date")
        if isinstance(number, bool):
            raise BuildError("expected a str or an int, got bool", path="number")
        if isinstance(number, int):
            if number < 0:
                raise BuildError(f"cannot be negative, got {number}", path="number")
            number_text = str(number)
        else:
            number_text = _check_code_part(number, "number", slash_allowed=False)
        notation_text = _check_code_part(notation, "notation", slash_allowed=True)
        day = f"{date.year:04d}/{date.month:02d}/{date.day:02d}"
        return cls(f"{organ.value},{day},{number_text}/{notation_text}")

    def __str__(self) -> str:
        return self.value

    @property
    def kind(self) -> DocumentIdKind:
        """Which form the identifier has: ``"sdk"``, ``"year"``, ``"uuid"`` or ``"other"``."""
        return self._info.kind

    @property
    def organ_id(self) -> OrganId | None:
        """The issuer (first part) for the sdk/year forms; None otherwise or if unusable."""
        return self._info.organ_id

    @property
    def date(self) -> datetime.date | None:
        """The date of the sdk form when it is a real calendar date."""
        return self._info.date

    @property
    def raw_date(self) -> str | None:
        """The date part of the sdk form as written (kept even when not a real date)."""
        return self._info.raw_date

    @property
    def year(self) -> int | None:
        """The year of the sdk form (even if the full date is impossible) or of the year form."""
        return self._info.year

    @property
    def code_number(self) -> str | None:
        """The document number (số): the third part up to its first '/'."""
        return self._info.code_number

    @property
    def code_notation(self) -> str | None:
        """The notation (ký hiệu): the third part after its first '/'; None without a '/'."""
        return self._info.code_notation

    @property
    def uuid(self) -> UUID | None:
        """The UUID when :attr:`kind` is ``"uuid"``."""
        return self._info.uuid

    @property
    def problems(self) -> tuple[IdProblem, ...]:
        """Deviations from the SDK form, in a stable order; empty for a clean SDK or UUID id."""
        return self._info.problems

    def mismatches(
        self,
        *,
        organ_id: OrganId | str | None = None,
        date: datetime.date | None = None,
        number: str | int | None = None,
        notation: str | None = None,
    ) -> list[str]:
        """Name the given facts that this identifier contradicts.

        Returns a sub-list of ``["organ_id", "date", "number", "notation"]``, in that order.
        Arguments left as None are not checked, and a fact the identifier does not carry (any
        fact of a UUID, the notation of ``issuer,year,number``) cannot contradict it.
        Comparison rules: the issuer exactly (surrounding whitespace ignored); the date
        exactly for the sdk form (an impossible written date matches nothing), by year for
        the year form, a ``datetime`` counting as its date; numbers as text, or as integers
        when both are ASCII digits (``"07"`` matches ``7``); notations exactly after Unicode
        NFC normalisation.
        """
        info = self._info
        out: list[str] = []
        if (
            organ_id is not None
            and info.organ_text is not None
            and str(organ_id).strip() != info.organ_text
        ):
            out.append("organ_id")
        if date is not None:
            day = date.date() if isinstance(date, datetime.datetime) else date
            wrong_day = info.kind == "sdk" and info.date != day
            wrong_year = info.kind == "year" and info.year != day.year
            if wrong_day or wrong_year:
                out.append("date")
        if (
            number is not None
            and info.code_number is not None
            and not _same_number(info.code_number, str(number))
        ):
            out.append("number")
        if (
            notation is not None
            and info.code_notation is not None
            and _nfc(info.code_notation) != _nfc(notation)
        ):
            out.append("notation")
        return out

    def matches(
        self,
        *,
        organ_id: OrganId | str | None = None,
        date: datetime.date | None = None,
        number: str | int | None = None,
        notation: str | None = None,
    ) -> bool:
        """True if :meth:`mismatches` finds no contradiction with the given facts."""
        return not self.mismatches(organ_id=organ_id, date=date, number=number, notation=notation)


__all__ = ["DocumentId", "DocumentIdKind"]
