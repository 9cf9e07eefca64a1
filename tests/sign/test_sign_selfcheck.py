"""sign() refuses headers that only look like edXML's and checks its own output verifies."""

from __future__ import annotations

import pytest

from edocstd._errors import InvalidSignature, SignatureError
from edocstd._sign import sign, verify
from edocstd._sign import signer as signer_module

from .conftest import Pki, make_edoc

EDOC = make_edoc()
OPEN, CLOSE = b"<edXML:MessageHeader>", b"</edXML:MessageHeader>"


def _sign(pki: Pki, data: bytes) -> bytes:
    return sign(data, key=pki.leaf.key_path, cert=pki.leaf.cert_path, chain=[pki.inter.cert_path])


def _renamed(open_tag: bytes, close_tag: bytes) -> bytes:
    assert EDOC.count(OPEN) == 1 and EDOC.count(CLOSE) == 1
    return EDOC.replace(OPEN, open_tag).replace(CLOSE, close_tag)


LOOKALIKES = {
    "other_namespace": (b'<MessageHeader xmlns="urn:example:fake">', b"</MessageHeader>"),
    "cyrillic_e": ("<edXML:MessageHеader>".encode(), "</edXML:MessageHеader>".encode()),
    "lower_case": (b"<edXML:messageheader>", b"</edXML:messageheader>"),
    "full_width": ("<edXML:ＭessageHeader>".encode(), "</edXML:ＭessageHeader>".encode()),
}


@pytest.mark.parametrize("case", sorted(LOOKALIKES))
def test_header_that_only_looks_like_edxml_is_refused(pki: Pki, case: str) -> None:
    data = _renamed(*LOOKALIKES[case])
    with pytest.raises(SignatureError, match="only looks like edXML's MessageHeader"):
        _sign(pki, data)


def test_header_without_message_header_is_refused(pki: Pki) -> None:
    start, end = EDOC.index(OPEN), EDOC.index(CLOSE) + len(CLOSE)
    with pytest.raises(SignatureError, match="no MessageHeader"):
        _sign(pki, EDOC[:start] + EDOC[end:])


def test_the_real_header_still_signs(pki: Pki) -> None:
    assert verify(_sign(pki, EDOC), trust=pki.root.cert_path).valid


@pytest.mark.parametrize(
    ("slip", "reason"),
    [
        (lambda out: out.replace("liên thông".encode(), b"lien thong", 1), "HASH_FAILURE"),
        (
            lambda out: out.replace(b"<ds:Signature", b"<ds:Signature", 1).replace(
                b"</edXML:edXMLHeader>", b"<edXML:Extra/></edXML:edXMLHeader>", 1
            ),
            "BAD_PLACEMENT",
        ),
    ],
    ids=["digest", "placement"],
)
def test_output_that_does_not_verify_is_never_returned(
    pki: Pki, monkeypatch: pytest.MonkeyPatch, slip, reason: str
) -> None:  # type: ignore[no-untyped-def]
    real = signer_module._Draft.output

    def broken(self):  # type: ignore[no-untyped-def]
        return slip(real(self))

    monkeypatch.setattr(signer_module._Draft, "output", broken)
    with pytest.raises(InvalidSignature, match=f"does not verify \\({reason}") as caught:
        _sign(pki, EDOC)
    vietnamese = caught.value.message("vi")
    assert vietnamese.startswith(f"gói tin vừa ký không kiểm tra được chữ ký ({reason}")
