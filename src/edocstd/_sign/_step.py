"""The contract of a verification step: a small frozen value, or a :class:`Failure`.

Each step of :func:`edocstd.verify` (``_structure``, ``_methods``, ``_key``, ``_relay``,
``_verdict``) is a function whose answer is either its own frozen value or a ``Failure``
naming the reason code that decides the verdict.  A step never raises for bad content: its
body stops with :class:`Stop` at the first failed check, and :func:`run_step` turns that - or
any other exception, as defence in depth against hostile certificates and library errors -
into a ``Failure`` that keeps the warnings noted before it.

The one exception let through is ``NotPlain``: the streamed digest met a payload that is not
its own canonical form, and the verifier starts again on the whole tree.

The element helpers here (``children``, ``only_ds``, ``one``, ``b64``) stop a step with
``MALFORMED``; they are shared by the steps that read the signature's elements.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import TypeVar

import attrs
from lxml import etree

from . import _doc
from ._stream import NotPlain
from .algorithms import DSIG_NS
from .outcome import Reason

DS = f"{{{DSIG_NS}}}"

T = TypeVar("T")


@attrs.frozen
class Failure:
    """A check that failed: ``reason`` decides the verdict; ``warnings`` were noted before."""

    reason: Reason
    message: str
    warnings: tuple[str, ...] = ()


class Stop(Exception):
    """Raised inside a step's body at the first failed check (never leaves the step)."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason: Reason = reason
        self.message = message


def processing_failure(exc: Exception) -> str:
    """The message of an unexpected exception (hostile certificates, lxml, cryptography)."""
    return f"the signature cannot be processed: {type(exc).__name__}: {exc}"


def run_step(body: Callable[[list[str]], T]) -> T | Failure:
    """``body(notes)``'s value, or a ``Failure`` carrying the warnings it noted so far."""
    notes: list[str] = []
    try:
        return body(notes)
    except Stop as stop:
        return Failure(stop.reason, stop.message, tuple(notes))
    except NotPlain:  # not a failure: the caller starts again on the whole tree
        raise
    except Exception as exc:  # defence in depth: hostile certificates, lxml, cryptography
        return Failure("MALFORMED", processing_failure(exc), tuple(notes))


def children(el: etree._Element) -> list[etree._Element]:
    """The element children (no comments or processing instructions)."""
    return [c for c in el if isinstance(c.tag, str)]


def only_ds(el: etree._Element, names: tuple[str, ...], where: str) -> list[etree._Element]:
    """The element children of ``el``, each an XMLDSig element named in ``names``."""
    kids = children(el)
    for k in kids:
        tag = k.tag
        if not isinstance(tag, str) or not tag.startswith(DS) or _doc.local_name(k) not in names:
            raise Stop("MALFORMED", f"unexpected element {tag!s} in {where}")
    return kids


def one(el: etree._Element, name: str, where: str) -> etree._Element:
    """The only XMLDSig child ``name`` of ``el``."""
    found = [c for c in children(el) if c.tag == DS + name]
    if len(found) != 1:
        raise Stop("MALFORMED", f"{where} must hold exactly one {name} (found {len(found)})")
    return found[0]


def b64(text: str | None, what: str) -> bytes:
    """Base64 text (whitespace ignored), strictly decoded."""
    try:
        return base64.b64decode("".join((text or "").split()), validate=True)
    except (binascii.Error, ValueError):
        raise Stop("MALFORMED", f"{what} is not valid base64") from None


__all__ = [
    "DS",
    "Failure",
    "Stop",
    "b64",
    "children",
    "one",
    "only_ds",
    "processing_failure",
    "run_step",
]
