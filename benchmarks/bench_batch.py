"""Throughput of ``edocstd validate DIR`` over many small packages, against an lxml loop.

A folder of small packages (~5 KB, the bulk of real traffic) is validated three ways, in
alternating rounds so that a slow spell of the shared machine hits each: ``validate_many`` with
``jobs=1`` (one core), with ``jobs=<cores>`` (every core), and the baseline, a plain loop of
lxml parse + ``XMLSchema.validate`` with our schema on one core.  Wall-clock time (the point is
using several cores), medians of the rounds, packages per second, and the ratio of our
every-core time to the baseline's.  ``--quick``: fewer packages and rounds; ``--json FILE``:
the figures as JSON too.

    python benchmarks/bench_batch.py [--quick] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _util import SRC  # noqa: F401  (puts this checkout's src/ first on sys.path)
from lxml import etree

import edocstd
from edocstd._batch import default_jobs
from edocstd.testing.factories import make_edoc


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


def ours(folder: Path, jobs: int) -> Callable[[], int]:
    def run() -> int:
        return sum(r.ok for r in edocstd.validate_many(folder, jobs=jobs))

    return run


def measure(rounds: int, contenders: dict[str, Callable[[], int]]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():  # alternate: every round runs each once
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer packages and rounds")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args(argv)
    count, rounds = (400, 3) if args.quick else (2000, 5)
    cores = default_jobs()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = make_folder(folder, count)
        contenders = {
            "lxml loop (1 core)": lxml_loop(paths),
            "validate_many jobs=1": ours(folder, 1),
            f"validate_many jobs={cores}": ours(folder, cores),
        }
        times = measure(rounds, contenders)
    rows: list[dict[str, Any]] = []
    base = statistics.median(times["lxml loop (1 core)"])
    print(f"{count} packages of {len(edocstd.dumps(make_edoc()))} bytes, {cores} cores, "
          f"{rounds} alternating rounds (wall clock)")
    for name, samples in times.items():
        med = statistics.median(samples)
        row = {
            "benchmark": name,
            "packages": count,
            "median_s": med,
            "spread_s": [min(samples), max(samples)],
            "packages_per_s": count / med,
            "ratio_to_lxml_loop": med / base,
        }
        rows.append(row)
        print(f"  {name:<26} {count / med:9.0f} packages/s   "
              f"({med:6.2f} s, spread {min(samples):.2f}–{max(samples):.2f}; "
              f"ratio {med / base:5.2f} vs lxml loop)")
    if args.json:
        Path(args.json).write_text(json.dumps({"cores": cores, "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
