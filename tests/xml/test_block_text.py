"""Text directly inside a block of the envelope (``edXMLEnvelope``, ``edXMLHeader``,
``edXMLBody``) is not part of edXML and the writer has no place for it: the reader notes it
(``read.mixed-text``), as it does inside a part, instead of dropping it silently.  Strict mode
refuses it."""

from __future__ import annotations

import pytest

import edocstd
from edocstd.testing.factories import make_edoc, make_status

ENVELOPE = "/edXML/edXMLEnvelope"
HEADER = f"{ENVELOPE}/edXMLHeader"
BODY = f"{ENVELOPE}/edXMLBody"


def _package() -> bytes:
    attachment = edocstd.Attachment.create(b"%PDF-1.4\n", name="a.pdf")
    return edocstd.dumps(make_edoc(attachments=(attachment,)))


def _line_of(data: bytes, start_tag: bytes) -> int:
    return data[: data.index(start_tag)].count(b"\n") + 1


def _mixed(package: edocstd.Edoc | edocstd.StatusPackage) -> list[edocstd.Finding]:
    return [f for f in package.findings if f.rule == "read.mixed-text"]


# (anchor, what replaces it, the block's start tag, its path, the text noted)
CASES = [
    # before the first child
    (b"<edXML:edXMLHeader>", b"<edXML:edXMLHeader> lead ", b"<edXML:edXMLHeader>", HEADER, "lead"),
    (b"<edXML:edXMLBody>", b"<edXML:edXMLBody>lead", b"<edXML:edXMLBody>", BODY, "lead"),
    # after a child (its tail)
    (
        b"</edXML:edXMLHeader>",
        b"</edXML:edXMLHeader> between ",
        b"<edXML:edXMLEnvelope",
        ENVELOPE,
        "between",
    ),
    (
        b"</edXML:MessageHeader>",
        b"</edXML:MessageHeader>\n  after\n",
        b"<edXML:edXMLHeader>",
        HEADER,
        "after",
    ),
    (
        b"</edXML:edXMLManifest>",
        b"</edXML:edXMLManifest>after",
        b"<edXML:edXMLBody>",
        BODY,
        "after",
    ),
]


@pytest.mark.parametrize(
    ("anchor", "new", "block", "path", "text"),
    [
        *CASES,
        (  # the envelope's own text, before its first child
            b'2016">\n    <edXML:edXMLHeader>',
            b'2016">\n  lead  <edXML:edXMLHeader>',
            b"<edXML:edXMLEnvelope",
            ENVELOPE,
            "lead",
        ),
    ],
)
def test_text_inside_a_block_is_noted(
    anchor: bytes, new: bytes, block: bytes, path: str, text: str
) -> None:
    clean = _package()
    assert clean.count(anchor) == 1
    data = clean.replace(anchor, new)
    package = edocstd.loads(data)
    [finding] = _mixed(package)
    assert (finding.path, finding.value, finding.line) == (path, text, _line_of(data, block))
    assert finding.severity is edocstd.Severity.WARNING
    local = path.rsplit("/", 1)[1]
    assert finding.message_en == (
        f"text '{text}' directly inside <{local}> is not part of edXML and was dropped"
    )
    assert finding.message_vi.startswith(f"văn bản '{text}' nằm trực tiếp trong <{local}>")
    # the package still loads, and everything else is read as without the text
    assert [f for f in package.findings if f.rule != "read.mixed-text"] == list(
        edocstd.loads(clean).findings
    )
    assert edocstd.dumps(package) == clean
    with pytest.raises(edocstd.ParseError, match=r"read\.mixed-text"):
        edocstd.loads(data, strict=True)


def test_text_in_the_header_of_a_status_package_is_noted() -> None:
    clean = edocstd.dumps(make_status())
    data = clean.replace(b"<edXML:edXMLHeader>", b"<edXML:edXMLHeader>stray", 1)
    [finding] = _mixed(edocstd.loads(data))
    assert (finding.path, finding.value) == (HEADER, "stray")


@pytest.mark.parametrize("space", [" ", "\n\t  \n", "\u00a0"])
def test_white_space_inside_a_block_is_not_noted(space: str) -> None:
    clean = _package()
    data = clean
    for tag in (b"<edXML:edXMLHeader>", b"</edXML:edXMLHeader>", b"</edXML:edXMLManifest>"):
        data = data.replace(tag, tag + space.encode(), 1)
    envelope = b'2016">\n    <edXML:edXMLHeader>'
    data = data.replace(envelope, envelope.replace(b"\n", b"\n" + space.encode()), 1)
    assert data != clean
    package = edocstd.loads(data)
    assert _mixed(package) == []
    assert edocstd.dumps(package) == clean
    if space.isspace() and space.isascii():  # XML white space (a no-break space is not)
        assert edocstd.loads(data, strict=True) == package


@pytest.mark.parametrize(
    ("anchor", "path"),
    [(b"<edXML xmlns=", "/edXML"), (b"<AttachmentEncoded>", "/edXML/AttachmentEncoded")],
)
def test_text_in_the_other_blocks_is_noted_the_same_way(anchor: bytes, path: str) -> None:
    clean = _package()
    end = clean.index(b">", clean.index(anchor)) + 1
    data = clean[:end] + b"stray" + clean[end:]
    [finding] = _mixed(edocstd.loads(data))
    assert (finding.path, finding.value) == (path, "stray")
