"""``HubConfig.deadline`` bounds the whole exchange with a real hub on loopback: a hub that
trickles its status line, headers or body a byte at a time (each byte well within ``timeout``),
or accepts and says nothing (TLS handshake included), is left with the deadline's typed error,
sync and async; calls safe to repeat are tried again with a fresh deadline, a send never is.

The hubs here are raw sockets.  None trickles for longer than ``_GIVE_UP`` seconds: a client
that does not keep its deadline then fails these tests (the hub, not the client, ended the
exchange) instead of hanging the run."""

from __future__ import annotations

import asyncio
import itertools
import select
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from edocstd.hub import AsyncHubClient, HubClient, HubConfig, HubUnavailable

from .conftest import B

_GIVE_UP = 30.0  # seconds: a guard, never reached by a client that keeps its deadline
_TICK = 0.05  # seconds between two trickled bytes
_STATUS = b"HTTP/1.1 200 OK\r\n"
_JSON = b"Content-Type: application/json\r\n"


def _gone(conn: socket.socket, wait: float) -> bool:
    """Whether the client closed its end, watching for up to ``wait`` seconds (what it sends
    meanwhile, its request, is read and dropped)."""
    readable, _, _ = select.select([conn], [], [], wait)
    if not readable:
        return False
    try:
        return conn.recv(1 << 16) == b""
    except OSError:
        return True


def _trickle(head: bytes, slow: bytes, then: bytes) -> Callable[[socket.socket], str]:
    """A hub sending ``head`` at once, then ``slow`` a byte every ``_TICK`` s, then the byte
    ``then`` for ever, at the same pace."""

    def answer(conn: socket.socket) -> str:
        conn.sendall(head)
        drip = itertools.chain((slow[i : i + 1] for i in range(len(slow))), itertools.repeat(then))
        for byte in itertools.islice(drip, int(_GIVE_UP / _TICK)):
            if _gone(conn, _TICK):
                return "client left"
            try:
                conn.sendall(byte)
            except OSError:
                return "client left"
        return "hub gave up"

    return answer


def _silent(conn: socket.socket) -> str:
    """A hub that accepts the connection and never answers (nor ends a TLS handshake)."""
    for _ in range(int(_GIVE_UP / _TICK)):
        if _gone(conn, _TICK):
            return "client left"
    return "hub gave up"


def _request(conn: socket.socket) -> bytes:
    """One request, read whole (headers, then ``Content-Length`` bytes); ``b""`` when the
    client left instead."""
    data = b""
    while b"\r\n\r\n" not in data:
        if not select.select([conn], [], [], _GIVE_UP)[0] or not (chunk := conn.recv(1 << 16)):
            return b""
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    fields = [line.split(b":", 1) for line in head.lower().split(b"\r\n")[1:]]
    length = int(dict(fields).get(b"content-length", b"0"))
    while len(body) < length:
        if not select.select([conn], [], [], _GIVE_UP)[0] or not (chunk := conn.recv(1 << 16)):
            return b""
        body += chunk
    return data


def _slowly(reply: bytes, pieces: int) -> Callable[[socket.socket], str]:
    """A hub sending a whole ``reply`` in ``pieces``, ``_TICK`` s apart, then keeping the
    connection open until the client leaves."""

    def answer(conn: socket.socket) -> str:
        if not _request(conn):
            return "no request"
        size = -(-len(reply) // pieces)
        for start in range(0, len(reply), size):
            conn.sendall(reply[start : start + size])
            select.select([], [], [], _TICK)
        return _silent(conn)

    return answer


class _RawHub:
    """A hub on loopback answering each connection with ``answer`` (in a thread of its own),
    recording how each exchange ended."""

    def __init__(self, answer: Callable[[socket.socket], str]) -> None:
        self._answer, self._ended, self._threads = answer, list[str](), list[threading.Thread]()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:  # closed: the test is over
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            self._ended.append(self._answer(conn))

    def config(self, scheme: str = "http", **settings: Any) -> HubConfig:
        settings = {"retries": 0, "backoff": 0, "timeout": 10.0, "deadline": 0.5} | settings
        url = f"{scheme}://127.0.0.1:{self.port}"
        return HubConfig(url=url, systemid=B, secret="s", **settings)

    def ended(self) -> list[str]:
        """How each exchange ended, once all have (within the guard)."""
        for thread in list(self._threads):
            thread.join(_GIVE_UP + 10)
        return self._ended

    def close(self) -> None:
        self._server.close()


@pytest.fixture
def raw_hub() -> Iterator[Callable[[Callable[[socket.socket], str]], _RawHub]]:
    hubs: list[_RawHub] = []

    def start(answer: Callable[[socket.socket], str]) -> _RawHub:
        hubs.append(_RawHub(answer))
        return hubs[-1]

    yield start
    for hub in hubs:
        hub.close()


def _call(mode: str, config: HubConfig, name: str, *args: Any) -> Any:
    """``client.name(*args)`` on a fresh sync or async client."""
    if mode == "sync":
        with HubClient(config) as client:
            return getattr(client, name)(*args)

    async def main() -> Any:
        async with AsyncHubClient(config) as client:
            return await getattr(client, name)(*args)

    return asyncio.run(main())


def _late(mode: str, config: HubConfig, name: str, *args: Any) -> HubUnavailable:
    with pytest.raises(HubUnavailable, match="deadline") as info:
        _call(mode, config, name, *args)
    exc = info.value
    assert "deadline" in exc.message("vi") and exc.message("vi") != exc.message("en")
    return exc


MODES = pytest.mark.parametrize("mode", ["sync", "async"])
_ENDLESS_HEADER = b"X-Trickle: "


@MODES
def test_a_hub_trickling_its_status_line_is_stopped_at_the_deadline(
    mode: str, raw_hub: Callable[..., _RawHub]
) -> None:
    """The status line and then a header never ending, a byte every 0.05 s (``timeout`` 10 s):
    the client leaves at the deadline; a count is tried again (with a deadline of its own), a
    send never is."""
    hub = raw_hub(_trickle(b"", _STATUS + _ENDLESS_HEADER, b"a"))
    _late(mode, hub.config(retries=1), "count")
    _late(mode, hub.config(retries=1), "send", b"<x/>")
    assert hub.ended() == ["client left"] * 3  # count twice, send once


@MODES
def test_a_hub_trickling_its_headers_is_stopped_at_the_deadline(
    mode: str, raw_hub: Callable[..., _RawHub]
) -> None:
    hub = raw_hub(_trickle(_STATUS + _JSON + _ENDLESS_HEADER, b"", b"a"))
    _late(mode, hub.config(), "received")
    assert hub.ended() == ["client left"]


@MODES
def test_a_hub_trickling_its_body_is_stopped_at_the_deadline(
    mode: str, raw_hub: Callable[..., _RawHub], tmp_path: Path
) -> None:
    head = _STATUS + b"Content-Type: application/octet-stream\r\nContent-Length: 65536\r\n\r\n"
    hub = raw_hub(_trickle(head, b"", b"<"))
    _late(mode, hub.config(), "download", "d1", tmp_path / "d1.edxml")
    assert hub.ended() == ["client left"]
    assert list(tmp_path.iterdir()) == []  # nothing filed, no .part left


@MODES
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_silent_hub_is_left_at_the_deadline(
    mode: str, scheme: str, raw_hub: Callable[..., _RawHub]
) -> None:
    """Accepted, then nothing (over https: no end to the TLS handshake)."""
    hub = raw_hub(_silent)
    _late(mode, hub.config(scheme, timeout=60.0), "count")
    assert hub.ended() == ["client left"]


@MODES
def test_a_silent_hub_is_left_at_the_timeout_when_it_comes_first(
    mode: str, raw_hub: Callable[..., _RawHub]
) -> None:
    hub = raw_hub(_silent)
    with pytest.raises(HubUnavailable, match="no answer from the hub") as info:
        _call(mode, hub.config(timeout=0.2, deadline=60.0), "count")
    assert "deadline" not in str(info.value)
    assert hub.ended() == ["client left"]


@MODES
def test_a_hub_not_reading_the_package_sent_is_left_at_the_deadline(
    mode: str, raw_hub: Callable[..., _RawHub]
) -> None:
    """A send larger than the sockets' buffers to a hub that reads none of it: the client's
    writes wait, and are left at the deadline too (and a send is not tried again)."""
    done = threading.Event()

    def deaf(conn: socket.socket) -> str:
        done.wait(_GIVE_UP)  # until the client has given up (or the guard)
        return _silent(conn)  # then read what it sent until it is gone

    hub = raw_hub(deaf)
    _late(mode, hub.config(timeout=60.0, retries=3), "send", b"<x/>" * (4 << 20))
    done.set()
    assert hub.ended() == ["client left"]


_COUNT = _STATUS + _JSON + b'Content-Length: 41\r\n\r\n{"status":"OK","ErrorCode":"0","count":7}'


@MODES
def test_a_slow_reply_within_the_deadline_is_read(
    mode: str, raw_hub: Callable[..., _RawHub]
) -> None:
    """Forty pieces 0.05 s apart, well within a deadline of 60 s."""
    hub = raw_hub(_slowly(_COUNT, pieces=40))
    assert _call(mode, hub.config(deadline=60.0), "count") == 7
    assert hub.ended() == ["client left"]


def test_each_call_on_a_kept_connection_has_a_deadline_of_its_own(
    raw_hub: Callable[..., _RawHub], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fast hub, the connection kept between calls; between them the clock jumps well past
    a deadline: the next call counts from its own start."""
    from edocstd.hub import _client

    now = [0.0]
    monkeypatch.setattr(_client, "_now", lambda: now[0])

    def answer(conn: socket.socket) -> str:
        while _request(conn):  # each request answered at once
            conn.sendall(_COUNT)
        return "client left"

    hub = raw_hub(answer)
    config = hub.config(deadline=100.0)
    with HubClient(config) as client:
        assert client.count() == 7
        now[0] += 1000.0
        assert client.count() == 7

    async def main() -> None:
        async with AsyncHubClient(config) as client:
            assert await client.count() == 7
            now[0] += 1000.0
            assert await client.count() == 7

    asyncio.run(main())
    assert hub.ended() == ["client left"] * 2  # one connection per client, kept


@MODES
def test_the_clients_own_transport_goes_through_the_environments_proxy(
    mode: str, raw_hub: Callable[..., _RawHub], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As httpx's default one does: ``HTTP_PROXY`` is used, unless ``NO_PROXY`` names the
    hub."""
    seen: list[bytes] = []

    def proxy(conn: socket.socket) -> str:
        while request := _request(conn):
            seen.append(request.split(b"\r\n")[0])
            conn.sendall(_COUNT)
        return "client left"

    via = raw_hub(proxy)
    for name in ("no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    for name in ("http_proxy", "HTTP_PROXY"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{via.port}")
    config = HubConfig(url="http://hub.invalid", systemid=B, secret="s", retries=0)
    assert _call(mode, config, "count") == 7
    assert seen == [b"POST http://hub.invalid/countReceiveEdoc HTTP/1.1"]

    hub = raw_hub(proxy)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert _call(mode, hub.config(), "count") == 7
    assert seen[1:] == [b"POST /countReceiveEdoc HTTP/1.1"]  # straight to the hub
