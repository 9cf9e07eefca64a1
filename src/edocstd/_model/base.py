"""The base of every model class: element metadata on attrs fields, unknown elements kept.

Each model class lists its children as attrs fields *in the order the official SDK writes
them*; the field metadata names the element and the kind of content.  The reader, writer,
``to_dict`` and ``from_dict`` are all driven by that metadata, so one declaration says
everything about an element.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import attrs

from .._errors import BuildError
from .._namespaces import EDXML_NS as NS
from .._record import FieldsRepr, Record, per_class
from .values import Kind, strict_converter


@attrs.frozen(eq=False, repr=False)  # one per field, never compared: nothing to compile at import
class ElementSpec(FieldsRepr):
    """What the metadata of one model field says about its element."""

    attr: str
    xml: str
    kind: Kind
    many: bool
    enum_cls: type[enum.Enum] | None
    node_cls: type[Node] | None
    item: str | None  # child element name of a TEXTLIST


_META = "edocstd"
_PAYLOAD = "edocstd.payload"
_TAG = "edocstd.tag"


def element(
    xml: str,
    kind: Kind = Kind.TEXT,
    *,
    many: bool = False,
    enum_cls: type[enum.Enum] | None = None,
    node: type[Node] | None = None,
    item: str | None = None,
) -> Any:
    """Declare a child element as an attrs field (optional: ``None`` / ``()`` when absent).

    Its values pass the strict converter of its kind, whose errors name the path
    ``Owner.Element`` (see :func:`_strict`)."""
    return attrs.field(
        default=() if many else None,
        converter=_STRICT,
        metadata={_META: (xml, kind, many, enum_cls, node, item)},
    )


def _strict(value: Any, instance: object, field: attrs.Attribute[Any]) -> Any:
    """The converter of every ``element(...)`` field: the strict converter of the field's kind,
    made when the class first converts a value of it (one attrs ``Converter`` for all fields,
    rather than one per field made as each class is declared: that was a sixth of the cost of
    declaring the model classes, paid by every ``import edocstd``)."""
    cls = type(instance)
    made: dict[str, Callable[[Any], Any]] = per_class(cls, "_edocstd_strict", _no_converters)
    convert = made.get(field.name)
    if convert is None:
        xml, kind, many, enum_cls, node, _item = field.metadata[_META]
        path = f"{_owner(cls, field.name)}.{xml}"
        convert = strict_converter(kind, path, many=many, enum_cls=enum_cls, node_cls=node)
        made[field.name] = convert
    return convert(value)


def _no_converters(_cls: type) -> dict[str, Callable[[Any], Any]]:
    return {}


_STRICT = attrs.Converter(_strict, takes_self=True, takes_field=True)


def _owner(cls: type, name: str) -> str:
    """The element name (``XML_NAME``, without the ``edXML`` prefix of ``edXMLManifest``) of
    the class that declares the field ``name``: the owner its errors name."""
    for klass in cls.__mro__:
        declared = klass.__dict__.get("__attrs_attrs__", ())
        if any(f.name == name and not f.inherited for f in declared):
            cls = klass
            break
    return str(getattr(cls, "XML_NAME", "")).removeprefix("edXML") or cls.__name__


def payload_element(xml: str) -> Any:
    """Declare the field holding the element's payload: the base64 text of its child ``xml``,
    kept out of the tree (``None`` when absent).  Written after every other child."""
    return attrs.field(default=None, repr=False, metadata={_PAYLOAD: xml})


def tag_name(default: str) -> Any:
    """Declare the field holding the element's own name, when traffic spells it in more than
    one way (``edXMLManifest`` or ``Manifest``); written back as it was read."""
    return attrs.field(default=default, eq=False, repr=False, metadata={_TAG: True})


@attrs.frozen(kw_only=True, eq=False, repr=False)
class UnknownElement(Record):
    """An element the model does not know, kept as serialised XML and written back as it was.

    ``tag`` is the Clark name (``{namespace}local``); ``xml`` the element serialised on its own
    (with the namespace declarations it needs, without its tail).
    """

    tag: str
    xml: bytes = attrs.field(repr=False)

    @property
    def local_name(self) -> str:
        """The element's name without its namespace."""
        return self.tag.rpartition("}")[2]


def _attribute_pairs(value: Any) -> tuple[tuple[str, str], ...]:
    if isinstance(value, dict):
        value = value.items()
    try:
        pairs = tuple((str(k), str(v)) for k, v in value)
    except (TypeError, ValueError):
        raise BuildError("attributes must be name/value pairs") from None
    return pairs


def _extras(value: Any) -> tuple[UnknownElement, ...]:
    items = tuple(value)
    if not all(isinstance(v, UnknownElement) for v in items):
        raise BuildError("extras must be UnknownElement objects")
    return items


# Wrapped once here: attrs wraps a plain function anew for each class that declares or
# inherits the field (every element class), reading its signature each time.
ATTRIBUTE_PAIRS = attrs.Converter(_attribute_pairs)
EXTRAS = attrs.Converter(_extras)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Node(Record):
    """Common part of every element class.

    ``extras``: unknown child elements (VNPT/vendor extensions we do not model), kept.
    ``attributes``: the element's attributes as ``(clark_name, value)`` pairs, kept.
    ``order``: the order children were read in (local names; Clark names for unknown
    ones), so a package that was read is written back in its own order.  It does not take
    part in equality; a package you build has none and gets the SDK order.

    Equality, hashing and ``repr`` are :class:`~edocstd._record.Record`'s (what attrs would
    write, compiled once instead of for each class); the element classes are declared with
    ``eq=False, repr=False``.
    """

    XML_NAME: ClassVar[str] = ""

    extras: tuple[UnknownElement, ...] = attrs.field(
        default=(),
        converter=EXTRAS,  # type: ignore[misc]  # mypy's attrs plugin knows no Converter
        repr=False,
    )
    attributes: tuple[tuple[str, str], ...] = attrs.field(
        default=(),
        converter=ATTRIBUTE_PAIRS,  # type: ignore[misc]  # mypy's attrs plugin knows no Converter
        repr=False,
    )
    order: tuple[str, ...] | None = attrs.field(default=None, eq=False, repr=False)

    @classmethod
    def element_specs(cls) -> tuple[ElementSpec, ...]:
        return per_class(cls, "_edocstd_specs", _specs)

    @classmethod
    def spec_by_xml(cls) -> dict[str, ElementSpec]:
        return per_class(cls, "_edocstd_by_xml", _specs_by_xml)

    @classmethod
    def payload_spec(cls) -> tuple[str, str] | None:
        """``(attribute, element name)`` of the field declared with ``payload_element``."""
        return _special(cls)[0]

    @classmethod
    def tag_attr(cls) -> str | None:
        """The attribute declared with ``tag_name``, if the class has one."""
        return _special(cls)[1]

    def element_name(self) -> str:
        """The element's name: its ``tag_name`` field when it has one, else ``XML_NAME``."""
        attr = self.tag_attr()
        return (getattr(self, attr) if attr else "") or self.XML_NAME

    def iter_children(self) -> Iterator[tuple[ElementSpec | None, Any]]:
        """Children in writing order: ``(spec, value)``; ``(None, UnknownElement)`` for extras.

        Follows ``order`` when the node was read; then anything left, in SDK order.
        """
        specs = self.element_specs()
        queues: dict[str, list[Any]] = {}
        for spec in specs:
            value = getattr(self, spec.attr)
            if spec.many:
                queues[spec.xml] = list(value)
            elif value is not None:
                queues[spec.xml] = [value]
        unknown: dict[str, list[UnknownElement]] = {}
        for extra in self.extras:
            unknown.setdefault(extra.tag, []).append(extra)
        by_xml = self.spec_by_xml()
        if self.order:
            for name in self.order:
                known = by_xml.get(name)
                if known is not None:
                    queue = queues.get(name)
                    if queue:
                        yield known, queue.pop(0)
                else:
                    pending = unknown.get(name)
                    if pending:
                        yield None, pending.pop(0)
        for spec in specs:
            for value in queues.get(spec.xml, ()):
                yield spec, value
        for pending in unknown.values():
            for extra in pending:
                yield None, extra


def _specs(cls: type) -> tuple[ElementSpec, ...]:
    return tuple(
        ElementSpec(f.name, *f.metadata[_META]) for f in attrs.fields(cls) if _META in f.metadata
    )


def _specs_by_xml(cls: type[Node]) -> dict[str, ElementSpec]:
    return {s.xml: s for s in cls.element_specs()}


def _special(cls: type[Node]) -> tuple[tuple[str, str] | None, str | None]:
    """The payload field and the tag-name field of ``cls``, looked up once per class."""
    return per_class(cls, "_edocstd_special", _special_fields)


def _special_fields(cls: type) -> tuple[tuple[str, str] | None, str | None]:
    fields = attrs.fields(cls)
    payload = next(((f.name, f.metadata[_PAYLOAD]) for f in fields if _PAYLOAD in f.metadata), None)
    return payload, next((f.name for f in fields if _TAG in f.metadata), None)


__all__ = [
    "NS",
    "ElementSpec",
    "Node",
    "UnknownElement",
    "element",
    "payload_element",
    "tag_name",
]
