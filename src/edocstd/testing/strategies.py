"""Hypothesis strategies for edocstd packages (model objects, not XML).

Needs Hypothesis: ``pip install 'edocstd[testing]'``.  Two families:

- ``valid_edocs()``, ``valid_status_packages()``, ``valid_packages()``: packages that pass
  ``validate(profile="vdxp")``, built as an application builds them; and
  ``broken_edocs(rule_id)``: a valid document with exactly that rule broken
  (``BROKEN_RULES`` lists the rule ids it can break).
- ``edocs``, ``status_packages``, ``packages``: anything the model can hold, valid or not
  (for round-trip and robustness tests: write, read back, never crash).

For your own property tests::

    from hypothesis import given
    from edocstd.testing.strategies import valid_edocs

    @given(valid_edocs())
    def test_my_gateway_accepts_any_valid_edoc(edoc): ...
"""

from __future__ import annotations

import datetime as dt

try:
    from hypothesis import strategies as st
except ImportError:
    raise ImportError(
        "edocstd.testing.strategies cần thư viện Hypothesis: pip install 'edocstd[testing]'\n"
        "edocstd.testing.strategies needs Hypothesis: pip install 'edocstd[testing]'"
    ) from None

import edocstd as e

from ._valid import (
    BROKEN_RULES,
    broken_edocs,
    valid_attachments,
    valid_edocs,
    valid_organ_ids,
    valid_organizations,
    valid_packages,
    valid_status_packages,
)

# Text an agency might type: Vietnamese letters, digits, punctuation, spaces; no control
# characters (XML cannot carry them).  Leading/trailing spaces are allowed: kept verbatim.
_ALPHABET = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "Zs", "S"),
    exclude_characters="\x85\u2028\u2029",
)
texts = st.text(_ALPHABET, min_size=0, max_size=40)
maybe_text = st.none() | texts
organ_ids = st.from_regex(r"\A[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-K][0-9]{2}\Z")
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
timestamps = st.datetimes(
    min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2099, 12, 31)
).map(lambda d: d.replace(microsecond=0))
small_ints = st.integers(min_value=0, max_value=65535)


def _opt(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


organizations = st.builds(
    e.Organization,
    organ_id=organ_ids,
    organization_in_charge=maybe_text,
    organ_name=texts,
    organ_add=maybe_text,
    email=maybe_text,
    telephone=maybe_text,
    fax=maybe_text,
    website=maybe_text,
)

other_infos = st.builds(
    e.OtherInfo,
    priority=_opt(st.sampled_from(e.Priority)),
    sphere_of_promulgation=maybe_text,
    typer_notation=maybe_text,
    promulgation_amount=_opt(small_ints),
    page_amount=_opt(small_ints),
    direction=_opt(st.booleans()),
    appendixes=_opt(st.lists(texts, max_size=3)),
)

message_headers = st.builds(
    e.MessageHeader,
    sender=organizations,
    to=st.lists(organizations, min_size=1, max_size=3),
    document_id=maybe_text,
    code=_opt(st.builds(e.Code, code_number=texts, code_notation=texts)),
    promulgation_info=_opt(
        st.builds(e.PromulgationInfo, place=maybe_text, promulgation_date=_opt(dates))
    ),
    document_type=_opt(
        st.builds(
            e.DocumentType,
            type=_opt(st.sampled_from(e.DocumentKind)),
            type_detail=_opt(small_ints),
            type_name=maybe_text,
        )
    ),
    subject=texts,
    content=maybe_text,
    signer_info=_opt(
        st.builds(e.SignerInfo, competence=maybe_text, position=maybe_text, full_name=maybe_text)
    ),
    due_date=_opt(dates),
    other_info=_opt(other_infos),
    response_for=st.lists(
        st.builds(
            e.ResponseFor,
            organ_id=_opt(organ_ids),
            code=maybe_text,
            document_id=maybe_text,
            promulgation_date=_opt(dates),
        ),
        max_size=2,
    ),
    steering_type=_opt(st.sampled_from(e.SteeringType)),
    application_type=maybe_text,
    to_places=_opt(st.lists(texts, max_size=3)),
)

staff_infos = st.builds(
    e.StaffInfo, department=maybe_text, staff=maybe_text, email=maybe_text, mobile=maybe_text
)

bussinesses = st.builds(
    e.Bussiness,
    document_id=maybe_text,
    bussiness_doc_type=st.sampled_from(e.BussinessDocType),
    bussiness_doc_reason=maybe_text,
    paper=_opt(st.sampled_from(e.Paper)),
    bussiness_document_info=st.lists(
        st.builds(
            e.BussinessDocumentInfo,
            document_info=_opt(st.integers(0, 1)),
            document_receiver=_opt(st.integers(0, 1)),
            receiver_list=_opt(
                st.builds(
                    e.ReceiverList,
                    receivers=st.lists(
                        st.builds(
                            e.Receiver,
                            organ_id=organ_ids,
                            receiver_type=st.sampled_from(e.ReceiverType),
                        ),
                        max_size=2,
                    ),
                )
            ),
        ),
        max_size=1,
    ),
    replacement_info_list=st.lists(
        st.builds(
            e.ReplacementInfoList,
            replacement_info=st.lists(
                st.builds(
                    e.ReplacementInfo,
                    document_id=maybe_text,
                    organ_id_list=_opt(st.lists(organ_ids, max_size=2)),
                ),
                max_size=2,
            ),
        ),
        max_size=1,
    ),
    staff_info=_opt(staff_infos),
)

trace_header_lists = st.builds(
    e.TraceHeaderList,
    bussiness=_opt(bussinesses),
    trace_headers=st.lists(
        st.builds(e.TraceHeader, organ_id=organ_ids, timestamp=timestamps), min_size=1, max_size=3
    ),
)

attachments = st.builds(
    lambda content, name: e.Attachment.create(content, name=name),
    content=st.binary(max_size=300),
    name=st.from_regex(r"\A[a-zA-Z0-9_\- ]{1,20}\.(pdf|docx|png|txt)\Z"),
)

edocs = st.builds(
    lambda header, trace, files: e.Edoc(header=header, trace_header_list=trace).with_attachments(
        *files
    ),
    message_headers,
    _opt(trace_header_lists),
    st.lists(attachments, max_size=2),
)

status_packages = st.builds(
    e.StatusPackage,
    header=st.builds(
        e.StatusHeader,
        sender=organizations,
        response_for=st.builds(
            e.ResponseFor,
            organ_id=organ_ids,
            code=texts,
            document_id=texts,
            promulgation_date=_opt(dates),
        ),
        staff_info=_opt(staff_infos),
        status_code=st.sampled_from(e.StatusCode),
        description=maybe_text,
        timestamp=timestamps,
    ),
)

packages = edocs | status_packages


__all__ = [
    "BROKEN_RULES",
    "attachments",
    "broken_edocs",
    "bussinesses",
    "dates",
    "edocs",
    "message_headers",
    "organ_ids",
    "organizations",
    "other_infos",
    "packages",
    "staff_infos",
    "status_packages",
    "texts",
    "timestamps",
    "trace_header_lists",
    "valid_attachments",
    "valid_edocs",
    "valid_organ_ids",
    "valid_organizations",
    "valid_packages",
    "valid_status_packages",
]
