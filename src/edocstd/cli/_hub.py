"""``edocstd hub``: serve a local test hub; send, pull and list packages on a hub.

Nothing here imports httpx, Starlette or uvicorn until a ``hub`` command runs, so other
commands start as fast without the ``[hub]`` extra.  Client commands read the connection from
``EDOCSTD_HUB_URL``, ``EDOCSTD_HUB_SYSTEMID``, ``EDOCSTD_HUB_SECRET`` or ``--config FILE``.
Exit codes: 0 done; 1 the hub refused something or a package could not be taken; 2 usage,
configuration or network error.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .._text import printable
from ._common import print_json, tr

if TYPE_CHECKING:
    from ..hub import HubClient


def register(sub: Any) -> None:
    p = sub.add_parser(
        "hub", help="talk to the document exchange axis (VXP/VDXP) or serve a local one"
    )
    hub = p.add_subparsers(dest="hub_command", metavar="HUB_COMMAND")
    hub.required = True
    _register_serve(hub)
    config = argparse.ArgumentParser(add_help=False)
    config.add_argument("--config", metavar="FILE", help="TOML file with url, systemid, secret")
    config.add_argument("--json", action="store_true", help="machine-readable output")

    s = hub.add_parser("send", parents=[config], help="send packages (edoc, or --status)")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--status", action="store_true", help="the files are status packages")
    s.add_argument(
        "--to",
        action="append",
        metavar="ORGANID",
        help="recipients (default: the hub routes by the package's To)",
    )
    s.add_argument("--tracker", metavar="DB", help="also record sent edocs in this tracker")
    s.set_defaults(func=_guarded(_send))

    pl = hub.add_parser(
        "pull", parents=[config], help="download, file and acknowledge everything pending"
    )
    pl.add_argument("--into", required=True, metavar="DIR")
    pl.add_argument("--check", choices=("none", "validate", "verify", "both"), default="validate")
    pl.add_argument("--trust", metavar="FILE", help="trust anchors for --check verify/both")
    pl.add_argument("--tracker", metavar="DB", help="add received status packages to this tracker")
    pl.add_argument("--every", type=float, metavar="SECONDS",
                    help="keep running: a pass every SECONDS until SIGTERM/SIGINT")  # fmt: skip
    pl.set_defaults(func=_guarded(_pull))

    ls = hub.add_parser("list", parents=[config], help="list what waits for you")
    ls.add_argument("--status", action="store_true", help="status packages instead of edocs")
    ls.set_defaults(func=_guarded(_list))

    st = hub.add_parser(
        "status", parents=[config], help="delivery state per recipient of a sent package"
    )
    st.add_argument("doc_id", metavar="DOCID", help="the DocId the hub gave when you sent it")
    st.add_argument("--status", action="store_true", help="the package was a status package")
    st.set_defaults(func=_guarded(_status))

    ag = hub.add_parser("agencies", parents=[config], help="the hub's agency directory")
    ag.set_defaults(func=_guarded(_agencies))  # fmt: skip


def _register_serve(hub: Any) -> None:
    sv = hub.add_parser("serve", help="run a local test hub (the same API, for integration tests)")
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8080, help="0 picks a free port (printed)")
    sv.add_argument("--data", required=True, metavar="DIR", help="where queues and packages live")
    sv.add_argument(
        "--account",
        action="append",
        default=[],
        metavar="SYSTEMID:SECRET",
        help="an account (any local user can read a command line: prefer --accounts)",
    )
    sv.add_argument(
        "--accounts",
        metavar="FILE",
        help='a TOML file of accounts, one "SYSTEMID" = "SECRET" per line (chmod 600)',
    )
    sv.add_argument(
        "--relay",
        choices=("append", "reserialise"),
        default="append",
        help="append a TraceHeader (default) or re-serialise packages like some hubs",
    )
    sv.add_argument("--organ-id", help="OrganId of the hub's TraceHeader (default: none)")
    sv.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="KIND:CALL[:TIMES]",
        help="inject a fault: error, timeout, drop or duplicate",
    )
    sv.add_argument(
        "--admin", action="store_true", help="enable /_admin/faults to inject faults at run time"
    )
    sv.set_defaults(func=_serve)  # fmt: skip


def _error(vi: str, en: str, lang: str) -> None:
    print(tr(lang, f"edocstd: lỗi: {vi}", f"edocstd: error: {en}"), file=sys.stderr)


def _lang(args: argparse.Namespace) -> str:
    return str(getattr(args, "lang", "vi"))


def _guarded(run: Any) -> Any:
    """Map the hub's errors to exit codes with a bilingual message (never the secret)."""

    def call(args: argparse.Namespace) -> int:
        from ..hub import HubClient, HubConfig, HubConfigError, HubError, HubRejected

        try:
            config = HubConfig.load(args.config)
        except HubConfigError as exc:
            _error(exc.message("vi"), exc.message("en"), _lang(args))
            return 2
        try:
            with HubClient(config) as client:
                return int(run(client, args))
        except HubRejected as exc:
            _error(exc.message("vi"), exc.message("en"), _lang(args))
            return 1
        except HubError as exc:  # unavailable, unreadable replies, a pull already running
            _error(exc.message("vi"), exc.message("en"), _lang(args))
            return 2

    return call


def _serve(args: argparse.Namespace) -> int:
    from ..hub import Fault
    from ..hub._serve import serve
    from ..hub._server import create_app

    accounts = _serve_accounts(args)
    if accounts is None:
        return 2
    faults = [Fault.parse(f) for f in args.fault]
    Path(args.data).mkdir(parents=True, exist_ok=True)
    app = create_app(args.data, accounts, relay=args.relay, organ_id=args.organ_id,
                     faults=faults, admin=args.admin)  # fmt: skip
    try:
        serve(app, args.host, args.port)
    except OSError as exc:
        where = f"{args.host}:{args.port}"
        reason = exc.strerror or str(exc)
        vi, en = f"không mở được {where}: {reason}", f"cannot listen on {where}: {reason}"
        _error(vi, en, _lang(args))
        return 2
    return 0


def _serve_accounts(args: argparse.Namespace) -> dict[str, str] | None:
    """The accounts of ``hub serve``, from ``--accounts FILE`` and ``--account`` (``None``:
    an error was printed)."""
    accounts: dict[str, str] = {}
    if args.accounts:
        from ..hub import HubConfigError
        from ..hub._config import read_accounts

        try:
            accounts.update(read_accounts(args.accounts))
        except HubConfigError as exc:
            _error(exc.message("vi"), exc.message("en"), _lang(args))
            return None
    for account in args.account:
        systemid, sep, secret = account.partition(":")
        if not sep or not systemid or not secret:
            _error(
                "--account phải có dạng SYSTEMID:SECRET",
                "--account must be SYSTEMID:SECRET",
                _lang(args),
            )
            return None
        accounts[systemid] = secret
    if not accounts:
        _error("cần ít nhất một tài khoản (--accounts FILE hoặc --account)",
               "at least one account is needed (--accounts FILE or --account)",
               _lang(args))  # fmt: skip
        return None
    return accounts


def _send(client: HubClient, args: argparse.Namespace) -> int:
    from .. import load

    kind: Literal["edoc", "status"] = "status" if args.status else "edoc"
    sent = []
    for name in args.files:
        doc_id = client.send(Path(name), message_type=kind, to=args.to)
        sent.append({"file": name, "docId": doc_id})
        if args.tracker and kind == "edoc":
            from .. import Tracker

            with Tracker(args.tracker) as tracker:
                tracker.add(load(name))
        if not args.json:
            print(printable(f"{name} -> {doc_id}"))
    if args.json:
        print_json(sent)
    return 0


def _pull(client: HubClient, args: argparse.Namespace) -> int:
    from ..hub import PullOptions

    tracker = None
    if args.tracker:
        from .. import Tracker

        tracker = Tracker(args.tracker)
    options = PullOptions(check=args.check, trust=args.trust, tracker=tracker)
    try:
        if args.every is None:
            return _pull_once(client, args, options)
        return _pull_every(client, args, options)
    finally:
        if tracker is not None:
            tracker.close()


def _pull_once(client: HubClient, args: argparse.Namespace, options: Any) -> int:
    from ..hub import Pulled, pull
    from ..hub._pull import describe

    def show(p: Pulled) -> None:
        print(describe(p), flush=True)

    results = pull(client, args.into, options, on_item=None if args.json else show)
    failed = sum(not r.ok for r in results)
    if args.json:
        print_json([{**attrs.asdict(r), "path": str(r.path) if r.path else None} for r in results])
    else:
        filed = sum(r.outcome == "filed" for r in results)
        print(
            tr(
                _lang(args),
                f"Đã nhận {filed} gói tin; {failed} lỗi.",
                f"Filed {filed} package(s); {failed} failed.",
            )
        )
    return 1 if failed else 0


def _pull_every(client: HubClient, args: argparse.Namespace, options: Any) -> int:
    """Run as a service: a pass every ``--every`` seconds until SIGTERM or SIGINT, which let
    the current pass finish (every step of it is safe to interrupt anyway)."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    code = 0
    while not stop.is_set():
        code = _pull_once(client, args, options)
        stop.wait(max(0.0, args.every))
    return code


def _row(*fields: object) -> str:
    """Tab-separated columns, each escaped for the terminal (a tab inside one included)."""
    return "\t".join(printable(f) for f in fields)


def _list(client: HubClient, args: argparse.Namespace) -> int:
    items = client.received("status" if args.status else "edoc")
    if args.json:
        print_json([attrs.asdict(i) for i in items])
        return 0
    if not items:  # on stderr: standard output stays data only
        print(
            tr(_lang(args), "Không có gói tin nào đang chờ.", "Nothing pending."), file=sys.stderr
        )
    for i in items:
        print(_row(i.doc_id, i.message_type, i.sender, i.created_time, i.status))
    return 0


def _status(client: HubClient, args: argparse.Namespace) -> int:
    rows = client.sent(args.doc_id, "status" if args.status else "edoc")
    if args.json:
        print_json([attrs.asdict(r) for r in rows])
        return 0
    for r in rows:
        print(_row(r.to_code, r.receive_status, r.received_time or "", r.title or ""))
    return 0


def _agencies(client: HubClient, args: argparse.Namespace) -> int:
    agencies = client.agencies()
    if args.json:
        print_json([attrs.asdict(a) for a in agencies])
        return 0
    for a in agencies:
        print(_row(a.code, a.name or ""))
    return 0
