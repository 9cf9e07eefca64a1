"""A SoftHSM2 token as the docs' PKCS#11 examples expect it (``my-token``, key ``sign-key``,
its certificate beside it, the PIN in ``TOKEN_PIN``), for tests/docs/test_doc_examples.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.softhsm import MODULE, SoftHsm

DOCS_MODULE = "/usr/lib/softhsm/libsofthsm2.so"  # the path the docs show (Debian, Ubuntu)


def token_for_docs(folder: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Set the token up; False when SoftHSM2 or python-pkcs11 is missing here."""
    if MODULE is None or not Path(DOCS_MODULE).exists():
        return False
    try:
        import pkcs11  # noqa: F401
    except ImportError:
        return False
    if (folder / "softhsm").exists():
        return True  # set up for an earlier page
    hsm = SoftHsm.create(folder / "softhsm", monkeypatch, label="my-token", pin="123456")
    hsm.import_key(folder / "signer.key", "sign-key", key_id=b"\x01")
    hsm.import_certificate(folder / "signer.pem", "sign-key", key_id=b"\x01")
    hsm.import_certificate(folder / "ca.pem", "issuing-ca", key_id=b"\x09")
    monkeypatch.setenv("TOKEN_PIN", "123456")
    return True
