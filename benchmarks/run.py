"""The edocstd benchmark suite: every figure a ratio against a baseline measured in this run.

    python benchmarks/run.py              # 5 KB, 1 MB, 20 MB and 200 MB packages
    python benchmarks/run.py --quick      # skip the 200 MB package, fewer samples
    python benchmarks/run.py --json out.json

Packages with random attachments are generated into a temporary folder (removed afterwards
unless ``--keep``).  For each size it measures, ours and the baseline alternating, on the
same package, reporting medians and their spread:

* ``load``     ``edocstd.load(path)``          vs ``lxml.etree.parse(path)`` (huge_tree parser)
* ``loads``    ``edocstd.loads(data)``         vs ``lxml.etree.fromstring(data)`` (up to 1 MB)
* ``decode``   ``attachment.read()``          vs ``binascii.a2b_base64`` of the text in memory
* ``dumps``    ``edocstd.dumps(pkg)``         vs base64-encode + ``etree.tostring`` of the tree
* ``validate`` ``edocstd.validate(path)``     vs parse + lxml ``XMLSchema.validate``, and the
  same from bytes (``validate (bytes)``, up to 1 MB)

then header-only operations, the cold start of ``edocstd show`` as a whole process against
``python -c "import lxml.etree"``, and the peak RSS of a fresh interpreter that loads the
largest package and saves its attachments.  ``bench_validate.py``, ``bench_batch.py``
(``validate_many`` over a folder vs an lxml loop) and ``bench_sign.py`` (sign/verify vs the
``xmlsec1`` command) are run as subprocesses and their rows included.
It ends with each target of issue 11, its ratio and PASS or MISS, and the machine (cores,
load average before and after).
"""

from __future__ import annotations

import argparse
import binascii
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import issue_targets, print_table, print_targets
from _util import (
    CLOCKS,
    MB,
    SIZES,
    SRC,
    Pair,
    alternate,
    byte_compile,
    machine,
    make_package,
    make_pdf_package,
    make_status_package,
    peak_rss_of_extract,
    repeats_for,
    timed,
    timed_child,
    timed_pair,
    use_clock,
)
from lxml import etree

import edocstd

HERE = Path(__file__).resolve().parent
CTE = "{http://www.mic.gov.vn/TBT/QCVN_102_2016}ContentTransferEncoded"

TARGETS = {"load": 1.3, "loads": 1.3, "decode": 1.15, "dumps": 1.25, "validate": 1.2,
           "validate (bytes)": 1.2}
"""Per-row targets of the architecture (section 7); issue 11's targets are in _report.py."""
HEADER_TARGET_MS = 2.0
RSS_TARGET_200MB = 100 * MB
RSS_TARGET_MULTIPLE = 5.0  # architecture §7: peak memory for a 20 MB package <= 5x its size
IN_MEMORY_UP_TO = MB  # the bytes rows (loads, validate (bytes)) are measured up to this size


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def ratio_row(bench: str, label: str, pkg_bytes: int, pair: Pair,
              note: str = "", target: float | None = None) -> dict[str, Any]:
    target = TARGETS.get(bench) if target is None else target
    row: dict[str, Any] = {"benchmark": bench, "size": label, "package_bytes": pkg_bytes}
    row.update(pair.as_row())
    row.update({"target": target, "ok": None if target is None else row["ratio"] <= target,
                "note": note})
    return row


def huge_parser() -> etree.XMLParser:
    return etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)


def bench_load(label: str, pkg_path: Path, runs: int) -> list[dict[str, Any]]:
    """``load`` vs a raw lxml parse of the same file; ``loads`` vs ``fromstring`` of the same
    bytes (for packages up to 1 MB: that is how small packages arrive from a queue or HTTP)."""
    parser = huge_parser()
    size = pkg_path.stat().st_size
    log(f"[{label}] load ({runs} runs)")
    rows = [ratio_row("load", label, size, timed_pair(
        lambda: edocstd.load(pkg_path), lambda: etree.parse(str(pkg_path), parser), runs))]
    if size <= IN_MEMORY_UP_TO:
        data = pkg_path.read_bytes()
        log(f"[{label}] loads ({runs} runs)")
        rows.append(ratio_row("loads", label, size, timed_pair(
            lambda: edocstd.loads(data), lambda: etree.fromstring(data, parser), runs),
            "baseline: etree.fromstring of the same bytes"))
    return rows


def bench_decode(label: str, pkg_path: Path, runs: int) -> dict[str, Any]:
    """``attachment.read()`` (from the file) vs ``a2b_base64`` of the same text in memory."""
    pkg = edocstd.load(pkg_path)
    assert isinstance(pkg, edocstd.Edoc)
    attachment = pkg.attachments[0]
    assert attachment.payload is not None
    text = b"".join(attachment.payload.iter_base64())
    log(f"[{label}] decode ({runs} runs)")
    return ratio_row("decode", label, pkg_path.stat().st_size, timed_pair(
        attachment.read, lambda: binascii.a2b_base64(text), runs),
        "attachment.read() from the file vs a2b_base64(text in memory)")


def bench_dumps(label: str, raw_path: Path, pkg_path: Path, runs: int) -> dict[str, Any]:
    """``dumps`` of a package built from bytes vs ``b2a_base64`` + ``tostring`` of its tree."""
    from edocstd.testing.factories import make_edoc

    raw = raw_path.read_bytes()
    built = make_edoc(attachments=(edocstd.Attachment.create(
        raw, name=f"scan-{label.replace(' ', '')}.pdf", content_type="application/pdf"),))
    tree = etree.parse(str(pkg_path), huge_parser())  # the same document, payload as text

    def baseline() -> bytes:
        binascii.b2a_base64(raw, newline=False)
        return etree.tostring(tree, encoding="UTF-8", xml_declaration=True)

    log(f"[{label}] dumps ({runs} runs)")
    return ratio_row("dumps", label, pkg_path.stat().st_size, timed_pair(
        lambda: edocstd.dumps(built), baseline, runs),
        "package built from bytes; baseline: b2a_base64 + tostring of the tree")


def bench_validate(label: str, pkg_path: Path, runs: int) -> list[dict[str, Any]]:
    """``edocstd.validate`` vs lxml parse + ``XMLSchema.validate`` with our tolerant XSD, on
    the same file, and (up to 1 MB) on the same bytes."""
    from edocstd._xml.schemas import load_schema

    size = pkg_path.stat().st_size
    schema = load_schema("edoc")
    parser = huge_parser()
    assert edocstd.validate(pkg_path).ok

    def baseline() -> bool:
        return bool(schema.validate(etree.parse(str(pkg_path), parser)))

    log(f"[{label}] validate ({runs} runs)")
    rows = [ratio_row("validate", label, size, timed_pair(
        lambda: edocstd.validate(pkg_path), baseline, runs),
        "baseline: lxml parse + XMLSchema('edoc').validate")]
    if size <= IN_MEMORY_UP_TO:
        data = pkg_path.read_bytes()

        def baseline_bytes() -> bool:
            return bool(schema.validate(etree.fromstring(data, parser)))

        log(f"[{label}] validate (bytes) ({runs} runs)")
        rows.append(ratio_row("validate (bytes)", label, size, timed_pair(
            lambda: edocstd.validate(data), baseline_bytes, runs),
            "baseline: etree.fromstring + XMLSchema('edoc').validate of the same bytes"))
    return rows


def bench_size(label: str, nominal: int, folder: Path, rows: list[dict[str, Any]],
               quick: bool) -> None:
    log(f"[{label}] generating the package")
    raw_path, pkg_path = make_package(folder, label, nominal)
    runs = repeats_for(nominal, quick)
    rows.extend(bench_load(label, pkg_path, runs))
    rows.append(bench_decode(label, pkg_path, runs))
    rows.append(bench_dumps(label, raw_path, pkg_path, runs))
    rows.extend(bench_validate(label, pkg_path, runs))
    raw_path.unlink()


def bench_header(folder: Path, rows: list[dict[str, Any]], big: Path | None) -> None:
    status_path = make_status_package(folder)
    status_bytes = status_path.read_bytes()
    from edocstd.testing.factories import make_edoc

    edoc_path = folder / "header-only-edoc.edxml"
    edocstd.dump(make_edoc(), edoc_path)
    runs = 15
    status = edocstd.load(status_path)
    parser = huge_parser()
    cases: list[tuple[str, Any, Any]] = [
        ("load(status file)", lambda: edocstd.load(status_path),
         lambda: etree.parse(str(status_path), parser)),
        ("loads(status bytes)", lambda: edocstd.loads(status_bytes),
         lambda: etree.fromstring(status_bytes, parser)),
        ("dumps(status)", lambda: edocstd.dumps(status), None),
        ("load(edoc without attachments)", lambda: edocstd.load(edoc_path),
         lambda: etree.parse(str(edoc_path), parser)),
        ("load(status).header.status_code",
         lambda: edocstd.load(status_path).header.status_code, None),
    ]
    if big is not None:
        loaded = edocstd.load(big)
        cases.append((f"header.subject of a loaded {big.stem} package",
                      lambda: loaded.header.subject, None))
        cases.append((f"load({big.stem} package) + header.subject",
                      lambda: edocstd.load(big).header.subject, None))
    for name, fn, base_fn in cases:
        informative = big is not None and name.startswith(f"load({big.stem}")
        n = 5 if informative else runs
        row: dict[str, Any] = {"benchmark": "header-only", "size": name, "runs": n}
        if base_fn is not None:  # alternated with the raw parse of the same input
            row.update(timed_pair(fn, base_fn, n).as_row())
            row["note"] = "baseline: raw lxml parse of the same input"
        else:
            row.update({"ours_ms": timed(fn, n) * 1e3, "baseline_ms": None, "ratio": None})
            row["note"] = ("not header-only: finding where the payload ends is a scan of the file"
                           if informative else "")
        row["target_ms"] = None if informative else HEADER_TARGET_MS
        row["ok"] = None if informative else row["ours_ms"] < HEADER_TARGET_MS
        rows.append(row)


COLD_SHOW = "import sys; from edocstd.cli import console; sys.exit(console())"
"""What the ``edocstd`` console script runs."""


def bench_cold_start(label: str, pkg_path: Path, runs: int,
                     options: tuple[str, ...] = (), name: str = "",
                     target: float | None = 2.0) -> dict[str, Any]:
    """``edocstd show <5 KB package>`` as a whole process vs ``python -c "import lxml.etree"``,
    alternated.  Our modules are byte-compiled first, as in an installed wheel (this checkout
    may run with PYTHONDONTWRITEBYTECODE, which would make every run compile the sources).
    ``options``: added to the command (``--no-documents``: without the check of the
    signatures inside PDF documents).  The package carries a small unsigned PDF, which the
    signature prescreen clears without pyHanko; one with a form goes to pyHanko's sandbox."""
    byte_compile()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    ours = [sys.executable, "-c", COLD_SHOW, "show", str(pkg_path), *options]
    base = [sys.executable, "-c", "import lxml.etree"]
    timed_child(ours, env)  # warm the page cache for both
    timed_child(base, env)
    name = name or " ".join(("cold start", *options))
    log(f"[{label}] {name} of `edocstd show` ({runs} runs)")
    pair = alternate(lambda: timed_child(ours, env), lambda: timed_child(base, env), runs)
    return ratio_row(name, label, pkg_path.stat().st_size, pair,
                     f"`edocstd show {' '.join(options)}` process vs "
                     "`python -c 'import lxml.etree'`", target=target)


def bench_rss(label: str, pkg_path: Path, rows: list[dict[str, Any]]) -> None:
    log(f"[{label}] peak RSS of load + extract in a fresh interpreter")
    size = pkg_path.stat().st_size
    result = peak_rss_of_extract(pkg_path)
    peak = result["peak"]
    target = RSS_TARGET_200MB if size > 100 * MB else RSS_TARGET_MULTIPLE * size
    rows.append({
        "benchmark": "peak RSS", "size": label, "package_bytes": size,
        "peak_mb": peak / MB, "import_mb": result["import"] / MB,
        "after_load_mb": result["after_load"] / MB, "multiple": peak / size,
        "target_mb": target / MB, "ok": peak < target, "seconds": result["seconds"],
        "note": "VmHWM of a fresh `python -c 'load + save every attachment'`; "
                "import_mb: after `import edocstd`",
    })


def run_external(name: str, quick: bool, folder: Path) -> dict[str, Any] | None:
    """Run benchmarks/<name>.py (written separately) and collect what it reports."""
    script = HERE / f"{name}.py"
    if not script.is_file():
        return None
    out = folder / f"{name}.json"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    attempts = [["--quick", "--json", str(out)]] if quick else []
    attempts += [["--json", str(out)], []]
    proc: subprocess.CompletedProcess[str] | None = None
    for args in attempts:
        log(f"[{name}] running {script.name} {' '.join(args)}")
        try:
            proc = subprocess.run([sys.executable, str(script), *args], capture_output=True,
                                  text=True, env=env, timeout=900, check=False, cwd=HERE.parent)
        except subprocess.TimeoutExpired:
            return {"name": name, "returncode": None, "note": "timed out after 900 s"}
        if proc.returncode != 2 or "usage" not in proc.stderr.lower():
            break  # anything but an argparse usage error is the answer
    assert proc is not None
    data: Any = None
    if out.is_file():
        try:
            data = json.loads(out.read_text(encoding="utf-8"))
        except ValueError:
            data = None
    return {"name": name, "returncode": proc.returncode, "json": data,
            "stdout": proc.stdout[-20000:], "stderr": proc.stderr[-4000:]}


_EXTERNAL_LINE = re.compile(
    r"^\s*(?P<what>[A-Za-z][\w-]*)\b.*?(?P<ours>[\d.]+)\s*ms.*?(?P<base>[\d.]+)\s*ms"
    r".*?ratio\s*(?P<ratio>[\d.]+)", re.IGNORECASE)


def external_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows from a companion script: its JSON rows if it wrote any (every field kept), else
    its printed lines of the form ``what ... <ours> ms ... <baseline> ms ... ratio <r>``."""
    name = result["name"].removeprefix("bench_")
    data = result.get("json")
    found: list[dict[str, Any]] = []
    items = data.get("rows", data.get("results")) if isinstance(data, dict) else data
    if isinstance(items, list):
        for item in items:
            if not isinstance(item, dict):
                continue
            ratio = item.get("ratio", item.get("ratio_to_lxml_loop"))  # bench_batch's name
            if isinstance(ratio, (int, float)):
                row = dict(item)
                if "median_s" in item and "ours_ms" not in item:
                    row["ours_ms"] = item["median_s"] * 1e3
                row.update({"benchmark": name,
                            "size": str(item.get("name") or item.get("size")
                                        or item.get("benchmark") or "-"),
                            "ratio": float(ratio), "target": item.get("target")})
                row["ok"] = None if row["target"] is None else row["ratio"] <= row["target"]
                found.append(row)
    if found:
        return found
    for line in (result.get("stdout") or "").splitlines():
        m = _EXTERNAL_LINE.match(line)
        if m:
            found.append({"benchmark": name, "size": f"{m['what']} (from {result['name']}.py)",
                          "ours_ms": float(m["ours"]), "baseline_ms": float(m["base"]),
                          "ratio": float(m["ratio"]), "target": None, "ok": None})
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="skip the 200 MB package, fewer samples; companions run --quick too")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--keep", metavar="DIR", help="generate the packages into DIR and keep them")
    ap.add_argument("--only", metavar="SIZE", action="append",
                    help="only this size (repeatable): " + ", ".join(SIZES))
    ap.add_argument("--no-external", action="store_true",
                    help="do not run bench_validate.py, bench_batch.py and bench_sign.py")
    ap.add_argument("--clock", choices=sorted(CLOCKS), default="cpu",
                    help="cpu: CPU time of the process doing the work (default, steadier on a "
                    "busy machine); wall: elapsed time")
    args = ap.parse_args(argv)
    use_clock(args.clock)

    sizes = {k: v for k, v in SIZES.items() if not (args.quick and v > 100 * MB)}
    if args.only:
        sizes = {k: v for k, v in sizes.items() if k.replace(" ", "") in
                 {o.replace(" ", "") for o in args.only}}
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="edocstd-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    started = time.time()
    before = machine()
    rows: list[dict[str, Any]] = []
    external: list[dict[str, Any]] = []
    try:
        for label, nominal in sizes.items():
            bench_size(label, nominal, folder, rows, args.quick)
        if "5 KB" in sizes:
            cold_runs = 11 if args.quick else 21
            small = make_pdf_package(folder, "cold-start.edxml")
            for options in ((), ("--no-documents",)):
                rows.append(bench_cold_start("5 KB", small, cold_runs, options))
            form = make_pdf_package(folder, "cold-start-form.edxml", form=True)
            rows.append(bench_cold_start("5 KB, PDF with a form", form, cold_runs,
                                         name="cold start", target=None))
        made = [folder / f"{k.replace(' ', '')}.edxml" for k, v in sizes.items() if v >= MB]
        mid = folder / "20MB.edxml" if (folder / "20MB.edxml").is_file() else (
            made[-1] if made else None)
        log("[header-only] timing")
        bench_header(folder, rows, mid)
        for label in sizes:
            if sizes[label] >= 20 * MB:
                bench_rss(label, folder / f"{label.replace(' ', '')}.edxml", rows)
        for name in () if args.no_external else ("bench_validate", "bench_batch", "bench_sign"):
            result = run_external(name, args.quick, folder)
            if result is None:
                rows.append({"benchmark": name.removeprefix("bench_"), "size": "-", "skipped": True,
                             "note": f"skipped: benchmarks/{name}.py is not in this checkout"})
            else:
                external.append(result)
                rows.extend(external_rows(result))
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    after = machine()

    print_table(rows)
    for result in external:
        print(f"\n== {result['name']}.py (exit {result['returncode']}) ==")
        print((result.get("stdout") or "").rstrip() or result.get("note") or "(no output)")
        if result.get("returncode") not in (0, None) and result.get("stderr"):
            print(result["stderr"].rstrip()[-2000:])
    targets = issue_targets(rows, quick=args.quick)
    print_targets(targets, before, after, clock=args.clock, quick=args.quick)
    print(f"{time.time() - started:.0f} s in all")
    if args.json:
        doc = {
            "machine": before, "load_average_after": after["load_average"],
            "quick": args.quick, "clock": args.clock, "rows": rows, "targets": targets,
            "external": external, "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        Path(args.json).write_text(json.dumps(doc, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
