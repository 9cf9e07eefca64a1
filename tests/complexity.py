"""A complexity check for tests: the work at 4n must cost less than ~6x the work at n.

Linear work gives a ratio near 4, quadratic near 16, exponential far more.  Timings are the
best of a few runs and a failing ratio is measured again (the CI machine is shared), so only a
consistent super-linear growth fails.  This compares sizes, never absolute times.  Choose ``n``
so that the operation itself dominates (a few milliseconds at n) and 4n stays well under a
second.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

FACTOR = 4
MAX_RATIO = 6.0


_SAMPLE = 0.02  # seconds: short operations are run several times per sample (timer noise)


def _timed(run: Callable[[T], object], arg: T, loops: int) -> float:
    start = time.perf_counter()
    for _ in range(loops):
        run(arg)
    return (time.perf_counter() - start) / loops


def time_ratio(
    build: Callable[[int], T], run: Callable[[T], object], n: int, *, repeats: int = 5
) -> float:
    """Best time of ``run(build(4n))`` over best time of ``run(build(n))``.

    Samples of n and 4n alternate (a burst of load on the machine hits both), and the
    garbage collector is paused while timing: its full collections cost in proportion to
    everything the test process holds, which would make the larger run look super-linear.
    """
    small, large = build(n), build(FACTOR * n)
    gc.collect()
    gc.disable()
    try:
        once = min(_timed(run, small, 1) for _ in range(3))  # warms caches, calibrates
        loops = max(1, min(50, int(_SAMPLE / max(once, 1e-6))))
        best_small = best_large = float("inf")
        for _ in range(repeats):
            best_small = min(best_small, _timed(run, small, loops))
            best_large = min(best_large, _timed(run, large, loops))
    finally:
        gc.enable()
    return best_large / max(best_small, 1e-9)


def assert_linear(
    build: Callable[[int], T],
    run: Callable[[T], object],
    n: int,
    *,
    max_ratio: float = MAX_RATIO,
    attempts: int = 3,
) -> float:
    """Fail unless ``run`` at 4n costs under ``max_ratio`` times its cost at n."""
    ratios = []
    for _ in range(attempts):
        ratio = time_ratio(build, run, n)
        ratios.append(round(ratio, 2))
        if ratio < max_ratio:
            return ratio
    raise AssertionError(
        f"work grows super-linearly: time(4n)/time(n) = {ratios} (limit {max_ratio}, n={n})"
    )


__all__ = ["FACTOR", "MAX_RATIO", "assert_linear", "time_ratio"]
