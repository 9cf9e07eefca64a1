"""The re-serialising relay mode, and what ``verify`` says about its output."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

import edocstd
from edocstd.hub import HubClient, LocalHub
from edocstd.hub._relay import append_trace, reserialise

from .conftest import A, B, accounts, signed_document, write

DSIG = b'="http://www.w3.org/2000/09/xmldsig#"'
WHEN = dt.datetime(2026, 12, 4, 10, 0, 0)


def test_appended_trace_keeps_the_signature(hub_pki) -> None:  # type: ignore[no-untyped-def]
    relayed = append_trace(signed_document(hub_pki), organ_id="001.00.20.TT2", when=WHEN)
    result = edocstd.verify(relayed, trust=[hub_pki.root.cert_path])
    assert result.valid and result.trace_entries_added == 1
    assert result.added_trace_entries == (("001.00.20.TT2", "2026/12/04 10:00:00"),)


def test_reserialised_package_is_named_as_such(hub_pki) -> None:  # type: ignore[no-untyped-def]
    original = signed_document(hub_pki)
    relayed = reserialise(edocstd.loads(original), organ_id=None, when=WHEN)
    assert DSIG in original and DSIG not in relayed  # the namespace dropped, as the hub does
    assert b"\n            <edXML:MessageHeader>" in relayed  # its own pretty-printing
    assert b"</edXML:TraceHeaderList>\n            <Signature><SignedInfo>" in relayed
    result = edocstd.verify(relayed, trust=[hub_pki.root.cert_path])
    assert not result.valid and result.verdict == "invalid"
    assert result.reason == "RESERIALISED" and "re-serialised" in result.message
    assert not result.intact and result.signer is not None  # who signed is known, not what
    assert result.signer.common_name == "Nguyễn Văn A" and result.trace_entries_added == 1
    # content changed after the hub: the plain failure, never "re-serialised"
    tampered = relayed.replace(b"V/v th\xe1\xbb\xad", b"V/v TH\xe1\xbb\xac", 1)
    assert tampered != relayed
    assert edocstd.verify(tampered, trust=[hub_pki.root.cert_path]).reason == "NOT_XMLDSIG"


def test_reserialising_hub_end_to_end(tmp_path: Path, hub_pki) -> None:  # type: ignore[no-untyped-def]
    hub = LocalHub(tmp_path / "hub", accounts(), relay="reserialise").start()
    try:
        with HubClient(hub.config(A)) as a, HubClient(hub.config(B)) as b:
            a.send(signed_document(hub_pki))
            item = b.received()[-1]
            path = b.download(item.doc_id, tmp_path / "in.edxml")
    finally:
        hub.stop()
    relayed = edocstd.load(path)
    assert relayed.signature is not None and not relayed.signature.is_xmldsig
    assert len(relayed.trace_header_list.trace_headers) == 2  # type: ignore[union-attr]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "edocstd",
            "verify",
            str(path),
            "--trust",
            str(hub_pki.root.cert_path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "RESERIALISED" in done.stdout + done.stderr


def test_placeholder_signatures_stay_not_xmldsig(tmp_path: Path) -> None:
    from .conftest import document

    sdk_like = edocstd.dumps(document()).replace(
        b"</edXML:edXMLHeader>",
        b"<Signature><SignedInfo><Reference URI=''><DigestValue>AAAA</DigestValue></Reference>"
        b"</SignedInfo><SignatureValue>AAAA</SignatureValue><KeyInfo><X509Data>"
        b"<X509Certificate>MIIFqTCCBJG</X509Certificate></X509Data></KeyInfo></Signature>"
        b"</edXML:edXMLHeader>",
    )
    write(tmp_path, "p.edxml", sdk_like)
    assert edocstd.verify(sdk_like).reason == "NOT_XMLDSIG"


@pytest.mark.parametrize("mode", ["append", "reserialise"])
def test_status_packages_are_relayed_unchanged_or_reserialised(mode: str) -> None:
    from .conftest import document

    status = edocstd.dumps(edocstd.reply(document(), "01", sender=document().header.to[0]))
    out = (
        append_trace(status, organ_id=None, when=WHEN)
        if mode == "append"
        else reserialise(edocstd.loads(status), organ_id=None, when=WHEN)
    )
    assert edocstd.loads(out).to_dict() == edocstd.loads(status).to_dict()
