"""validate_many: the same reports as a loop over validate(), in input order, on any executor."""

from __future__ import annotations

import concurrent.futures as cf
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

import edocstd
from tests import packages
from tests.validate._packages import STATUS as STATUS_TEXT

GOOD = packages.edoc_xml().encode("utf-8")
BAD = packages.edoc_xml(recipients=()).encode("utf-8")  # no recipient: breaks the exchange
STATUS = STATUS_TEXT.encode("utf-8")
BROKEN = GOOD[:700]


@pytest.fixture
def folder(tmp_path: Path) -> list[Path]:
    """Seven packages of every kind, named so that their sorted order is the listed order."""
    made = []
    for n, data in enumerate([GOOD, BAD, STATUS, BROKEN, GOOD, BAD, STATUS]):
        path = tmp_path / f"p{n}.edxml"
        path.write_bytes(data)
        made.append(path)
    return made


def _facts(reports: list[edocstd.Report]) -> list[tuple[str | None, bool, list[str]]]:
    return [(r.source, r.ok, [f.rule for f in r.findings]) for r in reports]


def test_reports_come_in_input_order_and_equal_a_plain_loop(folder: list[Path]) -> None:
    serial = [edocstd.validate(p) for p in folder]
    parallel = list(edocstd.validate_many(folder, jobs=2))
    assert parallel == serial
    assert [r.source for r in parallel] == [str(p) for p in folder]
    # the packages differ, so the order is really checked
    assert [r.ok for r in parallel] == [True, False, True, False, True, False, True]


def test_a_folder_is_searched(folder: list[Path]) -> None:
    reports = list(edocstd.validate_many(folder[0].parent, jobs=1))
    assert _facts(reports) == _facts([edocstd.validate(p) for p in folder])


def test_bytes_and_paths_mixed(folder: list[Path]) -> None:
    reports = list(edocstd.validate_many([GOOD, folder[1], BROKEN], jobs=2))
    assert [r.ok for r in reports] == [True, False, False]
    assert reports[1].source == str(folder[1])


def test_options_reach_every_worker(folder: list[Path]) -> None:
    lenient = list(edocstd.validate_many(folder, jobs=2, profile="lenient", lang="en"))
    assert all(r.profile == "lenient" and r.lang == "en" for r in lenient)
    assert lenient == [edocstd.validate(p, profile="lenient", lang="en") for p in folder]


def test_an_executor_of_yours_is_used_and_left_open(folder: list[Path]) -> None:
    with cf.ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(edocstd.validate_many(folder, executor=pool))
        assert pool.submit(lambda: 42).result() == 42  # still usable: not shut down by us
    assert _facts(reports) == _facts([edocstd.validate(p) for p in folder])


def test_the_input_is_consumed_lazily() -> None:
    from edocstd._batch.runner import CHUNK_PACKAGES, IN_FLIGHT_PER_WORKER

    pulled = itertools.count()

    def endless() -> Iterator[bytes]:
        while True:
            next(pulled)
            yield GOOD

    reports = edocstd.validate_many(endless(), jobs=2)
    first = list(itertools.islice(reports, 3))
    reports.close()  # type: ignore[attr-defined]
    assert all(r.ok for r in first)
    # a bounded window of chunks was read ahead, not the endless input
    assert next(pulled) < 2 * IN_FLIGHT_PER_WORKER * CHUNK_PACKAGES + CHUNK_PACKAGES + 2


def test_nothing_to_validate_fails_at_once(tmp_path: Path) -> None:
    with pytest.raises(edocstd.NoPackagesFound):
        edocstd.validate_many(tmp_path)  # raised by the call, before any iteration
    with pytest.raises(edocstd.NoPackagesFound):
        edocstd.validate_many([])


@pytest.mark.parametrize(
    ("options", "path"),
    [
        ({"jobs": 0}, "jobs"),
        ({"jobs": True}, "jobs"),
        ({"profile": "national"}, "profile"),
        ({"lang": "fr"}, "lang"),
        ({"executor": object()}, "executor"),
    ],
)
def test_bad_options_are_build_errors_before_any_work(
    folder: list[Path], options: dict[str, object], path: str
) -> None:
    with pytest.raises(edocstd.BuildError) as info:
        list(edocstd.validate_many(folder, **options))  # type: ignore[arg-type]
    assert info.value.path == path


def test_a_missing_file_in_a_list_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    reports = list(edocstd.validate_many([GOOD, tmp_path / "nope.edxml"], jobs=2))
    assert reports[0].ok and not reports[1].ok
    assert reports[1].findings[0].rule.startswith("EDX-WF")


def _die(item: object) -> object:
    import os

    os._exit(3)  # what the kernel's out-of-memory killer does to a worker, more or less


def test_a_dead_worker_is_a_clear_error() -> None:
    from edocstd._batch.runner import CHUNK_PACKAGES, ordered_map

    enough = [GOOD] * (2 * CHUNK_PACKAGES + 1)  # several chunks: a pool, not this process
    with pytest.raises(edocstd.EdocError) as info:
        list(ordered_map(_die, enough, jobs=2, executor=None))
    assert "worker process died" in str(info.value)


def test_work_that_fits_in_one_chunk_starts_no_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a process pool was started for one chunk")

    monkeypatch.setattr(cf, "ProcessPoolExecutor", no_pool)
    reports = list(edocstd.validate_many([GOOD, BAD], jobs=40))
    assert [r.ok for r in reports] == [True, False]


def test_no_more_workers_than_chunks(pools_started: list[int]) -> None:
    from edocstd._batch.runner import CHUNK_PACKAGES

    reports = list(edocstd.validate_many([GOOD] * (CHUNK_PACKAGES + 1), jobs=40))
    assert len(reports) == CHUNK_PACKAGES + 1 and all(r.ok for r in reports)
    assert pools_started == [2]


@pytest.mark.parametrize("odd", ["<edXML>" * 2000, "a\0b"])
def test_odd_strings_are_findings_whatever_the_jobs(odd: str) -> None:
    from edocstd._batch.runner import CHUNK_PACKAGES

    many = CHUNK_PACKAGES + 4  # two chunks: with jobs=2, worker processes
    for jobs in (1, 2):
        reports = list(edocstd.validate_many([GOOD] * many + [odd], jobs=jobs))
        assert len(reports) == many + 1 and not reports[-1].ok


def test_options_that_cannot_travel_are_a_build_error() -> None:
    import threading

    with pytest.raises(edocstd.BuildError) as info:
        list(edocstd.validate_many([GOOD] * 80, jobs=2, policy=threading.Lock()))
    assert info.value.path == "options"


def test_deeply_nested_folders_are_a_problem_not_a_crash(tmp_path: Path) -> None:
    from edocstd._batch.discover import MAX_DEPTH, scan

    deep = tmp_path
    for n in range(MAX_DEPTH + 5):
        deep = deep / f"d{n}"
    deep.mkdir(parents=True)
    (deep / "lost.edxml").write_bytes(GOOD)
    (tmp_path / "near.edxml").write_bytes(GOOD)
    found = scan([tmp_path])
    assert found.files == (tmp_path / "near.edxml",)
    assert [p.kind for p in found.problems] == ["too-deep"]
    with pytest.raises(edocstd.ParseError):
        list(edocstd.validate_many(tmp_path, jobs=1))  # the stream says so when it gets there


def test_relative_paths_keep_their_name_in_reports(
    folder: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder[0].parent)
    reports = list(edocstd.validate_many(["p0.edxml", "p1.edxml"] * 40, jobs=2))
    assert reports[0].source == "p0.edxml" and reports[1].source == "p1.edxml"


@pytest.mark.parametrize("bad", [42, None, 3.5])
def test_sources_that_are_no_sources_are_a_build_error(bad: object) -> None:
    with pytest.raises(edocstd.BuildError) as info:
        edocstd.validate_many(bad)  # type: ignore[arg-type]
    assert info.value.path == "sources"


def _verdict(report: edocstd.Report) -> tuple[str | None, bool, int]:
    import os

    return report.source, report.ok, os.getpid()


def test_validate_each_runs_then_where_the_report_is_made(tmp_path: Path) -> None:
    import os

    from edocstd._batch import validate_each
    from edocstd._batch.runner import CHUNK_PACKAGES

    files = []
    for n in range(2 * CHUNK_PACKAGES + 3):  # several chunks: worker processes
        files.append(tmp_path / f"p{n:03d}.edxml")
        files[-1].write_bytes((GOOD, BAD)[n % 2])
    for jobs in (1, 2):
        results = list(validate_each(_verdict, files, jobs=jobs, lang="en"))
        expected = [(str(p), n % 2 == 0) for n, p in enumerate(files)]
        assert [(source, ok) for source, ok, _ in results] == expected
        pids = {pid for _, _, pid in results}
        assert (pids == {os.getpid()}) == (jobs == 1)  # then ran in the workers
    with pytest.raises(edocstd.NoPackagesFound):
        validate_each(_verdict, [], jobs=1)
    with pytest.raises(edocstd.BuildError):
        validate_each(_verdict, files, jobs=1, bogus=True)
