"""The official SDK samples: every one loads, writes back to the same document, and survives
the dictionary mirror.  Skipped when ../shared is not beside the checkout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import edocstd
from tests.conftest import sample_paths
from tests.xmlcompare import canonical

pytestmark = pytest.mark.skipif(not sample_paths(), reason="official SDK samples not available")


@pytest.mark.parametrize("path", sample_paths(), ids=lambda p: p.name)
def test_sample_round_trips(path: Path) -> None:
    original = path.read_bytes()
    pkg = edocstd.load(path)
    expected_kind = edocstd.StatusPackage if path.name.startswith("status") else edocstd.Edoc
    assert isinstance(pkg, expected_kind)
    out = edocstd.dumps(pkg)
    assert out.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert canonical(out) == canonical(original)
    # from bytes and from a binary file too
    assert edocstd.loads(original) == pkg
    with path.open("rb") as f:
        assert edocstd.load(f) == pkg


@pytest.mark.parametrize("path", sample_paths(), ids=lambda p: p.name)
def test_sample_dict_mirror(path: Path) -> None:
    pkg = edocstd.load(path)
    data = json.loads(json.dumps(pkg.to_dict(), ensure_ascii=False))
    back = type(pkg).from_dict(data)
    assert back == pkg
    assert edocstd.dumps(back) == edocstd.dumps(pkg)


def test_edoc_sample_contents(samples_dir: Path) -> None:
    pkg = edocstd.load(samples_dir / "edoc_update.edxml")
    assert isinstance(pkg, edocstd.Edoc)
    h = pkg.header
    assert h.sender is not None and h.sender.organ_id == "000.00.00.G22"
    assert [o.organ_id for o in h.to][:2] == ["000.00.00.H41", "000.00.00.H14"]
    assert h.code is not None and (h.code.code_number, h.code.code_notation) == (
        "7816",
        "VPCP-TTĐT",
    )
    assert pkg.business_type is edocstd.BussinessDocType.UPDATE
    assert pkg.trace_header_list is not None and pkg.trace_header_list.bussiness is not None
    b = pkg.trace_header_list.bussiness
    # the impossible date is a plain string inside DocumentId: kept verbatim
    assert b.document_id == "000.00.00.G22,2014/02/30,7806/VPCP-TTĐT"
    receivers = b.bussiness_document_info[0].receiver_list
    assert receivers is not None
    assert [(r.organ_id, r.receiver_type) for r in receivers.receivers] == [
        ("000.00.00.H41", edocstd.ReceiverType.REMOVED),
        ("000.00.00.H14", edocstd.ReceiverType.ADDED),
    ]
    # the SDK's placeholder signature: recorded, flagged, not XMLDSig
    assert pkg.signature is not None and not pkg.signature.is_xmldsig
    assert pkg.signature.transforms[-1] == "http://www.w3.org/TR/xml-exc-c14n#"
    assert "read.signature-not-xmldsig" in {f.rule for f in pkg.findings}
    (attachment,) = pkg.attachments
    assert attachment.content_type == "application/zip" and attachment.is_zip_wrapped
    entry, content = attachment.unzip()
    assert entry.endswith(".edxml") and len(content) > 0


def test_status_sample_contents(samples_dir: Path) -> None:
    pkg = edocstd.load(samples_dir / "status_rejection_02.edxml")
    assert isinstance(pkg, edocstd.StatusPackage)
    assert pkg.status_code is edocstd.StatusCode.REJECTED
    assert pkg.status_code.label_en.startswith("Rejected")
    rf = pkg.header.response_for
    assert rf is not None and rf.document_id == "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT"
    assert pkg.header.timestamp is not None and pkg.header.timestamp.year == 2015


def test_strict_mode_refuses_the_samples_deviations(samples_dir: Path) -> None:
    # status_inbox_01 lists OrganName before OrganizationInCharge: not the SDK order
    with pytest.raises(edocstd.ParseError) as info:
        edocstd.load(samples_dir / "status_inbox_01.edxml", strict=True)
    assert "read.order" in str(info.value)
    # status.edxml is exactly what the SDK writes
    assert edocstd.load(samples_dir / "status.edxml", strict=True).findings == ()


def test_a_status_package_keeps_a_body_it_came_with() -> None:
    """A status package has no edXMLBody, but one that arrives with it keeps what it held
    when written again (nothing the reader kept is lost); one without gets none."""
    from edocstd.testing import make_status

    plain = edocstd.dumps(make_status())
    assert b"edXMLBody" not in plain
    text = plain.decode("utf-8")
    end = text.index("</edXML:edXMLEnvelope>")
    body = "<edXML:edXMLBody><Extra xmlns='urn:example'>keep me</Extra></edXML:edXMLBody>"
    pkg = edocstd.loads((text[:end] + body + text[end:]).encode("utf-8"))
    assert "read.unknown-element" in [f.rule for f in pkg.findings]
    out = edocstd.dumps(pkg)
    assert b"keep me" in out and b"edXMLBody" in out
    assert edocstd.dumps(edocstd.loads(out)) == out
