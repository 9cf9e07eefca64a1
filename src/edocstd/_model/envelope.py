"""The envelope of a package, declared once: which blocks hold which parts of the package.

An edXML document is the blocks below (``edXML`` › ``edXMLEnvelope`` › ``edXMLHeader`` /
``edXMLBody``, and ``edXML`` › ``AttachmentEncoded``); each block lists, in the order the
official SDK writes them, its sub-blocks, the *parts* of the package it holds (a field of
``Edoc`` or ``StatusPackage``) and where unknown elements go (:data:`EXTRAS`).  The reader, the
writer and the dict mapping (``_xml/``) all walk :data:`BLOCKS`; what an element inside a part
holds is declared by the part's model class (``element(...)`` fields).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import attrs

from .._record import FieldsRepr
from .attachment import Attachment, Manifest
from .base import NS, Node
from .header import MessageHeader
from .signature import XMLDSIG_NS
from .status import StatusHeader
from .trace import TraceHeaderList

PackageKind = Literal["edoc", "status"]
EDOC: PackageKind = "edoc"
STATUS: PackageKind = "status"
BOTH: frozenset[str] = frozenset({EDOC, STATUS})

ALWAYS = "always"
"""A block written for every package of the kind."""
FILLED = "filled"
"""A block written only when it holds something (a part or an unknown element)."""

EXTRAS = "#extras"
"""In a block's children: where the unknown elements kept in that block are written."""


@attrs.frozen(eq=False, repr=False)  # declared once each, never compared
class Part(FieldsRepr):
    """A part of the package: the field ``attr`` of the package, held by one block."""

    attr: str
    names: tuple[str, ...]
    """Local names it is read under; the first is its proper name (the others are noted)."""
    kinds: frozenset[str]
    """The kinds of package that have it; in another kind it is an unknown element."""
    node: Mapping[str, type[Node]] | None = None
    """Its model class by kind of package; ``None``: the signature block (kept as XML)."""
    many: bool = False
    """Repeated: the field is a tuple (attachments)."""
    namespaces: tuple[str | None, ...] = (NS, None)
    """Namespaces it is recognised in."""
    alias_rule: str = ""
    """The reader's rule noted when it is read under one of its other names."""


@attrs.frozen(eq=False, repr=False)  # declared once each, never compared
class Block(FieldsRepr):
    """A container element of the envelope."""

    name: str
    parent: str | None
    children: tuple[str | Part, ...]
    """In writing order: sub-block names, parts and :data:`EXTRAS`."""
    read_for: frozenset[str] = BOTH
    """The kinds of package whose reader looks inside; in another kind it is kept whole."""
    written: Mapping[str, str] = attrs.field(factory=lambda: {EDOC: ALWAYS, STATUS: ALWAYS})
    """When the writer writes it, by kind of package (absent: never)."""
    nsmap: Mapping[str | None, str] | None = None
    """The namespace declarations the writer puts on it."""

    parts: tuple[Part, ...] = attrs.field(init=False)
    """The parts among ``children``."""
    blocks: tuple[str, ...] = attrs.field(init=False)
    """The sub-block names among ``children``."""

    def __attrs_post_init__(self) -> None:
        parts = tuple(c for c in self.children if isinstance(c, Part))
        blocks = tuple(c for c in self.children if isinstance(c, str) and c != EXTRAS)
        object.__setattr__(self, "parts", parts)
        object.__setattr__(self, "blocks", blocks)


HEADER = Part(
    "header",
    ("MessageHeader", "Status"),  # <Status>: Bkav's status packages
    BOTH,
    {EDOC: MessageHeader, STATUS: StatusHeader},
    alias_rule="read.bkav-status",
)
TRACE = Part("trace_header_list", ("TraceHeaderList",), frozenset({EDOC}), {EDOC: TraceHeaderList})
SIGNATURE = Part("signature", ("Signature",), BOTH, namespaces=(NS, None, XMLDSIG_NS))
MANIFEST = Part(
    "manifest",
    ("edXMLManifest", "Manifest"),
    frozenset({EDOC}),
    {EDOC: Manifest},
    alias_rule="read.manifest-name",
)
ATTACHMENTS = Part("attachments", ("Attachment",), frozenset({EDOC}), {EDOC: Attachment}, many=True)

BLOCKS: dict[str, Block] = {
    b.name: b
    for b in (
        Block("edXML", None, ("edXMLEnvelope", "AttachmentEncoded", EXTRAS), nsmap={None: NS}),
        Block("edXMLEnvelope", "edXML", ("edXMLHeader", "edXMLBody", EXTRAS), nsmap={"edXML": NS}),
        # the SDK writes the signature last, after any extension of the header
        Block("edXMLHeader", "edXMLEnvelope", (HEADER, TRACE, EXTRAS, SIGNATURE)),
        # a status package has no body, but one that came with it keeps it (nothing read is lost)
        Block(
            "edXMLBody", "edXMLEnvelope", (MANIFEST, EXTRAS), written={EDOC: ALWAYS, STATUS: FILLED}
        ),
        Block(
            "AttachmentEncoded",
            "edXML",
            (ATTACHMENTS, EXTRAS),
            read_for=frozenset({EDOC}),
            written={EDOC: FILLED},
        ),
    )
}
"""Every block, parents before children, in the order the reader walks them."""

ROOT = BLOCKS["edXML"]


def _path(block: str) -> str:
    parent = BLOCKS[block].parent
    return f"{_path(parent) if parent else ''}/{block}"


_PATHS = {name: _path(name) for name in BLOCKS}


def path_of(block: str) -> str:
    """``/edXML/edXMLEnvelope/...`` of a block."""
    return _PATHS[block]


def part_named(local: str) -> tuple[Block, Part] | None:
    """The block and part read under ``local``, if any."""
    for block in BLOCKS.values():
        for part in block.parts:
            if local in part.names:
                return block, part
    return None


__all__ = [
    "ALWAYS",
    "BLOCKS",
    "BOTH",
    "EDOC",
    "EXTRAS",
    "FILLED",
    "ROOT",
    "STATUS",
    "Block",
    "PackageKind",
    "Part",
    "part_named",
    "path_of",
]
