"""Properties: whatever valid package is built, writing and reading it back loses nothing."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings

import edocstd
from edocstd.testing import make_edoc, make_status
from tests.strategies import packages

_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(packages)
def test_dumps_then_loads_gives_an_equal_package(pkg: edocstd.Edoc | edocstd.StatusPackage) -> None:
    data = edocstd.dumps(pkg)
    again = edocstd.loads(data)
    assert again == pkg
    assert edocstd.dumps(again) == data


@_SETTINGS
@given(packages)
def test_built_packages_read_back_without_findings(
    pkg: edocstd.Edoc | edocstd.StatusPackage,
) -> None:
    # A package built with the model is in the SDK layout: the reader has nothing to report
    # but, possibly, that the content is incomplete for the strict schema (these generated
    # packages leave required fields empty or out).
    again = edocstd.loads(edocstd.dumps(pkg))
    assert {f.rule for f in again.findings} <= {"read.strict-schema"}


def test_complete_built_packages_read_back_without_any_finding() -> None:
    for pkg in (make_edoc(), make_status(), make_status("02", description="Sai địa chỉ")):
        again = edocstd.loads(edocstd.dumps(pkg), strict=True)
        assert again.findings == ()


@_SETTINGS
@given(packages)
def test_dict_mirror_survives_json(pkg: edocstd.Edoc | edocstd.StatusPackage) -> None:
    data = json.loads(json.dumps(pkg.to_dict()))
    back = type(pkg).from_dict(data)
    assert back == pkg
    assert edocstd.dumps(back) == edocstd.dumps(pkg)
