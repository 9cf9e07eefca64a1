"""``edocstd new``: build a new document (BussinessDocType 0) from a JSON file of
``new_document`` options and/or command-line options.

Options override the JSON file; errors name the options the user gave, not Python parameters.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._errors import BuildError, EdocError
from .._model.attachment import Attachment
from .._model.header import DocumentType, Organization
from ._common import cli_words, parse_day, parse_moment, report_error, tr
from ._written import output_options, report_written, write_package

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
# What new_document cannot do without (from the JSON file or an option).
_REQUIRED = (
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

# The lifecycle tools are imported by the command that uses them, so that the other commands
# (`edocstd show` above all) start without them.


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
            spec[key] = parse_day(spec[key], key)
    if isinstance(spec.get("now"), str):
        spec["now"] = parse_moment(spec["now"], "now")
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


def _apply_options(spec: dict[str, Any], args: argparse.Namespace) -> None:
    """The options given on the command line, over what the JSON file said."""
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
        spec["promulgation_date"] = parse_day(args.date, "--date")
    if args.due_date:
        spec["due_date"] = parse_day(args.due_date, "--due-date")
    if args.now:
        spec["now"] = parse_moment(args.now, "--now")
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


def _apply_attachments(spec: dict[str, Any], args: argparse.Namespace) -> None:
    """``--attach`` files after the JSON file's, each zipped with ``--zip``/``--zip-keep-type``."""
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


def _report_missing(args: argparse.Namespace, missing: list[str]) -> None:
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


def _cmd_new(args: argparse.Namespace) -> int:
    from .._lifecycle.builders import new_document

    spec: dict[str, Any] = _spec_from_json(args.spec) if args.spec else {}
    _apply_options(spec, args)
    _apply_attachments(spec, args)
    missing = [k for k in _REQUIRED if spec.get(k) in (None, "", [])]
    if missing:
        _report_missing(args, missing)
        return 2
    try:
        edoc = new_document(**spec)
    except TypeError as exc:  # an unknown key in the JSON file
        raise BuildError(str(exc).replace("new_document() ", "")) from None
    except BuildError as exc:  # name the options the user gave, not Python parameters
        given = {k: o for k, (o, dest) in _NEW_OPTIONS.items() if getattr(args, dest, None)}
        raise cli_words(exc, {}, given) from None
    write_package(edoc, args.output)
    report_written(
        args,
        {
            "document_id": edoc.header.document_id,
            "output": args.output,
            "attachments": [a.attachment_name for a in edoc.attachments],
        },
        f"{edoc.header.document_id} -> {args.output}",
    )
    return 0


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
    output_options(new)
    new.set_defaults(func=_cmd_new)


__all__ = ["register"]
