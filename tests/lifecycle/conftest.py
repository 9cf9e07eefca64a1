"""Shared agencies, clock and a sample document for the lifecycle tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import edocstd
from edocstd import Attachment, Edoc, Organization, SignerInfo, StaffInfo
from edocstd._lifecycle import new_document

G22 = Organization(
    organ_id="000.00.00.G22",
    organization_in_charge="Chính phủ",
    organ_name="Văn phòng Chính phủ",
    organ_add="Số 1 Hoàng Hoa Thám, Hà Nội",
    email="vanthu@chinhphu.vn.example",
)
H53 = Organization(organ_id="000.00.00.H53", organ_name="Văn phòng UBND tỉnh Tây Ninh")
H20 = Organization(organ_id="000.00.00.H20", organ_name="Văn phòng UBND tỉnh Đồng Tháp")
H56 = Organization(organ_id="000.00.00.H56", organ_name="Văn phòng UBND tỉnh Thanh Hóa")
H41 = Organization(organ_id="000.00.00.H41", organ_name="Văn phòng UBND tỉnh Nghệ An")

SIGNER = SignerInfo(
    competence="KT. BỘ TRƯỞNG, CHỦ NHIỆM", position="PHÓ CHỦ NHIỆM", full_name="Nguyễn Văn Thành"
)
CLERK = StaffInfo(
    department="Phòng Văn thư - Lưu trữ", staff="Trần Thị Minh Hằng", mobile="0912345001"
)
SENT_AT = dt.datetime(2025, 10, 15, 9, 0, 0)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def at(day: int, hour: int = 9, minute: int = 0, month: int = 10) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, minute, 0)


def make_document(**overrides: Any) -> Edoc:
    options: dict[str, Any] = {
        "sender": G22,
        "recipients": [H53, H20, H56],
        "code_number": "1234",
        "code_notation": "VPCP-KSTT",
        "subject": "V/v triển khai kết nối, liên thông văn bản điện tử năm 2026",
        "promulgation_place": "Hà Nội",
        "promulgation_date": dt.date(2025, 10, 15),
        "document_type": "Công văn",
        "signer": SIGNER,
        "content": "Đề nghị các tỉnh hoàn thành kết nối trước ngày 30/10/2025.",
        "due_date": dt.date(2025, 10, 30),
        "attachments": [Attachment.create(PDF, name="1234_VPCP-KSTT.pdf")],
        "staff": CLERK,
        "sphere_of_promulgation": "Liên thông văn bản quốc gia",
        "appendixes": ["Phụ lục I: Danh sách đầu mối kết nối"],
        "to_places": ["Như trên", "Lưu: VT, KSTT (3b)"],
        "now": SENT_AT,
    }
    options.update(overrides)
    return new_document(**options)


@pytest.fixture
def document() -> Edoc:
    return make_document()


def reloaded(pkg: edocstd.Edoc | edocstd.StatusPackage) -> edocstd.Edoc | edocstd.StatusPackage:
    return edocstd.loads(edocstd.dumps(pkg))


def assert_round_trip(pkg: edocstd.Edoc | edocstd.StatusPackage) -> None:
    """``dumps`` → ``loads`` gives an equal model (attachments compared by content)."""
    data = edocstd.dumps(pkg)
    back = edocstd.loads(data)
    assert type(back) is type(pkg)
    assert back.header == pkg.header
    if isinstance(pkg, Edoc):
        assert isinstance(back, Edoc)
        assert back.trace_header_list == pkg.trace_header_list
        assert back.manifest == pkg.manifest
        assert len(back.attachments) == len(pkg.attachments)
        for a, b in zip(back.attachments, pkg.attachments, strict=True):
            assert a.reference() == b.reference()
            assert a.read() == b.read()
        if not pkg.attachments:
            assert back == pkg
    else:
        assert back == pkg
    assert not [f for f in back.findings if f.severity.value == "error"]
    assert edocstd.dumps(back) == data


def assert_vdxp_valid(pkg: edocstd.Edoc | edocstd.StatusPackage) -> None:
    """``validate(..., profile="vdxp").ok`` once the validator exists; skipped before."""
    module = pytest.importorskip("edocstd._validate")
    validate = getattr(module, "validate", None)
    if validate is None:
        pytest.skip("edocstd._validate.validate is not available yet")
    report = validate(edocstd.dumps(pkg), profile="vdxp")
    assert report.ok, [str(f) for f in report.findings]
