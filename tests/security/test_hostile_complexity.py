"""The hostile suite (tests/security/test_hostile.py) under the complexity helper: each
hostile shape, built at size n and 4n, is refused or read by ``load`` and reported by
``validate`` in time that grows linearly (tests/complexity.py)."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

import edocstd
from tests.complexity import assert_linear
from tests.security import test_hostile as hostile

VALID = hostile.VALID
_SUBJECT = b"<edXML:Subject>"


def _in_subject(text: bytes) -> bytes:
    return VALID.replace(_SUBJECT, _SUBJECT + text, 1)


def _attachments(n: int) -> bytes:
    start = VALID.index(b"<AttachmentEncoded>") + len(b"<AttachmentEncoded>")
    end = VALID.index(b"</AttachmentEncoded>")
    one = VALID[start:end]
    return VALID[:start] + one * n + VALID[end:]


# name -> (builder of size n, n).  Sizes keep the 4n run well under a second.
SCALED: dict[str, tuple[Callable[[int], bytes], int]] = {
    "nesting_deep": (hostile._nesting, 20_000),
    "siblings": (hostile._siblings, 3_000),
    "entity_blowup_dtd": (
        lambda n: hostile._with_doctype(
            f'<!DOCTYPE edXML [<!ENTITY a "{"A" * n}">]>', subject="&a;" * n
        ),
        20_000,
    ),
    "doctype_after_long_comment": (
        lambda n: hostile._DECL + b"<!--" + b"x" * n + b"-->\n" + b"<!DOCTYPE edXML []><edXML/>",
        200_000,
    ),
    "binary_garbage": (lambda n: random.Random(102).randbytes(n), 200_000),
    "truncated_long_text": (lambda n: _in_subject(b"x" * n)[: len(VALID) // 2 + n], 200_000),
    "payload_name_in_text": (
        lambda n: _in_subject(b"." * 100 + b"ContentTransferEncoded" * n),
        20_000,
    ),
    "markup_lookalikes_in_text": (lambda n: _in_subject(b"&lt;x&gt;&amp;" * n), 20_000),
    "many_attributes": (
        lambda n: VALID.replace(
            _SUBJECT, b"<edXML:Subject " + b" ".join(b'a%d=""' % i for i in range(n)) + b">", 1
        ),
        3_000,
    ),
    "many_unknown_elements": (lambda n: _in_subject(b"<x/>" * n), 5_000),
    "many_attachments": (_attachments, 100),
    "long_comment_in_header": (lambda n: _in_subject(b"<!--" + b"-x" * n + b"-->"), 200_000),
    "many_namespaces": (
        lambda n: VALID.replace(
            _SUBJECT,
            b"<edXML:Subject "
            + b" ".join(b'xmlns:p%d="urn:x:%d"' % (i, i) for i in range(n))
            + b">",
            1,
        ),
        2_000,
    ),
}


def _load(data: bytes) -> object:
    try:
        return edocstd.loads(data)
    except edocstd.ParseError as exc:
        return exc


@pytest.mark.parametrize("case", sorted(SCALED))
def test_hostile_load_is_linear(case: str) -> None:
    build, n = SCALED[case]
    outcome = _load(build(n))
    assert isinstance(outcome, (edocstd.Edoc, edocstd.ParseError))
    assert_linear(build, _load, n)


@pytest.mark.parametrize("case", sorted(SCALED))
def test_hostile_validate_is_linear(case: str) -> None:
    build, n = SCALED[case]
    report = edocstd.validate(build(n))
    assert isinstance(report, edocstd.Report)
    assert_linear(build, edocstd.validate, n)


@pytest.mark.parametrize("case", sorted(SCALED))
def test_hostile_verify_is_linear(case: str) -> None:
    build, n = SCALED[case]
    result = edocstd.verify(build(n))
    assert result.verdict in ("invalid", "indeterminate")  # none of them is signed
    assert_linear(build, edocstd.verify, n)
