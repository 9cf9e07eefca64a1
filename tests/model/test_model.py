"""Building the model: legal values normalised, illegal ones a BuildError naming the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

import edocstd as e


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (lambda: e.StatusHeader(status_code="07"), "MessageHeader.StatusCode"),
        (lambda: e.StatusHeader(status_code=1), "MessageHeader.StatusCode"),
        (lambda: e.OtherInfo(priority=9), "OtherInfo.Priority"),
        (lambda: e.OtherInfo(priority="urgent"), "OtherInfo.Priority"),
        (lambda: e.OtherInfo(page_amount=-1), "OtherInfo.PageAmount"),
        (lambda: e.OtherInfo(page_amount=True), "OtherInfo.PageAmount"),
        (lambda: e.OtherInfo(direction="maybe"), "OtherInfo.Direction"),
        (
            lambda: e.PromulgationInfo(promulgation_date="2014/02/30"),
            "PromulgationInfo.PromulgationDate",
        ),
        (
            lambda: e.PromulgationInfo(promulgation_date=dt.datetime(2020, 1, 1)),
            "PromulgationInfo.PromulgationDate",
        ),
        (lambda: e.TraceHeader(timestamp="yesterday"), "TraceHeader.Timestamp"),
        (lambda: e.Bussiness(bussiness_doc_type=4), "Bussiness.BussinessDocType"),
        (lambda: e.Bussiness(paper=2), "Bussiness.Paper"),
        (lambda: e.Receiver(receiver_type=3), "Receiver.ReceiverType"),
        (lambda: e.DocumentType(type=18), "DocumentType.Type"),
        (lambda: e.MessageHeader(steering_type=10), "MessageHeader.SteeringType"),
        (lambda: e.Organization(organ_name="bad \x01 char"), "Organization.OrganName"),
        (lambda: e.Organization(organ_id=123), "Organization.OrganId"),
        (lambda: e.MessageHeader(to=e.Organization()), "MessageHeader.To"),
        (lambda: e.MessageHeader(to=["000.00.00.G22"]), "MessageHeader.To"),
        (lambda: e.MessageHeader(sender="000.00.00.G22"), "MessageHeader.From"),
        (lambda: e.MessageHeader(to_places="Hà Nội"), "MessageHeader.ToPlaces"),
        (lambda: e.Edoc(header=e.StatusHeader()), "MessageHeader"),
        (lambda: e.Edoc(header=e.MessageHeader(), attachments=[b"raw"]), "AttachmentEncoded"),
    ],
)
def test_illegal_values_raise_build_error_naming_the_field(build: Any, path: str) -> None:
    with pytest.raises(e.BuildError) as info:
        build()
    assert info.value.path == path
    assert isinstance(info.value, e.EdocError)
    assert path in str(info.value)


def test_legal_values_are_normalised() -> None:
    other = e.OtherInfo(priority="3", page_amount="12", direction="true")
    assert other.priority is e.Priority.FLASH and other.priority.label_vi == "Hỏa tốc"
    assert other.page_amount == 12 and other.direction is True
    assert e.PromulgationInfo(promulgation_date="2024-02-29").promulgation_date == dt.date(
        2024, 2, 29
    )
    ts = e.TraceHeader(timestamp=dt.datetime(2024, 1, 2, 3, 4, 5, 999)).timestamp
    assert ts == dt.datetime(2024, 1, 2, 3, 4, 5)  # edXML timestamps have whole seconds
    assert e.StatusHeader(status_code="15").status_code is e.StatusCode.CHANGE_ACCEPTED
    assert e.MessageHeader(to=[e.Organization(organ_id="x")]).to[0].organ_id == "x"  # list → tuple


def test_models_are_frozen_and_keyword_only() -> None:
    org = e.Organization(organ_id="000.00.00.G22")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        org.organ_id = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        e.Organization("000.00.00.G22")  # type: ignore[misc]
    assert attrs.evolve(org, organ_name="VPCP").organ_id == "000.00.00.G22"


def test_raw_values_pass_through_building() -> None:
    # Raw marks a value read from traffic that could not be interpreted: it is kept verbatim.
    info = e.PromulgationInfo(promulgation_date=e.Raw("2014/02/30"))
    assert info.promulgation_date == "2014/02/30" and isinstance(info.promulgation_date, e.Raw)


def test_status_code_metadata() -> None:
    assert [c.value for c in e.StatusCode] == ["01", "02", "03", "04", "05", "06", "13", "15", "16"]
    assert {c for c in e.StatusCode if c.needs_description} == {
        e.StatusCode.REJECTED,
        e.StatusCode.TAKE_BACK_REQUESTED,
        e.StatusCode.CHANGE_REJECTED,
    }
    assert e.StatusCode.TAKE_BACK_REQUESTED.sent_by_sender
    for enum_cls in (
        e.StatusCode,
        e.BussinessDocType,
        e.Priority,
        e.SteeringType,
        e.Paper,
        e.ReceiverType,
        e.DocumentKind,
    ):
        for member in enum_cls:
            assert member.label_vi and member.label_en and member.label("en") == member.label_en


def test_public_names_show_the_public_module() -> None:
    assert repr(e.Organization).startswith("<class 'edocstd.Organization'")
    assert e.BuildError.__module__ == "edocstd"


def test_every_public_name_resolves_and_heavy_parts_load_lazily() -> None:
    import subprocess
    import sys

    for name in e.__all__:
        assert getattr(e, name) is not None
    assert e.sign.__module__ == "edocstd" and e.Tracker.__module__ == "edocstd"
    code = (
        "import sys, edocstd; "
        "print('edocstd._sign' in sys.modules, 'edocstd._lifecycle' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_every_element_field_checks_its_values_and_names_its_owner() -> None:
    """Every ``element(...)`` field has the strict converter, and its errors name
    ``Owner.Element``: the class that declares the field, also in a subclass."""
    from edocstd._model.base import _META, Node

    def subclasses(cls: type) -> list[type]:
        return [s for c in cls.__subclasses__() for s in (c, *subclasses(c))]

    classes = [c for c in subclasses(Node) if c.__module__.startswith("edocstd")]
    assert len(classes) > 20
    for cls in classes:
        for field in attrs.fields(cls):
            if _META in field.metadata:
                assert field.converter is not None, f"{cls.__name__}.{field.name}"
    with pytest.raises(e.BuildError) as info:
        e.Manifest(references=[1])
    assert info.value.path == "Manifest.Reference"

    from edocstd._model.base import element

    @attrs.frozen(kw_only=True, eq=False, repr=False)
    class Sub(e.Organization):
        XML_NAME = "SubOrg"
        extra: str | None = element("Extra")

    for build, path in (
        (lambda: Sub(organ_id=1), "Organization.OrganId"),
        (lambda: Sub(extra=2), "SubOrg.Extra"),
    ):
        with pytest.raises(e.BuildError) as info:
            build()
        assert info.value.path == path
