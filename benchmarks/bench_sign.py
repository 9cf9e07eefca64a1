"""Sign and verify edXML packages: edocstd vs the ``xmlsec1`` command, at 20 MB and 200 MB.

    python benchmarks/bench_sign.py                 # 20 MB and 200 MB
    python benchmarks/bench_sign.py --quick         # 20 MB, 3 runs a side
    python benchmarks/bench_sign.py --size-mb 64 --runs 7 --json out.json

Both sides do the same work end to end on the same package: read the file, canonicalize,
hash, RSA-SHA256 and (for signing) write the signed file; xmlsec1 signs the same package
with an empty signature template in place, and both verify the same signed file (ours, which
xmlsec1 must accept).  Runs alternate (edocstd, xmlsec1, edocstd, ...) after one warm-up
each, so a slow spell of a shared machine hits both; the figures are medians with the range
(min-max) of the runs, and the ratio's range over the alternated pairs.

Clock: ``cpu`` (default) is the CPU time (user + system) of the work: this process's for the
edocstd call, the child's (``wait4``) for the xmlsec1 command (its process start, ~5 ms,
included); ``wall`` is elapsed time.  Peak RSS is measured in child processes for both
sides (``wait4``'s ``ru_maxrss``): a fresh interpreter running ``edocstd.sign`` /
``edocstd.verify``, and the xmlsec1 command.  Targets: time ratio <= 0.8 at every size, our
peak RSS < 100 MB.  Not part of the test suite.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from edocstd._sign import Policy, sign, verify

SRC = Path(__file__).resolve().parents[1] / "src"
MB = 1024 * 1024
TARGET_RATIO = 0.8
TARGET_RSS = 100 * MB

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

LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss * 1024 if os.waitstatus_to_exitcode(status) == 0 else -1)
"""
"""Runs a command and prints its peak RSS.  Measured from this small launcher because a child
forked from the (large) benchmark process starts with the parent's pages counted in its peak."""

RSS_CHILD = """
import sys
import edocstd
from edocstd import Policy
op, package, out, key, cert = sys.argv[1:]
if op == "sign":
    edocstd.sign(package, key=key, cert=cert, output=out)
elif op == "verify":
    assert edocstd.verify(package, policy=Policy(trust_anchors=[cert])).valid
"""


def write_package(path: Path, size_mb: float, signature: str = "") -> None:
    """An edoc whose attachment is ``size_mb`` MiB of base64 (one line), written in blocks."""
    block = 12 * MB  # raw bytes -> 16 MiB of base64
    left = int(size_mb * MB * 3 / 4) // 3 * 3
    with path.open("wb") as f:
        f.write(HEADER.format(signature=signature).encode())
        while left > 0:
            n = min(block, left)
            f.write(base64.b64encode(os.urandom(n)))
            left -= n
        f.write(FOOTER.encode())


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


# -- measuring -----------------------------------------------------------------------------

Sample = dict[str, float]
"""``wall`` and ``cpu`` seconds."""


def run_child(cmd: list[str], env: dict[str, str] | None = None) -> Sample:
    """Run a command; its elapsed time and its own CPU time (``wait4``)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert proc.stderr is not None
    err = proc.stderr.read()
    proc.stderr.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}): {err.decode()[-1500:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime}


def peak_rss(cmd: list[str], env: dict[str, str] | None = None) -> int:
    """Peak RSS (bytes) of a command, run by ``LAUNCHER``."""
    out = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, *cmd], capture_output=True,
                         text=True, env=env, check=True).stdout
    rss = int(out.strip().splitlines()[-1])
    if rss < 0:
        raise RuntimeError(f"{cmd[0]} failed while its memory was measured")
    return rss


def run_call(fn: Callable[[], object]) -> Sample:
    """Call ``fn`` in this process: elapsed time and this process's CPU time."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


def alternate(ours: Callable[[], Sample], theirs: Callable[[], Sample], runs: int,
              warmup: bool) -> tuple[list[Sample], list[Sample]]:
    if warmup:
        ours()
        theirs()
    a: list[Sample] = []
    b: list[Sample] = []
    for i in range(runs):  # alternate which side goes first too
        if i % 2:
            b.append(theirs())
            a.append(ours())
        else:
            a.append(ours())
            b.append(theirs())
    return a, b


def summary(op: str, size_mb: float, a: list[Sample], b: list[Sample],
            clock: str, target: float | None = TARGET_RATIO) -> dict[str, Any]:
    ours = [s[clock] * 1e3 for s in a]
    base = [s[clock] * 1e3 for s in b]
    ratio = statistics.median(ours) / statistics.median(base)
    pairs = [x / y for x, y in zip(ours, base, strict=True)]
    return {
        "name": f"{op} {size_mb:g} MB", "op": op, "size_mb": size_mb, "runs": len(ours),
        "clock": clock, "ours_ms": statistics.median(ours), "baseline_ms": statistics.median(base),
        "ours_range_ms": [min(ours), max(ours)], "baseline_range_ms": [min(base), max(base)],
        "ratio": ratio, "ratio_range": [min(pairs), max(pairs)], "target": target,
        "ok": None if target is None else ratio <= target,
    }


class Bench:
    """One package size: the files, and how each side signs and verifies them."""

    def __init__(self, d: Path, size_mb: float, key: Path, cert: Path) -> None:
        self.xmlsec = shutil.which("xmlsec1") or "xmlsec1"
        self.key, self.cert = key, cert
        self.plain = d / f"plain-{size_mb:g}.edxml"
        write_package(self.plain, size_mb)
        self.template = d / f"template-{size_mb:g}.edxml"
        write_package(self.template, size_mb, TEMPLATE)
        self.ours_out = d / f"ours-{size_mb:g}.edxml"
        self.theirs_out = d / f"theirs-{size_mb:g}.edxml"
        self.policy = Policy(trust_anchors=[cert])
        self.env = dict(os.environ)
        self.env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC),
                                                               self.env.get("PYTHONPATH")]))
        sign(self.plain, key=key, cert=cert, output=self.ours_out)  # what both verify

    def our_sign(self) -> Sample:
        return run_call(lambda: sign(self.plain, key=self.key, cert=self.cert,
                                     output=self.ours_out))

    def their_sign(self) -> Sample:
        return run_child([self.xmlsec, "--sign", "--privkey-pem", f"{self.key},{self.cert}",
                          "--output", str(self.theirs_out), str(self.template)])

    def our_verify(self) -> Sample:
        def check() -> None:
            r = verify(self.ours_out, policy=self.policy)
            assert r.valid, r.summary()
        return run_call(check)

    def our_command(self, op: str) -> Sample:
        """``edocstd sign`` / ``edocstd verify`` as a command: interpreter start and imports
        included, as xmlsec1's start is (for comparison; no target)."""
        cmd = [sys.executable, "-m", "edocstd", op]
        if op == "sign":
            cmd += [str(self.plain), "--key", str(self.key), "--cert", str(self.cert), "-o",
                    str(self.ours_out.with_suffix(".cli.edxml"))]
        else:
            cmd += [str(self.ours_out), "--trust", str(self.cert)]
        return run_child(cmd, env=self.env)

    def their_verify(self) -> Sample:
        return run_child([self.xmlsec, "--verify", "--trusted-pem", str(self.cert),
                          str(self.ours_out)])

    def our_rss(self, op: str) -> int:
        package = self.plain if op == "sign" else self.ours_out
        out = self.ours_out.with_suffix(".rss.edxml")
        return peak_rss([sys.executable, "-c", RSS_CHILD, op, str(package), str(out),
                         str(self.key), str(self.cert)], env=self.env)

    def their_rss(self, op: str) -> int:
        if op == "sign":
            return peak_rss([self.xmlsec, "--sign", "--privkey-pem", f"{self.key},{self.cert}",
                             "--output", str(self.theirs_out), str(self.template)])
        return peak_rss([self.xmlsec, "--verify", "--trusted-pem", str(self.cert),
                         str(self.ours_out)])

    def cross_check(self) -> dict[str, bool]:
        theirs_ok = subprocess.run([self.xmlsec, "--verify", "--trusted-pem", str(self.cert),
                                    str(self.ours_out)], capture_output=True).returncode == 0
        ours_ok = verify(self.theirs_out, policy=self.policy).valid
        return {"xmlsec1 verifies edocstd": theirs_ok, "edocstd verifies xmlsec1": ours_ok}


def import_rss(env: dict[str, str]) -> int:
    """Peak RSS of a fresh interpreter that only imports edocstd (the floor of ours)."""
    return peak_rss([sys.executable, "-c", "import edocstd"], env=env)


def measure(bench: Bench, size_mb: float, runs: int, warmup: bool,
            clock: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows = []
    memory = []
    for op, ours, theirs in (("sign", bench.our_sign, bench.their_sign),
                             ("verify", bench.our_verify, bench.their_verify)):
        a, b = alternate(ours, theirs, runs, warmup)
        rows.append(summary(op, size_mb, a, b, clock))
        a, b = alternate(lambda op=op: bench.our_command(op), theirs, runs, warmup)
        rows.append(summary(f"{op} (command)", size_mb, a, b, clock, target=None))
        mine = bench.our_rss(op)
        theirs_rss = bench.their_rss(op)
        memory.append({"name": f"{op} {size_mb:g} MB peak RSS", "op": op, "size_mb": size_mb,
                       "ours_mb": mine / MB, "baseline_mb": theirs_rss / MB,
                       "target_mb": TARGET_RSS / MB, "ok": mine < TARGET_RSS})
    return rows, memory


def _span(pair: list[float], digits: int) -> str:
    return f"({pair[0]:.{digits}f}-{pair[1]:.{digits}f})"


def print_report(rows: list[dict[str, Any]], memory: list[dict[str, Any]], clock: str) -> None:
    print(f"{'':26} {'edocstd ms':>10} {'(range)':>17} {'xmlsec1 ms':>11} {'(range)':>17} "
          f"{'ratio':>6} {'(range)':>13}  target")
    for r in rows:
        print(f"{r['name']:26} {r['ours_ms']:10.1f} "
              f"{_span(r['ours_range_ms'], 0):>17} {r['baseline_ms']:11.1f} "
              f"{_span(r['baseline_range_ms'], 0):>17} {r['ratio']:6.2f} "
              f"{_span(r['ratio_range'], 2):>13}  "
              + ("(no target)" if r["target"] is None else
                 f"<= {r['target']}: {'PASS' if r['ok'] else 'MISS'}"))
    print(f"(clock: {clock}; medians of alternated runs; edocstd timed as a call, xmlsec1 as a "
          "command; '(command)' rows time `python -m edocstd` as a command too)")
    for m in memory:
        print(f"{m['name']:28} edocstd {m['ours_mb']:7.1f} MB   xmlsec1 {m['baseline_mb']:7.1f} MB"
              f"   < {m['target_mb']:.0f} MB: {'PASS' if m['ok'] else 'MISS'}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size-mb", type=float, action="append",
                    help="package size (repeatable; default 20 and 200, --quick: 20)")
    ap.add_argument("--runs", type=int, help="runs per side (default 5 up to 64 MB, else 3)")
    ap.add_argument("--quick", action="store_true", help="20 MB only, 3 runs a side")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    args = ap.parse_args()
    if shutil.which("xmlsec1") is None:
        print("xmlsec1 not found (apt-get install xmlsec1)", file=sys.stderr)
        return 2
    sizes = args.size_mb or ([20.0] if args.quick else [20.0, 200.0])
    load = os.getloadavg()
    print(f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    rows: list[dict[str, Any]] = []
    memory: list[dict[str, Any]] = []
    checks: dict[str, bool] = {}
    with tempfile.TemporaryDirectory(prefix="edocstd-bench-sign-") as tmp:
        d = Path(tmp)
        key, cert = make_identity(d)
        for size in sizes:
            # --quick: still a median and a spread (three alternated pairs), after a warm-up
            runs = args.runs or (3 if args.quick or size > 64 else 5)
            bench = Bench(d, size, key, cert)
            print(f"package {bench.plain.stat().st_size / 1e6:.1f} MB: {runs} run(s) a side"
                  " after a warm-up", flush=True)
            r, m = measure(bench, size, runs, True, args.clock)
            rows += r
            memory += m
            checks.update({f"{k} ({size:g} MB)": v for k, v in bench.cross_check().items()})
            for p in d.glob(f"*-{size:g}*.edxml"):
                p.unlink()
        floor = import_rss(bench.env)
    print_report(rows, memory, args.clock)
    print(f"peak RSS of a fresh interpreter after `import edocstd`: {floor / MB:.1f} MB")
    for k, v in checks.items():
        print(f"{k}: {'OK' if v else 'FAILED'}")
    load = os.getloadavg()
    print(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "rows": rows, "memory": memory, "checks": checks, "import_rss_mb": floor / MB,
            "cpus": os.cpu_count(), "clock": args.clock, "quick": args.quick,
        }, indent=2), encoding="utf-8")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
