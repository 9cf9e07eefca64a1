"""Comparing XML documents the way the round-trip contract states it."""

from __future__ import annotations

from lxml import etree


def canonical(data: bytes) -> bytes:
    """C14N of a document with the whitespace *between* elements removed.

    Element names, prefixes (namespace declarations), attributes, text values and order all
    count; indentation does not.
    """
    parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
    root = etree.fromstring(data, parser)
    for el in root.iter():
        if len(el) and el.text is not None and not el.text.strip():
            el.text = None
        if el.tail is not None and not el.tail.strip():
            el.tail = None
    return etree.tostring(root, method="c14n")


def prefixed_names(data: bytes) -> list[str]:
    """Every element's qualified name as written (``edXML:From``, ``Attachment``), in order."""
    names: list[str] = []
    parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
    root = etree.fromstring(data, parser)
    for el in root.iter():
        if isinstance(el.tag, str):
            local = etree.QName(el).localname
            names.append(f"{el.prefix}:{local}" if el.prefix else local)
    return names
