# ruff: noqa: E501  (inline XML fixtures read best unwrapped)
"""The tolerant reader on what real traffic carries, and strict mode refusing it."""

from __future__ import annotations

import datetime as dt

import pytest

import edocstd as e

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"


def edoc_xml(
    header: str = "",
    trace: str = "",
    body: str = "",
    attachments: str = "",
    root_attrs: str = "",
    header_extra: str = "",
) -> bytes:
    header = (
        header
        or """
        <edXML:From><edXML:OrganId>000.00.00.G22</edXML:OrganId></edXML:From>
        <edXML:To><edXML:OrganId>000.00.00.H41</edXML:OrganId></edXML:To>
        <edXML:Subject>Trích yếu</edXML:Subject>"""
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="{NS}"{root_attrs}>
  <edXML:edXMLEnvelope xmlns:edXML="{NS}">
    <edXML:edXMLHeader>
      <edXML:MessageHeader>{header}</edXML:MessageHeader>
      {trace}{header_extra}
    </edXML:edXMLHeader>
    <edXML:edXMLBody>{body}</edXML:edXMLBody>
  </edXML:edXMLEnvelope>
  <AttachmentEncoded>{attachments}</AttachmentEncoded>
</edXML>""".encode()


def rules(pkg: e.Edoc | e.StatusPackage) -> set[str]:
    return {f.rule for f in pkg.findings}


def test_any_child_order_is_read_and_noted() -> None:
    data = edoc_xml(
        header="""
        <edXML:Subject>S</edXML:Subject>
        <edXML:To><edXML:OrganName>B</edXML:OrganName><edXML:OrganId>000.00.00.H41</edXML:OrganId></edXML:To>
        <edXML:From><edXML:OrganId>000.00.00.G22</edXML:OrganId></edXML:From>"""
    )
    pkg = e.loads(data)
    assert isinstance(pkg, e.Edoc)
    assert pkg.header.subject == "S" and pkg.header.to[0].organ_name == "B"
    assert "read.order" in rules(pkg)
    with pytest.raises(e.ParseError, match=r"read\.order"):
        e.loads(data, strict=True)


def test_impossible_date_kept_raw_with_a_finding() -> None:
    pkg = e.loads(
        edoc_xml(
            header="""<edXML:PromulgationInfo><edXML:PromulgationDate>2019/02/30</edXML:PromulgationDate>
        </edXML:PromulgationInfo>"""
        )
    )
    date = pkg.header.promulgation_info.promulgation_date  # type: ignore[union-attr]
    assert isinstance(date, e.Raw) and date == "2019/02/30"
    (finding,) = [f for f in pkg.findings if f.rule == "read.date-impossible"]
    assert finding.path is not None and finding.path.endswith("PromulgationInfo/PromulgationDate")
    assert finding.line == 5 and finding.value == "2019/02/30"
    assert finding.message_vi and finding.message_en
    assert b"<edXML:PromulgationDate>2019/02/30</edXML:PromulgationDate>" in e.dumps(pkg)


def test_other_date_formats_are_understood_and_rewritten_in_sdk_format() -> None:
    status = f"""<edXML xmlns="{NS}"><edXML:edXMLEnvelope xmlns:edXML="{NS}"><edXML:edXMLHeader>
      <edXML:MessageHeader><edXML:StatusCode>03</edXML:StatusCode>
      <edXML:Timestamp>20/09/2015 11:08:36</edXML:Timestamp></edXML:MessageHeader>
      </edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>"""
    pkg = e.loads(status)
    assert isinstance(pkg, e.StatusPackage)
    assert pkg.header.timestamp == dt.datetime(2015, 9, 20, 11, 8, 36)
    assert "read.date-format" in rules(pkg)
    assert b"<edXML:Timestamp>2015/09/20 11:08:36</edXML:Timestamp>" in e.dumps(pkg)


@pytest.mark.parametrize(
    ("element", "value", "rule"),
    [
        (
            "<edXML:OtherInfo><edXML:Priority>9</edXML:Priority></edXML:OtherInfo>",
            "9",
            "read.code-list",
        ),
        ("<edXML:SteeringType>10</edXML:SteeringType>", "10", "read.code-list"),
        (
            "<edXML:OtherInfo><edXML:PageAmount>ba</edXML:PageAmount></edXML:OtherInfo>",
            "ba",
            "read.unreadable-value",
        ),
        (
            "<edXML:OtherInfo><edXML:Direction>yes</edXML:Direction></edXML:OtherInfo>",
            "yes",
            "read.unreadable-value",
        ),
        ("<edXML:DueDate></edXML:DueDate>", "", "read.empty-value"),
    ],
)
def test_values_outside_code_lists_are_kept_raw(element: str, value: str, rule: str) -> None:
    pkg = e.loads(edoc_xml(header=element))
    assert rule in rules(pkg)
    assert f">{value}<".encode() in e.dumps(pkg)
    with pytest.raises(e.ParseError):
        e.loads(edoc_xml(header=element), strict=True)


def test_unknown_elements_are_preserved_in_place() -> None:
    data = edoc_xml(
        header="""
        <edXML:From><edXML:OrganId>000.00.00.G22</edXML:OrganId><v:Note xmlns:v="urn:vendor">x</v:Note></edXML:From>
        <edXML:CustomVendorField a="1">y</edXML:CustomVendorField>
        <edXML:Subject>S</edXML:Subject>""",
        header_extra="<edXML:DigitalSignature/>",
    )
    pkg = e.loads(data)
    assert isinstance(pkg, e.Edoc)
    assert [x.tag for x in pkg.header.extras] == [f"{{{NS}}}CustomVendorField"]
    assert [x.tag for x in pkg.header.sender.extras] == ["{urn:vendor}Note"]  # type: ignore[union-attr]
    assert [x.local_name for x in pkg.extras_in("edXMLHeader")] == ["DigitalSignature"]
    out = e.dumps(pkg)
    assert b'<v:Note xmlns:v="urn:vendor">x</v:Note>' in out
    assert (
        b'<edXML:CustomVendorField xmlns:edXML="'
        + NS.encode()
        + b'" a="1">y</edXML:CustomVendorField>'
        in out
    )
    assert out.index(b"CustomVendorField") < out.index(b"<edXML:Subject>")  # kept in place
    assert e.loads(out) == pkg


def test_manifest_alternative_name_cid_forms_and_dotnet_attributes() -> None:
    body = """<edXML:Manifest version="1.0"><edXML:Reference xmlns:xlink="http://www.w3.org/1999/xlink"
        xlink:href="cid:abc" xlink:type="simple"><edXML:ContentId>cid:abc</edXML:ContentId>
        <edXML:AttachmentName>a.txt</edXML:AttachmentName></edXML:Reference></edXML:Manifest>"""
    att = """<Attachment><ContentId>abc</ContentId><AttachmentName>a.txt</AttachmentName>
        <ContentType>text/plain</ContentType>
        <edXML:ContentTransferEncoded xmlns:edXML="{NS}">aGVsbG8=</edXML:ContentTransferEncoded></Attachment>"""
    trace = """<edXML:TraceHeaderList id="t1" version="1.0" mustUnderstand="1">
        <edXML:TraceHeader><edXML:OrganId>000.00.00.G22</edXML:OrganId></edXML:TraceHeader>
        <edXML:TraceHeader><edXML:OrganId>001.00.20.TT2</edXML:OrganId></edXML:TraceHeader>
        <edXML:TraceHeader><edXML:Timestamp>2025/10/01 10:00:00</edXML:Timestamp></edXML:TraceHeader>
        </edXML:TraceHeaderList>"""
    pkg = e.loads(edoc_xml(body=body, attachments=att.replace("{NS}", NS), trace=trace))
    assert isinstance(pkg, e.Edoc)
    assert pkg.manifest is not None and pkg.manifest.name == "Manifest"
    assert "read.manifest-name" in rules(pkg)
    ref = pkg.manifest.references[0]
    assert ("{http://www.w3.org/1999/xlink}href", "cid:abc") in ref.attributes
    assert pkg.attachments[0].read() == b"hello"
    assert pkg.trace_header_list is not None
    assert dict(pkg.trace_header_list.attributes)["mustUnderstand"] == "1"
    assert len(pkg.trace_header_list.trace_headers) == 3
    out = e.dumps(pkg)
    assert b"<edXML:Manifest" in out and b'xlink:href="cid:abc"' in out
    assert e.loads(out) == pkg


def test_empty_response_for_and_signature_namespaces() -> None:
    header = """<edXML:From><edXML:OrganId>000.00.00.G22</edXML:OrganId></edXML:From><edXML:ResponseFor />"""
    sig = '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo/></Signature>'
    pkg = e.loads(edoc_xml(header=header, header_extra=sig))
    assert isinstance(pkg, e.Edoc)
    assert pkg.header.response_for == (e.ResponseFor(),)
    assert pkg.signature is not None and pkg.signature.is_xmldsig
    assert "read.signature-not-xmldsig" not in rules(pkg)


def test_bkav_status_container_is_read_as_a_status() -> None:
    data = f"""<edXML xmlns="{NS}"><edXML:edXMLEnvelope xmlns:edXML="{NS}"><edXML:edXMLHeader>
      <edXML:Status><edXML:StatusCode>01</edXML:StatusCode></edXML:Status>
      </edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>"""
    pkg = e.loads(data)
    assert isinstance(pkg, e.StatusPackage) and pkg.status_code is e.StatusCode.ARRIVED
    assert "read.bkav-status" in rules(pkg)


def test_elements_without_namespace_are_read_with_a_finding() -> None:
    data = b"""<edXML><edXMLEnvelope><edXMLHeader><MessageHeader>
      <From><OrganId>000.00.00.G22</OrganId></From><StatusCode>05</StatusCode>
      </MessageHeader></edXMLHeader></edXMLEnvelope></edXML>"""
    pkg = e.loads(data)
    assert isinstance(pkg, e.StatusPackage)
    assert pkg.header.sender is not None and pkg.header.sender.organ_id == "000.00.00.G22"
    assert "read.no-namespace" in rules(pkg)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><body>hi</body></html>", "HTML page"),
        (
            b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"/>',
            "SOAP envelope",
        ),
        (b'<eDoc xmlns="http://www.e-doc.vn/Schema/"/>', "Bkav eDoc"),
        (b'<edXML xmlns="urn:other"/>', "wrong namespace"),
        (f'<edXML xmlns="{NS}"/>'.encode(), "no edXMLEnvelope"),
        (
            f'<edXML xmlns="{NS}"><edXMLEnvelope><edXMLHeader/></edXMLEnvelope></edXML>'.encode(),
            "no MessageHeader",
        ),
    ],
)
def test_not_an_edxml_package(data: bytes, message: str) -> None:
    with pytest.raises(e.ParseError, match=message):
        e.loads(data)


def test_str_input_with_a_declared_encoding() -> None:
    text = (
        f'<?xml version="1.0" encoding="windows-1258"?><edXML xmlns="{NS}"><edXMLEnvelope>'
        f"<edXMLHeader><MessageHeader><Subject>Tiếng Việt</Subject></MessageHeader>"
        f"</edXMLHeader></edXMLEnvelope></edXML>"
    )
    pkg = e.loads(text)
    assert isinstance(pkg, e.Edoc) and pkg.header.subject == "Tiếng Việt"


def test_utf16_document_is_read_through_the_slow_path() -> None:
    payload = "QUJD" * 1000
    text = edoc_xml(
        attachments=f"<Attachment><AttachmentName>a</AttachmentName>"
        f'<edXML:ContentTransferEncoded xmlns:edXML="{NS}">{payload}'
        f"</edXML:ContentTransferEncoded></Attachment>"
    ).decode()
    data = text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    pkg = e.loads(data)
    assert isinstance(pkg, e.Edoc) and pkg.attachments[0].read() == b"ABC" * 1000


def test_wrong_input_types() -> None:
    with pytest.raises(e.ParseError):
        e.load(12345)  # type: ignore[arg-type]
    with pytest.raises(e.ParseError):
        e.loads(None)  # type: ignore[arg-type]
    with pytest.raises(e.ParseError, match="not found"):
        e.load("/no/such/file.edxml")


class _Pipe:
    """A stream with nothing but ``read`` (a pipe or a socket)."""

    def __init__(self, data: bytes) -> None:
        self._data = memoryview(data)
        self._pos = 0

    def read(self, n: int = -1) -> bytes:
        end = len(self._data) if n < 0 else self._pos + n
        chunk = self._data[self._pos : end].tobytes()
        self._pos += len(chunk)
        return chunk


def test_large_stream_is_spooled_to_a_temporary_file_removed_when_done() -> None:
    import gc
    import glob
    import os
    import tempfile

    from edocstd.testing import make_edoc

    content = os.urandom(18 * 1024 * 1024)
    data = e.dumps(make_edoc(attachments=(e.Attachment.create(content, name="scan.pdf"),)))
    before = set(glob.glob(os.path.join(tempfile.gettempdir(), "edocstd-*.edxml")))
    pkg = e.load(_Pipe(data))
    spools = set(glob.glob(os.path.join(tempfile.gettempdir(), "edocstd-*.edxml"))) - before
    assert len(spools) == 1  # the payload stays on disk, not in memory
    assert isinstance(pkg, e.Edoc) and pkg.attachments[0].read() == content
    del pkg
    gc.collect()
    assert not any(os.path.exists(p) for p in spools)


def test_stream_over_the_limit_is_refused_while_reading() -> None:
    with pytest.raises(e.LimitExceeded):
        e.load(_Pipe(b"<edXML>" + b" " * 3_000_000), limits=e.Limits(max_bytes=2_000_000))


def test_interleaved_repeats_keep_their_order_through_the_dict_mirror() -> None:
    trace = """<edXML:TraceHeaderList>
        <edXML:TraceHeader><edXML:OrganId>a</edXML:OrganId></edXML:TraceHeader>
        <edXML:Bussiness><edXML:BussinessDocType>0</edXML:BussinessDocType></edXML:Bussiness>
        <edXML:TraceHeader><edXML:OrganId>b</edXML:OrganId></edXML:TraceHeader>
        </edXML:TraceHeaderList>"""
    pkg = e.loads(edoc_xml(trace=trace))
    out = e.dumps(pkg)
    assert out.index(b">a<") < out.index(b"BussinessDocType") < out.index(b">b<")
    data = pkg.to_dict()
    assert data["TraceHeaderList"]["#order"] == ["TraceHeader", "Bussiness", "TraceHeader"]
    assert e.dumps(e.Edoc.from_dict(data)) == out
    data["TraceHeaderList"]["#order"] = ["TraceHeader", "Bussiness"]
    with pytest.raises(e.BuildError, match="#order"):
        e.Edoc.from_dict(data)
