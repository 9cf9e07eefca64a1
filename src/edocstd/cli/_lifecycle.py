"""``edocstd new``, ``edocstd status reply|take-back`` and ``edocstd track``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .._api import dump, load
from .._batch.discover import scan
from .._errors import BuildError, EdocError
from .._model.attachment import Attachment
from .._model.codes import StatusCode
from .._model.header import DocumentType, Organization
from .._model.package import Edoc, StatusPackage
from .._model.trace import StaffInfo
from ._common import cli_words, iso, paint, parse_day, parse_moment, report_error, tr, use_color
from ._many import add_jobs_option, in_parallel

# new_document's parameters as ``edocstd new`` calls them (when given as options).
_NEW_OPTIONS = {
    "promulgation_date": ("--date", "date"),
    "due_date": ("--due-date", "due_date"),
    "code_number": ("--number", "number"),
    "code_notation": ("--notation", "notation"),
    "sender": ("--from", "sender"),
    "recipients": ("--to", "to"),
    "subject": ("--subject", "subject"),
    "promulgation_place": ("--place", "place"),
    "document_id": ("--document-id", "document_id"),
    "document_type": ("--type", "type"),
    "now": ("--now", "now"),
}

if TYPE_CHECKING:
    from .._lifecycle.tracker import DocumentState, RecipientState, Tracker

# The lifecycle tools (and sqlite3) are imported by the commands that use them, so that the
# other commands (`edocstd show` above all) start without them.

# --- shared helpers ----------------------------------------------------------------------------


def _parse_date(text: str, what: str) -> dt.date:
    return parse_day(text, what)


def _parse_moment(text: str, what: str = "--now") -> dt.datetime:
    return parse_moment(text, what)


def _write(pkg: Edoc | StatusPackage, out: str) -> None:
    if out == "-":
        dump(pkg, sys.stdout.buffer)
    else:
        dump(pkg, out)


def _staff(args: argparse.Namespace) -> StaffInfo | None:
    from .._lifecycle._common import make

    if not (args.staff or args.department):
        return None
    return make(StaffInfo, staff=args.staff, department=args.department)


def _load_kind(path: str, kind: type[Edoc] | type[StatusPackage], what: str) -> Any:
    pkg = load(path)
    if not isinstance(pkg, kind):
        raise EdocError(f"{path} is a {pkg.kind} package, not {what}")
    return pkg


def _report(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif args.output != "-":
        print(text)


# --- new ---------------------------------------------------------------------------------------


def _organization(value: str) -> Organization:
    from .._lifecycle._common import make

    organ_id, _, name = value.partition("=")
    return make(Organization, organ_id=organ_id.strip(), organ_name=name.strip() or None)


def _spec_from_json(path: str) -> dict[str, Any]:
    from .._lifecycle._common import make

    with open(path, encoding="utf-8") as fh:
        try:
            data = json.load(fh)
        except json.JSONDecodeError as exc:
            raise EdocError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise EdocError(f"{path}: expected a JSON object of new_document options")
    base = Path(path).parent
    spec: dict[str, Any] = dict(data)
    for key in ("promulgation_date", "due_date"):
        if isinstance(spec.get(key), str):
            spec[key] = _parse_date(spec[key], key)
    if isinstance(spec.get("now"), str):
        spec["now"] = _parse_moment(spec["now"], "now")
    doc_type = spec.get("document_type")
    if isinstance(doc_type, Mapping):
        keys = {"Type": "type", "TypeDetail": "type_detail", "TypeName": "type_name"}
        fields = {keys.get(str(k), str(k)): v for k, v in doc_type.items()}
        spec["document_type"] = make(DocumentType, **fields)
    files = spec.pop("attachments", None) or []
    if not isinstance(files, list):
        raise BuildError("expected a list of file paths", path="attachments")
    spec["attachments"] = [str(base / f) if isinstance(f, str) else f for f in files]
    return spec


def _cmd_new(args: argparse.Namespace) -> int:
    from .._lifecycle.builders import new_document

    spec: dict[str, Any] = _spec_from_json(args.spec) if args.spec else {}
    simple = {
        "code_number": args.number,
        "code_notation": args.notation,
        "subject": args.subject,
        "promulgation_place": args.place,
        "content": args.content,
        "document_id": args.document_id,
        "document_type": args.type,
        "priority": args.priority,
        "steering_type": args.steering_type,
    }
    spec.update({k: v for k, v in simple.items() if v is not None})
    if args.date:
        spec["promulgation_date"] = _parse_date(args.date, "--date")
    if args.due_date:
        spec["due_date"] = _parse_date(args.due_date, "--due-date")
    if args.now:
        spec["now"] = _parse_moment(args.now)
    if args.sender:
        spec["sender"] = _organization(args.sender)
    if args.to:
        spec["recipients"] = [_organization(t) for t in args.to]
    signer = {
        k: v
        for k, v in (
            ("competence", args.signer_competence),
            ("position", args.signer_position),
            ("full_name", args.signer_name),
        )
        if v is not None
    }
    if signer:
        given = spec.get("signer")
        base: dict[str, Any] = dict(given) if isinstance(given, Mapping) else {}
        spec["signer"] = {**base, **signer}
    zipped = args.zip or args.zip_keep_type
    form = {"zip": zipped, "keep_original_type": args.zip_keep_type}
    files = [Attachment.create(f, **form) for f in args.attach or ()]
    if files:
        spec["attachments"] = [*spec.get("attachments", []), *files]
    if spec.get("attachments") and zipped:
        spec["attachments"] = [
            a if isinstance(a, Attachment) else Attachment.create(a, **form)
            for a in spec["attachments"]
        ]
    required = (
        "sender",
        "recipients",
        "code_number",
        "code_notation",
        "subject",
        "promulgation_place",
        "promulgation_date",
        "document_type",
        "signer",
    )
    missing = [k for k in required if spec.get(k) in (None, "", [])]
    if missing:
        names = ", ".join(
            _NEW_OPTIONS[k][0] if k in _NEW_OPTIONS else f"--{k.replace('_', '-')}" for k in missing
        )
        report_error(
            args.lang,
            [
                tr(
                    args.lang,
                    f"thiếu {names} (ghi trong tệp JSON hoặc bằng tùy chọn)",
                    f"missing {names} (give them in the JSON file or as options)",
                )
            ],
            command="edocstd new",
        )
        return 2
    try:
        edoc = new_document(**spec)
    except TypeError as exc:  # an unknown key in the JSON file
        raise BuildError(str(exc).replace("new_document() ", "")) from None
    except BuildError as exc:  # name the options the user gave, not Python parameters
        given = {k: o for k, (o, dest) in _NEW_OPTIONS.items() if getattr(args, dest, None)}
        raise cli_words(exc, {}, given) from None
    _write(edoc, args.output)
    _report(
        args,
        {
            "document_id": edoc.header.document_id,
            "output": args.output,
            "attachments": [a.attachment_name for a in edoc.attachments],
        },
        f"{edoc.header.document_id} -> {args.output}",
    )
    return 0


# --- status ------------------------------------------------------------------------------------


def _cmd_reply(args: argparse.Namespace) -> int:
    from .._lifecycle._common import make
    from .._lifecycle.replies import as_status_code, reply

    received: Edoc = _load_kind(args.file, Edoc, "an edoc to reply to")
    org = next((o for o in received.header.to if o.organ_id == args.as_organ_id), None)
    if org is None or args.as_name:
        org = make(
            Organization,
            organ_id=args.as_organ_id,
            organ_name=args.as_name or (org.organ_name if org else None),
        )
    request = _load_kind(args.request, StatusPackage, "a status 13") if args.request else None
    try:
        pkg = reply(
            received,
            as_status_code(args.code, "--code"),
            sender=org,
            description=args.description,
            staff=_staff(args),
            now=_parse_moment(args.now) if args.now else None,
            request=request,
            allow_unlisted=args.allow_unlisted,
        )
    except BuildError as exc:
        hints = {
            "Description": " (give it with --description)",
            "sender.OrganId": " (or --allow-unlisted)",
            "StatusCode": " (with a take-back request 13, pass it as --request FILE)"
            if "never asked back" in exc.message
            else "",
        }
        hint = hints.get(exc.path or "", "")
        vi = exc.written_vi
        raise BuildError(
            exc.message + hint, path=exc.path, message_vi=vi + hint if vi else None
        ) from None
    _write(pkg, args.output)
    code = pkg.status_code
    assert code is not None
    _report(
        args,
        {
            "status_code": code.value,
            "label_vi": code.label_vi,
            "label_en": code.label_en,
            "document_id": received.header.document_id,
            "output": args.output,
        },
        f"{code.value} {code.label(args.lang)} -> {args.output}",
    )
    return 0


def _cmd_take_back(args: argparse.Namespace) -> int:
    from .._lifecycle.replies import take_back_request

    sent: Edoc = _load_kind(args.file, Edoc, "the edoc you sent")
    pkg = take_back_request(
        sent,
        recipient=args.recipient,
        reason=args.reason,
        staff=_staff(args),
        now=_parse_moment(args.now) if args.now else None,
    )
    _write(pkg, args.output)
    _report(
        args,
        {"status_code": "13", "document_id": sent.header.document_id, "output": args.output},
        f"13 {StatusCode('13').label(args.lang)} -> {args.output}",
    )
    return 0


# --- track -------------------------------------------------------------------------------------


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


def _cmd_track(args: argparse.Namespace) -> int:
    from .._lifecycle.tracker import Tracker

    source = Path(args.source)
    now = _parse_moment(args.now) if args.now else dt.datetime.now().replace(microsecond=0)
    wait = dt.timedelta(hours=args.no_answer_after)
    problems: list[str] = []
    if source.is_dir():
        files = scan([source]).files  # .edxml by name, .xml by content (an edXML root)
        if not files:
            print(
                f"edocstd track: lỗi: không có gói tin nào để theo dõi trong {source}\n"
                f"edocstd track: error: nothing to track: no package in {source}",
                file=sys.stderr,
            )
            return 2
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
            return 2
    elif source.is_file():
        if args.db:
            _track_error(
                args, "--db đi kèm một thư mục gói tin", "--db goes with a folder of packages"
            )
            return 2
        if not _is_sqlite(source):
            _track_error(
                args,
                f"{source} không phải cơ sở dữ liệu theo dõi",
                f"{source} is not a tracker database",
            )
            return 2
        tracker = Tracker(source, no_answer_after=wait)
    else:
        _track_error(
            args, f"không có tệp hoặc thư mục: {source}", f"no such file or folder: {source}"
        )
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
        data = {
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
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
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
    return 0


# --- registration ------------------------------------------------------------------------------


def _common_out(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", required=True, help="file to write ('-' for stdout)")
    p.add_argument("--json", action="store_true", help="print a JSON summary")
    p.add_argument("--now", help="timestamp to use (yyyy/MM/dd HH:mm:ss; default: now)")


def register(subparsers: Any) -> None:
    new = subparsers.add_parser(
        "new",
        help="build a new document (BussinessDocType 0)",
        description="Build a new edoc from a JSON file of new_document options and/or options.",
    )
    new.add_argument("spec", nargs="?", help="JSON file of new_document options")
    new.add_argument("--from", dest="sender", metavar="ORGANID[=NAME]", help="sending agency")
    new.add_argument("--to", action="append", metavar="ORGANID[=NAME]", help="a recipient")
    new.add_argument("--number", help="CodeNumber (số)")
    new.add_argument("--notation", help="CodeNotation (ký hiệu)")
    new.add_argument("--subject", help="Subject (trích yếu)")
    new.add_argument("--content", help="Content")
    new.add_argument("--place", help="promulgation place")
    new.add_argument("--date", help="promulgation date yyyy/MM/dd")
    new.add_argument("--due-date", help="DueDate yyyy/MM/dd")
    new.add_argument("--type", help="document type name, e.g. 'Công văn'")
    new.add_argument("--signer-competence")
    new.add_argument("--signer-position")
    new.add_argument("--signer-name")
    new.add_argument("--document-id", help="use this DocumentId instead of the generated one")
    new.add_argument("--priority", type=int, choices=range(5), help="0 Thường … 4")
    new.add_argument("--steering-type", type=int, choices=range(3))
    new.add_argument("--attach", nargs="+", metavar="FILE", help="files to attach")
    new.add_argument("--zip", action="store_true", help="zip each file like the official SDK")
    new.add_argument(
        "--zip-keep-type",
        action="store_true",
        help="zip each file but declare its own type (form B: what SDK 0.0.3 receivers expect)",
    )
    _common_out(new)
    new.set_defaults(func=_cmd_new)

    status = subparsers.add_parser("status", help="build status packages (replies, take-back)")
    sub = status.add_subparsers(dest="status_command", metavar="ACTION")
    sub.required = True
    rep = sub.add_parser(
        "reply",
        help="reply to a received document with 01-06, 15 or 16",
        description="Build the status package an agency sends about a document it received.",
    )
    rep.add_argument("file", help="the received edoc")
    rep.add_argument("--code", required=True, help="status code: 01-06, 15, 16")
    rep.add_argument("--as-organ-id", required=True, help="OrganId of the replying agency")
    rep.add_argument("--as-name", help="OrganName of the replying agency")
    rep.add_argument("--description", help="reason (required for 02 and 16)")
    rep.add_argument("--staff", help="name of the clerk")
    rep.add_argument("--department", help="department of the clerk")
    rep.add_argument("--request", help="the take-back request (13) a 15/16 answers")
    rep.add_argument(
        "--allow-unlisted",
        action="store_true",
        help="reply even if the agency is not among the recipients",
    )
    _common_out(rep)
    rep.set_defaults(func=_cmd_reply)
    tb = sub.add_parser(
        "take-back",
        help="ask a recipient to give a document back (13)",
        description="Build the take-back request (13) the original sender sends to a recipient.",
    )
    tb.add_argument("file", help="the edoc you sent")
    tb.add_argument("--recipient", required=True, help="OrganId of the recipient asked")
    tb.add_argument("--reason", required=True, help="why (Description)")
    tb.add_argument("--staff", help="name of the clerk")
    tb.add_argument("--department", help="department of the clerk")
    _common_out(tb)
    tb.set_defaults(func=_cmd_take_back)

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


__all__ = ["register"]
