"""The local test hub: the hub API as a Starlette (ASGI) application.

Same paths, headers and replies as the real hub (docs/cookbook/truc-lien-thong.md), accounts
with secrets, authentication checked as :func:`~edocstd.hub._signing.check_signed_headers`
describes, and only *signed* parameters acted on.  ``From`` must be the account; edocs are
routed by the ``to`` header or the package's ``To`` elements, status packages back by
``ResponseFor/OrganId``.  Each
relayed edoc gets the hub's ``TraceHeader`` (or, in ``reserialise`` mode, the whole package is
re-serialised).  Faults are injected on demand (``_faults``).  A test tool: bind it to loopback.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dt
import hashlib
import json
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any, Literal

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from .._api import load
from .._errors import EdocError
from .._model.package import Edoc, StatusPackage
from ._faults import Fault, Faults
from ._relay import append_trace, reserialise
from ._signing import AuthFailure, ParamValue, check_signed_headers, sdk_hex
from ._store import Store

RelayMode = Literal["append", "reserialise"]
OK_DESC = "Thanh cong"
_CHUNK = 1 << 20


_Handler = Callable[[str, dict[str, ParamValue], Request], Awaitable[Response]]


class _Refused(Exception):
    def __init__(self, http: int, code: str, desc: str) -> None:
        super().__init__(desc)
        self.http, self.code, self.desc = http, code, desc


def _ok(**extra: Any) -> JSONResponse:
    return JSONResponse({"status": "OK", "ErrorCode": "0", "ErrorDesc": OK_DESC, **extra})


def _fail(http: int, code: str, desc: str) -> JSONResponse:
    return JSONResponse({"status": "FAIL", "ErrorCode": code, "ErrorDesc": desc}, http)


def _param(signed: Mapping[str, ParamValue], name: str, default: str | None = None) -> str | None:
    value = signed.get(name.lower(), default)
    return value if isinstance(value, str) or value is None else None


def _dropping(body: bytes) -> AsyncIterator[bytes]:
    async def chunks() -> AsyncIterator[bytes]:
        yield body[: len(body) // 2]
        raise ConnectionAbortedError("fault injected: connection dropped mid-reply")

    return chunks()


class HubApp:
    """State of one hub: accounts, store, relay mode, faults."""

    def __init__(
        self,
        data: str | Path,
        accounts: Mapping[str, str],
        *,
        relay: RelayMode = "append",
        organ_id: str | None = None,
        faults: Faults | None = None,
        admin: bool = False,
        max_package: int = 200 << 20,
    ) -> None:
        self.store = Store(data)
        self.accounts = dict(accounts)
        self.relay = relay
        self.organ_id = organ_id
        self.faults = faults or Faults()
        self.max_package = max_package
        for systemid in self.accounts:
            self.store.register_agency(systemid, None)
        self._handlers: dict[str, _Handler] = {
            "sendEdoc": self.send,
            "getReceivedEdocList": self.received,
            "getSentEdocList": self.sent,
            "getEdoc": self.get_edoc,
            "downloadEdoc": self.download,
            "updateStatus": self.update_status,
            "countReceiveEdoc": self.count,
            "countReceiveStatus": self.count,
            "getAgenciesList": self.agencies,
            "getAgenciesListQD20": self.agencies,
            "getSynchronizeUnit": self.agencies,
        }  # fmt: skip
        routes = [
            Route(f"/{name}", self.endpoint, methods=["GET", "POST"]) for name in self._handlers
        ]
        if admin:
            routes.append(
                Route("/_admin/faults", self.admin_faults, methods=["GET", "POST", "DELETE"])
            )
            routes.append(Route("/_admin/acks", self.admin_acks, methods=["GET"]))
        self.asgi = Starlette(routes=routes, lifespan=self._lifespan)

    @contextlib.asynccontextmanager
    async def _lifespan(self, app: Starlette) -> AsyncIterator[None]:
        yield
        self.store.close()

    async def endpoint(self, request: Request) -> Response:
        call = request.url.path.lstrip("/")
        fault = self.faults.take(call)
        if fault is not None and fault.kind == "error":
            return Response("Internal Server Error (fault injected)", 500)
        headers = {
            k.decode("latin-1").lower(): v.decode("utf-8", "replace")
            for k, v in request.headers.raw
        }  # fmt: skip
        try:
            systemid, signed = check_signed_headers(headers, self.accounts)
            if fault is not None and fault.kind == "duplicate":
                return await self.received(systemid, signed, request, duplicate=True)
            response = await self._handlers[call](systemid, signed, request)
        except AuthFailure as exc:
            return _fail(401, "401", f"Xac thuc khong thanh cong: {exc}")
        except _Refused as exc:
            return _fail(exc.http, exc.code, exc.desc)
        if fault is not None and fault.kind == "timeout":  # done, but the answer is late
            await asyncio.sleep(fault.delay)
        if fault is not None and fault.kind == "drop":
            return self._dropped(response, systemid, signed)
        return response

    def _dropped(
        self, response: Response, systemid: str, signed: dict[str, ParamValue]
    ) -> Response:
        """Half of ``response``'s body, then the connection dropped."""
        if isinstance(response, StreamingResponse):  # a download: read the file instead
            path = self.store.delivery_file(systemid, _param(signed, "docId") or "")
            body = path.read_bytes() if path else b""
        else:
            body = bytes(response.body)
        return StreamingResponse(
            _dropping(body),
            headers={"Content-Length": str(len(body))},
            media_type=response.media_type,
        )

    async def admin_faults(self, request: Request) -> Response:
        if request.method == "POST":
            try:
                self.faults.add(Fault.from_json(json.loads(await request.body())))
            except (EdocError, ValueError, RecursionError) as exc:
                return _fail(400, "400", str(exc))
        elif request.method == "DELETE":
            self.faults.clear()
        return JSONResponse({"faults": self.faults.pending()})

    async def admin_acks(self, request: Request) -> Response:
        return JSONResponse({"acks": self.store.ack_log()})

    # -- calls -----------------------------------------------------------------------------

    async def _body_to_file(self, request: Request, folder: Path) -> Path:
        f = tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False)  # noqa: SIM115
        path = Path(f.name)
        size = 0
        try:
            with f:
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > self.max_package + 2:
                        raise _Refused(413, "413", "Goi tin qua lon / package too large")
                    f.write(chunk)
        except BaseException:  # too large, or the client went away mid-body
            path.unlink(missing_ok=True)
            raise
        with open(path, "r+b") as g:  # the SDK appends CRLF after the package
            g.seek(max(0, size - 2))
            if g.read(2) == b"\r\n":
                g.truncate(size - 2)
        return path

    async def send(
        self, systemid: str, signed: dict[str, ParamValue], request: Request
    ) -> Response:
        sender = _param(signed, "from")
        if sender != systemid:
            raise _Refused(
                403, "403", f"Don vi gui {sender} khong dung voi ma da dang ky: {systemid}"
            )
        message_type = _param(signed, "messagetype", "edoc")
        if message_type not in ("edoc", "status"):
            raise _Refused(400, "400", f"messagetype khong hop le: {message_type}")
        incoming = self.store.folder / "incoming"
        incoming.mkdir(exist_ok=True)
        path = await self._body_to_file(request, incoming)
        try:
            return await run_in_threadpool(self._accept, systemid, signed, path, message_type)
        finally:
            path.unlink(missing_ok=True)

    def _accept(
        self, systemid: str, signed: dict[str, ParamValue], path: Path, message_type: str
    ) -> Response:
        data = path.read_bytes()
        given = _param(signed, "hash-file") or ""
        digest = hashlib.sha256(data).digest()
        if given.lower() not in (sdk_hex(digest), digest.hex()):
            raise _Refused(400, "400", "hash-file khong khop / hash-file does not match")
        try:
            pkg = load(data)
        except EdocError as exc:
            raise _Refused(400, "400", f"Goi tin khong hop le / not a package: {exc}") from None
        if pkg.kind != message_type:
            raise _Refused(400, "400", f"messagetype {message_type} but the package is {pkg.kind}")
        origin = pkg.header.sender.organ_id if pkg.header.sender else None
        if origin != systemid:
            raise _Refused(
                403, "403", f"Don vi gui {origin} khong dung voi ma da dang ky: {systemid}"
            )
        to = signed.get("to")
        recipients = list(to) if isinstance(to, list) else _recipients(pkg)
        if not recipients:
            raise _Refused(400, "400", "Khong co don vi nhan / no recipient")
        now = dt.datetime.now().replace(microsecond=0)
        if self.relay == "reserialise":
            data = reserialise(pkg, organ_id=self.organ_id, when=now)
        else:
            data = append_trace(data, organ_id=self.organ_id, when=now)
        title = notation = None
        if isinstance(pkg, Edoc):
            title = pkg.header.subject
            notation = pkg.header.code.code_notation if pkg.header.code else None
        if pkg.header.sender is not None:
            self.store.register_agency(systemid, pkg.header.sender.organ_name)
        doc_id = self.store.add_message(
            sender=systemid, message_type=message_type, recipients=recipients, data=data,
            title=title, notation=notation,
        )  # fmt: skip
        return _ok(DocId=doc_id)

    async def received(
        self,
        systemid: str,
        signed: dict[str, ParamValue],
        request: Request,
        duplicate: bool = False,
    ) -> Response:
        message_type = _param(signed, "messagetype", "edoc") or "edoc"
        items = self.store.received(systemid, message_type, include_done=duplicate)
        if duplicate:
            items = [i for item in items for i in (item, item)]
        return _ok(data=items)

    async def sent(
        self, systemid: str, signed: dict[str, ParamValue], request: Request
    ) -> Response:
        return _ok(data=self.store.sent(systemid, _param(signed, "docId") or ""))

    def _file(self, systemid: str, signed: dict[str, ParamValue]) -> Path:
        doc_id = _param(signed, "docId") or ""
        path = self.store.delivery_file(systemid, doc_id)
        if path is None:
            raise _Refused(404, "404", f"Khong tim thay goi tin / no such package: {doc_id}")
        return path

    async def get_edoc(
        self, systemid: str, signed: dict[str, ParamValue], request: Request
    ) -> Response:
        data = await run_in_threadpool(self._file(systemid, signed).read_bytes)
        return _ok(data=base64.b64encode(data).decode("ascii"))

    async def download(
        self, systemid: str, signed: dict[str, ParamValue], request: Request
    ) -> Response:
        path = self._file(systemid, signed)

        async def chunks() -> AsyncIterator[bytes]:
            with open(path, "rb") as f:
                while chunk := f.read(_CHUNK):
                    yield chunk

        return StreamingResponse(
            chunks(),
            media_type="application/octet-stream",
            headers={"Content-Length": str(path.stat().st_size)},
        )

    async def update_status(
        self, systemid: str, signed: dict[str, ParamValue], request: Request
    ) -> Response:
        doc_id = _param(signed, "docId") or ""
        status = _param(signed, "status") or ""
        if status not in ("done", "fail", "processing"):
            raise _Refused(400, "400", f"status khong hop le: {status}")
        if not self.store.acknowledge(systemid, doc_id, status, _param(signed, "description")):
            raise _Refused(404, "404", f"Khong tim thay goi tin / no such package: {doc_id}")
        return _ok()

    async def count(
        self, systemid: str, signed: dict[str, ParamValue], request: Request
    ) -> Response:
        kind = "status" if request.url.path.endswith("Status") else "edoc"
        return _ok(count=self.store.count(systemid, kind))

    async def agencies(
        self, systemid: str, signed: dict[str, ParamValue], request: Request
    ) -> Response:
        return _ok(data=self.store.agencies())


def _recipients(pkg: Edoc | StatusPackage) -> list[str]:
    if isinstance(pkg, Edoc):
        return [o.organ_id for o in pkg.header.to if o.organ_id]
    rf = pkg.header.response_for
    return [rf.organ_id] if rf is not None and rf.organ_id else []


def create_app(
    data: str | Path,
    accounts: Mapping[str, str],
    *,
    relay: RelayMode = "append",
    organ_id: str | None = None,
    faults: list[Fault] | None = None,
    admin: bool = False,
    max_package: int = 200 << 20,
) -> Starlette:
    """The test hub as an ASGI app storing in ``data``; ``accounts`` maps systemid → secret."""
    return HubApp(
        data,
        accounts,
        relay=relay,
        organ_id=organ_id,
        faults=Faults(faults),
        admin=admin,
        max_package=max_package,
    ).asgi


__all__ = ["HubApp", "RelayMode", "create_app"]
