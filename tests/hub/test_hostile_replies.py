"""A hostile hub answering the client: every reply it can make is a typed, bilingual error (or a
result), never a raw exception, an unbounded read or a success made up from nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from edocstd.hub import (
    AsyncHubClient,
    HubClient,
    HubConfig,
    HubError,
    HubProtocolError,
    HubUnavailable,
)

from .conftest import B

_OK = b'{"status":"OK","ErrorCode":"0"'


def _client(handler: object) -> HubClient:
    cfg = HubConfig(url="http://hostile.invalid", systemid=B, secret="s", retries=0)
    return HubClient(cfg, transport=httpx.MockTransport(handler))  # type: ignore[arg-type]


def _answering(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> HubClient:
    return _client(lambda request: httpx.Response(status, content=body, headers=headers))


def _bilingual(exc: HubError) -> None:
    assert exc.message("vi") and exc.message("en") and exc.message("vi") != exc.message("en")


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000,  # deeper than the JSON decoder's recursion limit
        _OK + b',"data":' + b"[" * 100_000 + b"}",
    ],
    ids=["bare", "in data"],
)
def test_deeply_nested_json_is_a_protocol_error(body: bytes) -> None:
    with _answering(body) as client, pytest.raises(HubProtocolError) as info:
        client.received()
    _bilingual(info.value)


@pytest.mark.parametrize("count", [b"1e400", b"Infinity", b"-Infinity", b"NaN"])
def test_a_count_that_is_no_integer_is_a_protocol_error(count: bytes) -> None:
    with _answering(_OK + b',"count":' + count + b"}") as client, pytest.raises(HubProtocolError):
        client.count()


def test_a_reply_that_does_not_decompress_is_a_typed_error(tmp_path: Path) -> None:
    broken = {"Content-Encoding": "gzip"}
    with _answering(b"not gzip at all", headers=broken) as client:
        with pytest.raises(HubUnavailable) as info:
            client.count()
        _bilingual(info.value)
        with pytest.raises(HubUnavailable):
            client.download("d1", tmp_path / "d1.edxml")
    assert list(tmp_path.iterdir()) == []  # no package, no .part left

    async def main() -> None:
        transport = httpx.MockTransport(
            lambda request: httpx.Response(200, content=b"not gzip", headers=broken)
        )
        cfg = HubConfig(url="http://hostile.invalid", systemid=B, secret="s", retries=0)
        async with AsyncHubClient(cfg, transport=transport) as client:
            with pytest.raises(HubUnavailable):
                await client.count()

    asyncio.run(main())
