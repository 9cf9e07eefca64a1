"""A PKCS#11 signer (USB tokens, HSMs, SoftHSM2): ``pip install edocstd[pkcs11]``.

    signer = Pkcs11Signer("/usr/lib/softhsm/libsofthsm2.so", "my-token", pin, "sign-key")
    signed = edocstd.sign(package, key=signer)   # the certificate is read from the token

The private key never leaves the token: the token receives the canonical SignedInfo
(RSA: ``CKM_SHA*_RSA_PKCS``) or its hash (ECDSA: ``CKM_ECDSA``).  The signer's certificate is
found on the token as the CA issued it: a certificate object with the key's ``CKA_ID``
(what Vietnamese CAs' token tools write), else one with the key's label.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cryptography import x509

from .._errors import SignatureError
from .algorithms import SIGNATURE_METHODS
from .tokens import TokenObject, describe_objects


def _load_library(module_path: str) -> tuple[Any, Any]:
    """python-pkcs11 and the loaded module; a ``SignatureError`` saying what is missing."""
    try:
        import pkcs11
    except ImportError:
        raise SignatureError(
            "PKCS#11 signing needs python-pkcs11: pip install 'edocstd[pkcs11]'",
            message_vi="ký bằng PKCS#11 cần python-pkcs11: pip install 'edocstd[pkcs11]'",
        ) from None
    try:
        return pkcs11, pkcs11.lib(module_path)
    except Exception as exc:  # the module failed to load: driver path or ABI problem
        raise SignatureError(
            f"cannot load the PKCS#11 module {module_path!r}: {type(exc).__name__}",
            message_vi=f"không nạp được thư viện PKCS#11 {module_path!r}: {type(exc).__name__}",
        ) from None


@contextmanager
def _token_errors(pkcs11: Any) -> Iterator[None]:
    """A token's refusals as ``SignatureError`` in both languages (never the PIN itself)."""
    try:
        yield
    except SignatureError:
        raise
    except pkcs11.PinIncorrect:
        raise SignatureError(
            "the token refused the PIN", message_vi="token từ chối mã PIN"
        ) from None
    except pkcs11.PinLocked:
        raise SignatureError(
            "the token's PIN is locked",
            message_vi="mã PIN của token đã bị khóa (nhập sai quá số lần cho phép)",
        ) from None
    except pkcs11.PKCS11Error as exc:
        raise SignatureError(
            f"the PKCS#11 token failed: {type(exc).__name__}",
            message_vi=f"token PKCS#11 báo lỗi: {type(exc).__name__}",
        ) from None


def _as_id(key_id: bytes | str | None) -> bytes | None:
    if key_id is None or isinstance(key_id, bytes):
        return key_id
    try:
        return bytes.fromhex(key_id)
    except ValueError:
        raise SignatureError(
            f"a key id is hexadecimal (such as '01' or 'a1b2'), not {key_id!r}",
            message_vi=f"mã khóa (id) phải ở dạng thập lục phân (như '01', 'a1b2'), không phải "
            f"{key_id!r}",
        ) from None


class Pkcs11Signer:
    """Signs through a PKCS#11 module; usable as ``key=`` in :func:`sign`.

    The key is found by ``key_label`` or ``key_id`` (``CKA_ID``, bytes or hex text), or both.
    ``pin`` is kept only in this object (never logged nor shown in ``repr``); pass
    ``pin=None`` for tokens with a protected authentication path (PIN pad).
    """

    def __init__(
        self,
        module_path: str | os.PathLike[str],
        token_label: str,
        pin: str | None,
        key_label: str | None = None,
        *,
        key_id: bytes | str | None = None,
    ) -> None:
        self.module_path = os.fspath(module_path)
        self.token_label = token_label
        self.key_label = key_label
        self.key_id = _as_id(key_id)
        if key_label is None and self.key_id is None:
            raise SignatureError(
                "name the key on the token: key_label or key_id",
                message_vi="hãy chỉ ra khóa trên token: key_label hoặc key_id",
            )
        self.__pin = pin

    def __repr__(self) -> str:
        key = f"key_label={self.key_label!r}" if self.key_label is not None else ""
        if self.key_id is not None:
            key += (", " if key else "") + f"key_id={self.key_id.hex()!r}"
        return (
            f"Pkcs11Signer(module_path={self.module_path!r}, token_label="
            f"{self.token_label!r}, {key})"
        )

    @contextmanager
    def _session(self) -> Iterator[tuple[Any, Any]]:
        pkcs11, lib = _load_library(self.module_path)
        try:
            token = lib.get_token(token_label=self.token_label)
        except pkcs11.NoSuchToken:
            raise SignatureError(
                f"no PKCS#11 token labelled {self.token_label!r}",
                message_vi=f"không có token PKCS#11 nào mang nhãn {self.token_label!r}",
            ) from None
        except pkcs11.PKCS11Error as exc:
            raise SignatureError(f"PKCS#11 error finding the token: {type(exc).__name__}") from None
        pin = self.__pin if self.__pin is not None else pkcs11.PROTECTED_AUTH
        with _token_errors(pkcs11), token.open(user_pin=pin) as session:
            yield pkcs11, session

    def _which(self, pkcs11: Any) -> dict[Any, Any]:
        query: dict[Any, Any] = {}
        if self.key_label is not None:
            query[pkcs11.Attribute.LABEL] = self.key_label
        if self.key_id is not None:
            query[pkcs11.Attribute.ID] = self.key_id
        return query

    def _key(self, pkcs11: Any, session: Any) -> Any:
        query = {**self._which(pkcs11), pkcs11.Attribute.CLASS: pkcs11.ObjectClass.PRIVATE_KEY}
        found = list(session.get_objects(query))
        if len(found) != 1:
            what = repr(self).split(", ", 2)[-1].rstrip(")")
            raise SignatureError(
                f"{'no' if not found else 'more than one'} private key with {what} on the token",
                message_vi=f"{'không có' if not found else 'có nhiều hơn một'} khóa bí mật "
                f"với {what} trên token",
            )
        return found[0]

    def certificate(self) -> x509.Certificate:
        """The key's certificate on the token: same ``CKA_ID`` as the key, else same label."""
        with self._session() as (pkcs11, session):
            key = self._key(pkcs11, session)
            cert_class = {pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE}
            for attribute, value in (
                (pkcs11.Attribute.ID, key[pkcs11.Attribute.ID]),
                (pkcs11.Attribute.LABEL, key[pkcs11.Attribute.LABEL]),
            ):
                if not value:
                    continue
                for obj in session.get_objects({**cert_class, attribute: value}):
                    return x509.load_der_x509_certificate(bytes(obj[pkcs11.Attribute.VALUE]))
        raise SignatureError(
            "no certificate on the token has the key's id or label: give cert=",
            message_vi="không có chứng thư nào trên token cùng mã (id) hoặc nhãn với khóa: "
            "hãy cho cert=",
        )

    def sign_xmldsig(self, data: bytes, signature_method: str) -> bytes:
        """The SignatureValue of ``data`` (the canonical SignedInfo), computed on the token."""
        if signature_method not in SIGNATURE_METHODS:
            raise SignatureError(f"unsupported signature method {signature_method!r}")
        kind, hash_name = SIGNATURE_METHODS[signature_method]
        with self._session() as (pkcs11, session):
            key = self._key(pkcs11, session)
            mech = pkcs11.Mechanism
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


def list_token_objects(
    module_path: str | os.PathLike[str], *, token_label: str | None = None, pin: str | None = None
) -> list[TokenObject]:
    """The keys and certificates of every token the module sees (or of ``token_label``).

    Without ``pin`` only public objects are listed (certificates, public keys): most tokens
    show private keys after login only.  The PIN is used to log in, never kept.
    """
    pkcs11, lib = _load_library(os.fspath(module_path))
    out: list[TokenObject] = []
    with _token_errors(pkcs11):
        for slot in lib.get_slots(token_present=True):
            token = slot.get_token()
            if token_label is not None and token.label != token_label:
                continue
            if not token.flags & pkcs11.TokenFlag.TOKEN_INITIALIZED:
                continue  # an empty slot of a token that was never set up
            with token.open(user_pin=pin) as session:
                out.extend(describe_objects(pkcs11, token.label, session))
    return out


__all__ = ["Pkcs11Signer", "list_token_objects"]
