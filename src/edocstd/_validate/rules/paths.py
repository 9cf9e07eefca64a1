"""Paths of findings and the source lines they point at.

Paths are XPath-like, with 1-based indexes on repeated elements (``MessageHeader/To[2]``);
source lines come from the tree the package was read from, when there is one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from lxml import etree

# IMPORTS

ROOT = "/edXML"
HEADER = "/edXML/edXMLEnvelope/edXMLHeader"
TRACE = f"{HEADER}/TraceHeaderList"
BODY = "/edXML/edXMLEnvelope/edXMLBody"
ATTACHMENTS = "/edXML/AttachmentEncoded"

REPEATED: frozenset[str] = frozenset(
    {
        "To",
        "ResponseFor",
        "TraceHeader",
        "Reference",
        "Attachment",
        "Receiver",
        "ReplacementInfo",
        "BussinessDocumentInfo",
        "ReplacementInfoList",
    }
)
"""Elements that may repeat: their paths carry a 1-based index (``To[1]``)."""
_INDEXED_PARENTS = frozenset({"OrganIdList", "ToPlaces", "Appendixes"})
_INDEX = re.compile(r"\[\d+\]")


# --- paths and source lines --------------------------------------------------------------------


def _local(tag: object) -> str | None:
    if not isinstance(tag, str):
        return None
    return tag.rpartition("}")[2]


def line_map(root: etree._Element) -> dict[str, int]:
    """Map each element's path (indexes on repeated elements) to its source line."""
    out: dict[str, int] = {}
    name = _local(root.tag) or ""

    def walk(el: etree._Element, path: str, depth: int) -> None:
        if el.sourceline:
            out.setdefault(path, el.sourceline)
        if depth > 16:
            return
        parent_name = path.rpartition("/")[2].split("[")[0]
        counts: dict[str, int] = {}
        for child in el:
            cname = _local(child.tag)
            if cname is None:
                continue
            n = counts[cname] = counts.get(cname, 0) + 1
            if cname in REPEATED or parent_name in _INDEXED_PARENTS:
                cpath = f"{path}/{cname}[{n}]"
            elif n > 1:
                continue  # a duplicate the reader kept as unknown
            else:
                cpath = f"{path}/{cname}"
            walk(child, cpath, depth + 1)

    walk(root, f"/{name}", 0)
    return out


class LineMap(Mapping[str, int]):
    """:func:`line_map` of a tree, built on first use: most packages never need a line (a
    line is looked up only for a finding), and walking the tree costs more than the rules."""

    def __init__(self, root: etree._Element) -> None:
        self._root = root
        self._map: dict[str, int] | None = None

    def _built(self) -> dict[str, int]:
        if self._map is None:
            self._map = line_map(self._root)
        return self._map

    def __getitem__(self, path: str) -> int:
        return self._built()[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())


def header_name(root: etree._Element | None) -> str:
    """``"Status"`` when the header holds a ``Status`` and no ``MessageHeader`` (a Bkav status
    package), else ``"MessageHeader"``: the name paths use, read as :func:`line_map` would."""
    if root is None or _local(root.tag) != "edXML":
        return "MessageHeader"
    envelope = next((c for c in root if _local(c.tag) == "edXMLEnvelope"), None)
    header = (
        next((c for c in envelope if _local(c.tag) == "edXMLHeader"), None)
        if envelope is not None
        else None
    )
    names = {_local(c.tag) for c in header} if header is not None else set()
    return "Status" if "Status" in names and "MessageHeader" not in names else "MessageHeader"


def normalise(path: str) -> str:
    """``path`` with ``[1]`` added to repeated elements that carry no index."""
    parts = path.split("/")
    for i, part in enumerate(parts):
        if part in REPEATED:
            parts[i] = f"{part}[1]"
    return "/".join(parts)


def strip_indexes(path: str) -> str:
    return _INDEX.sub("", path)


__all__ = [
    "ATTACHMENTS",
    "BODY",
    "HEADER",
    "REPEATED",
    "ROOT",
    "TRACE",
    "LineMap",
    "header_name",
    "line_map",
    "normalise",
    "strip_indexes",
]
