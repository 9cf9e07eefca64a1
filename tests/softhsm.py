"""SoftHSM2 tokens for tests: a fresh token directory, keys imported with softhsm2-util,
certificates stored with python-pkcs11 (softhsm2-util cannot store one)."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

_MODULES = [
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
]
MODULE = next((m for m in _MODULES if os.path.exists(m)), None)
UTIL = shutil.which("softhsm2-util")


@dataclass
class SoftHsm:
    module: str
    label: str
    pin: str

    @classmethod
    def create(
        cls, folder: Path, monkeypatch: pytest.MonkeyPatch, *, label: str, pin: str
    ) -> SoftHsm:
        """A token ``label`` in its own directory (``SOFTHSM2_CONF`` set for this test)."""
        pytest.importorskip("pkcs11")
        if MODULE is None or UTIL is None:
            pytest.skip("SoftHSM2 is not installed")
        (folder / "tokens").mkdir(parents=True)
        conf = folder / "softhsm2.conf"
        conf.write_text(
            f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n"
            "log.level = ERROR\n"
        )
        monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
        cls._util("--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", "654321")
        hsm = cls(MODULE, label, pin)
        hsm.reload()
        return hsm

    def reload(self) -> None:
        """Make this process's SoftHSM (loaded once per process) read the token folder again:
        it sees tokens and objects made since by softhsm2-util."""
        import pkcs11

        pkcs11.lib(self.module).reinitialize()

    @staticmethod
    def _util(*args: str) -> None:
        assert UTIL is not None
        subprocess.run(
            [UTIL, *args], check=True, env=dict(os.environ), capture_output=True, timeout=60
        )

    def import_key(self, key_path: Path, label: str, *, key_id: bytes) -> None:
        """A PKCS#8 private key (its public half comes along)."""
        self._util(
            "--import", str(key_path), "--token", self.label, "--label", label,
            "--id", key_id.hex(), "--pin", self.pin,
        )
        self.reload()

    def import_certificate(self, cert_path: Path, label: str, *, key_id: bytes) -> None:
        """A certificate object, with the CKA_ID of the key it belongs to."""
        import pkcs11
        from pkcs11 import Attribute, CertificateType, ObjectClass

        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        token = pkcs11.lib(self.module).get_token(token_label=self.label)
        with token.open(rw=True, user_pin=self.pin) as session:
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: label,
                    Attribute.ID: key_id,
                    Attribute.SUBJECT: cert.subject.public_bytes(),
                    Attribute.ISSUER: cert.issuer.public_bytes(),
                    Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
                }
            )
