"""``edocstd token list``: the keys and certificates on a PKCS#11 token (USB token, HSM).

The PIN comes from ``--pin-env VAR`` or a prompt, never from the command line, and is never
printed.  Without a PIN only public objects show (most tokens hide private keys until login).
"""

from __future__ import annotations

import argparse
from typing import Any

from .._sign.pkcs11 import list_token_objects
from .._sign.tokens import TokenObject
from ._common import print_json, read_secret, tr


def register(sub: Any) -> None:
    p = sub.add_parser("token", help="PKCS#11 tokens: list keys and certificates")
    actions = p.add_subparsers(dest="token_command", metavar="ACTION")
    actions.required = True
    ls = actions.add_parser(
        "list",
        help="list the keys and certificates of a token",
        description="List the keys and certificates a PKCS#11 module shows, with their ids "
        "(a key and its certificate share one): what --key-label/--key-id of sign expect.",
    )
    ls.add_argument("--module", required=True, metavar="SO", help="the PKCS#11 module (.so/.dll)")
    ls.add_argument("--token", metavar="LABEL", help="only this token")
    ls.add_argument("--pin-env", metavar="VAR", help="environment variable holding the PIN")
    ls.add_argument("--login", action="store_true", help="ask for the PIN (private keys show)")
    ls.add_argument("--json", action="store_true", help="machine-readable output")
    ls.set_defaults(func=run_list)


def _pin(args: argparse.Namespace) -> str | None:
    if not (args.pin_env or args.login):
        return None
    return read_secret(args.pin_env, tr(args.lang, "Mã PIN của token: ", "Token PIN: "))


def _line(o: TokenObject, lang: str) -> str:
    kinds = {
        "private-key": tr(lang, "khóa bí mật", "private key"),
        "public-key": tr(lang, "khóa công khai", "public key"),
        "certificate": tr(lang, "chứng thư", "certificate"),
    }
    head = f"{o.token}  {kinds[o.kind]:<14} id={o.key_id or '-'}  label={o.label!r}"
    if o.kind == "certificate":
        until = o.not_after.date().isoformat() if o.not_after else "?"
        return f"{head}  {o.subject}  ({tr(lang, 'hết hạn', 'expires')} {until})"
    if o.key_type:
        return f"{head}  {o.key_type}" + (f" {o.key_bits}" if o.key_bits else "")
    return head


def run_list(args: argparse.Namespace) -> int:
    objects = list_token_objects(args.module, token_label=args.token, pin=_pin(args))
    if args.json:
        print_json({"objects": [o.to_dict() for o in objects]})
        return 0
    if not objects:
        print(tr(args.lang, "không thấy khóa hay chứng thư nào", "no keys or certificates found"))
    for o in objects:
        print(_line(o, args.lang))
    return 0


__all__ = ["register"]
