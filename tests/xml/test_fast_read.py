"""The shortcuts that make small packages fast keep every answer the long way gives.

* A small document is parsed in one lxml call and checked against the limits afterwards:
  the limits still hold, with the error (and its line) of the element that breaks them.
* The reader builds model objects without re-running the building converters: what it
  builds equals what the converters build, field by field.
* ``validate`` does not check the tolerant schema again when the reader found the tree
  valid under the strict one: that is sound only if every strict-valid tree is
  tolerant-valid, which is checked here on fixtures and on many mutations of them.
* The validator's line map is built only when a finding needs a line.
"""

from __future__ import annotations

import base64
import copy
import random
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from lxml import etree

import edocstd
from edocstd._model.base import Node
from edocstd._model.payload import Base64Payload
from edocstd._validate.rules import paths as rules
from edocstd._validate.rules.base64 import Base64Problem, base64_size
from edocstd._xml import plan as plan_module
from edocstd._xml.excise import _TextFacts
from edocstd._xml.parser import parse_small
from edocstd._xml.plan import plan_for
from edocstd._xml.schemas import load_schema
from edocstd.testing.factories import make_edoc, make_status

FIXTURES = Path(__file__).parents[1] / "fixtures" / "packages"
NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"


def _small_package() -> bytes:
    attachment = edocstd.Attachment.create(b"%PDF-1.4\n" + bytes(range(256)) * 3, name="a.pdf")
    return edocstd.dumps(make_edoc(attachments=(attachment,)))


def _element_lines(data: bytes) -> list[tuple[int, int]]:
    """(depth, line) of every element in document order, from a plain lxml parse."""
    root = etree.fromstring(data)
    out = []
    for el in root.iter():
        if isinstance(el.tag, str):
            depth = sum(1 for _ in el.iterancestors()) + 1
            out.append((depth, el.sourceline or 0))
    return out


def test_element_limit_holds_for_a_small_document() -> None:
    data = _small_package()
    elements = _element_lines(data)
    assert len(edocstd.loads(data, limits=edocstd.Limits(max_elements=len(elements))).attachments)
    with pytest.raises(edocstd.LimitExceeded) as info:
        edocstd.loads(data, limits=edocstd.Limits(max_elements=len(elements) - 1))
    assert info.value.line == elements[-1][1]  # the element one past the limit: the last one


def test_depth_limit_holds_for_a_small_document() -> None:
    data = _small_package()
    elements = _element_lines(data)
    deepest = max(depth for depth, _ in elements)
    assert edocstd.loads(data, limits=edocstd.Limits(max_depth=deepest)).header.subject
    with pytest.raises(edocstd.LimitExceeded) as info:
        edocstd.loads(data, limits=edocstd.Limits(max_depth=deepest - 1))
    first_too_deep = next(line for depth, line in elements if depth == deepest)
    assert info.value.line == first_too_deep


def test_a_broken_small_document_gets_the_friendly_error() -> None:
    data = _small_package().replace(b"</edXML:Subject>", b"</edXML:Subjekt>", 1)
    with pytest.raises(edocstd.ParseError) as info:
        edocstd.loads(data)
    assert "wrong tag name" in info.value.message
    assert info.value.line == data[: data.index(b"</edXML:Subjekt>")].count(b"\n") + 1


def _nodes(value: Any) -> list[Node]:
    """Every model node reachable from ``value`` (a package or a node)."""
    found: list[Node] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Node):
            found.append(item)
        if attrs.has(type(item)):
            for field in attrs.fields(type(item)):
                child = getattr(item, field.name)
                stack.extend(child if isinstance(child, tuple) else [child])
    return found


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.edxml")))
def test_read_nodes_equal_what_the_converters_build(name: str) -> None:
    pkg = edocstd.load(FIXTURES / name)
    nodes = _nodes(pkg)
    assert len(nodes) > 3
    for node in nodes:
        rebuilt = attrs.evolve(node)  # through __init__: every converter and validator
        assert rebuilt == node
        for field in attrs.fields(type(node)):
            ours, theirs = getattr(node, field.name), getattr(rebuilt, field.name)
            assert type(ours) is type(theirs), (type(node).__name__, field.name)
            assert ours == theirs, (type(node).__name__, field.name)


def _seeds() -> list[etree._Element]:
    seeds = [etree.parse(str(p)).getroot() for p in sorted(FIXTURES.glob("*.edxml"))]
    seeds.append(etree.fromstring(edocstd.dumps(make_edoc())))
    seeds.append(etree.fromstring(edocstd.dumps(make_status())))
    return seeds


def _mutate(root: etree._Element, rng: random.Random, names: list[str]) -> None:
    """One random edit: drop, copy, move or rename an element, add or drop an attribute,
    change a text, add a child (known, foreign, namespace-less)."""
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    el = rng.choice(elements)
    parent = el.getparent()
    op = rng.randrange(8)
    if op == 0 and parent is not None:
        parent.remove(el)
    elif op == 1 and parent is not None:
        parent.insert(rng.randrange(len(parent) + 1), copy.deepcopy(el))
    elif op == 2 and parent is not None:
        parent.remove(el)
        parent.insert(rng.randrange(len(parent) + 1), el)
    elif op == 3:
        el.tag = rng.choice(names)
    elif op == 4:
        el.set(rng.choice(["id", "version", "x", "{urn:v}a", "mustUnderstand"]), "1.0")
    elif op == 5 and el.attrib:
        del el.attrib[rng.choice(list(el.attrib))]
    elif op == 6:
        el.text = rng.choice(["", "x", "0", "01", "2024/02/30", "2024/01/01", "true", " 1"])
    else:
        el.append(etree.Element(rng.choice([*names, "{urn:vendor}X", "Plain"])))


def test_every_strict_valid_tree_is_tolerant_valid() -> None:
    """What lets ``validate`` skip the tolerant schema after the reader's strict check."""
    seeds = _seeds()
    names = sorted({e.tag for s in seeds for e in s.iter() if isinstance(e.tag, str)})
    rng = random.Random(11)
    pairs = [
        (load_schema("edoc-strict"), load_schema("edoc")),
        (load_schema("status-strict"), load_schema("status")),
    ]
    strict_valid = 0
    for _ in range(3000):
        root = copy.deepcopy(rng.choice(seeds))
        for _ in range(rng.randrange(1, 4)):
            _mutate(root, rng, names)
        for strict, tolerant in pairs:
            if strict.validate(root):
                strict_valid += 1
                assert tolerant.validate(root), etree.tostring(root)[:2000]
    assert strict_valid > 100  # the mutations do reach strict-valid trees


def test_validate_reports_a_tolerant_schema_error_the_reader_did_not_skip() -> None:
    """A tree the strict schema rejects is still checked by the tolerant one."""
    data = _small_package().replace(
        b"<edXML:Subject>", b"<edXML:Unheard>x</edXML:Unheard><edXML:Subject>", 1
    )
    report = edocstd.validate(data)
    assert "EDX-XSD-001" in {f.rule for f in report.findings}


def test_the_line_map_is_built_only_for_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = rules.line_map

    def spy(root: etree._Element) -> dict[str, int]:
        calls.append(root)
        return real(root)

    monkeypatch.setattr(rules, "line_map", spy)
    clean = _small_package()
    report = edocstd.validate(clean)
    assert report.ok and not report.findings
    assert calls == []
    subject_line = clean[: clean.index(b"<edXML:Subject>")].count(b"\n") + 1
    blank = re.sub(rb"<edXML:Subject>[^<]*</edXML:Subject>", b"<edXML:Subject/>", clean)
    assert blank != clean
    report = edocstd.validate(blank)
    lines = {f.rule: f.line for f in report.findings}
    assert lines.get("EDX-REQ-012") == subject_line  # a finding got its line from the map
    assert len(calls) == 1


def _cut(data: bytes) -> tuple[Any, etree._Element, str]:
    """The byte cut of ``data``, the tree parsed from it and its (only) marker."""
    from edocstd._model.payload import BufferSource
    from edocstd._xml.excise import _Excised
    from edocstd._xml.parser import DEFAULT_LIMITS, parse_chunks

    excised = _Excised(data, BufferSource(data), DEFAULT_LIMITS)
    assert len(excised.slices) == 1
    return excised, parse_chunks(excised.chunks()), next(iter(excised.slices))


def _big_package() -> bytes:
    attachment = edocstd.Attachment.create(bytes(range(256)) * 40, name="a.bin")
    return edocstd.dumps(make_edoc(attachments=(attachment,)))


@pytest.fixture(params=["small tree", "large tree"])
def tree_size(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of looking for the secret: counted on the serialised tree (small trees) or
    found by XPath scans (large ones, not copied)."""
    if request.param == "large tree":
        monkeypatch.setattr("edocstd._xml.excise.SMALL_DOCUMENT", 0)
    return str(request.param)


@pytest.mark.parametrize("where", ["attribute", "comment", "pi", "tail", "other-text"])
def test_a_marker_anywhere_but_its_payload_element_is_caught(where: str, tree_size: str) -> None:
    """The check that the byte cut matched the XML: the marker's secret anywhere else (as a
    document could arrange by fooling the byte search) sends the document to a whole parse."""
    excised, root, marker = _cut(_big_package())
    assert excised.agrees_with(root)
    subject = next(root.iter(f"{{{NS}}}Subject"))
    if where == "attribute":
        subject.set("note", marker)
    elif where == "comment":
        subject.addnext(etree.Comment(marker))
    elif where == "pi":
        subject.addnext(etree.ProcessingInstruction("x", marker))
    elif where == "tail":
        subject.tail = marker
    else:
        subject.text = marker
    assert not excised.agrees_with(root)


def test_a_marker_taken_out_of_its_element_is_caught(tree_size: str) -> None:
    excised, root, _marker = _cut(_big_package())
    payload = next(root.iter(f"{{{NS}}}ContentTransferEncoded"))
    payload.text = "x"
    assert not excised.agrees_with(root)  # every marker must be claimed


def _mixed(findings: Any) -> list[tuple[str | None, str | None]]:
    return [(f.path, f.value) for f in findings if f.rule == "read.mixed-text"]


FROM = "/edXML/edXMLEnvelope/edXMLHeader/MessageHeader/From"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # text after a child (a tail): noted on the parent
        (b"</edXML:OrganId>", b"</edXML:OrganId> stray ", [(FROM, "stray")]),
        # text before the first child
        (b"<edXML:From>", b"<edXML:From>lead", [(FROM, "lead")]),
        # a block element holding text only
        (b"<edXML:Code>\n", b"<edXML:Code>only text</edXML:Code><edXML:X>", None),
        # no-break spaces are white space to the reader: nothing to note
        (b"</edXML:OrganId>", "</edXML:OrganId>\u00a0\u00a0".encode(), []),
    ],
)
def test_mixed_text_is_noted_wherever_it_is(
    old: bytes, new: bytes, expected: list[tuple[str, str]] | None
) -> None:
    data = _small_package()
    if expected is None:  # replace the whole Code block by one holding text only
        start = data.index(b"<edXML:Code>")
        end = data.index(b"</edXML:Code>") + len(b"</edXML:Code>")
        data = data[:start] + b"<edXML:Code>only text</edXML:Code>" + data[end:]
        expected = [(FROM.replace("From", "Code"), "only text")]
    else:
        data = data.replace(old, new, 1)
    assert _mixed(edocstd.loads(data).findings) == expected


def test_remembered_values_keep_their_findings() -> None:
    """The second reading of an impossible date (its value remembered) notes it again."""
    data = _small_package().replace(b"<edXML:DueDate>2024/03/25", b"<edXML:DueDate>2024/02/30")
    first = edocstd.loads(data)
    second = edocstd.loads(data)
    rules = [f.rule for f in first.findings]
    assert "read.date-impossible" in rules
    assert [f.rule for f in second.findings] == rules
    assert second.header.due_date == first.header.due_date == "2024/02/30"


@pytest.mark.parametrize("limit", ["max_elements", "max_attributes"])
def test_a_count_skipped_for_size_still_holds_at_the_tightest_spelling(limit: str) -> None:
    """``parse_small`` counts elements (attributes) only when the document is large enough
    to hold more than the limit: 4 bytes an element, 5 an attribute.  Spelt as tightly as XML
    allows, one more than the limit is still refused."""
    n = 40
    if limit == "max_elements":  # <a> + n × <b/> + </a>: n + 1 elements in 4n + 7 bytes
        data = b"<a>" + b"<b/>" * n + b"</a>"
        count = n + 1
    else:  # n attributes of one byte name, each in 5 bytes
        names = [chr(c) for c in range(ord("A"), ord("A") + 26)] + [
            chr(c) for c in range(ord("a"), ord("a") + 14)
        ]
        data = b"<r" + "".join(f' {c}=""' for c in names[:n]).encode() + b"/>"
        count = n
    assert parse_small(data, edocstd.Limits(**{limit: count})) is not None
    assert parse_small(data, edocstd.Limits(**{limit: count - 1})) is None


def _base64_texts() -> list[bytes]:
    rng = random.Random(11)
    texts = [b"", b"QQ==", b"QUI=", b"QUJD", b"QQ=\n=", b"Q Q = =", b"QQ==QQ==", b"QQ=", b"Q"]
    texts += [b"QUJD====", b"QUJD\r\n", b"QU=JD", b"QUJD=\nA", b"QU\tJD", b"QUJD&amp;", b"QU\x00J"]
    for _ in range(300):
        raw = rng.randbytes(rng.randrange(0, 300))
        text = bytearray(base64.b64encode(raw))
        for _ in range(rng.randrange(0, 4)):  # line breaks, spaces, stray padding, damage
            at = rng.randrange(0, len(text) + 1)
            text[at:at] = rng.choice([b"\n", b"\r\n", b" ", b"\t", b"=", b"A", b"*", b"=="])
        texts.append(bytes(text))
    return texts


def test_the_sizes_found_while_cutting_are_those_base64_size_finds() -> None:
    """The reader's one pass over a payload it cuts out gives its decoded size when the text
    is clean base64; the validator trusts it instead of scanning again, so it must be exactly
    what ``base64_size`` finds, and ``None`` whenever ``base64_size`` finds a problem, for any
    split of the text into pieces."""
    rng = random.Random(12)
    for text in _base64_texts():
        try:
            expected: int | None = base64_size([text])
        except Base64Problem:
            expected = None
        for _ in range(3):
            facts = _TextFacts()
            cuts = sorted(rng.sample(range(len(text) + 1), min(3, len(text) + 1)))
            for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True):
                facts.add(text[start:end])
            assert facts.decoded_size() == expected, text
            assert facts.newlines == text.count(b"\n")


def test_a_cut_payload_carries_its_size_and_validates_the_same() -> None:
    raw = bytes(range(256)) * 40
    data = edocstd.dumps(make_edoc(attachments=(edocstd.Attachment.create(raw, name="a.bin"),)))
    payload = edocstd.loads(data).attachments[0].payload
    assert isinstance(payload, Base64Payload)
    assert payload.checked_size == len(raw) == payload.size
    for bad in (b"AA*C", b"AA=C"):  # not base64 (no cut), padding inside (cut, size unknown)
        broken = data.replace(b"AAEC", bad, 1)
        assert edocstd.loads(broken).attachments[0].payload.checked_size is None
        report = edocstd.validate(broken)
        assert "EDX-ATT-009" in {f.rule for f in report.findings}


def _fresh_plans(monkeypatch: pytest.MonkeyPatch, compile_after: int) -> None:
    monkeypatch.setattr(plan_module, "_PLANS", {})
    monkeypatch.setattr(plan_module, "COMPILE_AFTER", compile_after)


def test_reading_plans_build_instances_by_generated_code(monkeypatch: pytest.MonkeyPatch) -> None:
    from edocstd._model.header import MessageHeader

    _fresh_plans(monkeypatch, 3)
    plan = plan_for(MessageHeader)
    built = [plan.make({"order": ("Subject",), "subject": f"x{i}"}) for i in range(4)]
    assert plan.make.__doc__ is not None and "def make(kwargs):" in plan.make.__doc__
    assert [b.subject for b in built] == ["x0", "x1", "x2", "x3"]
    assert all(isinstance(b, MessageHeader) for b in built)
    assert built[3].to == MessageHeader.__attrs_attrs__.to.default  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.edxml")))
def test_young_and_compiled_constructors_build_the_same(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A class's first instances come from a loop over its fields, later ones from compiled
    code: the same objects, of the same types, with the same findings."""
    _fresh_plans(monkeypatch, 10**9)  # never compiled
    young = edocstd.load(FIXTURES / name)
    assert not any("def make" in (p.make.__doc__ or "") for p in plan_module._PLANS.values())
    _fresh_plans(monkeypatch, 1)  # compiled at once
    compiled = edocstd.load(FIXTURES / name)
    assert any("def make" in (p.make.__doc__ or "") for p in plan_module._PLANS.values())
    assert young == compiled and young.findings == compiled.findings
    for a, b in zip(_nodes(young), _nodes(compiled), strict=True):
        for field in attrs.fields(type(a)):
            assert type(getattr(a, field.name)) is type(getattr(b, field.name)), field.name
            assert getattr(a, field.name) == getattr(b, field.name), field.name


def test_a_repeated_child_after_one_out_of_order_is_a_duplicate() -> None:
    """In order, a child of a higher rank is the first of its name (no lookup); once a child
    came out of order, every child is looked up: a repeat is still a duplicate, kept aside."""
    data = edocstd.dumps(make_edoc()).decode()
    subject = re.search(r"<edXML:Subject>.*?</edXML:Subject>", data)
    assert subject is not None
    moved = data.replace(subject.group(0), "", 1)
    at = moved.index("<edXML:From>")  # Subject, From (out of order), …, Subject again
    moved = moved[:at] + "<edXML:Subject>first</edXML:Subject>" + moved[at:]
    pkg = edocstd.loads(moved.replace("<edXML:Content>", subject.group(0) + "<edXML:Content>"))
    rules = [f.rule for f in pkg.findings]
    assert "read.order" in rules and "read.duplicate-element" in rules
    assert pkg.header.subject == "first"


@pytest.mark.parametrize("compile_after", [1, 10**9], ids=["compiled", "young"])
def test_constructors_run_the_validators(
    compile_after: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from edocstd._model.attachment import Attachment

    _fresh_plans(monkeypatch, compile_after)
    plan = plan_for(Attachment)
    with pytest.raises(edocstd.BuildError) as info:
        plan.make({"payload": b"not a Payload"})
    # the COMPILE_AFTER-th instance is the compiled code's: with 1, the very first one
    compiled = [e for e in info.traceback if "reading plan" in str(e.frame.code.path)]
    assert bool(compiled) is (compile_after == 1)
    assert ("check_" in (plan.make.__doc__ or "")) is (compile_after == 1)
    with attrs.validators.disabled():  # as attrs' own __init__: off when switched off
        assert plan.make({"payload": b"x"}).payload == b"x"


def test_a_marker_claimed_twice_or_in_a_foreign_element_is_caught(tree_size: str) -> None:
    excised, root, marker = _cut(_big_package())
    attachment = next(root.iter(f"{{{NS}}}Attachment"))
    attachment.addnext(copy.deepcopy(attachment))  # a second payload element with the marker
    assert not excised.agrees_with(root)
    excised, root, marker = _cut(_big_package())
    next(root.iter(f"{{{NS}}}ContentTransferEncoded")).text = "x"
    stray = etree.SubElement(next(root.iter(f"{{{NS}}}Subject")), f"{{{NS}}}ContentTransferEncoded")
    stray.text = marker  # a payload element, but not an attachment's
    assert not excised.agrees_with(root)
