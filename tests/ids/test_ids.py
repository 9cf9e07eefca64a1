"""Tests of edocstd._ids: agency identifiers (OrganId) and document identifiers (DocumentId)."""

from __future__ import annotations

import copy
import datetime
import pickle
import unicodedata
from uuid import UUID

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from edocstd._errors import BuildError, EdocError
from edocstd._ids import (
    KNOWN_LEVEL1_NAMES,
    LEVEL1_GROUPS,
    PROBLEM_CODES,
    DocumentId,
    IdProblem,
    OrganGroup,
    OrganId,
)


def codes(problems: tuple[IdProblem, ...]) -> list[str]:
    return [p.code for p in problems]


def assert_well_formed_problems(problems: tuple[IdProblem, ...]) -> None:
    for p in problems:
        assert p.code in PROBLEM_CODES
        assert p.message_en and p.message_vi
        assert str(p).startswith(p.code + ": ")


# =============================================================================================
# OrganId: standard codes


@pytest.mark.parametrize(
    ("text", "levels", "letter", "name"),
    [
        ("000.00.00.G22", ("G22", "00", "00", "000"), "G", "Văn phòng Chính phủ"),
        ("000.00.18.G12", ("G12", "18", "00", "000"), "G", "Bộ Tài chính"),
        (
            "000.00.04.G14",
            ("G14", "04", "00", "000"),
            "G",
            "Bộ Thông tin và Truyền thông (trước 2025)",
        ),
        ("000.00.00.H41", ("H41", "00", "00", "000"), "H", "Ủy ban nhân dân tỉnh Nghệ An"),
        ("000.00.01.A53", ("A53", "01", "00", "000"), "A", "Tỉnh ủy Tây Ninh"),
        ("000.00.11.H53", ("H53", "11", "00", "000"), "H", "Ủy ban nhân dân tỉnh Tây Ninh"),
        ("000.00.14.H20", ("H20", "14", "00", "000"), "H", "Ủy ban nhân dân tỉnh Đồng Tháp"),
        ("123.45.67.K01", ("K01", "67", "45", "123"), "K", None),
        ("000.00.00.D01", ("D01", "00", "00", "000"), "D", None),
    ],
)
def test_standard_codes(
    text: str, levels: tuple[str, str, str, str], letter: str, name: str | None
) -> None:
    oid = OrganId.parse(text)
    assert oid.value == text
    assert str(oid) == text
    assert (oid.level1, oid.level2, oid.level3, oid.level4) == levels
    assert oid.is_standard
    assert not oid.is_post_2022_long
    assert oid.problems == ()
    assert oid.group_letter == letter
    assert oid.group is LEVEL1_GROUPS[letter]
    assert oid.level1_name == name


def test_lowest_level_first() -> None:
    # LLL.KK.JJ.Xnn = level4.level3.level2.level1
    oid = OrganId.parse("001.02.03.G22")
    assert oid.level1 == "G22"
    assert oid.level2 == "03"
    assert oid.level3 == "02"
    assert oid.level4 == "001"


@pytest.mark.parametrize(
    ("letter", "en_fragment", "vi_fragment"),
    [
        ("A", "Party", "Đảng"),
        ("B", "President", "Chủ tịch nước"),
        ("C", "National Assembly", "Quốc hội"),
        ("D", "Supreme People's Court", "Tòa án nhân dân tối cao"),
        ("E", "Procuracy", "Viện kiểm sát"),
        ("F", "State Audit", "Kiểm toán Nhà nước"),
        ("G", "Ministries", "bộ"),
        ("H", "People's Committees", "Ủy ban nhân dân"),
        ("I", "socio-political", "chính trị - xã hội"),
        ("J", "socio-professional", "xã hội - nghề nghiệp"),
        ("K", "People's Councils", "Hội đồng nhân dân"),
    ],
)
def test_every_group(letter: str, en_fragment: str, vi_fragment: str) -> None:
    oid = OrganId.parse(f"000.00.00.{letter}01")
    group = oid.group
    assert isinstance(group, OrganGroup)
    assert group.letter == letter
    assert en_fragment in group.name_en
    assert vi_fragment in group.name_vi
    assert oid.problems == ()


def test_group_table_is_a_to_k_and_read_only() -> None:
    assert sorted(LEVEL1_GROUPS) == list("ABCDEFGHIJK")
    with pytest.raises(TypeError):
        LEVEL1_GROUPS["Z"] = OrganGroup("Z", "x", "y")  # type: ignore[index]
    with pytest.raises(TypeError):
        KNOWN_LEVEL1_NAMES["Z99"] = "x"  # type: ignore[index]


def test_known_names_cover_the_spec_samples() -> None:
    for code in (
        "G22",
        "G12",
        "G14",
        "G17",
        "H14",
        "H17",
        "H19",
        "H20",
        "H41",
        "H53",
        "H56",
        "A53",
    ):
        assert OrganId.build(code).level1_name == KNOWN_LEVEL1_NAMES[code]


def test_unknown_level1_has_group_but_no_name() -> None:
    oid = OrganId.parse("000.00.00.G99")
    assert oid.level1_name is None
    assert oid.group_letter == "G"
    assert oid.problems == ()


# =============================================================================================
# OrganId: non-standard codes seen in real traffic, and worse


@pytest.mark.parametrize(
    ("text", "levels", "letter", "expected"),
    [
        ("28.22.H17", ("H17", "22", "28", None), "H", ["ORGANID_NOT_4_LEVELS"]),
        ("01.02.G22", ("G22", "02", "01", None), "G", ["ORGANID_NOT_4_LEVELS"]),
        ("001.00.20.TT2", ("TT2", "20", "00", "001"), None, ["ORGANID_BAD_LEVEL1"]),
        ("001.00.20.JB2", ("JB2", "20", "00", "001"), None, ["ORGANID_BAD_LEVEL1"]),
        (
            "00.22.W00",
            ("W00", "22", "00", None),
            "W",
            ["ORGANID_NOT_4_LEVELS", "ORGANID_UNKNOWN_GROUP"],
        ),
        (
            "vxp.saas.03",
            ("03", "saas", "vxp", None),
            None,
            [
                "ORGANID_LOWERCASE",
                "ORGANID_NOT_4_LEVELS",
                "ORGANID_BAD_LEVEL1",
                "ORGANID_BAD_LOWER_LEVEL",
                "ORGANID_BAD_LOWER_LEVEL",
            ],
        ),
    ],
)
def test_real_traffic_codes_never_raise(
    text: str,
    levels: tuple[str | None, ...],
    letter: str | None,
    expected: list[str],
) -> None:
    oid = OrganId.parse(text)
    assert str(oid) == text
    assert not oid.is_standard
    assert (oid.level1, oid.level2, oid.level3, oid.level4) == levels
    assert oid.group_letter == letter
    assert codes(oid.problems) == expected
    assert_well_formed_problems(oid.problems)


def test_three_level_code_still_knows_its_agency() -> None:
    oid = OrganId.parse("28.22.H17")
    assert oid.group is not None and oid.group.letter == "H"
    assert oid.level1_name == "Ủy ban nhân dân thành phố Đà Nẵng"


def test_unknown_group_letter_in_standard_shape() -> None:
    oid = OrganId.parse("000.00.00.Z01")
    assert oid.is_standard  # shape only
    assert oid.group is None
    assert oid.group_letter == "Z"
    assert codes(oid.problems) == ["ORGANID_UNKNOWN_GROUP"]
    assert "'Z'" in oid.problems[0].message_en


def test_lowercase_level1() -> None:
    oid = OrganId.parse("000.00.00.g22")
    assert not oid.is_standard
    assert codes(oid.problems) == ["ORGANID_LOWERCASE"]
    assert oid.level1 == "g22"  # verbatim
    assert oid.group_letter == "G"
    assert oid.level1_name == "Văn phòng Chính phủ"


def test_surrounding_space_is_kept_and_reported() -> None:
    oid = OrganId.parse(" 000.00.00.G22 ")
    assert oid.value == " 000.00.00.G22 "
    assert not oid.is_standard
    assert oid.level1 == "G22" and oid.level4 == "000"
    assert codes(oid.problems) == ["ORGANID_SURROUNDING_SPACE", "ORGANID_LEGACY_LENGTH"]


def test_post_2022_long_code() -> None:
    text = "0100109106-001"
    oid = OrganId.parse(text)
    assert oid.is_post_2022_long
    assert "ORGANID_LEGACY_LENGTH" in codes(oid.problems)
    assert "ORGANID_UNEXPECTED_CHARS" in codes(oid.problems)
    assert "'-'" in oid.problems[0].message_en


def test_exactly_35_characters_is_allowed() -> None:
    text = "A" * 35
    oid = OrganId.parse(text)
    assert oid.value == text
    assert oid.is_post_2022_long
    assert "ORGANID_LEGACY_LENGTH" in codes(oid.problems)
    assert "35" in next(p for p in oid.problems if p.code == "ORGANID_LEGACY_LENGTH").message_en


def test_thirteen_characters_is_not_long() -> None:
    assert not OrganId.parse("0000000000000").is_post_2022_long
    assert OrganId.parse("00000000000000").is_post_2022_long


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("G22", ["ORGANID_NOT_4_LEVELS"]),
        ("000..00.G22", ["ORGANID_EMPTY_LEVEL"]),
        (
            "000.00.00.G22.",
            [
                "ORGANID_NOT_4_LEVELS",
                "ORGANID_EMPTY_LEVEL",
                "ORGANID_BAD_LEVEL1",
                "ORGANID_BAD_LOWER_LEVEL",  # level 2 is then "G22"
                "ORGANID_BAD_LOWER_LEVEL",  # and level 4 "00"
                "ORGANID_LEGACY_LENGTH",
            ],
        ),
        (
            ".000.00.00.G22",
            ["ORGANID_NOT_4_LEVELS", "ORGANID_EMPTY_LEVEL", "ORGANID_LEGACY_LENGTH"],
        ),
        (
            "...",
            ["ORGANID_EMPTY_LEVEL", "ORGANID_BAD_LEVEL1"],
        ),
        ("1.000.00.00.G22", ["ORGANID_NOT_4_LEVELS", "ORGANID_LEGACY_LENGTH"]),
        ("0000.00.00.G22", ["ORGANID_BAD_LOWER_LEVEL", "ORGANID_LEGACY_LENGTH"]),
        ("000.0.00.G22", ["ORGANID_BAD_LOWER_LEVEL"]),
        ("000.00.00.G2", ["ORGANID_BAD_LEVEL1"]),
        ("000.00.00.G222", ["ORGANID_BAD_LEVEL1", "ORGANID_LEGACY_LENGTH"]),
        ("000.00.00.22G", ["ORGANID_BAD_LEVEL1"]),
        (
            "000 00 00 G22",
            ["ORGANID_UNEXPECTED_CHARS", "ORGANID_NOT_4_LEVELS", "ORGANID_BAD_LEVEL1"],
        ),
        # Vietnamese capital letter: not ASCII.
        ("000.00.00.Đ22", ["ORGANID_UNEXPECTED_CHARS", "ORGANID_BAD_LEVEL1"]),
    ],
)
def test_malformed_codes_are_reported(text: str, expected: list[str]) -> None:
    oid = OrganId.parse(text)
    assert oid.value == text
    assert not oid.is_standard
    assert codes(oid.problems) == expected
    assert_well_formed_problems(oid.problems)


def test_non_ascii_digits_are_not_standard() -> None:
    # Arabic-Indic digits match \d in Python regexes; they must not pass as digits here.
    text = "٠٠٠.٠٠.٠٠.G٢٢"
    oid = OrganId.parse(text)
    assert not oid.is_standard
    assert "ORGANID_UNEXPECTED_CHARS" in codes(oid.problems)
    assert "ORGANID_BAD_LEVEL1" in codes(oid.problems)
    assert "ORGANID_BAD_LOWER_LEVEL" in codes(oid.problems)
    fullwidth = OrganId.parse("000.00.00.Ｇ22")
    assert not fullwidth.is_standard
    assert fullwidth.group_letter is None


def test_empty_level1_is_none() -> None:
    oid = OrganId.parse("000.00.00.")
    assert oid.level1 is None
    assert oid.group is None and oid.group_letter is None and oid.level1_name is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "   \u00a0 ",
        "\u3000",
        "A" * 36,
        "000.00.00.G22" * 3,
        "000.00.00.G22\n",
        "\t000.00.00.G22",
        "000.00.00\x00.G22",
        "000.00.00.G22\x7f",
        "000.00.00.G22\x85",
    ],
)
def test_unusable_codes_raise(text: str) -> None:
    with pytest.raises(BuildError) as info:
        OrganId.parse(text)
    assert info.value.path == "OrganId"
    assert isinstance(info.value, EdocError)
    assert isinstance(info.value, ValueError)
    with pytest.raises(BuildError):
        OrganId(text)


def test_over_35_message_names_the_limit() -> None:
    with pytest.raises(BuildError, match="35"):
        OrganId.parse("9" * 36)


def test_control_character_message_names_it() -> None:
    with pytest.raises(BuildError, match="U\\+0000"):
        OrganId.parse("000.00.00.G22\x00")


@pytest.mark.parametrize("bad", [None, 22, b"000.00.00.G22", ["000.00.00.G22"]])
def test_non_str_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError):
        OrganId.parse(bad)  # type: ignore[arg-type]


def test_value_semantics() -> None:
    a = OrganId.parse("000.00.00.G22")
    b = OrganId("000.00.00.G22")
    assert a == b
    assert hash(a) == hash(b)
    assert a != OrganId.parse("000.00.00.g22")
    assert a != "000.00.00.G22"  # type: ignore[comparison-overlap]
    assert {a, b} == {a}
    assert repr(a) == "OrganId(value='000.00.00.G22')"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.value = "x"  # type: ignore[misc]
    for clone in (pickle.loads(pickle.dumps(a)), copy.copy(a), copy.deepcopy(a)):
        assert clone == a
        assert clone.level1 == "G22"
        assert clone.problems == ()
    evolved = attrs.evolve(a, value="28.22.H17")
    assert codes(evolved.problems) == ["ORGANID_NOT_4_LEVELS"]


# =============================================================================================
# OrganId.build


def test_build_defaults_and_levels() -> None:
    assert str(OrganId.build("G22")) == "000.00.00.G22"
    assert str(OrganId.build("G12", 18)) == "000.00.18.G12"
    assert str(OrganId.build("H53", level2=11)) == "000.00.11.H53"
    assert str(OrganId.build("A01", 1, 2, 3)) == "003.02.01.A01"
    assert str(OrganId.build("K63", 99, 99, 999)) == "999.99.99.K63"
    built = OrganId.build("Z01")  # letters outside A-K are accepted, then reported
    assert codes(built.problems) == ["ORGANID_UNKNOWN_GROUP"]


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"level1": "g22"}, "level1"),
        ({"level1": "G2"}, "level1"),
        ({"level1": "G222"}, "level1"),
        ({"level1": "GG2"}, "level1"),
        ({"level1": "22G"}, "level1"),
        ({"level1": ""}, "level1"),
        ({"level1": " G22"}, "level1"),
        ({"level1": "G22\n"}, "level1"),
        ({"level1": "Đ22"}, "level1"),
        ({"level1": "G٢٢"}, "level1"),
        ({"level1": "G00"}, "level1"),
        ({"level1": 22}, "level1"),
        ({"level1": "G22", "level2": 100}, "level2"),
        ({"level1": "G22", "level2": -1}, "level2"),
        ({"level1": "G22", "level2": True}, "level2"),
        ({"level1": "G22", "level2": "18"}, "level2"),
        ({"level1": "G22", "level2": 1.0}, "level2"),
        ({"level1": "G22", "level3": 100}, "level3"),
        ({"level1": "G22", "level3": -5}, "level3"),
        ({"level1": "G22", "level4": 1000}, "level4"),
        ({"level1": "G22", "level4": -1}, "level4"),
        ({"level1": "G22", "level4": None}, "level4"),
    ],
)
def test_build_rejects_out_of_range(kwargs: dict[str, object], path: str) -> None:
    with pytest.raises(BuildError) as info:
        OrganId.build(**kwargs)  # type: ignore[arg-type]
    assert info.value.path == path
    assert str(info.value).startswith(path + ": ")


level1_codes = st.builds(
    lambda letter, n: f"{letter}{n:02d}",
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    st.integers(1, 99),
)


@given(
    level1=level1_codes,
    level2=st.integers(0, 99),
    level3=st.integers(0, 99),
    level4=st.integers(0, 999),
)
def test_build_parse_round_trip(level1: str, level2: int, level3: int, level4: int) -> None:
    built = OrganId.build(level1, level2, level3, level4)
    parsed = OrganId.parse(str(built))
    assert parsed == built
    assert parsed.is_standard
    assert len(parsed.value) == 13
    assert parsed.level1 == level1
    assert int(parsed.level2 or "x") == level2
    assert int(parsed.level3 or "x") == level3
    assert int(parsed.level4 or "x") == level4
    assert parsed.group_letter == level1[0]
    expected = [] if level1[0] in LEVEL1_GROUPS else ["ORGANID_UNKNOWN_GROUP"]
    assert codes(parsed.problems) == expected


usable_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=35
).filter(lambda s: s.strip() != "")


@given(usable_text)
def test_parse_never_raises_for_usable_text(text: str) -> None:
    oid = OrganId.parse(text)
    assert oid.value == text
    assert str(oid) == text
    assert_well_formed_problems(oid.problems)
    assert oid.is_post_2022_long == (len(text) > 13)
    if oid.is_standard:
        assert set(codes(oid.problems)) <= {"ORGANID_UNKNOWN_GROUP"}
    if not oid.problems:
        assert oid.is_standard
    if oid.group is not None:
        assert oid.group_letter == oid.group.letter


@given(st.text(min_size=36, max_size=80))
def test_parse_always_rejects_over_35(text: str) -> None:
    with pytest.raises(BuildError):
        OrganId.parse(text)


# =============================================================================================
# DocumentId: parsing


SAMPLE = "000.00.00.G22,2018/09/20,7816/VPCP-TTĐT"


def test_sdk_sample() -> None:
    doc = DocumentId.parse(SAMPLE)
    assert doc.value == SAMPLE
    assert str(doc) == SAMPLE
    assert doc.kind == "sdk"
    assert doc.organ_id == OrganId("000.00.00.G22")
    assert doc.date == datetime.date(2018, 9, 20)
    assert doc.raw_date == "2018/09/20"
    assert doc.year == 2018
    assert doc.code_number == "7816"
    assert doc.code_notation == "VPCP-TTĐT"
    assert doc.uuid is None
    assert doc.problems == ()


def test_notation_with_slashes_splits_on_first_slash() -> None:
    doc = DocumentId.parse("000.00.00.G12,2018/11/15,102/2018/TT-BTC")
    assert doc.code_number == "102"
    assert doc.code_notation == "2018/TT-BTC"
    assert doc.problems == ()


def test_notation_with_vietnamese_letters() -> None:
    doc = DocumentId.parse("000.00.00.H41,2020/01/02,15/QĐ-UBND.VX")
    assert doc.code_notation == "QĐ-UBND.VX"
    assert doc.problems == ()


def test_impossible_date_from_the_official_sample() -> None:
    doc = DocumentId.parse("000.00.00.G22,2014/02/30,7816/VPCP-TTĐT")
    assert doc.kind == "sdk"
    assert doc.date is None
    assert doc.raw_date == "2014/02/30"
    assert doc.year == 2014
    assert doc.code_number == "7816"
    assert codes(doc.problems) == ["DOCID_IMPOSSIBLE_DATE"]
    assert "2014/02/30" in doc.problems[0].message_en
    assert "2014/02/30" in doc.problems[0].message_vi
    assert str(doc) == "000.00.00.G22,2014/02/30,7816/VPCP-TTĐT"


@pytest.mark.parametrize(
    ("raw", "year"),
    [
        ("2018/13/01", 2018),
        ("2018/00/10", 2018),
        ("2018/01/00", 2018),
        ("0000/01/01", None),
        ("2019/02/29", 2019),
        ("2018/04/31", 2018),
    ],
)
def test_other_impossible_dates(raw: str, year: int | None) -> None:
    doc = DocumentId.parse(f"000.00.00.G22,{raw},1/A")
    assert doc.kind == "sdk"
    assert doc.date is None
    assert doc.raw_date == raw
    assert doc.year == year
    assert codes(doc.problems) == ["DOCID_IMPOSSIBLE_DATE"]


def test_leap_day_is_real() -> None:
    doc = DocumentId.parse("000.00.00.G22,2020/02/29,1/A")
    assert doc.date == datetime.date(2020, 2, 29)
    assert doc.problems == ()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("20/09/2018", datetime.date(2018, 9, 20)),
        ("2018-09-20", datetime.date(2018, 9, 20)),
        ("2018/9/20", datetime.date(2018, 9, 20)),
        ("1/2/2018", datetime.date(2018, 2, 1)),
    ],
)
def test_date_variants_are_read_and_reported(raw: str, expected: datetime.date) -> None:
    doc = DocumentId.parse(f"000.00.00.G22,{raw},1/A")
    assert doc.kind == "sdk"
    assert doc.date == expected
    assert doc.raw_date == raw
    assert codes(doc.problems) == ["DOCID_DATE_FORMAT"]


def test_variant_that_is_also_impossible() -> None:
    doc = DocumentId.parse("000.00.00.G22,30/02/2014,1/A")
    assert doc.date is None
    assert codes(doc.problems) == ["DOCID_DATE_FORMAT", "DOCID_IMPOSSIBLE_DATE"]


@pytest.mark.parametrize(
    "middle",
    ["2018/09-20", "2018.09.20", "٢٠١٨/٠٩/٢٠", "20180920", "2018/09/20 10:00:00", "hôm nay", "18"],
)
def test_unrecognised_middle_part_is_other(middle: str) -> None:
    doc = DocumentId.parse(f"000.00.00.G22,{middle},1/A")
    assert doc.kind == "other"
    assert doc.organ_id is None and doc.date is None and doc.raw_date is None
    assert doc.code_number is None and doc.code_notation is None
    assert codes(doc.problems) == ["DOCID_NONSTANDARD_FORM"]


def test_year_form() -> None:
    doc = DocumentId.parse("000.00.01.H08,2018,10")
    assert doc.kind == "year"
    assert doc.organ_id == OrganId("000.00.01.H08")
    assert doc.year == 2018
    assert doc.date is None and doc.raw_date is None
    assert doc.code_number == "10"
    assert doc.code_notation is None
    assert codes(doc.problems) == ["DOCID_NONSTANDARD_FORM"]
    assert "year" in doc.problems[0].message_en


def test_year_form_with_notation_and_year_zero() -> None:
    doc = DocumentId.parse("000.00.01.H08,2018,10/UBND-VP")
    assert (doc.code_number, doc.code_notation) == ("10", "UBND-VP")
    zero = DocumentId.parse("000.00.01.H08,0000,10")
    assert zero.kind == "year"
    assert zero.year is None
    assert codes(zero.problems) == ["DOCID_NONSTANDARD_FORM", "DOCID_IMPOSSIBLE_DATE"]


@pytest.mark.parametrize(
    "text",
    [
        "5e1d9c3a-1111-2222-3333-444455556666",
        "5E1D9C3A-ABCD-4EF0-8123-444455556666",
        str(UUID(int=0)),
    ],
)
def test_uuid_form(text: str) -> None:
    doc = DocumentId.parse(text)
    assert doc.kind == "uuid"
    assert doc.uuid == UUID(text)
    assert doc.value == text  # case kept
    assert doc.organ_id is None and doc.date is None and doc.code_number is None
    assert doc.problems == ()


def test_uuid_with_spaces() -> None:
    doc = DocumentId.parse(" 5e1d9c3a-1111-2222-3333-444455556666\t")
    assert doc.kind == "uuid"
    assert codes(doc.problems) == ["DOCID_EXTRA_SPACE", "DOCID_CONTROL_CHARS"]


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "7816/VPCP-TTĐT",
        "000.00.00.G22,7816/VPCP",
        "{5e1d9c3a-1111-2222-3333-444455556666}",
        "urn:uuid:5e1d9c3a-1111-2222-3333-444455556666",
        "5e1d9c3a111122223333444455556666",
        "5e1d9c3a-1111-2222-3333-44445555666g",
        ",,",
        "000.00.00.G22;2018/09/20;1/A",
    ],
)
def test_other_forms(text: str) -> None:
    doc = DocumentId.parse(text)
    assert doc.kind == "other"
    assert doc.value == text
    assert doc.organ_id is None and doc.date is None and doc.year is None
    assert doc.code_number is None and doc.code_notation is None and doc.uuid is None
    assert codes(doc.problems) == ["DOCID_NONSTANDARD_FORM"]


def test_empty_issuer() -> None:
    doc = DocumentId.parse(",2018/09/20,1/A")
    assert doc.kind == "sdk"
    assert doc.organ_id is None
    assert doc.code_number == "1"
    assert codes(doc.problems) == ["DOCID_BAD_ORGANID"]


def test_issuer_over_35() -> None:
    doc = DocumentId.parse("X" * 40 + ",2018/09/20,1/A")
    assert doc.organ_id is None
    assert codes(doc.problems) == ["DOCID_BAD_ORGANID"]


def test_nonstandard_issuer() -> None:
    doc = DocumentId.parse("28.22.H17,2020/01/01,1/UBND")
    assert doc.organ_id == OrganId("28.22.H17")
    assert codes(doc.problems) == ["DOCID_ORGANID_PROBLEMS"]
    assert "ORGANID_NOT_4_LEVELS" in doc.problems[0].message_en


def test_missing_notation() -> None:
    doc = DocumentId.parse("000.00.00.G22,2018/09/20,7816")
    assert doc.kind == "sdk"
    assert doc.code_number == "7816"
    assert doc.code_notation is None
    assert codes(doc.problems) == ["DOCID_MISSING_NOTATION"]


@pytest.mark.parametrize(
    ("text", "number", "notation", "expected"),
    [
        ("000.00.00.G22,2018/09/20,/VPCP", "", "VPCP", ["DOCID_EMPTY_PART"]),
        ("000.00.00.G22,2018/09/20,7816/", "7816", "", ["DOCID_EMPTY_PART"]),
        ("000.00.00.G22,2018/09/20,/", "", "", ["DOCID_EMPTY_PART", "DOCID_EMPTY_PART"]),
        (
            "000.00.00.G22,2018/09/20,",
            "",
            None,
            ["DOCID_MISSING_NOTATION", "DOCID_EMPTY_PART"],
        ),
    ],
)
def test_empty_parts(text: str, number: str, notation: str | None, expected: list[str]) -> None:
    doc = DocumentId.parse(text)
    assert doc.kind == "sdk"
    assert doc.code_number == number
    assert doc.code_notation == notation
    assert codes(doc.problems) == expected


def test_comma_in_notation() -> None:
    doc = DocumentId.parse("000.00.00.G22,2018/09/20,7816/VPCP,TTĐT")
    assert doc.kind == "sdk"
    assert doc.code_notation == "VPCP,TTĐT"
    assert codes(doc.problems) == ["DOCID_AMBIGUOUS_COMMA"]


def test_spaces_around_parts() -> None:
    text = " 000.00.00.G22 , 2018/09/20 , 7816 / VPCP-TTĐT "
    doc = DocumentId.parse(text)
    assert doc.value == text  # verbatim, never normalised
    assert doc.kind == "sdk"
    assert doc.organ_id == OrganId("000.00.00.G22")
    assert doc.date == datetime.date(2018, 9, 20)
    assert (doc.code_number, doc.code_notation) == ("7816", "VPCP-TTĐT")
    assert codes(doc.problems) == ["DOCID_EXTRA_SPACE"]


def test_inner_space_only_around_slash() -> None:
    doc = DocumentId.parse("000.00.00.G22,2018/09/20,7816 /VPCP")
    assert codes(doc.problems) == ["DOCID_EXTRA_SPACE"]
    assert doc.code_number == "7816"


def test_control_characters_are_reported_not_raised() -> None:
    doc = DocumentId.parse("000.00.00.G22,2018/09/20,7816/VPCP\x00")
    assert "DOCID_CONTROL_CHARS" in codes(doc.problems)
    assert DocumentId.parse("\x00").kind == "other"


def test_several_problems_at_once() -> None:
    doc = DocumentId.parse("vxp.saas.03 ,2014/02/30,7816")
    assert codes(doc.problems) == [
        "DOCID_EXTRA_SPACE",
        "DOCID_ORGANID_PROBLEMS",
        "DOCID_IMPOSSIBLE_DATE",
        "DOCID_MISSING_NOTATION",
    ]
    assert_well_formed_problems(doc.problems)


@pytest.mark.parametrize("text", ["", " ", "\n\t ", "\u00a0"])
def test_blank_document_id_raises(text: str) -> None:
    with pytest.raises(BuildError) as info:
        DocumentId.parse(text)
    assert info.value.path == "DocumentId"


@pytest.mark.parametrize("bad", [None, 7816, b"abc"])
def test_document_id_non_str_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError):
        DocumentId.parse(bad)  # type: ignore[arg-type]


def test_very_long_and_hostile_input() -> None:
    digits = "9" * 10_000
    doc = DocumentId.parse(f"000.00.00.G22,2018/09/20,{digits}/A")
    assert doc.code_number == digits
    assert doc.matches(number=digits)
    assert not doc.matches(number="9")
    assert DocumentId.parse("," * 100_000).kind == "other"


@given(st.text(min_size=1).filter(lambda s: s.strip() != ""))
def test_document_parse_never_raises(text: str) -> None:
    doc = DocumentId.parse(text)
    assert doc.value == text
    assert str(doc) == text
    assert doc.kind in ("sdk", "year", "uuid", "other")
    assert_well_formed_problems(doc.problems)
    if doc.kind in ("uuid", "other"):
        assert doc.organ_id is None and doc.code_number is None
    if doc.date is not None:
        assert doc.kind == "sdk" and doc.year == doc.date.year


def test_document_value_semantics() -> None:
    a = DocumentId.parse(SAMPLE)
    assert a == DocumentId(SAMPLE)
    assert hash(a) == hash(DocumentId(SAMPLE))
    assert a != DocumentId(SAMPLE + " ")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.value = "x"  # type: ignore[misc]
    clone = pickle.loads(pickle.dumps(a))
    assert clone == a and clone.code_notation == "VPCP-TTĐT"


# =============================================================================================
# DocumentId.build


def test_build_sdk_form() -> None:
    doc = DocumentId.build("000.00.00.G22", datetime.date(2018, 9, 20), 7816, "VPCP-TTĐT")
    assert str(doc) == SAMPLE
    assert doc.problems == ()
    same = DocumentId.build(OrganId.build("G22"), datetime.date(2018, 9, 20), "7816", "VPCP-TTĐT")
    assert same == doc


def test_build_keeps_leading_zeros_and_small_years() -> None:
    doc = DocumentId.build("000.00.00.G22", datetime.date(5, 1, 2), "07", "A/B-C")
    assert str(doc) == "000.00.00.G22,0005/01/02,07/A/B-C"
    assert doc.date == datetime.date(5, 1, 2)
    assert (doc.code_number, doc.code_notation) == ("07", "A/B-C")


def test_build_with_nonstandard_issuer() -> None:
    doc = DocumentId.build("vxp.saas.03", datetime.date(2025, 10, 1), 1, "TB")
    assert doc.kind == "sdk"
    assert codes(doc.problems) == ["DOCID_ORGANID_PROBLEMS"]


D = datetime.date(2018, 9, 20)


@pytest.mark.parametrize(
    ("args", "path"),
    [
        (("", D, 1, "A"), "organ_id"),
        ((" ", D, 1, "A"), "organ_id"),
        (("X" * 36, D, 1, "A"), "organ_id"),
        (("000.00.00.G22\n", D, 1, "A"), "organ_id"),
        (("000,00.00.G22", D, 1, "A"), "organ_id"),
        ((" 000.00.00.G22", D, 1, "A"), "organ_id"),
        ((OrganId("000.00.00.G22 "), D, 1, "A"), "organ_id"),
        ((None, D, 1, "A"), "organ_id"),
        (("000.00.00.G22", datetime.datetime(2018, 9, 20, 10, 0), 1, "A"), "date"),
        (("000.00.00.G22", "2018/09/20", 1, "A"), "date"),
        (("000.00.00.G22", None, 1, "A"), "date"),
        (("000.00.00.G22", D, "", "A"), "number"),
        (("000.00.00.G22", D, "  ", "A"), "number"),
        (("000.00.00.G22", D, "1,2", "A"), "number"),
        (("000.00.00.G22", D, "1/2", "A"), "number"),
        (("000.00.00.G22", D, " 12", "A"), "number"),
        (("000.00.00.G22", D, "12\x00", "A"), "number"),
        (("000.00.00.G22", D, -1, "A"), "number"),
        (("000.00.00.G22", D, True, "A"), "number"),
        (("000.00.00.G22", D, 1.5, "A"), "number"),
        (("000.00.00.G22", D, None, "A"), "number"),
        (("000.00.00.G22", D, 1, ""), "notation"),
        (("000.00.00.G22", D, 1, "\u3000"), "notation"),
        (("000.00.00.G22", D, 1, "VPCP,TTĐT"), "notation"),
        (("000.00.00.G22", D, 1, "VPCP "), "notation"),
        (("000.00.00.G22", D, 1, "VP\tCP"), "notation"),
        (("000.00.00.G22", D, 1, None), "notation"),
    ],
)
def test_document_build_rejects(args: tuple[object, ...], path: str) -> None:
    with pytest.raises(BuildError) as info:
        DocumentId.build(*args)  # type: ignore[arg-type]
    assert info.value.path == path


organ_ids = st.one_of(
    st.builds(
        OrganId.build,
        level1_codes,
        st.integers(0, 99),
        st.integers(0, 99),
        st.integers(0, 999),
    ),
    st.sampled_from(["28.22.H17", "01.02.G22", "001.00.20.TT2", "00.22.W00", "vxp.saas.03"]).map(
        OrganId
    ),
)


def _code_text(*, slash: bool) -> st.SearchStrategy[str]:
    forbidden = "," if slash else ",/"
    return st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters=forbidden),
        min_size=1,
        max_size=30,
    ).filter(lambda s: s.strip() == s and s != "")


@given(
    organ=organ_ids,
    day=st.dates(),
    number=st.one_of(st.integers(0, 10**12), _code_text(slash=False)),
    notation=_code_text(slash=True),
)
def test_document_build_parse_round_trip(
    organ: OrganId, day: datetime.date, number: int | str, notation: str
) -> None:
    built = DocumentId.build(organ, day, number, notation)
    parsed = DocumentId.parse(str(built))
    assert parsed == built
    assert parsed.kind == "sdk"
    assert parsed.organ_id == organ
    assert parsed.date == day
    assert parsed.raw_date == f"{day.year:04d}/{day.month:02d}/{day.day:02d}"
    assert parsed.year == day.year
    assert parsed.code_number == str(number)
    assert parsed.code_notation == notation
    assert parsed.matches(organ_id=organ, date=day, number=number, notation=notation)
    problem_codes = set(codes(parsed.problems))
    assert problem_codes <= {"DOCID_ORGANID_PROBLEMS"}


# =============================================================================================
# DocumentId.mismatches / matches


def test_mismatches_none_when_consistent() -> None:
    doc = DocumentId.parse(SAMPLE)
    facts = {
        "organ_id": "000.00.00.G22",
        "date": datetime.date(2018, 9, 20),
        "number": "7816",
        "notation": "VPCP-TTĐT",
    }
    assert doc.mismatches(**facts) == []  # type: ignore[arg-type]
    assert doc.matches(**facts)  # type: ignore[arg-type]
    assert doc.mismatches() == []


def test_mismatches_each_fact() -> None:
    doc = DocumentId.parse(SAMPLE)
    assert doc.mismatches(organ_id="000.00.00.G12") == ["organ_id"]
    assert doc.mismatches(organ_id=OrganId("000.00.00.g22")) == ["organ_id"]
    assert doc.mismatches(date=datetime.date(2018, 9, 21)) == ["date"]
    assert doc.mismatches(number=7817) == ["number"]
    assert doc.mismatches(notation="VPCP-TTDT") == ["notation"]
    assert doc.mismatches(
        organ_id="000.00.00.H41",
        date=datetime.date(2019, 1, 1),
        number="1",
        notation="X",
    ) == ["organ_id", "date", "number", "notation"]
    assert not doc.matches(number="1")


def test_mismatches_lenient_where_documented() -> None:
    doc = DocumentId.parse(SAMPLE)
    assert doc.mismatches(organ_id=OrganId("000.00.00.G22")) == []
    assert doc.mismatches(organ_id=" 000.00.00.G22 ") == []
    assert doc.mismatches(date=datetime.datetime(2018, 9, 20, 23, 59)) == []
    assert doc.mismatches(number=7816) == []
    assert doc.mismatches(number="07816") == []
    assert doc.mismatches(number=" 7816 ") == []
    nfd = unicodedata.normalize("NFD", "VPCP-TTĐT Hỏa tốc")
    doc2 = DocumentId.parse("000.00.00.G22,2018/09/20,7816/VPCP-TTĐT Hỏa tốc")
    assert nfd != "VPCP-TTĐT Hỏa tốc"
    assert doc2.mismatches(notation=nfd) == []


def test_mismatches_number_is_not_numeric_for_non_digits() -> None:
    doc = DocumentId.parse("000.00.00.G22,2018/09/20,07a/X")
    assert doc.mismatches(number="7a") == ["number"]
    arabic = DocumentId.parse("000.00.00.G22,2018/09/20,٧٨١٦/X")
    assert arabic.mismatches(number="7816") == ["number"]


def test_mismatches_impossible_date_never_matches() -> None:
    doc = DocumentId.parse("000.00.00.G22,2014/02/30,7816/VPCP-TTĐT")
    assert doc.mismatches(date=datetime.date(2014, 2, 28)) == ["date"]
    assert doc.mismatches(date=datetime.date(2014, 3, 2)) == ["date"]


def test_mismatches_year_form_compares_year_only() -> None:
    doc = DocumentId.parse("000.00.01.H08,2018,10")
    assert doc.mismatches(date=datetime.date(2018, 12, 31), number=10, notation="X") == []
    assert doc.mismatches(date=datetime.date(2019, 1, 1)) == ["date"]
    assert doc.mismatches(organ_id="000.00.01.H09") == ["organ_id"]


def test_mismatches_uuid_and_other_cannot_disagree() -> None:
    facts = {
        "organ_id": "000.00.00.G22",
        "date": datetime.date(2018, 9, 20),
        "number": 1,
        "notation": "X",
    }
    for text in ("5e1d9c3a-1111-2222-3333-444455556666", "anything"):
        doc = DocumentId.parse(text)
        assert doc.mismatches(**facts) == []  # type: ignore[arg-type]


def test_mismatches_bad_issuer_is_compared_as_written() -> None:
    doc = DocumentId.parse(",2018/09/20,1/A")
    assert doc.mismatches(organ_id="000.00.00.G22") == ["organ_id"]
    missing = DocumentId.parse("000.00.00.G22,2018/09/20,7816")
    assert missing.mismatches(notation="VPCP") == []  # the id carries no notation


def test_problem_codes_table_is_complete_and_documented() -> None:
    assert all(code.startswith(("ORGANID_", "DOCID_")) for code in PROBLEM_CODES)
    for required in (
        "ORGANID_NOT_4_LEVELS",
        "ORGANID_BAD_LEVEL1",
        "ORGANID_UNKNOWN_GROUP",
        "ORGANID_LOWERCASE",
        "ORGANID_LEGACY_LENGTH",
        "DOCID_IMPOSSIBLE_DATE",
        "DOCID_NONSTANDARD_FORM",
        "DOCID_BAD_ORGANID",
    ):
        assert required in PROBLEM_CODES
    import pathlib

    doc = pathlib.Path(__file__).resolve().parents[2] / "docs" / "identifiers.md"
    if doc.exists():
        text = doc.read_text(encoding="utf-8")
        for code in PROBLEM_CODES:
            assert code in text, code
