"""The JSON Schema (draft 2020-12) of the ``to_dict`` form, made from the model's metadata.

One declaration: each model class already says which elements it has, their kind and whether
they repeat (``Node.element_specs``); the schema is read from there, like the reader, the
writer and the mapping.  Values are strings exactly as edXML writes them (``2025/10/15``,
``0``), because ``to_dict`` keeps what the package carries, impossible dates included.
"""

from __future__ import annotations

from typing import Any

from .._model.base import Node
from .._model.envelope import Part
from .._model.values import Kind
from .mapping import TOP_KEYS

SCHEMA_ID = "https://edocstd.example/schemas/to_dict.json"

_FORMATS = {
    Kind.DATE: "a date as edXML writes it: yyyy/MM/dd",
    Kind.TIMESTAMP: "a time as edXML writes it: yyyy/MM/dd HH:mm:ss",
    Kind.INT: "a whole number, as text",
    Kind.BOOL: "true or false, as text",
    Kind.CODE: "a code of the standard's list, as text",
    Kind.TEXT: "text",
}
_XML = {
    "type": "object",
    "properties": {"#xml": {"type": "string", "description": "the element's XML, verbatim"}},
    "required": ["#xml"],
    "additionalProperties": False,
}


def _child(spec: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if spec.kind is Kind.NODE:
        _define(spec.node_cls, defs)
        return {"$ref": f"#/$defs/{spec.node_cls.__name__}"}
    if spec.kind is Kind.TEXTLIST:
        return {
            "type": "object",
            "properties": {spec.item: {"type": "array", "items": {"type": "string"}}},
            "additionalProperties": False,
        }
    return {"type": "string", "description": _FORMATS[spec.kind]}


def _define(cls: type[Node], defs: dict[str, Any]) -> None:
    name = cls.__name__
    if name in defs:
        return
    defs[name] = {}  # placed first: a class may nest itself
    properties: dict[str, Any] = {
        "#order": {
            "type": "array",
            "items": {"type": "string"},
            "description": "the children's order, when repeated ones interleave",
        }
    }
    for spec in cls.element_specs():
        item = _child(spec, defs)
        properties[spec.xml] = {"type": "array", "items": item} if spec.many else item
    defs[name] = {
        "type": "object",
        "description": (cls.__doc__ or name).strip().splitlines()[0],
        "properties": properties,
        "patternProperties": {"^@": {"type": "string", "description": "an XML attribute"}},
        # an element the model does not know: kept as XML, once or repeated
        "additionalProperties": {
            "anyOf": [{"$ref": "#/$defs/xml"}, {"type": "array", "items": {"$ref": "#/$defs/xml"}}]
        },
    }


def to_dict_schema() -> dict[str, Any]:
    """The JSON Schema of ``Edoc.to_dict()`` / ``StatusPackage.to_dict()`` (and of what
    ``from_dict`` takes): ``edocstd schema --json-schema`` prints it."""
    defs: dict[str, Any] = {"xml": _XML}
    for _block, part in TOP_KEYS.values():
        for cls in (part.node or {}).values():
            _define(cls, defs)
            payload = cls.payload_spec()
            if payload is not None:  # carried here as base64 text, with what it holds
                properties = defs[cls.__name__]["properties"]
                properties[payload[1]] = {"type": "string", "description": "the content, base64"}
                properties["#document"] = _DOCUMENT
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "edocstd to_dict: an edXML package (QCVN 102:2016/BTTTT) as JSON",
        "type": "object",
        "properties": {
            **{key: _part(part) for key, (_block, part) in TOP_KEYS.items()},
            "#extras": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"place": {"type": "string"}, "#xml": {"type": "string"}},
                    "required": ["place", "#xml"],
                    "additionalProperties": False,
                },
            },
        },
        "required": ["MessageHeader"],
        "additionalProperties": False,
        "$defs": defs,
    }


def _part(part: Part) -> dict[str, Any]:
    """The schema of a part of the envelope table under its key (see ``TOP_KEYS``)."""
    if part.node is None:
        return {"$ref": "#/$defs/xml"}
    refs = [{"$ref": f"#/$defs/{cls.__name__}"} for cls in dict.fromkeys(part.node.values())]
    if part.many:
        return {
            "type": "object",
            "properties": {part.names[0]: {"type": "array", "items": refs[0]}},
            "additionalProperties": False,
        }
    return refs[0] if len(refs) == 1 else {"anyOf": refs}


_DOCUMENT = {
    "type": "object",
    "description": "the document the attachment carries (informative; from_dict ignores it)",
    "properties": {
        "carrier": {"enum": ["zip-declared", "zip-undeclared", "raw"]},
        "name": {"type": ["string", "null"]},
        "type": {"type": "string"},
        "size": {"type": "integer", "minimum": 0},
        "error": {"type": "string"},
    },
    "required": ["carrier"],
    "additionalProperties": False,
}


__all__ = ["SCHEMA_ID", "to_dict_schema"]
