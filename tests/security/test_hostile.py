"""Hostile input against the public reading contract.

Written against the public API only: ``edocstd.load(source, *, strict=False)`` (path, bytes or
binary file), ``edocstd.loads(data, *, strict=False)`` (bytes or str), ``edocstd.ParseError``
(subclass of ``edocstd.EdocError``, with ``.line`` and ``.message``) and ``edocstd.LimitExceeded``
(subclass of ``ParseError``).

Every hostile case must be refused with a ``ParseError`` whose message is plain (no lxml text, no
traceback), quickly: the one-second bound is a guard against hangs and entity blow-ups, not a
benchmark.  Nothing may be fetched from the network or the file system on the input's behalf.
"""

from __future__ import annotations

import functools
import inspect
import io
import random
import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import edocstd
from tests import packages

NS = packages.NS
FIXTURES = Path(__file__).parents[1] / "fixtures" / "packages"
TIME_BOUND = 30.0
"""Seconds: a guard against hangs only, generous for a loaded 2-core machine.  How the work
grows with the input is checked as n-vs-4n ratios in test_hostile_complexity.py."""

# A small but complete new-document package in the official SDK layout (one tiny PDF attachment).
VALID_TEXT = packages.edoc_xml(
    bussiness=packages.business(extra=packages.staff_info(
        "Phòng Văn thư - Lưu trữ", "Đặng Thu Trang", "dangthutrang@chinhphu.vn.example",
        "0912000111", indent=10)),
)
VALID = VALID_TEXT.encode("utf-8")
_DECL = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_BODY = VALID[len(_DECL) :]  # the package without its XML declaration


def _with_doctype(doctype: str, *, subject: str | None = None, prolog: str = "") -> bytes:
    """The valid package with ``doctype`` inserted after the declaration (and ``prolog``)."""
    body = _BODY
    if subject is not None:
        old = b"V/v th\xc3\xb4ng b\xc3\xa1o l\xe1\xbb\x8bch h\xe1\xbb\x8dp"
        assert old in body
        body = body.replace(old, subject.encode("utf-8"), 1)
    return _DECL + prolog.encode("utf-8") + doctype.encode("utf-8") + b"\n" + body


# ------------------------------------------------------------------------------- case builders
def _billion_laughs(encoding: str = "UTF-8") -> str:
    ents = ['  <!ENTITY lol0 "lol">']
    ents += [f'  <!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        "<!DOCTYPE edXML [\n" + "\n".join(ents) + "\n]>\n"
        f'<edXML xmlns="{NS}"><edXML:edXMLEnvelope xmlns:edXML="{NS}">'
        "<edXML:edXMLHeader><edXML:MessageHeader><edXML:Subject>&lol9;</edXML:Subject>"
        "</edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>\n"
    )


def _quadratic_blowup() -> bytes:
    big = "A" * 100_000
    refs = "&a;" * 50_000  # 5 GB once expanded
    return _with_doctype(f'<!DOCTYPE edXML [<!ENTITY a "{big}">]>', subject=refs)


def _doctype_after_prolog() -> bytes:
    laughs = _billion_laughs().split("\n", 1)[1]  # without its declaration
    return (
        _DECL
        + b"<!-- exported by QLVB 4.2 -->\n"
        + b'<?xml-stylesheet type="text/xsl" href="edxml.xsl"?>\n'
        + b"<!-- another comment -->\n"
        + laughs.encode("utf-8")
    )


def _nesting(depth: int) -> bytes:
    return (
        _DECL + f'<edXML xmlns="{NS}">'.encode() + b"<a>" * depth + b"</a>" * depth + b"</edXML>\n"
    )


def _siblings(count: int) -> bytes:
    start = VALID.index(b"<AttachmentEncoded>") + len(b"<AttachmentEncoded>")
    end = VALID.index(b"</AttachmentEncoded>")
    return VALID[:start] + b"<Attachment/>" * count + VALID[end:]


_RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Cổng Thông tin điện tử Chính phủ</title>
    <link>https://chinhphu.vn.example/</link>
    <item><title>Tin mới</title><link>https://chinhphu.vn.example/tin-moi</link></item>
  </channel>
</rss>
"""

_SOAP_PROVINCIAL = f"""<?xml version="1.0" encoding="UTF-8"?>
<message document-type="6.1.0.1">
  <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
    <SOAP-ENV:Header>
      <edXML:Status xmlns:edXML="{NS}">
        <edXML:ResponseFor>
          <edXML:OrganId>000.00.00.G22</edXML:OrganId>
          <edXML:Code>1111/VPCP-HC</edXML:Code>
          <edXML:PromulgationDate>01/10/2025</edXML:PromulgationDate>
          <edXML:DocumentId>000.00.00.G22,2025/10/01,1111/VPCP-HC</edXML:DocumentId>
        </edXML:ResponseFor>
        <edXML:From>
          <edXML:OrganId>000.00.00.H41</edXML:OrganId>
          <edXML:OrganName>Văn phòng UBND tỉnh Nghệ An</edXML:OrganName>
        </edXML:From>
        <edXML:StatusCode>03</edXML:StatusCode>
        <edXML:Description>Đã tiếp nhận</edXML:Description>
        <edXML:Timestamp>01/10/2025 09:00:00</edXML:Timestamp>
      </edXML:Status>
    </SOAP-ENV:Header>
    <SOAP-ENV:Body/>
  </SOAP-ENV:Envelope>
</message>
"""

_HTML5 = """<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><title>502 Bad Gateway</title></head>
<body><h1>Lỗi 502</h1><p>Hệ thống đang bảo trì<br>Vui lòng thử lại sau.</p></body>
</html>
"""

_HTML_ERROR_PAGE = """<html>
<head><title>404 Not Found</title></head>
<body bgcolor="white"><center><h1>404 Not Found</h1></center><hr><center>nginx</center>
</body>
</html>
"""

_XHTML = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>edXML</title></head><body/></html>
"""


def _png() -> bytes:
    """A real 1x1 PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\xda\x25\x1d"))
        + chunk(b"IEND", b"")
    )


def _zip_archive() -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("goi-tin.edxml", VALID)
    return buf.getvalue()


def _utf16_no_bom_declared_utf8() -> bytes:
    data = VALID_TEXT.encode("utf-16-le")
    assert not data.startswith(b"\xff\xfe")
    return data


# name -> builder.  Builders are cached: the big ones are made once per session.
_DTD_CASES: dict[str, Callable[[], bytes]] = {
    "billion_laughs": lambda: _billion_laughs().encode("utf-8"),
    "quadratic_blowup": _quadratic_blowup,
    "xxe_file_passwd": lambda: _with_doctype(
        '<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', subject="&xxe;"
    ),
    "xxe_parameter_entity": lambda: _with_doctype(
        '<!DOCTYPE edXML [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
    ),
    "xxe_parameter_entity_remote": lambda: _with_doctype(
        '<!DOCTYPE edXML [<!ENTITY % dtd SYSTEM "http://127.0.0.1:9/evil.dtd"> %dtd;]>'
    ),
    "external_dtd_system_url": lambda: _with_doctype(
        '<!DOCTYPE edXML SYSTEM "http://127.0.0.1:9/x.dtd">'
    ),
    "external_dtd_public_url": lambda: _with_doctype(
        '<!DOCTYPE edXML PUBLIC "-//VPCP//DTD edXML//VI" "http://127.0.0.1:9/x.dtd">'
    ),
    "doctype_after_comments_and_pis": _doctype_after_prolog,
    "doctype_after_100kb_comment": lambda: (
        _DECL + b"<!--" + b"x" * 100_000 + b"-->\n" + _billion_laughs().split("\n", 1)[1].encode()
    ),
    "doctype_utf16_bom": lambda: _billion_laughs("UTF-16").encode("utf-16"),
    "doctype_utf16be_no_bom": lambda: _billion_laughs("UTF-16").encode("utf-16-be"),
    "doctype_utf8_bom": lambda: b"\xef\xbb\xbf" + _billion_laughs().encode("utf-8"),
    "internal_subset_harmless_entity": lambda: _with_doctype(
        '<!DOCTYPE edXML [<!ENTITY vp "Văn phòng Chính phủ">]>', subject="&vp;"
    ),
}

_OTHER_CASES: dict[str, Callable[[], bytes]] = {
    "nesting_100000_deep": lambda: _nesting(100_000),
    "siblings_1000000": lambda: _siblings(1_000_000),
    "empty_file": lambda: b"",
    "whitespace_only": lambda: b"  \r\n\t  \n",
    "nul_byte": lambda: VALID.replace(b"V/v th", b"V/v\x00th", 1),
    "binary_garbage": lambda: random.Random(102).randbytes(64 * 1024),
    "png_image": _png,
    "zip_archive": _zip_archive,
    "not_edxml_foo": lambda: b"<foo/>",
    "not_edxml_rss": lambda: _RSS.encode("utf-8"),
    "not_edxml_soap_provincial_status": lambda: _SOAP_PROVINCIAL.encode("utf-8"),
    "html5_page": lambda: _HTML5.encode("utf-8"),
    "html_error_page": lambda: _HTML_ERROR_PAGE.encode("utf-8"),
    "xhtml_page": lambda: _XHTML.encode("utf-8"),
    "latin1_bytes_declared_utf8": lambda: VALID_TEXT.encode("latin-1", errors="replace"),
    "utf16_no_bom_declared_utf8": _utf16_no_bom_declared_utf8,
    "edxml_root_in_bkav_namespace": lambda: VALID.replace(
        NS.encode(), b"http://www.e-doc.vn/Schema/"
    ),
    "edxml_root_in_unknown_namespace": lambda: VALID.replace(
        NS.encode(), b"urn:example:not-qcvn-102"
    ),
}

_BUILD = {name: functools.cache(fn) for name, fn in {**_DTD_CASES, **_OTHER_CASES}.items()}

_FORBIDDEN_IN_MESSAGE = ("Traceback", "lxml", "etree", "XMLSyntaxError", 'File "', "root:x:0:0")


def _check_clean(exc: BaseException) -> None:
    """The error is ours, with a plain, non-empty message and no raw lxml/traceback text."""
    assert isinstance(exc, edocstd.ParseError)
    assert isinstance(exc, edocstd.EdocError)
    assert not any(c.__module__.startswith("lxml") for c in type(exc).__mro__)
    message = exc.message
    assert isinstance(message, str)
    assert message.strip(), "ParseError.message is empty"
    for text in (message, str(exc)):
        for bad in _FORBIDDEN_IN_MESSAGE:
            assert bad not in text, f"{bad!r} leaked into the error message: {text[:300]!r}"
    assert exc.line is None or (isinstance(exc.line, int) and exc.line >= 1)


def _call(via: str, data: bytes, tmp_path: Path) -> Callable[[], object]:
    if via == "loads":
        return lambda: edocstd.loads(data)
    if via == "load_bytes":
        return lambda: edocstd.load(data)
    if via == "load_file":
        return lambda: edocstd.load(io.BytesIO(data))
    if via == "load_path":
        path = tmp_path / "input.edxml"
        path.write_bytes(data)
        return lambda: edocstd.load(path)
    if via == "load_str_path":
        path = tmp_path / "input.edxml"
        path.write_bytes(data)
        return lambda: edocstd.load(str(path))
    if via == "loads_str":
        text = data.decode("utf-8")
        return lambda: edocstd.loads(text)
    raise AssertionError(via)


def _expect_parse_error(fn: Callable[[], object]) -> edocstd.ParseError:
    start = time.perf_counter()
    with pytest.raises(edocstd.ParseError) as info:
        fn()
    elapsed = time.perf_counter() - start
    assert elapsed < TIME_BOUND, f"took {elapsed:.2f}s (bound against hangs: {TIME_BOUND}s)"
    _check_clean(info.value)
    return info.value


VIAS = ["loads", "load_bytes", "load_file", "load_path"]


# ------------------------------------------------------------------------------- the tests
def test_error_hierarchy() -> None:
    assert issubclass(edocstd.ParseError, edocstd.EdocError)
    assert issubclass(edocstd.LimitExceeded, edocstd.ParseError)


@pytest.mark.parametrize("via", [*VIAS, "loads_str", "load_str_path"])
def test_inline_valid_package_loads(via: str, tmp_path: Path) -> None:
    """Sanity: the package the truncation/DTD cases are cut from is itself readable."""
    assert _call(via, VALID, tmp_path)() is not None


@pytest.mark.parametrize("via", VIAS)
@pytest.mark.parametrize("case", sorted(_BUILD))
def test_hostile_input_is_refused(case: str, via: str, tmp_path: Path) -> None:
    _expect_parse_error(_call(via, _BUILD[case](), tmp_path))


@pytest.mark.parametrize("case", sorted(c for c in _DTD_CASES if not c.startswith("doctype_utf16")))
def test_hostile_dtd_as_str_is_refused(case: str, tmp_path: Path) -> None:
    _expect_parse_error(_call("loads_str", _BUILD[case](), tmp_path))


def test_dtd_error_names_the_problem() -> None:
    exc = _expect_parse_error(lambda: edocstd.loads(_BUILD["billion_laughs"]()))
    assert "DTD" in exc.message or "DOCTYPE" in exc.message


def test_local_file_content_never_leaks(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("EDOCSTD-SECRET-7f3a9c", encoding="utf-8")
    uri = secret.resolve().as_uri()
    for data in (
        _with_doctype(f'<!DOCTYPE edXML [<!ENTITY s SYSTEM "{uri}">]>', subject="&s;"),
        _with_doctype(f'<!DOCTYPE edXML [<!ENTITY % s SYSTEM "{uri}"> %s;]>'),
    ):
        exc = _expect_parse_error(lambda d=data: edocstd.loads(d))
        assert "EDOCSTD-SECRET" not in str(exc)


@pytest.mark.parametrize(
    "template",
    [
        '<!DOCTYPE edXML SYSTEM "http://127.0.0.1:{port}/x.dtd">',
        '<!DOCTYPE edXML [<!ENTITY % d SYSTEM "http://127.0.0.1:{port}/e.dtd"> %d;]>',
        '<!DOCTYPE edXML [<!ENTITY e SYSTEM "http://127.0.0.1:{port}/e.txt">]>',
    ],
    ids=["external_dtd", "parameter_entity", "general_entity"],
)
def test_no_network_access(template: str) -> None:
    """A listening socket on localhost must see no connection attempt at all."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.setblocking(False)
        port = listener.getsockname()[1]
        subject = "&e;" if "ENTITY e " in template else None
        data = _with_doctype(template.format(port=port), subject=subject)
        _expect_parse_error(lambda: edocstd.loads(data))
        with pytest.raises(BlockingIOError):
            conn, _ = listener.accept()
            conn.close()  # pragma: no cover - only reached when the parser connected


# ------------------------------------------------------------------------------- truncation
_END = VALID.rindex(b"</edXML>") + len(b"</edXML>") - 1  # cutting here leaves "</edXML" open
_CUTS = [len(VALID) * k // 11 for k in range(1, 11)]


@pytest.mark.parametrize("via", VIAS)
@pytest.mark.parametrize("cut", _CUTS)
def test_truncated_package_is_refused(cut: int, via: str, tmp_path: Path) -> None:
    assert 0 < cut <= _END
    _expect_parse_error(_call(via, VALID[:cut], tmp_path))


@pytest.mark.parametrize("cut", [*_CUTS, _END])
def test_truncated_package_error_has_line(cut: int) -> None:
    data = VALID[:cut]
    exc = _expect_parse_error(lambda: edocstd.loads(data))
    assert isinstance(exc.line, int), f"ParseError.line not set for a cut at byte {cut}"
    assert 1 <= exc.line <= data.count(b"\n") + 1


# ------------------------------------------------------------------------------- XInclude
def _xinclude_package(href: str) -> bytes:
    elem = f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{href}" parse="text"/>'
    anchor = b"        <edXML:SteeringType>"
    assert anchor in VALID
    return VALID.replace(anchor, b"        " + elem.encode() + b"\n" + anchor, 1)


@pytest.mark.parametrize("target", ["passwd", "secret"])
def test_xinclude_is_not_processed(target: str, tmp_path: Path) -> None:
    if target == "passwd":
        href, marker = "file:///etc/passwd", "root:x:0:0"
    else:
        secret = tmp_path / "secret.txt"
        secret.write_text("EDOCSTD-XINCLUDE-SECRET-41d2", encoding="utf-8")
        href, marker = secret.resolve().as_uri(), "EDOCSTD-XINCLUDE-SECRET"
    data = _xinclude_package(href)
    start = time.perf_counter()
    try:
        pkg = edocstd.loads(data)
    except edocstd.ParseError as exc:  # refusing it is fine
        _check_clean(exc)
        assert marker not in str(exc)
        return
    finally:
        assert time.perf_counter() - start < TIME_BOUND
    out = edocstd.dumps(pkg)
    assert isinstance(out, bytes)
    assert marker.encode() not in out
    assert marker not in repr(pkg)
    # loaded: the xi:include element is kept as an unknown element, not expanded
    assert b"http://www.w3.org/2001/XInclude" in out
    assert b"include" in out
    assert href.encode() in out


# ------------------------------------------------------------------------------- size limit
_BIG = 200 * 1024 * 1024
_BIG_HEAD = VALID[: VALID.index(b"JVBERi0x")]
_BIG_TAIL = VALID[VALID.index(b"</edXML:ContentTransferEncoded>") :]


class _LazyBigPackage(io.RawIOBase):
    """A 200 MB package (one huge base64 attachment) generated on the fly, never held in memory."""

    def __init__(self) -> None:
        self._pos = 0
        self._size = _BIG
        self._fill = _BIG - len(_BIG_HEAD) - len(_BIG_TAIL)

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:  # type: ignore[no-untyped-def,override]
        n = min(len(buf), self._size - self._pos)
        if n <= 0:
            return 0
        out = bytearray()
        pos = self._pos
        while len(out) < n:
            if pos < len(_BIG_HEAD):
                piece = _BIG_HEAD[pos : pos + n - len(out)]
            elif pos < len(_BIG_HEAD) + self._fill:
                piece = b"A" * min(n - len(out), len(_BIG_HEAD) + self._fill - pos)
            else:
                off = pos - len(_BIG_HEAD) - self._fill
                piece = _BIG_TAIL[off : off + n - len(out)]
            out += piece
            pos += len(piece)
        buf[:n] = out
        self._pos = pos
        return n


def _limits_or_xfail(max_bytes: int) -> object:
    limits_cls = getattr(edocstd, "Limits", None)
    if limits_cls is None:
        pytest.xfail("limits keyword pending")
    params = inspect.signature(edocstd.load).parameters.values()
    if not any(p.name == "limits" or p.kind is p.VAR_KEYWORD for p in params):
        pytest.xfail("limits keyword pending")
    return limits_cls(max_bytes=max_bytes)


@pytest.mark.parametrize("form", ["bytes", "file", "path"])
def test_200mb_input_is_refused_by_limit(form: str, tmp_path: Path) -> None:
    limits = _limits_or_xfail(1_000_000)
    source: object
    fill = _BIG - len(_BIG_HEAD) - len(_BIG_TAIL)
    chunk = b"A" * (8 * 1024 * 1024)
    pieces = [_BIG_HEAD, *[chunk] * (fill // len(chunk)), b"A" * (fill % len(chunk)), _BIG_TAIL]
    if form == "bytes":
        source = b"".join(pieces)  # one 200 MB allocation
        assert len(source) == _BIG
    elif form == "file":
        source = _LazyBigPackage()
    else:
        source = tmp_path / "big.edxml"
        with open(source, "wb") as fh:
            fh.writelines(pieces)
        assert source.stat().st_size == _BIG
    start = time.perf_counter()
    try:
        with pytest.raises(edocstd.LimitExceeded) as info:
            edocstd.load(source, limits=limits)
    except TypeError as exc:  # pragma: no cover - depends on the implementation's progress
        if "limits" in str(exc):
            pytest.xfail("limits keyword pending")
        raise
    elapsed = time.perf_counter() - start
    assert elapsed < TIME_BOUND, f"took {elapsed:.2f}s"
    _check_clean(info.value)


def test_small_input_passes_limit() -> None:
    """The same limit lets an ordinary package through (the limit is not 'refuse everything')."""
    limits = _limits_or_xfail(1_000_000)
    assert edocstd.load(VALID, limits=limits) is not None


# ------------------------------------------------------------------------------- strict mode
# Which tolerant_* fixtures are real deviations from what the official SDK writes.  Keep this
# classification complete (test_tolerant_fixtures_are_classified) when adding a fixture.
REAL_DEVIATIONS = {
    "tolerant_dotnet.edxml": "unknown DigitalSignature element, cid: mismatch, SOAP attributes",
    "tolerant_empty_responsefor.edxml": "ResponseFor without its required children",
    "tolerant_impossible_date.edxml": "PromulgationDate 2019/02/30 does not exist",
    "tolerant_relayed.edxml": "a TraceHeader without OrganId",
    "tolerant_extensions.edxml": "an unknown edXML element and a foreign-namespace element",
    "tolerant_manifest_name.edxml": "Manifest instead of edXMLManifest",
    "tolerant_cid.edxml": "manifest ContentId cid:abc vs attachment ContentId abc",
    "tolerant_status_dates.edxml": "status Timestamp in dd/MM/yyyy HH:mm:ss",
    # the strict flavour is SDK 0.0.3's order (schemas/edoc-strict.xsd, tests/xml/test_schemas.py)
    "tolerant_reordered.edxml": "2018-era SDK element order (TraceHeader before Bussiness)",
}
# Forms the SDK itself (or our own default signing profile) produces: strict mode must read them.
SDK_FORMS = {
    "tolerant_no_namespace_signature.edxml": "the SDK's own placeholder signature form",
    "tolerant_xmldsig_ns.edxml": "XMLDSig-namespaced signature, as edocstd.sign writes by default",
}
# Relayed by the hub and valid against the strict schema flavour, yet outside the identifier
# structure: whether strict mode flags it is the implementation's call, so only lenient loading is
# asserted (test_fixtures_load.py).
UNDECIDED = {
    "tolerant_nonstandard_ids.edxml": "identifiers relayed by the hub (spec: validate loosely)",
}


def test_tolerant_fixtures_are_classified() -> None:
    on_disk = {p.name for p in FIXTURES.glob("tolerant_*.edxml")}
    classified = set(REAL_DEVIATIONS) | set(SDK_FORMS) | set(UNDECIDED)
    assert on_disk == classified


@pytest.mark.parametrize("name", sorted(REAL_DEVIATIONS))
def test_strict_refuses_real_deviation(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    _expect_parse_error(lambda: edocstd.loads(data, strict=True))
    _expect_parse_error(lambda: edocstd.load(FIXTURES / name, strict=True))


@pytest.mark.parametrize("name", sorted(REAL_DEVIATIONS))
def test_lenient_loads_real_deviation_with_findings(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    for pkg in (edocstd.loads(data, strict=False), edocstd.loads(data)):
        findings = getattr(pkg, "findings")  # noqa: B009 - the attribute is part of the contract
        assert findings, f"{name}: {REAL_DEVIATIONS[name]} produced no finding"
        assert len(list(findings)) >= 1


@pytest.mark.parametrize("name", sorted(SDK_FORMS))
def test_strict_reads_sdk_forms(name: str) -> None:
    assert edocstd.loads((FIXTURES / name).read_bytes(), strict=True) is not None


@pytest.mark.parametrize("case", ["billion_laughs", "xxe_file_passwd", "siblings_1000000"])
def test_strict_mode_refuses_hostile_input_too(case: str) -> None:
    data = _BUILD[case]()
    _expect_parse_error(lambda: edocstd.loads(data, strict=True))


def test_edxml_root_without_namespace_is_a_deviation() -> None:
    """A namespace-less ``edXML`` root is not another format: lenient reads it with a finding,
    strict refuses it (unlike a root in a foreign namespace, which is always refused)."""
    data = VALID.replace(f' xmlns="{NS}"'.encode(), b"", 1)
    assert b"<edXML>" in data
    pkg = edocstd.loads(data)
    assert getattr(pkg, "findings")  # noqa: B009 - the attribute is part of the contract
    _expect_parse_error(lambda: edocstd.loads(data, strict=True))


@pytest.mark.parametrize(
    "data",
    [b"", b"<html><body/></html>", b"<a>", b'<!DOCTYPE x [<!ENTITY a "b">]><x/>'],
    ids=["empty", "html", "truncated", "dtd"],
)
def test_parse_errors_say_it_in_vietnamese_too(data: bytes) -> None:
    with pytest.raises(edocstd.ParseError) as info:
        edocstd.loads(data)
    assert info.value.message_vi and info.value.message_vi != info.value.message
