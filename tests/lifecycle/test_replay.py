"""The pure state machine ``replay(events)``, checked against the tables the docs print.

The expectations come from ``docs/cookbook/tracking.md`` (the transition grid is read from the
page itself; the take-back and change rules are its rows, one test each), not from the code.
The property test at the end feeds random exchanges to a ``Tracker`` in any order and checks
that replaying the events in time order gives what the tracker reports.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edocstd import StatusCode, StatusPackage
from edocstd._lifecycle import Tracker, reply, take_back_request
from edocstd._lifecycle.replay import (
    ALLOWED_TRANSITIONS,
    ANSWERS,
    CHANGE_RULES,
    REMOVING,
    REQUESTS,
    Deadline,
    EventKind,
    RecipientState,
    StatusEvent,
    replay,
)

from .conftest import H20, H53, at, make_document

C = StatusCode
DOCS = Path(__file__).resolve().parents[2] / "docs" / "cookbook" / "tracking.md"
RECEIVER_CODES = [C.ARRIVED, C.REJECTED, C.ACCEPTED, C.ASSIGNED, C.PROCESSING, C.FINISHED]


def _docs_grid() -> dict[StatusCode | None, set[StatusCode]]:
    """The "Allowed transitions" table of the cookbook: from-state -> the codes marked ✓."""
    lines = DOCS.read_text(encoding="utf-8").splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("| from \\ to |"))
    columns = [C(c.strip()) for c in lines[head].strip("|").split("|")[1:]]
    grid: dict[StatusCode | None, set[StatusCode]] = {}
    for line in lines[head + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        found = re.match(r"(\d\d)\b", cells[0])
        source = C(found.group(1)) if found else None
        grid[source] = {col for col, mark in zip(columns, cells[1:], strict=True) if mark == "✓"}
    return grid


GRID = _docs_grid()


def ev(key: str, minute: int = 0, *, document_id: str = "D") -> StatusEvent:
    """An event by its name in the docs' tables: a status code or a package kind."""
    when = dt.datetime(2025, 10, 15, 9, 0) + dt.timedelta(minutes=minute)
    if key in ("revoke", "update", "replace", "removed"):
        kind: EventKind = key  # type: ignore[assignment]
        return StatusEvent(
            kind=kind,
            code=None,
            timestamp=when,
            raw_timestamp=None,
            sender_id=None,
            document_id=document_id,
        )
    return StatusEvent(
        kind="status",
        code=C(key) if key != "??" else None,
        timestamp=when,
        raw_timestamp=None,
        sender_id="S",
        document_id=document_id,
    )


def run(*keys: str, deadline: Deadline | None = None) -> RecipientState:
    return replay([ev(k, i) for i, k in enumerate(keys)], organ_id="R", deadline=deadline)


def applied(state: RecipientState) -> list[bool]:
    return [e.applied for e in state.history]


# --- the transition grid ------------------------------------------------------------------------


def test_the_docs_grid_is_the_code_table() -> None:
    assert set(GRID) == {None, *RECEIVER_CODES}
    assert {k: set(v) for k, v in ALLOWED_TRANSITIONS.items()} == GRID


@pytest.mark.parametrize("source", [None, *RECEIVER_CODES], ids=str)
@pytest.mark.parametrize("target", RECEIVER_CODES, ids=str)
def test_every_transition_of_the_grid(source: StatusCode | None, target: StatusCode) -> None:
    before = [] if source is None else [source.value]
    state = run(*before, target.value)
    assert all(applied(state)[:-1])
    if target in GRID[source]:
        assert state.current is target and applied(state)[-1]
    else:  # backwards, the same code again, or anything after 02/06: kept, not applied
        assert state.current is source and not applied(state)[-1]
        assert len(state.history) == len(before) + 1
    assert state.final is (state.current in (C.REJECTED, C.FINISHED))
    assert state.pending is None and not state.removed


def test_skipped_steps_are_allowed_but_never_backwards() -> None:
    state = run("01", "03", "05", "04", "06", "05")
    assert state.current is C.FINISHED
    assert applied(state) == [True, True, True, False, True, False]


# --- take-back and change rules -------------------------------------------------------------------


def test_the_change_rules_name_the_table_events() -> None:
    answers = {code.value for code, _ in ANSWERS}
    assert set(CHANGE_RULES) == set(REQUESTS) | answers | {REMOVING}
    assert set(REQUESTS.values()) == {pending for _, pending in ANSWERS}


@pytest.mark.parametrize(
    ("request_key", "pending"),
    [("13", "take_back"), ("revoke", "revoke"), ("replace", "replace")],
)
def test_a_take_back_shows_13_until_answered(request_key: str, pending: str) -> None:
    state = run("01", "03", request_key)
    assert state.current is C.TAKE_BACK_REQUESTED and state.pending == pending
    assert not state.final and all(applied(state))

    taken = run("01", "03", request_key, "15")
    assert taken.current is C.CHANGE_ACCEPTED and taken.final and taken.taken_back
    assert taken.pending is None and all(applied(taken))

    refused = run("01", "03", request_key, "16")
    assert refused.current is C.ACCEPTED and refused.pending is None
    assert not refused.final and all(applied(refused))


def test_update_keeps_the_progress_and_15_applies_the_change() -> None:
    state = run("01", "03", "update")
    assert state.current is C.ACCEPTED and state.pending == "update" and not state.final
    assert state.label("en").endswith(" (update pending)")
    for answer in ("15", "16"):
        after = run("01", "03", "update", answer)
        assert after.current is C.ACCEPTED and after.pending is None
        assert not after.final and not after.taken_back and all(applied(after))


def test_a_new_13_may_follow_a_refusal() -> None:
    state = run("01", "13", "16", "13", "15")
    assert all(applied(state)) and state.taken_back


@pytest.mark.parametrize("request_key", ["13", "revoke", "replace", "update"])
def test_no_request_after_02(request_key: str) -> None:
    state = run("02", request_key)
    assert state.current is C.REJECTED and state.final and state.pending is None
    assert applied(state) == [True, False]


def test_a_request_after_06_reopens_until_answered() -> None:
    state = run("06", "13")
    assert state.current is C.TAKE_BACK_REQUESTED and not state.final
    back = run("06", "13", "16")
    assert back.current is C.FINISHED and back.final


@pytest.mark.parametrize("answer", ["15", "16"])
def test_an_answer_to_nothing_is_kept_but_not_applied(answer: str) -> None:
    state = run("01", answer)
    assert state.current is C.ARRIVED and applied(state) == [True, False]
    again = run("01", "13", "16", answer)  # the request was already answered
    assert again.current is C.ARRIVED and applied(again) == [True, True, True, False]


def test_receiver_codes_move_the_progress_underneath_a_pending_request() -> None:
    state = run("01", "13", "03", "05")
    assert state.current is C.TAKE_BACK_REQUESTED and all(applied(state))
    after = run("01", "13", "03", "05", "16")
    assert after.current is C.PROCESSING and after.pending is None


def test_removed_is_final_and_clears_a_request() -> None:
    state = run("01", "update", "removed")
    assert state.removed and state.final and state.pending is None
    assert state.label("vi") == "Đã bị loại khỏi danh sách nhận"


@pytest.mark.parametrize("end", [("13", "15"), ("removed",)], ids=["taken-back", "removed"])
@pytest.mark.parametrize(
    "later",
    [
        "01",
        "02",
        "03",
        "04",
        "05",
        "06",
        "13",
        "15",
        "16",
        "revoke",
        "update",
        "replace",
        "removed",
    ],
)
def test_nothing_applies_after_the_end(end: tuple[str, ...], later: str) -> None:
    state = run("03", *end, later)
    assert not applied(state)[-1] and state.final
    before = run("03", *end)
    assert (state.current, state.pending, state.removed) == (
        before.current,
        before.pending,
        before.removed,
    )


def test_a_status_with_an_unknown_code_is_kept_but_not_applied() -> None:
    state = run("01", "??")
    assert state.current is C.ARRIVED and applied(state) == [True, False]


def test_replay_ignores_the_applied_flags_it_is_given() -> None:
    state = run("02", "06")
    again = replay(state.history, organ_id="R")
    assert again == state


# --- overdue --------------------------------------------------------------------------------------


SENT = dt.datetime(2025, 10, 15, 9, 0)
DAY = dt.timedelta(days=1)


def _deadline(now: dt.datetime, due: dt.date | None = None) -> Deadline:
    return Deadline(now=now, wait=DAY, sent_at=SENT, due=due)


def test_no_answer_within_the_wait_is_overdue() -> None:
    assert not run(deadline=_deadline(SENT + DAY)).overdue
    late = run(deadline=_deadline(SENT + 2 * DAY))
    assert late.overdue_reason == "no_answer" and late.overdue_since == SENT + DAY


def test_an_unanswered_request_is_overdue() -> None:
    state = run("01", "13", deadline=_deadline(SENT + 3 * DAY))
    assert state.overdue_reason == "no_answer_to_request"
    assert state.overdue_since == SENT + dt.timedelta(minutes=1) + DAY


def test_past_the_due_date_and_final_states() -> None:
    due = dt.date(2025, 10, 16)
    state = run("01", deadline=_deadline(SENT + 3 * DAY, due))
    assert state.overdue_reason == "due_date"
    assert state.overdue_since == dt.datetime(2025, 10, 17)
    assert not run("01", "06", deadline=_deadline(SENT + 3 * DAY, due)).overdue
    assert not run(deadline=None).overdue  # not a recipient of a document you sent


# --- replay of the stored events is what the tracker reports --------------------------------------


DOC = make_document()
DOC_ID = DOC.header.document_id or ""
ASKED = take_back_request(DOC, recipient=H53, reason="nhầm", now=at(15, 9, 30))
CODES = ["01", "02", "03", "04", "05", "06", "13", "15", "16"]


def _package(code: str, minute: int) -> StatusPackage:
    when = at(15, 10) + dt.timedelta(minutes=minute)
    if code == "13":
        return take_back_request(DOC, recipient=H53, reason="nhầm", now=when)
    request = ASKED if code in ("15", "16") else None
    return reply(DOC, code, sender=H53, now=when, description="Lý do: thử", request=request)  # type: ignore[arg-type]


def _event(pkg: StatusPackage) -> StatusEvent:
    h = pkg.header
    assert h.sender is not None and isinstance(h.timestamp, dt.datetime)
    return StatusEvent(
        kind="status",
        code=pkg.status_code,
        timestamp=h.timestamp,
        raw_timestamp=None,
        sender_id=h.sender.organ_id,
        document_id=DOC_ID,
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(CODES), max_size=8), st.randoms(use_true_random=False))
def test_replay_in_time_order_is_what_the_tracker_reports(
    codes: list[str], rnd: random.Random
) -> None:
    packages = [_package(code, i) for i, code in enumerate(codes)]
    shuffled: list[object] = [DOC, *packages]
    rnd.shuffle(shuffled)
    with Tracker() as tracker:
        for pkg in shuffled:
            tracker.add(pkg)  # type: ignore[arg-type]
        reported = tracker.state(DOC_ID, now=at(16)).recipient(H53.organ_id or "")
        other = tracker.state(DOC_ID, now=at(16)).recipient(H20.organ_id or "")
    expected = replay(
        [_event(p) for p in packages],
        organ_id=reported.organ_id,
        organ_name=reported.organ_name,
        deadline=Deadline(now=at(16), wait=DAY, sent_at=at(15), due=dt.date(2025, 10, 30)),
    )
    assert (reported.current, reported.pending, reported.final, reported.overdue) == (
        expected.current,
        expected.pending,
        expected.final,
        expected.overdue,
    )
    assert [(e.code, e.timestamp, e.applied) for e in reported.history] == [
        (e.code, e.timestamp, e.applied) for e in expected.history
    ]
    assert (
        replay(
            reported.history,
            organ_id=reported.organ_id,
            organ_name=reported.organ_name,
            deadline=Deadline(now=at(16), wait=DAY, sent_at=at(15), due=dt.date(2025, 10, 30)),
        )
        == reported
    )
    assert other.history == () and other.current is None


def test_events_at_the_same_time_replay_progress_then_request_then_answer() -> None:
    with Tracker() as tracker:
        for code in ("16", "13", "03", "01"):  # all written with the same timestamp
            tracker.add(_package(code, 0))
        tracker.add(DOC)
        r = tracker.state(DOC_ID, now=at(16)).recipient(H53.organ_id or "")
    assert [e.code for e in r.history] == [
        C.ARRIVED,
        C.ACCEPTED,
        C.TAKE_BACK_REQUESTED,
        C.CHANGE_REJECTED,
    ]
    assert all(applied(r)) and r.current is C.ACCEPTED
