"""``edocstd status reply|take-back``: build the status package an agency sends about a
document it received (01–06, 15, 16), or the sender's take-back request (13)."""

from __future__ import annotations

import argparse
from typing import Any

from .._api import load
from .._errors import BuildError, EdocError
from .._model.codes import StatusCode
from .._model.header import Organization
from .._model.package import Edoc, StatusPackage
from .._model.trace import StaffInfo
from ._common import parse_moment
from ._written import output_options, report_written, write_package

# The lifecycle tools are imported by the commands that use them, so that the other commands
# (`edocstd show` above all) start without them.

# --- shared helpers ----------------------------------------------------------------------------


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
            now=parse_moment(args.now, "--now") if args.now else None,
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
    write_package(pkg, args.output)
    code = pkg.status_code
    assert code is not None
    report_written(
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
        now=parse_moment(args.now, "--now") if args.now else None,
    )
    write_package(pkg, args.output)
    report_written(
        args,
        {"status_code": "13", "document_id": sent.header.document_id, "output": args.output},
        f"13 {StatusCode('13').label(args.lang)} -> {args.output}",
    )
    return 0


# --- registration ------------------------------------------------------------------------------


def _clerk_options(p: argparse.ArgumentParser) -> None:
    """``--staff`` and ``--department``: the clerk named in the package (see :func:`_staff`)."""
    p.add_argument("--staff", help="name of the clerk")
    p.add_argument("--department", help="department of the clerk")


def register(subparsers: Any) -> None:
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
    _clerk_options(rep)
    rep.add_argument("--request", help="the take-back request (13) a 15/16 answers")
    rep.add_argument(
        "--allow-unlisted",
        action="store_true",
        help="reply even if the agency is not among the recipients",
    )
    output_options(rep)
    rep.set_defaults(func=_cmd_reply)
    tb = sub.add_parser(
        "take-back",
        help="ask a recipient to give a document back (13)",
        description="Build the take-back request (13) the original sender sends to a recipient.",
    )
    tb.add_argument("file", help="the edoc you sent")
    tb.add_argument("--recipient", required=True, help="OrganId of the recipient asked")
    tb.add_argument("--reason", required=True, help="why (Description)")
    _clerk_options(tb)
    output_options(tb)
    tb.set_defaults(func=_cmd_take_back)


__all__ = ["register"]
