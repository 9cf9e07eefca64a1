"""The steps of ``verify`` one by one: each answers its frozen value or a ``Failure``, and a
hostile value gets a typed answer, never an exception (``_sign/_step.py`` states the contract).

Whole-package behaviour (verdicts, reasons, messages) is in test_sign_verify.py; here each
step's contract, and the tables behind the public ``Literal`` types.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import get_args

import attrs
import pytest
from lxml import etree

from edocstd._sign import _stream
from edocstd._sign._key import KeyCheck, Signer, signature_value, signer_certificate
from edocstd._sign._methods import Methods, algorithms
from edocstd._sign._relay import Digest, digest
from edocstd._sign._step import Failure, Stop, run_step
from edocstd._sign._structure import Placed, Structure, locate, read_document, references, structure
from edocstd._sign._verdict import Bound, Trust, bind, trust, verdict
from edocstd._sign.algorithms import ENVELOPED, EXC_C14N, EXC_C14N_SDK, RSA_SHA1
from edocstd._sign.binding import SenderBinding
from edocstd._sign.outcome import REASONS, Algorithms, Reason, Verdict
from edocstd._sign.policy import Policy
from edocstd._sign.reasons_vi import REASONS_VI, VERDICTS_VI

from .conftest import Pki
from .test_sign_verify import _sign

DS = "http://www.w3.org/2000/09/xmldsig#"
Q = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
AT = dt.datetime.now(dt.timezone.utc)


def test_reason_and_verdict_types_match_the_tables() -> None:
    assert set(get_args(Reason)) == set(REASONS) == set(REASONS_VI)
    assert {v for v, _ in REASONS.values()} == set(get_args(Verdict)) == set(VERDICTS_VI)


# -- the step contract -------------------------------------------------------------------------


def test_run_step_turns_stops_and_surprises_into_failures_keeping_notes() -> None:
    def stops(notes: list[str]) -> int:
        notes.append("noted first")
        raise Stop("WRAPPING", "two of them")

    def breaks(notes: list[str]) -> int:
        notes.append("noted first")
        raise ValueError("hostile certificate")

    assert run_step(stops) == Failure("WRAPPING", "two of them", ("noted first",))
    failure = run_step(breaks)
    assert isinstance(failure, Failure) and failure.reason == "MALFORMED"
    assert failure.message.endswith("ValueError: hostile certificate")
    assert failure.warnings == ("noted first",)
    assert run_step(lambda notes: 7) == 7


def test_run_step_lets_not_plain_through() -> None:
    def not_plain(notes: list[str]) -> int:
        raise _stream.NotPlain("a payload is not its own canonical form")

    with pytest.raises(_stream.NotPlain):
        run_step(not_plain)


# -- steps on a real signature -----------------------------------------------------------------


def _parts(data: bytes) -> tuple[_stream.Document, Placed, Structure]:
    src = _stream.open_source(data)
    doc = read_document(src)
    assert isinstance(doc, _stream.Document)
    placed = locate(doc.root, Policy())
    assert isinstance(placed, Placed)
    shape = structure(placed.signature)
    assert isinstance(shape, Structure)
    return doc, placed, shape


def test_the_steps_in_order_on_a_good_signature(pki: Pki, edoc: bytes) -> None:
    doc, placed, shape = _parts(_sign(pki, edoc))
    assert shape.algorithms.transforms == (ENVELOPED, EXC_C14N)
    assert references(shape.algorithms) is None
    methods = algorithms(shape, Policy())
    assert isinstance(methods, Methods) and methods.digest == "sha256" and not methods.warnings
    signer = signer_certificate(shape.key_info)
    assert isinstance(signer, Signer) and signer.summary.common_name == "Nguyễn Văn A"
    assert len(signer.others) == 1  # the intermediate
    assert signature_value(shape, methods, signer, Policy()) == KeyCheck("rsa")
    digested = digest(doc, placed, shape, methods, Policy())
    assert isinstance(digested, Digest) and digested.added == ()
    bound = bind(placed.header, signer, Policy())
    assert isinstance(bound, Bound) and bound.binding.bound is None and bound.warnings
    found = trust(signer, (pki.root.cert,), Policy(), AT)
    assert isinstance(found, Trust) and found.status == "OK" and len(found.chain) == 3
    assert verdict(found, bound.binding, Policy()).reason == "OK"


def test_read_document_answers_malformed_for_garbage() -> None:
    failure = read_document(_stream.open_source(b"<edXML><unclosed>"))
    assert isinstance(failure, Failure) and failure.reason == "MALFORMED"
    assert failure.message.startswith("the package cannot be read:")


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        (f'<x xmlns="{Q}"/>', "MALFORMED"),
        (f'<edXML xmlns="{Q}"><edXMLEnvelope><edXMLHeader/></edXMLEnvelope></edXML>',
         "NO_SIGNATURE"),
        (f'<edXML xmlns="{Q}"><edXMLEnvelope><edXMLHeader><Signature/></edXMLHeader>'
         "</edXMLEnvelope></edXML>", "NOT_XMLDSIG"),
        (f'<edXML xmlns="{Q}" xmlns:ds="{DS}"><edXMLEnvelope><edXMLHeader><ds:Signature/>'
         "<ds:Signature/></edXMLHeader></edXMLEnvelope></edXML>", "WRAPPING"),
        (f'<edXML xmlns="{Q}" xmlns:ds="{DS}"><edXMLEnvelope><edXMLHeader/><ds:Signature/>'
         "</edXMLEnvelope></edXML>", "BAD_PLACEMENT"),
        (f'<edXML xmlns="{Q}" xmlns:ds="{DS}"><edXMLEnvelope><edXMLHeader><ds:Signature/>'
         "</edXMLHeader><!-- c --></edXMLEnvelope></edXML>", "COMMENT_IN_CONTENT"),
    ],
)  # fmt: skip
def test_locate_answers_each_problem_with_its_reason(xml: str, reason: str) -> None:
    failure = locate(etree.fromstring(xml), Policy())
    assert isinstance(failure, Failure) and failure.reason == reason


def _signature(inner: str) -> etree._Element:
    return etree.fromstring(f'<ds:Signature xmlns:ds="{DS}">{inner}</ds:Signature>')


def test_structure_keeps_the_object_warning_when_a_later_check_fails() -> None:
    sig = _signature("<ds:SignedInfo><ds:Reference/><ds:Reference/></ds:SignedInfo>"
                     "<ds:SignatureValue/><ds:Object/>")  # fmt: skip
    failure = structure(sig)
    assert isinstance(failure, Failure) and failure.reason == "WRAPPING"
    assert len(failure.warnings) == 1 and "ds:Object" in failure.warnings[0]


@pytest.mark.parametrize(
    "inner",
    [
        "",
        "<ds:SignatureValue/><ds:SignedInfo/>",
        "<ds:SignedInfo/><ds:SignatureValue/><ds:Unknown/>",
        "<ds:SignedInfo/><ds:SignatureValue/><ds:Object/><ds:KeyInfo/>",
        "<ds:SignedInfo><ds:Reference URI=''/></ds:SignedInfo><ds:SignatureValue/>",
    ],
)
def test_structure_answers_malformed_for_broken_shapes(inner: str) -> None:
    failure = structure(_signature(inner))
    assert isinstance(failure, Failure) and failure.reason == "MALFORMED"


@pytest.mark.parametrize(
    ("transforms", "reason"),
    [
        ((), "MALFORMED"),
        ((EXC_C14N,), "MALFORMED"),
        ((ENVELOPED, EXC_C14N, EXC_C14N), "UNSUPPORTED_ALGORITHM"),
        ((ENVELOPED, "http://www.w3.org/TR/1999/REC-xpath-19991116"), "UNSUPPORTED_ALGORITHM"),
    ],
)
def test_references_refuse_other_transforms(transforms: tuple[str, ...], reason: str) -> None:
    failure = references(Algorithms(EXC_C14N, RSA_SHA1, "", transforms))
    assert isinstance(failure, Failure) and failure.reason == reason


def _with_algorithms(shape: Structure, **changes: str) -> Structure:
    return attrs.evolve(shape, algorithms=attrs.evolve(shape.algorithms, **changes))


def test_algorithms_known_then_allowed(pki: Pki, edoc: bytes) -> None:
    _, _, shape = _parts(_sign(pki, edoc))
    hmac = _with_algorithms(shape, signature=DS + "hmac-sha1")
    sha1 = _with_algorithms(shape, signature=RSA_SHA1)
    sdk = _with_algorithms(shape, canonicalization=EXC_C14N_SDK)
    assert isinstance(f := algorithms(hmac, Policy()), Failure)
    assert f.reason == "UNSUPPORTED_ALGORITHM"
    assert isinstance(f := algorithms(sha1, Policy()), Failure) and f.reason == "WEAK_ALGORITHM"
    legacy = algorithms(sha1, Policy.legacy())
    assert isinstance(legacy, Methods) and "SHA-1" in legacy.warnings[0]
    mapped = algorithms(sdk, Policy())
    assert isinstance(mapped, Methods) and mapped.signed_info.exclusive
    assert "non-standard URI" in mapped.warnings[0]


def _key_info(*texts: str) -> etree._Element:
    certs = "".join(f"<ds:X509Certificate>{t}</ds:X509Certificate>" for t in texts)
    return etree.fromstring(f'<ds:KeyInfo xmlns:ds="{DS}"><ds:X509Data>{certs}</ds:X509Data>'
                            "</ds:KeyInfo>")  # fmt: skip


@pytest.mark.parametrize(
    "key_info",
    [
        None,
        _key_info(),
        _key_info("not base64!"),
        _key_info(base64.b64encode(b"\x30\x03\x02\x01\x00").decode()),
        _key_info(*["AAAA"] * 33),
    ],
    ids=["none", "empty", "bad-base64", "bad-der", "too-many"],
)
def test_signer_certificate_answers_malformed_for_hostile_key_info(
    key_info: etree._Element | None,
) -> None:
    failure = signer_certificate(key_info)
    assert isinstance(failure, Failure) and failure.reason == "MALFORMED"


def test_signature_value_fails_with_another_key(pki: Pki, edoc: bytes) -> None:
    _, _, shape = _parts(_sign(pki, edoc))
    methods = algorithms(shape, Policy())
    assert isinstance(methods, Methods)
    _, _, other = _parts(_sign(pki, edoc, key=pki.stranger.key_path,
                               cert=pki.stranger.cert_path, chain=[]))  # fmt: skip
    signer = signer_certificate(other.key_info)
    assert isinstance(signer, Signer)
    failure = signature_value(shape, methods, signer, Policy())
    assert isinstance(failure, Failure) and failure.reason == "SIG_CRYPTO_FAILURE"


def test_digest_sets_aside_an_appended_trace_entry_and_fails_on_other_changes(
    pki: Pki, edoc: bytes
) -> None:
    signed = _sign(pki, edoc)
    relayed = signed.replace(
        b"</edXML:TraceHeaderList>",
        b"<edXML:TraceHeader><edXML:OrganId>000.00.00.H41</edXML:OrganId><edXML:Timestamp>"
        b"2024/05/07 10:00:00</edXML:Timestamp></edXML:TraceHeader></edXML:TraceHeaderList>",
    )
    assert relayed != signed
    changed = signed.replace(b"V/v k", b"V/v K")
    assert changed != signed
    for data, expected in ((relayed, "added"), (changed, "HASH_FAILURE")):
        doc, placed, shape = _parts(data)
        methods = algorithms(shape, Policy())
        assert isinstance(methods, Methods)
        answer = digest(doc, placed, shape, methods, Policy())
        if expected == "added":
            assert isinstance(answer, Digest)
            assert answer.added == (("000.00.00.H41", "2024/05/07 10:00:00"),)
            assert "NOT covered" in answer.covered and answer.warnings
        else:
            assert isinstance(answer, Failure) and answer.reason == expected


def test_trust_without_anchors_checks_the_signer_validity(pki: Pki, edoc: bytes) -> None:
    _, _, shape = _parts(_sign(pki, edoc, key=pki.expired.key_path, cert=pki.expired.cert_path,
                               check_cert=False))  # fmt: skip
    signer = signer_certificate(shape.key_info)
    assert isinstance(signer, Signer)
    found = trust(signer, (), Policy(require_key_usage=False), AT)
    assert isinstance(found, Trust) and found.status == "EXPIRED" and not found.anchored


def _binding(bound: bool | None) -> SenderBinding:
    return SenderBinding(sender="000.00.00.G22", sender_name=None, bound=bound,
                         method="none" if bound is None else "registry", detail="why")  # fmt: skip


@pytest.mark.parametrize(
    ("status", "anchored", "bound", "policy", "reason"),
    [
        ("UNTRUSTED", True, True, Policy(), "UNTRUSTED"),
        ("OK", True, False, Policy(), "SIGNER_NOT_BOUND"),
        ("OK", True, None, Policy(), "OK"),
        ("TRUST_NOT_CHECKED", False, False, Policy(), "TRUST_NOT_CHECKED"),
        ("TRUST_NOT_CHECKED", False, False, Policy(require_trust=False), "SIGNER_NOT_BOUND"),
        ("TRUST_NOT_CHECKED", False, None, Policy(require_trust=False), "OK"),
        ("EXPIRED", False, True, Policy(require_trust=False), "EXPIRED"),
    ],
)
def test_verdict_is_a_table_of_trust_binding_and_policy(
    status: str, anchored: bool, bound: bool | None, policy: Policy, reason: str
) -> None:
    found = Trust(status, "message", AT, anchored)  # type: ignore[arg-type]
    decision = verdict(found, _binding(bound), policy)
    assert decision.reason == reason
    assert bool(decision.warnings) == (reason == "OK" and not anchored)
