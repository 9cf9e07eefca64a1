"""Streaming sign and verify: payloads hashed from the source, never parsed into the tree.

The proof of the shortcut is a comparison with lxml's canonical form of the *whole* tree;
payloads whose bytes C14N would change must take the whole-tree path and still interoperate.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import io
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edocstd import EdocError
from edocstd._sign import Policy, _doc, _stream, sign, verify

from .conftest import Pki, make_edoc
from .test_interop import XMLSEC, _xmlsec_sign, _xmlsec_verify, needs_xmlsec

PAYLOAD = os.urandom(60_000)  # base64 of 80 KB: long enough to be cut out of the tree
B64 = base64.b64encode(PAYLOAD)
_TRACE_END = b"</edXML:TraceHeader>\n      </edXML:TraceHeaderList>"
_RELAYED = (
    b"</edXML:TraceHeader>\n      <edXML:TraceHeader><edXML:OrganId>000.00.20.TT2"
    b"</edXML:OrganId><edXML:Timestamp>2024/05/06 10:05:00</edXML:Timestamp>"
    b"</edXML:TraceHeader></edXML:TraceHeaderList>"
)


def _with_text(text: bytes) -> bytes:
    """A package whose attachment text is ``text`` exactly (bytes as written in the file)."""
    pkg = make_edoc(PAYLOAD)
    assert pkg.count(B64) == 1
    return pkg.replace(B64, text)


def _wrapped(width: int, eol: bytes = b"\n") -> bytes:
    return eol.join(B64[i : i + width] for i in range(0, len(B64), width))


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[_stream.Document]]:
    """Every document the signing code parsed (to see which path it took)."""
    seen: list[_stream.Document] = []
    real = _stream.parse

    def spy(source: _stream.Source, **kw: Any) -> _stream.Document:
        doc = real(source, **kw)
        seen.append(doc)
        return doc

    monkeypatch.setattr(_stream, "parse", spy)
    yield seen


def _trusted(pki: Pki, source: Any) -> Any:
    return verify(source, trust=pki.root.cert_path, policy=Policy())


# -- the shortcut equals lxml on the whole tree ----------------------------------------------


@pytest.mark.parametrize("exclusive", [True, False])
@pytest.mark.parametrize(
    "text", [B64, _wrapped(76), b"\n" + _wrapped(64) + b"\n\t  "], ids=["line", "76", "ws"]
)
def test_streamed_digest_equals_whole_tree_c14n(text: bytes, exclusive: bool) -> None:
    data = _with_text(text)
    with _stream.Source(data) as src:
        cut = _stream.parse(src)
        whole = _stream.parse(src, cut=False)
    assert len(cut.holes) == 1  # the payload really was left out of the tree
    assert not whole.holes
    canon = _doc.c14n(cut.root.getroottree(), exclusive=exclusive, with_comments=False)
    assert len(canon) < len(text)
    expected = _doc.c14n(whole.root.getroottree(), exclusive=exclusive, with_comments=False)
    assert text in expected
    for name in ("sha256", "sha1", "sha512"):
        streamed = _stream.Canonical(cut, canon).digest(name)
        assert streamed == hashlib.new(name, expected).digest()


@pytest.mark.parametrize(
    "text",
    [
        _wrapped(76, b"\r\n"),  # the parser turns CR LF into LF
        B64[:5000] + b"&#65;" + B64[5000:],  # a character reference: never cut
        B64[:5000] + b">" + B64[5000:],  # C14N writes &gt;
        B64[:5000] + "ễ".encode() + B64[5000:],  # not base64: left to the parser
    ],
    ids=["crlf", "charref", "gt", "utf8"],
)
def test_payload_that_is_not_its_own_canonical_form_takes_the_tree(
    pki: Pki, tmp_path: Path, text: bytes, parses: list[_stream.Document]
) -> None:
    src = tmp_path / "in.edxml"
    src.write_bytes(_with_text(text))
    out = tmp_path / "out.edxml"
    sign(src, key=pki.leaf.key, cert=pki.leaf.cert, chain=[pki.inter.cert], output=out)
    assert not parses[-1].holes  # signed from the whole tree
    parses.clear()
    r = _trusted(pki, out)
    assert r.valid, r.summary()
    assert not parses[-1].holes
    if XMLSEC:
        proc = _xmlsec_verify(pki, out)
        assert proc.returncode == 0, proc.stderr


def test_invalid_character_in_payload_is_refused_as_by_the_parser(pki: Pki, tmp_path: Path) -> None:
    src = tmp_path / "in.edxml"
    src.write_bytes(_with_text(B64[:5000] + b"\x01" + B64[5000:]))
    with pytest.raises(EdocError):
        sign(src, key=pki.leaf.key, cert=pki.leaf.cert, output=tmp_path / "out.edxml")
    assert not (tmp_path / "out.edxml").exists()
    good = tmp_path / "good.edxml"
    sign(_with_text(B64), key=pki.leaf.key, cert=pki.leaf.cert, output=good)
    bad = tmp_path / "bad.edxml"
    bad.write_bytes(good.read_bytes().replace(B64[:5000], B64[:5000] + b"\x01", 1))
    assert _trusted(pki, bad).reason == "MALFORMED"


# -- sign and verify through the streaming path -----------------------------------------------


def _sign_path(pki: Pki, tmp_path: Path, profile: str = "vdxp") -> Path:
    src = tmp_path / "in.edxml"
    src.write_bytes(_with_text(_wrapped(76)))
    out = tmp_path / f"signed-{profile}.edxml"
    result = sign(
        src, key=pki.leaf.key, cert=pki.leaf.cert, chain=[pki.inter.cert], profile=profile,
        output=out,
    )
    assert result is None
    return out


@pytest.mark.parametrize("profile", ["vdxp", "legacy"])
def test_streamed_sign_verifies_and_keeps_the_bytes(
    pki: Pki, tmp_path: Path, profile: str, parses: list[_stream.Document]
) -> None:
    out = _sign_path(pki, tmp_path, profile)
    assert parses[-1].holes  # the payload was streamed
    original = (tmp_path / "in.edxml").read_bytes()
    signed = out.read_bytes()
    head, _, tail = original.partition(b"</edXML:edXMLHeader>")
    assert signed.startswith(head) and signed.endswith(tail)  # everything else as it was
    assert signed == sign(original, key=pki.leaf.key, cert=pki.leaf.cert,
                          chain=[pki.inter.cert], profile=profile)  # deterministic, same bytes
    policy = Policy() if profile == "vdxp" else Policy.legacy()
    parses.clear()
    r = verify(out, trust=pki.root.cert_path, policy=policy)
    assert r.valid, r.summary()
    assert parses[-1].holes
    if XMLSEC:
        proc = _xmlsec_verify(pki, out)
        assert proc.returncode == 0, proc.stderr


def test_streamed_verify_detects_a_changed_payload_byte(pki: Pki, tmp_path: Path) -> None:
    signed = _sign_path(pki, tmp_path).read_bytes()
    i = signed.index(B64[76 * 500 : 76 * 500 + 70]) + 30
    flipped = b"A" if signed[i : i + 1] != b"A" else b"B"
    changed = tmp_path / "changed.edxml"
    changed.write_bytes(signed[:i] + flipped + signed[i + 1 :])
    r = _trusted(pki, changed)
    assert r.reason == "HASH_FAILURE", r.summary()


def test_streamed_verify_tolerates_relay_trace(pki: Pki, tmp_path: Path) -> None:
    signed = _sign_path(pki, tmp_path).read_bytes()
    relayed = tmp_path / "relayed.edxml"
    relayed.write_bytes(signed.replace(_TRACE_END, _RELAYED))
    r = _trusted(pki, relayed)
    assert r.valid and r.trace_entries_added == 1, r.summary()
    other = b"+" if B64[69:70] != b"+" else b"/"  # a different character (B64 is random)
    relayed.write_bytes(relayed.read_bytes().replace(B64[:70], B64[:69] + other, 1))
    assert _trusted(pki, relayed).reason == "HASH_FAILURE"


def test_sign_outputs_agree(pki: Pki, tmp_path: Path) -> None:
    """bytes, a file object, a path, and the input file itself all get the same package."""
    src = tmp_path / "in.edxml"
    src.write_bytes(_with_text(B64))
    kw: dict[str, Any] = {"key": pki.leaf.key, "cert": pki.leaf.cert}
    expected = sign(src, **kw)
    buf = io.BytesIO()
    buf.write(b"prefix:")
    sign(src, output=buf, **kw)
    assert buf.getvalue() == b"prefix:" + expected
    with (tmp_path / "fh.edxml").open("wb") as fh:
        fh.write(b"prefix:")
        sign(src, output=fh, **kw)
        fh.write(b":suffix")
    assert (tmp_path / "fh.edxml").read_bytes() == b"prefix:" + expected + b":suffix"
    sign(src, output=src, **kw)  # in place: the mapped source is not truncated under us
    assert src.read_bytes() == expected
    assert _trusted(pki, src).intact


def test_replace_on_a_streamed_package(pki: Pki, tmp_path: Path) -> None:
    signed = _sign_path(pki, tmp_path)
    again = tmp_path / "again.edxml"
    sign(signed, key=pki.ecdsa.key, cert=pki.ecdsa.cert, chain=[pki.inter.cert], replace=True,
         output=again)
    r = _trusted(pki, again)
    assert r.valid and r.signer is not None and r.signer.common_name == "ECDSA Signer"
    assert _wrapped(76) in again.read_bytes()  # the payload written back as it was


# -- interop with xmlsec1 on a streamed package ------------------------------------------------


@needs_xmlsec
@pytest.mark.xmlsec
def test_we_verify_xmlsec1_signature_of_a_large_package(
    pki: Pki, tmp_path: Path, parses: list[_stream.Document]
) -> None:
    out = _xmlsec_sign(pki, _with_text(_wrapped(64)), tmp_path)
    r = _trusted(pki, out)
    assert r.valid, r.summary()
    assert parses[-1].holes
    relayed = tmp_path / "relayed.edxml"
    relayed.write_bytes(out.read_bytes().replace(_TRACE_END, _RELAYED))
    r = _trusted(pki, relayed)
    assert r.valid and r.trace_entries_added == 1, r.summary()


def test_many_payloads_streamed_among_small_ones(
    pki: Pki, tmp_path: Path, parses: list[_stream.Document]
) -> None:
    """Several cut payloads, with a short one (left in the tree) between them."""
    pkg = _with_text(B64)
    start = pkg.index(b"    <Attachment>")
    end = pkg.index(b"</Attachment>\n", start) + len(b"</Attachment>\n")
    block = pkg[start:end]
    texts = [base64.b64encode(os.urandom(n)) for n in (4000, 300, 9000, 2000, 50_000)]
    blocks = b"".join(block.replace(B64, t) for t in texts)
    src = tmp_path / "many.edxml"
    src.write_bytes(pkg[:start] + blocks + pkg[end:])
    out = tmp_path / "signed.edxml"
    sign(src, key=pki.leaf.key, cert=pki.leaf.cert, chain=[pki.inter.cert], output=out)
    assert len(parses[-1].holes) == 4  # the 400-character one stayed in the tree
    with _stream.Source(src.read_bytes()) as whole_src:
        whole = _stream.parse(whole_src, cut=False)
        cut = _stream.parse(whole_src)
        canon = _doc.c14n(cut.root.getroottree(), exclusive=True, with_comments=False)
        expected = _doc.c14n(whole.root.getroottree(), exclusive=True, with_comments=False)
        assert _stream.Canonical(cut, canon).digest("sha256") == hashlib.sha256(expected).digest()
    r = _trusted(pki, out)
    assert r.valid, r.summary()
    if XMLSEC:
        proc = _xmlsec_verify(pki, out)
        assert proc.returncode == 0, proc.stderr
    signed = out.read_bytes()
    assert all(t in signed for t in texts)
    i = signed.index(texts[2]) + 100
    out.write_bytes(signed[:i] + (b"A" if signed[i : i + 1] != b"A" else b"B") + signed[i + 1 :])
    assert _trusted(pki, out).reason == "HASH_FAILURE"


def test_size_limit_applies_to_the_input_not_the_cut_document() -> None:
    from edocstd._errors import LimitExceeded
    from edocstd._xml.parser import Limits

    data = _with_text(B64)
    limits = Limits(max_bytes=len(data) - 1)  # the cut document alone would fit
    with _stream.Source(data) as src, pytest.raises(LimitExceeded):
        _stream.parse(src, limits=limits)
    with _stream.Source(data) as src:
        assert _stream.parse(src, limits=Limits(max_bytes=len(data))).holes


def test_a_file_cut_short_while_read_is_an_error_not_missing_bytes(tmp_path: Path) -> None:
    from edocstd._errors import ParseError

    path = tmp_path / "big.edxml"
    path.write_bytes(b"x" * (3 << 20))
    with _stream.open_source(path) as src:
        assert src.file is not None  # mapped, read with pread
        os.truncate(path, 1 << 20)
        with pytest.raises(ParseError, match="cut short"):
            b"".join(src.windows(0, 3 << 20))


def test_no_file_is_left_open(pki: Pki, tmp_path: Path) -> None:
    small = tmp_path / "small.edxml"
    small.write_bytes(make_edoc())
    big = tmp_path / "big.edxml"
    big.write_bytes(make_edoc(os.urandom(1 << 20)))  # mapped
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        for path in (small, big):
            sign(path, key=pki.leaf.key, cert=pki.leaf.cert, output=tmp_path / "out.edxml")
            assert verify(tmp_path / "out.edxml").intact
            verify(path)  # unsigned: an early answer
        bad = tmp_path / "bad.edxml"
        bad.write_bytes(_with_text(B64 * 20 + b"\x01"))
        with pytest.raises(EdocError):
            sign(bad, key=pki.leaf.key, cert=pki.leaf.cert)
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]


def test_output_path_is_written_whole_or_not_at_all(pki: Pki, tmp_path: Path) -> None:
    src = tmp_path / "in.edxml"
    src.write_bytes(_with_text(B64))
    with pytest.raises(EdocError, match="does not exist"):
        sign(src, key=pki.leaf.key, cert=pki.leaf.cert, output=tmp_path / "no" / "out.edxml")
    out = tmp_path / "out.edxml"
    out.write_bytes(b"previous")
    bad = tmp_path / "bad.edxml"
    bad.write_bytes(_with_text(B64).replace(b"<edXML:edXMLBody>", b"<!-- c --><edXML:edXMLBody>"))
    with pytest.raises(EdocError, match="comments"):
        sign(bad, key=pki.leaf.key, cert=pki.leaf.cert, output=out)
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.edxml", "in.edxml", "out.edxml"]


def test_chain_given_as_an_iterator_survives_the_fallback(pki: Pki) -> None:
    not_plain = _with_text(_wrapped(76, b"\r\n"))  # cut, then refused: signed a second time
    signed = sign(not_plain, key=pki.leaf.key, cert=pki.leaf.cert, chain=iter([pki.inter.cert]))
    r = _trusted(pki, signed)
    assert r.valid and len(r.chain) == 3, r.summary()


@pytest.mark.parametrize("output", [42, io.StringIO()], ids=["not-a-file", "text-mode"])
def test_unusable_output_is_a_signature_error(pki: Pki, output: Any) -> None:
    with pytest.raises(EdocError, match="write"):
        sign(_with_text(B64), key=pki.leaf.key, cert=pki.leaf.cert, output=output)


def test_an_open_binary_file_is_streamed_and_left_open(
    pki: Pki, tmp_path: Path, parses: list[_stream.Document]
) -> None:
    src = tmp_path / "in.edxml"
    src.write_bytes(make_edoc(os.urandom(1 << 20)))
    out = tmp_path / "out.edxml"
    with src.open("rb") as fh:
        sign(fh, key=pki.leaf.key, cert=pki.leaf.cert, chain=[pki.inter.cert], output=out)
        # (sign then verifies what it wrote: that is the last parse, not this one)
        assert any(p.holes and p.source.file is fh for p in parses)
        assert not fh.closed and fh.tell() == src.stat().st_size  # as if it had been read
    assert out.read_bytes() == sign(src.read_bytes(), key=pki.leaf.key, cert=pki.leaf.cert,
                                    chain=[pki.inter.cert])
    with out.open("rb") as fh:
        assert _trusted(pki, fh).valid
        assert parses[-1].holes and not fh.closed
    with out.open("rb") as fh:
        fh.seek(1)  # not at its start: read from there, as before (and so not a package)
        assert _trusted(pki, fh).reason == "MALFORMED"


_SIGNED: dict[str, bytes] = {}
_EDITS = [b"<", b"&", b">", b"\r", b"\r\n", b"A", b"=", b"\x01", b'"', b"<!-- x -->", b"&#65;",
          b"<![CDATA[x]]>", b"</edXML:ContentTransferEncoded>", b"<?pi x?>", "ễ".encode(),
          b" ", b"\n", b"<a/>", b"\xff", b""]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_streamed_verify_agrees_with_the_whole_tree(
    pki: Pki, monkeypatch: pytest.MonkeyPatch, data: st.DataObject
) -> None:
    """Any edit near or inside the payload: the same verdict and reason as from the tree."""
    if "signed" not in _SIGNED:
        _SIGNED["signed"] = sign(_with_text(_wrapped(76)), key=pki.leaf.key, cert=pki.leaf.cert,
                                 chain=[pki.inter.cert])
    signed = _SIGNED["signed"]
    start = signed.index(b"<AttachmentEncoded>")
    i = data.draw(st.integers(start, len(signed)))
    cut = data.draw(st.integers(0, 3))
    changed = signed[:i] + data.draw(st.sampled_from(_EDITS)) + signed[i + cut :]
    streamed = _trusted(pki, changed)
    real = _stream.parse
    with monkeypatch.context() as m:
        m.setattr(_stream, "parse", lambda src, **kw: real(src, cut=False))
        whole = _trusted(pki, changed)
    assert (streamed.verdict, streamed.reason) == (whole.verdict, whole.reason)
    assert streamed.trace_entries_added == whole.trace_entries_added
