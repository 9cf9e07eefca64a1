"""Large packages: writing, reading and extracting stream; memory does not grow with size.

Memory is measured two ways: ``tracemalloc`` (every Python allocation, deterministic) in
this process, and the peak RSS (``VmHWM``) of a fresh interpreter for what tracemalloc
cannot see (lxml, mmap).  Every bound is a fraction of the package size, never a time.
"""

from __future__ import annotations

import binascii
import gc
import hashlib
import json
import os
import subprocess
import sys
import textwrap
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import edocstd
from edocstd import Attachment, Base64Payload, Edoc, FilePayload
from edocstd._model import payload as payload_mod
from edocstd._xml import reader
from edocstd.testing.factories import make_edoc

MB = 1024 * 1024
RAW_SIZE = 30 * MB  # -> a package of about 40 MB
SRC = Path(edocstd.__file__).resolve().parents[1]
NS = "{http://www.mic.gov.vn/TBT/QCVN_102_2016}"


def _random_file(path: Path, size: int) -> Path:
    with path.open("wb") as f:
        left = size
        while left > 0:
            n = min(left, 8 * MB)
            f.write(os.urandom(n))
            left -= n
    return path


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(MB):
            h.update(chunk)
    return h.hexdigest()


def _peak_python_alloc(fn: Callable[[], Any]) -> int:
    """Peak bytes allocated by Python while ``fn`` runs (its result is dropped)."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A ~40 MB package written by ``dump`` from a ``FilePayload`` (plus a small second file)."""
    d = tmp_path_factory.mktemp("large")
    raw = _random_file(d / "scan.bin", RAW_SIZE)
    small = os.urandom(5000)
    pkg = make_edoc(attachments=(
        Attachment.create(FilePayload(raw), name="scan.pdf", content_type="application/pdf"),
        Attachment.create(small, name="note.txt", content_type="text/plain"),
    ))
    out = d / "big.edxml"
    edocstd.dump(pkg, out)
    return {"dir": d, "raw": raw, "pkg": pkg, "path": out, "small": small,
            "sha": _sha256_file(raw), "size": out.stat().st_size}


# --- writing ---------------------------------------------------------------------------------


def test_dump_streams_a_file_payload(big: dict[str, Any], tmp_path: Path) -> None:
    target = tmp_path / "again.edxml"
    peak = _peak_python_alloc(lambda: edocstd.dump(big["pkg"], target))
    assert target.stat().st_size == big["size"]
    assert peak < big["size"] / 8, f"dump allocated {peak / MB:.1f} MB"


def test_dump_to_a_binary_file_streams(big: dict[str, Any], tmp_path: Path) -> None:
    target = tmp_path / "again.edxml"

    def write() -> None:
        with target.open("wb") as f:
            edocstd.dump(big["pkg"], f)

    peak = _peak_python_alloc(write)
    assert peak < big["size"] / 8
    assert target.read_bytes()[:100] == big["path"].read_bytes()[:100]


def test_dump_of_a_loaded_package_copies_through(big: dict[str, Any], tmp_path: Path) -> None:
    loaded = edocstd.load(big["path"])
    target = tmp_path / "copy.edxml"
    peak = _peak_python_alloc(lambda: edocstd.dump(loaded, target))
    assert peak < big["size"] / 8
    assert _sha256_file(target) == _sha256_file(big["path"])


def test_written_base64_is_the_content(big: dict[str, Any]) -> None:
    tree = etree.parse(str(big["path"]), etree.XMLParser(huge_tree=True))
    texts = [el.text or "" for el in tree.iter(f"{NS}ContentTransferEncoded")]
    assert hashlib.sha256(binascii.a2b_base64(texts[0])).hexdigest() == big["sha"]
    assert binascii.a2b_base64(texts[1]) == big["small"]


# --- reading ---------------------------------------------------------------------------------


def test_load_path_allocates_far_less_than_the_package(big: dict[str, Any]) -> None:
    holder: list[Any] = []
    peak = _peak_python_alloc(lambda: holder.append(edocstd.load(big["path"])))
    assert peak < big["size"] / 20, f"load allocated {peak / MB:.1f} MB"
    pkg = holder[0]
    assert isinstance(pkg, Edoc)
    assert isinstance(pkg.attachments[0].payload, Base64Payload)


def test_save_decodes_in_chunks(big: dict[str, Any], tmp_path: Path) -> None:
    pkg = edocstd.load(big["path"])
    assert isinstance(pkg, Edoc)
    written: list[Path] = []
    peak = _peak_python_alloc(lambda: written.append(pkg.attachments[0].save(tmp_path)))
    assert peak < big["size"] / 8, f"save allocated {peak / MB:.1f} MB"
    assert written[0].stat().st_size == RAW_SIZE
    assert _sha256_file(written[0]) == big["sha"]


def test_sha256_and_sizes_stream_and_are_right(big: dict[str, Any]) -> None:
    pkg = edocstd.load(big["path"])
    assert isinstance(pkg, Edoc)
    scan, note = pkg.attachments
    assert scan.payload is not None
    results: list[Any] = []
    peak = _peak_python_alloc(lambda: results.append(scan.sha256()))
    assert results[0] == big["sha"]
    assert peak < big["size"] / 8
    assert scan.payload.approx_size == RAW_SIZE
    assert scan.size == RAW_SIZE
    assert note.read() == big["small"]
    assert note.sha256() == hashlib.sha256(big["small"]).hexdigest()


def test_loads_from_bytes_keeps_slices(big: dict[str, Any]) -> None:
    data = big["path"].read_bytes()
    holder: list[Any] = []
    peak = _peak_python_alloc(lambda: holder.append(edocstd.loads(data)))
    assert peak < len(data) / 20, f"loads allocated {peak / MB:.1f} MB beyond its input"
    pkg = holder[0]
    h = hashlib.sha256()
    for chunk in pkg.attachments[0].payload.iter_decoded():
        h.update(chunk)
    assert h.hexdigest() == big["sha"]


def test_read_whole_equals_the_original(big: dict[str, Any]) -> None:
    pkg = edocstd.load(big["path"])
    assert isinstance(pkg, Edoc)
    holder: list[bytes] = []
    peak = _peak_python_alloc(lambda: holder.append(pkg.attachments[0].read()))
    content = holder[0]
    assert len(content) == RAW_SIZE
    assert hashlib.sha256(content).hexdigest() == big["sha"]
    # the result is built in one buffer: not the chunks plus a joined copy (2x)
    assert peak < RAW_SIZE * 1.25, f"read() of {RAW_SIZE / MB:.0f} MB peaked at {peak / MB:.1f} MB"


def test_file_payload_read(big: dict[str, Any]) -> None:
    holder: list[bytes] = []
    peak = _peak_python_alloc(lambda: holder.append(FilePayload(big["raw"]).read()))
    assert hashlib.sha256(holder[0]).hexdigest() == big["sha"]
    assert peak < RAW_SIZE * 1.25


# --- header-only access never touches payloads -----------------------------------------------


@pytest.fixture
def no_payload_access(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Record every attempt to read or decode an attachment payload."""
    touched: list[str] = []

    def spy(name: str, original: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            touched.append(name)
            return original(*args, **kwargs)

        return wrapper

    for cls in (payload_mod.FileSource, payload_mod.BufferSource):
        monkeypatch.setattr(cls, "read_range", spy(f"{cls.__name__}.read_range", cls.read_range))
    monkeypatch.setattr(payload_mod, "decode_base64_chunks",
                        spy("decode_base64_chunks", payload_mod.decode_base64_chunks))
    monkeypatch.setattr(payload_mod.binascii, "a2b_base64",
                        spy("a2b_base64", payload_mod.binascii.a2b_base64))
    yield touched


def test_header_only_access_does_not_touch_payloads(
    big: dict[str, Any], no_payload_access: list[str]
) -> None:
    pkg = edocstd.load(big["path"])
    assert isinstance(pkg, Edoc)
    assert pkg.header.subject
    assert pkg.header.sender is not None and pkg.header.sender.organ_id
    assert pkg.trace_header_list is not None
    assert [a.attachment_name for a in pkg.attachments] == ["scan.pdf", "note.txt"]
    assert [a.content_type for a in pkg.attachments] == ["application/pdf", "text/plain"]
    assert pkg.manifest is not None and len(pkg.manifest.references) == 2
    assert pkg.attachments[0].payload is not None
    assert pkg.attachments[0].payload.encoded_size > RAW_SIZE  # type: ignore[attr-defined]
    assert no_payload_access == []
    pkg.attachments[1].read()
    assert no_payload_access, "the spy saw nothing: it is not wired in"


def test_header_only_access_from_bytes(big: dict[str, Any], no_payload_access: list[str]) -> None:
    pkg = edocstd.loads(big["path"].read_bytes())
    assert pkg.header.subject
    assert no_payload_access == []


# --- line-wrapped base64 (as MIME encoders write it) and source lines ------------------------


def _wrapped_package(tmp_path: Path) -> tuple[Path, bytes, bytes]:
    first = os.urandom(3 * MB + 7)
    second = os.urandom(4000)
    pkg = make_edoc(attachments=(
        Attachment.create(first, name="a.bin", content_type="application/octet-stream"),
        Attachment.create(second, name="b.bin", content_type="application/octet-stream"),
    ))
    data = edocstd.dumps(pkg)
    for content in (first, second):
        flat = binascii.b2a_base64(content, newline=False)
        wrapped = b"\r\n".join(flat[i:i + 76] for i in range(0, len(flat), 76))
        assert data.count(flat) == 1
        data = data.replace(flat, b"\n" + wrapped + b"\n")
    path = tmp_path / "wrapped.edxml"
    path.write_bytes(data)
    return path, first, second


def test_line_wrapped_base64_decodes(tmp_path: Path) -> None:
    path, first, second = _wrapped_package(tmp_path)
    for pkg in (edocstd.load(path), edocstd.loads(path.read_bytes())):
        assert isinstance(pkg, Edoc)
        a, b = pkg.attachments
        assert a.sha256() == hashlib.sha256(first).hexdigest()
        assert a.read() == first
        assert b.read() == second
        assert a.save(tmp_path / "out", overwrite=True).read_bytes() == first


def test_excised_payloads_keep_source_lines(tmp_path: Path) -> None:
    path, _, _ = _wrapped_package(tmp_path)
    full = etree.parse(str(path), etree.XMLParser(huge_tree=True))
    tags = (f"{NS}ContentTransferEncoded", "Attachment")
    expected = [el.sourceline for el in full.iter(*tags)]
    for loaded in (reader.read_path(path), reader.read_bytes(path.read_bytes())):
        lines = [el.sourceline for el in loaded.tree.iter(*tags)]
        assert lines == expected
        # the payloads were cut out: lxml saw a short marker (and the newlines), not the text
        markers = [(el.text or "").strip() for el in loaded.tree.iter(tags[0])]
        assert len(markers) == 2
        assert all(m.startswith("edocstd:") and len(m) < 100 for m in markers)


def test_decode_base64_chunks_any_boundaries() -> None:
    content = os.urandom(10_000)
    text = binascii.b2a_base64(content, newline=True)
    wrapped = b"\r\n".join(text[i:i + 64] for i in range(0, len(text), 64))
    for size in (1, 3, 5, 64, 77, 4096, len(wrapped)):
        chunks = (wrapped[i:i + size] for i in range(0, len(wrapped), size))
        assert b"".join(payload_mod.decode_base64_chunks(chunks)) == content
        views = (memoryview(wrapped)[i:i + size] for i in range(0, len(wrapped), size))
        assert b"".join(payload_mod.decode_base64_chunks(views)) == content


# --- peak RSS in a fresh interpreter ---------------------------------------------------------

_RSS_SCRIPT = textwrap.dedent("""
    import json, sys, tempfile
    def hwm():
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    import edocstd
    from edocstd.testing.factories import make_edoc
    before = hwm()
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "extract":
        pkg = edocstd.load(path)
        with tempfile.TemporaryDirectory() as d:
            sizes = [a.save(d).stat().st_size for a in pkg.attachments]
    else:
        pkg = make_edoc(attachments=(edocstd.Attachment.create(
            path, name="scan.pdf", content_type="application/pdf"),))
        edocstd.dump(pkg, sys.argv[3])
        sizes = []
    print(json.dumps({"before": before, "peak": hwm(), "sizes": sizes}))
""")


def _child_rss(*args: str) -> dict[str, Any]:
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc (Linux) to read the peak RSS")
    paths = [str(SRC), os.environ.get("PYTHONPATH")]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in paths if p))
    proc = subprocess.run([sys.executable, "-c", _RSS_SCRIPT, *args], capture_output=True,
                          text=True, env=env, check=False, timeout=300)
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_rss_of_load_and_extract_does_not_grow_with_the_package(big: dict[str, Any]) -> None:
    r = _child_rss("extract", str(big["path"]))
    assert r["sizes"] == [RAW_SIZE, len(big["small"])]
    growth = r["peak"] - r["before"]
    assert growth < big["size"] / 4, (
        f"load + extract of {big['size'] / MB:.0f} MB raised the peak RSS by {growth / MB:.1f} MB"
    )


def test_rss_of_dump_does_not_grow_with_the_attachment(big: dict[str, Any], tmp_path: Path) -> None:
    r = _child_rss("dump", str(big["raw"]), str(tmp_path / "out.edxml"))
    growth = r["peak"] - r["before"]
    assert growth < big["size"] / 4, f"dump raised the peak RSS by {growth / MB:.1f} MB"
    assert (tmp_path / "out.edxml").stat().st_size > RAW_SIZE
