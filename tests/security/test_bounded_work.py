"""Bounded work on hostile input (issue 10): each known super-linear case, fixed and kept as a
regression test with a size-ratio check (tests/complexity.py), plus the limits that bound it."""

from __future__ import annotations

import pytest

import edocstd
from edocstd._findings import MAX_PER_RULE
from tests.complexity import assert_linear
from tests.security.test_hostile import VALID

_SUBJECT = b"<edXML:Subject>"
_NAME = b"ContentTransferEncoded"


def _payload_name_in_text(n: int) -> bytes:
    """The payload element's own name repeated n times in the Subject text, far enough from
    the start tag that no '<' is near any occurrence."""
    assert _SUBJECT in VALID
    return VALID.replace(_SUBJECT, _SUBJECT + b"." * 100 + _NAME * n, 1)


def _attributes(n: int) -> bytes:
    """n attributes on the Subject element (a value element: each one is a finding)."""
    attrs = b" ".join(b'a%d="x"' % i for i in range(n))
    return VALID.replace(_SUBJECT, b"<edXML:Subject " + attrs + b">", 1)


def test_payload_name_repeated_in_text_loads_in_linear_time() -> None:
    assert_linear(_payload_name_in_text, edocstd.loads, 20_000)


def test_payload_name_repeated_in_text_is_kept_as_text() -> None:
    pkg = edocstd.loads(_payload_name_in_text(1000))
    assert isinstance(pkg, edocstd.Edoc)
    assert pkg.header.subject.startswith("." * 100 + (_NAME * 1000).decode())
    assert len(pkg.attachments) == 1 and pkg.attachments[0].read().startswith(b"%PDF")


def test_payload_name_after_a_bracket_in_text_stays_text() -> None:
    """'<' escaped in text right before the name, and a name inside a comment: neither is a
    payload element, and the scan stays linear."""
    text = b"&lt;" + _NAME + b" x" * 10
    data = VALID.replace(_SUBJECT, _SUBJECT + text, 1)
    assert edocstd.loads(data).header.subject.startswith("<" + _NAME.decode())
    assert_linear(
        lambda n: VALID.replace(_SUBJECT, _SUBJECT + (b"&lt;" + _NAME) * n, 1),
        edocstd.loads,
        10_000,
    )


def test_payload_name_repeated_in_text_validates_in_linear_time() -> None:
    assert_linear(_payload_name_in_text, edocstd.validate, 20_000)


def test_attribute_limit_refuses_an_attribute_flood() -> None:
    limit = edocstd.Limits().max_attributes
    with pytest.raises(edocstd.LimitExceeded) as info:
        edocstd.loads(_attributes(limit + 1))
    assert str(limit) in info.value.message and "attributes" in info.value.message
    assert "thuộc tính" in info.value.message_vi
    report = edocstd.validate(_attributes(limit + 1))
    assert not report.ok


def test_attribute_limit_is_a_setting() -> None:
    small = edocstd.Limits(max_attributes=10)  # the package has one: edXMLManifest/@version
    with pytest.raises(edocstd.LimitExceeded):
        edocstd.load(_attributes(10), limits=small)
    assert edocstd.load(_attributes(9), limits=small) is not None


_MANY = edocstd.Limits(max_attributes=1_000_000)


def test_repeated_offence_is_one_aggregated_finding() -> None:
    n = 3000
    pkg = edocstd.load(_attributes(n), limits=_MANY)
    lost = [f for f in pkg.findings if f.rule == "read.lost-attribute"]
    assert len(lost) == MAX_PER_RULE + 1
    summary = lost[-1]
    assert summary.value == str(n - MAX_PER_RULE)
    assert f"{n - MAX_PER_RULE} more" in summary.message_en
    assert f"còn {n - MAX_PER_RULE}" in summary.message_vi
    report = edocstd.validate(_attributes(n), limits=_MANY)
    per_rule: dict[str, int] = {}
    for f in report.findings:
        per_rule[f.rule] = per_rule.get(f.rule, 0) + 1
    assert max(per_rule.values()) <= MAX_PER_RULE + 1


def test_attribute_flood_under_a_raised_limit_is_linear() -> None:
    assert_linear(_attributes, lambda d: edocstd.load(d, limits=_MANY), 4000)
    assert_linear(_attributes, lambda d: edocstd.validate(d, limits=_MANY), 4000)


def _refused(data: bytes) -> None:
    with pytest.raises(edocstd.LimitExceeded):
        edocstd.loads(data)


def test_attribute_flood_over_the_limit_is_refused_in_linear_time() -> None:
    assert_linear(_attributes, _refused, 20_000)
