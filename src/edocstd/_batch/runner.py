"""``validate_many``: validate a stream of packages on every core, or on a Dask cluster.

The work is cut into small chunks (a few packages, a few megabytes) sent to an executor: a
``concurrent.futures`` process pool by default, any ``concurrent.futures.Executor`` you pass, or
a ``dask.distributed.Client`` (its ``get_executor()`` view: Dask schedules, we only submit).  At
most a few chunks per worker are in flight, so a folder of 100 000 packages never sits in
memory, and reports come back in input order: the same reports, in the same order, as a plain
loop over :func:`edocstd.validate`.

Certificates cross process boundaries as DER (``copyreg`` below): cryptography's certificate
objects cannot be pickled, and both trust anchors going out and signer certificates coming back
in reports need to travel.  The reduction is registered wherever cryptography is already loaded
(a certificate object exists only then): in the caller before work is sent, and in a worker
before its results are sent back.  A batch of unsigned packages never loads it.
"""

from __future__ import annotations

import collections
import copyreg
import functools
import itertools
import os
import pickle
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from .._errors import BuildError, NoPackagesFound, ParseError, WorkerDied
from .._types import DaskClient
from .._validate.report import Report
from .._validate.validator import validate
from .discover import Problem, iter_packages, path_kind

if TYPE_CHECKING:
    import concurrent.futures as cf

    from cryptography import x509

# concurrent.futures (and the logging it imports) is loaded where a pool or an executor is
# used: validating one package, or a folder with --jobs 1, starts without it.

CHUNK_PACKAGES = 32
"""Largest number of packages sent to a worker at once: a round trip costs the calling process
about half a millisecond (threads of the pool, pipes, pickling), which 32 small packages
(~10 ms of work) amortise, while the last chunk still ends soon after the others."""
CHUNK_BYTES = 8 * 1024 * 1024
"""A chunk closes once its files add up to this many bytes (large packages travel alone)."""
IN_FLIGHT_PER_WORKER = 3
"""Chunks submitted ahead per worker: enough to keep workers busy, few enough to bound memory."""

Item = str | os.PathLike[str] | bytes
T = TypeVar("T")
U = TypeVar("U")


def _certificate_from_der(der: bytes) -> x509.Certificate:
    from cryptography import x509

    return x509.load_der_x509_certificate(der)


def _reduce_certificate(cert: x509.Certificate) -> tuple[Callable[[bytes], Any], tuple[bytes]]:
    from cryptography.hazmat.primitives.serialization import Encoding

    return _certificate_from_der, (cert.public_bytes(Encoding.DER),)


def _certificates_travel_as_der() -> None:
    """Register the DER form for pickling certificates, if cryptography is loaded: without it
    no certificate object can exist, and importing it (tens of milliseconds) is not paid by a
    batch, or a command, that never needs it."""
    x509 = sys.modules.get("cryptography.x509")
    if x509 is None:
        return
    # x509.Certificate is the Rust class itself in the cryptography releases we support.
    copyreg.pickle(x509.Certificate, _reduce_certificate)


def default_jobs() -> int:
    """The cores this process may use (its CPU affinity where the platform tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def expand(sources: Item | Iterable[Item]) -> Iterator[Item]:
    """Folders become the packages inside them, found lazily (see ``discover``); anything else
    passes through (a missing file becomes a report with a finding).  A folder that cannot be
    searched raises :class:`edocstd.ParseError` (``io_error``) when the stream reaches it."""
    single = isinstance(sources, (str, os.PathLike, bytes, bytearray))
    if not single and not isinstance(sources, Iterable):
        raise BuildError(
            "validate_many() takes a folder, a file, or an iterable of paths and bytes, "
            f"not {type(sources).__name__}",
            path="sources",
        )
    items: Iterable[Item] = (sources,) if single else sources  # type: ignore[assignment]
    for item in items:
        if isinstance(item, (str, os.PathLike)) and path_kind(item) == "dir":
            for found in iter_packages([item]):
                if isinstance(found, Problem):
                    raise ParseError(
                        found.message("en"), message_vi=found.message("vi"), io_error=True
                    )
                yield found
        else:
            yield item


def _weight(item: object) -> int:
    if isinstance(item, tuple):
        item = item[0]
    if isinstance(item, (bytes, bytearray)):
        return len(item)
    if not isinstance(item, (str, os.PathLike)):
        return 0
    try:
        return os.stat(item).st_size
    except (OSError, ValueError):  # missing, or a name the system refuses (NUL byte, too long)
        return 0


def chunked(items: Iterator[U]) -> Iterator[list[U]]:
    """Group items into chunks of at most CHUNK_PACKAGES items and about CHUNK_BYTES bytes."""
    chunk: list[U] = []
    size = 0
    for item in items:
        chunk.append(item)
        size += _weight(item)
        if len(chunk) >= CHUNK_PACKAGES or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def apply_chunk(fn: Callable[[U], T], chunk: list[U]) -> list[T]:
    """Run in a worker: ``fn`` on each item of a chunk (module level, so that it pickles); the
    certificates the results hold can then travel back."""
    results = [fn(item) for item in chunk]
    _certificates_travel_as_der()
    return results


def _as_executor(executor: Any) -> cf.Executor:
    import concurrent.futures as cf

    if isinstance(executor, cf.Executor):
        return executor
    if callable(getattr(executor, "get_executor", None)):  # dask.distributed.Client
        client: DaskClient = executor
        # pure=False: Dask would otherwise hash every chunk (megabytes) to name its task, and
        # two equal chunks would share one task, so cancelling one would cancel the other.
        return client.get_executor(pure=False)
    raise BuildError(
        "executor must be a concurrent.futures.Executor or a dask.distributed.Client, "
        f"not {type(executor).__name__}",
        path="executor",
    )


def _ordered(
    pool: cf.Executor, fn: Callable[[U], T], chunks: Iterator[list[U]], window: int
) -> Iterator[T]:
    pending: collections.deque[cf.Future[list[T]]] = collections.deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(apply_chunk, fn, chunk))
            while len(pending) >= window:
                yield from _result(pending.popleft())
        while pending:
            yield from _result(pending.popleft())
    finally:
        for future in pending:  # the caller stopped early: do not work for nobody
            future.cancel()


def _result(future: cf.Future[list[T]]) -> list[T]:
    import concurrent.futures as cf

    try:
        return future.result()
    except cf.BrokenExecutor as exc:  # a worker was killed (out of memory, a signal…)
        raise WorkerDied() from exc
    except Exception as exc:
        if type(exc).__name__ == "KilledWorker":  # Dask's word for the same (not imported here)
            raise WorkerDied() from exc
        raise


def ordered_map(
    fn: Callable[[U], T], items: Iterable[U], *, jobs: int | None, executor: Any
) -> Iterator[T]:
    """``fn`` over ``items``, in input order: serially, on a process pool, or on ``executor``.

    ``fn`` must pickle (a module-level function, or a ``functools.partial`` of one).  Work that
    fits in one chunk is done here (unless you pass an executor), and no more processes start
    than there are chunks.
    """
    workers = jobs if jobs is not None else default_jobs()
    pool = _as_executor(executor) if executor is not None else None  # a wrong one fails now
    if pool is None and workers <= 1:  # one at a time, here: no chunks to weigh (a stat each)
        yield from map(fn, items)
        return
    chunks = chunked(iter(items))
    head = list(itertools.islice(chunks, max(2, workers)))
    if pool is None and len(head) <= 1:  # an executor given is always used
        for chunk in itertools.chain(head, chunks):
            yield from map(fn, chunk)
        return
    import concurrent.futures as cf

    if executor is None or isinstance(executor, cf.ProcessPoolExecutor):
        _check_pickles(fn)  # (Dask pickles with cloudpickle, which takes more)
    all_chunks = itertools.chain(head, chunks)
    if pool is not None:
        yield from _ordered(pool, fn, all_chunks, max(2, workers) * IN_FLIGHT_PER_WORKER)
        return
    workers = min(workers, len(head))
    with cf.ProcessPoolExecutor(max_workers=workers) as own_pool:
        yield from _ordered(own_pool, fn, all_chunks, workers * IN_FLIGHT_PER_WORKER)


def _check_pickles(fn: Callable[..., Any]) -> None:
    """Options that cannot travel to another process are a BuildError here, not a traceback
    from inside the pool."""
    try:
        pickle.dumps(fn)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        raise BuildError(
            f"the options cannot be sent to worker processes ({exc}); pass plain values "
            "(certificates, paths, edocstd.Policy) or use jobs=1",
            path="options",
        ) from exc


def _validate_labelled(
    item: tuple[Item, str | None],
    options: dict[str, Any],
    then: Callable[[Report], Any] | None = None,
) -> Any:
    """Validate ``item[0]`` and name the report after ``item[1]``, the path as the caller gave
    it (workers get absolute paths: on a cluster their working folder is not the caller's);
    ``then``, if given, is applied to the report here, and its result is what travels back."""
    source, label = item
    report = validate(source, **options)
    if label is not None:
        report = attrs.evolve(report, source=label)
    return report if then is None else then(report)


def labelled(item: Item) -> tuple[Item, str | None]:
    if isinstance(item, (str, os.PathLike)):
        try:
            return os.path.abspath(item), os.fsdecode(item)
        except (OSError, ValueError):
            return item, None
    return item, None


def run(
    first: Item,
    rest: Iterator[Item],
    options: dict[str, Any],
    *,
    jobs: int | None,
    executor: Any,
    then: Callable[[Report], Any] | None = None,
) -> Iterator[Any]:
    """Validate ``first`` then ``rest`` with ``options``: serially, on a pool, or on Dask; the
    reports, or ``then`` of each report (applied where the report is made)."""
    _certificates_travel_as_der()
    check = functools.partial(_validate_labelled, options=options, then=then)
    items = map(labelled, itertools.chain((first,), rest))
    return ordered_map(check, items, jobs=jobs, executor=executor)


def first_and_rest(sources: Item | Iterable[Item]) -> tuple[Item, Iterator[Item]]:
    """Peek the first package, so that an empty batch fails at once, not at the first ``next``."""
    items = expand(sources)
    try:
        first = next(items)
    except StopIteration:
        raise NoPackagesFound() from None
    return first, items


__all__ = [
    "apply_chunk",
    "default_jobs",
    "expand",
    "first_and_rest",
    "labelled",
    "ordered_map",
    "run",
]
