"""Leaf values: the kinds of element content, strict converters for building and
tolerant readers for traffic.

Building is strict: an illegal value raises ``BuildError`` naming the field path.  Reading is
tolerant: a value we cannot interpret is kept verbatim as ``Raw`` (so nothing is lost and it is
written back unchanged) and the reader records a finding.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Callable
from typing import Any

import attrs

from .._errors import BuildError
from .._record import FieldsRepr


class Raw(str):
    """A value kept exactly as read because it could not be interpreted (e.g. ``2014/02/30``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Raw({str.__repr__(self)})"


class Kind(enum.Enum):
    TEXT = "text"
    DATE = "date"  # yyyy/MM/dd
    TIMESTAMP = "timestamp"  # yyyy/MM/dd HH:mm:ss
    INT = "int"
    BOOL = "bool"
    CODE = "code"  # an enum of codes.py
    TEXTLIST = "textlist"  # wrapper element with repeated text children (ToPlaces/Place)
    NODE = "node"  # a nested model class


@functools.cache
def _illegal_xml() -> re.Pattern[str]:
    """What XML 1.0 forbids even as character references (compiled when first building a
    value: reading a package does not check its text with it)."""
    return re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def check_text(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise BuildError(f"expected text, got {type(value).__name__}", path=path)
    bad = _illegal_xml().search(value)
    if bad:
        raise BuildError(f"character U+{ord(bad.group()):04X} cannot be written in XML", path=path)
    return value


# --- formatting (writer) ---------------------------------------------------------------------


def format_date(value: dt.date) -> str:
    return f"{value.year:04d}/{value.month:02d}/{value.day:02d}"


def format_timestamp(value: dt.datetime) -> str:
    return f"{format_date(value)} {value.hour:02d}:{value.minute:02d}:{value.second:02d}"


def format_value(kind: Kind, value: Any) -> str:
    """The SDK's text for a leaf value (a ``Raw`` one as it was read)."""
    if isinstance(value, Raw):
        return str(value)
    return CODECS[kind].format(value)


def _format_bool(value: Any) -> str:
    return "true" if value else "false"


def _format_code(value: Any) -> str:
    return str(value.value) if isinstance(value, enum.Enum) else str(value)


# --- strict converters (building) ------------------------------------------------------------

_DATE_FORMATS = ("%Y/%m/%d", "%Y-%m-%d")
_TS_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")


def _strict_date(value: Any, path: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise BuildError("expected a date, got a datetime", path=path)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for fmt in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(value, fmt).date()
            except ValueError:
                continue
    raise BuildError(f"not a real date in yyyy/MM/dd: {value!r}", path=path)


def _strict_timestamp(value: object, path: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:  # edXML timestamps are local time without zone
            value = value.astimezone().replace(tzinfo=None)
        return value.replace(microsecond=0)
    if isinstance(value, str):
        for fmt in _TS_FORMATS:
            try:
                return dt.datetime.strptime(value, fmt)
            except ValueError:
                continue
    raise BuildError(f"not a timestamp yyyy/MM/dd HH:mm:ss: {value!r}", path=path)


def _strict_int(value: Any, path: str) -> int:
    if isinstance(value, bool):
        raise BuildError("expected a whole number, got a boolean", path=path)
    if isinstance(value, int):
        if value < 0:
            raise BuildError(f"must not be negative: {value}", path=path)
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    raise BuildError(f"expected a whole number, got {value!r}", path=path)


def _strict_bool(value: Any, path: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise BuildError(f"expected true or false, got {value!r}", path=path)


def _strict_code(value: Any, path: str, enum_cls: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, enum_cls):
        return value
    try:
        if issubclass(enum_cls, int) and not isinstance(value, bool):
            return enum_cls(int(value))
        return enum_cls(value)
    except (ValueError, TypeError):
        allowed = ", ".join(str(m.value) for m in enum_cls)
        raise BuildError(
            f"{value!r} is not a {enum_cls.__name__} (allowed: {allowed})", path=path
        ) from None


def _strict_one(kind: Kind, path: str, enum_cls: type[enum.Enum] | None) -> Callable[[Any], Any]:
    if kind is Kind.CODE:
        assert enum_cls is not None
    check = CODECS[kind].strict

    def convert(value: Any) -> Any:
        if value is None or isinstance(value, Raw):
            return value
        return check(value, path, enum_cls)

    return convert


def strict_converter(
    kind: Kind,
    path: str,
    *,
    many: bool = False,
    enum_cls: type[enum.Enum] | None = None,
    node_cls: type | None = None,
) -> Callable[[Any], Any]:
    """The attrs converter for a field: strict checks, lists become tuples."""
    one: Callable[[Any], Any]
    if kind is Kind.NODE:
        assert node_cls is not None

        def one_node(value: Any) -> Any:
            if value is None or isinstance(value, node_cls):
                return value
            raise BuildError(f"expected {node_cls.__name__}, got {type(value).__name__}", path=path)

        one = one_node
    elif kind is Kind.TEXTLIST:

        def one_list(value: Any) -> Any:
            if value is None:
                return None
            if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
                raise BuildError("expected a list of texts", path=path)
            return tuple(check_text(v, path) for v in value)

        one = one_list
    else:
        one = _strict_one(kind, path, enum_cls)
    if not many:
        return one

    def convert_many(value: Any) -> tuple[Any, ...]:
        if value is None:
            return ()
        if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
            raise BuildError("expected a list", path=path)
        items = tuple(one(v) for v in value)
        if any(v is None for v in items):
            raise BuildError("a list must not contain None", path=path)
        return items

    return convert_many


# --- tolerant readers (traffic) ---------------------------------------------------------------

_SDK_DATE = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_SDK_TS = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})")
# Other spellings, met in traffic only: compiled by ``re`` when first met.
_DMY = r"(\d{1,2})/(\d{1,2})/(\d{4})"
_DMY_TS = r"(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})"
_ISO = r"(\d{4})-(\d{2})-(\d{2})"
_ISO_TS = r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?"


class Deviation(enum.Enum):
    """Why a tolerant read did not take a value as the SDK would write it."""

    UNREADABLE = "unreadable"  # kept raw
    IMPOSSIBLE_DATE = "impossible_date"  # kept raw
    NOT_IN_CODE_LIST = "not_in_code_list"  # kept raw
    EMPTY = "empty"  # kept raw (empty)
    OTHER_FORMAT = "other_format"  # understood, will be written in the SDK format


def _date_or_raw(y: str, m: str, d: str, text: str) -> tuple[Any, Deviation | None]:
    try:
        return dt.date(int(y), int(m), int(d)), None
    except ValueError:
        return Raw(text), Deviation.IMPOSSIBLE_DATE


def read_date(text: str) -> tuple[Any, Deviation | None]:
    s = text.strip()
    if m := _SDK_DATE.fullmatch(s):
        value, dev = _date_or_raw(m.group(1), m.group(2), m.group(3), text)
        if dev is None and format_date(value) != text:
            return value, Deviation.OTHER_FORMAT  # unpadded or padded with spaces
        return value, dev
    for rx, order in ((_DMY, (2, 1, 0)), (_ISO, (0, 1, 2))):
        if m := re.fullmatch(rx, s):
            g = m.groups()
            value, dev = _date_or_raw(g[order[0]], g[order[1]], g[order[2]], text)
            return (Raw(text), dev) if dev else (value, Deviation.OTHER_FORMAT)
    if (m := _SDK_TS.fullmatch(s)) and m.group(4, 5, 6) == ("00", "00", "00"):
        value, dev = _date_or_raw(m.group(1), m.group(2), m.group(3), text)
        return (Raw(text), dev) if dev else (value, Deviation.OTHER_FORMAT)
    return Raw(text), (Deviation.EMPTY if not s else Deviation.UNREADABLE)


def read_timestamp(text: str) -> tuple[Any, Deviation | None]:
    s = text.strip()
    for rx, order, sdk in (
        (_SDK_TS, (0, 1, 2), True),
        (_DMY_TS, (2, 1, 0), False),
        (_ISO_TS, (0, 1, 2), False),
    ):
        if m := re.fullmatch(rx, s):
            g = m.groups()
            try:
                value = dt.datetime(
                    int(g[order[0]]),
                    int(g[order[1]]),
                    int(g[order[2]]),
                    int(g[3]),
                    int(g[4]),
                    int(g[5]),
                )
            except ValueError:
                return Raw(text), Deviation.IMPOSSIBLE_DATE
            if sdk and format_timestamp(value) == text:
                return value, None
            return value, Deviation.OTHER_FORMAT
    return Raw(text), (Deviation.EMPTY if not s else Deviation.UNREADABLE)


def read_value(
    kind: Kind, text: str, enum_cls: type[enum.Enum] | None = None
) -> tuple[Any, Deviation | None]:
    """Interpret element text tolerantly: ``(value, deviation)``; unreadable ones come ``Raw``."""
    return CODECS[kind].read(text, enum_cls)


def _read_text(text: str, _enum_cls: Any) -> tuple[Any, Deviation | None]:
    return text, None


def _read_int(text: str, _enum_cls: Any) -> tuple[Any, Deviation | None]:
    s = text.strip()
    if not s:
        return Raw(text), Deviation.EMPTY
    if s == text and s.isascii() and s.isdigit() and (s == "0" or not s.startswith("0")):
        return int(s), None
    return Raw(text), Deviation.UNREADABLE


def _read_bool(text: str, _enum_cls: Any) -> tuple[Any, Deviation | None]:
    if not text.strip():
        return Raw(text), Deviation.EMPTY
    if text in ("true", "false"):
        return text == "true", None
    return Raw(text), Deviation.UNREADABLE


def _read_code(text: str, enum_cls: Any) -> tuple[Any, Deviation | None]:
    if not text.strip():
        return Raw(text), Deviation.EMPTY
    assert enum_cls is not None
    try:
        value = enum_cls(int(text)) if issubclass(enum_cls, int) else enum_cls(text)
    except (ValueError, TypeError):
        return Raw(text), Deviation.NOT_IN_CODE_LIST
    if _format_code(value) != text:  # e.g. " 1" or "01" for an int code: keep verbatim
        return Raw(text), Deviation.OTHER_FORMAT
    return value, None


def _not_a_leaf(*_args: Any) -> Any:
    raise AssertionError("nested elements and text lists are not leaf values")


def _without_code_list(check: Callable[[Any, str], Any]) -> Callable[[Any, str, Any], Any]:
    return lambda value, path, _enum_cls: check(value, path)


# --- one codec per kind of value --------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)  # one per kind, never compared: nothing to compile at import
class Codec(FieldsRepr):
    """How one kind of leaf value is read from traffic, written, and checked when building."""

    read: Callable[[str, Any], tuple[Any, Deviation | None]]
    """Tolerant: ``(text, code list) → (value, deviation)``; an unreadable text is ``Raw``."""
    format: Callable[[Any], str]
    """The SDK's text for a value (``Raw`` values never reach it)."""
    strict: Callable[[Any, str, Any], Any]
    """Building: ``(value, path, code list) → value``, or ``BuildError`` naming the path."""
    other_format_understood: bool = False
    """Whether a value read in another format (``Deviation.OTHER_FORMAT``) was understood
    and is written back in the SDK's; otherwise the reader calls it unreadable."""


CODECS: dict[Kind, Codec] = {
    Kind.TEXT: Codec(_read_text, str, _without_code_list(check_text)),
    Kind.DATE: Codec(
        lambda t, _e: read_date(t), format_date, _without_code_list(_strict_date), True
    ),
    Kind.TIMESTAMP: Codec(
        lambda t, _e: read_timestamp(t),
        format_timestamp,
        _without_code_list(_strict_timestamp),
        True,
    ),
    Kind.INT: Codec(_read_int, str, _without_code_list(_strict_int)),
    Kind.BOOL: Codec(_read_bool, _format_bool, _without_code_list(_strict_bool)),
    Kind.CODE: Codec(_read_code, _format_code, _strict_code),
    Kind.TEXTLIST: Codec(_not_a_leaf, _not_a_leaf, _not_a_leaf),
    Kind.NODE: Codec(_not_a_leaf, _not_a_leaf, _not_a_leaf),
}
"""The codec of every kind (the nested kinds, TEXTLIST and NODE, have none: they are
walked by the reader, the writer and the dict mapping, not converted)."""


__all__ = [
    "CODECS",
    "Codec",
    "Deviation",
    "Kind",
    "Raw",
    "format_value",
    "read_value",
    "strict_converter",
]
