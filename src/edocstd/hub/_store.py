"""The local hub's storage: SQLite for the queues, one file per relayed package.

A package is written (fsynced, renamed) before the rows that announce it are committed, so a
SIGKILL at any point loses nothing that was confirmed to a client: at worst an unreferenced
file remains.  SQLite runs in WAL mode with ``synchronous=FULL``.

Each recipient of a package gets its own delivery with its own DocId (``receiverDocId``); it is
listed to the recipient until acknowledged ``done`` or ``fail`` (``processing`` keeps it listed).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ._files import atomic_file

_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages(
  doc_id TEXT PRIMARY KEY, sender TEXT NOT NULL, message_type TEXT NOT NULL,
  service_type TEXT NOT NULL, title TEXT, notation TEXT, sent_time TEXT NOT NULL,
  file TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS deliveries(
  doc_id TEXT PRIMARY KEY, message TEXT NOT NULL REFERENCES messages(doc_id),
  recipient TEXT NOT NULL, status TEXT NOT NULL, status_desc TEXT,
  created_time TEXT NOT NULL, updated_time TEXT NOT NULL, received_time TEXT);
CREATE INDEX IF NOT EXISTS deliveries_queue ON deliveries(recipient, status);
CREATE TABLE IF NOT EXISTS acks(
  doc_id TEXT NOT NULL, recipient TEXT NOT NULL, status TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS agencies(
  code TEXT PRIMARY KEY, name TEXT, mail TEXT, pid TEXT, id TEXT);
"""

LISTED = ("pending", "processing")


def _now() -> str:
    return dt.datetime.now().strftime("%d/%m/%Y %H:%M:%S")


class DocIds:
    """24-hex ids like the SaaS hub's ObjectIds: seconds, a per-process random part, a counter
    (consecutive within a batch)."""

    def __init__(self) -> None:
        self._random = secrets.token_hex(5)
        self._counter = itertools.count(secrets.randbelow(1 << 23))
        self._lock = threading.Lock()

    def new(self) -> str:
        with self._lock:
            n = next(self._counter) & 0xFFFFFF
        return f"{int(time.time()) & 0xFFFFFFFF:08x}{self._random}{n:06x}"


class Store:
    """Queues and packages under ``folder`` (``hub.sqlite3`` and ``packages/``)."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.packages = self.folder / "packages"
        self.packages.mkdir(parents=True, exist_ok=True)
        for stale in [*self.packages.glob(".*.part"), *self.folder.glob("incoming/*.part")]:
            stale.unlink(missing_ok=True)  # half-written when the hub was killed: never announced
        self._db = sqlite3.connect(
            self.folder / "hub.sqlite3", check_same_thread=False, isolation_level=None
        )
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()
        self.ids = DocIds()

    def close(self) -> None:
        self._db.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction under the lock: committed, or rolled back on any error (left
        open, it would refuse every later write until the hub restarts)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def _rows(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._db.execute(sql, args))

    def add_message(
        self,
        *,
        sender: str,
        message_type: str,
        recipients: list[str],
        data: Iterator[bytes] | bytes,
        title: str | None = None,
        notation: str | None = None,
    ) -> str:
        """Store a package and queue it for each recipient; returns the sender's DocId."""
        doc_id = self.ids.new()
        path = self.packages / f"{doc_id}.edxml"
        with atomic_file(path) as f:
            for chunk in [data] if isinstance(data, bytes) else data:
                f.write(chunk)
        now = _now()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO messages VALUES (?,?,?,?,?,?,?,?)",
                (doc_id, sender, message_type, "eDoc", title, notation, now, path.name),
            )
            for recipient in dict.fromkeys(recipients):
                db.execute(
                    "INSERT INTO deliveries VALUES (?,?,?,?,?,?,?,NULL)",
                    (self.ids.new(), doc_id, recipient, "pending", None, now, now),
                )
        return doc_id

    def received(
        self, recipient: str, message_type: str, *, include_done: bool = False
    ) -> list[dict[str, Any]]:
        """What is listed to ``recipient`` (``include_done``: also acknowledged ones, as a hub
        that delivers twice would list them)."""
        statuses = (*LISTED, "done") if include_done else LISTED
        marks = ",".join("?" * len(statuses))
        rows = self._rows(
            "SELECT d.*, m.sender, m.message_type, m.service_type FROM deliveries d "
            "JOIN messages m ON m.doc_id = d.message WHERE d.recipient = ? "
            f"AND d.status IN ({marks}) AND m.message_type = ? ORDER BY d.rowid",
            recipient, *statuses, message_type,
        )  # fmt: skip
        return [
            {
                "docId": r["doc_id"], "serviceType": r["service_type"],
                "messageType": r["message_type"], "created_time": r["created_time"],
                "updated_time": r["updated_time"], "from": r["sender"], "to": r["recipient"],
                "status": "initial" if r["status"] == "pending" else r["status"],
                "status_desc": r["status_desc"],
            }
            for r in rows
        ]  # fmt: skip

    def delivery_file(self, recipient: str, doc_id: str) -> Path | None:
        rows = self._rows(
            "SELECT m.file FROM deliveries d JOIN messages m ON m.doc_id = d.message "
            "WHERE d.doc_id = ? AND d.recipient = ?",
            doc_id, recipient,
        )  # fmt: skip
        return self.packages / rows[0]["file"] if rows else None

    def acknowledge(self, recipient: str, doc_id: str, status: str, desc: str | None) -> bool:
        """Record an acknowledgement (each one is also logged, see :meth:`ack_log`)."""
        now = _now()
        with self._transaction() as db:
            cur = db.execute(
                "UPDATE deliveries SET status = ?, status_desc = ?, updated_time = ?, "
                "received_time = COALESCE(received_time, ?) WHERE doc_id = ? AND recipient = ?",
                (status, desc, now, now if status == "done" else None, doc_id, recipient),
            )
            if cur.rowcount:
                db.execute("INSERT INTO acks VALUES (?,?,?,?)", (doc_id, recipient, status, now))
        return cur.rowcount > 0

    def ack_log(self) -> list[dict[str, Any]]:
        """Every acknowledgement received, in order (so tests can prove none came twice)."""
        rows = self._rows("SELECT * FROM acks ORDER BY rowid")
        return [dict(r) for r in rows]

    def sent(self, sender: str, doc_id: str) -> list[dict[str, Any]]:
        rows = self._rows(
            "SELECT d.*, m.* , d.doc_id AS receiver_doc_id, m.doc_id AS sender_doc_id "
            "FROM deliveries d JOIN messages m ON m.doc_id = d.message "
            "WHERE m.doc_id = ? AND m.sender = ? ORDER BY d.rowid",
            doc_id, sender,
        )  # fmt: skip
        return [
            {
                "serviceType": r["service_type"], "senderDocId": r["sender_doc_id"],
                "receiverDocId": r["receiver_doc_id"], "fromCode": r["sender"],
                "toCode": r["recipient"], "sendStatus": "done", "sendStatusDesc": "Da gui",
                "receiveStatus": r["status"], "receiveStatusDesc": r["status_desc"],
                "title": r["title"], "notation": r["notation"], "messageType": r["message_type"],
                "sentTime": r["sent_time"], "receivedTime": r["received_time"],
            }
            for r in rows
        ]  # fmt: skip

    def count(self, recipient: str, message_type: str) -> int:
        return len(self.received(recipient, message_type))

    def register_agency(self, code: str, name: str | None, mail: str | None = None) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO agencies(code, name, mail) VALUES (?,?,?) ON CONFLICT(code) "
                "DO UPDATE SET name = COALESCE(excluded.name, name), mail = excluded.mail",
                (code, name, mail),
            )

    def agencies(self) -> list[dict[str, Any]]:
        rows = self._rows("SELECT * FROM agencies ORDER BY code")
        return [
            {"id": r["id"] or r["code"], "pid": r["pid"], "code": r["code"], "name": r["name"],
             "mail": r["mail"], "oldCode": None}
            for r in rows
        ]  # fmt: skip


__all__ = ["LISTED", "DocIds", "Store"]
