"""The fuzz harness (tests/fuzzing.py) in CI: the seed corpus, a Hypothesis-driven mutation run
(always), and a short coverage-guided atheris run (when atheris is installed)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import fuzzing

SEEDS = fuzzing.seed_corpus()
ROOT = Path(__file__).resolve().parents[2]

# Bytes that steer the reader's byte-level scan and lxml differently.
TOKENS = [
    b"<",
    b">",
    b"&",
    b"&amp;",
    b"&lt;",
    b"\x00",
    b"\xff",
    b"\r",
    b"]]>",
    b"<![CDATA[",
    b"<!--",
    b"-->",
    b"<?x?>",
    b"</",
    b"/>",
    b'"',
    b"'",
    b"ContentTransferEncoded",
    b"<ContentTransferEncoded>",
    b"</edXML:ContentTransferEncoded>",
    b"<edXML:Attachment>",
    b' a=">"',
    b'xmlns:edXML="urn:x"',
    b"<!DOCTYPE x>",
    "ề".encode(),
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(SEEDS[draw(st.sampled_from(sorted(SEEDS)))])
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "flip", "truncate"]))
        if kind == "insert":
            data[pos:pos] = draw(st.sampled_from(TOKENS))
        elif kind == "delete":
            del data[pos : pos + draw(st.integers(1, 64))]
        elif kind == "flip" and pos < len(data):
            data[pos] ^= 1 << draw(st.integers(0, 7))
        else:
            del data[pos:]
    return bytes(data)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_corpus_passes_the_harness(name: str) -> None:
    fuzzing.one_input(SEEDS[name])


def test_fast_path_is_really_exercised() -> None:
    """The differential compares something: with the cut forced on, payloads are cut out."""
    from edocstd._model.payload import BufferSource
    from edocstd._xml import excise, parser

    data = SEEDS["edoc_two_attachments"]
    with fuzzing._cut_payloads_from(1):
        assert len(excise._Excised(data, BufferSource(data), parser.DEFAULT_LIMITS).slices) == 2


_PAYLOAD_TAG = re.compile(rb"<edXML:ContentTransferEncoded[^>]*>")


@pytest.mark.parametrize(
    "trap",
    [
        b'<edXML:ContentTransferEncoded a=">">',
        b"<!-- <edXML:ContentTransferEncoded> -->",
        b"<edXML:ContentTransferEncoded><![CDATA[",
    ],
    ids=["gt_in_attribute", "tag_in_comment", "cdata"],
)
def test_reader_falls_back_where_the_cut_would_mislead(trap: bytes) -> None:
    data = SEEDS["edoc_two_attachments"]
    assert _PAYLOAD_TAG.search(data)
    fuzzing.differential(_PAYLOAD_TAG.sub(trap.replace(b"\\", b"\\\\"), data, count=1))


@pytest.mark.parametrize(
    "bad",
    [b"\xff", b"\x01", b"]]>", b"&#65;", "ề".encode(), b"\r", b"\r\n"],
    ids=["invalid_utf8", "control", "cdata_end", "char_ref", "non_ascii", "lone_cr", "crlf"],
)
def test_payload_bytes_lxml_would_judge_are_not_cut(bad: bytes) -> None:
    """Found by the fuzzer: a byte lxml refuses (0xFF) inside a payload was cut out before
    lxml could see it, so the fast path accepted a document a full parse refuses."""
    data = SEEDS["edoc_two_attachments"]
    start = _PAYLOAD_TAG.search(data)
    assert start is not None
    pos = start.end() + 100
    fuzzing.differential(data[:pos] + bad + data[pos:])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_packages(data: bytes) -> None:
    fuzzing.one_input(data)


@pytest.mark.skipif(
    importlib.util.find_spec("atheris") is None,
    reason="atheris not installed (pip install edocstd[fuzz]): Hypothesis only",
)
def test_atheris_short_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    fuzzing.make_corpus(corpus)
    before = {p.name for p in corpus.iterdir()}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.fuzzing",
            str(corpus),
            "-runs=400",
            f"-artifact_prefix={tmp_path}/",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    crashes = sorted(p.name for p in tmp_path.glob("crash-*"))
    assert proc.returncode == 0 and not crashes, proc.stderr[-3000:]
    assert "Done 400 runs" in proc.stderr
    assert {p.name for p in corpus.iterdir()} >= before
    shutil.rmtree(corpus)
