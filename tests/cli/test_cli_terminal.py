"""CLI output never passes terminal control characters or bidi overrides from package content
or certificates through (issue 10): one escaping point for every command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from edocstd._sign import sign
from edocstd.cli import main
from edocstd.cli._terminal import terminal_safe
from tests.security.test_hostile import VALID
from tests.sign.certs import issue, name

SUBJECT = "V/v thông báo lịch họp giao ban trực tuyến quý IV năm 2025"
HOSTILE_SUBJECT = "Kh\u1ea9n\u202etxt.exe \u009b2J &#13;cu\u1ed1i"  # RLO, 8-bit CSI, CR
HOSTILE_NAME = "cong-van\u202efdp.exe"
RAW = ("\u202e", "\u009b", "\r", "\x1b")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    data = VALID.replace(SUBJECT.encode(), HOSTILE_SUBJECT.encode(), 1)
    data = data.replace(b">1111_VPCP-HC.pdf<", f">{HOSTILE_NAME}<".encode())
    assert HOSTILE_SUBJECT.encode() in data
    path = tmp_path / "hostile.edxml"
    path.write_bytes(data)
    return path


def _clean(text: str) -> None:
    for raw in RAW:
        assert raw not in text, f"{raw!r} reached the terminal"


def test_helper_escapes_visibly_and_keeps_json() -> None:
    text = "a\u202eb\x1b[31mc\u009bd\re\nf\tg\u200bh\U000e0041\u2066"
    safe = terminal_safe(text)
    _clean(safe)
    assert "\\u202e" in safe and "\\u001b" in safe and "\n" in safe and "\t" in safe
    assert "\U000e0041" not in safe and "\\udb40\\udc41" in safe  # a tag character
    assert json.loads(terminal_safe(json.dumps(text, ensure_ascii=False))) == text
    assert terminal_safe("Nguy\u1ec5n V\u0103n A") == "Nguy\u1ec5n V\u0103n A"


@pytest.mark.parametrize(
    "argv",
    [["show"], ["show", "--json"], ["validate"], ["validate", "--json"]],
    ids=lambda a: " ".join(a),
)
def test_package_text_is_escaped(argv: list[str], hostile: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    main([argv[0], str(hostile), *argv[1:]])
    out, err = capsys.readouterr()
    _clean(out + err)
    if argv[0] == "show" and "--json" not in argv:
        assert "\\u202e" in out
    if argv == ["show", "--json"]:  # escaped for the terminal, same text for a JSON reader
        assert HOSTILE_NAME in json.dumps(json.loads(out), ensure_ascii=False)


def test_extract_names_are_escaped(hostile: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(hostile), "-d", str(tmp_path / "out")]) == 0
    out, err = capsys.readouterr()
    _clean(out + err)


def test_certificate_names_are_escaped(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    # ESC cannot be written in XML, but a certificate inside KeyInfo may carry it (the issuer
    # here); the signer's own name goes into X509SubjectName, so it has bidi and C1 only.
    root = issue(name("Root\x1b]0;owned\x07 CA"), None, ca=True)
    leaf = issue(name("Nguy\u1ec5n V\u0103n \u202eA", "C\u01a1 quan\u009b"), root)
    signed = tmp_path / "signed.edxml"
    signed.write_bytes(sign(VALID, key=leaf.key, cert=leaf.cert, chain=[root.cert]))
    (tmp_path / "root.pem").write_bytes(root.cert.public_bytes(serialization.Encoding.PEM))
    for extra in ([], ["--json"], ["--trust", str(tmp_path / "root.pem")]):
        main(["verify", str(signed), *extra])
        out, err = capsys.readouterr()
        _clean(out + err)
        assert "Nguy" in out


def test_own_colours_pass_package_escapes_do_not(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """With colour on, the only ESC bytes written are the CLI's own colour sequences."""
    root = issue(name("Root\x1b[2J CA"), None, ca=True)
    leaf = issue(name("Nguy\u1ec5n V\u0103n A"), root)
    signed = tmp_path / "signed.edxml"
    signed.write_bytes(sign(VALID, key=leaf.key, cert=leaf.cert, chain=[root.cert]))
    main(["verify", str(signed), "--color"])
    out = capsys.readouterr().out
    assert "\x1b[" in out  # the verdict is coloured
    # the certificate's ESC is not: the summary spells it out before the stream escaper sees it
    assert "\x1b[2J" not in out and "\\x1b[2J" in out
