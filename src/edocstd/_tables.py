"""Packages and reports as pandas tables, for analysts (optional extra ``edocstd[pandas]``).

:func:`table` gives one row per package, :func:`findings_table` one row per finding.  Both
consume their input as a stream: an iterator (such as the reports of
``edocstd.validate_many``) is read one item at a time and only the row values are kept, so
a folder of 100 000 packages never sits in memory.  pandas is imported when a table is
built, never by ``import edocstd``.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ._api import load
from ._errors import BuildError, EdocError
from ._findings import Finding, Severity
from ._model.codes import StatusCode
from ._model.package import Edoc, StatusPackage
from ._types import BatchExecutor
from ._validate import Report, validate
from ._validate.catalogue import tier_of
from ._xml.parser import DEFAULT_LIMITS

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")
U = TypeVar("U")
TableItem = str | os.PathLike[str] | Edoc | StatusPackage | Report
TableSource = TableItem | Iterable[TableItem]
"""What ``table`` and ``findings_table`` take: a path (a folder gives its packages), a package,
a report, or an iterable of them (such as the stream of ``validate_many``)."""
_READ_WHOLE = 1 << 20
"""Files up to this size are read whole once (the reader reads them whole anyway); larger
ones are mapped by the reader, once to validate and once for the facts."""

PACKAGE_COLUMNS: dict[str, str] = {
    "source": "where the package came from (the path), when known",
    "kind": "``edoc`` or ``status``; empty when the package could not be read",
    "sender": "OrganId of the sender (From)",
    "sender_name": "OrganName of the sender",
    "recipients": "OrganIds of the recipients (To), separated by ``; ``",
    "recipient_count": "number of recipients",
    "document_id": "DocumentId of an edoc; for a status, the document it is about",
    "number_notation": "number and notation (``315/STTTT-BCVT``)",
    "document_type": "type of document (TypeName, else the code)",
    "subject": "subject (Trích yếu)",
    "date": "PromulgationDate of an edoc, Timestamp of a status (a pandas timestamp)",
    "due_date": "DueDate of an edoc",
    "business_type": "business operation of an edoc (0 new, 1 revoke, 2 update, 3 replace)",
    "status_code": "StatusCode of a status package (``01`` … ``16``)",
    "attachment_count": "number of attachments",
    "attachment_bytes": "their decoded size, from the base64 length (nothing is decoded)",
    "valid": "the validation verdict; empty (NA) when the package was not validated",
    "errors": "error findings (of the report when validated, else of the reader)",
    "warnings": "warning findings",
    "infos": "informational findings",
    "problem": "why the package could not be read, when it could not",
}
"""The columns of :func:`table`, in order, with their meaning."""

FINDING_COLUMNS: dict[str, str] = {
    "source": "the package the finding is about",
    "tier": "validation tier (``wellformed``, ``schema``, ``rules``…)",
    "rule": "rule id (see the rule catalogue)",
    "severity": "``error``, ``warning`` or ``info``",
    "path": "XPath-like location in the package",
    "line": "source line, when known",
    "message_vi": "the message in Vietnamese",
    "message_en": "the message in English",
    "value": "the offending value (cut to 200 characters)",
}
"""The columns of :func:`findings_table`, in order, with their meaning."""

_DATE_COLUMNS = ("date", "due_date")
_INT_COLUMNS = (
    "recipient_count", "business_type", "attachment_count", "attachment_bytes",
    "errors", "warnings", "infos", "line",
)  # fmt: skip


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise EdocError(
            "Cần cài gói pandas để tạo bảng: pip install 'edocstd[pandas]'\n"
            "pandas is needed for tables: pip install 'edocstd[pandas]'"
        ) from None
    return pandas


def _select(columns: Sequence[str] | None, known: dict[str, str]) -> list[str]:
    if columns is None:
        return list(known)
    unknown = [c for c in columns if c not in known]
    if unknown:
        names = ", ".join(known)
        raise EdocError(
            f"Không có cột {', '.join(unknown)}; các cột có: {names}\n"
            f"no column {', '.join(unknown)}; the columns are: {names}"
        )
    return list(columns)


def _items(sources: Any, name: str) -> Iterator[Any]:
    """The items of ``sources``: one path (a folder gives its packages) or an iterable."""
    if isinstance(sources, (str, os.PathLike)):
        from ._batch import find_packages  # imported when used: it brings the batch machinery

        return iter(find_packages(sources))
    if isinstance(sources, (Edoc, StatusPackage, Report)):
        return iter((sources,))
    if isinstance(sources, (bytes, bytearray, memoryview)) or not isinstance(sources, Iterable):
        raise _not_a_source(name, sources)  # bytes would be taken as a list of numbers
    return iter(sources)


def _task(item: str | os.PathLike[str], check: bool) -> _Task:
    """What a worker gets for a file: where it is (absolute: a worker on a cluster has its
    own working folder), the path as given (the row's ``source``), and whether to validate."""
    from ._batch.runner import labelled

    where, label = labelled(item)
    return os.fsdecode(where), label, check


# --- one row per package -----------------------------------------------------------------------


def _known(value: object, kind: type) -> object:
    """``value`` when the reader could interpret it (a ``Raw`` string is not), else ``None``."""
    return value if isinstance(value, kind) else None


def _edoc_facts(pkg: Edoc) -> dict[str, object]:
    h = pkg.header
    pi = h.promulgation_info
    dtp = h.document_type
    payloads = [a.payload for a in pkg.attachments if a.payload is not None]
    return {
        "recipients": "; ".join(o.organ_id or "?" for o in h.to),
        "recipient_count": len(h.to),
        "document_id": h.document_id,
        "number_notation": str(h.code) if h.code else None,
        "document_type": (dtp.type_name or str(getattr(dtp.type, "value", dtp.type) or ""))
        if dtp
        else None,
        "subject": h.subject,
        "date": _known(pi.promulgation_date, dt.date) if pi else None,
        "due_date": _known(h.due_date, dt.date),
        "business_type": getattr(pkg.business_type, "value", None),
        "attachment_count": len(pkg.attachments),
        "attachment_bytes": sum(p.approx_size for p in payloads),
    }


def _status_facts(pkg: StatusPackage) -> dict[str, object]:
    h = pkg.header
    code = h.status_code
    return {
        "document_id": h.response_for.document_id if h.response_for else None,
        "date": _known(h.timestamp, dt.datetime),
        "status_code": code.value
        if isinstance(code, StatusCode)
        else (str(code) if code else None),
        "attachment_count": 0,
        "attachment_bytes": 0,
    }


def _counts(findings: Iterable[Finding]) -> dict[str, object]:
    counts = {"errors": 0, "warnings": 0, "infos": 0}
    key = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "infos"}
    for f in findings:
        counts[key[f.severity]] += 1
    return dict(counts)


def _verdict(report: Report) -> dict[str, object]:
    return {**_counts(report.findings), "valid": report.ok}


def package_row(pkg: Edoc | StatusPackage, report: Report | None = None) -> dict[str, object]:
    """The values of :func:`table`'s columns for one package (and its report, if validated)."""
    sender = pkg.header.sender
    row: dict[str, object] = {
        "kind": pkg.kind,
        "sender": sender.organ_id if sender else None,
        "sender_name": sender.organ_name if sender else None,
    }
    row.update(_edoc_facts(pkg) if isinstance(pkg, Edoc) else _status_facts(pkg))
    row.update(_verdict(report) if report is not None else _counts(pkg.findings))
    return row


def _read_once(path: str) -> bytes | str:
    """A small regular file's bytes, so that validating and reading it see one read of one
    version; a large file stays a path (the reader maps it rather than reading it whole)."""
    try:
        if stat.S_ISREG(os.stat(path).st_mode):
            with open(path, "rb") as f:
                data = f.read(_READ_WHOLE + 1)
            if len(data) <= _READ_WHOLE:
                return data
    except (OSError, ValueError):
        pass  # the reader says why, in the row
    return path


def _row_from(
    data: bytes | str, source: str, report: Report | None, options: dict[str, Any]
) -> dict[str, object]:
    try:
        pkg = load(data, limits=options.get("limits") or DEFAULT_LIMITS)
    except EdocError as exc:  # unreadable: a row that says why (and the verdict, if any)
        return {
            "source": source,
            "problem": str(exc),
            **(_verdict(report) if report is not None else {}),
        }
    return {"source": source, **package_row(pkg, report)}


# A task goes to a worker: (absolute path, the path as given, validate it?), or ``None`` for
# an item the caller's process handles (a package object, a report without a file).
_Task = tuple[str, str | None, bool] | None


def package_row_task(task: _Task, options: dict[str, Any]) -> dict[str, object] | None:
    """Run in a worker (module level, so that it pickles): the row of one file, read once."""
    if task is None:
        return None
    path, label, check = task
    data = _read_once(path)
    report = validate(data, **options) if check else None
    return _row_from(data, label or path, report, options)


def _package_task(item: object, validated: bool) -> _Task:
    if isinstance(item, (str, os.PathLike)):
        return _task(item, validated)
    if isinstance(item, Report):  # its verdict is known: the worker reads the facts only
        return _task(item.source, False) if item.source else None
    if isinstance(item, (Edoc, StatusPackage)):
        return None
    raise _not_a_source("table", item)


def _package_done(
    item: object, done: dict[str, object] | None, validated: bool, options: dict[str, Any]
) -> dict[str, object]:
    if isinstance(item, Report):  # the report's verdict over the reader's counts
        return {**(done or {"source": None}), **_verdict(item)}
    if isinstance(item, (Edoc, StatusPackage)):
        report = validate(item, **options) if validated else None
        return {"source": None, **package_row(item, report)}
    assert done is not None  # a path: its row was made by the worker
    return done


def _not_a_source(name: str, item: object) -> BuildError:
    kind = type(item).__name__
    hint = ""
    if isinstance(item, (bytes, bytearray, memoryview)):
        hint = (
            f"; với bytes, đọc gói tin trước: {name}([edocstd.loads(data)])"
            f"\n(for bytes, read the package first: {name}([edocstd.loads(data)]))"
        )
    return BuildError(
        f"{name}() nhận đường dẫn, gói tin hoặc báo cáo, không nhận {kind}\n"
        f"{name}() takes paths, packages or reports, not {kind}{hint}",
        path="sources",
    )


def _stream(
    items: Iterator[Any],
    task_of: Callable[[Any], Any],
    work: Callable[[Any], U],
    done: Callable[[Any, U], T],
    *,
    jobs: int | None,
    executor: Any,
) -> Iterator[T]:
    """``done(item, work(task_of(item)))`` for each item, in order: ``work`` runs on the batch
    runner (every core, or ``executor``), ``task_of`` and ``done`` here.  Only the items in
    flight are held."""
    from ._batch.runner import ordered_map  # imported when used: it brings the batch machinery

    held: collections.deque[Any] = collections.deque()

    def tasks() -> Iterator[Any]:
        for item in items:
            task = task_of(item)
            held.append(item)
            yield task

    for result in ordered_map(work, tasks(), jobs=jobs, executor=executor):
        yield done(held.popleft(), result)


def _frame(columns: list[str], data: dict[str, list[object]]) -> pd.DataFrame:
    pd = _pandas()
    frame = pd.DataFrame({c: data[c] for c in columns}, columns=columns)
    for name in _DATE_COLUMNS:
        if name in frame.columns:
            frame[name] = pd.to_datetime(frame[name], errors="coerce")
    for name in _INT_COLUMNS:  # whole numbers stay whole when a value is missing
        if name in frame.columns:
            frame[name] = frame[name].astype("Int64")
    if "valid" in frame.columns:
        frame["valid"] = frame["valid"].astype("boolean")
    return frame  # type: ignore[no-any-return]


def _checked(name: str, validated: bool, jobs: object, options: dict[str, Any]) -> dict[str, Any]:
    from ._batch import checked_options

    if not validated and options:  # options that would do nothing are a mistake, not a no-op
        names = ", ".join(sorted(options))
        raise BuildError(
            f"{name}(): tùy chọn {names} chỉ dùng khi kiểm tra (validate=True)\n"
            f"{name}(): {names} only apply when validating (validate=True)",
            path=sorted(options)[0],
        )
    return checked_options(jobs, options)


def table(
    sources: TableSource,
    *,
    columns: Sequence[str] | None = None,
    validate: bool = False,
    jobs: int | None = None,
    executor: BatchExecutor | None = None,
    **validate_options: object,
) -> pd.DataFrame:
    """One row per package, as a pandas ``DataFrame`` (needs ``edocstd[pandas]``).

    ``sources``: a path (a folder gives its packages as ``edocstd.find_packages`` finds them,
    and raises ``NoPackagesFound`` when it holds none), or an iterable of paths, packages
    (``Edoc``/``StatusPackage``) or validation reports (such as the stream of
    ``edocstd.validate_many``).  The iterable is consumed one item at a time; only the rows
    are kept.
    ``validate``: also validate paths and packages, with the options of
    ``edocstd.validate_many`` (``profile``, ``trust``, ``now``…, checked once; an option
    without ``validate=True`` is a ``BuildError``), to fill ``valid``; without it ``valid``
    is NA and the counts are the reader's.  A file that cannot be read gives a row with
    ``problem`` set, not an exception.

    Cost: the row of a file is made where ``validate_many`` validates (``jobs`` worker
    processes, default every core, ``jobs=1`` in this process, or your ``executor``/Dask
    client), from one read of the file: ``table(folder, validate=True)`` reads and parses
    each package once to validate it and once more for its facts, both in the worker (a file
    over 1 MB is parsed from its mapping twice).  ``table(validate_many(...))`` gives the same
    table but reads each file twice (once to validate, once again in a worker for its facts):
    prefer ``validate=True``.  Package objects and reports without a file are done here.

    ``columns``: a subset of these, in the order wanted (all by default): ``source``,
    ``kind`` (edoc/status), ``sender``, ``sender_name``, ``recipients`` (OrganIds joined by
    ``"; "``), ``recipient_count``, ``document_id`` (for a status: the document it is
    about), ``number_notation``, ``document_type``, ``subject``, ``date`` (PromulgationDate,
    or a status's Timestamp), ``due_date``, ``business_type`` (0 new … 3 replace),
    ``status_code``, ``attachment_count``, ``attachment_bytes`` (from the base64 length,
    nothing decoded), ``valid``, ``errors``, ``warnings``, ``infos``, ``problem`` (why the
    file could not be read).  Dates are pandas timestamps; missing values are NA.
    """
    wanted = _select(columns, PACKAGE_COLUMNS)
    options = _checked("table", validate, jobs, validate_options)
    _pandas()
    data: dict[str, list[object]] = {c: [] for c in wanted}
    rows = _stream(
        _items(sources, "table"),
        functools.partial(_package_task, validated=validate),
        functools.partial(package_row_task, options=options),
        functools.partial(_package_done, validated=validate, options=options),
        jobs=jobs,
        executor=executor,
    )
    for row in rows:
        for c in wanted:
            data[c].append(row.get(c))
    return _frame(wanted, data)


# --- one row per finding -----------------------------------------------------------------------


def _finding_rows(source: str | None, findings: Sequence[Finding]) -> list[dict[str, object]]:
    return [{"source": source, "tier": tier_of(f.rule), **f.to_dict()} for f in findings]


def finding_rows_task(task: _Task, options: dict[str, Any]) -> list[dict[str, object]] | None:
    """Run in a worker: the finding rows of one file."""
    if task is None:
        return None
    path, label, _ = task
    return _finding_rows(label or path, validate(path, **options).findings)


def _finding_task(item: object) -> _Task:
    if isinstance(item, (str, os.PathLike)):
        return _task(item, True)
    if isinstance(item, (Report, Edoc, StatusPackage)):
        return None
    raise _not_a_source("findings_table", item)


def _finding_done(
    item: object, done: list[dict[str, object]] | None, options: dict[str, Any]
) -> list[dict[str, object]]:
    if isinstance(item, Report):
        return _finding_rows(item.source, item.findings)
    if isinstance(item, (Edoc, StatusPackage)):
        return _finding_rows(None, validate(item, **options).findings)
    assert done is not None  # a path: validated by the worker
    return done


def findings_table(
    sources: TableSource,
    *,
    columns: Sequence[str] | None = None,
    jobs: int | None = None,
    executor: BatchExecutor | None = None,
    **validate_options: object,
) -> pd.DataFrame:
    """One row per finding, as a pandas ``DataFrame`` (needs ``edocstd[pandas]``).

    ``sources`` as for ``table``; paths are validated as ``edocstd.validate_many`` does (with
    ``validate_options``, on ``jobs`` processes or your ``executor``), packages here, and
    reports are used as they are.  ``columns``: a subset of ``source``, ``tier``, ``rule``,
    ``severity``, ``path``, ``line``, ``message_vi``, ``message_en``, ``value``.  Group by
    ``rule`` to see which rules a mailbox breaks.
    """
    wanted = _select(columns, FINDING_COLUMNS)
    options = _checked("findings_table", True, jobs, validate_options)
    _pandas()
    data: dict[str, list[object]] = {c: [] for c in wanted}
    groups = _stream(
        _items(sources, "findings_table"),
        _finding_task,
        functools.partial(finding_rows_task, options=options),
        functools.partial(_finding_done, options=options),
        jobs=jobs,
        executor=executor,
    )
    for group in groups:
        for row in group:
            for c in wanted:
                data[c].append(row.get(c))
    return _frame(wanted, data)


__all__ = [
    "FINDING_COLUMNS",
    "PACKAGE_COLUMNS",
    "finding_rows_task",
    "findings_table",
    "package_row",
    "package_row_task",
    "table",
]
