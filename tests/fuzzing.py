"""Fuzz harness for load, validate and verify, with a differential property on the reader.

For every input:

* ``edocstd.loads`` returns a package or raises an ``EdocError`` (nothing else);
* ``edocstd.validate`` and ``edocstd.verify`` return a report / result (they never raise for
  content);
* **differential**: the reader with its byte-level fast path forced on (payloads of any length
  cut out before lxml sees them) and with it off (a full lxml parse) agree: same outcome, same
  package, same findings, same attachment bytes.  Where the cut would mislead lxml the reader
  must notice and fall back, so the two still agree.

Run under atheris (coverage-guided; ``pip install edocstd[fuzz]``)::

    python -m tests.fuzzing --make-corpus fuzz-corpus          # the seed corpus, from tests
    python -m tests.fuzzing fuzz-corpus -max_total_time=3600   # an hour
    python -m tests.fuzzing fuzz-corpus -runs=500              # what CI runs

Crashes are written by libFuzzer as ``crash-*`` files; replay one with
``python -m tests.fuzzing crash-<hash>``.  Where atheris cannot be installed,
tests/security/test_fuzz.py drives the same :func:`one_input` with Hypothesis.
"""

from __future__ import annotations

import base64
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

if __name__ == "__main__" and "--make-corpus" not in sys.argv:
    import atheris  # the optional extra edocstd[fuzz]

    # coverage for edocstd's own code only (instrumenting every loaded module takes 30 s)
    with atheris.instrument_imports(include=["edocstd"]):
        import edocstd._sign.verifier
        import edocstd._validate
        import edocstd._xml.excise
        import edocstd._xml.interpret
        import edocstd._xml.nodes
        import edocstd._xml.reader

import edocstd
from edocstd._xml import excise

from . import packages

_SAMPLE_PDF = b"%PDF-1.4\n" + b"0123456789abcdef" * 64 + b"\n%%EOF\n"


def seed_corpus() -> dict[str, bytes]:
    """Seeds: packages of every kind the tests build (valid, relayed, signed, broken)."""
    pdf = base64.b64encode(_SAMPLE_PDF).decode("ascii")
    edoc = packages.edoc_xml().encode("utf-8")
    big = packages.edoc_xml(
        attachments=[packages.Attachment("a.pdf", pdf), packages.Attachment("b.pdf", pdf[:40])]
    ).encode("utf-8")
    sender = packages.organization("From", "000.00.00.H41", "UBND tỉnh Nghệ An")
    status = packages.status_xml(sender=sender).encode("utf-8")
    seeds = {
        "edoc": edoc,
        "edoc_two_attachments": big,
        "status": status,
        "edoc_no_declaration": edoc.split(b"\n", 1)[1],
        "edoc_crlf": edoc.replace(b"\n", b"\r\n"),
        "edoc_cdata_payload": big.replace(
            pdf[:40].encode(), b"<![CDATA[" + pdf[:40].encode() + b"]]>"
        ),
        "edoc_payload_name_in_text": edoc.replace(
            b"<edXML:Subject>", b"<edXML:Subject>ContentTransferEncoded&lt;x", 1
        ),
        "edoc_comment": edoc.replace(b"<edXML:Subject>", b"<!-- x --><edXML:Subject>", 1),
        "edoc_truncated": big[: len(big) // 2],
        "edoc_signature_placeholder": edoc.replace(
            b"</edXML:edXMLHeader>",
            b"<Signature><SignedInfo/><SignatureValue>AA==</SignatureValue></Signature>"
            b"</edXML:edXMLHeader>",
            1,
        ),
        "not_edxml": b"<html><body>502</body></html>",
    }
    with contextlib.suppress(Exception):  # a signed package, when the signing stack is there
        seeds["edoc_signed"] = _signed(big)
    return seeds


def _signed(data: bytes) -> bytes:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Fuzz Signer")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return bytes(edocstd.sign(data, key=key, cert=cert))


@contextlib.contextmanager
def _cut_payloads_from(length: int) -> Iterator[None]:
    """The reader's fast path for payloads of at least ``length`` bytes (not thread-safe)."""
    saved = excise._MIN_EXCISE
    excise._MIN_EXCISE = length
    try:
        yield
    finally:
        excise._MIN_EXCISE = saved


def _outcome(data: bytes) -> Any:
    """What reading gives, in a comparable form."""
    try:
        pkg = edocstd.loads(data)
    except edocstd.EdocError as exc:
        return ("error", type(exc).__name__)
    findings = [(f.rule, f.path, f.line, f.value) for f in pkg.findings]
    try:
        # A cut payload is written back as it lay, line ends included, where XML would have
        # normalised a CR to LF; base64 ignores line ends, so they are compared normalised.
        written: Any = edocstd.dumps(pkg).replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    except edocstd.EdocError as exc:
        written = ("error", type(exc).__name__)
    attachments = []
    for att in getattr(pkg, "attachments", ()):
        try:
            attachments.append(att.read() if att.payload is not None else None)
        except edocstd.EdocError as exc:
            attachments.append(("error", type(exc).__name__))
    return ("package", type(pkg).__name__, findings, written, attachments)


def differential(data: bytes) -> None:
    """The fast path (forced on) and a full parse (fast path off) agree."""
    with _cut_payloads_from(1):
        fast = _outcome(data)
    with _cut_payloads_from(1 << 62):
        full = _outcome(data)
    if fast != full:
        raise AssertionError(f"fast path and full parse disagree:\n{fast!r}\n{full!r}")


def one_input(data: bytes) -> None:
    differential(data)
    report = edocstd.validate(data)
    assert isinstance(report, edocstd.Report)
    result = edocstd.verify(data)
    assert result.verdict in ("valid", "invalid", "indeterminate")


def make_corpus(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in seed_corpus().items():
        path = folder / f"seed-{name}.edxml"
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[1] == "--make-corpus":
        for path in make_corpus(Path(argv[2])):
            print(path)
        return 0
    import atheris

    atheris.Setup(argv, one_input)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
