"""Equality, hashing and ``repr`` of the element classes and the other frozen records: written
once on ``Record``, they behave as the methods attrs would generate for each class (compared
here with an attrs twin)."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

import edocstd as e
from edocstd._model.base import Node, UnknownElement
from edocstd._pdf import DocumentCheck, DocumentLimits, DocumentSignature
from edocstd._record import FieldsRepr, Record
from edocstd.testing import make_edoc, make_status


def _subclasses(cls: type) -> list[type]:
    """The attrs classes deriving from ``cls`` (not the class bodies attrs replaced with
    slotted classes, which live on until the collector frees them)."""
    found = [s for c in cls.__subclasses__() for s in (c, *_subclasses(c))]
    return list(dict.fromkeys(c for c in found if "__attrs_attrs__" in c.__dict__))


ELEMENT_CLASSES = [c for c in _subclasses(Node) if c.__module__.startswith("edocstd")]
RECORD_CLASSES = [c for c in _subclasses(Record) if c.__module__.startswith("edocstd")]


def _nodes(value: Any) -> list[Record]:
    """Every record inside ``value`` (a package, a node or a tuple), itself first."""
    if isinstance(value, tuple):
        return [n for v in value for n in _nodes(v)]
    if not attrs.has(type(value)):
        return []
    here = [value] if isinstance(value, Record) else []
    return here + [n for f in attrs.fields(type(value)) for n in _nodes(getattr(value, f.name))]


def _attrs_twin(node: Record) -> Any:
    """The same values in a class attrs writes eq, hash and repr for (same name and fields)."""
    fields = attrs.fields(type(node))
    twin = attrs.make_class(
        type(node).__name__,
        {f.name: attrs.field(eq=f.eq, hash=f.hash, repr=f.repr) for f in fields},
        frozen=True,
        kw_only=True,
    )
    return twin(**{f.name: getattr(node, f.name) for f in fields})


def test_every_record_class_takes_its_methods_from_record() -> None:
    assert len(ELEMENT_CLASSES) > 20 and set(ELEMENT_CLASSES) < set(RECORD_CLASSES)
    for cls in RECORD_CLASSES:
        for name in ("__eq__", "__hash__"):
            assert getattr(cls, name) is getattr(Record, name), (cls, name)
        if cls.__name__ not in ("Attachment", "_Package", "Edoc", "StatusPackage"):  # own views
            assert cls.__repr__ is Record.__repr__, cls
        with pytest.raises(AttributeError):  # still slotted: no instance __dict__
            object.__getattribute__(_an_instance(cls), "__dict__")
        for field in attrs.fields(cls):  # what the shared methods assume
            assert field.eq_key is None and isinstance(field.repr, bool), (cls, field.name)
            assert field.hash in (None, field.eq), (cls, field.name)


PACKAGES = [
    make_edoc(),
    make_status(),
    make_edoc(attachments=(e.Attachment.create(b"x", name="a.txt"),)),
    (
        e.Finding(rule="read.order", severity=e.Severity.WARNING, path="/edXML", message_en="x",
                  message_vi="x"),
        e.SignatureBlock(namespace="urn:x", xml=b"<Signature/>", subject_name="CN=a"),
        e.Limits(),
        DocumentLimits(),
        DocumentCheck(index=0, name="a.pdf", signatures=(DocumentSignature(index=0),)),
    ),
]


def _an_instance(cls: type) -> Any:
    found = [n for p in PACKAGES for n in _nodes(p) if type(n) is cls]
    return found[0] if found else attrs.evolve(_nodes(PACKAGES[0])[0])


@pytest.mark.parametrize("package", PACKAGES, ids=["edoc", "status", "attachment", "records"])
def test_equality_hash_and_repr_are_the_ones_attrs_would_write(package: Any) -> None:
    nodes = _nodes(package)
    assert len(nodes) > 3
    for node in nodes:
        twin = _attrs_twin(node)
        if type(node).__repr__ is Record.__repr__:
            assert repr(node) == repr(twin)
        copy = attrs.evolve(node)
        assert copy == node and (copy != node) is False and hash(copy) == hash(node)
        for field in attrs.fields(type(node)):
            changed = attrs.evolve(node, **{field.name: _other(field.name, node)})
            changed_twin = attrs.evolve(twin, **{field.name: getattr(changed, field.name)})
            assert (changed == node) is (changed_twin == twin), (type(node), field.name)
            if changed == node:
                assert hash(changed) == hash(node)


def _other(name: str, node: Any) -> Any:
    """A value for the field ``name`` that differs from the node's (and passes its checks)."""
    if name == "extras":
        return (*node.extras, UnknownElement(tag="{urn:x}y", xml=b"<y xmlns='urn:x'/>"))
    if name == "attributes":
        return (*node.attributes, ("note", "x"))
    if name == "order":
        return ("Zzz",)
    value = getattr(node, name)
    if isinstance(node, Node):  # element values are checked against code lists
        return None if value not in (None, ()) else value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value + 1
    if isinstance(value, (str, bytes)) and value:
        return value + value[:1]
    return None if value not in (None, ()) else getattr(node, name)


def test_other_classes_and_other_types_are_never_equal() -> None:
    a, b = e.ResponseFor(organ_id="x"), e.Receiver()
    assert a != b and b != a and a != "x" and a != e.ResponseFor(organ_id="y")
    assert e.ResponseFor(organ_id="x", order=("OrganId",)) == a  # order is not compared
    assert len({a, e.ResponseFor(organ_id="x"), e.ResponseFor(organ_id="x", order=("Code",))}) == 1


def test_records_compared_by_identity_show_their_fields() -> None:
    """The private records declared ``eq=False`` take ``repr`` alone from ``FieldsRepr``:
    what attrs would write, while equality stays identity."""
    classes = [c for c in _subclasses(FieldsRepr) if not issubclass(c, Record)]
    assert len(classes) >= 7
    spec = e.MessageHeader.element_specs()[0]
    twin = _attrs_twin(spec)
    assert repr(spec) == repr(twin)
    assert spec != attrs.evolve(spec) and spec == spec  # identity, as before
    for cls in classes:
        assert cls.__repr__ is FieldsRepr.__repr__ and cls.__eq__ is object.__eq__, cls
