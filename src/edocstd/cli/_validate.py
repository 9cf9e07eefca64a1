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

from .._findings import Finding, Severity
from .._validate.catalogue import PROFILES
from .._validate.report import Report
from .._validate.validator import validate
from ._common import count, paint, report_error, tr, use_color

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
    p.add_argument(
        "--min-severity",
        choices=("error", "warning", "info"),
        default="info",
        help="list only findings at least this severe (the verdict and counts are unchanged)",
    )
    p.add_argument(
        "-q", "--quiet", action="store_true", help="no findings: one verdict line per package"
    )
    p.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="CA",
        help="trust anchors (PEM bundle, DER file or folder; repeatable): also "
        "verify the signature",
    )
    p.add_argument(
        "--max-attachment-bytes",
        type=int,
        default=None,
        metavar="N",
        help="largest decoded attachment accepted",
    )
    p.set_defaults(func=run)


def _expand(paths: list[str], problems: list[tuple[str, str]]) -> Iterator[Path]:
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
            problems.append((f"{name}: không phải tệp thường", f"{name}: not a regular file"))
        else:
            problems.append(
                (f"{name}: không có tệp hoặc thư mục này", f"{name}: no such file or directory")
            )


def _where(f: Finding) -> str:
    path = f.path or ""
    if path.startswith(_HEADER_PREFIX):
        path = path[len(_HEADER_PREFIX) :]
    if f.line is not None:
        path = f"{path}:{f.line}" if path else f"line {f.line}"
    return path or "-"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _shown(report: Report, args: argparse.Namespace) -> list[Finding]:
    """The findings to list, after ``--quiet`` and ``--min-severity``."""
    if args.quiet:
        return []
    least = Severity(args.min_severity).rank
    return [f for f in report.findings if f.severity.rank >= least]


def _table(report: Report, args: argparse.Namespace, out: TextIO) -> None:
    lang = args.lang
    color = use_color(out, args.color)
    verdict = paint(report.verdict(lang), "good" if report.ok else "bad", color)
    profile = tr(lang, "hồ sơ kiểm tra", "profile")
    out.write(
        f"{report.source or '<input>'}: {verdict} ({report.kind or '-'}, "
        f"{profile} {report.profile}; {report.counts_text(lang)})\n"
    )
    if args.quiet:
        return
    out.write(
        "  "
        + "  ".join(
            f"{t.name} {t.status_in(lang)}"
            + (f" ({t.reason_in(lang)})" if t.reason and t.skipped else "")
            for t in report.tiers
        )
        + "\n"
    )
    rows = [
        (f.rule, f.severity.label(lang), _where(f), _one_line(f.message(lang)))
        for f in _shown(report, args)
    ]
    if not rows:
        return
    heads = tuple(
        tr(lang, vi, en)
        for vi, en in (
            ("QUY TẮC", "RULE"),
            ("MỨC ĐỘ", "SEVERITY"),
            ("VỊ TRÍ", "WHERE"),
            ("NỘI DUNG", "MESSAGE"),
        )
    )
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads[:3])]
    widths = [min(w, 60) for w in widths]
    cells = (h.ljust(w) for h, w in zip(heads[:3], widths, strict=True))
    out.write("  " + "  ".join(cells) + f"  {heads[3]}\n")
    for row in rows:
        out.write(
            "  "
            + "  ".join(c.ljust(w) for c, w in zip(row[:3], widths, strict=True))
            + "  "
            + row[3]
            + "\n"
        )


def _plain(report: Report, args: argparse.Namespace, out: TextIO) -> None:
    verdict = "valid" if report.ok else "invalid"
    out.write(f"{report.source}\t-\t{verdict}\t-\t{report.counts_text(args.lang)}\n")
    for f in _shown(report, args):
        out.write(
            f"{report.source}\t{f.rule}\t{f.severity.value}\t{_where(f)}\t"
            f"{_one_line(f.message(args.lang))}\n"
        )


def _to_dict(report: Report, args: argparse.Namespace) -> dict[str, Any]:
    data = report.to_dict()
    shown = set(map(id, _shown(report, args)))
    data["findings"] = [
        d for f, d in zip(report.findings, data["findings"], strict=True) if id(f) in shown
    ]
    return data


def _summary_line(lang: str, reports: int, valid: int, invalid: int, problems: int) -> str:
    line = tr(
        lang,
        f"{reports} gói tin: {valid} hợp lệ, {invalid} không hợp lệ",
        f"{count('en', reports, '', 'package')}: {valid} valid, {invalid} invalid",
    )
    if problems:
        line += ", " + count(lang, problems, "lỗi vào/ra", "I/O error")
    return line


def run(args: argparse.Namespace) -> int:
    trust: Any = None
    if args.trust:
        from .._sign.trust import load_trust_anchors

        anchors: list[Any] = []
        for item in args.trust:
            anchors.extend(load_trust_anchors(item))
        trust = tuple(anchors)
        if not trust:
            report_error(
                args.lang,
                [
                    tr(
                        args.lang,
                        "không có chứng thư nào trong --trust",
                        "no certificate found in --trust",
                    )
                ],
            )
            return 2
    if args.max_attachment_bytes is not None and args.max_attachment_bytes < 0:
        report_error(
            args.lang,
            [
                tr(
                    args.lang,
                    "--max-attachment-bytes không được âm",
                    "--max-attachment-bytes must not be negative",
                )
            ],
        )
        return 2
    problems: list[tuple[str, str]] = []
    files = list(_expand(args.paths, problems))
    for vi, en in problems:
        report_error(args.lang, [tr(args.lang, vi, en)])
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
        )
        reports.append(report)
        if not args.json:
            (_table if interactive else _plain)(report, args, out)
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
            "packages": [_to_dict(r, args) for r in reports],
            "errors": [en for _, en in problems],
            "errors_vi": [vi for vi, _ in problems],
        }
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif len(reports) > 1 or problems:
        line = _summary_line(args.lang, len(reports), valid, invalid, len(problems))
        out.write(line + "\n" if interactive else f"-\t-\tsummary\t-\t{line}\n")
    if problems:
        return 2
    return 1 if invalid else 0


__all__ = ["register", "run"]
