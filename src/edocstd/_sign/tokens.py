"""What a PKCS#11 token holds, described for people and programs (``edocstd token list``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from cryptography import x509


@attrs.frozen(kw_only=True)
class TokenObject:
    """One key or certificate on a token.

    ``kind`` is ``private-key``, ``public-key`` or ``certificate``; ``key_id`` the ``CKA_ID``
    in hex (a key and its certificate share it); for a certificate, ``subject``, ``issuer``,
    ``serial`` (hex) and the validity period.
    """

    token: str
    kind: str
    label: str
    key_id: str
    key_type: str | None = None
    key_bits: int | None = None
    subject: str | None = None
    issuer: str | None = None
    serial: str | None = None
    not_before: dt.datetime | None = None
    not_after: dt.datetime | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mirror (times in ISO 8601, UTC)."""
        data = attrs.asdict(self)
        for name in ("not_before", "not_after"):
            value = data[name]
            data[name] = value.isoformat() if value is not None else None
        return data


_KINDS = (
    ("PRIVATE_KEY", "private-key"),
    ("PUBLIC_KEY", "public-key"),
    ("CERTIFICATE", "certificate"),
)


def _text(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    return str(value or "")


def _attribute(pkcs11: Any, obj: Any, name: str) -> Any:
    """An attribute the object may not have (an EC key has no modulus length)."""
    try:
        return getattr(obj, name, None)
    except (pkcs11.PKCS11Error, NotImplementedError):
        return None


def _get(pkcs11: Any, obj: Any, attribute: Any) -> Any:
    """``obj[attribute]``, or None when the token does not have it."""
    try:
        return obj[attribute]
    except (pkcs11.PKCS11Error, KeyError):
        return None


def _key_facts(pkcs11: Any, obj: Any) -> dict[str, Any]:
    key_type = _attribute(pkcs11, obj, "key_type")
    bits = _attribute(pkcs11, obj, "key_length")
    return {
        "key_type": key_type.name if key_type is not None else None,
        "key_bits": bits if isinstance(bits, int) else None,
    }


def _certificate_facts(pkcs11: Any, obj: Any) -> dict[str, Any]:
    try:
        cert = x509.load_der_x509_certificate(bytes(obj[pkcs11.Attribute.VALUE]))
    except (ValueError, TypeError):
        return {"subject": "(unreadable certificate)"}
    return {
        "subject": cert.subject.rfc4514_string(),
        "issuer": cert.issuer.rfc4514_string(),
        "serial": format(cert.serial_number, "x"),
        "not_before": cert.not_valid_before_utc,
        "not_after": cert.not_valid_after_utc,
    }


def describe_objects(pkcs11: Any, token: str, session: Any) -> list[TokenObject]:
    """Every key and certificate the session can see, keys first."""
    out: list[TokenObject] = []
    for class_name, kind in _KINDS:
        query = {pkcs11.Attribute.CLASS: getattr(pkcs11.ObjectClass, class_name)}
        for obj in session.get_objects(query):
            key_id = bytes(_get(pkcs11, obj, pkcs11.Attribute.ID) or b"").hex()
            label = _text(_get(pkcs11, obj, pkcs11.Attribute.LABEL))
            facts = (
                _certificate_facts(pkcs11, obj)
                if kind == "certificate"
                else _key_facts(pkcs11, obj)
            )
            out.append(
                TokenObject(
                    token=_text(token).strip(),
                    kind=kind,
                    label=label,
                    key_id=key_id,
                    **facts,
                )
            )
    return out


__all__ = ["TokenObject", "describe_objects"]
