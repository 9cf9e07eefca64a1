"""``edocstd schema``: the schemas a program can check packages with.

``--json-schema`` prints the JSON Schema (draft 2020-12) of the ``to_dict`` form (what
``edocstd convert`` writes and reads); ``--xsd`` prints the folder of the XML Schemas.
"""

from __future__ import annotations

import argparse
from typing import Any

from .._xml.json_schema import to_dict_schema
from .._xml.schemas import SCHEMA_NAMES, schema_dir
from ._common import print_json


def register(sub: Any) -> None:
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of the JSON form, or where the XML Schemas are",
        description="Print the JSON Schema of to_dict/convert's JSON (--json-schema) or the "
        "folder of the XML Schemas (--xsd).",
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--json-schema", action="store_true", help="the JSON Schema of to_dict")
    what.add_argument("--xsd", action="store_true", help="the folder of the .xsd files")
    p.add_argument("--json", action="store_true", help="with --xsd: the folder and files as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.json_schema:
        print_json(to_dict_schema())
        return 0
    folder = schema_dir()
    files = {name: str(folder / f"{name}.xsd") for name in SCHEMA_NAMES}
    if args.json:
        print_json({"folder": str(folder), "schemas": files})
    else:
        print(folder)
    return 0


__all__ = ["register"]
