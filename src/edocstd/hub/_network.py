"""The clients' connections: httpcore's pool and sockets, each wait cut short at the deadline.

httpx's ``timeout`` bounds each wait (one read, one write, the connect), not a reply: a hub
sending its status line, its headers or its body a byte at a time, each within ``timeout``,
would hold a client for days.  ``HubConfig.deadline`` bounds the whole exchange instead.  The
rule lives in :func:`_within`, applied to every wait of the network streams httpcore reads and
writes (connect, TLS handshake, request, status line, headers, body), sync and async alike: a
wait gets ``timeout`` or the time the attempt has left, whichever is shorter, and once nothing
is left the attempt ends with the deadline's error (``HubUnavailable``, as for the body).
Where httpcore would loop giving each turn the whole wait (each partial ``send`` of a write,
each address of a host), the loop is here, each turn a wait of its own.  Not bounded: the
sync client's name lookup, which the system's resolver times itself (anyio's is bounded).

The attempt whose time counts is whatever the ``current`` callable returns (the client sets a
context variable per attempt, so threads and tasks sharing a pool each count their own).
httpcore's pools take a network backend (public API, encode/httpcore#699); httpx 0.29's
transports do not pass one on (encode/httpx#3749 proposes it), so the transports here are
httpx's few lines of glue around an httpcore pool built with ours.  A total timeout in httpx
itself is still an open issue (encode/httpx#1450: the maintainers would put it in httpcore);
the workaround given there, ``asyncio.wait_for`` around the call, has no sync counterpart,
where this covers both with one rule.  Imported when a client is made without a
``transport``: ``import edocstd.hub`` does not load httpcore.
"""

from __future__ import annotations

import socket
import ssl
import urllib.request
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

import httpcore
import httpx

# where a sync write goes through httpcore (TLS in TLS), it is cut in pieces, each its own
# wait: httpcore's loop waits ``timeout`` anew for each part of a buffer the peer takes
_PIECE = 64 << 10
_Pool = TypeVar("_Pool")


class Limit(Protocol):
    """One attempt's deadline, as the streams see it."""

    def left(self) -> float: ...  # seconds

    def late(self) -> Exception: ...  # the error once nothing is left


Current = Callable[[], "Limit | None"]


@contextmanager
def _within(current: Current, timeout: float | None) -> Iterator[float | None]:
    """The rule: yields how long the next wait may last (``timeout`` or what is left of the
    attempt's deadline, whichever is shorter); a wait cut short by the deadline, or one that
    would begin after it, raises the deadline's error instead of a timeout."""
    limit = current()
    if limit is None:
        yield timeout
        return
    left = limit.left()
    if left <= 0:
        raise limit.late()
    if timeout is not None and timeout < left:
        yield timeout
        return
    try:
        yield left
    except httpcore.TimeoutException:
        raise limit.late() from None


class _Stream(httpcore.NetworkStream):
    """``direct``: the stream writes to the socket httpcore names (a plain socket, or TLS over
    one), so its writes are sent here, each ``send`` a wait of its own (TLS in TLS, through an
    HTTPS proxy, has no such socket: its writes go through httpcore, a piece at a time)."""

    def __init__(self, stream: httpcore.NetworkStream, current: Current, direct: bool) -> None:
        self._stream, self._current, self._direct = stream, current, direct

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        with _within(self._current, timeout) as wait:
            return self._stream.read(max_bytes, wait)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not self._direct:
            for start in range(0, len(buffer), _PIECE):
                with _within(self._current, timeout) as wait:
                    self._stream.write(buffer[start : start + _PIECE], wait)
            return
        # httpcore's own loop gives each partial send the same wait: a peer taking a few
        # bytes per wait would stretch one write far past the deadline
        sock, data = self._stream.get_extra_info("socket"), memoryview(buffer)
        while data:
            with _within(self._current, timeout) as wait, _write_errors():
                sock.settimeout(wait)
                data = data[sock.send(data) :]

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        plain = self._direct and self._stream.get_extra_info("ssl_object") is None
        with _closing_on_error(self._stream), _within(self._current, timeout) as wait:
            stream = self._stream.start_tls(ssl_context, server_hostname, wait)
        return _Stream(stream, self._current, plain)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


@contextmanager
def _write_errors() -> Iterator[None]:
    """A socket's errors as httpcore's stream raises them on a write."""
    try:
        yield
    except TimeoutError as exc:  # socket.timeout
        raise httpcore.WriteTimeout(exc) from exc
    except OSError as exc:
        raise httpcore.WriteError(exc) from exc


@contextmanager
def _closing_on_error(stream: httpcore.NetworkStream) -> Iterator[None]:
    """``stream`` closed if what runs fails (the deadline passed before its TLS handshake:
    httpcore keeps no hold of a stream its ``start_tls`` did not return)."""
    try:
        yield
    except BaseException:
        stream.close()
        raise


class _AsyncStream(httpcore.AsyncNetworkStream):
    def __init__(self, stream: httpcore.AsyncNetworkStream, current: Current) -> None:
        self._stream, self._current = stream, current

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        with _within(self._current, timeout) as wait:
            return await self._stream.read(max_bytes, wait)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        with _within(self._current, timeout) as wait:  # anyio bounds a whole write by its wait
            await self._stream.write(buffer, wait)

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            with _within(self._current, timeout) as wait:
                stream = await self._stream.start_tls(ssl_context, server_hostname, wait)
        except BaseException:  # as _closing_on_error, awaited
            await self._stream.aclose()
            raise
        return _AsyncStream(stream, self._current)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, current: Current) -> None:
        self._backend, self._current = httpcore.SyncBackend(), current

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        # each address its own wait, as socket.create_connection would try them but giving
        # each of them the whole wait: ten addresses that do not answer took ten deadlines
        try:
            found = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
        except OSError as exc:
            raise httpcore.ConnectError(exc) from exc
        failed: Exception | None = None
        for *_, address in found:
            try:
                with _within(self._current, timeout) as wait:
                    stream = self._backend.connect_tcp(
                        str(address[0]), port, wait, local_address, socket_options
                    )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failed = failed or exc  # the first one said, as create_connection does
                continue
            return _Stream(stream, self._current, direct=True)
        raise failed or httpcore.ConnectError(f"no address for {host}")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def _async_library_backend() -> httpcore.AsyncNetworkBackend:
    """What httpcore's own default picks: trio's backend under trio, anyio's otherwise."""
    try:
        import sniffio
    except ImportError:  # trio needs sniffio: without it, this is not trio
        return httpcore.AnyIOBackend()
    trio = sniffio.current_async_library() == "trio"
    return httpcore.TrioBackend() if trio else httpcore.AnyIOBackend()


class _AsyncBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, current: Current) -> None:
        self._backend: httpcore.AsyncNetworkBackend | None = None
        self._current = current

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        with _within(self._current, timeout) as wait:
            stream = await self._library().connect_tcp(
                host, port, wait, local_address, socket_options
            )
        return _AsyncStream(stream, self._current)

    async def sleep(self, seconds: float) -> None:
        await self._library().sleep(seconds)

    def _library(self) -> httpcore.AsyncNetworkBackend:
        """The running async library's backend, picked on first use (inside the event loop)."""
        if self._backend is None:
            self._backend = _async_library_backend()
        return self._backend


# -- the pools, built as httpx builds them for a client without a transport ---------------------


def _env_proxy(url: httpx.URL) -> httpx.Proxy | None:
    """The proxy the environment names for the hub (``HTTP(S)_PROXY``, ``ALL_PROXY``, not when
    ``NO_PROXY`` covers the host), as an httpx client without a transport would use."""
    proxies = urllib.request.getproxies()
    found = proxies.get(url.scheme) or proxies.get("all")
    if not found or urllib.request.proxy_bypass(url.host):
        return None
    return httpx.Proxy(found if "://" in found else f"http://{found}")


def _pool(
    kinds: tuple[Callable[..., _Pool], Callable[..., _Pool], Callable[..., _Pool]],
    url: str,
    limits: httpx.Limits,
    backend: object,
) -> _Pool:
    """A pool of ``kinds`` (direct, HTTP proxy, SOCKS proxy) for ``url``, its sockets made by
    ``backend``."""
    common = {
        "ssl_context": httpx.create_ssl_context(),
        "max_connections": limits.max_connections,
        "max_keepalive_connections": limits.max_keepalive_connections,
        "keepalive_expiry": limits.keepalive_expiry,
        "network_backend": backend,
    }
    proxy = _env_proxy(httpx.URL(url))
    if proxy is None:
        return kinds[0](**common)
    where = proxy.url
    proxy_url = httpcore.URL(
        scheme=where.raw_scheme, host=where.raw_host, port=where.port, target=where.raw_path
    )
    if where.scheme in ("socks5", "socks5h"):
        return kinds[2](proxy_url=proxy_url, proxy_auth=proxy.raw_auth, **common)
    return kinds[1](
        proxy_url=proxy_url,
        proxy_auth=proxy.raw_auth,
        proxy_headers=proxy.headers.raw,
        proxy_ssl_context=proxy.ssl_context,
        **common,
    )


@contextmanager
def _httpx_errors() -> Iterator[None]:
    """httpcore's errors raised as httpx's of the same name, as httpx's transports raise them;
    any other error (the deadline's among them) passes as it is."""
    try:
        yield
    except Exception as exc:
        for kind in type(exc).__mro__:
            if kind.__module__.startswith("httpcore") and hasattr(httpx, kind.__name__):
                raise getattr(httpx, kind.__name__)(str(exc)) from exc
        raise


def _core_request(request: httpx.Request) -> httpcore.Request:
    url = request.url
    return httpcore.Request(
        method=request.method,
        url=httpcore.URL(
            scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
        ),
        headers=request.headers.raw,
        content=request.stream,  # a SyncByteStream (sync) or an AsyncByteStream (async)
        extensions=request.extensions,
    )


class _Body(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _httpx_errors():
            yield from self._stream

    def close(self) -> None:
        if hasattr(self._stream, "close"):
            self._stream.close()


class _AsyncBody(httpx.AsyncByteStream):
    def __init__(self, stream: AsyncIterable[bytes]) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _httpx_errors():
            async for chunk in self._stream:
                yield chunk

    async def aclose(self) -> None:
        if hasattr(self._stream, "aclose"):
            await self._stream.aclose()


class Transport(httpx.BaseTransport):
    """The sync client's transport: an httpcore pool whose every wait keeps to the deadline."""

    def __init__(self, url: str, limits: httpx.Limits, current: Current) -> None:
        kinds = (httpcore.ConnectionPool, httpcore.HTTPProxy, httpcore.SOCKSProxy)
        self._pool: httpcore.ConnectionPool = _pool(kinds, url, limits, _Backend(current))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with _httpx_errors():
            reply = self._pool.handle_request(_core_request(request))
        assert isinstance(reply.stream, Iterable)
        body = _Body(reply.stream)
        return httpx.Response(
            reply.status, headers=reply.headers, stream=body, extensions=reply.extensions
        )

    def close(self) -> None:
        with _httpx_errors():
            self._pool.close()


class AsyncTransport(httpx.AsyncBaseTransport):
    """The async client's transport: the same pool, awaited."""

    def __init__(self, url: str, limits: httpx.Limits, current: Current) -> None:
        kinds = (httpcore.AsyncConnectionPool, httpcore.AsyncHTTPProxy, httpcore.AsyncSOCKSProxy)
        backend = _AsyncBackend(current)
        self._pool: httpcore.AsyncConnectionPool = _pool(kinds, url, limits, backend)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        with _httpx_errors():
            reply = await self._pool.handle_async_request(_core_request(request))
        assert isinstance(reply.stream, AsyncIterable)
        body = _AsyncBody(reply.stream)
        return httpx.Response(
            reply.status, headers=reply.headers, stream=body, extensions=reply.extensions
        )

    async def aclose(self) -> None:
        with _httpx_errors():
            await self._pool.aclose()


__all__ = ["AsyncTransport", "Current", "Limit", "Transport"]
