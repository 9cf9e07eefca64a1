"""A PKCS#11 signer (USB tokens, HSMs, SoftHSM2): ``pip install edocstd[pkcs11]``.

    signer = Pkcs11Signer("/usr/lib/softhsm/libsofthsm2.so", "my-token", pin, "sign-key")
    signed = edocstd.sign(package, key=signer, cert="signer.pem")

The private key never leaves the token: the token receives the canonical SignedInfo
(RSA: ``CKM_SHA*_RSA_PKCS``) or its hash (ECDSA: ``CKM_ECDSA``).
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from .._errors import SignatureError
from .profiles import SIGNATURE_METHODS


class Pkcs11Signer:
    """Signs through a PKCS#11 module; usable as ``key=`` in :func:`sign`.

    ``pin`` is kept only in this object (never logged nor shown in ``repr``); pass
    ``pin=None`` for tokens with a protected authentication path (PIN pad).
    """

    def __init__(
        self, module_path: str | os.PathLike[str], token_label: str, pin: str | None, key_label: str
    ) -> None:
        self.module_path = os.fspath(module_path)
        self.token_label = token_label
        self.key_label = key_label
        self.__pin = pin

    def __repr__(self) -> str:
        return (
            f"Pkcs11Signer(module_path={self.module_path!r}, token_label="
            f"{self.token_label!r}, key_label={self.key_label!r})"
        )

    def _lib(self) -> Any:
        try:
            import pkcs11
        except ImportError:
            raise SignatureError(
                "PKCS#11 signing needs python-pkcs11: pip install 'edocstd[pkcs11]'"
            ) from None
        try:
            return pkcs11, pkcs11.lib(self.module_path)
        except Exception as exc:  # the module failed to load: driver path or ABI problem
            raise SignatureError(
                f"cannot load the PKCS#11 module {self.module_path!r}: {type(exc).__name__}"
            ) from None

    def sign_xmldsig(self, data: bytes, signature_method: str) -> bytes:
        if signature_method not in SIGNATURE_METHODS:
            raise SignatureError(f"unsupported signature method {signature_method!r}")
        kind, hash_name = SIGNATURE_METHODS[signature_method]
        pkcs11, lib = self._lib()
        mech = pkcs11.Mechanism
        try:
            token = lib.get_token(token_label=self.token_label)
        except pkcs11.NoSuchToken:
            raise SignatureError(f"no PKCS#11 token labelled {self.token_label!r}") from None
        except pkcs11.PKCS11Error as exc:
            raise SignatureError(f"PKCS#11 error finding the token: {type(exc).__name__}") from None
        try:
            with token.open(
                user_pin=self.__pin if self.__pin is not None else pkcs11.PROTECTED_AUTH
            ) as session:
                try:
                    key = session.get_key(
                        object_class=pkcs11.ObjectClass.PRIVATE_KEY, label=self.key_label
                    )
                except pkcs11.NoSuchKey:
                    raise SignatureError(
                        f"no private key labelled {self.key_label!r} on the token"
                    ) from None
                if kind == "rsa":
                    mechanism = {
                        "sha1": mech.SHA1_RSA_PKCS,
                        "sha224": mech.SHA224_RSA_PKCS,
                        "sha256": mech.SHA256_RSA_PKCS,
                        "sha384": mech.SHA384_RSA_PKCS,
                        "sha512": mech.SHA512_RSA_PKCS,
                    }[hash_name]
                    return bytes(key.sign(data, mechanism=mechanism))
                digest = hashlib.new(hash_name, data).digest()
                return bytes(key.sign(digest, mechanism=mech.ECDSA))  # r || s already
        except SignatureError:
            raise
        except pkcs11.PinIncorrect:
            raise SignatureError("the token refused the PIN") from None
        except pkcs11.PinLocked:
            raise SignatureError("the token's PIN is locked") from None
        except pkcs11.PKCS11Error as exc:
            raise SignatureError(
                f"the PKCS#11 token failed to sign: {type(exc).__name__}"
            ) from None


__all__ = ["Pkcs11Signer"]
