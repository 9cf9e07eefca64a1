"""Mappings given to the builders: the keys they accept are the model's own field names.

An agency, a signer or a clerk may be given as a mapping keyed by the Python attribute names
or by the edXML element names; ``replace(**fields)`` passes on exactly the arguments of
``new_document`` that it does not take itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from edocstd import BuildError, Edoc, Organization, SignerInfo, StaffInfo
from edocstd._lifecycle import replace

from .conftest import make_document

# Every child element of the three classes, by element name and by attribute name, with a
# value of the right shape (written out here, not read from the model).
ORGANIZATION = {
    ("OrganId", "organ_id"): "000.00.00.G12",
    ("OrganizationInCharge", "organization_in_charge"): "Chính phủ",
    ("OrganName", "organ_name"): "Bộ Tài chính",
    ("OrganAdd", "organ_add"): "28 Trần Hưng Đạo, Hà Nội",
    ("Email", "email"): "vanthu@mof.example",
    ("Telephone", "telephone"): "024 0000 0000",
    ("Fax", "fax"): "024 0000 0001",
    ("Website", "website"): "https://mof.example",
}
SIGNER = {
    ("Competence", "competence"): "KT. BỘ TRƯỞNG",
    ("Position", "position"): "THỨ TRƯỞNG",
    ("FullName", "full_name"): "Lê Văn An",
}
STAFF = {
    ("Department", "department"): "Văn thư",
    ("DepartmentId", "department_id"): "VT",
    ("Staff", "staff"): "Phạm Thu Hà",
    ("StaffId", "staff_id"): "42",
    ("Email", "email"): "ha@mof.example",
    ("Mobile", "mobile"): "0912000000",
}


def _keyed(table: dict[tuple[str, str], str], by: int) -> dict[str, str]:
    return {names[by]: value for names, value in table.items()}


@pytest.mark.parametrize("by", [0, 1], ids=["element names", "attribute names"])
def test_every_element_is_accepted_by_either_name(by: int) -> None:
    edoc = make_document(
        sender=_keyed(ORGANIZATION, by),
        signer=_keyed(SIGNER, by),
        staff=_keyed(STAFF, by),
    )
    assert edoc.header.sender == Organization(**_keyed(ORGANIZATION, 1))
    assert edoc.header.signer_info == SignerInfo(**_keyed(SIGNER, 1))
    trace = edoc.trace_header_list
    assert trace is not None and trace.bussiness is not None
    assert trace.bussiness.staff_info == StaffInfo(**_keyed(STAFF, 1))


@pytest.mark.parametrize(
    ("argument", "value", "path"),
    [
        ("sender", {"OrganId": "000.00.00.G12", "organId": "x"}, "sender.organId"),
        ("signer", {"FullName": "A", "Name": "B"}, "signer.Name"),
        ("staff", {"Staff": "A", "Phone": "1"}, "staff.Phone"),
        ("recipients", [{"OrganId": "000.00.00.H53", "OrganID": "x"}], "recipients[0].OrganID"),
    ],
)
def test_an_unknown_key_is_refused_by_its_path(argument: str, value: Any, path: str) -> None:
    with pytest.raises(BuildError) as caught:
        make_document(**{argument: value})
    assert caught.value.path == path


def test_replace_passes_on_what_new_document_takes(document: Edoc) -> None:
    new = replace(
        document,
        code_number="99",
        code_notation="VPCP-TT",
        subject="Thay thế",
        promulgation_date=dt.date(2025, 10, 16),
        now=dt.datetime(2025, 10, 16, 8, 0, 0),
        content="Nội dung mới",
        page_amount=3,
        to_places=["Lưu: VT"],
    )
    assert new.header.content == "Nội dung mới"
    assert new.header.other_info is not None and new.header.other_info.page_amount == 3
    assert new.header.to_places == ("Lưu: VT",)


@pytest.mark.parametrize("name", ["subjects", "replaced_for_all", "_business", "sender"])
def test_replace_refuses_what_it_may_not_pass_on(document: Edoc, name: str) -> None:
    with pytest.raises(BuildError) as caught:
        replace(
            document,
            code_number="99",
            code_notation="VPCP-TT",
            subject="Thay thế",
            promulgation_date=dt.date(2025, 10, 16),
            now=dt.datetime(2025, 10, 16, 8, 0, 0),
            **{name: 1},
        )
    assert caught.value.path == name
