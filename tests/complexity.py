"""A complexity check for tests: the work at 4n must cost less than ~6x the work at n.

Linear work gives a ratio near 4, quadratic near 16, exponential far more.  Timings are the
best of a few runs and a failing ratio is measured again (the CI machine is shared), so only a
consistent super-linear growth fails.  This compares sizes, never absolute times.  Choose ``n``
so that the operation itself dominates (a few milliseconds at n) and 4n stays well under a
second.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

FACTOR = 4
MAX_RATIO = 6.0


_SAMPLE = 0.02  # seconds: short operations are run several times per sample (timer noise)


def _best(run: Callable[[T], object], arg: T, repeats: int, loops: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(loops):
            run(arg)
        best = min(best, (time.perf_counter() - start) / loops)
    return best


def time_ratio(
    build: Callable[[int], T], run: Callable[[T], object], n: int, *, repeats: int = 3
) -> float:
    """Best time of ``run(build(4n))`` over best time of ``run(build(n))``."""
    small, large = build(n), build(FACTOR * n)
    start = time.perf_counter()
    run(small)  # warms caches and lazy imports, and calibrates the loops per sample
    once = time.perf_counter() - start
    loops = max(1, min(50, int(_SAMPLE / max(once, 1e-6))))
    return _best(run, large, repeats, loops) / max(_best(run, small, repeats, loops), 1e-9)


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
