"""The tracker: a realistic exchange, duplicates, any order, take-back flows, persistence."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import edocstd
from edocstd import Edoc, StatusCode, StatusPackage
from edocstd._lifecycle import (
    ALLOWED_TRANSITIONS,
    Tracker,
    replace,
    reply,
    revoke,
    take_back_request,
    update,
)

from .conftest import H20, H41, H53, H56, at, make_document

C = StatusCode
DOC = make_document()
DOC_ID = DOC.header.document_id
assert DOC_ID is not None


def _status(code: str, who: edocstd.Organization, when: dt.datetime, **kw: object) -> StatusPackage:
    if code == "02":
        kw.setdefault("description", "Lý do: gửi nhầm đơn vị")
    return reply(DOC, code, sender=who, now=when, **kw)  # type: ignore[arg-type]


# one document to three agencies: H53 accepts and finishes, H20 refuses, H56 never answers
EXCHANGE: list[StatusPackage] = [
    _status("01", H53, at(15, 9, 5)),
    _status("03", H53, at(15, 10)),
    _status("04", H53, at(16, 8)),
    _status("05", H53, at(17, 14)),
    _status("06", H53, at(25, 16)),
    _status("01", H20, at(15, 9, 10)),
    _status("02", H20, at(15, 10, 3)),
]
NOW = at(20)  # before the due date (2025/10/30), 5 days after sending


def _snapshot(tracker: Tracker, now: dt.datetime = NOW) -> object:
    state = tracker.state(DOC_ID, now=now)  # type: ignore[arg-type]
    return [
        (r.organ_id, r.current, r.final, r.overdue, r.overdue_reason, r.pending, r.history)
        for r in state.recipients
    ]


def _fed(packages: list[Edoc | StatusPackage]) -> Tracker:
    tracker = Tracker()
    for pkg in packages:
        tracker.add(pkg)
    return tracker


def test_realistic_exchange() -> None:
    tracker = _fed([DOC, *EXCHANGE])
    assert tracker.documents() == [DOC_ID]
    state = tracker.state(DOC_ID, now=NOW)  # type: ignore[arg-type]
    assert state.known and state.subject == DOC.header.subject
    assert state.due_date == dt.date(2025, 10, 30)
    h53, h20, h56 = (state.recipient(o.organ_id or "") for o in (H53, H20, H56))

    assert h53.current is C.FINISHED and h53.final and not h53.overdue
    assert [e.code for e in h53.history] == [C.ARRIVED, C.ACCEPTED, C.ASSIGNED, C.PROCESSING,
                                            C.FINISHED]
    assert all(e.applied for e in h53.history)

    assert h20.current is C.REJECTED and h20.final and not h20.overdue
    assert h20.history[-1].description == "Lý do: gửi nhầm đơn vị"
    assert h20.label("vi") == "Từ chối tiếp nhận"

    assert h56.current is None and not h56.final and h56.history == ()
    assert h56.overdue and h56.overdue_reason == "no_answer"
    assert h56.label("en") == "No answer yet"
    assert not state.finished

    overdue = tracker.overdue(now=NOW)
    assert [(o.document_id, o.organ_id, o.reason) for o in overdue] == [
        (DOC_ID, H56.organ_id, "no_answer")
    ]
    assert overdue[0].since == at(16)  # sent 2025/10/15 09:00 + 1 day


def test_nothing_is_overdue_within_the_answer_time() -> None:
    tracker = _fed([DOC, *EXCHANGE])
    assert tracker.overdue(now=at(15, 18)) == []
    assert [o.organ_id for o in tracker.overdue(now=at(15, 18),
                                                no_answer_after=dt.timedelta(hours=2))] == [
        H56.organ_id
    ]


def test_past_the_due_date_everything_unfinished_is_overdue() -> None:
    tracker = Tracker()
    tracker.add_sent(DOC)
    tracker.add_status(_status("01", H53, at(15, 9, 5)))
    tracker.add_status(_status("03", H53, at(15, 10)))
    overdue = tracker.overdue(now=at(1, month=11))
    assert {(o.organ_id, o.reason) for o in overdue} == {
        (H53.organ_id, "due_date"),
        (H20.organ_id, "due_date"),
        (H56.organ_id, "due_date"),
    }
    assert overdue[0].since == at(31, 0)


def test_duplicates_change_nothing() -> None:
    once = _fed([DOC, *EXCHANGE])
    twice = _fed([DOC, *EXCHANGE, DOC, *EXCHANGE])
    # the same packages read back from XML are duplicates too
    twice.add_sent(edocstd.loads(edocstd.dumps(DOC)))  # type: ignore[arg-type]
    for pkg in EXCHANGE:
        twice.add(edocstd.loads(edocstd.dumps(pkg)))
    assert _snapshot(once) == _snapshot(twice)


def test_any_order_gives_the_same_states() -> None:
    expected = _snapshot(_fed([DOC, *EXCHANGE]))
    rng = random.Random(20251015)
    for _ in range(20):
        packages: list[Edoc | StatusPackage] = [DOC, *EXCHANGE]
        rng.shuffle(packages)
        assert _snapshot(_fed(packages)) == expected


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(len(EXCHANGE) + 1)), st.lists(st.integers(0, len(EXCHANGE)),
                                                           max_size=6))
def test_any_order_with_duplicates_property(order: list[int], extra: list[int]) -> None:
    packages: list[Edoc | StatusPackage] = [DOC, *EXCHANGE]
    fed = [packages[i] for i in order] + [packages[i] for i in extra]
    assert _snapshot(_fed(fed)) == _snapshot(_fed(packages))


def test_statuses_before_the_document_are_kept_and_attached() -> None:
    tracker = Tracker()
    for pkg in EXCHANGE:
        tracker.add_status(pkg)
    assert tracker.documents() == []
    assert tracker.unknown_documents() == [DOC_ID]
    early = tracker.state(DOC_ID, now=NOW)  # type: ignore[arg-type]
    assert not early.known
    assert early.recipient(H53.organ_id or "").current is C.FINISHED
    assert not early.overdue
    tracker.add_sent(DOC)
    assert tracker.unknown_documents() == []
    assert _snapshot(tracker) == _snapshot(_fed([DOC, *EXCHANGE]))


def test_an_older_status_arriving_late_does_not_roll_back() -> None:
    tracker = _fed([DOC, _status("01", H53, at(15, 9, 5)), _status("05", H53, at(17))])
    tracker.add_status(_status("03", H53, at(15, 10)))  # older, arrives late
    r = tracker.state(DOC_ID, now=NOW).recipient(H53.organ_id or "")  # type: ignore[arg-type]
    assert r.current is C.PROCESSING
    assert [e.code for e in r.history] == [C.ARRIVED, C.ACCEPTED, C.PROCESSING]


def test_a_backward_or_post_final_status_is_kept_but_not_applied() -> None:
    tracker = _fed([DOC, *EXCHANGE])
    tracker.add_status(_status("05", H53, at(26)))  # after 06
    tracker.add_status(_status("03", H20, at(16)))  # after 02
    state = tracker.state(DOC_ID, now=NOW)  # type: ignore[arg-type]
    h53, h20 = state.recipient(H53.organ_id or ""), state.recipient(H20.organ_id or "")
    assert h53.current is C.FINISHED and h53.final
    assert h53.history[-1].code is C.PROCESSING and not h53.history[-1].applied
    assert h20.current is C.REJECTED
    assert [e.applied for e in h20.history] == [True, True, False]


def test_take_back_accepted_is_final() -> None:
    request = take_back_request(DOC, recipient=H53, reason="nhầm phụ lục", now=at(15, 11))
    tracker = _fed([DOC, _status("01", H53, at(15, 9, 5)), _status("03", H53, at(15, 10))])
    tracker.add_status(request)
    r = tracker.state(DOC_ID, now=at(15, 12)).recipient(H53.organ_id or "")  # type: ignore[arg-type]
    assert r.current is C.TAKE_BACK_REQUESTED and r.pending == "take_back" and not r.final
    assert tracker.overdue(now=at(16, 12))[0].reason in ("no_answer", "no_answer_to_request")
    tracker.add_status(reply(DOC, "15", sender=H53, request=request, now=at(15, 14)))
    r = tracker.state(DOC_ID, now=at(15, 15)).recipient(H53.organ_id or "")  # type: ignore[arg-type]
    assert r.current is C.CHANGE_ACCEPTED and r.final and r.taken_back and r.pending is None
    assert r.label("en") == "Taken back"
    # anything after being taken back is kept, not applied
    tracker.add_status(_status("05", H53, at(16)))
    r = tracker.state(DOC_ID, now=at(16, 1)).recipient(H53.organ_id or "")  # type: ignore[arg-type]
    assert r.current is C.CHANGE_ACCEPTED and not r.history[-1].applied


def test_take_back_refused_goes_back_to_the_previous_state() -> None:
    request = take_back_request(DOC, recipient=H53, reason="nhầm", now=at(15, 11))
    refusal = reply(DOC, "16", sender=H53, request=request, description="đã xử lý",
                    now=at(15, 14))
    tracker = _fed([refusal, DOC, _status("03", H53, at(15, 10)), request])
    r = tracker.state(DOC_ID, now=at(15, 15)).recipient(H53.organ_id or "")  # type: ignore[arg-type]
    assert r.current is C.ACCEPTED and r.pending is None and not r.final
    assert [e.code for e in r.history] == [C.ACCEPTED, C.TAKE_BACK_REQUESTED, C.CHANGE_REJECTED]
    assert r.history[1].sender_id == DOC.header.sender.organ_id  # type: ignore[union-attr]


def test_15_with_nothing_asked_is_kept_but_not_applied() -> None:
    tracker = _fed([DOC, _status("03", H53, at(15, 10))])
    request = take_back_request(DOC, recipient=H53, reason="x", now=at(15, 11))
    tracker.add_status(reply(DOC, "15", sender=H53, request=request, now=at(15, 9)))  # before 13
    r = tracker.state(DOC_ID, now=at(15, 10)).recipient(H53.organ_id or "")  # type: ignore[arg-type]
    assert r.current is C.ACCEPTED and not r.history[0].applied


def test_revoke_package_and_its_answers() -> None:
    pkg = revoke(DOC, now=at(17), code_number=1240, code_notation="VPCP-KSTT",
                 recipients=[H53, H20])
    tracker = _fed([DOC, *EXCHANGE, pkg])
    assert tracker.documents() == [DOC_ID]  # the revoke acts on the document
    state = tracker.state(DOC_ID, now=at(17, 1))  # type: ignore[arg-type]
    h53 = state.recipient(H53.organ_id or "")
    assert h53.pending == "revoke" and h53.current is C.TAKE_BACK_REQUESTED  # 06 until 25/10
    # H20 had refused: nothing to revoke there
    assert state.recipient(H20.organ_id or "").current is C.REJECTED
    tracker.add_status(reply(pkg, "15", sender=H53, now=at(17, 9)))
    h53 = tracker.state(DOC_ID, now=at(18)).recipient(H53.organ_id or "")  # type: ignore[arg-type]
    assert h53.taken_back and h53.final
    answer = next(e for e in h53.history if e.code is C.CHANGE_ACCEPTED)
    assert answer.document_id == pkg.header.document_id  # the answer named the revoke package
    assert h53.history[-1].code is C.FINISHED and not h53.history[-1].applied  # 06 came later


def test_update_adds_and_removes_recipients() -> None:
    pkg = update(DOC, added_recipients=[H41], removed_recipients=[H20], now=at(18))
    tracker = _fed([DOC, *EXCHANGE, pkg])
    state = tracker.state(DOC_ID, now=at(18, 1))  # type: ignore[arg-type]
    assert [r.organ_id for r in state.recipients] == [
        H53.organ_id, H20.organ_id, H56.organ_id, H41.organ_id
    ]
    h20 = state.recipient(H20.organ_id or "")
    assert h20.removed and h20.final and not h20.overdue
    h41 = state.recipient(H41.organ_id or "")
    assert h41.current is None and not h41.overdue
    assert tracker.state(DOC_ID, now=at(19, 10)).recipient(H41.organ_id or "").overdue  # type: ignore[arg-type]
    h56 = state.recipient(H56.organ_id or "")
    assert h56.pending == "update" and h56.current is None
    tracker.add_status(reply(pkg, "15", sender=H56, now=at(18, 10)))
    h56 = tracker.state(DOC_ID, now=at(18, 11)).recipient(H56.organ_id or "")  # type: ignore[arg-type]
    assert h56.pending is None and h56.current is None and not h56.final


def test_update_moves_the_due_date() -> None:
    pkg = update(DOC, changes={"due_date": dt.date(2025, 11, 30)}, now=at(18))
    tracker = _fed([DOC, pkg])
    assert tracker.state(DOC_ID, now=at(18)).due_date == dt.date(2025, 11, 30)  # type: ignore[arg-type]


def test_replacement_is_tracked_and_takes_the_old_one_back() -> None:
    new = replace(DOC, code_number=1260, code_notation="VPCP-KSTT", subject="thay thế",
                  promulgation_date=dt.date(2025, 10, 22), replaced_for=[H53], now=at(22))
    tracker = _fed([DOC, *EXCHANGE[:3], new])
    assert tracker.documents() == [DOC_ID, new.header.document_id]
    old = tracker.state(DOC_ID, now=at(22, 1)).recipient(H53.organ_id or "")  # type: ignore[arg-type]
    assert old.pending == "replace"
    tracker.add_status(reply(new, "15", sender=H53, now=at(22, 10)))
    tracker.add_status(reply(new, "01", sender=H53, now=at(22, 10)))
    old = tracker.state(DOC_ID, now=at(23)).recipient(H53.organ_id or "")  # type: ignore[arg-type]
    assert old.taken_back
    fresh = tracker.state(new.header.document_id or "", now=at(23)).recipient(H53.organ_id or "")
    assert fresh.current is C.ARRIVED


def test_unlisted_agency_is_shown_but_never_overdue() -> None:
    tracker = _fed([DOC, reply(DOC, "01", sender=H41, allow_unlisted=True, now=at(15, 10))])
    r = tracker.state(DOC_ID, now=at(25)).recipient(H41.organ_id or "")  # type: ignore[arg-type]
    assert not r.listed and r.current is C.ARRIVED and not r.overdue


def test_persists_in_a_file(tmp_path: object) -> None:
    from pathlib import Path

    db = Path(str(tmp_path)) / "theo-doi.sqlite"
    with Tracker(db) as tracker:
        for pkg in [DOC, *EXCHANGE]:
            tracker.add(pkg)
        before = _snapshot(tracker)
    with Tracker(db) as again:
        assert _snapshot(again) == before
        again.add_status(EXCHANGE[0])
        assert _snapshot(again) == before


def test_unknown_document_is_a_state_not_known() -> None:
    """As docs/cookbook/tracking.md promises: a state with known=False, no recipients."""
    state = Tracker().state("nope")
    assert state.document_id == "nope" and state.known is False
    assert state.recipients == () and state.subject is None and not state.overdue


def test_unusable_status_is_refused() -> None:
    bad = StatusPackage(header=edocstd.StatusHeader(status_code="03"))
    with pytest.raises(edocstd.BuildError):
        Tracker().add_status(bad)


def test_transition_table_is_consistent() -> None:
    for final in (C.REJECTED, C.FINISHED):
        assert ALLOWED_TRANSITIONS[final] == frozenset()
    receiver = {c for c in C if c.value <= "06"}
    assert set(ALLOWED_TRANSITIONS) == receiver | {None}
    for targets in ALLOWED_TRANSITIONS.values():
        assert targets <= receiver


def test_document_metadata_does_not_depend_on_arrival_order() -> None:
    upd = update(DOC, changes={"subject": "V/v cập nhật"}, now=at(18))  # same DocumentId
    rev = revoke(DOC, now=at(19))
    states = []
    for packages in ([DOC, upd, rev], [rev, upd, DOC], [upd, DOC, rev], [rev, upd]):
        tracker = _fed(packages)  # type: ignore[arg-type]
        s = tracker.state(DOC_ID, now=at(20))  # type: ignore[arg-type]
        states.append((s.subject, s.sent_at, s.business_type))
    assert states[0] == states[1] == states[2] == (DOC.header.subject, at(15),
                                                   edocstd.BussinessDocType.NEW)
    assert states[3] == ("V/v cập nhật", at(18), edocstd.BussinessDocType.UPDATE)
