"""Bad input, hard: a hostile hub in front of the receive loop, hostile requests in front of the
local hub, and a large package streamed through."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import sqlite3
from pathlib import Path

import httpx
import pytest

import edocstd
from edocstd import BuildError
from edocstd.hub import (
    AsyncHubClient,
    Fault,
    HubClient,
    HubConfig,
    HubError,
    HubRejected,
    LocalHub,
    PullOptions,
    create_app,
    pull,
)
from edocstd.hub._pull import describe

from .conftest import A, B, document


def _ok(**extra: object) -> bytes:
    return json.dumps({"status": "OK", "ErrorCode": "0", **extra}).encode()


def _hostile_hub(items: list[dict[str, str]], package: bytes) -> httpx.MockTransport:
    acks: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        call = request.url.path.lstrip("/")
        if call == "getReceivedEdocList":
            kind = request.headers["XroadVnpt-messagetype"]
            return httpx.Response(200, content=_ok(data=items if kind == "edoc" else []))
        if call == "downloadEdoc":
            return httpx.Response(200, content=package)
        if call == "updateStatus":
            acks.append(request.headers["XroadVnpt-docId"])
            return httpx.Response(200, content=_ok())
        return httpx.Response(404)

    transport = httpx.MockTransport(handler)
    transport.acks = acks  # type: ignore[attr-defined]
    return transport


def test_pull_refuses_path_traversal_and_escapes_text(tmp_path: Path) -> None:
    items = [
        {"docId": "../../escaped", "from": "x", "messageType": "edoc"},
        {"docId": "ok1", "from": "\x1b[31mred\x1b[0m\x07", "messageType": "EDOC"},
    ]
    transport = _hostile_hub(items, edocstd.dumps(document()))
    cfg = HubConfig(url="http://hostile.invalid", systemid=B, secret="s", retries=0)
    lines: list[str] = []
    into = tmp_path / "in"
    with HubClient(cfg, transport=transport) as client:
        results = pull(
            client, into, PullOptions(check="none"), on_item=lambda p: lines.append(describe(p))
        )
    assert [r.outcome for r in results] == ["failed", "filed"]
    assert results[1].path == into / "edoc" / "ok1.edxml"  # filed by the listing asked for
    assert not (tmp_path / "escaped").exists() and not list(tmp_path.rglob("escaped*"))
    assert transport.acks == ["ok1"]  # type: ignore[attr-defined]
    assert all("\x1b" not in line and "\x07" not in line for line in lines)
    assert "\\x1b[31mred" in lines[1]


def test_pull_reports_a_broken_listing(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"<html>maintenance</html>")

    cfg = HubConfig(url="http://hostile.invalid", systemid=B, secret="s", retries=0)
    with HubClient(cfg, transport=httpx.MockTransport(handler)) as client:
        results = pull(client, tmp_path)
    assert [r.outcome for r in results] == ["failed", "failed"]  # edoc and status listings
    assert "JSON" in results[0].summary


def _app_client(tmp_path: Path, **options: object) -> tuple[AsyncHubClient, dict[str, str]]:
    accounts = {A: "secret-a", B: "secret-b"}
    app = create_app(tmp_path / "hub", accounts, **options)  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app=app)
    config = HubConfig(url="http://hub.test", systemid=A, secret="secret-a", retries=0)
    return AsyncHubClient(config, transport=transport), accounts


def test_hub_refuses_oversized_packages(tmp_path: Path) -> None:
    client, _ = _app_client(tmp_path, max_package=2000)

    async def main() -> None:
        async with client:
            with pytest.raises(HubRejected) as info:
                await client.send(edocstd.dumps(document()))
            assert info.value.error_code == "413"
            assert await client.count() == 0

    asyncio.run(main())


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {
            "XroadVnpt-systemid": A,
            "XroadVnpt-sign-header": "not json",
            "XroadVnpt-hash-header": "x",
        },
        {
            "XroadVnpt-systemid": "000.00.00.Z99",
            "XroadVnpt-sign-header": "{}",
            "XroadVnpt-hash-header": "x",
        },
    ],
)
def test_hub_refuses_unauthenticated_requests(tmp_path: Path, headers: dict[str, str]) -> None:
    app = create_app(tmp_path / "hub", {A: "secret-a"})

    async def main() -> httpx.Response:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t"
        ) as c:
            return await c.post("/getReceivedEdocList", headers=headers)

    reply = asyncio.run(main())
    body = reply.json()
    assert reply.status_code == 401 and body["status"] == "FAIL" and body["ErrorCode"] == "401"


def test_faults_are_parsed_strictly() -> None:
    assert Fault.parse("drop:downloadEdoc:3") == Fault("drop", "downloadEdoc", 3)
    for bad in ("bogus:x", "drop", "drop:x:many", "drop:x:0", "timeout:x:1:2"):
        with pytest.raises(BuildError):
            Fault.parse(bad)


def test_a_large_package_is_streamed_through(shared_hub: LocalHub, tmp_path: Path) -> None:
    payload = bytes(range(256)) * (12 * 1024)  # 3 MB attachment
    attachment = edocstd.Attachment.create(payload, name="bao-cao.pdf")
    pkg = document("901", to=(B,)).with_attachments(attachment)
    src = tmp_path / "big.edxml"
    edocstd.dump(pkg, src)
    with HubClient(shared_hub.config(A)) as a, HubClient(shared_hub.config(B)) as b:
        a.send(src)  # streamed from the file
        results = pull(b, tmp_path / "in", PullOptions(check="none"))
    [filed] = [
        r for r in results if r.outcome == "filed" and r.path and r.path.stat().st_size > 3_000_000
    ]
    got = edocstd.load(filed.path)  # type: ignore[arg-type]
    assert got.attachments[0].read() == payload  # type: ignore[union-attr]
    assert base64.b64encode(payload)[:100] in filed.path.read_bytes()  # type: ignore[union-attr]


def test_one_pull_per_folder_at_a_time(tmp_path: Path) -> None:
    fcntl = pytest.importorskip("fcntl")
    package = edocstd.dumps(document())
    transport = _hostile_hub([{"docId": "ok1", "from": A, "messageType": "edoc"}], package)
    cfg = HubConfig(url="http://hub.invalid", systemid=B, secret="s", retries=0)
    tmp_path.mkdir(exist_ok=True)
    with (
        open(tmp_path / ".edocstd-hub.lock", "a+b") as held,
        HubClient(cfg, transport=transport) as c,
    ):
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # another pull is running
        with pytest.raises(HubError, match="another pull"):
            pull(c, tmp_path)
        assert transport.acks == []  # type: ignore[attr-defined]
        fcntl.flock(held.fileno(), fcntl.LOCK_UN)
        assert [r.outcome for r in pull(c, tmp_path, PullOptions(check="none"))] == ["filed"]
    assert transport.acks == ["ok1"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "download",
    [
        b"<html><body>502 Bad Gateway</body></html>",  # a proxy's error page, answered 200
        b"",
        b"\x00" * 64,
        b"PK\x03\x04" + b"\x00" * 60,  # not XML at all
        b"cut",  # replaced below by the first half of a real package
    ],
    ids=["html", "empty", "zeros", "zip", "truncated"],
)
@pytest.mark.parametrize("check", ["none", "validate"])
def test_pull_never_acknowledges_what_is_not_a_package(
    tmp_path: Path, download: bytes, check: str
) -> None:
    """Acknowledged, the package is gone from the hub: a download that is not a package is
    set aside (its bytes kept), not acknowledged, and the next run downloads it again."""
    package = edocstd.dumps(document())
    if download == b"cut":
        download = package[: len(package) // 2]
    served = [download]
    transport = _hostile_hub([{"docId": "d1", "from": A, "messageType": "edoc"}], b"")
    handler = transport.handler  # type: ignore[attr-defined]

    def serving(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/downloadEdoc":
            return httpx.Response(200, content=served[0])
        return handler(request)  # type: ignore[no-any-return]

    transport.handler = serving  # type: ignore[attr-defined]
    options = PullOptions(check=check, message_types=("edoc",))  # type: ignore[arg-type]
    cfg = HubConfig(url="http://hub.invalid", systemid=B, secret="s", retries=0)
    with HubClient(cfg, transport=transport) as client:
        (first,) = pull(client, tmp_path, options)
        assert first.outcome == "failed" and "not acknowledged" in first.summary
        assert first.path == tmp_path / "edoc" / "d1.unreadable"
        assert first.path.read_bytes() == download  # kept as it came
        assert transport.acks == []  # type: ignore[attr-defined]
        served[0] = package  # the hub (or the proxy) is well again
        (second,) = pull(client, tmp_path, options)
    assert second.outcome == "filed" and second.path == tmp_path / "edoc" / "d1.edxml"
    assert second.path.read_bytes() == package and transport.acks == ["d1"]  # type: ignore[attr-defined]
    assert (tmp_path / "edoc" / "d1.unreadable").read_bytes() == download


def test_pull_sets_aside_a_filed_package_spoiled_before_its_acknowledgement(
    tmp_path: Path,
) -> None:
    """A run that filed a package and stopped before acknowledging it; the file was damaged
    meanwhile (a full disk, a hand edit): the next run does not acknowledge the damaged file."""
    package = edocstd.dumps(document())
    transport = _hostile_hub([{"docId": "d1", "from": A, "messageType": "edoc"}], package)
    handler = transport.handler  # type: ignore[attr-defined]
    acknowledging = [False]

    def flaky(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/updateStatus" and not acknowledging[0]:
            return httpx.Response(503)
        return handler(request)  # type: ignore[no-any-return]

    transport.handler = flaky  # type: ignore[attr-defined]
    options = PullOptions(check="none", message_types=("edoc",))
    cfg = HubConfig(url="http://hub.invalid", systemid=B, secret="s", retries=0)
    with HubClient(cfg, transport=transport) as client:
        assert [r.outcome for r in pull(client, tmp_path, options)] == ["failed"]
        filed = tmp_path / "edoc" / "d1.edxml"
        filed.write_bytes(package[:100])
        acknowledging[0] = True
        (spoiled,) = pull(client, tmp_path, options)
        assert spoiled.outcome == "failed" and spoiled.path == tmp_path / "edoc" / "d1.unreadable"
        assert transport.acks == []  # type: ignore[attr-defined]
        (again,) = pull(client, tmp_path, options)
    assert again.outcome == "filed" and filed.read_bytes() == package
    assert transport.acks == ["d1"]  # type: ignore[attr-defined]


def _post(app: object, path: str, headers: dict[str, str], body: bytes = b"") -> httpx.Response:
    async def main() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            return await c.post(path, headers=headers, content=body)

    return asyncio.run(main())


def test_hub_refuses_deeply_nested_signed_headers(tmp_path: Path) -> None:
    """An account's client (it knows the secret, so the HMAC holds) sending JSON nested deeper
    than the decoder goes gets a refusal, not a server error."""
    app = create_app(tmp_path / "hub", {A: "secret-a"}, admin=True)
    deep = "[" * 5000 + "]" * 5000  # 10 kB: fits the HTTP server's header limit
    for sign_header, extra in (
        (f'{{"XroadVnpt-systemid":"{A}","XroadVnpt-x":{deep}}}', {}),
        (f'{{"XroadVnpt-systemid":"{A}","XroadVnpt-x":["a"]}}', {"XroadVnpt-x": deep}),
    ):
        mac = hmac.new(b"secret-a", sign_header.encode(), hashlib.sha256).hexdigest()
        headers = {"XroadVnpt-systemid": A, "XroadVnpt-sign-header": sign_header,
                   "XroadVnpt-hash-header": mac, **extra}  # fmt: skip
        reply = _post(app, "/getReceivedEdocList", headers)
        assert reply.status_code == 401 and reply.json()["ErrorCode"] == "401"
    reply = _post(app, "/_admin/faults", {}, deep.encode())
    assert reply.status_code == 400 and reply.json()["status"] == "FAIL"


def test_a_failed_acknowledgement_does_not_wedge_the_store(tmp_path: Path) -> None:
    """A database error inside an acknowledgement (disk, lock) is rolled back: the hub's later
    writes still work instead of all failing with "cannot start a transaction within a
    transaction" until it is restarted."""
    from edocstd.hub._store import Store

    store = Store(tmp_path)
    doc = store.add_message(sender=A, message_type="edoc", recipients=[B], data=b"<x/>")
    [delivery] = store.received(B, "edoc")
    store._db.execute(
        "CREATE TEMP TRIGGER fail BEFORE UPDATE ON deliveries "
        "BEGIN SELECT RAISE(ABORT, 'disk'); END"
    )
    with pytest.raises(sqlite3.DatabaseError):
        store.acknowledge(B, delivery["docId"], "done", None)
    store._db.execute("DROP TRIGGER fail")
    assert store.acknowledge(B, delivery["docId"], "done", None)
    assert store.add_message(sender=A, message_type="edoc", recipients=[B], data=b"<y/>") != doc
    store.close()


@pytest.mark.parametrize("times", ["Infinity", "1e400", "-Infinity", "NaN", '"x"', "[]"])
def test_a_posted_fault_with_an_impossible_count_is_refused(tmp_path: Path, times: str) -> None:
    app = create_app(tmp_path / "hub", {A: "secret-a"}, admin=True)
    reply = _post(app, "/_admin/faults", {}, f'{{"kind":"drop","times":{times}}}'.encode())
    assert reply.status_code == 400 and reply.json()["status"] == "FAIL"
    with pytest.raises(BuildError):
        Fault.from_json({"kind": "drop", "delay": float("inf")})


def test_hub_refuses_a_non_ascii_hash_header_without_a_server_error(tmp_path: Path) -> None:
    """hmac.compare_digest refuses non-ASCII text with a TypeError: anyone, unauthenticated,
    could make the hub answer 500 and log a traceback."""
    app = create_app(tmp_path / "hub", {A: "secret-a"})
    headers = {"XroadVnpt-systemid": A, "XroadVnpt-sign-header": "{}"}

    async def main() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            raw = [*((k.encode(), v.encode()) for k, v in headers.items())]
            raw.append((b"XroadVnpt-hash-header", "é".encode()))
            return await c.post("/getReceivedEdocList", headers=raw)

    reply = asyncio.run(main())
    assert reply.status_code == 401 and reply.json()["ErrorCode"] == "401"
