"""The sans-IO core: requests as the SDK shapes them, replies read into typed values or typed
errors — no network.  The client's retry rules are checked against a scripted transport."""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging

import httpx
import pytest

from edocstd import BuildError, EdocError
from edocstd.hub import (
    CALLS,
    HubClient,
    HubConfig,
    HubProtocolError,
    HubRejected,
    HubUnavailable,
    ReceivedItem,
    build_request,
    parse_reply,
)

NOW = dt.datetime(2026, 12, 4, 9, 0, 0)


def _req(call: str, params: dict[str, object] | None = None, **kw: object) -> dict[str, str]:
    r = build_request(call, params or {}, systemid="000.00.00.G22", secret="s", now=NOW, **kw)  # type: ignore[arg-type]
    return dict(r.headers)


def test_send_request_is_raw_bytes_then_crlf() -> None:
    r = build_request(
        "sendEdoc",
        {"from": "000.00.00.G22", "servicetype": "eDoc", "messagetype": "edoc"},
        systemid="000.00.00.G22",
        secret="s",
        now=NOW,
        body=b"<edXML/>",
        hash_file="ab",
    )
    assert r.method == "POST" and r.path == "/sendEdoc"
    assert r.body == b"<edXML/>\r\n"
    h = dict(r.headers)
    assert h["Content-Type"] == "application/octet-stream"
    assert h["XroadVnpt-hash-file"] == "ab" and h["XroadVnpt-from"] == "000.00.00.G22"
    assert "hash-file" in h["XroadVnpt-sign-header-key"].split(";")


def test_other_calls_have_their_documented_bodies() -> None:
    assert build_request("getEdoc", {"docId": "x"}, systemid="a", secret="s", now=NOW).body == b"{}"
    listing = build_request("getReceivedEdocList", {}, systemid="a", secret="s", now=NOW)
    assert listing.body == b"" and listing.method == "POST"
    assert (
        build_request("downloadEdoc", {"docId": "x"}, systemid="a", secret="s", now=NOW).method
        == "GET"
    )
    assert not CALLS["sendEdoc"].idempotent and CALLS["getReceivedEdocList"].idempotent


def test_unknown_calls_and_header_breaking_values_are_refused() -> None:
    with pytest.raises(BuildError, match="unknown hub call"):
        build_request("deleteEverything", {}, systemid="a", secret="s", now=NOW)
    for bad in ("line\nbreak", "tab\there", "bell\x07"):
        with pytest.raises(BuildError) as info:
            build_request("updateStatus", {"docId": "x", "status": "done", "description": bad},
                          systemid="a", secret="s", now=NOW)  # fmt: skip
        assert info.value.path == "description"
    with pytest.raises(BuildError):
        build_request("sendEdoc", {"to": ["000.00.00.H41", "x\r\ny"]}, systemid="a",
                      secret="s", now=NOW, body=b"x", hash_file="ab")  # fmt: skip


def test_send_without_hash_is_refused() -> None:
    with pytest.raises(BuildError):
        build_request("sendEdoc", {}, systemid="a", secret="s", now=NOW, body=b"x")


def _ok(**extra: object) -> bytes:
    return json.dumps(
        {"status": "OK", "ErrorCode": "0", "ErrorDesc": "Thanh cong", **extra}
    ).encode()


def test_replies_are_typed() -> None:
    assert (
        parse_reply("sendEdoc", 200, _ok(DocId="65f1c0a1b2c3d4e5f6a7b8c9"))
        == "65f1c0a1b2c3d4e5f6a7b8c9"
    )
    items = parse_reply(
        "getReceivedEdocList",
        200,
        _ok(
            data=[
                {"docId": "d1", "from": "000.00.00.G22", "messageType": "edoc", "status": "initial"}
            ]
        ),
    )
    assert items == [
        ReceivedItem("d1", None, "edoc", None, None, "000.00.00.G22", None, "initial", None)
    ]
    assert parse_reply("getReceivedEdocList", 200, b"") == []  # an empty body is an empty list
    assert (
        parse_reply("getEdoc", 200, _ok(data=base64.b64encode(b"<edXML/>").decode())) == b"<edXML/>"
    )
    assert parse_reply("countReceiveEdoc", 200, _ok(count=3)) == 3
    sent = parse_reply(
        "getSentEdocList", 200, _ok(data=[{"toCode": "000.00.00.H41", "receiveStatus": "done"}])
    )
    assert sent[0].to_code == "000.00.00.H41" and sent[0].receive_status == "done"
    agencies = parse_reply(
        "getAgenciesList",
        200,
        _ok(data=[{"code": "000.00.00.H41", "name": "UBND", "oldCode": "H41"}]),
    )
    assert agencies[0].code == "000.00.00.H41" and agencies[0].old_code == "H41"


def test_errors_in_the_body_win_over_http_status() -> None:
    body = json.dumps(
        {
            "status": "FAIL",
            "ErrorCode": "-1",
            "ErrorDesc": "Don vi gui X khong dung voi ma da dang ky: Y",
        }
    ).encode()
    with pytest.raises(HubRejected) as info:
        parse_reply("sendEdoc", 200, body)
    assert info.value.error_code == "-1" and "khong dung" in info.value.error_desc
    assert isinstance(info.value, EdocError)
    assert info.value.message("vi").startswith("Trục từ chối")


@pytest.mark.parametrize(
    "status, body, error",
    [
        (500, b"", HubUnavailable),
        (502, b"<html>Bad gateway</html>", HubUnavailable),
        (200, b"<html>login</html>", HubProtocolError),
        (200, b"[1, 2]", HubProtocolError),
        (200, _ok(), HubProtocolError),  # a send reply without DocId
    ],
)
def test_unreadable_replies_are_typed_errors(status: int, body: bytes, error: type) -> None:
    with pytest.raises(error):
        parse_reply("sendEdoc", status, body)


def test_bad_package_and_list_shapes() -> None:
    with pytest.raises(HubProtocolError):
        parse_reply("getEdoc", 200, _ok(data="not base64!!"))
    with pytest.raises(HubProtocolError):
        parse_reply("getReceivedEdocList", 200, _ok(data={"docId": "x"}))
    with pytest.raises(HubProtocolError):
        parse_reply("getReceivedEdocList", 200, _ok(data=[{"from": "x"}]))  # no docId
    with pytest.raises(HubProtocolError):
        parse_reply("countReceiveEdoc", 200, _ok(count="many"))


def _client(handler: object, **config: object) -> HubClient:
    cfg = HubConfig(
        url="http://hub.invalid",
        systemid="000.00.00.G22",
        secret="s3cr3t-value",
        backoff=0.0,
        **config,
    )  # type: ignore[arg-type]
    return HubClient(cfg, transport=httpx.MockTransport(handler))


def test_idempotent_calls_are_retried_send_never() -> None:
    calls: list[str] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if len(calls) < 3:
            return httpx.Response(500)
        return httpx.Response(200, content=_ok(data=[], DocId="d"))

    with _client(flaky, retries=3) as c:
        assert c.received() == []
    assert calls == ["/getReceivedEdocList"] * 3
    calls.clear()
    with _client(flaky, retries=3) as c, pytest.raises(HubUnavailable):
        c.send(b"<edXML/>")
    assert calls == ["/sendEdoc"]  # one attempt only: a resend would duplicate the package


def test_retries_are_bounded_and_network_errors_typed() -> None:
    calls: list[int] = []

    def down(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise httpx.ConnectError("connection refused", request=request)

    with _client(down, retries=2) as c, pytest.raises(HubUnavailable) as info:
        c.count()
    assert len(calls) == 3
    assert "ConnectError" in str(info.value)


def test_the_secret_is_never_shown(caplog: pytest.LogCaptureFixture) -> None:
    seen: list[httpx.Request] = []

    def capture(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=_ok(count=1))

    with _client(capture) as c:
        caplog.set_level(logging.DEBUG)
        logging.getLogger("test").info("client %r config %r %s", c, c.config, c.config)
        assert c.count() == 1
    assert "s3cr3t-value" not in caplog.text
    assert "s3cr3t-value" not in repr(c) + repr(c.config) + str(c.config)
    # ...and it is not sent either: only its HMAC travels
    assert all("s3cr3t-value" not in v for v in seen[0].headers.values())
