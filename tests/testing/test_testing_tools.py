"""edocstd.testing keeps its promises (issue 16, item 4): strategies whose packages pass
``validate(profile="vdxp")``, packages broken one rule at a time, ``assert_valid`` with a
readable failure, and a clear error when Hypothesis is missing."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import edocstd
from edocstd.testing import assert_valid, make_edoc
from edocstd.testing.strategies import (
    BROKEN_RULES,
    broken_edocs,
    valid_edocs,
    valid_packages,
    valid_status_packages,
)

ROOT = Path(__file__).resolve().parents[2]
_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


@_SETTINGS
@given(valid_edocs())
def test_valid_edocs_pass_vdxp_as_xml_and_as_objects(edoc: edocstd.Edoc) -> None:
    for source in (edocstd.dumps(edoc), edoc):
        report = edocstd.validate(source, profile="vdxp")
        assert report.ok, report.summary("en")
        assert not report.errors


@_SETTINGS
@given(valid_status_packages())
def test_valid_status_packages_pass_vdxp(status: edocstd.StatusPackage) -> None:
    report = edocstd.validate(edocstd.dumps(status), profile="vdxp")
    assert report.ok and report.kind == "status", report.summary("en")


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(valid_packages())
def test_valid_packages_mix_both_kinds_and_pass(pkg: edocstd.Edoc | edocstd.StatusPackage) -> None:
    assert_valid(edocstd.dumps(pkg))


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
@pytest.mark.parametrize("rule", sorted(BROKEN_RULES))
def test_broken_edocs_break_exactly_their_rule(rule: str, data: st.DataObject) -> None:
    edoc = data.draw(broken_edocs(rule))
    report = edocstd.validate(edocstd.dumps(edoc), profile="vdxp")
    assert rule in report.rules, report.summary("en")
    assert {f.rule for f in report.errors} <= {rule}, report.summary("en")
    severity = edocstd.RULES[rule].severity_for("vdxp")
    assert any(f.rule == rule and f.severity is severity for f in report.findings)
    assert report.ok is (severity is not edocstd.Severity.ERROR)


def test_broken_edocs_of_an_unknown_rule_names_the_known_ones() -> None:
    assert len(BROKEN_RULES) >= 15
    with pytest.raises(KeyError, match="EDX-REQ-012"):
        broken_edocs("EDX-NOPE-001")


def test_assert_valid_returns_the_report_of_a_valid_package() -> None:
    report = assert_valid(make_edoc())
    assert isinstance(report, edocstd.Report) and report.ok
    assert assert_valid(report) is report  # a report is taken as it is


def test_assert_valid_lists_every_error_readably() -> None:
    bad = make_edoc(subject=" ", other_info=edocstd.OtherInfo(priority=edocstd.Raw("khẩn")))
    with pytest.raises(AssertionError) as info:
        assert_valid(bad, lang="en")
    lines = str(info.value).splitlines()
    assert lines[0] == "the package is not valid (profile vdxp): 2 errors, 0 warnings"
    assert lines[1].split()[:3] == ["error", "EDX-REQ-012", "MessageHeader/Subject"]
    assert lines[2].split()[:3] == ["error", "EDX-CODE-011", "MessageHeader/OtherInfo/Priority"]
    assert len(lines) == 3
    with pytest.raises(AssertionError) as info:
        assert_valid(bad)  # Vietnamese by default, one language throughout
    assert str(info.value).startswith("gói tin không hợp lệ (hồ sơ vdxp): 2 lỗi, 0 cảnh báo")
    assert "error" not in str(info.value)


def test_assert_valid_with_warnings_fails_on_a_warning() -> None:
    pkg = make_edoc(other_info=edocstd.OtherInfo(priority=edocstd.Raw("9")))
    report = edocstd.validate(pkg, profile="lenient")  # the bad priority is only a warning
    assert report.ok and report.warnings
    assert assert_valid(report) is report
    with pytest.raises(AssertionError, match="EDX-CODE-001"):
        assert_valid(report, warnings=True)


def test_unreadable_input_fails_with_the_reason() -> None:
    with pytest.raises(AssertionError) as info:
        assert_valid(b"<x/>", lang="en")
    assert "EDX-WF-001" in str(info.value)


def test_strategies_without_hypothesis_say_how_to_install_it() -> None:
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "import edocstd.testing, edocstd.testing.strategies"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()
    assert last[-2].startswith("ImportError: edocstd.testing.strategies cần")
    assert last[-1] == (
        "edocstd.testing.strategies needs Hypothesis: pip install 'edocstd[testing]'"
    )


def test_the_testing_extra_installs_hypothesis() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")  # no tomllib on 3.10
    extras = text.split("[project.optional-dependencies]", 1)[1].split("\n[", 1)[0]
    assert re.search(r'^testing = \[[^]]*"hypothesis>=', extras, re.MULTILINE)
