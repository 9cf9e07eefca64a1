"""A tracker's repr and card ask the database for counts and a few ids, never for every id;
an attachment whose bytes cannot be read shows why instead of raising."""

from __future__ import annotations

from typing import Any

import pytest

import edocstd
from tests import packages
from tests.display.htmlview import assert_inert, card_rows, parse, text


def _status_about(i: int) -> edocstd.StatusPackage:
    xml = packages.status_xml(
        sender=packages.organization("From", "000.00.00.H41", "UBND tỉnh Nghệ An"),
        response_for=packages.ResponseFor(
            "000.00.00.G22", f"{i}/VPCP-HC", f"000.00.00.G22,2025/10/01,{i}/VPCP-HC", "2025/10/01"
        ),
    )
    pkg = edocstd.loads(xml.encode())
    assert isinstance(pkg, edocstd.StatusPackage)
    return pkg


@pytest.fixture
def tracker() -> edocstd.Tracker:
    t = edocstd.Tracker()
    for i in range(5):
        t.add(edocstd.loads(packages.edoc_xml(document_id=f"000.00.00.G22,2025/10/01,{i}/X")))
    for i in range(30):
        t.add(_status_about(1000 + i))
    return t


def test_counts_and_limited_lists(tracker: edocstd.Tracker) -> None:
    assert tracker.document_count() == len(tracker.documents()) == 5
    assert tracker.documents(limit=2) == tracker.documents()[:2]
    assert tracker.unknown_document_count() == len(tracker.unknown_documents()) == 30
    assert tracker.unknown_documents(limit=3) == tracker.unknown_documents()[:3]
    assert tracker.documents(limit=0) == []
    with pytest.raises(edocstd.BuildError, match="limit"):
        tracker.documents(limit=-1)


def test_repr_and_card_never_load_every_id(
    tracker: edocstd.Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Any] = []
    for name in ("documents", "unknown_documents"):
        real = getattr(edocstd.Tracker, name)

        def spy(self: edocstd.Tracker, *args: Any, _real: Any = real, **kwargs: Any) -> Any:
            asked.append(kwargs.get("limit"))
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(edocstd.Tracker, name, spy)
    assert repr(tracker) == "<Tracker ':memory:' 5 documents>"
    markup = tracker._repr_html_()
    assert asked and None not in asked  # every list asked for was a limited one
    assert_inert(markup)
    unknown = card_rows(markup)["Trạng thái về văn bản lạ / statuses for unknown documents"]
    assert unknown.count("000.00.00.G22,2025/10/01,") == 20
    assert unknown.endswith("… và 10 nữa / and 10 more")


def test_an_attachment_that_cannot_be_read_shows_why(monkeypatch: pytest.MonkeyPatch) -> None:
    edoc = edocstd.loads(packages.edoc_xml())
    assert isinstance(edoc, edocstd.Edoc)
    att = edoc.attachments[0]

    def gone(self: object) -> str:
        raise OSError(5, "Input/output error")

    for name in ("carrier", "detected_type"):
        monkeypatch.setattr(edocstd.Attachment, name, property(gone))
    markup = att._repr_html_()
    assert_inert(markup)
    assert "Input/output error" in text(parse(markup))
    assert_inert(edoc._repr_html_())
