"""``edocstd validate FILE_OR_DIR...``: validate packages, one report each and a summary.

Exit codes: 0 every package is valid, 1 at least one is invalid (an unreadable package is
invalid, with a finding), 2 usage or I/O error (a missing file, an unreadable trust file).
On a terminal: a table per package and progress on stderr for long runs.  Piped: one
tab-separated line per finding (``file, rule, severity, path:line, message``) and a final
summary line, so the output can be grepped and cut.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from .._batch import default_jobs, validate_many
from .._batch.discover import scan
from .._findings import Finding
from .._validate.catalogue import PROFILES
from .._validate.report import Report

_HEADER_PREFIX = "/edXML/edXMLEnvelope/edXMLHeader/"


def register(sub: Any) -> None:
    p = sub.add_parser(
        "validate",
        help="validate packages: schema, business rules, identifiers (and signature with --trust)",
        description="Validate edXML packages. Folders are searched recursively for *.edxml "
        "files and for *.xml files whose root element is edXML. Exit status: 0 all valid, "
        "1 any invalid, 2 usage or I/O error, or nothing to validate.",
    )
    p.add_argument("paths", nargs="+", metavar="FILE_OR_DIR", help="packages or folders")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--profile",
        choices=PROFILES,
        default="vdxp",
        help="vdxp (default: what the national axis needs), strict (exactly what "
        "the official SDK writes) or lenient (only unusable packages fail)",
    )
    p.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of messages")
    p.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="CA",
        help="trust anchors (PEM bundle, DER file or folder; repeatable): also "
        "verify the signature",
    )
    p.add_argument(
        "--documents",
        action="store_true",
        help="also check the digital signatures on the PDF documents inside (needs "
        "edocstd[pdf]); signers are checked against --document-trust, else --trust",
    )
    p.add_argument(
        "--document-trust",
        action="append",
        default=[],
        metavar="CA",
        help="trust anchors for the documents' signers (PEM bundle, DER file or folder; "
        "repeatable); implies --documents",
    )
    p.add_argument(
        "--max-attachment-bytes",
        type=int,
        default=None,
        metavar="N",
        help="largest decoded attachment accepted",
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        metavar="N",
        help="packages validated in parallel (default: the cores available; 1: one at a time)",
    )
    p.set_defaults(func=run)


def _where(f: Finding) -> str:
    path = f.path or ""
    if path.startswith(_HEADER_PREFIX):
        path = path[len(_HEADER_PREFIX) :]
    if f.line is not None:
        path = f"{path}:{f.line}" if path else f"line {f.line}"
    return path or "-"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _table(report: Report, lang: str, out: TextIO) -> None:
    verdict = (
        ("HỢP LỆ" if report.ok else "KHÔNG HỢP LỆ")
        if lang == "vi"
        else ("VALID" if report.ok else "INVALID")
    )
    counts = (
        f"{len(report.errors)} lỗi, {len(report.warnings)} cảnh báo"
        if lang == "vi"
        else f"{len(report.errors)} errors, {len(report.warnings)} warnings"
    )
    out.write(
        f"{report.source or '<input>'}: {verdict} ({report.kind or '-'}, "
        f"profile {report.profile}; {counts})\n"
    )
    out.write(
        "  "
        + "  ".join(
            f"{t.name} {t.status}" + (f" ({t.reason_in(lang)})" if t.reason and t.skipped else "")
            for t in report.tiers
        )
        + "\n"
    )
    _documents(report, lang, out)
    rows = [
        (f.rule, f.severity.value, _where(f), _one_line(f.message(lang))) for f in report.findings
    ]
    if not rows:
        return
    heads = ("RULE", "SEVERITY", "WHERE", "MESSAGE")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads[:3])]
    widths = [min(w, 60) for w in widths]
    cells = (h.ljust(w) for h, w in zip(heads[:3], widths, strict=True))
    out.write("  " + "  ".join(cells) + "  MESSAGE\n")
    for row in rows:
        out.write(
            "  "
            + "  ".join(c.ljust(w) for c, w in zip(row[:3], widths, strict=True))
            + "  "
            + row[3]
            + "\n"
        )


def _documents(report: Report, lang: str, out: TextIO, prefix: str = "  ") -> None:
    """Each document of the documents tier, then one line per signature (escaped)."""
    for document in report.documents or ():
        for line in document.lines(lang):
            out.write(f"{prefix}{line}\n")


def _plain(report: Report, lang: str, out: TextIO) -> None:
    verdict = "valid" if report.ok else "invalid"
    out.write(
        f"{report.source}\t-\t{verdict}\t-\t{len(report.errors)} errors, "
        f"{len(report.warnings)} warnings\n"
    )
    _documents(report, lang, out, prefix=f"{report.source}\tdocument\t")
    for f in report.findings:
        out.write(
            f"{report.source}\t{f.rule}\t{f.severity.value}\t{_where(f)}\t"
            f"{_one_line(f.message(lang))}\n"
        )


def _anchors(sources: list[str]) -> tuple[Any, ...] | None:
    """The certificates of a repeatable trust option (``--trust``, ``--document-trust``)."""
    if not sources:
        return None
    from .._sign.trust import load_trust_anchors

    anchors: list[Any] = []
    for item in sources:
        anchors.extend(load_trust_anchors(item))
    return tuple(anchors)


def _usage_problem(
    args: argparse.Namespace, trust: tuple[Any, ...] | None, document_trust: tuple[Any, ...] | None
) -> str | None:
    if trust == ():
        return "no certificate found in --trust"
    if document_trust == ():
        return "no certificate found in --document-trust"
    if args.max_attachment_bytes is not None and args.max_attachment_bytes < 0:
        return "--max-attachment-bytes must not be negative"
    if args.jobs is not None and args.jobs < 1:
        return "--jobs must be at least 1"
    return None


def _nothing_to_validate(paths: list[str]) -> int:
    where = ", ".join(paths)
    print(
        f"edocstd: lỗi: không có gói tin nào để kiểm tra trong {where} "
        "(tệp .edxml, hay .xml có gốc edXML)\n"
        f"edocstd: error: nothing to validate in {where} "
        "(no .edxml file, nor .xml with an edXML root)",
        file=sys.stderr,
    )
    return 2


class _Progress:
    """``[n/total] name`` on stderr while a long run goes on, only when stderr is a terminal."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.on = sys.stderr.isatty() and total > 1

    def step(self, n: int, name: str) -> None:
        if self.on:
            sys.stderr.write(f"\r[{n}/{self.total}] {name[:60]:<60}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.on:
            sys.stderr.write("\r" + " " * 72 + "\r")
            sys.stderr.flush()


def _summary_line(lang: str, checked: int, valid: int, io_errors: int) -> str:
    invalid = checked - valid
    if lang == "vi":
        return f"{checked} gói tin: {valid} hợp lệ, {invalid} không hợp lệ" + (
            f", {io_errors} lỗi vào/ra" if io_errors else ""
        )
    return f"{checked} packages: {valid} valid, {invalid} invalid" + (
        f", {io_errors} I/O errors" if io_errors else ""
    )


def run(args: argparse.Namespace) -> int:
    trust = _anchors(args.trust)
    document_trust = _anchors(args.document_trust)
    problem = _usage_problem(args, trust, document_trust)
    if problem:
        print(f"edocstd: error: {problem}", file=sys.stderr)
        return 2
    found = scan(args.paths)
    for problem in found.problems:
        print(f"edocstd: error: {problem}", file=sys.stderr)
    if not found.files:
        return 2 if found.problems else _nothing_to_validate(args.paths)
    reports = validate_many(
        found.files,
        jobs=args.jobs if args.jobs is not None else min(default_jobs(), len(found.files)),
        profile=args.profile,
        lang=args.lang,
        trust=trust,
        max_attachment_bytes=args.max_attachment_bytes,
        documents=args.documents,
        document_trust=document_trust,
    )
    valid = (_write_json if args.json else _write_text)(args, reports, len(found.files))
    checked = len(found.files)
    if not args.json and (checked > 1 or found.problems or _has_folder(args.paths)):
        line = _summary_line(args.lang, checked, valid, len(found.problems))
        out = sys.stdout
        out.write(line + "\n" if out.isatty() else f"-\t-\tsummary\t-\t{line}\n")
    if args.json:
        _write_json_tail(args, checked, valid, found.problems)
    if found.problems:
        return 2
    return 1 if valid < checked else 0


def _has_folder(paths: list[str]) -> bool:
    return any(Path(p).is_dir() for p in paths)


def _write_text(args: argparse.Namespace, reports: Iterator[Report], total: int) -> int:
    out = sys.stdout
    interactive = out.isatty()
    progress = _Progress(total)
    valid = 0
    for n, report in enumerate(reports, 1):
        progress.step(n, Path(report.source or "").name)
        valid += report.ok
        if progress.on:
            progress.done()
        (_table if interactive else _plain)(report, args.lang, out)
        if interactive and total > 1:
            out.write("\n")
    progress.done()
    return valid


def _write_json(args: argparse.Namespace, reports: Iterator[Report], total: int) -> int:
    """Stream the reports into the JSON document: a large folder never sits in memory."""
    out = sys.stdout
    out.write('{\n  "profile": ' + json.dumps(args.profile) + ',\n  "packages": [')
    progress = _Progress(total)
    valid = 0
    for n, report in enumerate(reports, 1):
        progress.step(n, Path(report.source or "").name)
        valid += report.ok
        body = json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
        out.write(("," if n > 1 else "") + "\n    " + body.replace("\n", "\n    "))
    progress.done()
    out.write("\n  ],\n")
    return valid


def _write_json_tail(
    args: argparse.Namespace, checked: int, valid: int, problems: tuple[str, ...]
) -> None:
    tail = {
        "ok": valid == checked and not problems,
        "summary": {
            "packages": checked,
            "valid": valid,
            "invalid": checked - valid,
            "io_errors": len(problems),
        },
        "errors": list(problems),
    }
    body = json.dumps(tail, ensure_ascii=False, indent=2)
    sys.stdout.write(body[1:].lstrip("\n") if body.startswith("{") else body)
    sys.stdout.write("\n")


__all__ = ["register", "run"]
