"""The SDK's authentication headers, checked against values computed here from the spec's
description (vxp-transport.md §2) with hmac/hashlib/json directly — not with the helpers."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edocstd.hub import check_signed_headers, format_timestamp, hash_file, signed_headers
from edocstd.hub._signing import AuthFailure, java_hashmap_order

SECRET = "dGhpcyBpcyBub3QgZGVjb2RlZA=="  # base64-looking: used as UTF-8 text, never decoded
SYSTEMID = "000.00.00.G22"


def _java_hash(s: str) -> int:
    # String.hashCode(): s[0]*31^(n-1) + ... + s[n-1], on UTF-16 code units, 32-bit
    units = [
        int.from_bytes(s.encode("utf-16-be")[i : i + 2], "big") for i in range(0, 2 * len(s), 2)
    ]
    n = len(units)
    return sum(u * pow(31, n - 1 - i, 1 << 32) for i, u in enumerate(units)) % (1 << 32)


def test_java_string_hash_known_values() -> None:
    from edocstd.hub._signing import _java_string_hash

    # Known Java values: "".hashCode() == 0, "hello".hashCode() == 99162322
    assert _java_string_hash("") == 0
    assert _java_string_hash("hello") == 99162322
    for s in ("systemid", "timestamp", "Content-Type", "docId", "hash-file", "Đơn vị"):
        assert _java_string_hash(s) == _java_hash(s)


def test_hashmap_order_is_bucket_order() -> None:
    names = [
        "systemid",
        "timestamp",
        "Content-Type",
        "from",
        "servicetype",
        "messagetype",
        "hash-file",
    ]

    def bucket(s: str) -> int:
        h = _java_hash(s)
        return (h ^ (h >> 16)) & 15

    expected = sorted(names, key=lambda s: (bucket(s), names.index(s)))
    assert java_hashmap_order(names) == expected
    assert java_hashmap_order(names) != names  # not insertion order for these names


def test_timestamp_pads_milliseconds_to_four_digits() -> None:
    when = dt.datetime(2026, 12, 4, 13, 20, 48, 16_999)
    assert format_timestamp(when) == "04122026T132048+0016"
    assert format_timestamp(dt.datetime(2026, 1, 2, 3, 4, 5)) == "02012026T030405+0000"


def test_hash_file_drops_zero_padding_per_byte() -> None:
    data = b"package 7"
    digest = hashlib.sha256(data).hexdigest()
    pairs = [digest[i : i + 2] for i in range(0, 64, 2)]
    assert any(p.startswith("0") for p in pairs), "the vector must contain a byte below 0x10"
    expected = "".join(p[1] if p.startswith("0") else p for p in pairs)
    assert hash_file(data) == expected
    assert len(hash_file(data)) < 64


def _headers(params: dict[str, object], *, secret: str = SECRET) -> dict[str, str]:
    when = dt.datetime(2026, 12, 4, 13, 20, 48, 16_000)
    logical = {
        "systemid": SYSTEMID,
        "timestamp": format_timestamp(when),
        "Content-Type": "application/json",
        **params,
    }
    return dict(signed_headers(logical, secret=secret))  # type: ignore[arg-type]


def test_sign_header_and_hmac_recomputed_independently() -> None:
    h = _headers({"docId": "65f1c0a1b2c3d4e5f6a7b8c9", "status": "done", "description": "Đã nhận"})
    names = h["XroadVnpt-sign-header-key"].split(";")
    assert set(names) == {"systemid", "timestamp", "Content-Type", "docId", "status", "description"}
    values = {
        "systemid": SYSTEMID,
        "timestamp": "04122026T132048+0016",
        "Content-Type": "application/json",
        "docId": "65f1c0a1b2c3d4e5f6a7b8c9",
        "status": "done",
        "description": "Đã nhận",
    }
    # compact JSON, non-ASCII unescaped, keys in the sign-header-key order
    expected = "{" + ",".join(f'"XroadVnpt-{n}":"{values[n]}"' for n in names) + "}"
    assert h["XroadVnpt-sign-header"] == expected
    mac = hmac.new(SECRET.encode("utf-8"), expected.encode("utf-8"), hashlib.sha256).hexdigest()
    assert h["XroadVnpt-hash-header"] == mac
    for n in names:
        assert h[f"XroadVnpt-{n}"] == values[n]
    assert h["Content-Type"] == "application/json"
    assert "systemid" not in h  # no plain systemid header
    assert h["User-Agent"] == "JAVASDKAgent/1.0.0 XRoad/VPCP"
    assert h["XroadVnpt-version"] == "3.0.201608"


def test_to_is_a_raw_json_array() -> None:
    h = _headers({"to": ["000.00.00.H41", "000.00.00.H53"]})
    assert h["XroadVnpt-to"] == '["000.00.00.H41","000.00.00.H53"]'
    assert '"XroadVnpt-to":["000.00.00.H41","000.00.00.H53"]' in h["XroadVnpt-sign-header"]


def _received(h: dict[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in h.items()}


def test_hub_side_accepts_the_sdk_quirks() -> None:
    secrets = {SYSTEMID: SECRET}
    h = _headers({"docId": "abc", "status": "done"})
    # any order of the entries: re-sign a shuffled sign-header by hand
    entries = list(json.loads(h["XroadVnpt-sign-header"]).items())
    random.Random(7).shuffle(entries)
    # an extra signed header left over from the previous call, and a stale timestamp
    entries.append(("XroadVnpt-filePath", "/tmp/old.edxml"))
    entries = [(k, "01011999T000000+0000" if k == "XroadVnpt-timestamp" else v) for k, v in entries]
    sign = json.dumps(dict(entries), ensure_ascii=False, separators=(",", ":"))
    forged = {k: v for k, v in entries} | {"XroadVnpt-sign-header": sign}
    forged["XroadVnpt-hash-header"] = hmac.new(
        SECRET.encode(), sign.encode(), hashlib.sha256
    ).hexdigest()
    systemid, signed = check_signed_headers(_received(forged), secrets)
    assert systemid == SYSTEMID
    assert signed["docid"] == "abc" and signed["filepath"] == "/tmp/old.edxml"


@pytest.mark.parametrize(
    "mutate, why",
    [
        (lambda h: h.update({"XroadVnpt-docId": "other"}), "differs"),
        (lambda h: h.pop("XroadVnpt-docId"), "differs"),
        (lambda h: h.update({"XroadVnpt-hash-header": "0" * 64}), "does not match"),
        (lambda h: h.pop("XroadVnpt-sign-header"), "missing"),
        (lambda h: h.update({"XroadVnpt-systemid": "000.00.00.X99"}), "unknown systemid"),
    ],
)
def test_hub_side_refuses_tampering(mutate: object, why: str) -> None:
    h = _headers({"docId": "abc", "status": "done"})
    mutate(h)  # type: ignore[operator]
    with pytest.raises(AuthFailure, match=why):
        check_signed_headers(_received(h), {SYSTEMID: SECRET})


def test_hub_side_refuses_a_wrong_secret() -> None:
    h = _headers({"docId": "abc"}, secret="not the secret")
    with pytest.raises(AuthFailure, match="does not match"):
        check_signed_headers(_received(h), {SYSTEMID: SECRET})


def test_hub_side_refuses_a_signed_systemid_other_than_the_header() -> None:
    h = _headers({})
    entries = json.loads(h["XroadVnpt-sign-header"])
    entries["XroadVnpt-systemid"] = "000.00.00.H41"
    h["XroadVnpt-sign-header"] = json.dumps(entries, separators=(",", ":"))
    h["XroadVnpt-hash-header"] = hmac.new(
        SECRET.encode(), h["XroadVnpt-sign-header"].encode(), hashlib.sha256
    ).hexdigest()
    with pytest.raises(AuthFailure):
        check_signed_headers(_received(h), {SYSTEMID: SECRET, "000.00.00.H41": "x"})


_header_text = st.text(
    st.characters(
        blacklist_categories=("Cs",), blacklist_characters="".join(map(chr, range(32))) + "\x7f"
    ),
    max_size=40,
)


@given(
    params=st.dictionaries(
        st.sampled_from(["docId", "status", "description", "from", "messagetype", "filePath"]),
        _header_text,
        max_size=6,
    ),
    to=st.lists(st.from_regex(r"[0-9A-Z.]{1,20}", fullmatch=True), max_size=4),
    secret=st.text(min_size=1, max_size=40).filter(lambda s: "\x00" not in s),
)
def test_whatever_the_client_signs_the_hub_accepts(
    params: dict[str, str], to: list[str], secret: str
) -> None:
    """Any text the client may put in a header (Vietnamese included) round-trips: the hub side
    authenticates it and returns exactly the signed values."""
    logical: dict[str, object] = {
        "systemid": SYSTEMID,
        "timestamp": "04122026T132048+0016",
        "Content-Type": "application/json",
        **params,
    }
    if to:
        logical["to"] = to
    h = signed_headers(logical, secret=secret)  # type: ignore[arg-type]
    received = {k.lower(): v for k, v in h}
    systemid, signed = check_signed_headers(received, {SYSTEMID: secret})
    assert systemid == SYSTEMID
    expected = {k.lower(): v.strip(" \t") if isinstance(v, str) else v for k, v in logical.items()}
    assert expected == signed  # the values, less the spaces HTTP would drop around them
