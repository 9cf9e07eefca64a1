"""Agency identifiers (mã định danh cơ quan, ``OrganId``) of QCVN 102:2016/BTTTT.

:class:`OrganId` is written **lowest level first** as ``LLL.KK.JJ.Xnn`` (level 4 . level 3 .
level 2 . level 1), e.g. ``000.00.00.G22`` (Văn phòng Chính phủ); up to 35 characters since
SĐ1:2022.  The text is kept verbatim; deviations are :class:`IdProblem` warnings, and only
text that cannot be an identifier at all (empty, blank, over 35 characters, control
characters) raises :class:`edocstd.BuildError`.  The level-1 groups A-K and a
partial table of level-1 names live here too.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from .._errors import BuildError
from ._analysis import cached_analysis
from ._problems import IdProblem, control_chars, problem

# ---------------------------------------------------------------------------------------------
# Level-1 groups and names


@attrs.frozen
class OrganGroup:
    """A level-1 letter group of agency identifiers (QĐ 20/2020/QĐ-TTg and QĐ 09/2025/QĐ-TTg)."""

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
"""A **partial** table of level-1 codes (Vietnamese names) that appear in the official samples.

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
    bad = control_chars(text)
    if bad:
        shown = ", ".join(sorted({f"U+{ord(c):04X}" for c in bad}))
        raise BuildError(
            f"an agency identifier cannot contain control characters ({shown})", path=path
        )
    return text


_Levels = tuple[str | None, str | None, str | None, str | None]  # level 1 .. level 4


@attrs.frozen
class _OrganInfo:
    levels: _Levels
    group_letter: str | None
    problems: tuple[IdProblem, ...]
    is_standard: bool


def _text_problems(text: str, core: str) -> list[IdProblem]:
    """Problems of the characters: surrounding space, unexpected characters, lower case."""
    problems: list[IdProblem] = []
    if core != text:
        problems.append(
            problem(
                "ORGANID_SURROUNDING_SPACE",
                "the agency identifier has leading or trailing whitespace",
                "Mã định danh có khoảng trắng ở đầu hoặc cuối.",
            )
        )
    odd = sorted({c for c in core if c not in _ORGAN_CHARS})
    if odd:
        shown = ", ".join(repr(c) for c in odd)
        problems.append(
            problem(
                "ORGANID_UNEXPECTED_CHARS",
                f"characters other than ASCII letters, digits and '.': {shown}",
                f"Mã định danh chứa ký tự không phải chữ cái, chữ số hoặc dấu chấm: {shown}.",
            )
        )
    if any("a" <= c <= "z" for c in core):
        problems.append(
            problem(
                "ORGANID_LOWERCASE",
                "lower-case letters; QCVN 102 writes the level-1 letter as a capital",
                "Mã định danh chứa chữ thường; chữ cái của mã cấp 1 phải viết hoa.",
            )
        )
    return problems


def _shape_problems(parts: list[str]) -> list[IdProblem]:
    """Problems of the dot-separated shape: not four levels, an empty level."""
    problems: list[IdProblem] = []
    if len(parts) != 4:
        problems.append(
            problem(
                "ORGANID_NOT_4_LEVELS",
                f"{len(parts)} dot-separated part(s) instead of the 4 levels of QCVN 102 "
                "(LLL.KK.JJ.Xnn)",
                f"Mã định danh có {len(parts)} thành phần thay vì 4 cấp theo QCVN 102 "
                "(LLL.KK.JJ.Xnn).",
            )
        )
    if "" in parts:
        problems.append(
            problem(
                "ORGANID_EMPTY_LEVEL",
                "an empty level (two dots in a row, or a dot at the start or end)",
                "Mã định danh có cấp rỗng (hai dấu chấm liền nhau hoặc dấu chấm ở đầu/cuối).",
            )
        )
    return problems


def _levels_from_right(parts: list[str]) -> _Levels:
    """Level 1 .. level 4, assigned from the right: the code is written lowest level first."""
    rightmost = [p or None for p in reversed(parts[-4:])]
    rightmost += [None] * (4 - len(rightmost))
    level1, level2, level3, level4 = rightmost
    return (level1, level2, level3, level4)


def _level1_group(level1: str | None, problems: list[IdProblem]) -> str | None:
    """The group letter of a well-shaped level 1 (else None), reporting a bad or unknown one."""
    if level1 is not None and _LEVEL1_RE.fullmatch(level1):
        letter = level1[0].upper()
        if letter not in LEVEL1_GROUPS:
            problems.append(
                problem(
                    "ORGANID_UNKNOWN_GROUP",
                    f"level-1 letter {letter!r} is not a known group (A-K)",
                    f"Chữ cái '{letter}' của mã cấp 1 không thuộc nhóm nào đã biết (A-K).",
                )
            )
        return letter
    shown = level1 or ""
    problems.append(
        problem(
            "ORGANID_BAD_LEVEL1",
            f"level 1 {shown!r} is not one letter followed by two digits (e.g. G22)",
            f"Mã cấp 1 '{shown}' không có dạng một chữ cái và hai chữ số (ví dụ G22).",
        )
    )
    return None


def _lower_level_problems(levels: _Levels) -> list[IdProblem]:
    """Levels 2-4 that are present but not the right number of digits."""
    problems: list[IdProblem] = []
    for number, part in ((2, levels[1]), (3, levels[2]), (4, levels[3])):
        if part is not None and not _LOWER_LEVEL_RES[number].fullmatch(part):
            digits = _LOWER_LEVEL_DIGITS[number]
            problems.append(
                problem(
                    "ORGANID_BAD_LOWER_LEVEL",
                    f"level {number} {part!r} is not {digits} digits",
                    f"Mã cấp {number} '{part}' không gồm đúng {digits} chữ số.",
                )
            )
    return problems


def _length_problems(text: str) -> list[IdProblem]:
    """The warning for codes longer than the original fixed 13 characters."""
    if len(text) <= _ORGAN_LEGACY_LEN:
        return []
    return [
        problem(
            "ORGANID_LEGACY_LENGTH",
            f"{len(text)} characters: allowed since SĐ1:2022 (max 35), but systems built for "
            "the original 13-character form may reject or truncate it",
            f"Mã định danh dài {len(text)} ký tự: được phép từ SĐ1:2022 (tối đa 35), nhưng "
            "hệ thống theo quy định cũ (đúng 13 ký tự) có thể từ chối hoặc cắt bớt.",
        )
    ]


def _analyse_organ(value: object) -> _OrganInfo:
    text = _check_organ_text(value, "OrganId")
    core = text.strip()
    parts = core.split(".")
    levels = _levels_from_right(parts)
    # The order of the checks is the order of `problems`, which callers may rely on.
    problems = _text_problems(text, core) + _shape_problems(parts)
    group_letter = _level1_group(levels[0], problems)
    problems += _lower_level_problems(levels) + _length_problems(text)
    return _OrganInfo(
        levels=levels,
        group_letter=group_letter,
        problems=tuple(problems),
        is_standard=_STANDARD_RE.fullmatch(text) is not None,
    )


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
        init=False, eq=False, repr=False, default=cached_analysis(_analyse_organ)
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


__all__ = ["KNOWN_LEVEL1_NAMES", "LEVEL1_GROUPS", "OrganGroup", "OrganId"]
