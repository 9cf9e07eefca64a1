"""The analysis of an identifier's text, shared by :class:`OrganId` and :class:`DocumentId`.

Each value object analyses its text once, when it is made, into an immutable record (kind,
parts, problems).  The same few identifiers (the sender's, above all) come back in every
package and several times within one (From, TraceHeader, the DocumentId's issuer part), so
the analysis of a ``str`` is remembered in a bounded cache: memory stays flat on any traffic.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import attrs

_T = TypeVar("_T")

CACHE_SIZE = 1024
"""How many analysed texts each kind of identifier remembers."""


class _Valued(Protocol):
    @property
    def value(self) -> Any: ...


def cached_analysis(analyse: Callable[[Any], _T]) -> Any:
    """The ``attrs`` default of an ``_info`` field: ``analyse(self.value)``, remembered per
    text (a value that is not exactly a ``str`` is analysed afresh, never cached)."""
    remembered = functools.lru_cache(maxsize=CACHE_SIZE)(analyse)

    def info(self: _Valued) -> _T:
        value = self.value
        return remembered(value) if type(value) is str else analyse(value)

    return attrs.Factory(info, takes_self=True)


__all__ = ["CACHE_SIZE", "cached_analysis"]
