"""``edocstd sign`` and ``edocstd verify``.

Secrets never go on the command line: key and PKCS#12 passwords and token PINs come from an
environment variable named with ``--password-env`` / ``--pin-env``, or from a prompt when
a terminal is attached.  They are never printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from typing import Any

from .._errors import EdocError
from .._sign import Pkcs11Signer, Policy, SignerRegistry, sign, verify


def register(sub: Any) -> None:
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
    p.add_argument("--key-label", help="PKCS#11 private key label")
    p.add_argument("--pin-env", metavar="VAR", help="environment variable holding the token PIN")
    p.add_argument(
        "--profile",
        choices=["vdxp", "legacy"],
        default="vdxp",
        help="vdxp (default: exc-C14N, RSA-SHA256) or legacy (SDK samples: C14N, RSA-SHA1)",
    )
    p.add_argument("--replace", action="store_true", help="replace an existing signature")
    p.set_defaults(func=run_sign)

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
    v.add_argument("--at", metavar="TIME", help="validation time, ISO 8601 (default: now)")
    v.add_argument(
        "--signers",
        metavar="JSON",
        help="signer registry: OrganId -> certificates allowed to sign for it (docs/signatures.md)",
    )
    v.add_argument("--json", action="store_true", help="machine-readable output")
    v.set_defaults(func=run_verify)


def _secret(env: str | None, prompt: str) -> str | None:
    if env:
        value = os.environ.get(env)
        if value is None:
            raise EdocError(f"the environment variable {env} is not set")
        return value
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return None


def _err(message: str) -> int:
    print(f"edocstd: error: {message}", file=sys.stderr)
    return 2


def run_sign(args: argparse.Namespace) -> int:
    try:
        key: Any
        cert: Any = args.cert
        password: str | None = None
        if args.pkcs11_module:
            if not (args.token and args.key_label and args.cert):
                return _err("--pkcs11-module needs --token, --key-label and --cert")
            pin = _secret(args.pin_env, "Token PIN: ")
            key = Pkcs11Signer(args.pkcs11_module, args.token, pin, args.key_label)
        elif args.pkcs12:
            key = args.pkcs12
            password = _secret(args.password_env, "PKCS#12 password: ")
        elif args.key:
            if not args.cert:
                return _err("--key needs --cert")
            key = args.key
            if args.password_env:
                password = _secret(args.password_env, "")
        else:
            return _err("give --key and --cert, --pkcs12, or --pkcs11-module")
        chain = list(args.chain)
        # streamed to the output: memory stays flat whatever the attachments' size
        output = sys.stdout.buffer if args.output == "-" else args.output
        try:
            sign(
                args.file,
                key=key,
                cert=cert,
                chain=chain,
                profile=args.profile,
                replace=args.replace,
                password=password,
                output=output,
            )
        except EdocError as exc:
            if password is None and "encrypted" in str(exc) and sys.stdin.isatty():
                password = getpass.getpass("Key password: ")
                sign(
                    args.file,
                    key=key,
                    cert=cert,
                    chain=chain,
                    profile=args.profile,
                    replace=args.replace,
                    password=password,
                    output=output,
                )
            else:
                raise
        if args.output == "-":
            sys.stdout.buffer.flush()
        else:
            print(f"signed {args.file} -> {args.output} (profile {args.profile})", file=sys.stderr)
        return 0
    except EdocError as exc:
        return _err(str(exc))
    except OSError as exc:
        return _err(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))


def run_verify(args: argparse.Namespace) -> int:
    try:
        at = None
        if args.at:
            try:
                at = dt.datetime.fromisoformat(args.at)
            except ValueError:
                return _err(f"--at: not an ISO 8601 time: {args.at!r}")
        kwargs: dict[str, Any] = {"trust_anchors": args.trust, "validation_time": at}
        if args.signers:
            kwargs["signers"] = SignerRegistry.from_file(args.signers)
        policy = Policy.legacy(**kwargs) if args.legacy else Policy(**kwargs)
        result = verify(args.file, policy=policy)
    except EdocError as exc:
        return _err(str(exc))
    except OSError as exc:
        return _err(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
    if args.json:
        print(result.to_json())
    else:
        print(result.summary())
    return 0 if result.valid else 1
