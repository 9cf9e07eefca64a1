"""VerifyResult.summary(lang): the same facts, line for line, in Vietnamese and in English."""

from __future__ import annotations

import edocstd
from tests.sign.conftest import Pki


def test_both_languages_say_the_same_facts(pki: Pki, edoc: bytes) -> None:
    signed = edocstd.sign(
        edoc, key=pki.leaf.key_path, cert=pki.leaf.cert_path, chain=[pki.inter.cert_path]
    )
    result = edocstd.verify(signed, trust=pki.root.cert_path)
    en = result.summary().split("\n")
    vi = result.summary("vi").split("\n")
    assert en[0].startswith("Signature: VALID (OK)")
    assert vi[0].startswith("Chữ ký: HỢP LỆ (OK)")
    for english, vietnamese in [
        ("Signer:", "Người ký:"),
        ("Chain:", "Chuỗi chứng thư:"),
        ("Sender:", "Đơn vị gửi:"),
        ("Algorithms:", "Thuật toán:"),
        ("Covered:", "Phạm vi ký:"),
    ]:
        assert any(line.startswith(english) for line in en), english
        assert any(line.startswith(vietnamese) for line in vi), vietnamese
    assert not any(line.startswith("Signer:") for line in vi)  # one language per summary
