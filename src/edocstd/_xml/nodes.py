"""Elements → model nodes: the reading context (findings, strict mode) and the node reader.

``NodeReader.node`` reads one element as a model class by that class's reading plan
(``plan.py``): known children by Clark tag on the short branch, anything unusual (another
namespace, an unknown or repeated element, a payload) on the long one, which notes it.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from typing import Any

from lxml import etree

from .._errors import ParseError
from .._findings import Finding, RepeatCap
from .._model.base import NS, Node, UnknownElement
from .._model.payload import (
    Base64Payload,
)
from .._model.signature import XMLDSIG_NS, SignatureBlock
from .._model.values import CODECS, Deviation, Kind, read_value
from .parser import (
    DEFAULT_LIMITS,
    Limits,
    parse_fragment,
    split_tag,
)
from .plan import Plan, Slot, plan_for
from .rules import READER_RULES

_OURS = (NS, None)


# What the official SDK itself writes is not a deviation, even in strict mode.
_TOLERATED_IN_STRICT = frozenset({"read.comment", "read.signature-not-xmldsig"})


class Context:
    """Collects findings while reading; in strict mode the first deviation raises."""

    def __init__(
        self, strict: bool, raw_tag: str | None = None, limits: Limits = DEFAULT_LIMITS
    ) -> None:
        self.strict = strict
        self.limits = limits
        self.raw_tag = raw_tag  # the stand-in tag honoured in this reading (from_dict only)
        self.findings: list[Finding] = []
        self.recovered: dict[str, str] = {}  # namespace → prefix the parser had to declare
        self._cap = RepeatCap(self.findings)  # a repeated offence is counted, not listed

    def note(
        self,
        rule: str,
        path: str,
        *,
        line: int | None = None,
        name: str = "",
        value: str | None = None,
    ) -> None:
        severity, en, vi = READER_RULES[rule]
        shown = value if value is None or len(value) <= 80 else value[:79] + "…"
        finding = Finding(
            rule=rule,
            severity=severity,
            message_en=en.format(name=name, value=shown),
            message_vi=vi.format(name=name, value=shown),
            path=path,
            line=line,
            value=value,
        )
        if self.strict and rule not in _TOLERATED_IN_STRICT:
            raise ParseError(
                f"{finding.message_en} [{rule}]",
                line=line,
                path=path,
                message_vi=f"{finding.message_vi} [{rule}]",
            )
        self._cap.add(finding)


def new_raw_tag() -> str:
    """The tag of a stand-in element whose text is an element's XML (made by ``from_dict``).

    It carries a fresh secret, and only the reading that made it honours it: a document
    cannot smuggle in stand-ins of its own.
    """
    return f"{{urn:edocstd:raw:{os.urandom(8).hex()}}}raw"


def raw_fragment(el: etree._Element) -> tuple[etree._Element, bytes]:
    """The element a stand-in carries, parsed with every defence, and its XML re-serialised
    (so only a single well-formed element is ever spliced into a document)."""
    fragment = parse_fragment((el.text or "").encode("utf-8"))
    return fragment, etree.tostring(fragment)


def unknown_element(el: etree._Element, raw_tag: str | None = None) -> UnknownElement:
    if raw_tag is not None and el.tag == raw_tag:
        fragment, raw = raw_fragment(el)
        return UnknownElement(tag=str(fragment.tag), xml=raw)
    # A detached copy declares every namespace in scope; keep only those it uses.
    standalone = copy.deepcopy(el)
    standalone.tail = None
    etree.cleanup_namespaces(standalone)
    return UnknownElement(tag=str(el.tag), xml=etree.tostring(standalone))


def _own_namespaces(
    el: etree._Element,
    nsmap: dict[str | None, str] | None = None,
    inherited: dict[str | None, str] | None = None,
) -> list[tuple[str, str]]:
    """The namespace declarations ``el`` adds to those of its parent (``nsmap``: its own
    namespaces in scope, ``inherited``: its parent's, when the caller has them)."""
    if nsmap is None:
        nsmap = el.nsmap
    if inherited is None:
        parent = el.getparent()
        inherited = parent.nsmap if parent is not None else {}
    if nsmap == inherited:
        return []
    return [
        ("xmlns" if prefix is None else f"xmlns:{prefix}", uri)
        for prefix, uri in nsmap.items()
        if inherited.get(prefix) != uri
    ]


_DEVIATION_RULE = {
    Deviation.IMPOSSIBLE_DATE: "read.date-impossible",
    Deviation.OTHER_FORMAT: "read.date-format",
    Deviation.UNREADABLE: "read.unreadable-value",
    Deviation.NOT_IN_CODE_LIST: "read.code-list",
    Deviation.EMPTY: "read.empty-value",
}


class NodeReader:
    def __init__(self, ctx: Context, payload_for: Callable[[etree._Element], Base64Payload | None]):
        self.ctx = ctx
        self.payload_for = payload_for

    def _check_ns(self, el: etree._Element, path: str) -> tuple[bool, str]:
        ns, local = split_tag(el.tag)
        if ns is None:
            self.ctx.note("read.no-namespace", path, line=el.sourceline, name=local)
        return ns in _OURS, local

    def mixed_text(self, text: str | None, el: etree._Element, path: str) -> None:
        """Note ``text`` (an element's own, or a child's tail) when it is not only white space:
        edXML has no place for it (``read.mixed-text``)."""
        if text and text.strip():
            self.ctx.note(
                "read.mixed-text",
                path,
                line=el.sourceline,
                name=split_tag(el.tag)[1],
                value=text.strip(),
            )

    def leaf_text(self, el: etree._Element, path: str) -> str:
        if len(el):
            self.ctx.note("read.nested-value", path, line=el.sourceline, name=split_tag(el.tag)[1])
        for name in el.attrib:
            self.ctx.note("read.lost-attribute", path, line=el.sourceline, name=str(name))
        return el.text or ""

    def value(self, el: etree._Element, kind: Kind, enum_cls: Any, path: str) -> Any:
        text = self.leaf_text(el, path)
        value, deviation = read_value(kind, text, enum_cls)
        if deviation is not None:
            if deviation is Deviation.OTHER_FORMAT and not CODECS[kind].other_format_understood:
                rule = "read.unreadable-value"
            else:
                rule = _DEVIATION_RULE[deviation]
            name = (
                enum_cls.__name__
                if enum_cls is not None and rule == "read.code-list"
                else (kind.value if rule == "read.unreadable-value" else split_tag(el.tag)[1])
            )
            self.ctx.note(rule, path, line=el.sourceline, name=name, value=text)
        return value

    def node(  # long: the reader's hot loop, kept inline (a call per child costs ~10%)
        self,
        el: etree._Element,
        cls: type[Node],
        path: str,
        inherited: dict[str | None, str] | None = None,
    ) -> Any:
        """Read ``el`` as ``cls``.  ``inherited``: the namespaces in scope at the parent, when
        the caller has them.  The common case (a known child in the QCVN namespace, a plain
        value) takes the short branch; anything unusual takes the long one, which notes it."""
        plan = plan_for(cls)
        tags = plan.by_tag
        kwargs: dict[str, Any] = {}
        many: dict[str, list[Any]] = {}
        extras: list[UnknownElement] = []
        order: list[str] = []
        last_rank = -1
        unordered = False
        text = el.text
        if text and not text.isspace():  # (the same test as ``text.strip()``)
            self.mixed_text(text, el, path)
        nsmap = el.nsmap
        for child in el:
            tail = child.tail
            if tail and not tail.isspace():
                self.mixed_text(tail, el, path)
            slot = tags.get(child.tag)  # type: ignore[arg-type]
            if slot is None:  # not a known child in the QCVN namespace: the long branch
                slot = self._unusual(child, plan, path, kwargs, extras, order)
                if slot is None:
                    continue
            attr = slot.attr
            rank = slot.rank
            if rank <= last_rank or unordered:  # (in order so far, a rising rank is new)
                if attr in kwargs and not slot.many:
                    self._keep_duplicate(child, slot.xml, f"{path}/{slot.xml}", extras, order)
                    continue
                unordered = unordered or rank < last_rank
            order.append(slot.xml)
            last_rank = rank
            if slot.leaf and not len(child) and not child.keys():  # the common case, inline
                if slot.text:
                    value: Any = child.text or ""  # Any, not str: any kind of value lands here
                else:
                    raw = child.text or ""
                    found = slot.values.get(raw)
                    value, deviation = found if found is not None else slot.read(raw)
                    if deviation is not None:  # read again, noting why
                        value = self.value(child, slot.kind, slot.enum_cls, f"{path}/{slot.xml}")
            else:
                value = self._slot_value(child, slot, path, nsmap)
            if slot.many:
                many.setdefault(attr, []).append(value)
            else:
                kwargs[attr] = value
        if unordered:
            self.ctx.note("read.order", path, line=el.sourceline, name=split_tag(el.tag)[1])
        kwargs["attributes"] = self._attributes(el, nsmap, inherited)
        if plan.tag_attr is not None:
            kwargs[plan.tag_attr] = split_tag(el.tag)[1]
        if many:
            for key, values in many.items():
                kwargs[key] = tuple(values)
        kwargs["extras"] = tuple(extras)
        kwargs["order"] = tuple(order)
        return plan.make(kwargs)

    def _slot_value(
        self,
        child: etree._Element,
        slot: Slot,
        parent: str,
        nsmap: dict[str | None, str],
    ) -> Any:
        """The value of a known child of the element at ``parent``: a plain value (with
        something unusual: children or attributes), a nested node or a list of texts."""
        kind = slot.kind
        if slot.leaf:
            return self.value(child, kind, slot.enum_cls, f"{parent}/{slot.xml}")
        if kind is _NODE:
            assert slot.node_cls is not None
            return self.node(child, slot.node_cls, f"{parent}/{slot.xml}", nsmap)
        return self._text_list(child, slot.item or "", f"{parent}/{slot.xml}")

    def _unusual(
        self,
        child: etree._Element,
        plan: Plan,
        path: str,
        kwargs: dict[str, Any],
        extras: list[UnknownElement],
        order: list[str],
    ) -> Slot | None:
        """A child that is not a known element in the QCVN namespace: the slot it fills after
        all (a known name without the namespace), or ``None`` once it is noted and kept (a
        comment, an unknown element, a stand-in from ``from_dict``) or read as the payload."""
        tag = child.tag
        if not isinstance(tag, str):
            self.ctx.note("read.comment", path, line=child.sourceline)
            return None
        if tag == self.ctx.raw_tag:
            extra = unknown_element(child, tag)
            extras.append(extra)
            order.append(extra.tag)
            return None
        ours, local = self._check_ns(child, f"{path}/{split_tag(tag)[1]}")
        if plan.payload is not None and ours and local == plan.payload[1]:
            self._payload(child, plan.payload[0], f"{path}/{local}", kwargs, extras, order)
            return None
        slot = plan.by_local.get(local) if ours else None
        if slot is None:
            name = local if ours else tag
            self.ctx.note(
                "read.unknown-element", f"{path}/{local}", line=child.sourceline, name=name
            )
            extras.append(unknown_element(child))
            order.append(tag)
        return slot

    def _payload(
        self,
        child: etree._Element,
        attr: str,
        path: str,
        kwargs: dict[str, Any],
        extras: list[UnknownElement],
        order: list[str],
    ) -> None:
        local = split_tag(child.tag)[1]
        for name in child.attrib:
            self.ctx.note("read.lost-attribute", path, line=child.sourceline, name=str(name))
        if len(child):  # base64 split by elements: all its text is the payload
            self.ctx.note("read.nested-value", path, line=child.sourceline, name=local)
        if attr in kwargs:  # a second one: kept as it is, never dropped
            self._keep_duplicate(child, local, path, extras, order)
            return
        kwargs[attr] = self.payload_for(child)
        order.append(local)

    def _keep_duplicate(
        self,
        child: etree._Element,
        local: str,
        path: str,
        extras: list[UnknownElement],
        order: list[str],
    ) -> None:
        self.ctx.note("read.duplicate-element", path, line=child.sourceline, name=local)
        extras.append(unknown_element(child))
        order.append(str(child.tag))

    def _attributes(
        self,
        el: etree._Element,
        nsmap: dict[str | None, str],
        inherited: dict[str | None, str] | None,
    ) -> tuple[tuple[str, str], ...]:
        """The element's attributes and the namespace declarations it adds, kept."""
        if not el.keys() and not self.ctx.recovered and nsmap == inherited:
            return ()  # the common case: none, and no namespace declared
        attributes = [(str(k), str(v)) for k, v in el.items()]
        attributes += _own_namespaces(el, nsmap, inherited)
        if self.ctx.recovered:  # declare a recovered prefix where it is used
            used = {str(split_tag(k)[0]) for k in el.attrib} & self.ctx.recovered.keys()
            attributes += [(f"xmlns:{self.ctx.recovered[u]}", u) for u in sorted(used)]
        return tuple(attributes)

    def _text_list(self, el: etree._Element, item_name: str, path: str) -> tuple[str, ...]:
        items = []
        self.mixed_text(el.text, el, path)
        for item in el:
            self.mixed_text(item.tail, el, path)
            if not isinstance(item.tag, str):
                continue
            ours, local = self._check_ns(item, f"{path}/{split_tag(item.tag)[1]}")
            if ours and local == item_name:
                items.append(self.leaf_text(item, f"{path}/{local}"))
            else:
                self.ctx.note(
                    "read.nested-value", path, line=item.sourceline, name=split_tag(el.tag)[1]
                )
        return tuple(items)

    def signature(self, el: etree._Element, path: str) -> SignatureBlock:
        raw: bytes | None = None
        if self.ctx.raw_tag is not None and el.tag == self.ctx.raw_tag:
            el, raw = raw_fragment(el)
        ns, _ = split_tag(el.tag)
        if ns != XMLDSIG_NS:
            self.ctx.note("read.signature-not-xmldsig", path, line=el.sourceline)

        def find(*names: str) -> list[etree._Element]:
            found = [el]
            for name in names:
                found = [
                    c
                    for f in found
                    for c in f
                    if isinstance(c.tag, str) and split_tag(c.tag)[1] == name
                ]
            return found

        def text(*names: str) -> str | None:
            hits = find(*names)
            return (hits[0].text or "").strip() if hits else None

        def alg(*names: str) -> str | None:
            hits = find(*names)
            return hits[0].get("Algorithm") if hits else None

        refs = find("SignedInfo", "Reference")
        return SignatureBlock(
            namespace=ns,
            xml=raw if raw is not None else etree.tostring(el, with_tail=False),
            canonicalization_method=alg("SignedInfo", "CanonicalizationMethod"),
            signature_method=alg("SignedInfo", "SignatureMethod"),
            digest_method=alg("SignedInfo", "Reference", "DigestMethod"),
            transforms=tuple(
                t.get("Algorithm") or ""
                for t in find("SignedInfo", "Reference", "Transforms", "Transform")
            ),
            reference_uri=refs[0].get("URI") if refs else None,
            digest_value=text("SignedInfo", "Reference", "DigestValue"),
            signature_value=text("SignatureValue"),
            subject_name=text("KeyInfo", "X509Data", "X509SubjectName"),
            certificates=tuple(
                (c.text or "").strip() for c in find("KeyInfo", "X509Data", "X509Certificate")
            ),
        )


_NODE = Kind.NODE


__all__ = ["Context", "NodeReader", "new_raw_tag", "raw_fragment", "unknown_element"]
