"""Sign and verify a 20 MB edXML package: edocstd vs the ``xmlsec1`` command.

    python benchmarks/bench_sign.py [--size-mb 20] [--runs 5]

Both sides do the same work end to end: read the file, canonicalize, hash, RSA-SHA256, and
(for signing) write the signed file.  xmlsec1 is timed as a command (process start included,
~5 ms), edocstd as a function call in this process.  Target: ratios <= 1.5.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from edocstd._sign import Policy, sign, verify

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
        <edXML:From><edXML:OrganId>000.00.00.G22</edXML:OrganId></edXML:From>
        <edXML:To><edXML:OrganId>000.00.00.H41</edXML:OrganId></edXML:To>
        <edXML:DocumentId>000.00.00.G22,2024/05/06,123/VPCP-TTĐT</edXML:DocumentId>
        <edXML:Subject>Benchmark</edXML:Subject>
      </edXML:MessageHeader>
      <edXML:TraceHeaderList>
        <edXML:TraceHeader>
          <edXML:OrganId>000.00.00.G22</edXML:OrganId>
          <edXML:Timestamp>2024/05/06 10:00:00</edXML:Timestamp>
        </edXML:TraceHeader>
      </edXML:TraceHeaderList>
{signature}    </edXML:edXMLHeader>
    <edXML:edXMLBody>
      <edXML:edXMLManifest version="1.0">
        <edXML:Reference><edXML:ContentId>cid:1</edXML:ContentId></edXML:Reference>
      </edXML:edXMLManifest>
    </edXML:edXMLBody>
  </edXML:edXMLEnvelope>
  <AttachmentEncoded>
    <Attachment>
      <ContentId>cid:1</ContentId>
      <AttachmentName>big.pdf</AttachmentName>
      <ContentType>application/pdf</ContentType>
      <edXML:ContentTransferEncoded xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">"""
FOOTER = """</edXML:ContentTransferEncoded>
    </Attachment>
  </AttachmentEncoded>
</edXML>
"""
TEMPLATE = """      <Signature xmlns="http://www.w3.org/2000/09/xmldsig#">
        <SignedInfo>
          <CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
          <SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
          <Reference URI="">
            <Transforms>
              <Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
              <Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
            </Transforms>
            <DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
            <DigestValue/>
          </Reference>
        </SignedInfo>
        <SignatureValue/>
        <KeyInfo><X509Data/></KeyInfo>
      </Signature>
"""


def package(size_mb: float, signature: str = "") -> bytes:
    raw = os.urandom(int(size_mb * 1024 * 1024 * 3 / 4))
    b64 = base64.b64encode(raw)
    return HEADER.format(signature=signature).encode() + b64 + FOOTER.encode()


def make_identity(d: Path) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "edocstd benchmark")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    kp, cp = d / "key.pem", d / "cert.pem"
    kp.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                     serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()))
    cp.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return kp, cp


def median_time(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up (page cache, imports)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size-mb", type=float, default=20.0)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    xmlsec = shutil.which("xmlsec1")
    if xmlsec is None:
        print("xmlsec1 not found (apt-get install xmlsec1)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="edocstd-bench-") as tmp:
        d = Path(tmp)
        key, cert = make_identity(d)
        plain = d / "plain.edxml"
        plain.write_bytes(package(args.size_mb))
        template = d / "template.edxml"
        template.write_bytes(plain.read_bytes().replace(
            b"    </edXML:edXMLHeader>", TEMPLATE.encode() + b"    </edXML:edXMLHeader>", 1))
        ours_out = d / "ours.edxml"
        theirs_out = d / "theirs.edxml"
        policy = Policy(trust_anchors=[cert])

        def our_sign() -> None:
            ours_out.write_bytes(sign(plain, key=key, cert=cert))

        def their_sign() -> None:
            subprocess.run([xmlsec, "--sign", "--privkey-pem", f"{key},{cert}", "--output",
                            str(theirs_out), str(template)], check=True, capture_output=True)

        def our_verify() -> None:
            r = verify(ours_out, policy=policy)
            assert r.valid, r.summary()

        def their_verify() -> None:
            subprocess.run([xmlsec, "--verify", "--trusted-pem", str(cert), str(theirs_out)],
                           check=True, capture_output=True)

        size = plain.stat().st_size / 1e6
        print(f"package: {size:.1f} MB, median of {args.runs} runs")
        results = {}
        for label, ours, theirs in (("sign", our_sign, their_sign),
                                    ("verify", our_verify, their_verify)):
            t_theirs = median_time(theirs, args.runs)
            t_ours = median_time(ours, args.runs)
            results[label] = t_ours / t_theirs
            print(f"{label:7s} edocstd {t_ours * 1000:7.1f} ms   xmlsec1 {t_theirs * 1000:7.1f} ms"
                  f"   ratio {t_ours / t_theirs:.2f}")
        # cross-check: each side verifies the other's output
        cross = subprocess.run([xmlsec, "--verify", "--trusted-pem", str(cert), str(ours_out)],
                               capture_output=True)
        print("xmlsec1 verifies edocstd's signature:", "OK" if cross.returncode == 0 else "FAILED")
        print("edocstd verifies xmlsec1's signature:",
              "OK" if verify(theirs_out, policy=policy).valid else "FAILED")
        ok = all(r <= 1.5 for r in results.values())
        print("target (<= 1.5x):", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
