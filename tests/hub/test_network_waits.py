"""The clients' own transport (``hub/_network``) keeps every wait within the deadline where
httpcore's loops would give a wait anew: each partial ``send`` of a write, each address of a
host; and a stream left at the deadline before its TLS handshake is closed, not dropped."""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpcore
import pytest

from edocstd.hub import HubClient, HubConfig, HubUnavailable, _client
from edocstd.hub._network import _AsyncStream, _Backend, _Stream

from .conftest import B


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A loopback server socket; what connects to it is accepted and read until closed."""
    server = socket.create_server(("127.0.0.1", 0))

    def accept() -> None:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        with conn:
            while conn.recv(1 << 16):
                pass

    threading.Thread(target=accept, daemon=True).start()
    yield server
    server.close()


def test_a_peer_taking_a_few_bytes_per_wait_cannot_stretch_a_write(
    listener: socket.socket, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hub taking ten bytes per wait, each wait 0.1 s of a 1 s deadline (and well within
    ``timeout``): the write is left at the deadline, not when the last byte has gone."""
    now = [0.0]
    monkeypatch.setattr(_client, "_now", lambda: now[0])
    stream = _Backend(_client._attempt.get).connect_tcp(*listener.getsockname(), timeout=5.0)
    send = socket.socket.send

    def slowly(self: socket.socket, data: Any, *flags: int) -> int:
        now[0] += 0.1
        return send(self, data[:10], *flags)

    monkeypatch.setattr(socket.socket, "send", slowly)
    try:
        with _client._Budget("sendEdoc", 1 << 20, 1.0), pytest.raises(HubUnavailable) as info:
            stream.write(b"x" * 1000, timeout=30.0)
    finally:
        monkeypatch.undo()
        stream.close()
    assert "deadline" in info.value.message("vi") and "deadline" in info.value.message("en")
    assert now[0] <= 1.1  # the waits that began before the deadline, not a hundred of them


class _Past:
    """An attempt whose deadline has passed."""

    def left(self) -> float:
        return -1.0

    def late(self) -> Exception:
        return HubUnavailable("late", message_vi="trễ")


def test_a_stream_left_before_its_tls_handshake_is_closed(listener: socket.socket) -> None:
    plain = httpcore.SyncBackend().connect_tcp(*listener.getsockname())
    with pytest.raises(HubUnavailable):
        _Stream(plain, _Past, direct=True).start_tls(ssl.create_default_context(), "hub.test")
    assert plain.get_extra_info("socket").fileno() == -1


def test_an_async_stream_left_before_its_tls_handshake_is_closed(
    listener: socket.socket,
) -> None:
    async def main() -> Any:
        plain = await httpcore.AnyIOBackend().connect_tcp(*listener.getsockname())
        with pytest.raises(HubUnavailable):
            await _AsyncStream(plain, _Past).start_tls(ssl.create_default_context(), "hub.test")
        return plain.get_extra_info("socket")

    assert asyncio.run(main()).fileno() == -1


@pytest.fixture
def four_silent_addresses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """``hub.test`` resolves to four addresses, none of which answers a connect (each waits
    its timeout out); the list gets each connect's wait."""
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    resolve, waits = socket.getaddrinfo, list[float]()

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "hub.test":
            return resolve(host, port, *args, **kwargs)
        tcp = (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "")
        return [(*tcp, (f"127.0.0.{i}", port)) for i in range(2, 6)]

    def connect(self: socket.socket, address: Any) -> None:
        wait = self.gettimeout()
        waits.append(wait)
        time.sleep(wait)
        raise TimeoutError("timed out")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    return waits


def test_the_addresses_of_a_host_share_the_deadline(four_silent_addresses: list[float]) -> None:
    """``socket.create_connection`` gives each address the whole wait: four addresses that do
    not answer took four deadlines.  Each is given what is left: the first one takes it all."""
    config = HubConfig(
        url="http://hub.test:8080", systemid=B, secret="s", retries=0, timeout=30, deadline=0.2
    )
    with HubClient(config) as client, pytest.raises(HubUnavailable, match="deadline"):
        client.count()
    assert len(four_silent_addresses) == 1


def test_every_address_is_tried_within_the_deadline(four_silent_addresses: list[float]) -> None:
    """A ``timeout`` shorter than what is left: the next address is tried, as before."""
    config = HubConfig(
        url="http://hub.test:8080", systemid=B, secret="s", retries=0, timeout=0.01, deadline=60
    )
    with HubClient(config) as client, pytest.raises(HubUnavailable, match="no answer"):
        client.count()
    assert four_silent_addresses == [0.01] * 4
