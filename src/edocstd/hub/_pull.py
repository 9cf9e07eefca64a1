"""The receive loop: take every pending package off the hub without losing or repeating one.

For each listed item, in this order:

1. stream it to ``DIR/<edoc|status>/<DocId>.edxml`` (a ``.part`` file, fsynced, then renamed);
2. record it in the ledger (``DIR/.edocstd-hub.sqlite3``), committed;
3. read it: a file that is not a package we can read (an error page a proxy answered with, a
   truncated or corrupted download) is not acknowledged, so the hub keeps it listed: it is set
   aside as ``<DocId>.unreadable`` (once: the same bytes again are not kept twice) and
   forgotten by the ledger, and the next run downloads it again.  A package beyond the
   reader's limits arrived whole and goes on; a file that could not be opened or read here
   stays filed, unacknowledged, and the next run reads it again;
4. check it (validate and/or verify, as configured) and give status packages to the tracker;
5. acknowledge ``done`` to the hub, then record the acknowledgement.

Killed between any two steps, the next run resumes: a filed but unacknowledged package is
acknowledged without downloading it again; an acknowledged one listed again (a hub delivering
twice) is reported as a duplicate and neither filed nor acknowledged a second time.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import attrs

from .._errors import EdocError, LimitExceeded, ParseError
from .._text import printable
from ._client import HubClient
from ._errors import HubError
from ._files import safe_doc_id
from ._protocol import MessageType, ReceivedItem

if TYPE_CHECKING:
    from .._lifecycle.tracker import Tracker
    from .._sign.trust import TrustSource

Check = Literal["none", "validate", "verify", "both"]
Outcome = Literal["filed", "duplicate", "failed"]
log = logging.getLogger("edocstd.hub")


@attrs.frozen
class Pulled:
    """What happened to one listed package."""

    doc_id: str
    message_type: str
    outcome: Outcome
    sender: str | None = None
    path: Path | None = None
    summary: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome != "failed"


def describe(p: Pulled) -> str:
    """The one line printed per package."""
    where = f" -> {p.path}" if p.path else ""
    summary = f" [{p.summary}]" if p.summary else ""
    return printable(f"{p.outcome} {p.message_type} {p.doc_id} from {p.sender}{where}{summary}")


class Ledger:
    """Which DocIds were filed and acknowledged, in ``DIR/.edocstd-hub.sqlite3``."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.lock_file = open(folder / ".edocstd-hub.lock", "a+b")  # noqa: SIM115 - closed in close()
        self._db = sqlite3.connect(folder / ".edocstd-hub.sqlite3", isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS filed(doc_id TEXT PRIMARY KEY, message_type TEXT, "
            "path TEXT, filed_at TEXT, acked_at TEXT)"
        )

    def close(self) -> None:
        self._db.close()
        self.lock_file.close()  # releases the lock

    def get(self, doc_id: str) -> tuple[str, str | None] | None:
        row = self._db.execute(
            "SELECT path, acked_at FROM filed WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        return None if row is None else (str(row[0]), row[1])

    def filed(self, doc_id: str, message_type: str, path: Path) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO filed VALUES (?,?,?,?,NULL)",
            (doc_id, message_type, str(path), dt.datetime.now().isoformat()),
        )

    def forget(self, doc_id: str) -> None:
        self._db.execute("DELETE FROM filed WHERE doc_id = ?", (doc_id,))

    def acked(self, doc_id: str) -> None:
        self._db.execute(
            "UPDATE filed SET acked_at = ? WHERE doc_id = ?",
            (dt.datetime.now().isoformat(), doc_id),
        )


@attrs.frozen
class PullOptions:
    """What :func:`pull` does with each package: ``check`` it (``none``, ``validate``,
    ``verify`` against ``trust``, or ``both``), which ``message_types`` it takes, and the
    ``tracker`` status packages go to."""

    check: Check = "validate"
    trust: TrustSource | None = None
    tracker: Tracker | None = None
    """An ``edocstd.Tracker``: status packages received are added to it."""
    message_types: tuple[MessageType, ...] = ("edoc", "status")


def _check(path: Path, message_type: str, options: PullOptions) -> str:
    from .. import load, validate, verify

    notes: list[str] = []
    if options.check in ("validate", "both"):
        report = validate(path)
        notes.append("valid" if report.ok else f"invalid: {len(report.errors)} error(s)")
    if options.check in ("verify", "both") and message_type == "edoc":
        result = verify(path, trust=options.trust)
        added = f", +{result.trace_entries_added} trace" if result.trace_entries_added else ""
        notes.append(f"signature {result.verdict} {result.reason}{added}")
    if options.tracker is not None and message_type == "status":
        try:
            options.tracker.add(load(path))
            notes.append("tracked")
        except EdocError as exc:
            notes.append(f"not tracked: {exc}")
    return "; ".join(notes)


def _one(
    client: HubClient, item: ReceivedItem, folder: Path, ledger: Ledger, options: PullOptions
) -> Pulled:
    kind = item.message_type or "edoc"

    def outcome(what: Outcome, path: Path | None, summary: str) -> Pulled:
        return Pulled(item.doc_id, kind, what, item.sender, path, summary)

    if not safe_doc_id(item.doc_id):
        return outcome("failed", None, "unusable docId")
    known = ledger.get(item.doc_id)
    if known is not None and known[1] is not None:
        return outcome("duplicate", Path(known[0]), "already filed and acknowledged")
    if known is not None and Path(known[0]).is_file():
        path = Path(known[0])  # filed by a run that stopped before the acknowledgement
    else:
        path = _unused(folder / kind / f"{item.doc_id}.edxml")
        client.download(item.doc_id, path)
        ledger.filed(item.doc_id, kind, path)
    problem = _unreadable(path)
    if isinstance(problem, OSError):  # says nothing of the bytes: kept, the next run reads it
        why = f"{problem.strerror or problem}"
        return outcome("failed", path, f"not acknowledged, the file could not be read: {why}")
    if problem is not None:
        kept = _set_aside(path, item.doc_id)
        ledger.forget(item.doc_id)  # the next run downloads it again
        return outcome("failed", kept, f"not acknowledged, not a readable package: {problem}")
    summary = _check(path, kind, options)
    client.acknowledge(item.doc_id, "done")
    ledger.acked(item.doc_id)
    return outcome("filed", path, summary)


def _unreadable(path: Path) -> str | OSError | None:
    """Why the file at ``path`` is not a package ``edocstd`` can read, or None: acknowledged,
    it would be gone from the hub while what was stored is not the package.  An ``OSError``
    when the file could not be opened or read here (no descriptor left, a disk error), which
    says nothing of its bytes."""
    from .. import load

    try:
        load(path)
    except LimitExceeded:  # whole, beyond the reader's limits only: checked and acknowledged
        return None
    except ParseError as exc:
        if exc.io_error:
            return OSError(exc.message("en"))
        return exc.message("en")
    except EdocError as exc:
        return exc.message("en")
    except OSError as exc:
        return exc
    return None


def _set_aside(path: Path, doc_id: str) -> Path:
    """Keep the bytes for whoever looks into it, out of the way of the next download: once
    (a hub handing out the same bytes at every run would fill the disk with copies)."""
    for n in range(1, _SPARE_NAMES + 2):
        kept = path.with_name(f"{doc_id}.unreadable" if n == 1 else f"{doc_id}~{n}.unreadable")
        if _same_bytes(kept, path):
            path.unlink()
            return kept
    kept = _unused(path.with_name(f"{doc_id}.unreadable"))
    os.replace(path, kept)
    return kept


def _same_bytes(kept: Path, path: Path) -> bool:
    """Whether ``kept`` is a file (not a link, a pipe, a device) holding the bytes of ``path``."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(kept, flags)
    except OSError:  # none there, or a link
        return False
    try:
        with open(fd, "rb") as a, open(path, "rb") as b:
            found, new = os.fstat(a.fileno()), os.fstat(b.fileno())
            if not stat.S_ISREG(found.st_mode) or found.st_size != new.st_size:
                return False
            while (block := a.read(1 << 20)) == b.read(1 << 20):
                if not block:
                    return True
    except OSError:
        pass
    return False


_SPARE_NAMES = 100


def _unused(path: Path) -> Path:
    """``path``, or ``<DocId>~2.edxml``, ``~3``… when a file is already there: never replaced
    (another DocId differing only in case on a case-insensitive disk, a copy put there by hand,
    a ledger deleted).  The folder's lock keeps other pulls out between this look and the file."""
    if not os.path.lexists(path):
        return path
    for n in range(2, _SPARE_NAMES + 2):
        spare = path.with_name(f"{path.stem}~{n}{path.suffix}")
        if not os.path.lexists(spare):
            return spare
    raise HubError(
        f"{path.name} and {_SPARE_NAMES} spare names are taken: nothing is replaced",
        message_vi=f"{path.name} và {_SPARE_NAMES} tên dự phòng đều đã có tệp: "
        "không ghi đè tệp nào",
    )


def pull(
    client: HubClient,
    into: str | Path,
    options: PullOptions | None = None,
    on_item: Callable[[Pulled], None] | None = None,
) -> list[Pulled]:
    """Take every pending package off the hub into ``into``; see the module docstring.

    A failure on one item (network, hub refusal) is reported for it and the loop goes on.
    """
    options = options or PullOptions()
    folder = Path(into)
    ledger = Ledger(folder)
    results: list[Pulled] = []
    try:
        _lock(ledger, folder)
        for message_type in options.message_types:
            seen: set[str] = set()
            for item in _listing(client, message_type, results, on_item):
                if item.doc_id in seen:  # listed twice in one reply
                    continue
                seen.add(item.doc_id)
                try:
                    result = _one(client, item, folder, ledger, options)
                except HubError as exc:
                    result = Pulled(item.doc_id, message_type, "failed", item.sender,
                                    summary=exc.message("en"))  # fmt: skip
                _report(result, results, on_item)
    finally:
        ledger.close()
    return results


def _lock(ledger: Ledger, folder: Path) -> None:
    """One pull per folder at a time: two would download and acknowledge the same packages."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock
        return
    try:
        fcntl.flock(ledger.lock_file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        raise HubError(
            f"another pull is filing into {folder}",
            message_vi=f"một lần nhận khác đang ghi vào {folder}",
        ) from None


def _listing(
    client: HubClient,
    message_type: MessageType,
    results: list[Pulled],
    on_item: Callable[[Pulled], None] | None,
) -> Iterable[ReceivedItem]:
    try:
        # filed by the listing asked for: hubs spell the item's messageType differently
        return [attrs.evolve(i, message_type=message_type) for i in client.received(message_type)]
    except HubError as exc:
        _report(Pulled("-", message_type, "failed", summary=exc.message("en")), results, on_item)
        return []


def _report(
    result: Pulled, results: list[Pulled], on_item: Callable[[Pulled], None] | None
) -> None:
    results.append(result)
    log.info("%s", describe(result))
    if on_item is not None:
        on_item(result)


__all__ = ["Ledger", "PullOptions", "Pulled", "describe", "pull"]
