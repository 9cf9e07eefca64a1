"""Helpers shared by the sub-commands: loading with clear errors, JSON output, text tables."""

from __future__ import annotations

import datetime as dt
import enum
import json
import sys
from typing import Any, TextIO

from .._display.markup import human_size as human_size  # one formatter of sizes
from .._model.values import Kind, Raw, format_value


def to_jsonable(value: Any) -> Any:
    """Make model values JSON-ready (dates in the SDK format, enums as their code)."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, dt.datetime):
        return format_value(Kind.TIMESTAMP, value)
    if isinstance(value, dt.date):
        return format_value(Kind.DATE, value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


def print_json(data: Any, out: TextIO | None = None) -> None:
    json.dump(to_jsonable(data), out or sys.stdout, ensure_ascii=False, indent=2)
    (out or sys.stdout).write("\n")


def text(value: Any) -> str:
    """A value as a person reads it; empty for ``None``."""
    if value is None:
        return ""
    if isinstance(value, enum.Enum) and hasattr(value, "label_vi"):
        return f"{value.value} ({value.label_vi} / {getattr(value, 'label_en', '')})"
    value = to_jsonable(value)
    return str(value)
