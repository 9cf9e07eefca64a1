"""The tracker's SQLite file: safe to share between threads and processes.

* One connection per :class:`Store`, used under a lock: a ``Tracker`` may be shared by the
  threads of a web application's pool (each call holds the lock for one short statement or
  transaction).  Several processes may open the same file: it is switched to WAL (readers
  never block the writer), every write is one ``BEGIN IMMEDIATE`` transaction (the write
  lock is taken first, so no transaction fails half-way on a lock), SQLite waits up to
  ``busy_timeout`` for the lock and the transaction start is retried a few times after that.
* Every ``sqlite3`` failure becomes a :class:`TrackerError` (an ``EdocError``) naming the file:
  a corrupt file, one still locked after the retries, or another program's database (one
  with tables that are not the tracker's) is never written to.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from .._errors import EdocError

_T = TypeVar("_T")

BUSY_TIMEOUT = 10.0
"""Seconds SQLite waits for another connection's lock before reporting it busy."""
RETRIES = 5
"""Further attempts to start a write transaction when SQLite still reports the file busy."""
_MAGIC = 0x0ED0C102  # PRAGMA application_id of a tracker database ("edoc 102")


class TrackerError(EdocError):
    """The tracker database cannot be used (corrupt, locked, not a tracker database, closed)."""

    kind_vi = "Không dùng được cơ sở dữ liệu theo dõi"


def _error(path: str, exc: sqlite3.Error) -> TrackerError:
    detail = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and "locked" in detail:
        return TrackerError(
            f"the tracker database {path} is locked by another program (still after "
            f"{RETRIES} retries of {BUSY_TIMEOUT:g} s): {detail}",
            message_vi=f"cơ sở dữ liệu theo dõi {path} đang bị chương trình khác khóa "
            f"(vẫn khóa sau {RETRIES} lần thử lại, mỗi lần {BUSY_TIMEOUT:g} giây): {detail}",
        )
    return TrackerError(
        f"the tracker database {path} cannot be used (corrupt or not an SQLite file?): {detail}",
        message_vi=f"không dùng được cơ sở dữ liệu theo dõi {path} (tệp hỏng hoặc không phải tệp "
        f"SQLite?): {detail}",
    )


def _retry(action: Callable[[], _T]) -> _T:
    """``action`` again (with back-off) while SQLite reports the file locked or busy after its
    own ``busy_timeout`` wait; other errors, and the last attempt's, go through."""
    for attempt in range(RETRIES):
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            time.sleep(0.05 * 2**attempt)
    return action()


class Rows(list[tuple[Any, ...]]):
    """Fetched rows (read while the lock was held), with the cursor methods callers use."""

    def fetchone(self) -> Any:  # as sqlite3.Cursor.fetchone: a row or None
        return self[0] if self else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        return list(self)


class Store:
    """A tracker database file (or ``":memory:"``) with its schema."""

    def __init__(self, path: str, schema: str, tables: frozenset[str]) -> None:
        self.path = path
        self.closed = False
        self._lock = threading.RLock()
        self._db = self._guard(lambda: self._open(schema, tables))

    def _open(self, schema: str, tables: frozenset[str]) -> sqlite3.Connection:
        db = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
        )
        try:
            if self._tables(db, tables) == tables:
                return db  # an existing tracker database: nothing to write
            if self.path != ":memory:":
                _retry(lambda: db.execute("PRAGMA journal_mode=WAL"))
            with self._write(db):  # created in one transaction: others see all or nothing
                if not self._tables(db, tables):
                    for statement in schema.split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute(f"PRAGMA application_id = {_MAGIC}")
        except BaseException:
            db.close()
            raise
        return db

    def _tables(self, db: sqlite3.Connection, tables: frozenset[str]) -> set[str]:
        """Which of ``tables`` exist; ``TrackerError`` for another program's database."""
        found = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        if (found and not tables <= found) or app_id not in (0, _MAGIC):
            shown = ", ".join(sorted(found)[:8])
            raise TrackerError(
                f"{self.path} is another program's database (tables: {shown or 'none'}), "
                "not a tracker database",
                message_vi=f"{self.path} là cơ sở dữ liệu của chương trình khác (bảng: "
                f"{shown or 'không có'}), không phải cơ sở dữ liệu theo dõi",
            )
        return found & tables

    def _guard(self, action: Callable[[], _T]) -> _T:
        if self.closed:
            raise TrackerError(
                f"the tracker {self.path} is closed", message_vi=f"bộ theo dõi {self.path} đã đóng"
            )
        try:
            return action()
        except sqlite3.Error as exc:
            raise _error(self.path, exc) from None

    @contextlib.contextmanager
    def _write(self, db: sqlite3.Connection) -> Iterator[None]:
        _retry(lambda: db.execute("BEGIN IMMEDIATE"))
        try:
            yield
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (under the lock); nested calls join the outer one."""
        with self._lock:
            self._guard(lambda: None)  # a closed tracker says so
            if self._db.in_transaction:
                yield
                return
            try:
                with self._write(self._db):
                    yield
            except sqlite3.Error as exc:
                raise _error(self.path, exc) from None

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> Rows:
        with self._lock:
            return self._guard(lambda: Rows(self._db.execute(sql, params).fetchall()))

    def close(self) -> None:
        with self._lock:
            if not self.closed:
                self._guard(self._db.close)
                self.closed = True


__all__ = ["BUSY_TIMEOUT", "RETRIES", "Rows", "Store", "TrackerError"]
