"""``edocstd sign`` and ``edocstd verify``.

Secrets never go on the command line: key and PKCS#12 passwords and token PINs come from an
environment variable named with ``--password-env`` / ``--pin-env``, or from a prompt when
a terminal is attached.  They are never printed.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from .._errors import EdocError
from ._common import (
    cli_words,
    paint,
    parse_moment,
    print_json,
    read_secret,
    report_error,
    tr,
    use_color,
)

# What the library's messages call a parameter, as the command line calls it.
_SIGN_WORDS = {
    "pass replace=True to replace it": "give --replace to replace it",
    "dùng replace=True để thay": "dùng --replace để thay",
    "give its password": "give its password (--password-env VAR, or at the prompt)",
    "cho biết mật khẩu": "cho biết mật khẩu (--password-env BIẾN, hoặc nhập khi được hỏi)",
    "give cert=": "give --cert",
    "cert=": "--cert",
    "suite= only (profile= is its old name)": "--suite only (--profile is its old name)",
    "suite= (profile= là tên cũ của nó)": "--suite (--profile là tên cũ của nó)",
}


def register(sub: Any) -> None:
    _register_sign(sub)
    _register_verify(sub)


def _register_sign(sub: Any) -> None:
    p = sub.add_parser(
        "sign",
        help="sign a package (enveloped XMLDSig in edXMLHeader)",
        description="Sign an edXML package. Passwords come from --password-env or a prompt.",
    )
    p.add_argument("file", help="the .edxml package to sign")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        help="where to write the signed package ('-' for standard output)",
    )
    p.add_argument("--key", help="private key file (PEM or DER)")
    p.add_argument("--cert", help="signer certificate (PEM or DER)")
    p.add_argument(
        "--chain",
        action="append",
        default=[],
        metavar="FILE",
        help="intermediate certificate(s) to embed (PEM bundle; repeatable)",
    )
    p.add_argument("--pkcs12", metavar="P12", help="PKCS#12 file with key, certificate, chain")
    p.add_argument(
        "--password-env",
        metavar="VAR",
        help="environment variable holding the key / PKCS#12 password",
    )
    p.add_argument("--pkcs11-module", metavar="SO", help="sign with a PKCS#11 token: module path")
    p.add_argument("--token", help="PKCS#11 token label")
    p.add_argument("--key-label", help="PKCS#11 private key label (see: edocstd token list)")
    p.add_argument(
        "--key-id", help="PKCS#11 private key id (CKA_ID, hex), instead of or with --key-label"
    )
    p.add_argument("--pin-env", metavar="VAR", help="environment variable holding the token PIN")
    p.add_argument(
        "--suite",
        choices=["vdxp", "legacy"],
        help="algorithm suite: vdxp (default: exc-C14N, RSA-SHA256) or legacy (SDK samples: "
        "C14N, RSA-SHA1)",
    )
    p.add_argument(
        "--profile", choices=["vdxp", "legacy"], help="old name of --suite (the same suite if both)"
    )
    p.add_argument("--replace", action="store_true", help="replace an existing signature")
    p.add_argument("--json", action="store_true", help="print a JSON summary of what was signed")
    p.set_defaults(func=run_sign)


def _register_verify(sub: Any) -> None:
    v = sub.add_parser(
        "verify",
        help="verify a package's signature",
        description="Verify the signature. Exit 0 when valid, 1 when invalid or the signer is "
        "not trusted, 2 on usage or I/O errors.",
    )
    v.add_argument("file", help="the signed .edxml package")
    v.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="CA",
        help="trust anchors: PEM bundle, DER file or directory (repeatable)",
    )
    v.add_argument(
        "--legacy",
        action="store_true",
        help="accept the SDK's legacy SHA-1 algorithms (with a warning)",
    )
    v.add_argument(
        "--at",
        metavar="TIME",
        help="validation time: ISO 8601 or yyyy/MM/dd HH:mm:ss (default: now)",
    )
    v.add_argument(
        "--signers",
        metavar="JSON",
        help="signer registry: OrganId -> certificates allowed to sign for it (docs/signatures.md)",
    )
    v.add_argument("--json", action="store_true", help="machine-readable output")
    v.set_defaults(func=run_verify)


def _err(lang: str, vi: str, en: str) -> int:
    report_error(lang, [tr(lang, vi, en)])
    return 2


def run_sign(args: argparse.Namespace) -> int:
    try:
        from .._sign.algorithms import get_suite

        args.suite = get_suite(args.suite, args.profile).name  # --profile: its old name
        material = _signing_material(args)
        if isinstance(material, int):
            return material
        key, password = material
        # streamed to the output: memory stays flat whatever the attachments' size
        output = sys.stdout.buffer if args.output == "-" else args.output
        try:
            _sign(args, key, password, output)
        except EdocError as exc:
            if password is None and "encrypted" in str(exc) and sys.stdin.isatty():
                password = getpass.getpass(tr(args.lang, "Mật khẩu khóa: ", "Key password: "))
                _sign(args, key, password, output)
            else:
                raise
        _report_signed(args)
        return 0
    except EdocError as exc:
        raise cli_words(exc, _SIGN_WORDS) from None


def _signing_material(args: argparse.Namespace) -> tuple[Any, str | None] | int:
    """The key (a token signer, a PKCS#12 or key file) and its password; an exit code (2,
    the problem said) when the options do not name one."""
    from .._sign import Pkcs11Signer  # here, not above: only signing needs cryptography

    if args.pkcs11_module:
        if not (args.token and (args.key_label or args.key_id)):
            return _err(
                args.lang,
                "--pkcs11-module cần --token và --key-label hoặc --key-id "
                "(--cert không bắt buộc: chứng thư được đọc từ token)",
                "--pkcs11-module needs --token and --key-label or --key-id "
                "(--cert is optional: the certificate is read from the token)",
            )
        pin = read_secret(args.pin_env, tr(args.lang, "Mã PIN của token: ", "Token PIN: "))
        signer = Pkcs11Signer(
            args.pkcs11_module, args.token, pin, args.key_label, key_id=args.key_id
        )
        return signer, None
    if args.pkcs12:
        prompt = tr(args.lang, "Mật khẩu PKCS#12: ", "PKCS#12 password: ")
        return args.pkcs12, read_secret(args.password_env, prompt)
    if args.key:
        if not args.cert:
            return _err(args.lang, "--key cần --cert", "--key needs --cert")
        return args.key, read_secret(args.password_env, "") if args.password_env else None
    return _err(
        args.lang,
        "hãy cho --key và --cert, --pkcs12, hoặc --pkcs11-module",
        "give --key and --cert, --pkcs12, or --pkcs11-module",
    )


def _sign(args: argparse.Namespace, key: Any, password: str | None, output: Any) -> None:
    from .._sign import sign

    sign(
        args.file,
        key=key,
        cert=args.cert,
        chain=list(args.chain),
        suite=args.suite,
        replace=args.replace,
        password=password,
        output=output,
    )


def _report_signed(args: argparse.Namespace) -> None:
    if args.output == "-":
        sys.stdout.buffer.flush()
    else:
        print(
            tr(args.lang, "đã ký", "signed") + f" {args.file} -> {args.output} ({args.suite})",
            file=sys.stderr,
        )
    if args.json and args.output != "-":
        # "profile": the old key of "suite", kept for scripts that read it
        info = {"ok": True, "file": args.file, "output": args.output}
        print_json({**info, "suite": args.suite, "profile": args.suite})


def run_verify(args: argparse.Namespace) -> int:
    from .._sign import Policy, SignerRegistry, verify

    try:
        at = parse_moment(args.at, "--at") if args.at else None
        kwargs: dict[str, Any] = {"trust_anchors": args.trust, "validation_time": at}
        if args.signers:
            kwargs["signers"] = SignerRegistry.from_file(args.signers)
        policy = Policy.legacy(**kwargs) if args.legacy else Policy(**kwargs)
        result = verify(args.file, policy=policy)
    except EdocError as exc:
        raise cli_words(exc, _SIGN_WORDS) from None
    if args.json:
        data = result.to_dict()
        data["message_en"] = result.message
        from .._sign.summary import message_vi

        data["message_vi"] = message_vi(result)
        print_json(data)
    else:
        lines = result.summary(args.lang).split("\n")
        role = {"valid": "good", "invalid": "bad"}.get(result.verdict, "warn")
        lines[0] = paint(lines[0], role, use_color(sys.stdout, args.color))
        print("\n".join(lines))
    return 0 if result.valid else 1
