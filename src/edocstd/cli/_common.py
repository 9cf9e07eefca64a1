"""Helpers shared by the sub-commands: language, colour, JSON output, times, text tables.

Every command gets ``--lang vi|en`` and ``--color/--no-color`` from :func:`add_everywhere`
(called once on the whole parser), so a command module only reads ``args.lang``; messages
are chosen with :func:`tr` (one language per line, never both on one line).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import enum
import os
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from .._display.markup import human_size as human_size  # one formatter of sizes
from .._errors import BuildError, EdocError
from .._i18n import Lang, count, tr
from .._model.values import Kind, Raw, format_value
from ._terminal import ESC_TOKEN

LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
"""Where the default language comes from, first set one wins (as in POSIX)."""


def default_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """English when the locale says English (``en_US.UTF-8``…), else Vietnamese."""
    env = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = env.get(name)
        if value:
            return "en" if value.lower().startswith("en") else "vi"
    return "vi"


# --- options every command has ------------------------------------------------------------------


def add_everywhere(parser: argparse.ArgumentParser) -> None:
    """Give every leaf command ``--lang`` and ``--color/--no-color`` (unless it has them)."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if subs:
        for action in subs:
            for child in dict.fromkeys(action.choices.values()):
                add_everywhere(child)
        return
    if "--lang" not in parser._option_string_actions:
        parser.add_argument(
            "--lang",
            choices=("vi", "en"),
            default=None,
            help="language of messages (default: from LC_ALL/LC_MESSAGES/LANG, else vi)",
        )
    if "--color" not in parser._option_string_actions:
        parser.add_argument(
            "--color",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="colour the verdicts (default: only on a terminal, never with NO_COLOR set)",
        )


def use_color(stream: TextIO, choice: bool | None) -> bool:
    """Colour when asked, else only on a terminal and when ``NO_COLOR`` is not set."""
    if choice is not None:
        return choice
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


_COLORS = {"good": "32", "bad": "31", "warn": "33", "dim": "2"}


def paint(text: str, role: str, enabled: bool) -> str:
    """``text`` in the colour of its meaning (good, bad, warn, dim) when ``enabled``."""
    if not enabled or role not in _COLORS:
        return text
    esc = ESC_TOKEN  # becomes ESC after the output's escaping (cli/_terminal.py)
    return f"{esc}[{_COLORS[role]}m{text}{esc}[0m"


# --- secrets -------------------------------------------------------------------------------------


def read_secret(env: str | None, prompt: str) -> str | None:
    """A password or PIN from the environment variable ``env``, else a prompt on a terminal,
    else None.  Never from the command line, never printed."""
    if env:
        value = os.environ.get(env)
        if value is None:
            raise EdocError(
                f"the environment variable {env} is not set",
                message_vi=f"biến môi trường {env} chưa được đặt",
            )
        return value
    if sys.stdin.isatty():
        import getpass  # here: only a command that asks for a passphrase needs the terminal

        return getpass.getpass(prompt)
    return None


# --- errors --------------------------------------------------------------------------------------


def cli_words(
    exc: EdocError, words: Mapping[str, str], paths: Mapping[str, str] | None = None
) -> EdocError:
    """The same error in the words of the command line: each key of ``words`` found in its
    messages (``"replace=True"``, ``"cert="``) becomes the option (``"--replace"``,
    ``"--cert "``); a ``path`` found in ``paths`` (``"promulgation_date"``) becomes its
    option (``"--date"``).  The error keeps its type."""
    new = copy.copy(exc)
    new.__cause__ = exc.__cause__
    path = (paths or {}).get(exc.path or "", exc.path)
    en, vi = exc.message("en"), exc.written_vi
    for old, option in words.items():
        en = en.replace(old, option)
        vi = vi.replace(old, option) if vi is not None else None
    new.path = path
    new._set_message(en, vi)
    new.args = (f"{path}: {en}" if path and isinstance(exc, BuildError) else en,)
    return new


def error_lines(exc: EdocError, lang: str) -> list[str]:
    """The lines that tell a person what went wrong, in one language each."""
    lines = exc.message(lang).splitlines() or [exc.kind_vi if lang != "en" else type(exc).__name__]
    if isinstance(exc, BuildError) and exc.path and (exc.translated or lang == "en"):
        lines[0] = f"{exc.path}: {lines[0]}"
    line = getattr(exc, "line", None)
    if line is not None:
        lines[0] += tr(lang, f" (dòng {line})", f" (line {line})")
    return lines


def error_json(exc: EdocError) -> dict[str, Any]:
    """An error as ``--json`` prints it: its type, both languages, where."""
    return {
        "ok": False,
        "error": {
            "type": type(exc).__name__,
            "message_vi": exc.message("vi"),
            "message_en": exc.message("en"),
            "path": exc.path,
            "line": getattr(exc, "line", None),
        },
    }


_OS_ERRORS_VI = {
    "ENOENT": "không có tệp hoặc thư mục này",
    "EACCES": "không có quyền truy cập",
    "EPERM": "không được phép",
    "EISDIR": "đây là một thư mục",
    "ENOTDIR": "không phải thư mục",
    "EEXIST": "tệp đã tồn tại",
    "ENOSPC": "hết chỗ trên đĩa",
}


def os_error_lines(exc: OSError, lang: str) -> list[str]:
    """An operating-system error (a missing file…) in one language."""
    import errno

    name = errno.errorcode.get(exc.errno or -1, "")
    what = str(exc.strerror or exc)
    if lang != "en":
        what = _OS_ERRORS_VI.get(name, f"lỗi hệ thống ({name or type(exc).__name__})")
    where = f": {exc.filename}" if exc.filename else ""
    return [f"{what}{where}"]


def report_error(lang: str, lines: list[str], *, command: str = "edocstd") -> None:
    """Print an error on stderr: ``edocstd: lỗi: …`` / ``edocstd: error: …``."""
    head = tr(lang, "lỗi", "error")
    print(f"{command}: {head}: {lines[0]}", file=sys.stderr)
    for line in lines[1:]:
        print(f"  {line}", file=sys.stderr)


# --- JSON ----------------------------------------------------------------------------------------


def iso(value: dt.date | dt.datetime | None) -> str | None:
    """A date or time in ISO 8601 (``2025-10-15``, ``2025-10-15T10:01:02``), the one date form
    of every ``--json`` output."""
    return None if value is None else value.isoformat()


def to_jsonable(value: Any) -> Any:
    """Make model values JSON-ready (dates in ISO 8601, enums as their code)."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


def print_json(data: Any, out: TextIO | None = None) -> None:
    import json  # here: only --json output needs it (a one-shot `show` starts faster)

    json.dump(to_jsonable(data), out or sys.stdout, ensure_ascii=False, indent=2)
    (out or sys.stdout).write("\n")


# --- times given on the command line -------------------------------------------------------------

_DAY_FORMATS = ("%Y/%m/%d", "%Y-%m-%d")
_MOMENT_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d")


def parse_day(text: str, option: str) -> dt.date:
    """A day given as ISO 8601 (``2025-10-15``) or as edXML writes it (``2025/10/15``)."""
    for fmt in _DAY_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise BuildError(
        f"not a date: {text!r} (give yyyy-mm-dd or yyyy/MM/dd)",
        path=option,
        message_vi=f"không phải ngày: {text!r} (ghi yyyy-mm-dd hoặc yyyy/MM/dd)",
    )


def parse_moment(text: str, option: str) -> dt.datetime:
    """A time given as ISO 8601 (``2025-10-15T10:01:02``, a date alone, an offset) or as edXML
    writes it (``2025/10/15 10:01:02``, ``2025/10/15``)."""
    value = text.strip()
    for fmt in _MOMENT_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    raise BuildError(
        f"not a time: {text!r} (give ISO 8601 such as 2025-10-15T10:01:02, or yyyy/MM/dd HH:mm:ss)",
        path=option,
        message_vi=f"không phải thời điểm: {text!r} (ghi theo ISO 8601 như "
        "2025-10-15T10:01:02, hoặc yyyy/MM/dd HH:mm:ss)",
    )


# --- text for people ------------------------------------------------------------------------------


def text(value: Any, lang: str = "vi") -> str:
    """A value as a person reads it, in one language; empty for ``None``."""
    if value is None:
        return ""
    if isinstance(value, enum.Enum) and hasattr(value, "label_vi"):
        label = getattr(value, "label_en", "") if lang == "en" else value.label_vi
        return f"{value.value} ({label})"
    if isinstance(value, dt.datetime):  # for people: as edXML writes it
        return format_value(Kind.TIMESTAMP, value)
    if isinstance(value, dt.date):
        return format_value(Kind.DATE, value)
    value = to_jsonable(value)
    return str(value)


__all__ = [
    "LOCALE_VARIABLES",
    "add_everywhere",
    "cli_words",
    "count",
    "default_lang",
    "error_json",
    "error_lines",
    "human_size",
    "iso",
    "os_error_lines",
    "paint",
    "parse_day",
    "parse_moment",
    "print_json",
    "read_secret",
    "report_error",
    "text",
    "to_jsonable",
    "tr",
    "use_color",
]
