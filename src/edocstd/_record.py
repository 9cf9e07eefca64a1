"""Equality, hashing and ``repr`` of the frozen attrs classes, written once; and
:func:`per_class`, what such a class works out once about itself.

attrs compiles ``__eq__``, ``__hash__`` and ``__repr__`` for every class it makes, and
compiling them was a large part of what ``import edocstd`` (so every one-shot command) cost.
A class declared with ``eq=False, repr=False`` that derives from :class:`Record` gets the
three methods from here instead, doing what attrs would write: the fields with ``eq``
compared and hashed, those with ``repr`` shown, in the order they are declared.  (No field
of these classes has an ``eq`` key or a ``repr`` function: the plain flags are all read.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

C = TypeVar("C", bound=type)
T = TypeVar("T")


def per_class(cls: C, key: str, make: Callable[[C], T]) -> T:
    """``make(cls)``, worked out on first use and kept in the class's own ``__dict__`` under
    ``key`` (not inherited: a subclass works out its own)."""
    try:
        found: T = cls.__dict__[key]
    except KeyError:
        found = make(cls)
        setattr(cls, key, found)
    return found


class FieldsRepr:
    """Base of a frozen attrs class declared ``repr=False``: ``repr`` by the fields with
    ``repr`` (for records compared by identity, declared ``eq=False`` too)."""

    __slots__ = ()  # the attrs classes deriving from it keep slots and no __dict__

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in _names(type(self))[1])
        return f"{self.__class__.__qualname__.rsplit('>.', 1)[-1]}({shown})"


class Record(FieldsRepr):
    """Base of a frozen attrs class: equality and hashing by the fields with ``eq``,
    ``repr`` by those with ``repr``."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in _names(type(self))[0])

    def __hash__(self) -> int:
        return hash((self.__class__, *(getattr(self, n) for n in _names(type(self))[0])))


def _names(cls: type[Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fields of ``cls`` that equality and hashing compare, and those ``repr`` shows."""
    return per_class(cls, "_edocstd_names", _fields_named)


def _fields_named(cls: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    fields = attrs.fields(cls)
    return tuple(f.name for f in fields if f.eq), tuple(f.name for f in fields if f.repr)


__all__ = ["FieldsRepr", "Record", "per_class"]
