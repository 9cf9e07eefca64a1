"""Verification step 6: the digest of the document, with the relay tolerance.

The enveloped-signature transform takes the signature out of the tree; the rest is
canonicalized (payloads streamed from the source, see ``_stream.py``) and hashed.  When the
digest differs, up to ``policy.max_trace_appends`` trailing ``TraceHeader`` entries - appended
by relaying hubs after signing, plain (OrganId and Timestamp only) and separated by whitespace
only - are set aside one after another, and the digest is tried again without them.  One
canonicalization serves every candidate: random tokens mark the boundaries in text nodes (C14N
copies them verbatim) and the hash state before each boundary is kept.

Answers :class:`Digest` or a ``Failure`` (``HASH_FAILURE``, ``MALFORMED`` DigestValue).
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

import attrs
from lxml import etree

from . import _doc, _stream
from ._methods import Methods
from ._step import Failure, Stop, b64, run_step
from ._structure import Placed, Structure
from .algorithms import QCVN_NS
from .policy import Policy

Q = f"{{{QCVN_NS}}}"
TRACE_LIST = _doc.TRACE_LIST
TRACE = _doc.TRACE

COVERED = (
    'the whole document (enveloped signature, URI=""): header, body and '
    "attachments; not the signature itself"
)


@attrs.frozen
class Digest:
    """The document's digest matched, maybe once trace entries appended after signing were
    set aside."""

    added: tuple[tuple[str, str], ...]
    """(OrganId, Timestamp) of each TraceHeader appended after signing (not signed)."""
    covered: str
    """What the signature covers, in words."""
    warnings: tuple[str, ...] = ()


def digest(
    doc: _stream.Document, placed: Placed, shape: Structure, methods: Methods, policy: Policy
) -> Digest | Failure:
    """The enveloped transform, then the digest (relay tolerance as the policy allows).

    Takes the signature out of ``doc``'s tree: run it after every check that reads it.
    """
    return run_step(lambda notes: _digest(doc, placed, shape, methods, policy, notes))


def _digest(
    doc: _stream.Document,
    placed: Placed,
    shape: Structure,
    methods: Methods,
    policy: Policy,
    notes: list[str],
) -> Digest:
    expected = b64(shape.digest_value.text, "DigestValue")
    _doc.detach_keep_tail(placed.signature)
    prefixes = list(methods.prefixes) if methods.prefixes is not None else None
    added = _digest_with_relay_tolerance(
        doc, placed.header, methods.reference.exclusive, prefixes, methods.digest, expected,
        policy,
    )  # fmt: skip
    covered = COVERED
    if n := len(added):
        covered += (
            f"; {n} TraceHeader entr{'y' if n == 1 else 'ies'} appended "
            "after signing are NOT covered"
        )
        notes.append(
            f"{n} TraceHeader entr{'y was' if n == 1 else 'ies were'} "
            "appended after signing (hub relaying); they are not signed"
        )
    return Digest(added, covered, tuple(notes))


def _trace_simple(th: etree._Element) -> bool:
    """An appended TraceHeader may hold only OrganId and Timestamp, text only."""
    if th.attrib:
        return False
    seen: set[str] = set()
    for c in th:
        if not isinstance(c.tag, str):
            return False
        name = _doc.local_name(c)
        if c.tag not in (Q + "OrganId", Q + "Timestamp") or name in seen or len(c) or c.attrib:
            return False
        seen.add(name)
        if c.tail and c.tail.strip():
            return False
    return not (th.text and th.text.strip())


def _trace_entry(th: etree._Element) -> tuple[str, str]:
    return (
        (th.findtext(Q + "OrganId") or "").strip(),
        (th.findtext(Q + "Timestamp") or "").strip(),
    )


def _ws(text: str | None) -> bool:
    return text is None or not text.strip()


def _digest_with_relay_tolerance(
    doc: _stream.Document,
    header: etree._Element,
    c14n_exclusive: bool,
    prefixes: list[str] | None,
    hash_name: str,
    expected: bytes,
    policy: Policy,
) -> tuple[tuple[str, str], ...]:
    """Digest the document (signature already detached).  Returns the (OrganId, Timestamp) of
    the trailing TraceHeaders that had to be set aside (none: exact match); stops with
    HASH_FAILURE."""
    lists = [c for c in header if c.tag == TRACE_LIST]
    thl = lists[0] if len(lists) == 1 else None
    kids: list[etree._Element] = list(thl) if thl is not None else []
    trailing = _settable_aside(kids, policy) if thl is not None else 0
    tokens: list[bytes] = []
    starts: list[str | None] = []
    ws_n = kids[-1].tail if kids else None
    if trailing and thl is not None:
        tokens, starts = _mark_boundaries(thl, kids, trailing)

    canon = _stream.Canonical(
        doc,
        _doc.c14n(
            doc.root.getroottree(),
            exclusive=c14n_exclusive,
            with_comments=False,
            prefixes=prefixes,
        ),
    )
    positions = _token_positions(canon.canon, tokens)
    h = hashlib.new(hash_name)
    states: list[Any] = []  # hash state just before A_T, A_{T-1}, ..., A_1
    cursor = 0
    for tok, p in zip(tokens, positions, strict=True):
        canon.feed([h], cursor, p)
        states.append(h.copy())
        cursor = p + len(tok)
    canon.feed([h], cursor, len(canon.canon))
    if h.digest() == expected:
        return ()
    if not trailing:
        raise Stop("HASH_FAILURE", "the content changed after signing (digest mismatch)")

    # Every candidate shares the suffix after the last entry: one pass over it (and the
    # payloads) feeds them all.
    candidates = _relay_candidates(states, starts, ws_n)
    canon.feed([hk for _, hk in candidates], positions[-1] + len(tokens[-1]), len(canon.canon))
    for k, hk in candidates:
        if hk.digest() == expected:
            return tuple(_trace_entry(r) for r in kids[len(kids) - k :])
    raise Stop("HASH_FAILURE", "the content changed after signing (digest mismatch)")


def _settable_aside(kids: list[etree._Element], policy: Policy) -> int:
    """How many trailing entries may be set aside: each must be a plain TraceHeader and only
    whitespace may separate them (checked on the original text, before marking)."""
    trailing = 0
    if policy.allow_trace_appends:
        for c in reversed(kids):
            if c.tag != TRACE or trailing >= policy.max_trace_appends:
                break
            trailing += 1
    usable = 0
    for k in range(1, trailing + 1):
        th = kids[len(kids) - k]
        if not _trace_simple(th) or (k > 1 and not _ws(th.tail)):
            break
        usable = k
    return usable


def _mark_boundaries(
    thl: etree._Element, kids: list[etree._Element], trailing: int
) -> tuple[list[bytes], list[str | None]]:
    """Mark candidate boundaries with random tokens inside text nodes (C14N copies them
    verbatim), so one canonicalization serves the exact check and every relay candidate.

    Returns the tokens in document order (A_T ... A_1, then the end of the last entry) and
    the original text at each boundary A_T ... A_1.
    """
    tokens: list[bytes] = []
    starts: list[str | None] = []
    m = len(kids)
    for k in range(trailing, 0, -1):  # document order: A_T ... A_1
        mark = secrets.token_hex(16)
        prev = kids[m - k - 1] if m - k - 1 >= 0 else None
        if prev is not None:
            starts.append(prev.tail)
            prev.tail = mark + (prev.tail or "")
        else:
            starts.append(thl.text)
            thl.text = mark + (thl.text or "")
        tokens.append(mark.encode("ascii"))
    ztok = secrets.token_hex(16)
    kids[-1].tail = (kids[-1].tail or "") + ztok
    tokens.append(ztok.encode("ascii"))
    return tokens, starts


def _relay_candidates(
    states: list[Any], starts: list[str | None], ws_n: str | None
) -> list[tuple[int, Any]]:
    """For k entries set aside (k = 1..T), one hash per whitespace reading of the joint,
    fed up to the end of the TraceHeaderList's last entry."""
    trailing = len(starts)
    candidates: list[tuple[int, Any]] = []
    for k in range(1, trailing + 1):
        ws0 = starts[trailing - k]
        texts: list[str] = []
        if _ws(ws_n):
            texts.append(ws0 or "")
        if _ws(ws0):
            texts.append(ws_n or "")
        for text in dict.fromkeys(texts):
            hk = states[trailing - k].copy()
            hk.update(_doc.escape_c14n_text(text))
            candidates.append((k, hk))
    return candidates


def _token_positions(canon: bytes, tokens: list[bytes]) -> list[int]:
    """Where each boundary token lies in the canonical bytes, in order."""
    positions: list[int] = []
    pos = 0
    for tok in tokens:
        p = canon.find(tok, pos)
        if p < 0:  # cannot happen; be safe: no tolerance
            raise Stop("HASH_FAILURE", "the content changed after signing (digest mismatch)")
        positions.append(p)
        pos = p + len(tok)
    return positions


__all__ = ["COVERED", "Digest", "digest"]
