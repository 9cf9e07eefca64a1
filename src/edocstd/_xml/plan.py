"""Reading plans: what the reader needs to know about a model class, worked out once per class.

The reader turns about sixty elements into a dozen model objects for every package; for the
small packages that make up most traffic that interpretation, not lxml, was the cost.  A plan
holds, for one class, its children by Clark tag with their SDK rank, and a constructor that
fills the attrs slots directly: the values the reader makes are already of the converted
type (``read_value`` gives dates, ints, code-list members or ``Raw``; lists are tuples), so
running the strict building converters on them again would only repeat work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from .._model.base import NS, ElementSpec, Node
from .._model.values import Deviation, Kind, read_value

_VALUES_MAX = 256  # texts remembered per slot


class Slot:
    """One known child of a class: its field metadata and its rank in the SDK order."""

    __slots__ = (
        "attr",
        "enum_cls",
        "item",
        "kind",
        "leaf",
        "many",
        "node_cls",
        "rank",
        "text",
        "values",
        "xml",
    )

    def __init__(self, spec: ElementSpec, rank: int) -> None:
        self.attr = spec.attr
        self.xml = spec.xml
        self.kind = spec.kind
        self.many = spec.many
        self.enum_cls = spec.enum_cls
        self.node_cls = spec.node_cls
        self.item = spec.item
        self.rank = rank
        self.leaf = spec.kind not in (Kind.NODE, Kind.TEXTLIST)
        """A plain value (text, date, number, code): read with ``read_value``."""
        self.text = spec.kind is Kind.TEXT
        """A plain text: the element's text as it is."""
        self.values: dict[str, tuple[Any, Deviation | None]] = {}
        """What short texts read as (see :meth:`read`), by text."""

    def read(self, text: str) -> tuple[Any, Deviation | None]:
        """``read_value`` of a plain value, remembered for short texts: the same dates,
        numbers and codes come back in every package, and what they read as is immutable (a
        date, an int, a code-list member or ``Raw``).  Bounded: emptied when full.  The
        reader looks in :attr:`values` itself first."""
        found = read_value(self.kind, text, self.enum_cls)
        if len(text) <= 64:
            if len(self.values) >= _VALUES_MAX:
                self.values.clear()
            self.values[text] = found
        return found


class Plan:
    """The reading plan of one model class (see :func:`plan_for`)."""

    __slots__ = ("by_local", "by_tag", "make", "payload", "tag_attr")

    def __init__(self, cls: type[Node]) -> None:
        slots = [Slot(spec, rank) for rank, spec in enumerate(cls.element_specs())]
        self.by_local: dict[str, Slot] = {s.xml: s for s in slots}
        """Known children by local name (for elements read without their namespace)."""
        self.by_tag: dict[str, Slot] = {f"{{{NS}}}{s.xml}": s for s in slots}
        """Known children by Clark tag in the QCVN namespace: the common case."""
        self.make: Callable[[dict[str, Any]], Any] = _constructor(cls, self)
        """Build an instance from the reader's keyword arguments."""
        self.payload = cls.payload_spec()
        """``(attribute, element name)`` of the class's payload field, if it has one."""
        self.tag_attr = cls.tag_attr()
        """The attribute that keeps the element's own name, if the class has one."""


_PLANS: dict[type[Node], Plan] = {}


def plan_for(cls: type[Node]) -> Plan:
    """The plan of ``cls``, built on first use (a race only builds an identical plan twice)."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = Plan(cls)
    return plan


def _member(cls: type, name: str) -> Any:
    """The slot descriptor that stores attribute ``name`` on instances of ``cls``, if any."""
    for klass in cls.__mro__:
        found = klass.__dict__.get(name)
        if found is not None:
            return found if type(found).__name__ == "member_descriptor" else None
    return None


_Setter = tuple[Callable[[Any, Any], None], str, Any, Any, Any]
"""``(slot __set__, keyword, default, validator or None, attrs field)`` of one field."""


def _constructor(cls: type[Node], plan: Plan) -> Callable[[dict[str, Any]], Any]:
    """A function building ``cls`` from keyword arguments without its converters (its
    validators run, as in ``__init__``).

    Only for classes whose ``__init__`` does nothing else: a field with a factory default,
    no default, or ``init=False``, or a class with ``__attrs_post_init__`` or without slots,
    gets the real constructor (the reader's values pass its converters)."""

    def through_init(kwargs: dict[str, Any]) -> Any:
        return cls(**kwargs)

    if hasattr(cls, "__attrs_post_init__") or hasattr(cls, "__attrs_pre_init__"):
        return through_init
    setters: list[_Setter] = []
    for field in attrs.fields(cls):
        member = _member(cls, field.name)
        default = field.default
        if (
            member is None
            or not field.init
            or default is attrs.NOTHING
            or isinstance(default, attrs.Factory)  # type: ignore[arg-type]
        ):
            return through_init
        setters.append((member.__set__, field.alias or field.name, default, field.validator, field))
    return _Warming(cls, plan, setters)


COMPILE_AFTER = 32
"""The instance of a class whose making compiles its constructor (:func:`_generated`), which
builds it and the next ones; those before it are built by a loop over the fields.  A one-shot
command reading one package builds each class once or twice: compiling fifteen constructors
cost it more (about 2 ms) than the loop does; reading many packages, the compiled code takes
over after a few."""


class _Warming:
    """``make(kwargs)`` for ``cls`` while it is young: what the compiled code does, as a loop;
    at the ``COMPILE_AFTER``-th instance the plan's ``make`` becomes the compiled code."""

    __slots__ = ("cls", "plan", "setters", "uses")

    def __init__(self, cls: type[Node], plan: Plan, setters: list[_Setter]) -> None:
        self.cls, self.plan, self.setters, self.uses = cls, plan, setters, 0

    def __call__(self, kwargs: dict[str, Any]) -> Any:
        self.uses += 1
        if self.uses >= COMPILE_AFTER:  # this instance is the compiled code's, as the next ones
            self.plan.make = _generated(self.cls, self.setters)
            return self.plan.make(kwargs)
        instance = object.__new__(self.cls)
        values = [kwargs.get(name, default) for _, name, default, _, _ in self.setters]
        for (set_value, *_), value in zip(self.setters, values, strict=True):
            set_value(instance, value)
        if not attrs.validators.get_disabled():  # after every field is set, as attrs does
            for (_, _, _, check, field), value in zip(self.setters, values, strict=True):
                if check is not None:
                    check(instance, field, value)
        return instance


def _generated(cls: type[Node], setters: list[_Setter]) -> Callable[[dict[str, Any]], Any]:
    """``make(kwargs)`` for ``cls``, one line per field, as attrs writes ``__init__``::

        def make(kwargs):
            instance = new(cls)
            get = kwargs.get
            set_0(instance, get('content_id', default_0))
            ...
            value_6 = get('payload', default_6)
            set_6(instance, value_6)
            if not validators_off():
                check_6(instance, field_6, value_6)
            return instance

    (``set_i``: the slot descriptor's ``__set__``; ``default_i``: the field's default;
    ``check_i``: its validator, run after every field is set, as attrs does)."""
    names: dict[str, Any] = {"new": object.__new__, "cls": cls}
    lines = ["def make(kwargs):", "    instance = new(cls)", "    get = kwargs.get"]
    checks = []
    for i, (set_value, name, default, check, field) in enumerate(setters):
        names[f"set_{i}"], names[f"default_{i}"] = set_value, default
        if check is None:
            lines.append(f"    set_{i}(instance, get({name!r}, default_{i}))")
            continue
        names[f"check_{i}"], names[f"field_{i}"] = check, field
        lines.append(f"    value_{i} = get({name!r}, default_{i})")
        lines.append(f"    set_{i}(instance, value_{i})")
        checks.append(f"        check_{i}(instance, field_{i}, value_{i})")
    if checks:
        names["validators_off"] = attrs.validators.get_disabled
        lines += ["    if not validators_off():", *checks]
    lines.append("    return instance")
    source = "\n".join(lines) + "\n"
    exec(compile(source, f"<edocstd reading plan of {cls.__qualname__}>", "exec"), names)
    make: Callable[[dict[str, Any]], Any] = names["make"]
    make.__doc__ = source  # readable where it runs (``help(plan_for(cls).make)``)
    return make


__all__ = ["COMPILE_AFTER", "Plan", "Slot", "plan_for"]
