"""Commands over many packages (``show --json``, ``extract``, ``track``): find them, work in
parallel, show progress.

The files are found as ``validate`` finds them (folders searched, ``.xml`` by content), the work
for each package runs on every core through the batch runner (``--jobs``), and results come
back in input order, so the output is the same whatever the number of jobs.  While a run over
several files goes on, a progress bar is drawn on standard error when it is a terminal (never
when it is piped or redirected).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .._batch.discover import Problem

# The batch engine (process pools, certificate pickling with cryptography, the validator) is
# imported only when there are many packages: 'edocstd show one.edxml' starts without it.
from .._errors import EdocError
from ._common import tr
from ._terminal import ESC_TOKEN

T = TypeVar("T")


def add_jobs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        metavar="N",
        help="packages handled in parallel (default: the cores available; 1: one at a time)",
    )


def is_many(paths: list[str]) -> bool:
    """More than one package may be meant: several paths, or a folder."""
    if len(paths) > 1:
        return True
    try:  # what the batch engine's path_kind calls "dir", without importing the engine
        return Path(paths[0]).is_dir()
    except (OSError, ValueError):
        return False


def find(paths: list[str], lang: str, command: str) -> tuple[list[Path], list[Problem]] | None:
    """The packages among ``paths``; problems printed; None (after saying so) when none."""
    from .._batch.discover import printable_path, scan

    found = scan(paths)
    for problem in found.problems:
        print(
            f"edocstd {command}: {tr(lang, 'lỗi', 'error')}: {problem.message(lang)}",
            file=sys.stderr,
        )
    if not found.files and not found.problems:
        where = ", ".join(printable_path(p) for p in paths)
        print(
            f"edocstd {command}: "
            + tr(
                lang,
                f"lỗi: không có gói tin nào trong {where}",
                f"error: nothing to do: no package in {where}",
            ),
            file=sys.stderr,
        )
    if not found.files:
        return None
    return list(found.files), list(found.problems)


# The CLI's own escape sequences (written with ESC_TOKEN, let through by the terminal filter on
# stderr): cursor to the first column, erase the line.
_LINE_START = f"{ESC_TOKEN}[G{ESC_TOKEN}[2K"
_BAR = 20
_REDRAW = 0.1  # seconds between two drawings of the bar (a folder of small files is fast)


class Progress:
    """``[#####               ] 12/40 name`` on stderr while a run over several files goes
    on, only when stderr is a terminal; redrawn at most ten times a second, erased by
    :meth:`done` (before anything else is printed on that terminal)."""

    def __init__(self, total: int, *, on: bool = True) -> None:
        self.total = total
        self.on = on and total > 1 and sys.stderr.isatty()
        self._drawn_at: float | None = None

    def step(self, n: int, source: str | None) -> None:
        """``n`` files done, the last one ``source``."""
        if not self.on:
            return
        now = time.monotonic()
        if self._drawn_at is not None and now - self._drawn_at < _REDRAW and n < self.total:
            return
        from .._batch.discover import printable_path

        name = " ".join(printable_path(Path(source or "").name).split())[:40]
        filled = _BAR * n // self.total
        bar = "#" * filled + " " * (_BAR - filled)
        sys.stderr.write(f"{_LINE_START}[{bar}] {n}/{self.total} {name}")
        sys.stderr.flush()
        self._drawn_at = now

    def done(self) -> None:
        """Erase the bar (drawn again at the next step)."""
        if self.on and self._drawn_at is not None:
            sys.stderr.write(_LINE_START)
            sys.stderr.flush()
            self._drawn_at = None


def in_parallel(
    fn: Callable[[str], T], files: list[Path], jobs: int | None, *, progress: bool = True
) -> Iterator[T]:
    """``fn`` over the files' paths on ``jobs`` processes (default: every core), input order;
    with a progress bar on a terminal (``progress=False``: never, e.g. when results are
    printed on that terminal as they come)."""
    from .._batch.runner import default_jobs, ordered_map

    workers = min(jobs or default_jobs(), len(files))
    results = ordered_map(fn, [str(f) for f in files], jobs=workers, executor=None)
    return _with_progress(results, files, Progress(len(files), on=progress))


def _with_progress(results: Iterator[T], files: Sequence[Path], bar: Progress) -> Iterator[T]:
    try:
        for n, (result, path) in enumerate(zip(results, files, strict=True), start=1):
            bar.step(n, str(path))
            yield result
    finally:
        bar.done()


def error_entry(path: str, exc: EdocError) -> dict[str, Any]:
    """The entry of a package that could not be handled, in a list of results."""
    from .._batch.discover import printable_path

    return {
        "file": printable_path(path),
        "error": exc.message("en"),
        "error_vi": exc.message("vi"),
        "io_error": bool(getattr(exc, "io_error", False)),
    }


def start(args: argparse.Namespace, command: str) -> tuple[list[Path], list[Problem]] | None:
    """Check ``--jobs`` and find the packages; None (after saying why) when there is no work."""
    problem = check_jobs(args)
    if problem:
        print(f"edocstd {command}: {problem}", file=sys.stderr)
        return None
    return find(args.files, args.lang, command)


def check_jobs(args: argparse.Namespace) -> str | None:
    if args.jobs is not None and args.jobs < 1:
        return tr(args.lang, "--jobs phải từ 1 trở lên", "--jobs must be at least 1")
    return None


__all__ = [
    "Progress",
    "add_jobs_option",
    "check_jobs",
    "error_entry",
    "find",
    "in_parallel",
    "is_many",
    "start",
]
