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

from .._findings import Finding
from .._validate.catalogue import PROFILES
from .._validate.report import Report
from .._validate.validator import validate

_HEADER_PREFIX = "/edXML/edXMLEnvelope/edXMLHeader/"


def register(sub: Any) -> None:
    p = sub.add_parser(
        "validate",
        help="validate packages: schema, business rules, identifiers (and signature with --trust)",
        description="Validate edXML packages. Directories are searched for *.edxml files. "
        "Exit status: 0 all valid, 1 any invalid, 2 usage or I/O error.",
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
    p.set_defaults(func=run)


def _expand(paths: list[str], problems: list[str]) -> Iterator[Path]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.edxml") if p.is_file())
            if not found:
                print(f"edocstd: note: no *.edxml file in {name}", file=sys.stderr)
            yield from found
        elif path.is_file():
            yield path
        elif path.exists():
            problems.append(f"{name}: not a regular file")
        else:
            problems.append(f"{name}: no such file or directory")


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


def _anchors(sources: list[str], option: str) -> tuple[Any, ...] | None:
    """The certificates of a repeatable trust option; ``()`` when it names none."""
    if not sources:
        return None
    from .._sign.trust import load_trust_anchors

    anchors: list[Any] = []
    for item in sources:
        anchors.extend(load_trust_anchors(item))
    if not anchors:
        print(f"edocstd: error: no certificate found in {option}", file=sys.stderr)
    return tuple(anchors)


def run(args: argparse.Namespace) -> int:
    trust = _anchors(args.trust, "--trust")
    document_trust = _anchors(args.document_trust, "--document-trust")
    if trust == () or document_trust == ():
        return 2
    if args.max_attachment_bytes is not None and args.max_attachment_bytes < 0:
        print("edocstd: error: --max-attachment-bytes must not be negative", file=sys.stderr)
        return 2
    problems: list[str] = []
    files = list(_expand(args.paths, problems))
    for problem in problems:
        print(f"edocstd: error: {problem}", file=sys.stderr)
    out = sys.stdout
    interactive = out.isatty()
    progress = sys.stderr.isatty() and len(files) > 1
    reports: list[Report] = []
    for n, path in enumerate(files, 1):
        if progress:
            sys.stderr.write(f"\r[{n}/{len(files)}] {path.name[:60]:<60}")
            sys.stderr.flush()
        report = validate(
            path,
            profile=args.profile,
            lang=args.lang,
            trust=trust,
            max_attachment_bytes=args.max_attachment_bytes,
            documents=args.documents,
            document_trust=document_trust,
        )
        reports.append(report)
        if not args.json:
            (_table if interactive else _plain)(report, args.lang, out)
            if interactive and len(files) > 1:
                out.write("\n")
    if progress:
        sys.stderr.write("\r" + " " * 72 + "\r")
        sys.stderr.flush()
    valid = sum(1 for r in reports if r.ok)
    invalid = len(reports) - valid
    if args.json:
        data = {
            "ok": invalid == 0 and not problems,
            "profile": args.profile,
            "summary": {
                "packages": len(reports),
                "valid": valid,
                "invalid": invalid,
                "io_errors": len(problems),
            },
            "packages": [r.to_dict() for r in reports],
            "errors": problems,
        }
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif len(reports) > 1 or problems:
        if args.lang == "vi":
            line = f"{len(reports)} gói tin: {valid} hợp lệ, {invalid} không hợp lệ" + (
                f", {len(problems)} lỗi vào/ra" if problems else ""
            )
        else:
            line = f"{len(reports)} packages: {valid} valid, {invalid} invalid" + (
                f", {len(problems)} I/O errors" if problems else ""
            )
        out.write(line + "\n" if interactive else f"-\t-\tsummary\t-\t{line}\n")
    if problems:
        return 2
    return 1 if invalid else 0


__all__ = ["register", "run"]
