"""The SDK's authentication headers (docs/cookbook/truc-lien-thong.md), as pure functions.

The Java ``SDKVXP`` client keeps a map of *logical* headers (``systemid``, ``timestamp``,
``Content-Type``, the call's parameters, ``hash-file`` for a send), sends each as
``XroadVnpt-<name>``, and signs them: ``XroadVnpt-sign-header`` is the compact JSON of
``{"XroadVnpt-<name>": value}``, ``XroadVnpt-sign-header-key`` the names joined with ``;``,
``XroadVnpt-hash-header`` the hex HMAC-SHA256 of the sign-header string keyed by the secret's
UTF-8 bytes.  The map is a ``java.util.HashMap``, so the order is its bucket order, which
:func:`java_hashmap_order` reproduces; a verifier must not depend on any order.

:func:`check_signed_headers` is the hub's side: it recomputes the HMAC over the string it
received and checks each signed entry against the header actually sent (names compared
case-insensitively, as consumers spell them differently), accepting what the SDK does:
any order, stale timestamps, extra signed headers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping

from .._errors import BuildError

PREFIX = "XroadVnpt-"
SIGN_HEADER = PREFIX + "sign-header"
SIGN_HEADER_KEY = PREFIX + "sign-header-key"
HASH_HEADER = PREFIX + "hash-header"
SDK_USER_AGENT = "JAVASDKAgent/1.0.0 XRoad/VPCP"
SDK_VERSION = "3.0.201608"

ParamValue = str | list[str]


def format_timestamp(when: dt.datetime) -> str:
    """``ddMMyyyy'T'HHmmss+SSSS``: milliseconds zero-padded to four digits (the SDK's quirk)."""
    return f"{when:%d%m%Y}T{when:%H%M%S}+{when.microsecond // 1000:04d}"


def sdk_hex(digest: bytes) -> str:
    """Hex as the SDK writes it: each byte without zero padding (``0x0a`` → ``a``)."""
    return "".join(format(b, "x") for b in digest)


def hash_file(data: bytes) -> str:
    """The ``hash-file`` header for a package's bytes (without the trailing CRLF)."""
    return sdk_hex(hashlib.sha256(data).digest())


def _java_string_hash(s: str) -> int:
    units = s.encode("utf-16-be")  # Java hashes UTF-16 code units
    h = 0
    for i in range(0, len(units), 2):
        h = (31 * h + (units[i] << 8 | units[i + 1])) & 0xFFFFFFFF
    return h


def java_hashmap_order(names: Iterable[str]) -> list[str]:
    """The iteration order of a ``java.util.HashMap`` filled with ``names`` in this order.

    Buckets by ``(h ^ h >>> 16) & (capacity - 1)``, capacity 16 doubled while more than 3/4
    full; insertion order within a bucket (resizing keeps it).
    """
    ordered = list(dict.fromkeys(names))
    capacity = 16
    while len(ordered) > capacity * 3 // 4:
        capacity *= 2

    def bucket(name: str) -> int:
        h = _java_string_hash(name)
        return (h ^ (h >> 16)) & (capacity - 1)

    return sorted(ordered, key=bucket)  # sorted() is stable: insertion order within a bucket


def _json(value: ParamValue) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def signed_headers(logical: Mapping[str, ParamValue], *, secret: str) -> list[tuple[str, str]]:
    """The HTTP headers for a map of logical headers (``systemid``, ``timestamp``… included).

    Values are sent as text (``to``, a list, as its compact JSON array text); in the signed
    JSON, strings are JSON strings and lists raw JSON arrays.  A value with a control character
    (a line break…) cannot be a header: ``BuildError``.
    """
    # HTTP drops the whitespace around a header value: drop it before signing, or the hub's
    # comparison with the signed value would fail
    logical = {k: v.strip(" \t") if isinstance(v, str) else v for k, v in logical.items()}
    for name, value in logical.items():
        for text in [value] if isinstance(value, str) else value:
            if any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
                raise BuildError(
                    f"{name}: control characters (line breaks…) cannot travel in an HTTP header",
                    path=name,
                )
    names = java_hashmap_order(logical)
    sign_header = "{" + ",".join(f"{_json(PREFIX + n)}:{_json(logical[n])}" for n in names) + "}"
    mac = hmac.new(secret.encode("utf-8"), sign_header.encode("utf-8"), hashlib.sha256)
    headers = [(PREFIX + n, header_text(logical[n])) for n in names]
    if "Content-Type" in logical:
        headers.append(("Content-Type", header_text(logical["Content-Type"])))
    headers += [
        (SIGN_HEADER_KEY, ";".join(names)),
        (SIGN_HEADER, sign_header),
        (HASH_HEADER, mac.hexdigest()),
        ("User-Agent", SDK_USER_AGENT),
        (PREFIX + "version", SDK_VERSION),
    ]
    return headers


def header_text(value: ParamValue) -> str:
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


class AuthFailure(Exception):
    """Why a request's signed headers were refused (hub side; English, for the hub's reply)."""


def check_signed_headers(
    received: Mapping[str, str], secrets: Mapping[str, str]
) -> tuple[str, dict[str, ParamValue]]:
    """Authenticate a request; returns ``(systemid, signed logical headers)``.

    ``received`` maps lower-cased header names to their text (decoded as UTF-8).  Only the
    signed entries are returned, keyed by lower-cased logical name, so that the hub never acts
    on a header the client did not sign.
    """
    systemid = received.get((PREFIX + "systemid").lower())
    sign_header = received.get(SIGN_HEADER.lower())
    given_mac = received.get(HASH_HEADER.lower())
    if not systemid or sign_header is None or not given_mac:
        raise AuthFailure("missing XroadVnpt-systemid, -sign-header or -hash-header")
    secret = secrets.get(systemid)
    if secret is None:
        raise AuthFailure(f"unknown systemid {systemid}")
    mac = hmac.new(secret.encode("utf-8"), sign_header.encode("utf-8"), hashlib.sha256)
    given = given_mac.strip().lower().encode("utf-8")  # as bytes: str must be ASCII here
    if not hmac.compare_digest(mac.hexdigest().encode("ascii"), given):
        raise AuthFailure("XroadVnpt-hash-header does not match the signed headers")
    try:
        entries = json.loads(sign_header)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the decoder goes
        raise AuthFailure("XroadVnpt-sign-header is not JSON") from None
    if not isinstance(entries, dict):
        raise AuthFailure("XroadVnpt-sign-header is not a JSON object")
    signed: dict[str, ParamValue] = {}
    for name, value in entries.items():
        if not isinstance(value, (str, list)) or not all(isinstance(v, str) for v in value):
            raise AuthFailure(f"signed header {name} has an unsupported value")
        actual = received.get(name.lower())
        if actual is None or not _same(actual, value):
            raise AuthFailure(f"header {name} differs from its signed value")
        logical = name[len(PREFIX) :] if name.lower().startswith(PREFIX.lower()) else name
        signed[logical.lower()] = value
    if signed.get("systemid") != systemid:
        raise AuthFailure("XroadVnpt-systemid is not the signed one")
    return systemid, signed


def _same(actual: str, value: ParamValue) -> bool:
    if isinstance(value, str):
        return actual == value
    try:
        return bool(json.loads(actual) == value)
    except (ValueError, RecursionError):
        return False


__all__ = [
    "HASH_HEADER",
    "PREFIX",
    "SDK_USER_AGENT",
    "SDK_VERSION",
    "SIGN_HEADER",
    "SIGN_HEADER_KEY",
    "AuthFailure",
    "check_signed_headers",
    "format_timestamp",
    "hash_file",
    "java_hashmap_order",
    "sdk_hex",
    "signed_headers",
]
