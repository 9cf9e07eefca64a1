"""Tests of the XML Schemas in ``schemas/`` (tolerant and strict flavours).

Every schema must compile with lxml (libxml2) and with ``xmlschema.XMLSchema10``, load offline,
document every declaration in Vietnamese and English, and type ``ContentTransferEncoded`` as
``xs:string``.  Test packages are built with ``tests.packages``; the official SDK samples are
read in place from ``/work/shared/conformance/sdk-samples`` (skipped when that folder is absent)
and never copied.

Official samples against the STRICT flavour (recorded here, the schema is not bent to them):

* ``status.edxml`` passes ``status-strict``.
* The other nine ``status_*.edxml`` fail ``status-strict``: ``From`` lists ``OrganName`` before
  ``OrganizationInCharge``; ``ResponseFor`` has ``PromulgationDate`` before ``DocumentId``
  (SDK order: OrganId, Code, DocumentId, PromulgationDate); ``StaffInfo`` has ``Mobile`` before
  ``Email`` (SDK order: Department, Staff, Email, Mobile).  They are hand-edited copies.
* All four ``edoc_*.edxml`` fail ``edoc-strict`` for one reason only: ``TraceHeaderList`` holds
  ``TraceHeader`` before ``Bussiness`` (the 2018-era SDK order; SDK 0.0.3 writes ``Bussiness``
  first, spec §3.1).  Everything else in them is strict-valid, including the impossible date
  ``2014/02/30`` inside ``Bussiness/DocumentId`` of ``edoc_new``/``edoc_update`` (a DocumentId
  is a plain string, not a date) and the short ``OrganId`` ``28.22.H17``.

All fourteen samples pass the TOLERANT flavour.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from edocstd._errors import EdocError
from edocstd._xml.schemas import SCHEMA_NAMES, TYPES_FILE, load_schema, schema_dir
from tests import packages
from tests.packages import replace_span

NS = packages.NS
XS = "http://www.w3.org/2001/XMLSchema"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
SAMPLES = Path(__file__).parents[3] / "shared/conformance/sdk-samples"

STRICT_VALID_SAMPLES = {"status.edxml"}
"""The only official samples that pass the strict flavour (see the module docstring)."""

# ------------------------------------------------------------------------------------------------
# Inline packages.  EDOC and STATUS are valid against BOTH flavours; the tests mutate them.
# ------------------------------------------------------------------------------------------------
EDOC = packages.edoc_xml(
    sender=packages.organization("From", "000.00.00.G22", "Văn phòng Chính phủ",
                                 in_charge="Chính phủ", email="vpcp@example.vn"),
    recipients=(packages.organization("To", "000.00.00.H41", "UBND tỉnh Nghệ An"),),
    document_id="000.00.00.G22,2024/05/02,12/VPCP-TTĐT",
    code=("12", "VPCP-TTĐT"),
    promulgation=("Hà Nội", "2024/05/02"),
    subject="V/v thử nghiệm lược đồ",
    content="Nội dung tóm tắt",
    signer=("KT. BỘ TRƯỞNG", "Thứ trưởng", "Nguyễn Văn A"),
    due_date="2024/05/20",
    other=packages.other_info(typer_notation=None, pages="2"),
    steering_type="1",
    to_places=("Như trên",),
    trace=("000.00.00.G22", "2024/05/02 09:30:00"),
    signature=packages.PLACEHOLDER_SIGNATURE,
    attachments=[packages.Attachment(
        "cv.pdf", "UEsDBAo=", content_type="application/zip", description=None)],
)

STATUS = packages.status_xml(
    prefix="",
    sender=packages.organization("From", "000.00.00.H41", "UBND tỉnh Nghệ An",
                                 in_charge="UBND tỉnh Nghệ An", prefix=""),
    response_for=packages.ResponseFor(
        "000.00.00.G22", "12/VPCP-TTĐT", "000.00.00.G22,2024/05/02,12/VPCP-TTĐT", "2024/05/02"),
    staff=packages.staff_info("Văn thư", "Trần Thị B", "vanthu@example.vn", "0912000001",
                              prefix=""),
    status_code="01",
    description="Đã đến",
    timestamp="2024/05/03 08:15:00",
)

DS_SIGNATURE = """<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:SignedInfo><ds:Reference URI=""/></ds:SignedInfo>
        <ds:SignatureValue>AAAA</ds:SignatureValue>
      </ds:Signature>"""

# A package as real traffic writes it: children in other orders, .NET/VNPT extensions,
# an XMLDSig-namespace signature.  Valid for the tolerant flavour only.
EDOC_REORDERED = f"""<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="{NS}" xmlns:xlink="http://www.w3.org/1999/xlink">
  <AttachmentEncoded>
    <Attachment>
      <ContentTransferEncoded>UEsDBAoAAAAAAA==</ContentTransferEncoded>
      <MimeType>application/pdf</MimeType>
      <ContentType>application/zip</ContentType>
      <FieldName>file</FieldName>
      <AttachmentName>cv.pdf</AttachmentName>
      <ContentId>1</ContentId>
    </Attachment>
  </AttachmentEncoded>
  <edXMLEnvelope>
    <edXMLBody>
      <edXMLManifest version="1.0">
        <Reference xlink:href="cid:1" xlink:role="XLinkRole" xlink:type="simple">
          <AttachmentName>cv.pdf</AttachmentName>
          <Description>Công văn</Description>
          <ContentType>application/pdf</ContentType>
          <ContentId>cid:1</ContentId>
        </Reference>
      </edXMLManifest>
    </edXMLBody>
    <edXMLHeader>
      <MessageHeader>
        <Code><CodeNotation>VPCP-TTĐT</CodeNotation><CodeNumber>12</CodeNumber></Code>
        <To><OrganName>UBND tỉnh Nghệ An</OrganName><OrganId>000.00.00.H41</OrganId></To>
        <From><OrganName>Văn phòng Chính phủ</OrganName><OrganId>000.00.00.G22</OrganId></From>
        <Subject>V/v thử nghiệm</Subject>
        <ToPlaces><Place>Như trên</Place></ToPlaces>
        <OtherInfo>
          <Appendixes><Appendix>Phụ lục 1</Appendix></Appendixes>
          <ReferenceCodes>HS-001</ReferenceCodes>
          <ReplyFors>12/VPCP</ReplyFors>
          <Direction>false</Direction>
          <Priority>1</Priority>
        </OtherInfo>
        <PromulgationInfo>
          <PromulgationDate>2024/05/02</PromulgationDate><Place>Hà Nội</Place>
        </PromulgationInfo>
        <DocumentType><TypeName>Công văn</TypeName><Type>2</Type></DocumentType>
        <SignerInfo><FullName>Nguyễn Văn A</FullName><Position>Thứ trưởng</Position></SignerInfo>
        <ResponseFor />
        <ResponseForTask><TaskCode>NV-1</TaskCode></ResponseForTask>
        <ApplicationType>MCDT_DT</ApplicationType>
        <SteeringType>0</SteeringType>
        <DocumentId>000.00.00.G22,2024/05/02,12/VPCP-TTĐT</DocumentId>
      </MessageHeader>
      <TraceHeaderList id="t1" version="1.0" mustUnderstand="1"
                       actor="http://schemas.xmlsoap.org/soap/actor/next">
        <TraceHeader><Timestamp>2024/05/02 09:30:00</Timestamp><OrganId>000.00.00.G22</OrganId>
        </TraceHeader>
        <Bussiness>
          <StaffInfo>
            <Mobile>0912</Mobile><StaffId>42</StaffId><DepartmentId>7</DepartmentId>
            <Staff>Trần Thị B</Staff>
          </StaffInfo>
          <Paper>0</Paper>
          <BussinessDocType>0</BussinessDocType>
        </Bussiness>
        <TraceHeader><Timestamp>2024/05/02 09:31:00</Timestamp></TraceHeader>
      </TraceHeaderList>
      <DigitalSignature />
      {DS_SIGNATURE}
    </edXMLHeader>
  </edXMLEnvelope>
</edXML>
"""


def _replace(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"test fixture does not contain exactly one {old!r}"
    return text.replace(old, new)


def _parse(text: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(text.encode("utf-8"), parser)


@pytest.fixture(scope="module")
def xsd10() -> dict[str, xmlschema.XMLSchema10]:
    return {name: xmlschema.XMLSchema10(str(SCHEMAS / f"{name}.xsd")) for name in SCHEMA_NAMES}


def _errors(name: str, text: str, xsd10: dict[str, xmlschema.XMLSchema10]) -> list[str]:
    """Validate with both engines; they must agree.  Returns lxml's messages."""
    schema = load_schema(name)
    document = _parse(text)
    ok = schema.validate(document)
    assert xsd10[name].is_valid(document) is ok, f"lxml and xmlschema disagree on {name}"
    return [] if ok else [e.message for e in schema.error_log]


def assert_valid(name: str, text: str, xsd10: dict[str, xmlschema.XMLSchema10]) -> None:
    errors = _errors(name, text, xsd10)
    assert not errors, f"{name}: {errors}"


def assert_invalid(
    name: str, text: str, xsd10: dict[str, xmlschema.XMLSchema10], needle: str = ""
) -> None:
    errors = _errors(name, text, xsd10)
    assert errors, f"{name} accepted an invalid package"
    if needle:
        assert any(needle in e for e in errors), errors


def assert_strict_only(
    kind: str, text: str, xsd10: dict[str, xmlschema.XMLSchema10], needle: str = ""
) -> None:
    """``text`` fails the strict flavour of ``kind`` (naming ``needle``) but passes the tolerant."""
    assert_invalid(f"{kind}-strict", text, xsd10, needle)
    assert_valid(kind, text, xsd10)


# ------------------------------------------------------------------------------------------------
# The files themselves
# ------------------------------------------------------------------------------------------------
def test_schema_dir_holds_every_schema() -> None:
    # The repo's schemas/ in a checkout or editable install, edocstd/schemas/ in a wheel.
    folder = schema_dir()
    for name in (TYPES_FILE, *(f"{n}.xsd" for n in SCHEMA_NAMES)):
        assert (folder / name).is_file(), f"{name} missing from {folder}"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_compiles_with_lxml(name: str) -> None:
    assert isinstance(load_schema(name), etree.XMLSchema)
    assert load_schema(name) is load_schema(name)  # cached


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_compiles_with_xmlschema(name: str) -> None:
    schema = xmlschema.XMLSchema10(str(SCHEMAS / f"{name}.xsd"), allow="sandbox")
    assert schema.target_namespace == NS
    assert schema.elements["edXML"] is not None


def test_unknown_schema_name() -> None:
    with pytest.raises(EdocError, match="unknown schema"):
        load_schema("edoc-loose")


def _xsd_files() -> Iterator[Path]:
    return iter(sorted(SCHEMAS.glob("*.xsd")))


def test_expected_files_exist() -> None:
    names = {p.name for p in _xsd_files()}
    assert names >= {TYPES_FILE, *(f"{n}.xsd" for n in SCHEMA_NAMES)}


@pytest.mark.parametrize("path", list(_xsd_files()), ids=lambda p: p.name)
def test_offline_and_documented(path: Path) -> None:
    root = etree.parse(str(path)).getroot()
    assert root.get("targetNamespace") == NS
    assert root.get("elementFormDefault") == "qualified"
    assert not root.findall(f"{{{XS}}}import"), "no xs:import allowed"
    for inc in root.findall(f"{{{XS}}}include"):
        location = inc.get("schemaLocation", "")
        assert "/" not in location and ":" not in location
        assert (path.parent / location).is_file()
    declarations = root.xpath(
        "//xs:element[@name] | //xs:complexType[@name] | //xs:simpleType[@name]",
        namespaces={"xs": XS},
    )
    assert declarations
    for decl in declarations:
        langs = {
            d.get(XML_LANG): (d.text or "").strip()
            for d in decl.findall(f"{{{XS}}}annotation/{{{XS}}}documentation")
        }
        assert langs.get("vi") and langs.get("en"), (
            f"{path.name}: {decl.tag} {decl.get('name')!r} lacks vi/en documentation"
        )


def test_content_transfer_encoded_is_plain_string() -> None:
    found = 0
    for path in _xsd_files():
        root = etree.parse(str(path)).getroot()
        assert not root.xpath("//@type[contains(., 'base64Binary')]")
        for decl in root.iter(f"{{{XS}}}element"):
            if decl.get("name") != "ContentTransferEncoded":
                continue
            found += 1
            prefix, _, local = decl.get("type", "").rpartition(":")
            assert decl.nsmap.get(prefix or None) == XS and local == "string"
    assert found == 2  # tolerant and strict Attachment


def test_content_transfer_encoded_is_string_for_xmlschema(
    xsd10: dict[str, xmlschema.XMLSchema10],
) -> None:
    for name in ("edoc", "edoc-strict"):
        attachment = xsd10[name].find(
            "e:edXML/e:AttachmentEncoded/e:Attachment/e:ContentTransferEncoded",
            namespaces={"e": NS},
        )
        assert attachment is not None
        assert attachment.type.name == f"{{{XS}}}string"


# ------------------------------------------------------------------------------------------------
# Official samples (read in place; never copied into the repo)
# ------------------------------------------------------------------------------------------------
def _samples() -> list[object]:
    if not SAMPLES.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{SAMPLES} not present"))]
    return [pytest.param(p, id=p.name) for p in sorted(SAMPLES.glob("*.edxml"))]


def _kind(path: Path) -> str:
    return "edoc" if path.name.startswith("edoc") else "status"


@pytest.mark.parametrize("sample", _samples())
def test_official_sample_tolerant(sample: Path, xsd10: dict[str, xmlschema.XMLSchema10]) -> None:
    assert_valid(_kind(sample), sample.read_text(encoding="utf-8"), xsd10)


@pytest.mark.parametrize("sample", _samples())
def test_official_sample_strict(sample: Path, xsd10: dict[str, xmlschema.XMLSchema10]) -> None:
    """Record which samples pass the strict flavour (module docstring explains the others)."""
    name = _kind(sample) + "-strict"
    errors = _errors(name, sample.read_text(encoding="utf-8"), xsd10)
    if sample.name in STRICT_VALID_SAMPLES:
        assert not errors
    elif name == "edoc-strict":
        assert len(errors) == 1 and f"'{{{NS}}}Bussiness'" in errors[0], errors
    else:
        culprits = ("OrganizationInCharge", "PromulgationDate", "Email")
        assert len(errors) == 3, errors
        for culprit, error in zip(culprits, errors, strict=True):
            assert f"{{{NS}}}{culprit}'" in error


# ------------------------------------------------------------------------------------------------
# Inline packages: both flavours
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["edoc", "edoc-strict"])
def test_reference_edoc_valid(name: str, xsd10: dict[str, xmlschema.XMLSchema10]) -> None:
    assert_valid(name, EDOC, xsd10)


@pytest.mark.parametrize("name", ["status", "status-strict"])
def test_reference_status_valid(name: str, xsd10: dict[str, xmlschema.XMLSchema10]) -> None:
    assert_valid(name, STATUS, xsd10)


def test_xmldsig_signature_accepted_by_both_flavours(
    xsd10: dict[str, xmlschema.XMLSchema10],
) -> None:
    text = replace_span(EDOC, "<Signature>", "</Signature>", DS_SIGNATURE)
    assert_valid("edoc", text, xsd10)
    assert_valid("edoc-strict", text, xsd10)
    signed_status = _replace(STATUS, "</MessageHeader>", "</MessageHeader>" + DS_SIGNATURE)
    assert_valid("status", signed_status, xsd10)
    assert_valid("status-strict", signed_status, xsd10)


def test_tolerant_accepts_reordered_children_and_extensions(
    xsd10: dict[str, xmlschema.XMLSchema10],
) -> None:
    assert_valid("edoc", EDOC_REORDERED, xsd10)
    assert_invalid("edoc-strict", EDOC_REORDERED, xsd10)


def test_tolerant_status_accepts_reordered_children(
    xsd10: dict[str, xmlschema.XMLSchema10],
) -> None:
    head, rest = STATUS.split("<From>", 1)
    from_block, tail = rest.split("</From>", 1)
    reordered = head + tail.replace(
        "</MessageHeader>", f"<From>{from_block}</From></MessageHeader>"
    )
    reordered = _replace(reordered, "<Email>vanthu@example.vn</Email>\n", "").replace(
        "<Mobile>0912000001</Mobile>", "<Mobile>0912000001</Mobile><Email>a@b.vn</Email>"
    )
    assert_valid("status", reordered, xsd10)
    assert_invalid("status-strict", reordered, xsd10)


# ------------------------------------------------------------------------------------------------
# Strict flavour rejections (the tolerant flavour leaves these to business rules)
# ------------------------------------------------------------------------------------------------
def test_strict_rejects_status_code_07(xsd10: dict[str, xmlschema.XMLSchema10]) -> None:
    text = _replace(STATUS, "<StatusCode>01</StatusCode>", "<StatusCode>07</StatusCode>")
    assert_strict_only("status", text, xsd10, "StatusCode")


def test_strict_rejects_priority_9(xsd10: dict[str, xmlschema.XMLSchema10]) -> None:
    text = _replace(EDOC, "<edXML:Priority>0<", "<edXML:Priority>9<")
    assert_strict_only("edoc", text, xsd10, "Priority")


def test_strict_rejects_iso_date(xsd10: dict[str, xmlschema.XMLSchema10]) -> None:
    text = _replace(
        EDOC,
        "<edXML:PromulgationDate>2024/05/02</edXML:PromulgationDate>",
        "<edXML:PromulgationDate>2019-01-16</edXML:PromulgationDate>",
    )
    assert_strict_only("edoc", text, xsd10, "PromulgationDate")
    status = _replace(
        STATUS,
        "<PromulgationDate>2024/05/02</PromulgationDate>",
        "<PromulgationDate>2019-01-16</PromulgationDate>",
    )
    assert_strict_only("status", status, xsd10, "PromulgationDate")


def test_strict_rejects_bad_timestamp(xsd10: dict[str, xmlschema.XMLSchema10]) -> None:
    text = _replace(STATUS, "2024/05/03 08:15:00", "03/05/2024 08:15:00")
    assert_strict_only("status", text, xsd10, "Timestamp")


def test_strict_rejects_out_of_order_message_header(
    xsd10: dict[str, xmlschema.XMLSchema10],
) -> None:
    subject = "<edXML:Subject>V/v thử nghiệm lược đồ</edXML:Subject>"
    text = _replace(EDOC, subject, "")
    text = _replace(text, "<edXML:DocumentId>", subject + "<edXML:DocumentId>")
    assert_strict_only("edoc", text, xsd10, "Subject")


def test_strict_rejects_missing_mandatory_child(xsd10: dict[str, xmlschema.XMLSchema10]) -> None:
    text = _replace(STATUS, "<StatusCode>01</StatusCode>", "")
    # cardinality is a business rule in the tolerant flavour
    assert_strict_only("status", text, xsd10)


def test_strict_rejects_net_extensions(xsd10: dict[str, xmlschema.XMLSchema10]) -> None:
    text = _replace(EDOC, "</edXML:TraceHeaderList>", "</edXML:TraceHeaderList><DigitalSignature/>")
    assert_strict_only("edoc", text, xsd10, "DigitalSignature")


def test_strict_enforces_length_limit(xsd10: dict[str, xmlschema.XMLSchema10]) -> None:
    text = _replace(EDOC, "<edXML:CodeNumber>12<", "<edXML:CodeNumber>123456789012<")
    assert_strict_only("edoc", text, xsd10, "CodeNumber")


# ------------------------------------------------------------------------------------------------
# Tolerant flavour rejections: what it can still enforce
# ------------------------------------------------------------------------------------------------
def test_tolerant_rejects_status_without_message_header(
    xsd10: dict[str, xmlschema.XMLSchema10],
) -> None:
    assert_invalid("status", replace_span(STATUS, "<MessageHeader>", "</MessageHeader>"), xsd10)


def test_tolerant_rejects_edoc_without_envelope(xsd10: dict[str, xmlschema.XMLSchema10]) -> None:
    text = replace_span(EDOC, "<edXML:edXMLEnvelope", "</edXML:edXMLEnvelope>")
    assert_invalid("edoc", text, xsd10)


def test_tolerant_rejects_edoc_without_header(xsd10: dict[str, xmlschema.XMLSchema10]) -> None:
    assert_invalid("edoc", replace_span(EDOC, "<edXML:edXMLHeader>", "</edXML:edXMLHeader>"), xsd10)


def test_tolerant_rejects_unknown_child(xsd10: dict[str, xmlschema.XMLSchema10]) -> None:
    text = _replace(STATUS, "<StatusCode>", "<Colour>red</Colour><StatusCode>")
    assert_invalid("status", text, xsd10, "Colour")


def test_tolerant_rejects_elements_outside_the_namespace(
    xsd10: dict[str, xmlschema.XMLSchema10],
) -> None:
    assert_invalid("status", STATUS.replace(f' xmlns="{NS}"', ""), xsd10)


def test_tolerant_rejects_second_message_header(xsd10: dict[str, xmlschema.XMLSchema10]) -> None:
    start = STATUS.index("<MessageHeader>")
    end = STATUS.index("</MessageHeader>") + len("</MessageHeader>")
    text = STATUS[:end] + STATUS[start:end] + STATUS[end:]
    assert_invalid("status", text, xsd10, "MessageHeader")


def test_status_packages_have_no_body(xsd10: dict[str, xmlschema.XMLSchema10]) -> None:
    text = _replace(STATUS, "</edXMLHeader>", "</edXMLHeader><edXMLBody/>")
    assert_invalid("status", text, xsd10, "edXMLBody")



def test_schemas_compile_one_thread_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each thread compiles its own schemas on first use, but never two at once: libxml2's
    first schema compile in a process is not thread-safe (five hub workers loading their first
    package together got "Document is not valid XML Schema", double frees and segfaults)."""
    import threading
    import time

    from edocstd._xml import schemas

    inside = 0
    most = 0
    count = threading.Lock()
    real_compile = schemas._compile

    def watched(name: str) -> etree.XMLSchema:
        nonlocal inside, most
        with count:
            inside += 1
            most = max(most, inside)
        time.sleep(0.01)  # long enough for the others to arrive if nothing holds them back
        try:
            return real_compile(name)
        finally:
            with count:
                inside -= 1

    monkeypatch.setattr(schemas, "_compile", watched)
    start = threading.Barrier(6)

    def first_use() -> None:
        start.wait()
        schemas.load_schema("edoc-strict")

    threads = [threading.Thread(target=first_use) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 1
