"""Throughput of ``edocstd validate DIR`` over many small packages, against an lxml loop.

A folder of small packages (~5 KB, the bulk of real traffic) is validated in alternating
rounds (every contender once per round, so that a slow spell of the shared machine hits
each): the baseline, a plain loop of lxml parse + ``XMLSchema.validate`` with our schema in
one process on one core; ``validate_many`` (the library call) with ``jobs=1`` and with
``jobs=<cores>``; and the command ``edocstd validate DIR --jobs 1`` and ``--jobs <cores>`` as
whole processes (output to a pipe).  Wall-clock time (the point is using several cores),
medians of the rounds with their spread, packages per second, and each time's ratio to the
baseline's with the range of that ratio over the rounds.

Targets (issue 11: small packages within 3x of lxml, and every core used):

* ``validate DIR``: the command with ``--jobs <cores>`` takes at most 3 / cores times the
  one-core lxml loop (each core within 3x of lxml, all of them at work);
* ``--jobs speedup``: ``--jobs <cores>`` takes at most 1.25 / cores times ``--jobs 1`` (at
  least 80 % of a perfect speedup).

``--quick``: fewer packages and rounds; ``--json FILE``: the figures as JSON too.

    python benchmarks/bench_batch.py [--quick] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _util import SRC, byte_compile
from lxml import etree

import edocstd
from edocstd._batch import default_jobs
from edocstd.testing.factories import make_edoc

PER_PACKAGE = 3.0  # issue 11: validate of a small package <= 3x lxml parse + XMLSchema
EFFICIENCY = 0.8  # share of a perfect N-fold speedup that counts as every core used
BASELINE = "lxml loop (1 core)"


def make_folder(folder: Path, count: int) -> list[Path]:
    data = edocstd.dumps(make_edoc())
    paths = []
    for n in range(count):
        path = folder / f"goi-{n:06d}.edxml"
        path.write_bytes(data)
        paths.append(path)
    return paths


def lxml_loop(paths: list[Path]) -> Callable[[], int]:
    from edocstd._xml.schemas import load_schema

    schema = load_schema("edoc")
    parser = etree.XMLParser(resolve_entities=False, no_network=True)

    def run() -> int:
        return sum(bool(schema.validate(etree.parse(str(p), parser))) for p in paths)

    return run


def library(folder: Path, jobs: int) -> Callable[[], int]:
    def run() -> int:
        return sum(r.ok for r in edocstd.validate_many(folder, jobs=jobs))

    return run


def command(folder: Path, jobs: int) -> Callable[[], int]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    argv = [sys.executable, "-m", "edocstd", "validate", str(folder), "--jobs", str(jobs)]

    def run() -> int:
        done = subprocess.run(argv, env=env, capture_output=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: {done.stderr[-500:]!r}")
        return done.stdout.count(b"\n")

    return run


def measure(rounds: int, contenders: dict[str, Callable[[], int]]) -> dict[str, list[float]]:
    for fn in contenders.values():  # warm-up: page cache, schema compile, imports
        fn()
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():  # alternate: every round runs each once
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return times


def row(name: str, samples: list[float], base: list[float], count: int,
        target: float | None = None, issue_target: str | None = None) -> dict[str, Any]:
    """One contender's figures; ``ratio``: its median time over ``base``'s."""
    med = statistics.median(samples)
    pairs = [a / b for a, b in zip(samples, base, strict=True)]
    ratio = med / statistics.median(base)
    return {
        "name": name, "packages": count, "runs": len(samples),
        "median_s": med, "spread_s": [min(samples), max(samples)],
        "packages_per_s": count / med,
        "ratio": ratio, "ratio_range": [min(pairs), max(pairs)],
        "target": target, "ok": None if target is None else ratio <= target,
        "issue_target": issue_target,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer packages and rounds")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args(argv)
    count, rounds = (400, 3) if args.quick else (2000, 5)
    cores = default_jobs()
    one, every = "edocstd validate DIR --jobs 1", f"edocstd validate DIR --jobs {cores}"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = make_folder(folder, count)
        byte_compile()  # the commands run as installed: no compiling of sources every run
        contenders = {
            BASELINE: lxml_loop(paths),
            "validate_many jobs=1": library(folder, 1),
            f"validate_many jobs={cores}": library(folder, cores),
            one: command(folder, 1),
            every: command(folder, cores),
        }
        times = measure(rounds, contenders)
    base = times[BASELINE]
    rows = [row(name, samples, base, count) for name, samples in times.items()]
    rows[-1] = row(every, times[every], base, count, PER_PACKAGE / cores, "validate DIR")
    rows.append(row(f"--jobs {cores} over --jobs 1", times[every], times[one], count,
                    1 / (EFFICIENCY * cores), "jobs speedup"))
    print(f"{count} packages of {len(edocstd.dumps(make_edoc()))} bytes, {cores} cores, "
          f"{rounds} alternating rounds after a warm-up (wall clock)")
    for r in rows:
        target = "" if r["target"] is None else (
            f"; target <= {r['target']:.2f}: {'PASS' if r['ok'] else 'MISS'}")
        spread = f"({r['ratio_range'][0]:.2f}–{r['ratio_range'][1]:.2f})"
        if r["issue_target"] == "jobs speedup":
            print(f"  {r['name']:<32} speedup {1 / r['ratio']:.2f}x; time ratio "
                  f"{r['ratio']:5.2f} {spread}{target}")
            continue
        print(f"  {r['name']:<32} {r['packages_per_s']:7.0f} packages/s "
              f"({r['median_s']:5.2f} s, spread {r['spread_s'][0]:.2f}–{r['spread_s'][1]:.2f}); "
              f"ratio {r['ratio']:5.2f} {spread} vs lxml loop{target}")
    if args.json:
        Path(args.json).write_text(json.dumps({"cores": cores, "quick": args.quick,
                                               "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
