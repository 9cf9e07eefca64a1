"""``edocstd track``: where sent documents stand with each recipient, overdue first.

The source is a folder of packages (read on every core, filed in a tracker in memory or in
``--db``) or a tracker database; the output a table or, with ``--json``, every document,
recipient, state and history.  The tracker (and sqlite3) is imported by the command itself, so
that the other commands start without it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .._api import load
from .._batch.discover import scan
from .._errors import EdocError
from .._model.package import Edoc, StatusPackage
from ._common import iso, paint, parse_moment, report_error, tr, use_color
from ._many import add_jobs_option, in_parallel

if TYPE_CHECKING:
    from .._lifecycle.tracker import DocumentState, RecipientState, Tracker


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def header_of(path: str) -> tuple[str, Edoc | StatusPackage | None, str]:
    """Run in a worker: a package without its attachments (all a tracker reads, and small to
    send back), or why it could not be read."""
    try:
        package = load(path)
    except (EdocError, ValueError) as exc:
        return path, None, str(exc)
    if isinstance(package, Edoc):
        package = attrs.evolve(package, attachments=())
    return path, package, ""


def _feed(tracker: Tracker, files: Sequence[Path], jobs: int | None) -> tuple[int, list[str]]:
    """Read the packages on every core (input order), file them in the tracker here."""
    count = 0
    problems: list[str] = []
    for path, package, why in in_parallel(header_of, list(files), jobs):
        if package is None:
            problems.append(f"{path}: {why}")
            continue
        try:
            tracker.add(package)
            count += 1
        except (EdocError, ValueError) as exc:
            problems.append(f"{path}: {exc}")
    return count, problems


def _short_en(label: str) -> str:
    return label.split(" (")[0]


def _state_text(r: RecipientState) -> tuple[str, str, str]:
    code = r.current.value if r.current is not None else "--"
    return code, r.label("vi"), _short_en(r.label("en"))


def _rows(states: list[DocumentState]) -> list[tuple[DocumentState, RecipientState]]:
    pairs = [(d, r) for d in states for r in d.recipients]
    # overdue first (oldest first), then by document sending time, keeping recipient order
    keyed = sorted(
        enumerate(pairs),
        key=lambda ip: (
            not ip[1][1].overdue,
            ip[1][1].overdue_since or dt.datetime.max,
            ip[0],
        ),
    )
    return [p for _, p in keyed]


def _fmt_ts(value: dt.datetime | None) -> str | None:
    return iso(value)


def _show_ts(value: dt.datetime | None) -> str:
    return value.strftime("%Y/%m/%d %H:%M:%S") if value else ""


def _recipient_json(r: RecipientState) -> dict[str, Any]:
    _code, vi, en = _state_text(r)
    return {
        "organ_id": r.organ_id,
        "organ_name": r.organ_name,
        "current": r.current.value if r.current is not None else None,
        "label_vi": vi,
        "label_en": en,
        "final": r.final,
        "overdue": r.overdue,
        "overdue_reason": r.overdue_reason,
        "overdue_since": _fmt_ts(r.overdue_since),
        "pending": r.pending,
        "removed": r.removed,
        "listed": r.listed,
        "history": [
            {
                "kind": e.kind,
                "code": e.code.value if e.code is not None else None,
                "timestamp": _fmt_ts(e.timestamp) or e.raw_timestamp,
                "from": e.sender_id,
                "document_id": e.document_id,
                "description": e.description,
                "applied": e.applied,
            }
            for e in r.history
        ],
    }


def _track_error(args: argparse.Namespace, vi: str, en: str) -> None:
    report_error(args.lang, [tr(args.lang, vi, en)], command="edocstd track")


def _from_folder(
    args: argparse.Namespace, source: Path, wait: dt.timedelta
) -> tuple[Tracker | None, list[str]]:
    from .._lifecycle.tracker import Tracker

    files = scan([source]).files  # .edxml by name, .xml by content (an edXML root)
    if not files:
        print(
            f"edocstd track: lỗi: không có gói tin nào để theo dõi trong {source}\n"
            f"edocstd track: error: nothing to track: no package in {source}",
            file=sys.stderr,
        )
        return None, []
    tracker = Tracker(args.db or ":memory:", no_answer_after=wait)
    count, problems = _feed(tracker, files, args.jobs)
    if not count:  # every package was unreadable: nothing was tracked
        tracker.close()
        for problem in problems:
            print(f"edocstd track: error: {problem}", file=sys.stderr)
        print(
            f"edocstd track: lỗi: không đọc được gói tin nào trong {source}\n"
            f"edocstd track: error: no package in {source} could be read",
            file=sys.stderr,
        )
        return None, []
    return tracker, problems


def _open(
    args: argparse.Namespace, source: Path, wait: dt.timedelta
) -> tuple[Tracker | None, list[str]]:
    """The tracker to read and the packages skipped; ``None`` once the reason it cannot be
    opened is printed (exit code 2)."""
    from .._lifecycle.tracker import Tracker

    if source.is_dir():
        return _from_folder(args, source, wait)
    if not source.is_file():
        _track_error(
            args, f"không có tệp hoặc thư mục: {source}", f"no such file or folder: {source}"
        )
        return None, []
    if args.db:
        _track_error(args, "--db đi kèm một thư mục gói tin", "--db goes with a folder of packages")
        return None, []
    if not _is_sqlite(source):
        _track_error(
            args,
            f"{source} không phải cơ sở dữ liệu theo dõi",
            f"{source} is not a tracker database",
        )
        return None, []
    return Tracker(source, no_answer_after=wait), []


def _track_json(
    now: dt.datetime,
    states: list[DocumentState],
    rows: list[tuple[DocumentState, RecipientState]],
    unknown: list[str],
    problems: list[str],
) -> dict[str, Any]:
    return {
        "now": _fmt_ts(now),
        "documents": [
            {
                "document_id": d.document_id,
                "code": d.code,
                "subject": d.subject,
                "sender": d.sender_id,
                "sent_at": _fmt_ts(d.sent_at),
                "due_date": iso(d.due_date),
                "finished": d.finished,
                "recipients": [_recipient_json(r) for r in d.recipients],
            }
            for d in states
        ],
        "overdue": [
            {
                "document_id": d.document_id,
                "organ_id": r.organ_id,
                "reason": r.overdue_reason,
                "since": _fmt_ts(r.overdue_since),
            }
            for d, r in rows
            if r.overdue
        ],
        "unknown_documents": unknown,
        "skipped": problems,
    }


def _print_table(
    args: argparse.Namespace, rows: list[tuple[DocumentState, RecipientState]], unknown: list[str]
) -> None:
    lang = args.lang
    table = [
        (
            "",
            tr(lang, "VĂN BẢN", "DOCUMENT"),
            tr(lang, "NƠI NHẬN", "RECIPIENT"),
            tr(lang, "TRẠNG THÁI", "STATE"),
            tr(lang, "QUÁ HẠN", "OVERDUE"),
        )
    ]
    for d, r in rows:
        code, vi, en = _state_text(r)
        since = _show_ts(r.overdue_since)
        table.append(
            (
                "!" if r.overdue else "",
                d.document_id,
                r.organ_id + ("" if r.listed else tr(lang, " (ngoài danh sách)", " (unlisted)")),
                f"{code} {tr(lang, vi, en)}",
                tr(lang, f"{r.overdue_reason} từ {since}", f"{r.overdue_reason} since {since}")
                if r.overdue
                else "",
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(5)]
    color = use_color(sys.stdout, args.color)
    for row in table:
        line = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
        print(paint(line, "bad", color) if row[0] == "!" else line)  # overdue in red
    if unknown:
        print(
            tr(
                lang,
                f"trạng thái về {len(unknown)} văn bản không gửi từ đây: {', '.join(unknown)}",
                f"statuses for {len(unknown)} document(s) not sent from here: {', '.join(unknown)}",
            )
        )


def _cmd_track(args: argparse.Namespace) -> int:
    source = Path(args.source)
    now = parse_moment(args.now, "--now") if args.now else dt.datetime.now().replace(microsecond=0)
    wait = dt.timedelta(hours=args.no_answer_after)
    tracker, problems = _open(args, source, wait)
    if tracker is None:
        return 2
    try:
        states = [tracker.state(d, now=now) for d in tracker.documents()]
        unknown = tracker.unknown_documents()
    except EdocError as exc:  # TrackerError: corrupt, locked, not a tracker database
        _track_error(args, exc.message("vi"), exc.message("en"))
        return 2
    finally:
        tracker.close()
    for problem in problems:
        word = tr(args.lang, "cảnh báo: bỏ qua", "warning: skipped")
        print(f"edocstd track: {word} {problem}", file=sys.stderr)
    rows = _rows(states)
    if args.json:
        data = _track_json(now, states, rows, unknown, problems)
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    _print_table(args, rows, unknown)
    return 0


def register(subparsers: Any) -> None:
    track = subparsers.add_parser(
        "track",
        help="show where sent documents stand with each recipient",
        description="Correlate sent documents with received status packages (a folder of "
        ".edxml files, or a tracker database) and show a table, overdue first.",
    )
    track.add_argument("source", metavar="DIR_OR_DB", help="folder of packages or database file")
    track.add_argument("--db", help="with a folder: store the tracker in this SQLite file")
    track.add_argument("--json", action="store_true", help="machine-readable output")
    track.add_argument("--now", help="judge overdue as of this time (yyyy/MM/dd HH:mm:ss)")
    track.add_argument(
        "--no-answer-after",
        type=float,
        default=24.0,
        metavar="HOURS",
        help="silence longer than this is overdue (default 24)",
    )
    add_jobs_option(track)
    track.set_defaults(func=_cmd_track)


__all__ = ["header_of", "register"]
