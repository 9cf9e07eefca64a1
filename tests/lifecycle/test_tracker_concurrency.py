"""The tracker under concurrency and on bad database files (issue 10 items 4-5, issue 16 item 8):
threads sharing one Tracker, several processes writing one file, corrupt / locked / foreign
SQLite files as ``EdocError`` (exit 2 in the CLI), never a raw ``sqlite3`` traceback."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import edocstd
from edocstd._lifecycle import Tracker, _store, reply
from edocstd.cli import main

from .conftest import H20, H53, make_document

DOC = make_document()
DOC_ID = DOC.header.document_id
assert DOC_ID is not None
BASE = dt.datetime(2025, 10, 15, 10, 0, 0)


def _statuses(worker: int, count: int) -> list[edocstd.StatusPackage]:
    """Distinct statuses (one timestamp each) from H53, and one shared duplicate."""
    own = [
        reply(DOC, "04", sender=H53, now=BASE + dt.timedelta(minutes=worker * 1000 + i))
        for i in range(count)
    ]
    return [*own, reply(DOC, "01", sender=H20, now=BASE)]


def _history(tracker: Tracker) -> int:
    return sum(len(r.history) for r in tracker.state(DOC_ID).recipients)


# -- threads -------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["memory", "file"])
def test_one_tracker_shared_by_a_thread_pool(where: str, tmp_path: Path) -> None:
    tracker = Tracker(":memory:" if where == "memory" else tmp_path / "t.sqlite")
    tracker.add(DOC)
    workers, count = 8, 15
    batches = [_statuses(w, count) for w in range(workers)]
    start = threading.Barrier(workers)

    def work(batch: list[edocstd.StatusPackage]) -> int:
        start.wait()
        for pkg in batch:
            tracker.add(pkg)
            tracker.state(DOC_ID)  # reads interleaved with the other threads' writes
        return len(batch)

    with ThreadPoolExecutor(workers) as pool:
        assert sum(pool.map(work, batches)) == workers * (count + 1)
    assert _history(tracker) == workers * count + 1  # the shared duplicate is stored once
    tracker.close()


# -- processes -----------------------------------------------------------------------------------

_CHILD = """
import sys
import edocstd
from edocstd import Tracker
db, folder = sys.argv[1], sys.argv[2]
paths = sorted(__import__("pathlib").Path(folder).glob("*.edxml"))
with Tracker(db) as tracker:
    for path in paths:
        tracker.add(edocstd.load(path))
"""


def test_several_processes_write_one_database(tmp_path: Path) -> None:
    db = tmp_path / "shared.sqlite"
    workers, count = 4, 25
    folders = []
    for w in range(workers):
        folder = tmp_path / f"in{w}"
        folder.mkdir()
        for i, pkg in enumerate([DOC, *_statuses(w, count)]):
            edocstd.dump(pkg, folder / f"{i:03d}.edxml")
        folders.append(folder)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(db), str(f)], stderr=subprocess.PIPE, text=True
        )
        for f in folders
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with Tracker(db) as tracker:
        assert tracker.documents() == [DOC_ID]
        assert _history(tracker) == workers * count + 1  # nothing lost, nothing doubled
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# -- bad files -----------------------------------------------------------------------------------


def _real_db(path: Path) -> Path:
    with Tracker(path) as tracker:
        tracker.add(DOC)
        for pkg in _statuses(0, 5):
            tracker.add(pkg)
    return path


def _corrupt(path: Path) -> Path:
    data = bytearray(_real_db(path).read_bytes())
    (path.parent / f"{path.name}-wal").unlink(missing_ok=True)
    tail = len(data) - 100
    data[100:] = (bytes(range(256)) * (tail // 256 + 1))[:tail]
    path.write_bytes(bytes(data))
    return path


def _foreign(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        db.execute("INSERT INTO moz_places (url) VALUES ('https://example.org/')")
    db.close()
    return path


def _garbage(path: Path) -> Path:
    path.write_bytes(b"not a database at all\n" * 100)
    return path


BAD = {"corrupt": _corrupt, "foreign": _foreign, "garbage": _garbage}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_database_file_is_an_edoc_error(kind: str, tmp_path: Path) -> None:
    path = BAD[kind](tmp_path / "db.sqlite")
    before = path.read_bytes()
    with pytest.raises(edocstd.TrackerError) as info, Tracker(path) as tracker:
        tracker.documents()
        tracker.add(DOC)
    assert isinstance(info.value, edocstd.EdocError)
    assert str(path) in str(info.value) and info.value.message_vi != info.value.message
    if kind == "foreign":
        assert "another program" in str(info.value)
        assert path.read_bytes() == before  # nothing written into someone else's database


@pytest.mark.parametrize("kind", sorted(BAD))
def test_track_command_exits_2_on_a_bad_database(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = BAD[kind](tmp_path / "db.sqlite")
    assert main(["track", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "error" in err and "Traceback" not in err and "sqlite3." not in err
    assert main(["track", str(path)]) == 2  # Vietnamese by default
    assert "lỗi" in capsys.readouterr().err
    folder = tmp_path / "packages"
    folder.mkdir()
    edocstd.dump(DOC, folder / "doc.edxml")
    assert main(["track", str(folder), "--db", str(path)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_locked_database_waits_then_is_an_edoc_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _real_db(tmp_path / "db.sqlite")
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    released = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    try:
        released.start()
        with Tracker(path) as tracker:  # a short lock: the busy timeout waits it out
            tracker.add(reply(DOC, "05", sender=H53, now=BASE + dt.timedelta(days=3)))
        released.join()
        monkeypatch.setattr(_store, "BUSY_TIMEOUT", 0.05)
        monkeypatch.setattr(_store, "RETRIES", 1)
        holder.execute("BEGIN EXCLUSIVE")
        with Tracker(path) as tracker, pytest.raises(edocstd.TrackerError) as info:
            tracker.add(reply(DOC, "06", sender=H53, now=BASE + dt.timedelta(days=4)))
        assert "locked" in str(info.value) and "khóa" in info.value.message_vi
    finally:
        if holder.in_transaction:
            holder.execute("ROLLBACK")
        holder.close()
    with Tracker(path) as tracker:  # the refused write left nothing half-done
        codes = [e.code for r in tracker.state(DOC_ID).recipients for e in r.history]
        assert edocstd.StatusCode("05") in codes and edocstd.StatusCode("06") not in codes


def test_a_closed_tracker_says_so() -> None:
    tracker = Tracker()
    tracker.close()
    tracker.close()  # twice is harmless
    for call in (tracker.documents, lambda: tracker.add(DOC)):
        with pytest.raises(edocstd.TrackerError, match="closed"):
            call()
