"""A hostile hub answering the client: every reply it can make is a typed, bilingual error (or a
result), never a raw exception, an unbounded read or a success made up from nothing."""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from edocstd import dumps
from edocstd.hub import (
    AsyncHubClient,
    HubClient,
    HubConfig,
    HubError,
    HubProtocolError,
    HubRejected,
    HubUnavailable,
    PullOptions,
    pull,
)
from edocstd.testing import make_edoc

from .conftest import B

_OK = b'{"status":"OK","ErrorCode":"0"'
_PACKAGE = dumps(make_edoc())


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


_MIB = 1 << 20


class _Endless:
    """A reply body of ``total`` bytes in 1 MiB chunks, counting how many were pulled."""

    def __init__(self, total: int, first: bytes = b"") -> None:
        self.total, self.first, self.pulled = total, first, 0

    def __iter__(self) -> Iterator[bytes]:
        for i in range(self.total // _MIB):
            self.pulled += 1
            yield (self.first if i == 0 else b"") + b" " * _MIB


def _capped_client(handler: object, cap: int = 4 * _MIB) -> HubClient:
    cfg = HubConfig(url="http://hostile.invalid", systemid=B, secret="s", retries=0, max_reply=cap)
    return HubClient(cfg, transport=httpx.MockTransport(handler))  # type: ignore[arg-type]


def test_replies_are_read_up_to_max_reply_only(tmp_path: Path) -> None:
    assert 0 < HubConfig(url="http://h", systemid="x", secret="s").max_reply < 1 << 40
    json_body = _Endless(64 * _MIB, first=_OK + b',"count":1')
    package = _Endless(64 * _MIB)
    error_body = _Endless(64 * _MIB, first=_OK)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/downloadEdoc":
            if request.headers["XroadVnpt-docId"] == "err":
                return httpx.Response(404, content=iter(error_body))
            return httpx.Response(200, content=iter(package))
        return httpx.Response(200, content=iter(json_body))

    with _capped_client(handler) as client:
        with pytest.raises(HubProtocolError, match="max_reply") as info:
            client.count()
        _bilingual(info.value)
        with pytest.raises(HubProtocolError, match="max_reply"):
            client.download("d1", tmp_path / "d1.edxml")
        with pytest.raises(HubProtocolError, match="max_reply"):
            client.download("err", tmp_path / "err.edxml")
    assert max(b.pulled for b in (json_body, package, error_body)) <= 6  # not 64
    assert list(tmp_path.iterdir()) == []  # nothing filed, no .part left


def test_a_decompression_bomb_is_stopped_at_max_reply() -> None:
    bomb = gzip.compress(_OK + b"," + b" " * (64 * _MIB) + b'"count":1}')  # 64 KiB on the wire

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=bomb, headers={"Content-Encoding": "gzip"})

    with _capped_client(handler) as client, pytest.raises(HubProtocolError, match="max_reply"):
        client.count()

    async def main() -> None:
        cfg = HubConfig(url="http://h.invalid", systemid=B, secret="s", max_reply=4 * _MIB)
        async with AsyncHubClient(cfg, transport=httpx.MockTransport(handler)) as client:
            with pytest.raises(HubProtocolError, match="max_reply"):
                await client.count()

    asyncio.run(main())


def test_max_reply_is_read_from_the_configuration() -> None:
    cfg = HubConfig.from_mapping(
        {"url": "http://h", "systemid": "x", "secret": "s", "max_reply": "1024"}, source="test"
    )
    assert cfg.max_reply == 1024


@pytest.mark.parametrize("status", [301, 302, 401, 403, 404, 429])
def test_an_empty_refusal_or_redirect_is_not_a_success(status: int) -> None:
    with _answering(b"", status) as client:
        with pytest.raises(HubProtocolError, match=f"HTTP {status}") as info:
            client.acknowledge("d1", "done")
        _bilingual(info.value)
        with pytest.raises(HubProtocolError):
            client.received()  # not "nothing pending"
    with _answering(b"") as client:
        assert client.received() == [] and client.acknowledge("d1") is None  # 200: as before


def test_pull_does_not_record_an_acknowledgement_the_hub_did_not_take(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        call = request.url.path.lstrip("/")
        if call == "getReceivedEdocList":
            return httpx.Response(200, content=_OK + b',"data":[{"docId":"d1"}]}')
        if call == "downloadEdoc":
            return httpx.Response(200, content=_PACKAGE)
        return httpx.Response(404)  # the acknowledgement went nowhere

    with _client(handler) as client:
        results = pull(client, tmp_path, PullOptions(check="none", message_types=("edoc",)))
    assert [r.outcome for r in results] == ["failed"]


def test_pull_refuses_docids_that_windows_reads_as_devices(tmp_path: Path) -> None:
    """``CON.edxml``, ``nul.edxml``, ``COM1.x.edxml`` are devices on Windows, not files: the
    package would be acknowledged and never stored."""
    names = ["CON", "nul", "Aux", "prn", "COM1", "lpt9", "CON.x", "Con.tar.gz"]
    items = ",".join(f'{{"docId":"{n}"}}' for n in [*names, "CONSOLE", "COM10", "x.CON"])

    def handler(request: httpx.Request) -> httpx.Response:
        call = request.url.path.lstrip("/")
        if call == "getReceivedEdocList":
            return httpx.Response(200, content=_OK + f',"data":[{items}]}}'.encode())
        if call == "downloadEdoc":
            return httpx.Response(200, content=_PACKAGE)
        return httpx.Response(200, content=_OK + b"}")

    with _client(handler) as client:
        results = pull(client, tmp_path, PullOptions(check="none", message_types=("edoc",)))
    assert [r.doc_id for r in results if r.outcome == "failed"] == names
    assert {r.doc_id for r in results if r.outcome == "filed"} == {"CONSOLE", "COM10", "x.CON"}


def test_cli_columns_are_tab_separated_and_hub_text_escaped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from edocstd.cli._hub import _agencies, _list, _status

    item = b'{"docId":"d1","messageType":"edoc","from":"A\\tB\\u001b[2J","created_time":"t"}'
    row = b'{"toCode":"X\\tY","receiveStatus":"done","title":"\\u001b]0;owned\\u0007"}'
    agency = b'{"code":"G22","name":"C\\u01a1 quan\\tA"}'

    def handler(request: httpx.Request) -> httpx.Response:
        data = {"/getReceivedEdocList": item, "/getSentEdocList": row}.get(request.url.path)
        return httpx.Response(200, content=_OK + b',"data":[' + (data or agency) + b"]}")

    args = argparse.Namespace(status=False, json=False, lang="en", doc_id="d1")
    with _client(handler) as client:
        for command in (_list, _status, _agencies):
            assert command(client, args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t") for line in lines] == [
        ["d1", "edoc", "A\\x09B\\x1b[2J", "t", "None"],
        ["X\\x09Y", "done", "", "\\x1b]0;owned\\x07"],
        ["G22", "Cơ quan\\x09A"],
    ]


class _Clock:
    """A monotonic clock that moves ``step`` seconds each time it is read."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


class _Trickle:
    """A reply body sent a byte at a time (each within the read timeout), a thousand of them:
    without a deadline the whole of it would be read."""

    def __init__(self) -> None:
        self.sent = 0

    def __iter__(self) -> Iterator[bytes]:
        while self.sent < 1000:
            self.sent += 1
            yield b" "


def test_a_hub_trickling_its_reply_is_stopped_at_the_deadline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from edocstd.hub import _client

    assert HubConfig(url="http://h", systemid="x", secret="s").deadline > 0
    monkeypatch.setattr(_client, "_now", _Clock(step=10.0))  # 10 s pass between two bytes
    bodies: list[_Trickle] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(_Trickle())
        return httpx.Response(200, content=iter(bodies[-1]))

    cfg = HubConfig(url="http://h.invalid", systemid=B, secret="s", retries=1, backoff=0,
                    deadline=100.0)
    with HubClient(cfg, transport=httpx.MockTransport(handler)) as client:
        with pytest.raises(HubUnavailable, match="deadline") as info:
            client.count()
        _bilingual(info.value)
        assert len(bodies) == 2  # a count is safe to repeat: tried again once, then given up
        with pytest.raises(HubUnavailable, match="deadline"):
            client.download("d1", tmp_path / "d1.edxml")
    assert all(b.sent <= 12 for b in bodies)  # stopped after ~10 bytes (100 s), not read on
    assert list(tmp_path.iterdir()) == []  # nothing filed, no .part left

    async def trickle() -> AsyncIterator[bytes]:
        for chunk in _Trickle():
            yield chunk

    def async_handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=trickle())

    async def main() -> None:
        async with AsyncHubClient(cfg, transport=httpx.MockTransport(async_handler)) as client:
            with pytest.raises(HubUnavailable, match="deadline"):
                await client.count()

    asyncio.run(main())


def test_deadline_is_read_from_the_configuration() -> None:
    cfg = HubConfig.from_mapping({"url": "http://h", "systemid": "x", "secret": "s",
                                  "deadline": "90"}, source="test")
    assert cfg.deadline == 90.0


def test_pull_never_replaces_a_file_already_there(tmp_path: Path) -> None:
    """A DocId differing from a filed one only in case names the same file on a
    case-insensitive disk (macOS, Windows); a file put there by hand, or a ledger deleted, the
    same: the new package is filed beside it under a spare name, and nothing is lost."""
    packages = {"d1": dumps(make_edoc(number="1")), "d2": dumps(make_edoc(number="2"))}
    downloads: list[str] = []
    acks_taken = [False]  # the first run's acknowledgements go nowhere

    def handler(request: httpx.Request) -> httpx.Response:
        call = request.url.path.lstrip("/")
        if call == "getReceivedEdocList":
            return httpx.Response(200, content=_OK + b',"data":[{"docId":"d1"},{"docId":"d2"}]}')
        if call == "downloadEdoc":
            downloads.append(request.headers["XroadVnpt-docId"])
            return httpx.Response(200, content=packages[downloads[-1]])
        return httpx.Response(200, content=_OK + b"}") if acks_taken[0] else httpx.Response(404)

    inbox = tmp_path / "edoc"
    inbox.mkdir()
    (inbox / "d1.edxml").write_bytes(b"<already-here/>")
    (inbox / "d2.edxml").write_bytes(b"<already-here-2/>")
    (inbox / "d2~2.edxml").symlink_to(tmp_path / "nowhere")  # a dangling link is taken too
    options = PullOptions(check="none", message_types=("edoc",))
    with _client(handler) as client:
        assert [r.outcome for r in pull(client, tmp_path, options)] == ["failed", "failed"]
        acks_taken[0] = True
        results = pull(client, tmp_path, options)  # resumes: acknowledges what it filed
    assert [(r.outcome, r.path.name if r.path else None) for r in results] == [
        ("filed", "d1~2.edxml"),
        ("filed", "d2~3.edxml"),
    ]
    assert downloads == ["d1", "d2"]  # not downloaded again, nor filed under a third name
    assert (inbox / "d1.edxml").read_bytes() == b"<already-here/>"
    assert (inbox / "d2.edxml").read_bytes() == b"<already-here-2/>"
    assert (inbox / "d1~2.edxml").read_bytes() == packages["d1"]
    assert (inbox / "d2~3.edxml").read_bytes() == packages["d2"]


def test_a_refusal_carries_the_hubs_words_inert_in_its_message() -> None:
    """A library user logs ``str(exc)``: the hub's ErrorDesc must not move a terminal's cursor
    or forge log lines there; the attribute keeps the words as the hub sent them."""
    desc = "no\n2026-12-04 ERROR forged line\x1b[2J\u202e"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"status": "FAIL", "ErrorCode": "7\r", "ErrorDesc": desc})

    with _client(handler) as client, pytest.raises(HubRejected) as info:
        client.count()
    exc = info.value
    assert exc.error_desc == desc and exc.error_code == "7\r"
    for text in (exc.message("en"), exc.message("vi"), str(exc)):
        assert "\x1b" not in text and "\u202e" not in text and "\r" not in text
        assert "forged line\\x1b[2J\\u202e" in text
    assert "\n" not in exc.message("en") and "\n" not in exc.message("vi")


def test_partial_files_are_new_files_of_their_own(tmp_path: Path) -> None:
    """Two downloads to one target (two threads, two processes) each write their own .part,
    and a link planted where a .part could be named is never written through."""
    import threading

    from edocstd.hub._files import atomic_file

    outside = tmp_path / "outside"
    outside.write_bytes(b"keep")
    target = tmp_path / "in" / "d1.edxml"
    target.parent.mkdir()
    (target.parent / f".d1.edxml.{os.getpid()}.part").symlink_to(outside)
    both = threading.Barrier(2)

    def write(data: bytes) -> None:
        with atomic_file(target) as f:
            f.write(data[:3])
            both.wait(timeout=10)  # both files open at once
            f.write(data[3:])

    threads = [threading.Thread(target=write, args=(d,)) for d in (b"AAAAAA", b"BBBBBB")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert target.read_bytes() in (b"AAAAAA", b"BBBBBB")  # one whole, never a mix
    assert outside.read_bytes() == b"keep"
    assert sorted(p.name for p in target.parent.iterdir()) == sorted(
        ["d1.edxml", f".d1.edxml.{os.getpid()}.part"]
    )


def test_filed_packages_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    import stat

    from edocstd.hub._files import atomic_file

    target = tmp_path / "d1.edxml"
    with atomic_file(target) as f:
        f.write(b"<x/>")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
