"""Many packages at once: finding them in folders and validating them on every core or a cluster.

``find_packages(paths)`` lists the packages in files and folders (``.edxml`` by name, ``.xml``
by content); ``validate_many(sources, ...)`` streams one :class:`edocstd.Report` per package,
in input order, computed on a process pool, your own executor, or a ``dask.distributed``
client.  Both raise :class:`edocstd.NoPackagesFound` when there is nothing to check: a check
that checks nothing must not pass.
"""

from __future__ import annotations

import datetime as dt
import inspect
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .._errors import BuildError, NoPackagesFound, ParseError
from .._i18n import Lang
from .._types import BatchExecutor, ValidationProfile
from .._validate.report import Report
from .._validate.validator import _check_arguments, validate
from .._xml.parser import Limits
from .discover import has_edxml_root, scan
from .runner import Item, default_jobs, first_and_rest, run

if TYPE_CHECKING:
    from .._pdf import DocumentLimits
    from .._sign.policy import Policy
    from .._sign.trust import TrustSource

T = TypeVar("T")


def find_packages(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The package files among ``paths``: files as given, folders searched recursively.

    In folders, ``*.edxml`` files are taken by name and ``*.xml`` files when their root element
    is ``edXML``.  Raises :class:`edocstd.ParseError` (``io_error``) for a path that does not
    exist and :class:`edocstd.NoPackagesFound` when no package was found.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    found = scan(paths)
    if found.problems:
        raise ParseError(
            "; ".join(p.message("en") for p in found.problems),
            message_vi="; ".join(p.message("vi") for p in found.problems),
            io_error=True,
        )
    if not found.files:
        raise NoPackagesFound()
    return list(found.files)


VALIDATE_OPTIONS = frozenset(inspect.signature(validate).parameters) - {"source"}
"""The keyword options of :func:`edocstd.validate`, which a batch passes to every package."""


def checked_options(jobs: object, options: dict[str, Any]) -> dict[str, Any]:
    """``options`` for :func:`edocstd.validate`, checked once for a whole batch (here, not in a
    worker for each package): names, values and ``jobs``; a bad one is a ``BuildError``."""
    unknown = sorted(set(options) - VALIDATE_OPTIONS)
    if unknown:
        names, known = ", ".join(unknown), ", ".join(sorted(VALIDATE_OPTIONS))
        raise BuildError(
            f"không có tùy chọn kiểm tra {names}; các tùy chọn: {known}\n"
            f"no validation option {names}; the options are: {known}",
            path=unknown[0],
        )
    sizes = {
        name: options.get(name) for name in ("max_attachment_bytes", "max_total_attachment_bytes")
    }
    _check_arguments(
        options.get("profile", "vdxp"),
        options.get("lang", "vi"),
        options.get("limits"),
        sizes,
        options.get("now"),
    )
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise BuildError(f"jobs must be a positive int or None, got {jobs!r}", path="jobs")
    return options


def validate_many(
    sources: Item | Iterable[Item],
    *,
    jobs: int | None = None,
    executor: BatchExecutor | None = None,
    profile: ValidationProfile = "vdxp",
    lang: Lang = "vi",
    trust: TrustSource | None = None,
    policy: Policy | None = None,
    limits: Limits | None = None,
    max_attachment_bytes: int | None = None,
    max_total_attachment_bytes: int | None = None,
    now: dt.date | dt.datetime | None = None,
    documents: bool = False,
    document_trust: TrustSource | None = None,
    document_limits: DocumentLimits | None = None,
) -> Iterator[Report]:
    """Validate many packages; yields one :class:`edocstd.Report` per package, in input order.

    ``sources``: a folder, a file, or an iterable of paths and ``bytes`` (folders are searched
    as :func:`find_packages` does; the iterable is consumed lazily).  ``jobs``: worker processes
    (default: the cores available; ``1`` validates in this process).  ``executor``: run on this
    ``concurrent.futures.Executor`` or ``dask.distributed.Client`` instead (it is not shut down).
    The other options are those of :func:`edocstd.validate` and apply to every package.  Each
    report's ``source`` names its file.  Raises :class:`edocstd.NoPackagesFound` at once when
    ``sources`` holds no package.
    """
    options: dict[str, Any] = {
        "profile": profile,
        "lang": lang,
        "trust": trust,
        "policy": policy,
        "limits": limits,
        "now": now,
        "documents": documents,
        "document_trust": document_trust,
        "document_limits": document_limits,
        "max_attachment_bytes": max_attachment_bytes,
        "max_total_attachment_bytes": max_total_attachment_bytes,
    }
    checked_options(jobs, options)
    first, rest = first_and_rest(sources)
    return run(first, rest, options, jobs=jobs, executor=executor)


def validate_each(
    then: Callable[[Report], T],
    files: Sequence[str | os.PathLike[str]],
    *,
    jobs: int,
    **options: Any,
) -> Iterator[T]:
    """``then(report)`` for the report of each of ``files``, in input order, on ``jobs``
    processes: ``then`` runs where the report is made, so only its result travels back (the
    command line sends each package's text, not its report).  ``files`` are package files
    already found (not searched again); ``then`` must pickle; ``options`` are those of
    :func:`validate_many`.  Raises :class:`edocstd.NoPackagesFound` when ``files`` is empty.
    """
    checked_options(jobs, options)
    if not files:
        raise NoPackagesFound()
    rest: Iterator[Item] = iter(files[1:])
    return run(files[0], rest, options, jobs=jobs, executor=None, then=then)


__all__ = [
    "VALIDATE_OPTIONS",
    "checked_options",
    "default_jobs",
    "find_packages",
    "has_edxml_root",
    "validate_each",
    "validate_many",
]
