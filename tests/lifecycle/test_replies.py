"""Status replies: addressing (spec §4.3), descriptions, typed errors for nonsense."""

from __future__ import annotations

import datetime as dt

import pytest

import edocstd
from edocstd import BuildError, Edoc, StatusCode, StatusPackage
from edocstd._lifecycle import reply, revoke, take_back_request, update
from edocstd._xml.schemas import load_schema

from .conftest import (
    CLERK,
    G22,
    H41,
    H53,
    assert_round_trip,
    assert_vdxp_valid,
    at,
    make_document,
)

DOC = make_document()
DOC_ID = "000.00.00.G22,2025/10/15,1234/VPCP-KSTT"
REQUEST = take_back_request(DOC, recipient=H53, reason="ban hành nhầm phụ lục II", now=at(15, 11))


def _replies() -> dict[str, StatusPackage]:
    out = {
        code: reply(DOC, code, sender=H53, staff=CLERK, now=at(15, 10),
                    description="Lý do: gửi nhầm đơn vị" if code == "02" else None)
        for code in ("01", "02", "03", "04", "05", "06")
    }
    out["13"] = REQUEST
    out["15_to_13"] = reply(DOC, "15", sender=H53, request=REQUEST, now=at(15, 12))
    out["16_to_13"] = reply(
        DOC, StatusCode.CHANGE_REJECTED, sender=H53, request=REQUEST,
        description="Văn bản đã được phân công xử lý", now=at(15, 12),
    )
    out["15_to_revoke"] = reply(revoke(DOC, now=at(16)), 15, sender=H53, now=at(16, 10))
    return out


REPLIES = _replies()


@pytest.mark.parametrize("name", sorted(REPLIES))
def test_round_trips(name: str) -> None:
    assert_round_trip(REPLIES[name])


@pytest.mark.parametrize("name", sorted(REPLIES))
def test_matches_the_tolerant_schema(name: str) -> None:
    from lxml import etree

    schema = load_schema("status")
    assert schema.validate(etree.fromstring(edocstd.dumps(REPLIES[name]))), schema.error_log


@pytest.mark.parametrize("name", sorted(REPLIES))
def test_validates_under_vdxp(name: str) -> None:
    assert_vdxp_valid(REPLIES[name])


@pytest.mark.parametrize("code", ["01", "02", "03", "04", "05", "06", "15_to_13", "16_to_13"])
def test_receiver_codes_go_from_the_receiver_to_the_sender(code: str) -> None:
    h = REPLIES[code].header
    assert h.sender == H53
    assert h.response_for is not None
    assert h.response_for.organ_id == G22.organ_id
    assert h.response_for.document_id == DOC_ID
    assert h.response_for.code == "1234/VPCP-KSTT"
    assert h.response_for.promulgation_date == dt.date(2025, 10, 15)
    assert h.status_code is StatusCode(code[:2])


def test_take_back_request_goes_from_the_sender_and_names_the_receiver() -> None:
    h = REQUEST.header
    assert h.sender == G22
    assert h.status_code is StatusCode.TAKE_BACK_REQUESTED
    assert h.response_for is not None
    assert h.response_for.organ_id == H53.organ_id  # as in the official sample
    assert h.response_for.document_id == DOC_ID
    assert h.description == "ban hành nhầm phụ lục II"
    assert h.timestamp == at(15, 11)


def test_description_defaults_to_the_label_and_staff_is_kept() -> None:
    h = REPLIES["03"].header
    assert h.description == "Đã tiếp nhận"
    assert h.staff_info == CLERK
    assert h.timestamp == at(15, 10)


def test_document_id_is_echoed_verbatim() -> None:
    odd = make_document(document_id="000.00.00.G22,2019/02/30,12/odd ")
    assert reply(odd, 1, sender=H53, now=at(15)).header.response_for.document_id == (  # type: ignore[union-attr]
        "000.00.00.G22,2019/02/30,12/odd "
    )


@pytest.mark.parametrize("code", ["02", "16"])
def test_a_reason_is_required(code: str) -> None:
    kwargs = {"request": REQUEST} if code == "16" else {}
    with pytest.raises(BuildError) as info:
        reply(DOC, code, sender=H53, now=at(15), **kwargs)  # type: ignore[arg-type]
    assert info.value.path == "Description"
    with pytest.raises(BuildError) as info:
        reply(DOC, code, sender=H53, description="  ", now=at(15), **kwargs)  # type: ignore[arg-type]
    assert info.value.path == "Description"


def test_take_back_needs_a_reason() -> None:
    with pytest.raises(BuildError) as info:
        take_back_request(DOC, recipient=H53, reason="", now=at(15))
    assert info.value.path == "Description"


def test_15_to_a_document_never_asked_back_is_refused() -> None:
    for code in ("15", "16"):
        with pytest.raises(BuildError, match="never asked back") as info:
            reply(DOC, code, sender=H53, description="x", now=at(15))
        assert info.value.path == "StatusCode"


def test_15_and_16_answer_update_and_revoke_packages() -> None:
    upd = update(DOC, changes={"content": "mới"}, now=at(16))
    assert reply(upd, "16", sender=H53, description="không đồng ý", now=at(16)).status_code is (
        StatusCode.CHANGE_REJECTED
    )
    assert REPLIES["15_to_revoke"].header.response_for.document_id == DOC_ID  # type: ignore[union-attr]


def test_13_through_reply_is_refused() -> None:
    with pytest.raises(BuildError, match="take_back_request") as info:
        reply(DOC, "13", sender=G22, description="x", now=at(15), allow_unlisted=True)
    assert info.value.path == "StatusCode"


@pytest.mark.parametrize("code", ["00", "07", "14", "abc", 99])
def test_unknown_codes_are_refused(code: object) -> None:
    with pytest.raises(BuildError) as info:
        reply(DOC, code, sender=H53, now=at(15))  # type: ignore[arg-type]
    assert info.value.path == "StatusCode"


def test_replying_as_an_unlisted_agency() -> None:
    with pytest.raises(BuildError, match="not among the recipients") as info:
        reply(DOC, "01", sender=H41, now=at(15))
    assert info.value.path == "sender.OrganId"
    pkg = reply(DOC, "01", sender=H41, now=at(15), allow_unlisted=True)
    assert pkg.header.sender == H41


def test_a_request_must_be_the_13_for_this_document_and_agency() -> None:
    other = make_document(code_number="999")
    wrong_doc = take_back_request(other, recipient=H53, reason="x", now=at(15))
    with pytest.raises(BuildError) as info:
        reply(DOC, "15", sender=H53, request=wrong_doc, now=at(15))
    assert info.value.path == "request.ResponseFor.DocumentId"
    to_other = take_back_request(DOC, recipient="000.00.00.H20", reason="x", now=at(15))
    with pytest.raises(BuildError) as info:
        reply(DOC, "15", sender=H53, request=to_other, now=at(15))
    assert info.value.path == "request.ResponseFor.OrganId"
    with pytest.raises(BuildError) as info:
        reply(DOC, "15", sender=H53, request=REPLIES["03"], now=at(15))
    assert info.value.path == "request.StatusCode"


def test_take_back_request_accepts_an_organ_id_object() -> None:
    from edocstd._ids import OrganId

    pkg = take_back_request(DOC, recipient=OrganId.parse("000.00.00.H53"), reason="x", now=at(15))
    assert pkg.header.response_for is not None
    assert pkg.header.response_for.organ_id == "000.00.00.H53"


def test_take_back_request_checks_its_target() -> None:
    with pytest.raises(BuildError) as info:
        take_back_request(DOC, recipient=H41, reason="x", now=at(15))
    assert info.value.path == "recipient"
    with pytest.raises(BuildError) as info:
        take_back_request(revoke(DOC, now=at(16)), recipient=H53, reason="x", now=at(16))
    assert info.value.path == "sent.TraceHeaderList.Bussiness.BussinessDocType"


def test_reply_answers_an_edoc_only() -> None:
    with pytest.raises(BuildError) as info:
        reply(REPLIES["03"], "01", sender=H53, now=at(15))  # type: ignore[arg-type]
    assert info.value.path == "received"


def test_reply_to_a_loaded_fixture(tmp_path: object) -> None:
    from pathlib import Path

    fixtures = Path(__file__).parents[1] / "fixtures" / "packages"
    received = edocstd.load(fixtures / "edoc_new_pdf.edxml")
    assert isinstance(received, Edoc)
    pkg = reply(received, "03", sender="000.00.00.H53", now=at(15, 10))
    assert pkg.header.response_for is not None
    assert pkg.header.response_for.document_id == received.header.document_id
    assert_round_trip(pkg)
    assert_vdxp_valid(pkg)
