"""``edocstd validate FILE_OR_DIR...``: validate packages, one report each and a summary.

Exit codes: 0 every package is valid, 1 at least one is invalid (an unreadable package is
invalid, with a finding), 2 usage or I/O error (a missing file, an unreadable trust file).
On a terminal: a table per package and progress on stderr for long runs.  Piped: one
tab-separated line per finding (``file, rule, severity, path:line, message``) and a final
summary line, so the output can be grepped and cut.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

from .._batch import default_jobs, validate_each
from .._batch.discover import path_kind, printable_path, scan
from .._errors import EdocError
from .._findings import Finding, Severity
from .._validate.catalogue import PROFILES
from .._validate.report import Report
from ._common import count, paint, tr, use_color
from ._many import Progress
from ._terminal import ESC_TOKEN

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
    _output_options(p)
    _check_options(p)
    p.set_defaults(func=run)


def _output_options(p: argparse.ArgumentParser) -> None:
    """What is shown of each report."""
    p.add_argument(
        "--min-severity",
        choices=("error", "warning", "info"),
        default="info",
        help="list only findings at least this severe (the verdict and counts are unchanged)",
    )
    p.add_argument(
        "-q", "--quiet", action="store_true", help="no findings: one verdict line per package"
    )


def _check_options(p: argparse.ArgumentParser) -> None:
    """What is checked against what, and how many packages at once."""
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


def _where(f: Finding) -> str:
    path = f.path or ""
    if path.startswith(_HEADER_PREFIX):
        path = path[len(_HEADER_PREFIX) :]
    if f.line is not None:
        path = f"{path}:{f.line}" if path else f"line {f.line}"
    return path or "-"


def _one_line(text: str) -> str:
    return " ".join(text.split())


@attrs.frozen
class _Form:
    """How each report is written, from the options: small and picklable, because the text is
    written where the report is made (a worker process) and only the text travels back."""

    lang: str
    quiet: bool
    min_severity: str
    table: bool  # a table per package (a terminal), else one tab-separated line per finding
    json: bool
    color: bool
    esc: str  # this process's ESC_TOKEN: a worker started afresh has another one

    @classmethod
    def of(cls, args: argparse.Namespace, out: TextIO) -> _Form:
        table = out.isatty()
        color = table and use_color(out, args.color)
        return cls(args.lang, args.quiet, args.min_severity, table, args.json, color, ESC_TOKEN)


def _rendered(report: Report, form: _Form) -> tuple[bool, str]:
    """Whether the package is valid, and its text: a ``--json`` entry, a table or lines."""
    if form.json:
        return report.ok, _json_entry(report, form)
    out = io.StringIO()
    shown = attrs.evolve(report, source=_shown_source(report.source))
    (_table if form.table else _plain)(shown, form, out)
    return report.ok, out.getvalue().replace(ESC_TOKEN, form.esc)


def _shown(report: Report, args: _Form) -> list[Finding]:
    """The findings to list, after ``--quiet`` and ``--min-severity``."""
    if args.quiet:
        return []
    least = Severity(args.min_severity).rank
    return [f for f in report.findings if f.severity.rank >= least]


def _table(report: Report, args: _Form, out: TextIO) -> None:
    lang = args.lang
    verdict = paint(report.verdict(lang), "good" if report.ok else "bad", args.color)
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
    _documents(report, lang, out)
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


def _documents(report: Report, lang: str, out: TextIO, prefix: str = "  ") -> None:
    """Each document of the documents tier, then one line per signature (escaped)."""
    for document in report.documents or ():
        for line in document.lines(lang):
            out.write(f"{prefix}{line}\n")


def _plain(report: Report, args: _Form, out: TextIO) -> None:
    verdict = "valid" if report.ok else "invalid"
    out.write(f"{report.source}\t-\t{verdict}\t-\t{report.counts_text(args.lang)}\n")
    if args.quiet:
        return
    _documents(report, args.lang, out, prefix=f"{report.source}\tdocument\t")
    for f in _shown(report, args):
        out.write(
            f"{report.source}\t{f.rule}\t{f.severity.value}\t{_where(f)}\t"
            f"{_one_line(f.message(args.lang))}\n"
        )


def _to_dict(report: Report, args: _Form) -> dict[str, Any]:
    """``Report.to_dict()`` with the findings ``--min-severity``/``--quiet`` keep."""
    data = report.to_dict()
    shown = set(map(id, _shown(report, args)))
    data["findings"] = [
        d for f, d in zip(report.findings, data["findings"], strict=True) if id(f) in shown
    ]
    return data


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
) -> tuple[str, str] | None:
    """What is wrong with the options, (Vietnamese, English), or None."""
    if trust == ():
        return ("không tìm thấy chứng thư số nào trong --trust", "no certificate found in --trust")
    if document_trust == ():
        return (
            "không tìm thấy chứng thư số nào trong --document-trust",
            "no certificate found in --document-trust",
        )
    if args.max_attachment_bytes is not None and args.max_attachment_bytes < 0:
        return (
            "--max-attachment-bytes không được âm",
            "--max-attachment-bytes must not be negative",
        )
    if args.jobs is not None and args.jobs < 1:
        return ("--jobs phải từ 1 trở lên", "--jobs must be at least 1")
    return None


def _nothing_to_validate(paths: list[str]) -> tuple[str, str]:
    where = ", ".join(printable_path(p) for p in paths)
    return (
        f"không có gói tin nào để kiểm tra trong {where} (tệp .edxml, hay .xml có gốc edXML)",
        f"nothing to validate in {where} (no .edxml file, nor .xml with an edXML root)",
    )


def _summary_line(lang: str, checked: int, valid: int, io_errors: int) -> str:
    invalid = checked - valid
    line = tr(
        lang,
        f"{checked} gói tin: {valid} hợp lệ, {invalid} không hợp lệ",
        f"{count('en', checked, '', 'package')}: {valid} valid, {invalid} invalid",
    )
    if io_errors:
        line += ", " + count(lang, io_errors, "lỗi vào/ra", "I/O error")
    return line


@attrs.define
class _Run:
    """What a run counted, and the errors (Vietnamese, English) that make it exit 2."""

    checked: int = 0
    valid: int = 0
    errors: list[tuple[str, str]] = attrs.Factory(list)


def _error(run: _Run, lang: str, message: tuple[str, str]) -> None:
    run.errors.append(message)
    label = "lỗi" if lang == "vi" else "error"
    print(f"edocstd: {label}: {message[lang == 'en']}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    counts = _Run()
    json_out = _JsonOut(args) if args.json else None
    try:
        _validate_all(args, counts, json_out)
    finally:
        if json_out is not None:  # a JSON document always closes, whatever went wrong
            json_out.close(counts)
    if counts.errors:
        return 2
    return 1 if counts.valid < counts.checked else 0


def _validate_all(args: argparse.Namespace, counts: _Run, json_out: _JsonOut | None) -> None:
    trust = _anchors(args.trust)
    document_trust = _anchors(args.document_trust)
    problem = _usage_problem(args, trust, document_trust)
    if problem:
        _error(counts, args.lang, problem)
        return
    found = scan(args.paths)
    for item in found.problems:
        _error(counts, args.lang, (item.message("vi"), item.message("en")))
    if not found.files:
        if not found.problems:
            _error(counts, args.lang, _nothing_to_validate(args.paths))
        return
    texts = validate_each(
        functools.partial(_rendered, form=_Form.of(args, sys.stdout)),
        found.files,
        jobs=min(args.jobs or default_jobs(), len(found.files)),
        profile=args.profile,
        lang=args.lang,
        trust=trust,
        max_attachment_bytes=args.max_attachment_bytes,
        documents=args.documents,
        document_trust=document_trust,
    )
    try:
        _write_all(texts, found.files, counts, json_out)
    except EdocError as exc:  # a worker died, a folder vanished…: say so, keep what was written
        _error(counts, args.lang, (getattr(exc, "message_vi", str(exc)), str(exc)))
    if not args.json and (counts.checked > 1 or found.problems or _has_folder(args.paths)):
        line = _summary_line(args.lang, counts.checked, counts.valid, len(counts.errors))
        out = sys.stdout
        out.write(line + "\n" if out.isatty() else f"-\t-\tsummary\t-\t{line}\n")


def _has_folder(paths: list[str]) -> bool:
    return any(path_kind(p) == "dir" for p in paths)


def _write_all(
    texts: Iterator[tuple[bool, str]],
    files: Sequence[Path],
    counts: _Run,
    json_out: _JsonOut | None,
) -> None:
    """Each package's text as it comes (in input order), counted, with the progress bar."""
    out = sys.stdout
    interactive = out.isatty()
    progress = Progress(len(files))
    try:
        for (ok, text), path in zip(texts, files, strict=False):
            counts.checked += 1
            counts.valid += ok
            progress.step(counts.checked, str(path))
            if json_out is not None:
                json_out.package(text)
                continue
            progress.done()  # the table goes where the progress line was
            out.write(text)
            if interactive and len(files) > 1:
                out.write("\n")
    finally:
        progress.done()


def _shown_source(source: str | None) -> str | None:
    """A file name fit for one cell of a line: valid UTF-8, no tabs or line breaks."""
    return None if source is None else _one_line(printable_path(source))


def _json_entry(report: Report, form: _Form) -> str:
    """A report as an entry of the ``--json`` document's list (indented to its place)."""
    data = _to_dict(report, form)
    if report.source is not None:
        data["source"] = printable_path(report.source)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return "\n    " + body.replace("\n", "\n    ")


class _JsonOut:
    """The ``--json`` document, streamed: reports are written as they come (a large folder
    never sits in memory) and the document is closed whatever happens, so it always parses."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.count = 0
        sys.stdout.write('{\n  "profile": ' + json.dumps(args.profile) + ',\n  "packages": [')

    def package(self, entry: str) -> None:
        """One package's entry, from :func:`_json_entry`."""
        sys.stdout.write(("," if self.count else "") + entry)
        self.count += 1

    def close(self, counts: _Run) -> None:
        tail = {
            "ok": counts.valid == counts.checked and not counts.errors and counts.checked > 0,
            "summary": {
                "packages": counts.checked,
                "valid": counts.valid,
                "invalid": counts.checked - counts.valid,
                "io_errors": len(counts.errors),
            },
            "errors": [{"message_vi": vi, "message_en": en} for vi, en in counts.errors],
        }
        body = json.dumps(tail, ensure_ascii=False, indent=2)
        sys.stdout.write(("\n  " if self.count else "") + "],\n" + body[2:] + "\n")


__all__ = ["register", "run"]
