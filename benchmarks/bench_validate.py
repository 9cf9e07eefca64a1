"""Benchmark: ``edocstd.validate(path)`` vs lxml ``XMLSchema.validate`` on the same file.

    python benchmarks/bench_validate.py            # a 20 MB package (one big attachment)
    python benchmarks/bench_validate.py --quick    # a 2 MB package
    python benchmarks/bench_validate.py --json out.json

The baseline parses the file with a ``huge_tree`` parser and validates it against our
tolerant ``edoc.xsd`` (the payload is typed ``xs:string``, so libxml2 only checks it is text).
``validate`` does strictly more: the reader (payloads cut out before parsing), the schema on
the small tree, every business rule, identifiers, and a full base64 check of the payload in
1 MiB chunks.  Runs alternate (edocstd, lxml, edocstd...) on the same file; the result is
the medians, the ratio and its range over the pairs.  Target: ratio <= 1.2.  A plain script,
not collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import CLOCKS, timed_pair, use_clock
from lxml import etree

import edocstd
from edocstd._validate import validate
from edocstd._xml.schemas import load_schema

TARGET = 1.2
MB = 1024 * 1024

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
        <edXML:From><edXML:OrganId>000.00.00.G22</edXML:OrganId>
          <edXML:OrganName>Văn phòng Chính phủ</edXML:OrganName></edXML:From>
        <edXML:To><edXML:OrganId>000.00.00.H41</edXML:OrganId>
          <edXML:OrganName>UBND tỉnh Nghệ An</edXML:OrganName></edXML:To>
        <edXML:DocumentId>000.00.00.G22,2025/10/01,1111/VPCP-HC</edXML:DocumentId>
        <edXML:Code><edXML:CodeNumber>1111</edXML:CodeNumber>
          <edXML:CodeNotation>VPCP-HC</edXML:CodeNotation></edXML:Code>
        <edXML:PromulgationInfo><edXML:Place>Hà Nội</edXML:Place>
          <edXML:PromulgationDate>2025/10/01</edXML:PromulgationDate></edXML:PromulgationInfo>
        <edXML:DocumentType><edXML:Type>2</edXML:Type><edXML:TypeDetail>18</edXML:TypeDetail>
          <edXML:TypeName>Công văn</edXML:TypeName></edXML:DocumentType>
        <edXML:Subject>V/v gửi hồ sơ quét</edXML:Subject>
        <edXML:SignerInfo><edXML:Competence>KT. BỘ TRƯỞNG</edXML:Competence>
          <edXML:Position>THỨ TRƯỞNG</edXML:Position>
          <edXML:FullName>Phạm Quốc Bảo</edXML:FullName></edXML:SignerInfo>
        <edXML:SteeringType>0</edXML:SteeringType>
      </edXML:MessageHeader>
      <edXML:TraceHeaderList>
        <edXML:Bussiness><edXML:BussinessDocType>0</edXML:BussinessDocType>
          <edXML:Paper>0</edXML:Paper></edXML:Bussiness>
        <edXML:TraceHeader><edXML:OrganId>000.00.00.G22</edXML:OrganId>
          <edXML:Timestamp>2025/10/01 08:30:00</edXML:Timestamp></edXML:TraceHeader>
      </edXML:TraceHeaderList>
    </edXML:edXMLHeader>
    <edXML:edXMLBody>
      <edXML:edXMLManifest version="1.0"><edXML:Reference>
        <edXML:ContentId>cid:1</edXML:ContentId><edXML:ContentType>application/pdf</edXML:ContentType>
        <edXML:AttachmentName>scan.pdf</edXML:AttachmentName></edXML:Reference>
      </edXML:edXMLManifest>
    </edXML:edXMLBody>
  </edXML:edXMLEnvelope>
  <AttachmentEncoded>
    <Attachment>
      <ContentId>cid:1</ContentId>
      <AttachmentName>scan.pdf</AttachmentName>
      <ContentType>application/pdf</ContentType>
      <edXML:ContentTransferEncoded xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">"""
FOOTER = """</edXML:ContentTransferEncoded>
    </Attachment>
  </AttachmentEncoded>
</edXML>
"""


def make_package(path: Path, size: int) -> Path:
    """A package whose single attachment (a "PDF" of random bytes) is ``size`` bytes of base64."""
    import base64

    raw = b"%PDF-1.4\n" + os.urandom(max(0, size // 4 * 3 - 9))
    with path.open("wb") as f:
        f.write(HEADER.encode("utf-8"))
        f.write(base64.b64encode(raw))
        f.write(FOOTER.encode("utf-8"))
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 MB instead of 20 MB")
    parser.add_argument("--json", metavar="FILE", help="also write the result as JSON")
    parser.add_argument("--runs", type=int, default=0, help="runs to take the median of")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu",
                        help="cpu: this process's CPU time (default); wall: elapsed time")
    args = parser.parse_args()
    use_clock(args.clock)
    size = 2 * MB if args.quick else 20 * MB
    runs = args.runs or (9 if args.quick else 11)
    schema = load_schema("edoc")
    huge = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True,
                           load_dtd=False)
    with tempfile.TemporaryDirectory() as tmp:
        path = make_package(Path(tmp) / "big.edxml", size)
        report = validate(path)
        assert report.ok, report.summary("en")

        def baseline() -> bool:
            return bool(schema.validate(etree.parse(str(path), huge)))

        assert baseline()
        pair = timed_pair(lambda: validate(path), baseline, runs)  # alternated, same file
        file_size = path.stat().st_size
    label = f"{file_size / MB:.0f} MB"
    lo, hi = pair.ratio_range
    print(f"validate {label}: edocstd.validate {pair.ours_median * 1000:.1f} ms, lxml XMLSchema "
          f"{pair.base_median * 1000:.1f} ms, ratio {pair.ratio:.2f} (range {lo:.2f}-{hi:.2f} "
          f"over {runs} alternated pairs, {args.clock} clock; target <= {TARGET}; "
          f"edocstd {edocstd.__version__})")
    if args.json:
        row = {"name": f"validate {label} (bench_validate.py)", "package_bytes": file_size,
               "target": TARGET, **pair.as_row()}
        Path(args.json).write_text(json.dumps({"rows": [row], "clock": args.clock,
                                               "quick": args.quick}, indent=2),
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
