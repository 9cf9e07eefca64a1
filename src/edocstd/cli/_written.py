"""What ``edocstd new`` and ``edocstd status`` share: the output options, writing the package
built (to a file or standard output) and the one-line or JSON summary of it."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .._api import dump
from .._model.package import Edoc, StatusPackage


def output_options(p: argparse.ArgumentParser) -> None:
    """``-o/--output``, ``--json`` and ``--now`` of a command that builds a package."""
    p.add_argument("-o", "--output", required=True, help="file to write ('-' for stdout)")
    p.add_argument("--json", action="store_true", help="print a JSON summary")
    p.add_argument("--now", help="timestamp to use (yyyy/MM/dd HH:mm:ss; default: now)")


def write_package(pkg: Edoc | StatusPackage, out: str) -> None:
    """Write ``pkg`` to the file ``out`` (``-``: standard output)."""
    if out == "-":
        dump(pkg, sys.stdout.buffer)
    else:
        dump(pkg, out)


def report_written(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    """The JSON summary with ``--json``, else ``text`` unless the package went to stdout."""
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif args.output != "-":
        print(text)


__all__ = ["output_options", "report_written", "write_package"]
