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

SIZES: dict[str, int] = {"5 KB": 5 * KB, "1 MB": MB, "20 MB": 20 * MB, "200 MB": 200 * MB}
"""Nominal package sizes (the attachment, random bytes, fills what the header leaves)."""


def repeats_for(size: int, quick: bool = False) -> int:
    """How many samples to take the median of: many for small packages, few for huge ones
    (about half as many with ``--quick``)."""
    if size <= 2 * MB:
        return 9 if quick else 15
    if size <= 32 * MB:
        return 5 if quick else 11
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
    """Enough calls for a sample to last about 40 ms (small operations are timed in loops),
    after a warm-up of about 0.1 s (caches, allocator, lazy imports: the first calls of a
    process are slower, and should not land in whichever row is measured first)."""
    calls = 0
    start = time.perf_counter()
    while True:
        fn()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed > 0.1 or calls >= 2000:
            break
    once = elapsed / calls
    return max(1, min(4000, int(0.04 / max(once, 1e-7))))


class Pair:
    """Alternated samples of ours and of a baseline (seconds per call), summarised honestly:
    medians, the range of each, and the range of the ratio over the alternated pairs."""

    def __init__(self, ours: list[float], base: list[float]) -> None:
        self.ours = ours
        self.base = base

    @property
    def ours_median(self) -> float:
        return statistics.median(self.ours)

    @property
    def base_median(self) -> float:
        return statistics.median(self.base)

    @property
    def ratio(self) -> float:
        """Median of ours over median of the baseline."""
        base = self.base_median
        return self.ours_median / base if base > 0 else float("inf")

    @property
    def ratio_range(self) -> tuple[float, float]:
        """Lowest and highest ratio of one alternated pair (ours_i / baseline_i)."""
        pairs = [a / b for a, b in zip(self.ours, self.base, strict=True) if b > 0]
        return (min(pairs), max(pairs)) if pairs else (float("inf"), float("inf"))

    def as_row(self) -> dict[str, Any]:
        """The figures every comparison row carries (milliseconds)."""
        return {
            "runs": len(self.ours),
            "ours_ms": self.ours_median * 1e3,
            "baseline_ms": self.base_median * 1e3,
            "ours_range_ms": [min(self.ours) * 1e3, max(self.ours) * 1e3],
            "baseline_range_ms": [min(self.base) * 1e3, max(self.base) * 1e3],
            "ratio": self.ratio,
            "ratio_range": list(self.ratio_range),
        }


def alternate(ours: Callable[[], float], base: Callable[[], float], runs: int) -> Pair:
    """``runs`` samples of each, taken ours, baseline, ours, baseline... (each call returns
    one sample in seconds), so that a slow spell of a shared machine hits both."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        a.append(ours())
        b.append(base())
    return Pair(a, b)


def timed_pair(ours: Callable[[], Any], baseline: Callable[[], Any], runs: int) -> Pair:
    """``ours`` and ``baseline`` timed alternately (after a warm-up that also sizes the loops:
    an operation shorter than 40 ms is repeated so that one sample lasts about 40 ms)."""
    n_ours = _calls_per_sample(ours)
    n_base = _calls_per_sample(baseline)
    return alternate(lambda: _sample(ours, n_ours), lambda: _sample(baseline, n_base), runs)


def timed(fn: Callable[[], Any], runs: int) -> float:
    """Median seconds of ``fn`` after a warm-up (for figures without a baseline)."""
    number = _calls_per_sample(fn)
    return statistics.median(_sample(fn, number) for _ in range(runs))


def byte_compile() -> None:
    """Byte-compile ``src/edocstd`` as an installed wheel is, so that commands timed as whole
    processes do not compile the sources every run (a shell may set PYTHONDONTWRITEBYTECODE,
    which keeps the import system from writing the .pyc files itself)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(SRC / "edocstd")],
                   check=True, stdout=subprocess.DEVNULL)


def run_child(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run a command to completion: ``(elapsed seconds, CPU seconds of the child)``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-2000:]}")
    if proc.stderr:
        proc.stderr.close()
    return elapsed, usage.ru_utime + usage.ru_stime


def timed_child(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """One run of a command, on the chosen clock: the child's CPU time (``cpu``) or elapsed
    time (``wall``)."""
    elapsed, cpu = run_child(cmd, env)
    return cpu if _clock[0] is time.process_time else elapsed


def machine() -> dict[str, Any]:
    """What the figures were measured on, including how busy the machine was."""
    import platform

    from lxml import etree

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        usable = os.cpu_count() or 1
    return {
        "cpus": os.cpu_count(),
        "cpus_usable": usable,
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg")
        else None,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "lxml": ".".join(map(str, etree.LXML_VERSION)),
        "libxml2": ".".join(map(str, etree.LIBXML_VERSION)),
        "machine": platform.machine(),
        "system": f"{platform.system()} {platform.release()}",
    }


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
    """Write ``<label>.bin`` (random content) and ``<label>.edxml`` (an edoc carrying it),
    about ``nominal`` bytes in all: the attachment's base64 text fills what the header
    (about 4 KB) leaves, so the 5 KB package has a small attachment, as real traffic does.

    The package is written by ``edocstd.dump`` from a ``FilePayload``, i.e. streamed.
    """
    import edocstd
    from edocstd.testing.factories import make_edoc

    slug = label.replace(" ", "")
    probe = edocstd.Attachment.create(b"xyz", name=f"scan-{slug}.pdf",
                                      content_type="application/pdf")
    header = len(edocstd.dumps(make_edoc(attachments=(probe,)))) - 4
    raw = write_random(folder / f"{slug}.bin", raw_size_for(max(4, nominal - header)))
    attachment = edocstd.Attachment.create(
        raw, name=f"scan-{slug}.pdf", content_type="application/pdf"
    )
    pkg = make_edoc(attachments=(attachment,))
    out = folder / f"{slug}.edxml"
    edocstd.dump(pkg, out)
    return raw, out


def make_pdf_package(folder: Path, name: str, *, form: bool = False) -> Path:
    """A small edoc (about 5 KB) carrying a small PDF (``edocstd.testing.make_pdf``; ``form``:
    with an empty form, so it reaches pyHanko's sandbox) as its document."""
    import edocstd
    from edocstd.testing.factories import make_edoc, make_pdf

    pdf = edocstd.Attachment.create(make_pdf(form=form), name="cong-van.pdf",
                                    content_type="application/pdf")
    out = folder / name
    edocstd.dump(make_edoc(attachments=(pdf,)), out)
    return out


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
