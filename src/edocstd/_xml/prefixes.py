"""Recovering prefixes that no ``xmlns`` declares (spec §10).

A test package distributed by the axis operator carries ``xlink:href=""`` on a manifest
``Reference`` with no ``xmlns:xlink``, and an ``edXML:``-prefixed attachment block outside the
envelope that declares ``edXML``.  Strictly that is not namespace-well-formed XML, but the
reference Java parser reads it; so do we, with a finding.  Only when the parser reports nothing
but undeclared prefixes is the document parsed again, with the prefixes declared on the root.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from lxml import etree

from .._errors import ParseError
from .._namespaces import EDXML_NS, XLINK_NS, XMLDSIG_NS, XSD_NS, XSI_NS
from .parser import DEFAULT_LIMITS, Limits, UndeclaredPrefixes, UndeclaredUse, parse_chunks

WELL_KNOWN_PREFIXES = {
    "edXML": EDXML_NS,
    "xlink": XLINK_NS,
    "xsi": XSI_NS,
    "xsd": XSD_NS,
    "ds": XMLDSIG_NS,
}
"""The namespace a recovered prefix is declared with; any other gets ``urn:edocstd:undeclared:``."""
# Compiled by `re` when first needed (a package that uses an undeclared prefix).
_PROLOG_BYTES = rb"\xef\xbb\xbf|\s+|<\?.*?\?>|<!--.*?-->"
_ROOT_NAME = rb"<[^\s/>!?]+"
_MAX_RECOVERY_ROUNDS = 4


def namespace_for(prefix: str) -> str:
    return WELL_KNOWN_PREFIXES.get(prefix, f"urn:edocstd:undeclared:{prefix}")


def _declaring(chunks: Iterable[bytes | memoryview], prefixes: Iterable[str]) -> Iterator[bytes]:
    """The chunks with ``xmlns:<prefix>`` declarations added to the root's start tag (on the
    same line: line numbers do not move).  The first chunk holds the root's start tag."""
    decls = "".join(f' xmlns:{p}="{namespace_for(p)}"' for p in prefixes).encode()
    first = True
    for chunk in chunks:
        data = bytes(chunk)
        if first:
            first = False
            pos = 0  # past the prolog: declaration, comments, processing instructions
            prolog = re.compile(_PROLOG_BYTES, re.DOTALL)
            while m := prolog.match(data, pos):
                pos = m.end()
            m = re.compile(_ROOT_NAME).match(data, pos)
            if m is not None:
                data = data[: m.end()] + decls + data[m.end() :]
        yield data


def parse_declaring(
    make_chunks: Callable[[], Iterable[bytes | memoryview]], limits: Limits = DEFAULT_LIMITS
) -> tuple[etree._Element, list[UndeclaredUse]]:
    """``parse_chunks``, recovering prefixes that no ``xmlns`` declares (spec §10: a manifest
    ``Reference`` with ``xlink:href`` and no ``xmlns:xlink``) by declaring them on the root.

    Returns the tree and what was recovered (empty for a namespace-well-formed document, which
    is parsed once).  At most a few rounds: each re-parse declares every prefix seen so far.
    """
    uses: list[UndeclaredUse] = []
    prefixes: dict[str, None] = {}
    for _ in range(_MAX_RECOVERY_ROUNDS):
        try:
            chunks = _declaring(make_chunks(), prefixes) if prefixes else make_chunks()
            return parse_chunks(chunks, limits), uses
        except UndeclaredPrefixes as exc:
            new = [u for u in exc.uses if u.prefix not in prefixes]
            if not new:
                raise
            uses += new
            prefixes.update(dict.fromkeys(u.prefix for u in new))
    raise ParseError(
        "too many undeclared prefixes to recover",
        message_vi="có quá nhiều tiền tố chưa khai báo, không khôi phục được",
    )


__all__ = ["WELL_KNOWN_PREFIXES", "namespace_for", "parse_declaring"]
