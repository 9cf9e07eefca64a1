"""``validate``: tiers, profiles, sources, hostile input, JSON, the base64 checker."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import importlib.util
import io
import json
import time
from pathlib import Path

import pytest
from _packages import EDOC, NOW, PDF_B64, STATUS, ZIP_B64, mutate
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.security import test_hostile as hostile_suite

import edocstd
from edocstd._errors import BuildError
from edocstd._findings import Severity
from edocstd._validate import PROFILES, RULES, TIERS, Report, TierResult, validate
from edocstd._validate.catalogue import reader_severity, tier_of
from edocstd._validate.rules import Base64Problem, base64_size

TESTS = Path(__file__).resolve().parents[1]


# --- tiers and the report ------------------------------------------------------------------


def test_valid_package_report() -> None:
    report = validate(EDOC.encode(), now=NOW)
    assert report.ok and bool(report)
    assert report.kind == "edoc"
    assert report.profile == "vdxp"
    assert [t.name for t in report.tiers] == list(TIERS)
    statuses = {t.name: t.status for t in report.tiers}
    assert statuses == {
        "well-formed": "passed",
        "schema": "passed",
        "rules": "passed",
        "identifiers": "passed",
        "signature": "skipped",
        "documents": "skipped",
    }
    assert report.tier("signature").reason == "no trust anchors given"
    assert report.tier("documents").reason == "not requested (documents=True, --documents)"
    assert report.findings == ()


def test_status_package_report() -> None:
    report = validate(STATUS.encode(), now=NOW)
    assert report.ok and report.kind == "status"


@pytest.mark.parametrize("profile", PROFILES)
def test_unreadable_package_fails_well_formed_and_skips_the_rest(profile: str) -> None:
    report = validate(b"<edXML", profile=profile)
    assert not report.ok
    assert report.kind is None
    assert report.tier("well-formed").failed
    for name in TIERS[1:]:
        tier = report.tier(name)
        assert tier.skipped and not tier.passed
        assert tier.reason == "the package could not be read"
    [finding] = report.findings
    assert finding.rule == "EDX-WF-001" and finding.severity is Severity.ERROR


def test_skipped_tier_never_reads_as_passed() -> None:
    tier = TierResult(name="signature", status="skipped", reason="no trust anchors given")
    assert not tier.passed and tier.skipped and not tier.failed


def test_report_is_frozen() -> None:
    report = validate(EDOC.encode(), now=NOW)
    with pytest.raises(AttributeError):
        report.profile = "strict"  # type: ignore[misc]


def test_errors_and_warnings_helpers() -> None:
    text = mutate(
        EDOC,
        ("<edXML:Priority>0<", "<edXML:Priority>9<"),
        ("<edXML:SteeringType>0<", "<edXML:SteeringType>10<"),
        ("<edXML:BussinessDocType>0<", "<edXML:BussinessDocType>7<"),
    )
    report = validate(text.encode(), now=NOW)
    assert [f.rule for f in report.errors] == ["EDX-CODE-002"]
    assert [f.rule for f in report.warnings] == ["EDX-CODE-001", "EDX-CODE-007"]
    assert set(report.findings_in("identifiers")) == set(report.errors + report.warnings)


def test_value_is_truncated_to_200_characters() -> None:
    report = validate(
        mutate(EDOC, ("V/v thông báo lịch họp giao ban quý IV năm 2025", "x" * 900)).encode(),
        now=NOW,
    )
    [finding] = [f for f in report.findings if f.rule == "EDX-LEN-001"]
    assert finding.value is not None and len(finding.value) == 200


def test_summary_in_both_languages() -> None:
    report = validate(
        mutate(EDOC, ("<edXML:BussinessDocType>0<", "<edXML:BussinessDocType>9<")).encode(),
        now=NOW,
    )
    vi, en = report.summary("vi"), report.summary("en")
    assert "KHÔNG HỢP LỆ" in vi and "loại nghiệp vụ '9'" in vi
    assert "INVALID" in en and "BussinessDocType '9'" in en
    assert "EDX-CODE-002" in vi and "EDX-CODE-002" in en
    assert str(report) == vi  # lang="vi" is the default


# --- JSON ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        EDOC.encode(),
        STATUS.encode(),
        b"",
        b"<html/>",
        mutate(EDOC, ("<edXML:Priority>0<", "<edXML:Priority>9<")).encode(),
    ],
)
def test_json_round_trips(data: bytes) -> None:
    report = validate(data, now=NOW, lang="en")
    loaded = json.loads(report.to_json())
    assert loaded == report.to_dict()
    assert loaded["ok"] is report.ok
    assert [t["status"] for t in loaded["tiers"]] == [t.status for t in report.tiers]
    for f, d in zip(report.findings, loaded["findings"], strict=True):
        assert d["rule"] == f.rule
        assert d["severity"] == f.severity.value
        assert d["message"] == f.message_en
        assert d["message_vi"] == f.message_vi
        assert d["tier"] == tier_of(f.rule)


# --- sources -------------------------------------------------------------------------------


def test_sources_agree(tmp_path: Path) -> None:
    data = mutate(EDOC, ("<edXML:Priority>0<", "<edXML:Priority>9<")).encode()
    path = tmp_path / "goi-tin.edxml"
    path.write_bytes(data)
    reports = [
        validate(data, now=NOW),
        validate(bytearray(data), now=NOW),
        validate(path, now=NOW),
        validate(str(path), now=NOW),
        validate(io.BytesIO(data), now=NOW),
    ]
    for report in reports:
        assert [(f.rule, f.path, f.line) for f in report.findings] == [
            (f.rule, f.path, f.line) for f in reports[0].findings
        ]
    assert reports[2].source == str(path)


def test_loaded_package_object() -> None:
    pkg = edocstd.loads(mutate(EDOC, ("<edXML:Priority>0<", "<edXML:Priority>x<")).encode())
    report = validate(pkg, now=NOW)
    assert report.tier("well-formed").skipped
    assert report.tier("schema").passed
    assert "EDX-CODE-011" in report.rules
    assert not report.ok


def test_built_package_object() -> None:
    pkg = edocstd.loads(EDOC.encode())
    built = edocstd.Edoc(
        header=pkg.header, trace_header_list=pkg.trace_header_list, manifest=None, attachments=()
    )
    report = validate(
        built.with_attachments(
            edocstd.Attachment.create(b"%PDF-1.4\n%%EOF\n", name="a.pdf", content_id="cid:1")
        ),
        now=NOW,
    )
    assert report.ok, report.summary("en")
    assert report.tier("well-formed").skipped
    assert report.tier("well-formed").reason


def test_missing_file_is_a_failed_report(tmp_path: Path) -> None:
    report = validate(tmp_path / "khong-co.edxml")
    assert not report.ok and report.tier("well-formed").failed


# --- programming errors raise ------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"profile": "national"},
        {"lang": "fr"},
        {"limits": 5},
        {"max_attachment_bytes": -1},
        {"max_attachment_bytes": "1"},
        {"now": "2025/01/01"},
    ],
)
def test_bad_arguments_raise(kwargs: dict[str, object]) -> None:
    with pytest.raises(BuildError):
        validate(EDOC.encode(), **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("source", [42, None, 3.5, ["x"]])
def test_bad_source_type_raises(source: object) -> None:
    with pytest.raises(BuildError):
        validate(source)


def test_text_mode_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "a.edxml"
    path.write_text(EDOC, encoding="utf-8")
    with path.open(encoding="utf-8") as f, pytest.raises(BuildError):
        validate(f)


# --- profiles ------------------------------------------------------------------------------


def test_profile_severities() -> None:
    text = mutate(EDOC, ("<edXML:Priority>0<", "<edXML:Priority>x<"))
    assert validate(text.encode(), profile="vdxp", now=NOW).errors[0].rule == "EDX-CODE-011"
    lenient = validate(text.encode(), profile="lenient", now=NOW)
    assert lenient.ok
    assert [f.rule for f in lenient.warnings] == ["EDX-CODE-011"]
    # a number outside the list: data quality, an error only under strict
    number = mutate(EDOC, ("<edXML:Priority>0<", "<edXML:Priority>9<"))
    assert [f.rule for f in validate(number.encode(), now=NOW).warnings] == ["EDX-CODE-001"]
    strict = validate(number.encode(), profile="strict", now=NOW)
    assert "EDX-CODE-001" in {f.rule for f in strict.errors}


def test_lenient_keeps_unusable_errors() -> None:
    text = mutate(EDOC, (f">{PDF_B64}<", ">@@@@<"))
    assert not validate(text.encode(), profile="lenient", now=NOW).ok


def test_strict_uses_the_strict_schema_and_reader_order() -> None:
    # The 2018 SDK order (TraceHeader before Bussiness) is fine for vdxp, an error for strict.
    start, mid = EDOC.index("        <edXML:Bussiness>"), EDOC.index("        <edXML:TraceHeader>")
    end = EDOC.index("      </edXML:TraceHeaderList>")
    bussiness, trace = EDOC[start:mid], EDOC[mid:end]
    text = mutate(EDOC, (bussiness + trace, trace + bussiness))
    assert validate(text.encode(), now=NOW).ok
    strict = validate(text.encode(), profile="strict", now=NOW)
    assert not strict.ok
    assert {"read.order", "EDX-XSD-001"} <= {f.rule for f in strict.errors}
    assert validate(EDOC.encode(), profile="strict", now=NOW).ok


@pytest.mark.parametrize("rule", ["read.order", "read.unknown-element", "read.date-format"])
def test_reader_findings_are_errors_under_strict(rule: str) -> None:
    assert reader_severity(rule, Severity.INFO, "strict") is Severity.ERROR
    assert reader_severity(rule, Severity.ERROR, "lenient") is Severity.WARNING


def test_date_rules_use_now() -> None:
    assert validate(EDOC.encode(), now=dt.date(2025, 10, 1)).ok
    early = validate(EDOC.encode(), now=dt.datetime(2025, 9, 30, 23, 59))
    assert [f.rule for f in early.warnings] == ["EDX-DATE-004"]
    strict = validate(EDOC.encode(), now=dt.datetime(2025, 9, 30, 23, 59), profile="strict")
    assert [f.rule for f in strict.errors] == ["EDX-DATE-004"]


# --- signature tier --------------------------------------------------------------------------


def test_signature_tier_runs_with_a_policy() -> None:
    sign = pytest.importorskip("edocstd._sign")
    report = validate(EDOC.encode(), now=NOW, policy=sign.Policy())
    tier = report.tier("signature")
    assert not tier.skipped
    assert tier.failed  # the package carries no signature
    assert "EDX-SIG-001" in report.rules
    assert report.signature is not None and report.signature.reason == "NO_SIGNATURE"
    assert json.loads(report.to_json())["signature"]["reason"] == "NO_SIGNATURE"


def test_signature_tier_with_stream_source() -> None:
    sign = pytest.importorskip("edocstd._sign")
    report = validate(io.BytesIO(EDOC.encode()), now=NOW, policy=sign.Policy())
    assert report.kind == "edoc"
    assert "EDX-SIG-001" in report.rules


# --- hostile input ------------------------------------------------------------------------------


_CASES = sorted(hostile_suite._BUILD)


@pytest.mark.parametrize("case", _CASES)
def test_hostile_input_gives_a_failed_report(case: str) -> None:
    data = hostile_suite._BUILD[case]()
    start = time.perf_counter()
    report = validate(data)
    assert time.perf_counter() - start < 5.0  # a guard against hangs, not a benchmark
    assert isinstance(report, Report)
    assert not report.ok
    assert report.tier("well-formed").failed
    assert report.findings[0].rule in ("EDX-WF-001", "EDX-WF-002")
    json.loads(report.to_json())
    for text in (report.findings[0].message_en, report.findings[0].message_vi):
        assert "Traceback" not in text and "lxml" not in text


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\x01\x02",
        b"<html><body>502 Bad Gateway</body></html>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><edXML>&a;</edXML>',
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        b"\xff\xfe<\x00",
    ],
)
def test_small_hostile_inputs(data: bytes) -> None:
    report = validate(data)
    assert not report.ok and report.tier("well-formed").failed


@pytest.mark.parametrize("cut", [10, 100, 500, 1000, 2000, 3000, len(EDOC.encode()) - 10])
def test_truncated_package(cut: int) -> None:
    report = validate(EDOC.encode()[:cut])
    assert not report.ok
    assert report.tier("well-formed").failed


def test_limit_exceeded_is_its_own_rule() -> None:
    report = validate(EDOC.encode(), limits=edocstd.Limits(max_elements=10))
    assert [f.rule for f in report.findings] == ["EDX-WF-002"]


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    report = validate(data)
    assert isinstance(report, Report)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=len(EDOC)), st.text(max_size=20))
def test_arbitrary_edits_never_raise(at: int, insert: str) -> None:
    text = EDOC[:at] + insert + EDOC[at:]
    report = validate(text.encode("utf-8", "surrogatepass"), now=NOW)
    assert isinstance(report, Report)
    json.loads(report.to_json())


# --- the base64 checker ------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000), st.integers(min_value=1, max_value=97), st.booleans())
def test_base64_size_of_valid_text(raw: bytes, chunk: int, wrap: bool) -> None:
    text = base64.encodebytes(raw) if wrap else base64.b64encode(raw)
    chunks = [text[i : i + chunk] for i in range(0, len(text), chunk)]
    assert base64_size(chunks) == len(raw)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64), st.integers(min_value=1, max_value=9))
def test_base64_checker_agrees_with_strict_decoding(text: bytes, chunk: int) -> None:
    clean = text.translate(None, b" \t\r\n")
    try:
        expected: int | None = len(binascii.a2b_base64(clean, strict_mode=True)) if clean else 0
    except binascii.Error:
        expected = None
    chunks = [text[i : i + chunk] for i in range(0, len(text), chunk)]
    try:
        got: int | None = base64_size(chunks)
    except Base64Problem:
        got = None
    assert got == expected


@pytest.mark.parametrize(
    "text", [b"QUJD!", b"QUI=QUJD", b"QQ===", b"QUJDR", b"QU JD\nR", b"\xc3\xa9AAA"]
)
def test_base64_problems(text: bytes) -> None:
    with pytest.raises(Base64Problem) as info:
        base64_size([text])
    assert info.value.en and info.value.vi


def test_zip_labelled_pdf_names_the_detected_type() -> None:
    report = validate(mutate(EDOC, (f">{PDF_B64}<", f">{ZIP_B64}<")).encode(), now=NOW)
    [finding] = [f for f in report.findings if f.rule == "EDX-ATT-005"]
    assert finding.value == "application/pdf"
    assert "application/zip" in finding.message_en


# --- the catalogue -------------------------------------------------------------------------------


def test_catalogue_ids_and_messages() -> None:
    import re

    for rule_id, rule in RULES.items():
        assert re.fullmatch(r"EDX-[A-Z]+-\d{3}", rule_id)
        assert rule.tier in TIERS
        assert rule.title_en and rule.title_vi and rule.message_en and rule.message_vi
        for profile in PROFILES:
            assert isinstance(rule.severity_for(profile), Severity)


def test_every_rule_says_why_it_has_its_severity() -> None:
    from edocstd._validate.catalogue import reader_rules
    from edocstd._validate.catalogue.reasons import WHY

    assert [r for r in RULES.values() if not r.why] == []
    reader_errors = {
        r for r, (sev, _, _) in reader_rules().items()
        if reader_severity(r, sev, "vdxp") is Severity.ERROR
    }
    assert reader_errors - set(WHY) == set()
    assert set(WHY) - set(RULES) - set(reader_rules()) == set()  # no reason for a lost rule


def test_rules_doc_is_up_to_date() -> None:
    root = Path(__file__).resolve().parents[2]
    tool = root / "tools" / "gen_rules_doc.py"
    spec = importlib.util.spec_from_file_location("_gen_rules_doc", tool)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = (root / "docs" / "rules.md").read_text(encoding="utf-8")
    assert text == module.render(), "docs/rules.md is stale: run python tools/gen_rules_doc.py"
    for rule_id in RULES:
        assert f"`{rule_id}`" in text


def test_concurrent_validations_do_not_mix_their_findings() -> None:
    # An lxml XMLSchema keeps the error log of its last run: schemas are cached per thread.
    from concurrent.futures import ThreadPoolExecutor

    import edocstd
    from edocstd.testing import make_edoc

    good = edocstd.dumps(make_edoc())
    bad = good.replace(b"<edXML:Subject>", b"<edXML:Bogus>x</edXML:Bogus><edXML:Subject>")

    def rules(data: bytes) -> frozenset[str]:
        return frozenset(
            f.rule for f in edocstd.validate(data).findings if f.severity.value == "error"
        )

    expected = {good: rules(good), bad: rules(bad)}
    assert expected[good] == frozenset() and expected[bad]
    with ThreadPoolExecutor(max_workers=4) as pool:
        inputs = [good, bad] * 40
        for data, got in zip(inputs, pool.map(rules, inputs), strict=True):
            assert got == expected[data]
