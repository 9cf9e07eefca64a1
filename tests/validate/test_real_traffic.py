"""Spec §10, "what real traffic carries": one package per bullet, built here (never copied),
with its verdict under each profile.  The rule: under ``vdxp`` an error is what breaks the
exchange; data quality the axis relays is a warning (an error under ``strict``).
"""

from __future__ import annotations

import base64
import io
import uuid
import zipfile
from pathlib import Path
from typing import NamedTuple

import pytest
from _packages import DOCUMENT_ID, NOW, TO_1, TO_2, edoc
from _packages import EDOC as BASE
from tests import packages

import edocstd
from edocstd._findings import Severity
from edocstd._validate import validate

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
TEXT = "Giấy mời họp — nội dung\n".encode()


def sdk_zip_b64(content: bytes, ext: str) -> str:
    """The SDK 0.0.3 wrapper: one deflated entry ``<uuid>.<ext>``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{uuid.UUID(int=7)}{ext}", content)
    return base64.b64encode(buf.getvalue()).decode()


def with_attachments(*attachments: packages.Attachment) -> str:
    return packages.edoc_xml(
        recipients=(TO_1, TO_2), document_id=DOCUMENT_ID,
        subject="V/v thông báo lịch họp giao ban quý IV năm 2025", to_places=None,
        attachments=attachments)


def replace(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


H = "        <edXML:DocumentType>\n          <edXML:Type>2</edXML:Type>\n"
TRACE = """        <edXML:TraceHeader>
          <edXML:OrganId>000.00.00.G22</edXML:OrganId>
          <edXML:Timestamp>2025/10/01 08:30:00</edXML:Timestamp>
        </edXML:TraceHeader>
"""
MANIFEST_REF = "        <edXML:Reference>\n          <edXML:ContentId>cid:1</edXML:ContentId>"
GATEWAY = """<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
    <edXML:edXMLHeader>
{header}    </edXML:edXMLHeader>
    <edXML:edXMLBody>
      <edXML:Content>Kính gửi UBND tỉnh Nghệ An</edXML:Content>
    </edXML:edXMLBody>
  </edXML:edXMLEnvelope>
  <edXMLAttachments>
    <Attachment>
      <AttachmentName>giay-moi.pdf</AttachmentName>
      <AttachmentType>application/pdf</AttachmentType>
      <AttachmentSize>{size}</AttachmentSize>
      <AttachmentData>{data}</AttachmentData>
    </Attachment>
  </edXMLAttachments>
</edXML>
"""


def gateway_variant() -> str:
    header = BASE[BASE.index("      <edXML:MessageHeader>"):BASE.index("    </edXML:edXMLHeader>")]
    return GATEWAY.format(header=header, size=len(PDF), data=base64.b64encode(PDF).decode())


def mixed_forms() -> str:
    return with_attachments(
        packages.Attachment(name="quyet-dinh.pdf", payload_b64=sdk_zip_b64(PDF, ".pdf"),
                            content_type="application/zip", content_id="cid:1"),  # form A
        packages.Attachment(name="giay-moi.txt", payload_b64=sdk_zip_b64(TEXT, ".txt"),
                            content_type="text/plain", content_id="cid:2"),  # form B
        packages.Attachment(name="phu-luc.pdf", payload_b64=base64.b64encode(PDF).decode(),
                            content_type="application/pdf", content_id="cid:3"),  # form C
    )


def cut_short() -> str:
    good = base64.b64encode(PDF).decode()
    return with_attachments(
        packages.Attachment(name="a.pdf", payload_b64=good, content_id="cid:1"),
        packages.Attachment(name="b.pdf", payload_b64=good[:-3], content_id="cid:2"),
    )


def undeclared_prefix() -> str:
    return replace(BASE, MANIFEST_REF,
                   '        <edXML:Reference xlink:href="">\n'
                   "          <edXML:ContentId>cid:1</edXML:ContentId>")


def hub_traces() -> str:
    hub = """        <edXML:TraceHeader>
          <edXML:OrganId>null</edXML:OrganId>
          <edXML:Timestamp>2025/10/01 08:30:01</edXML:Timestamp>
        </edXML:TraceHeader>
        <edXML:TraceHeader>
          <edXML:Timestamp>2025/10/01 08:30:02</edXML:Timestamp>
        </edXML:TraceHeader>
"""
    return replace(BASE, TRACE, TRACE + hub)


def odd_identifiers() -> str:
    text = replace(BASE, "<edXML:OrganId>000.00.00.G22</edXML:OrganId>\n          "
                   "<edXML:OrganizationInCharge>",
                   "<edXML:OrganId>vxp.saas.03</edXML:OrganId>\n          "
                   "<edXML:OrganizationInCharge>")
    text = replace(text, "<edXML:OrganId>000.00.00.H41</edXML:OrganId>",
                   "<edXML:OrganId>020100681592</edXML:OrganId>")
    text = replace(text, "<edXML:OrganId>000.00.00.H53</edXML:OrganId>",
                   "<edXML:OrganId>02.29.W00</edXML:OrganId>")
    extra = "".join(
        f"        <edXML:TraceHeader>\n          <edXML:OrganId>{organ}</edXML:OrganId>\n"
        "          <edXML:Timestamp>2025/10/01 08:31:00</edXML:Timestamp>\n"
        "        </edXML:TraceHeader>\n"
        for organ in ("01.02.G22", "001.00.20.TT2")
    )
    text = text.replace("<edXML:DocumentId>000.00.00.G22,", "<edXML:DocumentId>vxp.saas.03,")
    return replace(text, TRACE, TRACE.replace("000.00.00.G22", "vxp.saas.03") + extra)


def empty_response_for() -> str:
    block = ("        <edXML:ResponseFor />\n"
             "        <edXML:ResponseFor>\n          <edXML:OrganId></edXML:OrganId>\n"
             "          <edXML:Code></edXML:Code>\n"
             "          <edXML:DocumentId></edXML:DocumentId>\n"
             "          <edXML:PromulgationDate></edXML:PromulgationDate>\n"
             "        </edXML:ResponseFor>\n")
    return replace(BASE, "        <edXML:SteeringType>", block + "        <edXML:SteeringType>")


def signature_comments_crlf_tabs() -> str:
    signature = """      <Signature>
\t<SignedInfo>
\t  <CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>
\t  <SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/>
\t  <Reference URI="">
\t    <DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/>
\t    <DigestValue>AAAA</DigestValue>
\t  </Reference>
\t</SignedInfo>
\t<SignatureValue>AAAA</SignatureValue>
\t<!--<Object><SignatureProperties><SignatureProperty/></SignatureProperties></Object>-->
      </Signature>
"""
    text = edoc().replace("    </edXML:edXMLHeader>", signature + "    </edXML:edXMLHeader>")
    return text.replace("\n", "\r\n")


def placeholder_signature() -> str:
    return BASE.replace("    </edXML:edXMLHeader>",
                        packages.PLACEHOLDER_SIGNATURE + "    </edXML:edXMLHeader>")


class Case(NamedTuple):
    text: str
    ok: tuple[bool, bool, bool]  # valid under vdxp, strict, lenient
    rules: frozenset[str]  # reported under vdxp (at any severity)
    vdxp_errors: frozenset[str] = frozenset()


# One entry per bullet of spec §10 (in its order).
CASES: dict[str, Case] = {
    "forms-A-B-C-mixed": Case(mixed_forms(), (True, True, True), frozenset({"EDX-ATT-014"})),
    "type-71-with-type-name": Case(
        replace(BASE, H + "          <edXML:TypeDetail>18</edXML:TypeDetail>",
                H.replace(">2<", ">71<") + "          <edXML:TypeDetail>0</edXML:TypeDetail>"),
        (True, False, True), frozenset({"EDX-CODE-004"})),
    "type-71-without-type-name": Case(
        replace(replace(BASE, H, H.replace(">2<", ">71<")),
                "<edXML:TypeName>Công văn</edXML:TypeName>", ""),
        (False, False, True), frozenset({"EDX-CODE-010"}), frozenset({"EDX-CODE-010"})),
    "trace-organid-null-or-missing": Case(
        hub_traces(), (True, False, True), frozenset({"EDX-ORG-003"})),
    "identifiers-not-4-level": Case(
        odd_identifiers(), (True, True, True), frozenset({"EDX-ORG-001", "EDX-ORG-003"})),
    "due-date-before-promulgation": Case(
        replace(BASE, "<edXML:DueDate>2025/10/10", "<edXML:DueDate>2025/09/01"),
        (True, False, True), frozenset({"EDX-DATE-005"})),
    "empty-response-for": Case(
        empty_response_for(), (True, False, True), frozenset({"read.empty-value"})),
    "undeclared-xlink-prefix": Case(
        undeclared_prefix(), (True, False, True), frozenset({"read.undeclared-prefix"})),
    "base64-cut-short": Case(
        cut_short(), (False, False, False), frozenset({"EDX-ATT-009"}),
        frozenset({"EDX-ATT-009"})),
    "signature-comments-crlf-tabs": Case(
        signature_comments_crlf_tabs(), (True, True, True),
        frozenset({"read.signature-not-xmldsig"})),
    "placeholder-signature": Case(
        placeholder_signature(), (True, True, True),
        frozenset({"read.signature-not-xmldsig"})),
    "gateway-variant": Case(
        gateway_variant(), (False, False, False), frozenset({"read.gateway-variant"}),
        frozenset({"read.gateway-variant"})),
}


@pytest.mark.parametrize("name", list(CASES))
def test_verdict_under_each_profile(name: str) -> None:
    case = CASES[name]
    data = case.text.encode()
    reports = {p: validate(data, profile=p, now=NOW) for p in ("vdxp", "strict", "lenient")}
    assert (reports["vdxp"].ok, reports["strict"].ok, reports["lenient"].ok) == case.ok, {
        p: r.summary("en") for p, r in reports.items()}
    vdxp = reports["vdxp"]
    assert case.rules <= vdxp.rules, vdxp.summary("en")
    assert {f.rule for f in vdxp.errors} == set(case.vdxp_errors), vdxp.summary("en")


def test_signature_comments_survive_a_round_trip() -> None:
    pkg = edocstd.loads(signature_comments_crlf_tabs().encode())
    assert pkg.signature is not None
    assert b"<!--<Object><SignatureProperties>" in edocstd.dumps(pkg)


def test_the_three_forms_give_three_documents() -> None:
    pkg = edocstd.loads(mixed_forms().encode())
    assert isinstance(pkg, edocstd.Edoc)
    assert [a.carrier for a in pkg.attachments] == ["zip-declared", "zip-undeclared", "raw"]
    documents = []
    for a in pkg.attachments:
        with a.open_document() as f:
            documents.append(f.read())
    assert documents == [PDF, TEXT, PDF]


def test_cut_short_base64_fails_that_attachment_only(tmp_path: Path) -> None:
    pkg = edocstd.loads(cut_short().encode())  # the header and the first file are readable
    assert isinstance(pkg, edocstd.Edoc) and pkg.header.subject
    first, second = pkg.attachments
    assert first.read() == PDF
    with pytest.raises(edocstd.ParseError, match="cut off"):
        second.read()
    [finding] = [f for f in validate(cut_short().encode(), now=NOW).errors]
    assert finding.path == "/edXML/AttachmentEncoded/Attachment[2]/ContentTransferEncoded"
    assert second.document_facts()["carrier"] == "raw"  # facts never raise
    assert "error" in second.document_facts()


def test_undeclared_prefix_is_recovered_and_written_declared() -> None:
    pkg = edocstd.loads(undeclared_prefix().encode())
    [finding] = [f for f in pkg.findings if f.rule == "read.undeclared-prefix"]
    assert finding.severity is Severity.WARNING
    assert finding.path == "/edXML/edXMLEnvelope/edXMLBody/edXMLManifest/Reference"
    assert finding.line == undeclared_prefix().splitlines().index(
        '        <edXML:Reference xlink:href="">') + 1
    assert "xlink:href" in finding.message_en and "xlink" in finding.message_vi
    written = edocstd.dumps(pkg)
    assert (b'<edXML:Reference xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="">'
            in written)
    assert not [f for f in edocstd.loads(written).findings
                if f.rule == "read.undeclared-prefix"]
    with pytest.raises(edocstd.ParseError, match=r"read\.undeclared-prefix"):
        edocstd.loads(undeclared_prefix().encode(), strict=True)


def test_undeclared_prefix_behind_a_prolog_comment() -> None:
    text = undeclared_prefix().replace(
        "<edXML xmlns=", "<!-- <note> sent by <x:y> -->\n<?pi <z?>\n<edXML xmlns=", 1)
    pkg = edocstd.loads(("\ufeff" + text).encode())
    assert [f.rule for f in pkg.findings if f.severity is not Severity.INFO] == [
        "read.undeclared-prefix"]


def test_one_finding_per_undeclared_prefix() -> None:
    # the operator's test package: AttachmentEncoded outside the envelope that declares edXML:
    text = undeclared_prefix().replace("<AttachmentEncoded>", "<edXML:AttachmentEncoded>")
    text = text.replace("</AttachmentEncoded>", "</edXML:AttachmentEncoded>")
    text = text.replace("<Attachment>", "<edXML:Attachment>")
    text = text.replace("</Attachment>", "</edXML:Attachment>")
    pkg = edocstd.loads(text.encode())
    found = [f for f in pkg.findings if f.rule == "read.undeclared-prefix"]
    assert [f.value for f in found] == ["xlink", "edXML"]
    assert found[1].path == "/edXML/AttachmentEncoded" and "(+1)" in found[1].message_en
    assert isinstance(pkg, edocstd.Edoc) and pkg.attachments[0].read() == PDF


def test_an_undeclared_prefix_on_an_element_is_kept_too() -> None:
    text = replace(BASE, "        <edXML:SteeringType>",
                   "        <vnpt:Extra>1</vnpt:Extra>\n        <edXML:SteeringType>")
    pkg = edocstd.loads(text.encode())
    assert {f.rule for f in pkg.findings} >= {"read.undeclared-prefix", "read.unknown-element"}
    assert b"vnpt:Extra" in edocstd.dumps(pkg)


@pytest.mark.parametrize("padding", [0, 200_000], ids=["small", "over-64KiB"])
@pytest.mark.parametrize("stray", [b"x", b"abc\n", "\u00a0".encode()], ids=["x", "line", "nbsp"])
def test_stray_characters_before_the_declaration_say_so_at_line_1(
    stray: bytes, padding: int
) -> None:
    data = BASE.encode()
    if padding:
        data = data.replace(b"</edXML>\n", b"<!--" + b"a" * padding + b"-->\n</edXML>\n")
    with pytest.raises(edocstd.ParseError) as info:
        edocstd.loads(stray + data)
    assert info.value.line == 1
    assert "before the XML declaration" in str(info.value)
    assert "64 KiB" not in str(info.value)
    assert "trước phần khai báo XML" in info.value.message_vi
    report = validate(stray + data, now=NOW)
    assert [f.rule for f in report.errors] == ["EDX-WF-001"]


def in_envelope(text: str) -> str:
    """The gateway variant as one gateway writes it: edXMLAttachments inside the envelope."""
    start, end = text.index("  <edXMLAttachments>"), text.index("</edXMLAttachments>\n") + 20
    block = text[start:end]
    return replace(text[:start] + text[end:], "  </edXML:edXMLEnvelope>\n",
                   block + "  </edXML:edXMLEnvelope>\n")


@pytest.mark.parametrize("place", ["root", "envelope"])
def test_gateway_variant_is_one_clear_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], place: str
) -> None:
    data = (gateway_variant() if place == "root" else in_envelope(gateway_variant())).encode()
    report = validate(data, now=NOW)
    assert [f.rule for f in report.errors] == ["read.gateway-variant"]
    assert "EDX-XSD-001" not in report.rules
    assert report.tier("schema").skipped
    [finding] = report.errors
    assert "edXMLAttachments" in finding.message_en and "QCVN 102" in finding.message_en

    from edocstd.cli import main

    path = tmp_path / "gw.edxml"
    path.write_bytes(data)
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out
    assert "read.gateway-variant" in out
    assert "Biến thể" in out and "gateway (không phải edXML QCVN 102" in out
    assert "/ variant" not in out  # one language at a time
    assert main(["show", str(path), "--json"]) == 0
    assert '"variant": "gateway"' in capsys.readouterr().out


# --- the two real packages of ../shared/conformance/real-traffic (read in place) -------------

REAL = Path(__file__).resolve().parents[3] / "shared/conformance/real-traffic"
REAL_PACKAGES = sorted(REAL.glob("*.edxml")) if REAL.is_dir() else []
real = pytest.mark.skipif(not REAL_PACKAGES, reason=f"no real-traffic packages in {REAL}")


@real
@pytest.mark.parametrize("path", REAL_PACKAGES, ids=lambda p: p.name)
def test_real_package_has_no_vdxp_error(path: Path) -> None:
    report = validate(path, now=NOW)
    assert report.ok and not report.errors, report.summary("en")
    assert "EDX-ATT-014" in report.rules  # both carry form B: noted, not an error


@real
@pytest.mark.parametrize("path", REAL_PACKAGES, ids=lambda p: p.name)
def test_real_package_round_trips(path: Path) -> None:
    pkg = edocstd.load(path)
    again = edocstd.loads(edocstd.dumps(pkg))
    assert isinstance(pkg, edocstd.Edoc) and isinstance(again, edocstd.Edoc)
    assert again.header == pkg.header
    assert again.trace_header_list == pkg.trace_header_list
    assert [(a.content_type, a.carrier, a.read()) for a in again.attachments] == [
        (a.content_type, a.carrier, a.read()) for a in pkg.attachments]
    assert validate(edocstd.dumps(again), now=NOW).ok


@real
@pytest.mark.parametrize("path", REAL_PACKAGES, ids=lambda p: p.name)
def test_extract_writes_the_documents_themselves(path: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from edocstd.cli import main

    out = tmp_path / "out"
    assert main(["extract", str(path), "-d", str(out)]) == 0
    written = sorted(out.iterdir())
    assert written
    for file in written:
        data = file.read_bytes()
        assert not data.startswith(b"PK"), f"{file.name} is still a ZIP"
        if file.suffix == ".pdf":
            assert data.startswith(b"%PDF")
        elif file.suffix == ".txt":
            text = data.decode("utf-8")
            assert text.strip() and all(c.isprintable() or c.isspace() for c in text)
        else:
            pytest.fail(f"unexpected file {file.name}")
    assert main(["extract", str(path), "-d", str(out / "raw"), "--raw"]) == 0
    assert all(f.read_bytes().startswith(b"PK") for f in (out / "raw").iterdir())
    capsys.readouterr()


@pytest.mark.parametrize("declared", ["application/docx", "application/zip"])
def test_the_sdks_own_odd_types_are_not_errors(declared: str) -> None:
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    text = with_attachments(packages.Attachment(
        name="to-trinh.docx", payload_b64=sdk_zip_b64(docx.getvalue(), ".docx"),
        content_type=declared))
    report = validate(text.encode(), now=NOW)
    assert report.ok, report.summary("en")
    assert "EDX-ATT-005" not in report.rules
    (a,) = edocstd.loads(text.encode()).attachments
    assert a.document_type.endswith("wordprocessingml.document")
