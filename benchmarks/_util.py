"""Shared helpers for the benchmarks: timing, test packages, peak memory of a child process.

Every figure is a ratio against a baseline measured in the same run on the same data, so the
numbers mean the same on a laptop and on a CI runner.  Timings are medians of several runs,
ours and the baseline interleaved so that a slow spell of the machine hits both.
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))  # measure this checkout, installed or not

KB = 1024
MB = 1024 * 1024

SIZES: dict[str, int] = {"1 KB": KB, "1 MB": MB, "20 MB": 20 * MB, "200 MB": 200 * MB}
"""Nominal package sizes: the attachment is random bytes whose base64 text is this long."""


def repeats_for(size: int) -> int:
    """How many samples to take the median of: many for small packages, few for huge ones."""
    if size <= 2 * MB:
        return 15
    if size <= 32 * MB:
        return 11
    return 3


CLOCKS: dict[str, Callable[[], float]] = {"cpu": time.process_time, "wall": time.perf_counter}
"""``cpu``: this process's CPU time (user + system, so file reads and page faults count), the
default because it does not count the time other programs take the CPU away on a shared
machine; ``wall``: elapsed time."""
_clock: list[Callable[[], float]] = [time.process_time]


def use_clock(name: str) -> None:
    _clock[0] = CLOCKS[name]


def _sample(fn: Callable[[], Any], number: int) -> float:
    """Seconds per call of ``fn``, over ``number`` calls with the garbage collector paused."""
    gc.collect()
    clock = _clock[0]
    gc.disable()
    try:
        start = clock()
        for _ in range(number):
            fn()
        elapsed = clock() - start
    finally:
        gc.enable()
    return elapsed / number


def _calls_per_sample(fn: Callable[[], Any]) -> int:
    """Enough calls for a sample to last about 40 ms (small operations are timed in loops)."""
    start = time.perf_counter()
    fn()
    once = time.perf_counter() - start
    return max(1, min(4000, int(0.04 / max(once, 1e-7))))


def timed_pair(
    ours: Callable[[], Any], baseline: Callable[[], Any], runs: int
) -> tuple[float, float]:
    """Median seconds of ``ours`` and of ``baseline``, sampled alternately after a warm-up."""
    n_ours = _calls_per_sample(ours)
    n_base = _calls_per_sample(baseline)
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        a.append(_sample(ours, n_ours))
        b.append(_sample(baseline, n_base))
    return statistics.median(a), statistics.median(b)


def timed(fn: Callable[[], Any], runs: int) -> float:
    """Median seconds of ``fn`` after a warm-up."""
    number = _calls_per_sample(fn)
    return statistics.median(_sample(fn, number) for _ in range(runs))


def write_random(path: Path, size: int) -> Path:
    """A file of ``size`` random bytes, written in 16 MiB blocks."""
    with path.open("wb") as f:
        left = size
        while left > 0:
            block = min(left, 16 * MB)
            f.write(os.urandom(block))
            left -= block
    return path


def raw_size_for(nominal: int) -> int:
    """Raw attachment size whose base64 text is ``nominal`` bytes long (a multiple of 3)."""
    return max(3, nominal // 4 * 3)


def make_package(folder: Path, label: str, nominal: int) -> tuple[Path, Path]:
    """Write ``<label>.bin`` (random content) and ``<label>.edxml`` (an edoc carrying it).

    The package is written by ``edocstd.dump`` from a ``FilePayload``, i.e. streamed.
    """
    import edocstd
    from edocstd.testing.factories import make_edoc

    slug = label.replace(" ", "")
    raw = write_random(folder / f"{slug}.bin", raw_size_for(nominal))
    attachment = edocstd.Attachment.create(
        raw, name=f"scan-{slug}.pdf", content_type="application/pdf"
    )
    pkg = make_edoc(attachments=(attachment,))
    out = folder / f"{slug}.edxml"
    edocstd.dump(pkg, out)
    return raw, out


def make_status_package(folder: Path) -> Path:
    """A header-only status package (Đã tiếp nhận) as a file."""
    import edocstd
    from edocstd.testing.factories import make_status

    out = folder / "status.edxml"
    edocstd.dump(make_status(), out)
    return out


PEAK_SCRIPT = r"""
import json, sys, tempfile, time
def hwm():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
import edocstd
start_rss = hwm()
t = time.perf_counter()
pkg = edocstd.load(sys.argv[1])
after_load = hwm()
with tempfile.TemporaryDirectory() as d:
    written = 0
    for a in pkg.attachments:
        written += a.save(d).stat().st_size
    elapsed = time.perf_counter() - t
    peak = hwm()
print(json.dumps({"import": start_rss, "after_load": after_load, "peak": peak,
                  "written": written, "seconds": elapsed}))
"""


def peak_rss_of_extract(package: Path) -> dict[str, Any]:
    """Peak RSS (VmHWM) of a fresh interpreter that loads ``package`` and saves its attachments."""
    import json

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, "-c", PEAK_SCRIPT, str(package)],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"the extract subprocess failed: {proc.stderr.strip()[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result
