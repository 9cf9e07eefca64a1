"""Builders for the four business flows: contents, round trip, validation, illegal requests."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import edocstd
from edocstd import (
    Attachment,
    BuildError,
    BussinessDocType,
    DocumentKind,
    Edoc,
    Paper,
    Priority,
    ReceiverType,
    SteeringType,
)
from edocstd._lifecycle import new_document, replace, revoke, update
from edocstd._xml.schemas import load_schema

from .conftest import (
    CLERK,
    G22,
    H20,
    H41,
    H53,
    H56,
    PDF,
    SENT_AT,
    assert_round_trip,
    assert_vdxp_valid,
    at,
    make_document,
)

ORIGINAL_ID = "000.00.00.G22,2025/10/15,1234/VPCP-KSTT"


def _all_packages() -> dict[str, Edoc]:
    doc = make_document()
    return {
        "new": doc,
        "new_no_attachment": make_document(attachments=(), due_date=None),
        "new_zipped": make_document(attachments=[Attachment.create(PDF, name="a.pdf", zip=True)]),
        "revoke": revoke(doc, now=at(17), staff=CLERK),
        "revoke_numbered": revoke(
            doc,
            now=at(17),
            code_number=1240,
            code_notation="VPCP-KSTT",
            subject="V/v thu hồi Công văn số 1234/VPCP-KSTT",
            recipients=[H53],
        ),
        "update": update(
            doc,
            changes={"subject": "V/v cập nhật nơi nhận", "due_date": dt.date(2025, 11, 30)},
            added_recipients=[H41],
            removed_recipients=["000.00.00.H20"],
            now=at(18),
        ),
        "update_files": update(
            doc, attachments=[Attachment.create(PDF, name="1234_sua.pdf")], now=at(18)
        ),
        "replace": replace(
            doc,
            code_number=1260,
            code_notation="VPCP-KSTT",
            subject="V/v thay thế Công văn số 1234/VPCP-KSTT",
            promulgation_date=dt.date(2025, 10, 22),
            replaced_for=[H53, H20],
            attachments=[Attachment.create(PDF, name="1260_VPCP-KSTT.pdf")],
            now=at(22),
        ),
    }


PACKAGES = _all_packages()


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_round_trips(name: str) -> None:
    assert_round_trip(PACKAGES[name])


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_matches_the_tolerant_schema(name: str) -> None:
    from lxml import etree

    schema = load_schema("edoc")
    tree = etree.fromstring(edocstd.dumps(PACKAGES[name]))
    assert schema.validate(tree), schema.error_log


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_validates_under_vdxp(name: str) -> None:
    assert_vdxp_valid(PACKAGES[name])


# --- new ---------------------------------------------------------------------------------------


def test_new_document_fills_everything_like_the_sdk(document: Edoc) -> None:
    h = document.header
    assert h.document_id == ORIGINAL_ID
    assert h.sender == G22
    assert [o.organ_id for o in h.to] == [H53.organ_id, H20.organ_id, H56.organ_id]
    assert str(h.code) == "1234/VPCP-KSTT"
    assert h.promulgation_info is not None
    assert h.promulgation_info.place == "Hà Nội"
    assert h.document_type is not None
    assert (h.document_type.type, h.document_type.type_detail, h.document_type.type_name) == (
        DocumentKind.ADMINISTRATIVE,
        18,
        "Công văn",
    )
    assert h.other_info is not None
    assert h.other_info.priority is Priority.NORMAL
    assert h.other_info.direction is False
    assert h.steering_type is SteeringType.NOT_STEERING
    trace = document.trace_header_list
    assert trace is not None and trace.bussiness is not None
    assert trace.bussiness.bussiness_doc_type is BussinessDocType.NEW
    assert trace.bussiness.bussiness_doc_reason == "Văn bản điện tử mới"
    assert trace.bussiness.paper is Paper.NO_PAPER
    assert trace.bussiness.staff_info == CLERK
    assert [(t.organ_id, t.timestamp) for t in trace.trace_headers] == [(G22.organ_id, SENT_AT)]
    assert document.manifest is not None
    assert [r.content_id for r in document.manifest.references] == [
        a.content_id for a in document.attachments
    ]
    assert document.attachments[0].read() == PDF
    assert h.to_places == ("Như trên", "Lưu: VT, KSTT (3b)")
    assert h.other_info.appendixes == ("Phụ lục I: Danh sách đầu mối kết nối",)


def test_new_document_keeps_a_given_document_id_verbatim() -> None:
    doc = make_document(document_id="7f1c2a9e-0000-4000-8000-000000000001")
    assert doc.header.document_id == "7f1c2a9e-0000-4000-8000-000000000001"


def test_new_document_accepts_plain_mappings_and_ids() -> None:
    doc = make_document(
        sender={"OrganId": "000.00.00.G22", "OrganName": "Văn phòng Chính phủ"},
        recipients=["000.00.00.H53"],
        signer={"competence": "TL. BỘ TRƯỞNG", "position": "Vụ trưởng", "full_name": "A"},
        document_type="Quyết định",
        priority=1,
    )
    assert doc.header.to[0].organ_id == "000.00.00.H53"
    assert doc.header.other_info is not None
    assert doc.header.other_info.priority is Priority.URGENT
    assert doc.header.document_type is not None
    assert doc.header.document_type.type_detail == 2  # list B: Quyết định (cá biệt)


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ({"recipients": []}, "recipients"),
        ({"recipients": [H53, H53]}, "recipients[1]"),
        ({"recipients": [{"OrganName": "no id"}]}, "recipients[0].OrganId"),
        ({"sender": {"OrganName": "no id"}}, "sender.OrganId"),
        ({"code_number": ""}, "code_number"),
        ({"code_number": "123456789012"}, "code_number"),
        ({"code_notation": " "}, "code_notation"),
        ({"subject": ""}, "subject"),
        ({"promulgation_date": dt.date(2025, 10, 16)}, "promulgation_date"),
        ({"promulgation_date": SENT_AT}, "promulgation_date"),
        ({"due_date": dt.date(2025, 10, 1)}, "due_date"),
        ({"document_type": 18}, "document_type"),
        ({"signer": "Nguyễn Văn A"}, "signer"),
        ({"priority": 7}, "OtherInfo.Priority"),
        ({"code_notation": "VPCP,KSTT"}, "code_notation"),
        ({"attachments": [b"raw bytes"]}, "attachments[0]"),
        ({"to_places": "Như trên"}, "MessageHeader.ToPlaces"),
        ({"appendixes": "Phụ lục"}, "OtherInfo.Appendixes"),
    ],
)
def test_new_document_refuses_illegal_input(overrides: dict[str, object], path: str) -> None:
    with pytest.raises(BuildError) as info:
        make_document(**overrides)
    assert info.value.path == path


# --- revoke ------------------------------------------------------------------------------------


def _bussiness(edoc: Edoc) -> edocstd.Bussiness:
    assert edoc.trace_header_list is not None and edoc.trace_header_list.bussiness is not None
    return edoc.trace_header_list.bussiness


def test_revoke_points_at_the_original_verbatim(document: Edoc) -> None:
    pkg = revoke(document, now=at(17))
    b = _bussiness(pkg)
    assert b.bussiness_doc_type is BussinessDocType.REVOKE
    assert b.document_id == ORIGINAL_ID
    assert b.bussiness_doc_reason == "Thu hồi văn bản điện tử"
    assert pkg.header.to == document.header.to
    assert pkg.header.due_date is None
    assert pkg.trace_header_list is not None
    assert pkg.trace_header_list.trace_headers[0].timestamp == at(17)
    assert pkg.attachments == ()


def test_revoke_echoes_even_an_odd_document_id() -> None:
    odd = make_document(document_id=" 000.00.00.G22,2014/02/30,7806/VPCP-TTĐT")
    assert _bussiness(revoke(odd, now=at(17))).document_id == odd.header.document_id


def test_revoke_with_its_own_number(document: Edoc) -> None:
    pkg = PACKAGES["revoke_numbered"]
    assert pkg.header.document_id == "000.00.00.G22,2025/10/17,1240/VPCP-KSTT"
    assert _bussiness(pkg).document_id == ORIGINAL_ID
    assert [o.organ_id for o in pkg.header.to] == [H53.organ_id]


def test_revoke_refuses_nonsense(document: Edoc) -> None:
    with pytest.raises(BuildError) as info:
        revoke(revoke(document, now=at(17)), now=at(18))
    assert info.value.path == "original.TraceHeaderList.Bussiness.BussinessDocType"
    with pytest.raises(BuildError) as info:
        revoke(document, recipients=[H41], now=at(17))
    assert info.value.path == "recipients[0]"
    with pytest.raises(BuildError) as info:
        revoke(document, code_number=1240, now=at(17))
    assert info.value.path == "code_notation"
    with pytest.raises(BuildError) as info:
        revoke(edocstd.load(_status_fixture()), now=at(17))  # type: ignore[arg-type]
    assert info.value.path == "original"
    no_id = make_document(document_id=None)
    import attrs

    with pytest.raises(BuildError) as info:
        revoke(attrs.evolve(no_id, header=attrs.evolve(no_id.header, document_id=None)))
    assert info.value.path == "original.MessageHeader.DocumentId"


def _status_fixture() -> str:
    from pathlib import Path

    return str(Path(__file__).parents[1] / "fixtures" / "packages" / "status_03.edxml")


# --- update ------------------------------------------------------------------------------------


def test_update_lists_the_recipient_changes(document: Edoc) -> None:
    pkg = PACKAGES["update"]
    b = _bussiness(pkg)
    assert b.bussiness_doc_type is BussinessDocType.UPDATE
    assert b.document_id == ORIGINAL_ID
    (info,) = b.bussiness_document_info
    assert (info.document_info, info.document_receiver) == (1, 1)
    assert info.receiver_list is not None
    assert [(r.organ_id, r.receiver_type) for r in info.receiver_list.receivers] == [
        (H41.organ_id, ReceiverType.ADDED),
        (H20.organ_id, ReceiverType.REMOVED),
    ]
    # the removed agency still receives the update (it must learn it is removed)
    assert [o.organ_id for o in pkg.header.to] == [
        H53.organ_id,
        H20.organ_id,
        H56.organ_id,
        H41.organ_id,
    ]
    assert pkg.header.subject == "V/v cập nhật nơi nhận"
    assert pkg.header.due_date == dt.date(2025, 11, 30)
    assert pkg.header.document_id == ORIGINAL_ID  # the SDK way: same document, new content
    assert [a.read() for a in pkg.attachments] == [PDF]


def test_update_of_files_only(document: Edoc) -> None:
    (info,) = _bussiness(PACKAGES["update_files"]).bussiness_document_info
    assert (info.document_info, info.document_receiver, info.receiver_list) == (1, 0, None)


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({}, "changes"),
        (
            {"changes": {"subject": "V/v triển khai kết nối, liên thông văn bản điện tử năm 2026"}},
            "changes",
        ),
        ({"changes": {"sender": G22}}, "changes.sender"),
        ({"changes": {"document_id": "x"}}, "changes.document_id"),
        ({"added_recipients": [H53]}, "added_recipients[0]"),
        ({"added_recipients": [H41, H41]}, "added_recipients[1]"),
        ({"removed_recipients": [H41]}, "removed_recipients[0]"),
        ({"removed_recipients": [H53, H20, H56]}, "removed_recipients"),
        ({"changes": {"subject": ""}}, "changes.subject"),
        ({"changes": {"due_date": dt.date(2025, 10, 1)}}, "changes.due_date"),
        ({"changes": {"signer": "A"}}, "changes.signer"),
    ],
)
def test_update_refuses_nonsense(document: Edoc, kwargs: dict[str, object], path: str) -> None:
    with pytest.raises(BuildError) as info:
        update(document, now=at(18), **kwargs)  # type: ignore[arg-type]
    assert info.value.path == path


def test_update_of_a_revoke_is_refused(document: Edoc) -> None:
    with pytest.raises(BuildError, match="revoke"):
        update(revoke(document, now=at(17)), changes={"subject": "x"}, now=at(18))


# --- replace -----------------------------------------------------------------------------------


def test_replace_is_a_new_document_listing_what_it_replaces(document: Edoc) -> None:
    pkg = PACKAGES["replace"]
    b = _bussiness(pkg)
    assert b.bussiness_doc_type is BussinessDocType.REPLACE
    assert b.bussiness_doc_reason == "Văn bản thay thế"
    assert b.document_id == ORIGINAL_ID
    (lst,) = b.replacement_info_list
    (info,) = lst.replacement_info
    assert info.document_id == ORIGINAL_ID
    assert info.organ_id_list == (H53.organ_id, H20.organ_id)
    assert pkg.header.document_id == "000.00.00.G22,2025/10/22,1260/VPCP-KSTT"
    assert pkg.header.to == document.header.to
    assert pkg.header.signer_info == document.header.signer_info
    assert pkg.header.document_type == document.header.document_type


def test_replace_refuses_nonsense(document: Edoc) -> None:
    base = {
        "code_number": 1260,
        "code_notation": "VPCP-KSTT",
        "subject": "thay thế",
        "promulgation_date": dt.date(2025, 10, 22),
        "now": at(22),
    }
    with pytest.raises(BuildError) as info:
        same = {**base, "code_number": 1234, "promulgation_date": dt.date(2025, 10, 15)}
        replace(document, **same)  # type: ignore[arg-type]
    assert info.value.path == "document_id"
    with pytest.raises(BuildError) as info:
        replace(document, replaced_for=[H41], **base)  # type: ignore[arg-type]
    assert info.value.path == "replaced_for[0]"
    with pytest.raises(BuildError) as info:
        replace(document, sender=H53, **base)  # type: ignore[arg-type]
    assert info.value.path == "sender"
    with pytest.raises(BuildError) as info:
        replace(revoke(document, now=at(17)), **base)  # type: ignore[arg-type]
    assert info.value.path == "original.TraceHeaderList.Bussiness.BussinessDocType"


def test_builders_never_rebuild_the_target_id() -> None:
    # A UUID DocumentId (hub-accepted) must be echoed as is by every flow.
    doc = make_document(document_id="a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d")
    target = "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d"
    assert _bussiness(revoke(doc, now=at(17))).document_id == target
    assert _bussiness(update(doc, changes={"content": "x"}, now=at(18))).document_id == target
    rep = replace(
        doc,
        code_number=9,
        code_notation="X",
        subject="s",
        promulgation_date=dt.date(2025, 10, 15),
        now=at(18),
    )
    assert _bussiness(rep).document_id == target
    assert _bussiness(rep).replacement_info_list[0].replacement_info[0].document_id == target


def test_new_document_from_a_path(tmp_path: object) -> None:
    from pathlib import Path

    f = Path(str(tmp_path)) / "báo cáo.pdf"
    f.write_bytes(PDF)
    doc = new_document(
        sender=G22,
        recipients=[H53],
        code_number=1,
        code_notation="BC",
        subject="s",
        promulgation_place="Hà Nội",
        promulgation_date=dt.date(2025, 10, 15),
        document_type="Báo cáo",
        signer={"full_name": "A"},
        attachments=[f],
        now=SENT_AT,
    )
    assert doc.attachments[0].attachment_name == "báo cáo.pdf"
    assert_round_trip(doc)


# --- property: whatever legal input, the package round-trips and validates ---------------------

_VI = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
_TEXT = st.text(alphabet=_VI + _VI.upper() + " 0123456789.,;:()/-", min_size=1, max_size=80).filter(
    lambda s: s.strip() == s and s != ""
)
_ORGANS = st.lists(
    st.builds(
        "{:03d}.{:02d}.{:02d}.{}{:02d}".format,
        st.integers(0, 999),
        st.integers(0, 99),
        st.integers(0, 99),
        st.sampled_from("GHAK"),
        st.integers(1, 63),
    ),
    min_size=1,
    max_size=5,
    unique=True,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    organs=_ORGANS,
    number=st.integers(1, 99_999),
    notation=st.from_regex(r"[A-ZĐ]{2,6}(-[A-ZĐ]{2,6})?", fullmatch=True),
    subject=_TEXT,
    flow=st.sampled_from(["new", "revoke", "update", "replace"]),
)
def test_any_legal_document_round_trips_and_validates(
    organs: list[str], number: int, notation: str, subject: str, flow: str
) -> None:
    doc = make_document(
        recipients=organs,
        code_number=number,
        code_notation=notation,
        subject=subject,
        attachments=(),
    )
    assert doc.header.document_id == f"000.00.00.G22,2025/10/15,{number}/{notation}"
    if flow == "revoke":
        doc = revoke(doc, now=at(17))
    elif flow == "update":
        doc = update(
            doc, changes={"content": subject}, removed_recipients=organs[:-1] or (), now=at(17)
        )
    elif flow == "replace":
        doc = replace(
            doc,
            code_number=number + 1,
            code_notation=notation,
            subject=subject,
            promulgation_date=dt.date(2025, 10, 16),
            now=at(17),
        )
    assert_round_trip(doc)
    assert_vdxp_valid(doc)


@pytest.mark.parametrize(("field", "value"), [("code_notation", "A,B"), ("code_number", "1,2")])
def test_a_comma_in_the_number_names_the_builder_argument(field: str, value: str) -> None:
    import datetime as dt

    import edocstd

    kwargs = {"code_number": "1", "code_notation": "A", field: value}
    with pytest.raises(edocstd.BuildError) as info:
        edocstd.new_document(
            sender="000.00.00.G22",
            recipients=["000.00.00.H53"],
            subject="S",
            promulgation_place="HN",
            promulgation_date=dt.date(2025, 10, 15),
            document_type="Công văn",
            signer={"full_name": "A", "position": "B"},
            **kwargs,
        )
    assert info.value.path == field
