"""``HubClient`` (sync) and ``AsyncHubClient`` (async): httpx shells over the sans-IO core.

Everything protocol-shaped (signed headers, paths, reply reading) is in ``_protocol`` and
``_signing``; this module only moves bytes.  Calls safe to repeat are retried on network
errors, timeouts and HTTP 5xx with exponential backoff; ``send`` never is (the hub has no
idempotency key: a blind resend duplicates the package).  Downloads stream straight to disk and
appear under their name only once complete and fsynced.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import os
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from contextvars import ContextVar, Token
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from ._config import HubConfig
from ._errors import HubError, HubProtocolError, HubUnavailable
from ._files import atomic_file
from ._protocol import (
    SERVICE_TYPE,
    AckStatus,
    Agency,
    Delivery,
    MessageType,
    ReceivedItem,
    Request,
    build_request,
    parse_reply,
    send_params,
)
from ._signing import ParamValue, hash_file, sdk_hex

_CHUNK = 1 << 20
Package = bytes | os.PathLike[str] | str


def _package_body(package: Package) -> tuple[bytes | Path, str]:
    """The body to send and its ``hash-file`` (a path is hashed in chunks, then streamed)."""
    if isinstance(package, (bytes, bytearray, memoryview)):
        data = bytes(package)
        return data, hash_file(data)
    path = Path(package)
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return path, sdk_hex(h.digest())


def _file_chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            yield chunk
    yield b"\r\n"


async def _afile_chunks(path: Path) -> AsyncIterator[bytes]:
    for chunk in _file_chunks(path):
        yield chunk


_now = time.monotonic


class _Budget:
    """What is left of ``max_reply`` and ``deadline`` for one attempt: a hub answering without
    end (or a small compressed body that inflates to gigabytes) is stopped at ``max_reply``, not
    read into memory or disk; one sending a byte now and then (each within ``timeout``, which
    httpx counts per wait) is stopped once ``deadline`` has passed, from the connect to the last
    byte of the body.  Entered (``with``), it is the attempt the clients' own transports
    (``_network``) cut every wait to; its ``take`` counts and times the body's pieces, read as
    they arrive (``iter_bytes()`` without a size), with any transport."""

    def __init__(self, call: str, limit: int, deadline: float) -> None:
        self.call, self.limit, self.left_bytes = call, limit, limit
        self.deadline, self.until = deadline, _now() + deadline
        self._token: Token[_Budget | None] | None = None

    def __enter__(self) -> _Budget:
        self._token = _attempt.set(self)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _attempt.reset(self._token)

    def left(self) -> float:
        """Seconds left before the deadline."""
        return self.until - _now()

    def late(self) -> HubUnavailable:
        return HubUnavailable(
            f"{self.call}: the hub's reply took longer than deadline ({self.deadline:g} s)",
            message_vi=f"{self.call}: trục trả lời lâu hơn deadline ({self.deadline:g} giây)",
        )

    def take(self, chunk: bytes) -> bytes:
        self.left_bytes -= len(chunk)
        if self.left_bytes < 0:
            raise HubProtocolError(
                f"{self.call}: the hub's reply is larger than max_reply ({self.limit} bytes)",
                message_vi=f"{self.call}: trả lời của trục lớn hơn max_reply ({self.limit} byte)",
            )
        if _now() > self.until:
            raise self.late()
        return chunk

    def read(self, response: httpx.Response) -> bytes:
        return b"".join(self.take(c) for c in response.iter_bytes())

    async def aread(self, response: httpx.Response) -> bytes:
        return b"".join([self.take(c) async for c in response.aiter_bytes()])


# the attempt under way in this thread or task: the one whose deadline the connections keep to
_attempt: ContextVar[_Budget | None] = ContextVar("edocstd_hub_attempt", default=None)


def _unavailable(call: str, exc: Exception) -> HubUnavailable:
    what = type(exc).__name__
    return HubUnavailable(
        f"{call}: no answer from the hub ({what}: {exc})",
        message_vi=f"{call}: trục không trả lời ({what}: {exc})",
    )


class _Core:
    """What both shells share: configuration, each call's request, the retry schedule."""

    def __init__(self, config: HubConfig) -> None:
        self.config = config

    def __repr__(self) -> str:
        return f"{type(self).__name__}(url={self.config.url!r}, systemid={self.config.systemid!r})"

    def _request(
        self,
        call: str,
        params: Mapping[str, ParamValue] | None = None,
        *,
        body: bytes | Path = b"",
        hash_value: str | None = None,
    ) -> Request:
        return build_request(
            call,
            params or {},
            systemid=self.config.systemid,
            secret=self.config.secret.reveal(),
            now=dt.datetime.now(),
            body=body,
            hash_file=hash_value,
        )

    # -- one request per operation (the shells only send them) -----------------------------

    def _send_request(
        self, package: Package, message_type: MessageType, to: list[str] | None
    ) -> Request:
        body, digest = _package_body(package)
        params = send_params(self.config.systemid, message_type, to)
        return self._request("sendEdoc", params, body=body, hash_value=digest)

    def _received_request(self, message_type: MessageType) -> Request:
        params = {"servicetype": SERVICE_TYPE, "messagetype": message_type}
        return self._request("getReceivedEdocList", params)

    def _sent_request(self, doc_id: str, message_type: MessageType) -> Request:
        params = {"servicetype": SERVICE_TYPE, "messagetype": message_type, "docId": doc_id}
        return self._request("getSentEdocList", params)

    def _ack_request(self, doc_id: str, status: AckStatus, description: str | None) -> Request:
        params: dict[str, ParamValue] = {"docId": doc_id, "status": status}
        if description:
            params["description"] = description
        return self._request("updateStatus", params)

    def _count_request(self, message_type: MessageType) -> Request:
        return self._request("countReceiveEdoc" if message_type == "edoc" else "countReceiveStatus")

    # -- HTTP shaping and retries ------------------------------------------------------------

    def _http_kwargs(self, request: Request, content: Any = None) -> dict[str, Any]:
        headers = [(k, v.encode("utf-8")) for k, v in request.headers]
        if isinstance(request.body, os.PathLike):
            size = os.path.getsize(request.body) + 2
            headers.append(("Content-Length", str(size).encode("ascii")))
        kwargs = {"method": request.method, "url": request.path, "headers": headers}
        if content is not None:
            kwargs["content"] = content
        return kwargs

    def _budget(self, request: Request) -> _Budget:
        return _Budget(request.call.name, self.config.max_reply, self.config.deadline)

    def _retry_delay(self, request: Request, attempt: int, exc: Exception) -> float:
        """How long to wait before trying ``request`` again; raises when it must not be (a
        send, or no retry left)."""
        attempts = 1 + max(0, self.config.retries) if request.call.idempotent else 1
        if attempt + 1 >= attempts:
            if isinstance(exc, HubUnavailable):
                raise exc
            raise _unavailable(request.call.name, exc) from None
        return float(self.config.backoff * (2**attempt))

    def _limits(self) -> httpx.Limits:
        return httpx.Limits(max_connections=self.config.max_connections)

    def _client_kwargs(self) -> dict[str, Any]:
        # waiting for a free connection of the pool is no part of an attempt's waits: bounded
        # by the deadline too when that is the shorter
        timeout, deadline = self.config.timeout, self.config.deadline
        return {
            "base_url": self.config.url,
            "timeout": httpx.Timeout(timeout, pool=min(timeout, deadline)),
            "limits": self._limits(),
            "follow_redirects": False,
        }


def _not_a_package(response: httpx.Response) -> bool:
    """A download answers the package bytes; an error comes as the JSON envelope."""
    ctype = response.headers.get("content-type", "")
    return response.status_code != 200 or ctype.startswith("application/json")


def _download_error(call: str, response: httpx.Response, body: bytes) -> HubError:
    try:
        parse_reply(call, response.status_code, body)
    except HubError as exc:
        return exc
    return HubProtocolError(
        f"{call}: HTTP {response.status_code} without a package",
        message_vi=f"{call}: HTTP {response.status_code}, không có gói tin",
    )


# DecodingError: a body that does not decompress as its Content-Encoding says is no usable answer
_RETRYABLE = (httpx.TransportError, httpx.DecodingError, HubUnavailable)


class HubClient(_Core):
    """Talk to a VXP/VDXP hub, synchronously.  Use as a context manager (or call ``close``)."""

    def __init__(self, config: HubConfig, *, transport: httpx.BaseTransport | None = None) -> None:
        """``transport`` (httpx's) replaces the client's own: ``deadline`` then bounds the
        reading of a reply's body only, the rest being that transport's business."""
        super().__init__(config)
        if transport is None:
            from ._network import Transport

            transport = Transport(config.url, self._limits(), _attempt.get)
        self._http = httpx.Client(transport=transport, **self._client_kwargs())

    def __enter__(self) -> HubClient:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _call(self, request: Request) -> Any:
        attempt = 0
        while True:
            body = request.body
            content = _file_chunks(body) if isinstance(body, Path) else body
            try:
                with (
                    self._budget(request) as budget,
                    self._http.stream(**self._http_kwargs(request, content)) as response,
                ):
                    body = budget.read(response)
                return parse_reply(request.call.name, response.status_code, body)
            except _RETRYABLE as exc:
                time.sleep(self._retry_delay(request, attempt, exc))
            attempt += 1

    def send(
        self, package: Package, *, message_type: MessageType = "edoc", to: list[str] | None = None
    ) -> str:
        """Send an edoc (or, ``message_type="status"``, a status package); returns its DocId.
        Never retried: the hub has no idempotency key, a resend would duplicate."""
        return str(self._call(self._send_request(package, message_type, to)))

    def received(self, message_type: MessageType = "edoc") -> list[ReceivedItem]:
        """What waits for you (listed until acknowledged)."""
        return list(self._call(self._received_request(message_type)))

    def sent(self, doc_id: str, message_type: MessageType = "edoc") -> list[Delivery]:
        """Per-recipient delivery state of a package you sent (its DocId)."""
        return list(self._call(self._sent_request(doc_id, message_type)))

    def get(self, doc_id: str) -> bytes:
        """Fetch a package through the JSON (base64) form; prefer ``download`` for large ones."""
        return bytes(self._call(self._request("getEdoc", {"docId": doc_id})))

    def acknowledge(
        self, doc_id: str, status: AckStatus = "done", description: str | None = None
    ) -> None:
        """Tell the hub the package was stored (``done``), or not (``fail``, ``processing``)."""
        self._call(self._ack_request(doc_id, status, description))

    def count(self, message_type: MessageType = "edoc") -> int:
        return int(self._call(self._count_request(message_type)))

    def agencies(self) -> list[Agency]:
        return list(self._call(self._request("getAgenciesList")))

    def download(self, doc_id: str, target: str | os.PathLike[str]) -> Path:
        """Stream a package to ``target``; the file exists only once complete and fsynced."""
        request = self._request("downloadEdoc", {"docId": doc_id})
        attempt = 0
        while True:
            try:
                with (
                    self._budget(request) as budget,
                    self._http.stream(**self._http_kwargs(request)) as response,
                ):
                    if _not_a_package(response):
                        body = budget.read(response)
                        raise _download_error(request.call.name, response, body)
                    with atomic_file(Path(target)) as f:
                        for chunk in response.iter_bytes():
                            f.write(budget.take(chunk))
                return Path(target)
            except _RETRYABLE as exc:
                time.sleep(self._retry_delay(request, attempt, exc))
            attempt += 1


class AsyncHubClient(_Core):
    """The same calls as :class:`HubClient`, awaitable (``async with AsyncHubClient(cfg)``)."""

    def __init__(
        self, config: HubConfig, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        super().__init__(config)
        if transport is None:
            from ._network import AsyncTransport

            transport = AsyncTransport(config.url, self._limits(), _attempt.get)
        self._http = httpx.AsyncClient(transport=transport, **self._client_kwargs())

    async def __aenter__(self) -> AsyncHubClient:
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _call(self, request: Request) -> Any:
        attempt = 0
        while True:
            body = request.body
            content = _afile_chunks(body) if isinstance(body, Path) else body
            try:
                with self._budget(request) as budget:
                    async with self._http.stream(**self._http_kwargs(request, content)) as response:
                        body = await budget.aread(response)
                return parse_reply(request.call.name, response.status_code, body)
            except _RETRYABLE as exc:
                await asyncio.sleep(self._retry_delay(request, attempt, exc))
            attempt += 1

    async def send(
        self, package: Package, *, message_type: MessageType = "edoc", to: list[str] | None = None
    ) -> str:
        return str(await self._call(self._send_request(package, message_type, to)))

    async def received(self, message_type: MessageType = "edoc") -> list[ReceivedItem]:
        return list(await self._call(self._received_request(message_type)))

    async def sent(self, doc_id: str, message_type: MessageType = "edoc") -> list[Delivery]:
        return list(await self._call(self._sent_request(doc_id, message_type)))

    async def get(self, doc_id: str) -> bytes:
        return bytes(await self._call(self._request("getEdoc", {"docId": doc_id})))

    async def acknowledge(
        self, doc_id: str, status: AckStatus = "done", description: str | None = None
    ) -> None:
        await self._call(self._ack_request(doc_id, status, description))

    async def count(self, message_type: MessageType = "edoc") -> int:
        return int(await self._call(self._count_request(message_type)))

    async def agencies(self) -> list[Agency]:
        return list(await self._call(self._request("getAgenciesList")))

    async def download(self, doc_id: str, target: str | os.PathLike[str]) -> Path:
        request = self._request("downloadEdoc", {"docId": doc_id})
        attempt = 0
        while True:
            try:
                with self._budget(request) as budget:
                    async with self._http.stream(**self._http_kwargs(request)) as response:
                        if _not_a_package(response):
                            body = await budget.aread(response)
                            raise _download_error(request.call.name, response, body)
                        with atomic_file(Path(target)) as f:
                            async for chunk in response.aiter_bytes():
                                f.write(budget.take(chunk))
                return Path(target)
            except _RETRYABLE as exc:
                await asyncio.sleep(self._retry_delay(request, attempt, exc))
            attempt += 1


__all__ = ["AsyncHubClient", "HubClient"]
