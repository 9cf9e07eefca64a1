"""Every package we ship as a fixture or example loads, and survives a write/read round trip.

Public contract only: ``edocstd.load`` (lenient by default), ``edocstd.loads``, ``edocstd.dumps``,
``Package.to_dict()``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

import edocstd

HERE = Path(__file__).parents[1]
FIXTURES = HERE / "fixtures" / "packages"
EXAMPLES = HERE.parent / "examples"
NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"

PACKAGES = sorted(FIXTURES.glob("*.edxml")) + sorted(EXAMPLES.glob("*.edxml"))
IDS = [f"{p.parent.name}/{p.name}" for p in PACKAGES]
# the SDK-layout packages (not deliberate deviations)
CANONICAL = [p for p in PACKAGES if not p.name.startswith("tolerant_")]
CANONICAL_IDS = [f"{p.parent.name}/{p.name}" for p in CANONICAL]
STATUS_FILES = [p for p in PACKAGES if p.name.startswith("status_")]


def _is_status(path: Path) -> bool:
    return path.name.startswith(("status_", "trang-thai", "tolerant_status"))


def test_all_fixtures_present() -> None:
    names = {p.name for p in PACKAGES}
    expected = {
        "edoc_new_pdf.edxml",
        "edoc_new_zip.edxml",
        "edoc_revoke.edxml",
        "edoc_update.edxml",
        "edoc_replace.edxml",
        "edoc_two_attachments.edxml",
        "edoc_no_attachment.edxml",
        "cong-van-moi.edxml",
        "trang-thai-da-tiep-nhan.edxml",
        *(f"status_{c}.edxml" for c in ("01", "02", "03", "04", "05", "06", "13", "15", "16")),
    }
    assert expected <= names
    assert len([n for n in names if n.startswith("tolerant_")]) >= 12


@pytest.mark.parametrize("path", PACKAGES, ids=IDS)
def test_fixture_is_well_formed_and_small(path: Path) -> None:
    data = path.read_bytes()
    assert len(data) < 50_000
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert b"<!DOCTYPE" not in data
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    assert root.tag == f"{{{NS}}}edXML"


@pytest.mark.parametrize("path", PACKAGES, ids=IDS)
def test_fixture_loads_lenient(path: Path) -> None:
    pkg = edocstd.load(path)
    assert pkg is not None
    # the same bytes through every other entry point give the same package
    data = path.read_bytes()
    assert edocstd.load(data) == pkg
    assert edocstd.loads(data) == pkg
    assert edocstd.loads(data.decode("utf-8")) == pkg
    with path.open("rb") as fh:
        assert edocstd.load(fh) == pkg


@pytest.mark.parametrize("path", PACKAGES, ids=IDS)
def test_kind_is_detected(path: Path) -> None:
    pkg = edocstd.load(path)
    expected = edocstd.StatusPackage if _is_status(path) else edocstd.Edoc
    assert isinstance(pkg, expected)


@pytest.mark.parametrize("path", PACKAGES, ids=IDS)
def test_round_trip(path: Path) -> None:
    pkg = edocstd.load(path)
    out = edocstd.dumps(pkg)
    assert isinstance(out, bytes)
    assert out.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    again = edocstd.loads(out)
    assert again == pkg
    assert edocstd.dumps(again) == out  # the writer is stable


@pytest.mark.parametrize("path", CANONICAL, ids=CANONICAL_IDS)
def test_canonical_fixture_loads_strict(path: Path) -> None:
    """Fixtures in the SDK layout carry no deviation, so strict mode reads them too."""
    assert edocstd.load(path, strict=True) == edocstd.load(path)


@pytest.mark.parametrize("path", STATUS_FILES, ids=[p.name for p in STATUS_FILES])
def test_status_code_matches_file_name(path: Path) -> None:
    code = path.stem.split("_")[1]
    assert edocstd.load(path).to_dict()["MessageHeader"]["StatusCode"] == code
