"""The writer's layout, guarded by golden files: a hub rejects correct XML whose prefixes differ.

``tests/golden/edoc_built.edxml`` was written by hand in the layout of the official SDK
samples (root default namespace, ``edXML:`` prefixes, unprefixed attachment block with a
prefixed ``ContentTransferEncoded``, SDK 0.0.3 element order, ``yyyy/MM/dd`` dates).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import pytest

import edocstd as e
from tests.conftest import FIXTURES, SAMPLES, sample_paths
from tests.xmlcompare import canonical, prefixed_names

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def _built_edoc() -> e.Edoc:
    sender = e.Organization(
        organ_id="000.00.00.G22",
        organization_in_charge="Văn phòng Chính phủ",
        organ_name="Văn phòng Chính phủ",
        organ_add="Số 1 Hoàng Hoa Thám, Ba Đình, Hà Nội",
        email="vanthu@example.gov.vn",
        telephone="024 0000 0000",
        fax="",
        website="example.gov.vn",
    )
    header = e.MessageHeader(
        sender=sender,
        to=[e.Organization(organ_id="000.00.00.H41", organ_name="UBND tỉnh Nghệ An")],
        document_id="000.00.00.G22,2024/03/15,123/VPCP-TTĐT",
        code=e.Code(code_number="123", code_notation="VPCP-TTĐT"),
        promulgation_info=e.PromulgationInfo(
            place="Hà Nội", promulgation_date=dt.date(2024, 3, 15)
        ),
        document_type=e.DocumentType(
            type=e.DocumentKind.ADMINISTRATIVE, type_detail=18, type_name="Công văn"
        ),
        subject="V/v thử nghiệm & kiểm tra <liên thông>",
        signer_info=e.SignerInfo(
            competence="KT. BỘ TRƯỞNG", position="Thứ trưởng", full_name="Nguyễn Văn A"
        ),
        due_date="2024/03/25",
        other_info=e.OtherInfo(
            priority=1, promulgation_amount=2, direction=False, appendixes=["Phụ lục I"]
        ),
        steering_type=e.SteeringType.NOT_STEERING,
        to_places=["Như trên", "Lưu: VT"],
    )
    trace = e.TraceHeaderList(
        trace_headers=[
            e.TraceHeader(
                organ_id="000.00.00.G22", timestamp=dt.datetime(2024, 3, 15, 8, 5, 9, 123)
            )
        ],
        bussiness=e.Bussiness(
            bussiness_doc_type=0, bussiness_doc_reason="Văn bản điện tử mới", paper=0
        ),
    )
    pdf = e.Attachment.create("%PDF-1.4\n%äüöß\n".encode(), name="cong-van.pdf", content_id="cid:1")
    return e.Edoc(header=header, trace_header_list=trace).with_attachments(pdf)


def test_built_edoc_matches_the_hand_written_golden_file_byte_for_byte() -> None:
    assert e.dumps(_built_edoc()) == (GOLDEN / "edoc_built.edxml").read_bytes()


def test_dump_to_a_path_and_to_a_file_write_the_same_bytes(tmp_path: Path) -> None:
    pkg = _built_edoc()
    e.dump(pkg, tmp_path / "a.edxml")
    with (tmp_path / "b.edxml").open("wb") as f:
        e.dump(pkg, f)
    assert (
        (tmp_path / "a.edxml").read_bytes() == (tmp_path / "b.edxml").read_bytes() == e.dumps(pkg)
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.edxml", "b.edxml"]  # no temp left


def _without_order(value: Any) -> Any:
    """The same model with every recorded source order dropped (so the SDK order is used)."""
    if isinstance(value, tuple):
        return tuple(_without_order(v) for v in value)
    if attrs.has(type(value)):
        changes = {}
        for f in attrs.fields(type(value)):
            if f.name == "findings" or not f.init:
                continue
            v = getattr(value, f.name)
            changes[f.name] = None if f.name == "order" else _without_order(v)
        return attrs.evolve(value, **changes)
    return value


@pytest.mark.skipif(not sample_paths(), reason="official SDK samples not available")
def test_status_built_from_scratch_equals_the_official_sample() -> None:
    (path,) = [p for p in sample_paths() if p.name == "status.edxml"]
    pkg = e.StatusPackage(
        header=e.StatusHeader(
            sender=e.Organization(
                organ_id="000.00.00.H41",
                organization_in_charge="UBND Tỉnh Nghệ An",
                organ_name="UBND Tỉnh Nghệ An",
                organ_add="Số 03, đường Trường Thi, Thành phố Vinh, Tỉnh Nghệ An, Việt Nam",
                email="nghean@gov.vn",
                telephone="0383 840418",
                fax="0383 843049",
                website="www.nghean.vn",
            ),
            response_for=e.ResponseFor(
                organ_id="000.00.00.G22",
                code="7816/VPCP-TTĐT",
                document_id="000.00.00.G22,2015/09/30,7816/VPCP-TTĐT",
                promulgation_date=dt.date(2018, 9, 28),
            ),
            staff_info=e.StaffInfo(
                department="Văn thư văn phòng",
                staff="Nguyễn Thị Ngọc Trâm",
                email="vanthuvanphong@gov.vn",
                mobile="84912000001",
            ),
            status_code="01",
            description="Văn thư - Phòng Văn thư - Lưu trữ: Đã đến - Phần mềm QLVB đã nhận nhưng "
            "văn thư chưa xử lý",
            timestamp=dt.datetime(2018, 9, 28, 17, 25, 11),
        )
    )
    assert canonical(e.dumps(pkg)) == canonical(path.read_bytes())


@pytest.mark.skipif(not sample_paths(), reason="official SDK samples not available")
@pytest.mark.parametrize(
    "path", [p for p in sample_paths() if p.name.startswith("edoc")], ids=lambda p: p.name
)
def test_sdk_order_keeps_every_prefix_of_the_samples(path: Path) -> None:
    # Written in our SDK order (not the sample's own), every element keeps the prefix the
    # official sample gives it: same multiset of qualified names.
    original = path.read_bytes()
    rewritten = e.dumps(_without_order(e.load(path)))
    assert sorted(prefixed_names(rewritten)) == sorted(prefixed_names(original))


def test_dump_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(e.EdocError, match="does not exist"):
        e.dump(_built_edoc(), tmp_path / "no" / "such" / "x.edxml")
    assert list(tmp_path.iterdir()) == []


def test_what_lxml_refuses_to_write_is_a_build_error() -> None:
    bad_attribute = e.Organization(organ_id="x", attributes=[("a b", "1")])
    with pytest.raises(e.BuildError, match="attribute name"):
        e.dumps(e.StatusPackage(header=e.StatusHeader(sender=bad_attribute)))
    with pytest.raises(e.BuildError, match="XML compatible"):
        e.dumps(e.StatusPackage(header=e.StatusHeader(description=e.Raw("bad \x01"))))


# Packages in the SDK's layout that edocstd did not write: the fixtures written by hand
# (tests/fixtures/packages/README.md), the SDK's own status sample, real traffic.  Read and
# written again, each comes back byte for byte (their CRLF line ends aside): the writer's
# prefixes, indentation, element order and value formats are the SDK's, not just equivalent.
_BY_HAND = [
    "edoc_new_pdf",
    "edoc_new_zip",
    "edoc_replace",
    "edoc_revoke",
    "edoc_two_attachments",
    "edoc_update",
    *(f"status_{n}" for n in ("01", "02", "03", "04", "05", "06", "13", "15", "16")),
    "tolerant_cid",
    "tolerant_impossible_date",
    "tolerant_manifest_name",
    "tolerant_nonstandard_ids",
    "tolerant_relayed",
    "tolerant_reordered",
]
_SHARED = SAMPLES.parent
_BY_OTHERS = [
    _SHARED / "sdk-samples" / "status.edxml",
    _SHARED / "real-traffic" / "hub-2025-form-b-pdf-null-trace.edxml",
    _SHARED / "real-traffic" / "integrator-sdk003-form-b-three-txt.edxml",
]


@pytest.mark.parametrize(
    "path",
    [FIXTURES / f"{name}.edxml" for name in _BY_HAND] + _BY_OTHERS,
    ids=lambda p: p.name,
)
def test_sdk_layout_packages_come_back_byte_for_byte(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    expected = path.read_bytes().replace(b"\r\n", b"\n")
    assert e.dumps(e.load(path)) == expected
