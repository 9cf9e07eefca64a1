"""Strategies for packages that pass ``validate(profile="vdxp")``, and for packages broken on
purpose, one rule at a time.  Public through :mod:`edocstd.testing.strategies` (which checks
that Hypothesis is installed first).

The valid ones are built the way an application builds them, with :func:`edocstd.new_document`
and :func:`edocstd.reply`, from drawn values an agency could really send (well-formed agency
identifiers, Vietnamese text, real dates, attachments whose bytes match their type).  A broken
package is a valid one with exactly one thing wrong, chosen by rule id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
from hypothesis import strategies as st

from .._lifecycle import new_document, reply
from .._model.attachment import Attachment
from .._model.codes import (
    ADMINISTRATIVE_DOCUMENT_TYPES,
    LEGAL_DOCUMENT_TYPES,
    Priority,
    StatusCode,
    SteeringType,
)
from .._model.header import Organization
from .._model.package import Edoc, StatusPackage
from .._model.values import Raw
from .._validate.catalogue.codes import CODE_001, CODE_004, CODE_011, TO_001
from .._validate.catalogue.header import DATE_004, DATE_005, MISSING

_LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ"
)
_WORD = st.text(_LETTERS + _LETTERS.upper() + "0123456789", min_size=1, max_size=12)


def _phrase(max_words: int, max_len: int = 100) -> st.SearchStrategy[str]:
    """Words, cut to ``max_len`` characters (the builders' and receivers' limits)."""
    return st.lists(_WORD, min_size=1, max_size=max_words).map(
        lambda ws: " ".join(ws)[:max_len].rstrip()
    )


words = _phrase(12)
"""Vietnamese-looking text: words of letters and digits, single spaces, nothing blank."""

valid_organ_ids = st.builds(
    "{:03d}.{:02d}.{:02d}.{}{:02d}".format,
    st.integers(0, 999),
    st.integers(0, 99),
    st.integers(0, 99),
    st.sampled_from("ABCDEFGHIJK"),
    st.integers(0, 99),
)
"""Agency identifiers in the form of Decision 20/2020 (``000.00.00.G22``)."""

valid_organizations = st.builds(
    lambda organ_id, name: Organization(
        organ_id=organ_id, organization_in_charge=name, organ_name=name
    ),
    valid_organ_ids,
    _phrase(6),
)

days = st.dates(min_value=dt.date(2016, 1, 1), max_value=dt.date(2025, 12, 31))
"""Promulgation days: from the regulation's year to a day already past."""

_TYPE_NAMES = sorted({*ADMINISTRATIVE_DOCUMENT_TYPES.values(), *LEGAL_DOCUMENT_TYPES.values()})

_PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"

valid_attachments = st.builds(
    lambda body, stem: Attachment.create(_PDF + body, name=f"{stem}.pdf"),
    st.binary(min_size=1, max_size=200),
    st.text("abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=20),
)
"""PDF attachments (bytes that start like a PDF, a ``.pdf`` name)."""


_UPPER = st.text("ABCDĐEGHIKLMNOPQRSTUVXY", min_size=2, max_size=5)
_notations = st.builds(lambda a, b: f"{a}-{b}" if b else a, _UPPER, st.none() | _UPPER)


@st.composite
def valid_edocs(draw: st.DrawFn) -> Edoc:
    """New documents (``BussinessDocType`` 0) that pass ``validate(profile="vdxp")``."""
    sender = draw(valid_organizations)
    recipients = draw(
        st.lists(
            valid_organizations, min_size=1, max_size=3, unique_by=lambda o: o.organ_id
        ).filter(lambda orgs: all(o.organ_id != sender.organ_id for o in orgs))
    )
    day = draw(days)
    moment = dt.datetime.combine(day, dt.time(draw(st.integers(0, 23)), draw(st.integers(0, 59))))
    due = draw(st.none() | st.integers(0, 60).map(lambda n: day + dt.timedelta(days=n)))
    return new_document(
        sender=sender,
        recipients=recipients,
        code_number=str(draw(st.integers(1, 999_999))),
        code_notation=draw(_notations),
        subject=draw(_phrase(30, 500)),
        promulgation_place=draw(_phrase(4, 50)),
        promulgation_date=day,
        document_type=draw(st.sampled_from(_TYPE_NAMES)),
        signer={
            "competence": draw(_phrase(4)),
            "position": draw(_phrase(4)),
            "full_name": draw(_phrase(4)),
        },
        content=draw(st.none() | words),
        due_date=due,
        attachments=draw(st.lists(valid_attachments, max_size=2)),
        priority=draw(st.sampled_from(Priority)),
        steering_type=draw(st.sampled_from(SteeringType)),
        now=moment,
    )


_ANSWERS = [c for c in StatusCode if c.value in ("01", "02", "03", "04", "05", "06")]


@st.composite
def valid_status_packages(draw: st.DrawFn) -> StatusPackage:
    """Replies (01-06) from one recipient to a document: they pass ``validate(profile="vdxp")``."""
    edoc = draw(valid_edocs())
    sent = edoc.trace_header_list.trace_headers[0].timestamp  # type: ignore[union-attr]
    assert isinstance(sent, dt.datetime)
    return reply(
        edoc,
        draw(st.sampled_from(_ANSWERS)),
        sender=draw(st.sampled_from(edoc.header.to)),
        description=draw(words),
        now=sent + dt.timedelta(minutes=draw(st.integers(1, 60 * 24 * 10))),
    )


def valid_packages() -> st.SearchStrategy[Edoc | StatusPackage]:
    """Documents and status replies that pass ``validate(profile="vdxp")``."""
    return valid_edocs() | valid_status_packages()


# --- broken on purpose ---------------------------------------------------------------------------


def _header(edoc: Edoc, **changes: Any) -> Edoc:
    return attrs.evolve(edoc, header=attrs.evolve(edoc.header, **changes))


def _part(edoc: Edoc, name: str, **changes: Any) -> Edoc:
    return _header(edoc, **{name: attrs.evolve(getattr(edoc.header, name), **changes)})


_BREAKERS: dict[str, Callable[[Edoc], Edoc]] = {
    MISSING["From"].id: lambda e: _header(e, sender=None),
    MISSING["From/OrganId"].id: lambda e: _part(e, "sender", organ_id=None),
    MISSING["To"].id: lambda e: _header(e, to=()),
    MISSING["To/OrganId"].id: lambda e: _header(
        e, to=(attrs.evolve(e.header.to[0], organ_id=None), *e.header.to[1:])
    ),
    MISSING["Code"].id: lambda e: _header(e, code=None),
    MISSING["Code/CodeNumber"].id: lambda e: _part(e, "code", code_number=None),
    MISSING["Code/CodeNotation"].id: lambda e: _part(e, "code", code_notation=None),
    MISSING["PromulgationInfo"].id: lambda e: _header(e, promulgation_info=None),
    MISSING["PromulgationInfo/PromulgationDate"].id: lambda e: _part(
        e, "promulgation_info", promulgation_date=None
    ),
    MISSING["DocumentType"].id: lambda e: _header(e, document_type=None),
    MISSING["DocumentType/Type"].id: lambda e: _part(e, "document_type", type=None),
    MISSING["Subject"].id: lambda e: _header(e, subject=" "),
    MISSING["SignerInfo"].id: lambda e: _header(e, signer_info=None),
    CODE_001.id: lambda e: _part(e, "other_info", priority=Raw("9")),
    CODE_011.id: lambda e: _part(e, "other_info", priority=Raw("khẩn")),
    CODE_004.id: lambda e: _part(e, "document_type", type=Raw("7")),
    DATE_004.id: lambda e: _part(
        _header(e, due_date=None),
        "promulgation_info",
        promulgation_date=dt.date.today() + dt.timedelta(days=30),
    ),
    TO_001.id: lambda e: _header(e, to=(*e.header.to, e.header.to[0])),
    DATE_005.id: lambda e: _header(
        e,
        due_date=e.header.promulgation_info.promulgation_date  # type: ignore[union-attr,operator]
        - dt.timedelta(days=1),
    ),
}

BROKEN_RULES: frozenset[str] = frozenset(_BREAKERS)
"""The rule ids :func:`broken_edocs` can break."""


def broken_edocs(rule: str) -> st.SearchStrategy[Edoc]:
    """Documents with exactly one thing wrong: ``validate(pkg)`` reports ``rule`` (with the
    severity the profile gives it: ``RULES[rule].severity_for(profile)``) and no other error.

    ``rule`` is one of :data:`BROKEN_RULES` (``"EDX-REQ-012"``: a blank subject…); any other
    id raises ``KeyError`` naming the ones that can be broken.
    """
    try:
        breaker = _BREAKERS[rule]
    except KeyError:
        raise KeyError(
            f"no strategy breaks {rule!r}; these can be broken: {', '.join(sorted(_BREAKERS))}"
        ) from None
    return valid_edocs().map(breaker)


__all__ = [
    "BROKEN_RULES",
    "broken_edocs",
    "days",
    "valid_attachments",
    "valid_edocs",
    "valid_organ_ids",
    "valid_organizations",
    "valid_packages",
    "valid_status_packages",
    "words",
]
