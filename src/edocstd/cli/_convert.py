"""``edocstd convert``: edXML ⇄ the JSON of ``to_dict`` (direction from the input)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .._api import dump, load
from .._errors import BuildError, ParseError
from .._model.package import Edoc, StatusPackage
from ._common import print_json


def register(sub: Any) -> None:
    p = sub.add_parser("convert", help="convert edXML to JSON (to_dict) or JSON back to edXML")
    p.add_argument("file", help="a .edxml package or a .json file made by convert/to_dict")
    p.add_argument("-o", "--output", help="where to write (default: standard output)")
    p.add_argument("--to", choices=("json", "edxml"), help="target format (default: the other one)")
    p.add_argument(
        "--json", action="store_true", help="with -o: print a JSON summary of what was written"
    )
    p.set_defaults(func=run)


def _is_json(path: Path) -> bool:
    if path.suffix.lower() == ".json":
        return True
    with path.open("rb") as f:
        return f.read(64).lstrip()[:1] in (b"{", b"[")


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if args.json and not args.output:
        raise BuildError(
            "--json needs -o (the converted package goes to standard output otherwise)",
            message_vi="--json cần -o (nếu không, gói tin chuyển đổi được ghi ra đầu ra chuẩn)",
        )
    target = args.to or ("edxml" if _is_json(path) else "json")
    code = _convert(args, path, target)
    if args.json:
        print_json({"ok": True, "input": str(path), "output": args.output, "to": target})
    return code


def _convert(args: argparse.Namespace, path: Path, target: str) -> int:
    if target == "edxml":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ParseError(f"{path} is not valid JSON: {exc}") from None
        if not isinstance(data, dict):
            raise ParseError(f"{path}: the JSON must be an object (as made by to_dict)")
        header = data.get("MessageHeader")
        is_status = isinstance(header, dict) and "StatusCode" in header
        try:
            pkg: Edoc | StatusPackage = (StatusPackage if is_status else Edoc).from_dict(data)
        except BuildError as exc:  # the JSON describes no valid package: invalid input (1)
            raise ParseError(f"{path}: {exc}") from None
        if args.output:
            dump(pkg, args.output)
        else:
            dump(pkg, sys.stdout.buffer)
        return 0
    pkg = load(path)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            print_json(pkg.to_dict(), out)
    else:
        print_json(pkg.to_dict())
    return 0
