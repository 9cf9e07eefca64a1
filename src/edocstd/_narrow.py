"""``required``: narrow an optional part of a package for type checkers, with a clear error."""

from __future__ import annotations

from typing import TypeVar

from ._errors import ParseError

T = TypeVar("T")


def required(value: T | None, name: str) -> T:
    """``value`` itself, or a :class:`ParseError` saying the package has no ``name``.

    Most header parts are optional in real traffic (``header.sender``, ``header.code``…), so
    their type is ``X | None``; ``required`` turns that into ``X`` for ``mypy --strict`` and
    refuses a package that lacks the part with an error in both languages::

        sender = edocstd.required(pkg.header.sender, "From")
        print(sender.organ_id)
    """
    if value is None:
        raise ParseError(f"the package has no {name}", message_vi=f"gói tin không có {name}")
    return value


__all__ = ["required"]
