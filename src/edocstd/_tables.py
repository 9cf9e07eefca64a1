"""Packages and reports as pandas tables, for analysts (optional extra ``edocstd[pandas]``).

:func:`table` gives one row per package, :func:`findings_table` one row per finding.  Both
consume their input as a stream: an iterator (such as the reports of
``edocstd.validate_many``) is read one item at a time and only the row values are kept, so
a folder of 100 000 packages never sits in memory.  pandas is imported when a table is
built, never by ``import edocstd``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ._api import load
from ._errors import EdocError
from ._findings import Finding, Severity
from ._model.codes import StatusCode
from ._model.package import Edoc, StatusPackage
from ._validate import Report, validate
from ._validate.catalogue import tier_of

if TYPE_CHECKING:
    import pandas as pd

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


def _items(sources: Any) -> Iterator[Any]:
    """The items of ``sources``: one path (a folder gives its packages) or an iterable."""
    if isinstance(sources, (str, os.PathLike)):
        from ._batch import find_packages  # imported when used: it brings the batch machinery

        yield from find_packages(sources)
    elif isinstance(sources, (Edoc, StatusPackage, Report)):
        yield sources
    else:
        yield from sources


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


def _row_from_path(source: str, report: Report | None) -> dict[str, object]:
    try:
        pkg = load(source)
    except EdocError as exc:  # unreadable: a row that says why (and the verdict, if any)
        return {
            "source": source,
            "problem": str(exc),
            **(_verdict(report) if report is not None else {}),
        }
    return {"source": source, **package_row(pkg, report)}


def _row_of(item: object, validated: bool, options: dict[str, Any]) -> dict[str, object]:
    if isinstance(item, (str, os.PathLike)):
        return _row_from_path(os.fspath(item), validate(item, **options) if validated else None)
    if isinstance(item, Report):
        if item.source:
            return _row_from_path(item.source, item)
        return {"source": None, **_verdict(item)}
    if isinstance(item, (Edoc, StatusPackage)):
        return {
            "source": None,
            **package_row(item, validate(item, **options) if validated else None),
        }
    raise EdocError(
        f"table() nhận đường dẫn, gói tin hoặc báo cáo, không nhận {type(item).__name__}\n"
        f"table() takes paths, packages or reports, not {type(item).__name__}"
    )


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


def table(
    sources: Any,
    *,
    columns: Sequence[str] | None = None,
    validate: bool = False,
    **validate_options: Any,
) -> pd.DataFrame:
    """One row per package, as a pandas ``DataFrame`` (needs ``edocstd[pandas]``).

    ``sources``: a path (a folder gives its packages as ``edocstd.find_packages`` finds them,
    and raises ``NoPackagesFound`` when it holds none), or an iterable of paths, packages
    (``Edoc``/``StatusPackage``) or validation reports (such as the stream of
    ``edocstd.validate_many``; each report's package is read again from ``Report.source`` for
    its facts).  The iterable is consumed one item at a time.
    ``validate``: also validate paths and packages (with ``validate_options``) to fill
    ``valid``; without it ``valid`` is NA and the counts are the reader's.  A file that cannot
    be read gives a row with ``problem`` set, not an exception.

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
    _pandas()
    data: dict[str, list[object]] = {c: [] for c in wanted}
    for item in _items(sources):
        row = _row_of(item, validate, validate_options)
        for c in wanted:
            data[c].append(row.get(c))
    return _frame(wanted, data)


# --- one row per finding -----------------------------------------------------------------------


def _findings_of(item: object, options: dict[str, Any]) -> tuple[str | None, Sequence[Finding]]:
    if isinstance(item, Report):
        return item.source, item.findings
    if isinstance(item, (str, os.PathLike)):
        report = validate(item, **options)
        return os.fspath(item), report.findings
    if isinstance(item, (Edoc, StatusPackage)):
        return None, validate(item, **options).findings
    raise EdocError(
        f"findings_table() nhận đường dẫn, gói tin hoặc báo cáo, không nhận {type(item).__name__}"
        f"\nfindings_table() takes paths, packages or reports, not {type(item).__name__}"
    )


def findings_table(
    sources: Any, *, columns: Sequence[str] | None = None, **validate_options: Any
) -> pd.DataFrame:
    """One row per finding, as a pandas ``DataFrame`` (needs ``edocstd[pandas]``).

    ``sources`` as for ``table``; paths and packages are validated (with
    ``validate_options``), reports are used as they are.  ``columns``: a subset of
    ``source``, ``tier``, ``rule``, ``severity``, ``path``, ``line``, ``message_vi``,
    ``message_en``, ``value``.  Group by ``rule`` to see which rules a mailbox breaks.
    """
    wanted = _select(columns, FINDING_COLUMNS)
    _pandas()
    data: dict[str, list[object]] = {c: [] for c in wanted}
    for item in _items(sources):
        source, findings = _findings_of(item, validate_options)
        for f in findings:
            row = {"source": source, "tier": tier_of(f.rule), **f.to_dict()}
            for c in wanted:
                data[c].append(row.get(c))
    return _frame(wanted, data)


__all__ = ["FINDING_COLUMNS", "PACKAGE_COLUMNS", "findings_table", "package_row", "table"]
