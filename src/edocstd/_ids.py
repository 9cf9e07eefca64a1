"""Agency identifiers (mã định danh) and document identifiers of QCVN 102:2016/BTTTT.

Two immutable value objects:

* :class:`OrganId` - the identifier of an agency, written **lowest level first** as
  ``LLL.KK.JJ.Xnn`` (level 4 . level 3 . level 2 . level 1), e.g. ``000.00.00.G22``
  (Văn phòng Chính phủ).  Up to 35 characters since SĐ1:2022.
* :class:`DocumentId` - the identifier of a document, in the official SDK form
  ``<OrganId>,<yyyy/MM/dd>,<CodeNumber>/<CodeNotation>`` or one of the other forms seen
  in real traffic (``issuer,year,number``; a UUID).

Both keep the text **verbatim**: ``str(x)`` gives back exactly what was parsed, because the
identifiers are correlation keys that other systems compare byte for byte (spec §2.4).
Deviations from the standard are reported as :class:`IdProblem` warnings in ``problems``;
only text that cannot be an identifier at all (empty, blank, and for ``OrganId`` also over
35 characters or containing control characters) raises :class:`edocstd.BuildError`.
"""

from __future__ import annotations

import datetime
import functools
import re
import string
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal
from uuid import UUID

import attrs

from ._errors import BuildError

# ---------------------------------------------------------------------------------------------
# Problems


@attrs.frozen
class IdProblem:
    """One deviation of an identifier from QCVN 102, as a warning (never an exception).

    ``code`` is stable and meant for programs (see :data:`PROBLEM_CODES`); the two messages
    are for people and may change wording between releases.
    """

    code: str
    """Stable identifier of the problem, e.g. ``"ORGANID_NOT_4_LEVELS"``."""
    message_en: str
    """Short explanation in English, naming the offending part."""
    message_vi: str
    """Short explanation in Vietnamese, naming the offending part."""

    def __str__(self) -> str:
        return f"{self.code}: {self.message_en}"


PROBLEM_CODES: Mapping[str, str] = MappingProxyType(
    {
        "ORGANID_SURROUNDING_SPACE": "The agency identifier has leading or trailing whitespace.",
        "ORGANID_UNEXPECTED_CHARS": (
            "The agency identifier contains characters other than ASCII letters, digits and dots."
        ),
        "ORGANID_NOT_4_LEVELS": (
            "The agency identifier does not have exactly 4 dot-separated levels (LLL.KK.JJ.Xnn)."
        ),
        "ORGANID_EMPTY_LEVEL": "A level is empty (two dots in a row, or a dot at the start/end).",
        "ORGANID_BAD_LEVEL1": "Level 1 (the last part) is not one letter followed by two digits.",
        "ORGANID_BAD_LOWER_LEVEL": (
            "Level 2 or 3 is not two ASCII digits, or level 4 is not three ASCII digits."
        ),
        "ORGANID_UNKNOWN_GROUP": "The level-1 letter is not one of the known groups A-K.",
        "ORGANID_LOWERCASE": "The agency identifier contains lower-case letters.",
        "ORGANID_LEGACY_LENGTH": (
            "Longer than 13 characters: allowed since SĐ1:2022 (max 35) but systems built for "
            "the original fixed 13-character form may reject or truncate it."
        ),
        "DOCID_EXTRA_SPACE": "Whitespace around the document identifier or one of its parts.",
        "DOCID_CONTROL_CHARS": "The document identifier contains control characters.",
        "DOCID_NONSTANDARD_FORM": (
            "Neither the SDK form 'issuer,yyyy/MM/dd,number/notation' nor a UUID "
            "(the 'issuer,year,number' form also gets this warning)."
        ),
        "DOCID_IMPOSSIBLE_DATE": "The date part is date-shaped but not a real calendar date.",
        "DOCID_DATE_FORMAT": "The date part is a real date but not written yyyy/MM/dd.",
        "DOCID_BAD_ORGANID": "The issuer part cannot be an agency identifier at all.",
        "DOCID_ORGANID_PROBLEMS": "The issuer identifier has problems of its own (see organ_id).",
        "DOCID_MISSING_NOTATION": "No '/' separates the document number from the notation.",
        "DOCID_EMPTY_PART": "The document number or the notation is empty.",
        "DOCID_AMBIGUOUS_COMMA": (
            "The number/notation part contains a comma, so tools that split on every comma "
            "will misread the identifier."
        ),
    }
)
"""Every problem code this module can report, with its meaning in English."""


def _problem(code: str, en: str, vi: str) -> IdProblem:
    assert code in PROBLEM_CODES, code
    return IdProblem(code, en, vi)


# ---------------------------------------------------------------------------------------------
# Level-1 groups and names


@attrs.frozen
class OrganGroup:
    """A level-1 letter group of agency identifiers (QĐ 20/2020/QĐ-TTg, summarised in spec §5.2)."""

    letter: str
    """The capital letter, e.g. ``"G"``."""
    name_vi: str
    """Name of the group in Vietnamese."""
    name_en: str
    """Name of the group in English."""


LEVEL1_GROUPS: Mapping[str, OrganGroup] = MappingProxyType(
    {
        g.letter: g
        for g in (
            OrganGroup("A", "Các cơ quan của Đảng", "Communist Party bodies"),
            OrganGroup("B", "Văn phòng Chủ tịch nước", "Office of the President"),
            OrganGroup("C", "Các cơ quan của Quốc hội", "National Assembly bodies"),
            OrganGroup("D", "Tòa án nhân dân tối cao", "Supreme People's Court"),
            OrganGroup("E", "Viện kiểm sát nhân dân tối cao", "Supreme People's Procuracy"),
            OrganGroup("F", "Kiểm toán Nhà nước", "State Audit Office"),
            OrganGroup(
                "G",
                "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
                "Ministries, ministry-level agencies and Government agencies",
            ),
            OrganGroup(
                "H",
                "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
                "People's Committees of provinces and centrally-run cities",
            ),
            OrganGroup(
                "I",
                "Các tổ chức chính trị - xã hội ở trung ương",
                "Central socio-political organisations",
            ),
            OrganGroup(
                "J",
                "Các tổ chức xã hội, xã hội - nghề nghiệp ở trung ương",
                "Central social and socio-professional organisations",
            ),
            OrganGroup(
                "K",
                "Hội đồng nhân dân các tỉnh, thành phố trực thuộc trung ương",
                "People's Councils of provinces and centrally-run cities",
            ),
        )
    }
)
"""The level-1 letter groups A-K, keyed by letter."""

KNOWN_LEVEL1_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "A53": "Tỉnh ủy Tây Ninh",
        "G12": "Bộ Tài chính",
        "G14": "Bộ Thông tin và Truyền thông (trước 2025)",
        "G17": "Bộ Xây dựng",
        "G22": "Văn phòng Chính phủ",
        "H14": "Ủy ban nhân dân tỉnh Cao Bằng",
        "H17": "Ủy ban nhân dân thành phố Đà Nẵng",
        "H19": "Ủy ban nhân dân tỉnh Đồng Nai",
        "H20": "Ủy ban nhân dân tỉnh Đồng Tháp",
        "H41": "Ủy ban nhân dân tỉnh Nghệ An",
        "H53": "Ủy ban nhân dân tỉnh Tây Ninh",
        "H56": "Ủy ban nhân dân tỉnh Thanh Hóa",
    }
)
"""A **partial** table of level-1 codes (Vietnamese names) that appear in the spec's samples.

It is not the QĐ 20/2020 directory: most codes are missing, and neither the QĐ 09/2025 ministry
changes nor the 2025 province mergers are reflected.  Use the hub directory
(``getAgenciesListQD20``) for authoritative names.
"""

# ---------------------------------------------------------------------------------------------
# OrganId

_ORGAN_MAX_LEN = 35  # SĐ1:2022
_ORGAN_LEGACY_LEN = 13  # QCVN 102:2016 before SĐ1:2022
_STANDARD_RE = re.compile(r"[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}")
_LEVEL1_RE = re.compile(r"[A-Za-z][0-9]{2}")
_LEVEL1_BUILD_RE = re.compile(r"[A-Z][0-9]{2}")
_LOWER_LEVEL_DIGITS = {2: 2, 3: 2, 4: 3}
_LOWER_LEVEL_RES = {k: re.compile(f"[0-9]{{{n}}}") for k, n in _LOWER_LEVEL_DIGITS.items()}
_ORGAN_CHARS = frozenset(string.ascii_letters + string.digits + ".")


def _control_chars(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c) == "Cc"]


def _check_organ_text(text: object, path: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"an agency identifier must be a str, not {type(text).__name__}")
    if not text.strip():
        raise BuildError("an agency identifier cannot be empty or blank", path=path)
    if len(text) > _ORGAN_MAX_LEN:
        raise BuildError(
            f"an agency identifier has at most {_ORGAN_MAX_LEN} characters (SĐ1:2022); "
            f"this one has {len(text)}",
            path=path,
        )
    bad = _control_chars(text)
    if bad:
        shown = ", ".join(sorted({f"U+{ord(c):04X}" for c in bad}))
        raise BuildError(
            f"an agency identifier cannot contain control characters ({shown})", path=path
        )
    return text


@attrs.frozen
class _OrganInfo:
    levels: tuple[str | None, str | None, str | None, str | None]  # level1 .. level4
    group_letter: str | None
    problems: tuple[IdProblem, ...]
    is_standard: bool


def _analyse_organ(value: object) -> _OrganInfo:
    text = _check_organ_text(value, "OrganId")
    problems: list[IdProblem] = []
    core = text.strip()
    if core != text:
        problems.append(
            _problem(
                "ORGANID_SURROUNDING_SPACE",
                "the agency identifier has leading or trailing whitespace",
                "Mã định danh có khoảng trắng ở đầu hoặc cuối.",
            )
        )
    odd = sorted({c for c in core if c not in _ORGAN_CHARS})
    if odd:
        shown = ", ".join(repr(c) for c in odd)
        problems.append(
            _problem(
                "ORGANID_UNEXPECTED_CHARS",
                f"characters other than ASCII letters, digits and '.': {shown}",
                f"Mã định danh chứa ký tự không phải chữ cái, chữ số hoặc dấu chấm: {shown}.",
            )
        )
    if any("a" <= c <= "z" for c in core):
        problems.append(
            _problem(
                "ORGANID_LOWERCASE",
                "lower-case letters; QCVN 102 writes the level-1 letter as a capital",
                "Mã định danh chứa chữ thường; chữ cái của mã cấp 1 phải viết hoa.",
            )
        )
    parts = core.split(".")
    if len(parts) != 4:
        problems.append(
            _problem(
                "ORGANID_NOT_4_LEVELS",
                f"{len(parts)} dot-separated part(s) instead of the 4 levels of QCVN 102 "
                "(LLL.KK.JJ.Xnn)",
                f"Mã định danh có {len(parts)} thành phần thay vì 4 cấp theo QCVN 102 "
                "(LLL.KK.JJ.Xnn).",
            )
        )
    if "" in parts:
        problems.append(
            _problem(
                "ORGANID_EMPTY_LEVEL",
                "an empty level (two dots in a row, or a dot at the start or end)",
                "Mã định danh có cấp rỗng (hai dấu chấm liền nhau hoặc dấu chấm ở đầu/cuối).",
            )
        )
    # Written lowest level first: the last part is level 1.
    rightmost = [p or None for p in reversed(parts[-4:])]
    rightmost += [None] * (4 - len(rightmost))
    level1, level2, level3, level4 = rightmost
    group_letter: str | None = None
    if level1 is not None and _LEVEL1_RE.fullmatch(level1):
        group_letter = level1[0].upper()
        if group_letter not in LEVEL1_GROUPS:
            problems.append(
                _problem(
                    "ORGANID_UNKNOWN_GROUP",
                    f"level-1 letter {group_letter!r} is not a known group (A-K)",
                    f"Chữ cái '{group_letter}' của mã cấp 1 không thuộc nhóm nào đã biết (A-K).",
                )
            )
    else:
        shown1 = level1 or ""
        problems.append(
            _problem(
                "ORGANID_BAD_LEVEL1",
                f"level 1 {shown1!r} is not one letter followed by two digits (e.g. G22)",
                f"Mã cấp 1 '{shown1}' không có dạng một chữ cái và hai chữ số (ví dụ G22).",
            )
        )
    for number, part in ((2, level2), (3, level3), (4, level4)):
        if part is not None and not _LOWER_LEVEL_RES[number].fullmatch(part):
            digits = _LOWER_LEVEL_DIGITS[number]
            problems.append(
                _problem(
                    "ORGANID_BAD_LOWER_LEVEL",
                    f"level {number} {part!r} is not {digits} digits",
                    f"Mã cấp {number} '{part}' không gồm đúng {digits} chữ số.",
                )
            )
    if len(text) > _ORGAN_LEGACY_LEN:
        problems.append(
            _problem(
                "ORGANID_LEGACY_LENGTH",
                f"{len(text)} characters: allowed since SĐ1:2022 (max 35), but systems built for "
                "the original 13-character form may reject or truncate it",
                f"Mã định danh dài {len(text)} ký tự: được phép từ SĐ1:2022 (tối đa 35), nhưng "
                "hệ thống theo quy định cũ (đúng 13 ký tự) có thể từ chối hoặc cắt bớt.",
            )
        )
    return _OrganInfo(
        levels=(level1, level2, level3, level4),
        group_letter=group_letter,
        problems=tuple(problems),
        is_standard=_STANDARD_RE.fullmatch(text) is not None,
    )


# The same few identifiers (the sender's, above all) come back in every package and several
# times within one (From, TraceHeader, the DocumentId's issuer part): the analysis of a text is
# remembered.  The results are immutable; a bounded cache keeps memory flat on any traffic.
_analyse_organ_text = functools.lru_cache(maxsize=1024)(_analyse_organ)


def _organ_info_factory(self: OrganId) -> _OrganInfo:
    value = self.value
    return _analyse_organ_text(value) if type(value) is str else _analyse_organ(value)


def _check_level(value: object, name: str, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BuildError(f"expected an int, got {type(value).__name__}", path=name)
    if not 0 <= value <= maximum:
        raise BuildError(f"must be between 0 and {maximum}, got {value}", path=name)
    return value


@attrs.frozen
class OrganId:
    """An agency identifier (mã định danh cơ quan), kept verbatim.

    ``OrganId(text)`` and :meth:`OrganId.parse` accept any non-blank string of at most
    35 characters without control characters, standard or not: real traffic carries codes
    such as ``28.22.H17``, ``001.00.20.TT2`` or ``vxp.saas.03``.  What is wrong with a code is
    reported in :attr:`problems`.  Equality and hashing compare :attr:`value` exactly.

    The standard form ``LLL.KK.JJ.Xnn`` is written lowest level first, so the *last*
    dot-separated part is level 1.  For non-standard codes the parts are still assigned
    from the right (``28.22.H17`` has level 1 ``H17``, level 2 ``22``, level 3 ``28``).
    """

    value: str
    """The identifier exactly as written."""
    _info: _OrganInfo = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(_organ_info_factory, takes_self=True),
    )

    @classmethod
    def parse(cls, text: str) -> OrganId:
        """Read an identifier as found in a package.

        Never raises for non-standard codes; raises :class:`BuildError` only for an empty or
        blank string, more than 35 characters, or control characters (and ``TypeError`` for a
        non-``str``).
        """
        return cls(text)

    @classmethod
    def build(cls, level1: str, level2: int = 0, level3: int = 0, level4: int = 0) -> OrganId:
        """Compose a standard 13-character identifier ``LLL.KK.JJ.Xnn``.

        ``level1`` is one capital letter and two digits other than ``00`` (e.g. ``"G22"``;
        letters outside A-K are accepted and reported as ``ORGANID_UNKNOWN_GROUP``);
        ``level2`` and ``level3`` are 0-99, ``level4`` 0-999, 0 meaning "not used".
        Raises :class:`BuildError` whose ``path`` names the offending argument.

        >>> str(OrganId.build("G12", 18))
        '000.00.18.G12'
        """
        if not isinstance(level1, str):
            raise BuildError(f"expected a str, got {type(level1).__name__}", path="level1")
        if not _LEVEL1_BUILD_RE.fullmatch(level1):
            raise BuildError(
                f"must be one capital letter A-Z and two digits (e.g. 'G22'), got {level1!r}",
                path="level1",
            )
        if level1[1:] == "00":
            raise BuildError(f"level-1 numbers start at 01, got {level1!r}", path="level1")
        l2 = _check_level(level2, "level2", 99)
        l3 = _check_level(level3, "level3", 99)
        l4 = _check_level(level4, "level4", 999)
        return cls(f"{l4:03d}.{l3:02d}.{l2:02d}.{level1}")

    def __str__(self) -> str:
        return self.value

    @property
    def is_standard(self) -> bool:
        """True if :attr:`value` is exactly ``LLL.KK.JJ.Xnn`` (3, 2, 2 digits, capital + 2 digits).

        This is about the shape only: a standard-shaped code may still carry
        ``ORGANID_UNKNOWN_GROUP``.
        """
        return self._info.is_standard

    @property
    def is_post_2022_long(self) -> bool:
        """True if longer than 13 characters (allowed since SĐ1:2022, max 35)."""
        return len(self.value) > _ORGAN_LEGACY_LEN

    @property
    def level1(self) -> str | None:
        """Level 1, the last dot-separated part as written (``"G22"``); None if empty."""
        return self._info.levels[0]

    @property
    def level2(self) -> str | None:
        """Level 2 (``JJ``), the second part from the right as written; None if absent/empty."""
        return self._info.levels[1]

    @property
    def level3(self) -> str | None:
        """Level 3 (``KK``), the third part from the right as written; None if absent/empty."""
        return self._info.levels[2]

    @property
    def level4(self) -> str | None:
        """Level 4 (``LLL``), the fourth part from the right as written; None if absent/empty."""
        return self._info.levels[3]

    @property
    def group_letter(self) -> str | None:
        """The level-1 letter in capitals (``"G"``) when level 1 is a letter and two digits."""
        return self._info.group_letter

    @property
    def group(self) -> OrganGroup | None:
        """The level-1 group (names in Vietnamese and English); None for unknown letters."""
        letter = self._info.group_letter
        return LEVEL1_GROUPS.get(letter) if letter is not None else None

    @property
    def level1_name(self) -> str | None:
        """Vietnamese name of the level-1 agency from the **partial** :data:`KNOWN_LEVEL1_NAMES`.

        None means "not in the small built-in table", not "unknown agency".
        """
        if self._info.group_letter is None or self.level1 is None:
            return None
        return KNOWN_LEVEL1_NAMES.get(self.level1.upper())

    @property
    def problems(self) -> tuple[IdProblem, ...]:
        """Deviations from the standard form, in a stable order; empty for a clean code."""
        return self._info.problems


# ---------------------------------------------------------------------------------------------
# DocumentId

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
            _problem(
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
            _problem(
                "DOCID_IMPOSSIBLE_DATE",
                f"date {raw!r} is not a real calendar date",
                f"Ngày '{raw}' không phải là ngày có thật.",
            )
        )
        return True, None, year


def _extra_space_problem() -> IdProblem:
    return _problem(
        "DOCID_EXTRA_SPACE",
        "whitespace around the document identifier or around one of its parts",
        "Mã văn bản có khoảng trắng thừa ở đầu/cuối hoặc quanh các thành phần.",
    )


def _nonstandard_problem(kind: DocumentIdKind) -> IdProblem:
    if kind == "year":
        return _problem(
            "DOCID_NONSTANDARD_FORM",
            "the 'issuer,year,number' form, not the SDK form 'issuer,yyyy/MM/dd,number/notation'",
            "Mã văn bản dạng 'mã cơ quan,năm,số', không theo dạng của SDK "
            "'mã cơ quan,yyyy/MM/dd,số/ký hiệu'.",
        )
    return _problem(
        "DOCID_NONSTANDARD_FORM",
        "not a recognised form (SDK 'issuer,yyyy/MM/dd,number/notation', "
        "'issuer,year,number' or a UUID)",
        "Mã văn bản không theo dạng nào đã biết (dạng SDK 'mã cơ quan,yyyy/MM/dd,số/ký hiệu', "
        "dạng 'mã cơ quan,năm,số' hoặc UUID).",
    )


def _analyse_document(value: object) -> _DocInfo:
    if not isinstance(value, str):
        raise TypeError(f"a document identifier must be a str, not {type(value).__name__}")
    if not value.strip():
        raise BuildError("a document identifier cannot be empty or blank", path="DocumentId")
    problems: list[IdProblem] = []
    core = value.strip()
    spaced = core != value
    if _control_chars(value):
        problems.append(
            _problem(
                "DOCID_CONTROL_CHARS",
                "the document identifier contains control characters",
                "Mã văn bản chứa ký tự điều khiển.",
            )
        )
    if _UUID_RE.fullmatch(core):
        if spaced:
            problems.insert(0, _extra_space_problem())
        return _DocInfo(kind="uuid", uuid=UUID(core), problems=tuple(problems))

    parts = core.split(",", 2)
    if len(parts) != 3:
        if spaced:
            problems.insert(0, _extra_space_problem())
        problems.append(_nonstandard_problem("other"))
        return _DocInfo(kind="other", problems=tuple(problems))
    spaced = spaced or any(p != p.strip() for p in parts)
    organ_text, date_text, code_text = (p.strip() for p in parts)

    date_problems: list[IdProblem] = []
    kind: DocumentIdKind
    date: datetime.date | None = None
    raw_date: str | None = None
    year: int | None = None
    is_date, date, year = _read_date(date_text, date_problems)
    if is_date:
        kind = "sdk"
        raw_date = date_text
    elif _YEAR_RE.fullmatch(date_text):
        kind = "year"
        year = int(date_text)
        if year < datetime.MINYEAR:
            year = None
            date_problems.append(
                _problem(
                    "DOCID_IMPOSSIBLE_DATE",
                    f"year {date_text!r} is not a real year",
                    f"Năm '{date_text}' không phải là năm có thật.",
                )
            )
    else:
        if spaced:
            problems.insert(0, _extra_space_problem())
        problems.append(_nonstandard_problem("other"))
        return _DocInfo(kind="other", problems=tuple(problems))

    if kind == "year":
        problems.append(_nonstandard_problem("year"))

    organ_id: OrganId | None = None
    try:
        organ_id = OrganId(organ_text)
    except BuildError:
        problems.append(
            _problem(
                "DOCID_BAD_ORGANID",
                f"the issuer part {organ_text!r} cannot be an agency identifier "
                "(empty, over 35 characters or control characters)",
                f"Phần mã cơ quan ban hành '{organ_text}' không thể là mã định danh "
                "(rỗng, quá 35 ký tự hoặc chứa ký tự điều khiển).",
            )
        )
    else:
        if organ_id.problems:
            codes = ", ".join(p.code for p in organ_id.problems)
            problems.append(
                _problem(
                    "DOCID_ORGANID_PROBLEMS",
                    f"the issuer identifier {organ_text!r} has problems: {codes}",
                    f"Mã định danh cơ quan ban hành '{organ_text}' có vấn đề: {codes}.",
                )
            )
    problems.extend(date_problems)

    if "," in code_text:
        problems.append(
            _problem(
                "DOCID_AMBIGUOUS_COMMA",
                f"the number/notation part {code_text!r} contains a comma; tools that split "
                "on every comma will misread it",
                f"Phần số/ký hiệu '{code_text}' chứa dấu phẩy; hệ thống tách theo mọi dấu phẩy "
                "sẽ đọc sai.",
            )
        )
    number_text, slash, notation_text = code_text.partition("/")
    code_number = number_text.strip()
    code_notation: str | None = notation_text.strip() if slash else None
    if slash and (code_number != number_text or code_notation != notation_text):
        spaced = True
    if not slash and kind == "sdk":
        problems.append(
            _problem(
                "DOCID_MISSING_NOTATION",
                f"no '/' separates the number from the notation in {code_text!r}",
                f"Thiếu dấu '/' phân cách số và ký hiệu trong '{code_text}'.",
            )
        )
    if not code_number:
        problems.append(
            _problem(
                "DOCID_EMPTY_PART",
                "the document number is empty",
                "Số văn bản bị để trống.",
            )
        )
    if code_notation == "":
        problems.append(
            _problem(
                "DOCID_EMPTY_PART",
                "the notation is empty",
                "Ký hiệu văn bản bị để trống.",
            )
        )
    if spaced:
        problems.insert(0, _extra_space_problem())
    return _DocInfo(
        kind=kind,
        organ_text=organ_text,
        organ_id=organ_id,
        date=date,
        raw_date=raw_date,
        year=year,
        code_number=code_number,
        code_notation=code_notation,
        problems=tuple(problems),
    )


_analyse_document_text = functools.lru_cache(maxsize=1024)(_analyse_document)


def _doc_info_factory(self: DocumentId) -> _DocInfo:
    value = self.value
    return _analyse_document_text(value) if type(value) is str else _analyse_document(value)


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
    if _control_chars(text):
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
    an identifier you received: echo ``str(doc_id)`` (spec §2.4).
    """

    value: str
    """The identifier exactly as written."""
    _info: _DocInfo = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(_doc_info_factory, takes_self=True),
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


__all__ = [
    "KNOWN_LEVEL1_NAMES",
    "LEVEL1_GROUPS",
    "PROBLEM_CODES",
    "DocumentId",
    "DocumentIdKind",
    "IdProblem",
    "OrganGroup",
    "OrganId",
]
