"""Printing the benchmark results, and issue 11's targets with PASS or MISS."""

from __future__ import annotations

from typing import Any

# Issue 11's targets: (key, what is compared, how to find the row, the ratio to stay under;
# None: the row's own target, or no verdict when it has none).  Sign/verify rows come from
# bench_sign.py (rows with "op" and "size_mb"), "validate DIR" and the --jobs speedup from
# bench_batch.py (rows marked "issue_target"; their limits depend on the core count).
ISSUE_TARGETS: list[tuple[str, str, dict[str, Any], float | None]] = [
    ("load 5 KB", "edocstd.loads vs lxml.etree.fromstring, same bytes",
     {"benchmark": "loads", "size": "5 KB"}, 3.0),
    ("validate 5 KB", "edocstd.validate vs fromstring + XMLSchema('edoc').validate, same bytes",
     {"benchmark": "validate (bytes)", "size": "5 KB"}, 3.0),
    ("validate 1 MB", "edocstd.validate vs parse + XMLSchema('edoc').validate, same file",
     {"benchmark": "validate", "size": "1 MB"}, 1.3),
    ("cold start", "`edocstd show` of a 5 KB package carrying an unsigned PDF (documents "
     "checked; the prescreen clears it) vs `python -c 'import lxml.etree'`",
     {"benchmark": "cold start", "size": "5 KB"}, 2.0),
    ("  --no-documents", "the same, documents not checked",
     {"benchmark": "cold start --no-documents", "size": "5 KB"}, 2.0),
    ("  PDF with form", "the same with a PDF that may be signed (a form): pyHanko's sandbox "
     "starts", {"benchmark": "cold start", "size": "5 KB, PDF with a form"}, None),
    ("sign 20 MB", "edocstd.sign vs xmlsec1 --sign (bench_sign.py)",
     {"benchmark": "sign", "op": "sign", "size_mb": 20.0}, 0.8),
    ("verify 20 MB", "edocstd.verify vs xmlsec1 --verify (bench_sign.py)",
     {"benchmark": "sign", "op": "verify", "size_mb": 20.0}, 0.8),
    ("sign 200 MB", "edocstd.sign vs xmlsec1 --sign (bench_sign.py)",
     {"benchmark": "sign", "op": "sign", "size_mb": 200.0}, 0.8),
    ("verify 200 MB", "edocstd.verify vs xmlsec1 --verify (bench_sign.py)",
     {"benchmark": "sign", "op": "verify", "size_mb": 200.0}, 0.8),
    ("validate DIR", "`edocstd validate DIR --jobs <cores>` vs a one-core lxml loop; limit "
     "3/cores (bench_batch.py)", {"issue_target": "validate DIR"}, None),
    ("--jobs speedup", "`--jobs <cores>` vs `--jobs 1`; limit 1/(0.8 cores): every core used "
     "(bench_batch.py)", {"issue_target": "jobs speedup"}, None),
]


def _matches(row: dict[str, Any], wanted: dict[str, Any]) -> bool:
    if row.get("skipped"):
        return False
    return all(row.get(k) == v for k, v in wanted.items())


def issue_targets(rows: list[dict[str, Any]], *, quick: bool) -> list[dict[str, Any]]:
    """Each target of issue 11 with the measured ratio, its spread and PASS/MISS (or why it
    was not measured in this run)."""
    out = []
    for key, what, wanted, target in ISSUE_TARGETS:
        row = next((r for r in rows if _matches(r, wanted)), None)
        entry: dict[str, Any] = {"target": key, "what": what, "limit": target}
        if row is None or not isinstance(row.get("ratio"), (int, float)):
            if wanted.get("size_mb") == 200.0 and quick:
                why = "not measured: --quick runs bench_sign.py at 20 MB only"
            elif wanted.get("benchmark") == "sign":
                why = "not measured: bench_sign.py gave no such row (see its output above)"
            elif "issue_target" in wanted:
                why = "not measured: bench_batch.py gave no such row (see its output above)"
            else:
                why = "not measured in this run (see --only)"
            entry.update({"ratio": None, "verdict": why})
        else:
            spread = row.get("ratio_range")
            if target is None and isinstance(row.get("target"), (int, float)):
                target = entry["limit"] = float(row["target"])
            if target is None:
                verdict = "no target"
            else:
                verdict = "PASS" if row["ratio"] <= target else "MISS"
            entry.update({"ratio": row["ratio"], "ratio_range": spread, "runs": row.get("runs"),
                          "verdict": verdict})
        out.append(entry)
    return out


def print_targets(targets: list[dict[str, Any]], before: dict[str, Any], after: dict[str, Any],
                  *, clock: str, quick: bool) -> None:
    print("\n== issue 11 targets ==")
    for t in targets:
        limit = "" if t["limit"] is None else f"<= {t['limit']:g}"
        if t["ratio"] is None:
            print(f"{t['target']:<15} {'':>7} {'':>13}  {limit:<7}  {t['verdict']}")
            continue
        spread = (f"({t['ratio_range'][0]:5.2f}-{t['ratio_range'][1]:5.2f})"
                  if t["ratio_range"] else "(no pairs)")
        print(f"{t['target']:<15} {t['ratio']:>6.2f}x {spread:>13}  "
              f"{limit:<7}  {t['verdict']:<5} {t['what']}")
    passed = sum(t["verdict"] == "PASS" for t in targets)
    missed = sum(t["verdict"] == "MISS" for t in targets)
    untargeted = sum(t["verdict"] == "no target" for t in targets)
    print(f"{passed} PASS, {missed} MISS, {untargeted} without a target, "
          f"{len(targets) - passed - missed - untargeted} not measured")
    load_b = before.get("load_average")
    load_a = after.get("load_average")
    print(f"machine: {before['cpus']} CPUs ({before['cpus_usable']} usable), load average "
          f"{load_b} before and {load_a} after; {before['system']}, "
          f"{before['implementation']} {before['python']}, lxml {before['lxml']}, libxml2 "
          f"{before['libxml2']}; clock {clock}{'; --quick' if quick else ''}")


def fmt_ms(v: float | None) -> str:
    if v is None:
        return "-"
    if v < 0.1:
        return f"{v:.4f}"
    return f"{v:.3f}" if v < 10 else f"{v:.1f}"


def _spread(row: dict[str, Any]) -> str:
    rng = row.get("ratio_range")
    if not rng:
        return ""
    return f"{rng[0]:.2f}-{rng[1]:.2f}"


def print_table(rows: list[dict[str, Any]]) -> None:
    """Every row: medians of ours and of the baseline, their ratio, the ratio's range over
    the alternated pairs, the row's target and whether it is met."""
    print()
    print(f"{'benchmark':<26} {'size':<40} {'ours ms':>9} {'base ms':>9} {'ratio':>7} "
          f"{'(range)':>11} {'runs':>4} {'target':>8}  ok")
    print("-" * 126)
    for r in rows:
        if r.get("skipped"):
            print(f"{r['benchmark']:<26} {r['size']:<40} {r['note']}")
            continue
        if r["benchmark"] == "peak RSS":
            print(f"{r['benchmark']:<26} {r['size']:<40} {r['peak_mb']:>7.1f} MB peak "
                  f"({r['multiple']:.2f}x the package, {r['import_mb']:.1f} MB after import)"
                  f"  target < {r['target_mb']:.0f} MB  {'yes' if r['ok'] else 'NO'}")
            continue
        ratio = "-" if r.get("ratio") is None else f"{r['ratio']:.2f}x"
        if r.get("target_ms"):
            target = f"<{r['target_ms']:.0f} ms"
        elif r.get("target"):
            target = f"<={r['target']:.2f}x"
        else:
            target = "-"
        ok = "-" if r.get("ok") is None else ("yes" if r["ok"] else "NO")
        print(f"{r['benchmark']:<26} {str(r['size'])[:40]:<40} {fmt_ms(r.get('ours_ms')):>9} "
              f"{fmt_ms(r.get('baseline_ms')):>9} {ratio:>7} {_spread(r):>11} "
              f"{r.get('runs') or '':>4} {target:>8}  {ok}")
    missed = [r for r in rows if r.get("ok") is False]
    print(f"\n{len(missed)} row target(s) missed (architecture targets; issue 11's below)")
