"""Interop with xmlsec1 (both directions) and signxml."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from edocstd._sign import Policy, sign, verify

from .conftest import Pki

XMLSEC = shutil.which("xmlsec1")
needs_xmlsec = pytest.mark.skipif(XMLSEC is None, reason="xmlsec1 is not installed")

_TEMPLATE_SIG = """<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">
        <SignedInfo>
          <CanonicalizationMethod Algorithm="{c14n}"/>
          <SignatureMethod Algorithm="{sig}"/>
          <Reference URI="">
            <Transforms>
              <Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
              <Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
            </Transforms>
            <DigestMethod Algorithm="{digest}"/>
            <DigestValue/>
          </Reference>
        </SignedInfo>
        <SignatureValue/>
        <KeyInfo><X509Data/></KeyInfo>
      </Signature>
    """


def _xmlsec_verify(pki: Pki, path: Path) -> subprocess.CompletedProcess[str]:
    assert XMLSEC
    return subprocess.run(
        [XMLSEC, "--verify", "--trusted-pem", str(pki.root.cert_path),
         "--untrusted-pem", str(pki.inter.cert_path), str(path)],
        capture_output=True, text=True, timeout=120,
    )


def _xmlsec_sign(
    pki: Pki,
    package: bytes,
    tmp_path: Path,
    *,
    c14n: str = "http://www.w3.org/2001/10/xml-exc-c14n#",
    sig: str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    digest: str = "http://www.w3.org/2001/04/xmlenc#sha256",
) -> Path:
    """``package`` signed by ``xmlsec1 --sign`` from a template placed in edXMLHeader."""
    assert XMLSEC
    template = package.replace(
        b"</edXML:TraceHeaderList>\n    </edXML:edXMLHeader>",
        b"</edXML:TraceHeaderList>\n      "
        + _TEMPLATE_SIG.format(c14n=c14n, sig=sig, digest=digest).encode()
        + b"</edXML:edXMLHeader>",
    )
    assert template != package
    tpl = tmp_path / "template.edxml"
    tpl.write_bytes(template)
    out = tmp_path / "xmlsec-signed.edxml"
    proc = subprocess.run(
        [XMLSEC, "--sign", "--privkey-pem",
         f"{pki.leaf.key_path},{pki.leaf.cert_path},{pki.inter.cert_path}",
         "--output", str(out), str(tpl)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return out


@needs_xmlsec
@pytest.mark.xmlsec
@pytest.mark.parametrize("profile", ["vdxp", "legacy"])
@pytest.mark.parametrize("signer", ["leaf", "ecdsa"])
def test_xmlsec1_verifies_our_signatures(pki: Pki, edoc: bytes, tmp_path: Path, profile: str,
                                         signer: str) -> None:
    ident = getattr(pki, signer)
    out = sign(edoc, key=ident.key, cert=ident.cert, chain=[pki.inter.cert], profile=profile)
    path = tmp_path / f"signed-{profile}-{signer}.edxml"
    path.write_bytes(out)
    proc = _xmlsec_verify(pki, path)
    assert proc.returncode == 0, proc.stderr
    assert "OK" in proc.stdout + proc.stderr


@needs_xmlsec
@pytest.mark.xmlsec
def test_xmlsec1_rejects_tampered(pki: Pki, edoc: bytes, tmp_path: Path) -> None:
    out = sign(edoc, key=pki.leaf.key, cert=pki.leaf.cert, chain=[pki.inter.cert])
    path = tmp_path / "tampered.edxml"
    path.write_bytes(out.replace(b"123/VPCP", b"124/VPCP", 1))
    assert _xmlsec_verify(pki, path).returncode != 0


@needs_xmlsec
@pytest.mark.xmlsec
@pytest.mark.parametrize(
    ("c14n", "sig", "digest", "policy"),
    [
        ("http://www.w3.org/2001/10/xml-exc-c14n#",
         "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
         "http://www.w3.org/2001/04/xmlenc#sha256", Policy()),
        ("http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
         "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
         "http://www.w3.org/2000/09/xmldsig#sha1", Policy.legacy()),
    ],
)
def test_we_verify_xmlsec1_signatures(pki: Pki, edoc: bytes, tmp_path: Path, c14n: str,
                                      sig: str, digest: str, policy: Policy) -> None:
    out = _xmlsec_sign(pki, edoc, tmp_path, c14n=c14n, sig=sig, digest=digest)
    r = verify(out, trust=pki.root.cert_path, policy=policy)
    assert r.valid, r.summary()
    assert r.signer is not None and r.signer.common_name == "Nguyễn Văn A"
    # and relay tolerance works on their signatures too
    data = out.read_bytes()
    relayed = data.replace(
        b"</edXML:TraceHeader>\n      </edXML:TraceHeaderList>",
        b"</edXML:TraceHeader>\n      <edXML:TraceHeader><edXML:OrganId>000.00.20.TT2"
        b"</edXML:OrganId></edXML:TraceHeader></edXML:TraceHeaderList>",
    )
    assert relayed != data
    r = verify(relayed, trust=pki.root.cert_path, policy=policy)
    assert r.valid and r.trace_entries_added == 1


def test_signxml_verifies_our_signatures(pki: Pki, edoc: bytes) -> None:
    signxml = pytest.importorskip("signxml")
    out = sign(edoc, key=pki.leaf.key, cert=pki.leaf.cert, chain=[pki.inter.cert])
    result = signxml.XMLVerifier().verify(out, ca_pem_file=str(pki.root.cert_path))
    assert result.signed_xml is not None
