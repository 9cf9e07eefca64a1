"""The local hub over real HTTP, through our own client: authentication, routing, queues,
the relay TraceHeader, the delivery view, counts and agencies."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

import httpx
import pytest

import edocstd
from edocstd.hub import HubClient, HubRejected, LocalHub, hash_file
from edocstd.hub._signing import format_timestamp
from edocstd.testing.factories import make_organization

from .conftest import A, B, C, document


def _client(hub: LocalHub, organ: str) -> HubClient:
    return HubClient(hub.config(organ, retries=0))


def test_send_route_list_download_acknowledge(shared_hub: LocalHub) -> None:
    pkg = edocstd.dumps(document("201"))
    with _client(shared_hub, A) as a, _client(shared_hub, B) as b, _client(shared_hub, C) as c:
        doc_id = a.send(pkg)
        assert len(doc_id) == 24 and int(doc_id, 16) >= 0
        mine = [i for i in b.received() if i.sender == A]
        assert mine and mine[-1].message_type == "edoc"
        item = mine[-1]
        assert item.doc_id != doc_id  # each recipient has its own DocId
        got = b.get(item.doc_id)
        relayed = edocstd.loads(got)
        assert isinstance(relayed, edocstd.Edoc)
        assert relayed.header.subject == document("201").header.subject
        traces = relayed.trace_header_list.trace_headers  # type: ignore[union-attr]
        assert len(traces) == 2  # the sender's, then the hub's
        assert isinstance(traces[-1].timestamp, dt.datetime)
        assert abs(traces[-1].timestamp - dt.datetime.now()) < dt.timedelta(minutes=5)
        # listed until acknowledged; "processing" keeps it listed, "done" removes it
        b.acknowledge(item.doc_id, "processing")
        assert item.doc_id in {i.doc_id for i in b.received()}
        before = b.count()
        b.acknowledge(item.doc_id, "done")
        assert item.doc_id not in {i.doc_id for i in b.received()}
        assert b.count() == before - 1
        # the delivery view: one row per recipient
        rows = {r.to_code: r for r in a.sent(doc_id)}
        assert set(rows) == {B, C}
        assert rows[B].receive_status == "done" and rows[B].received_time
        assert rows[C].receive_status == "pending" and rows[C].title == document().header.subject
        assert c.count() >= 1


def test_download_streams_the_same_bytes(shared_hub: LocalHub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with _client(shared_hub, A) as a, _client(shared_hub, C) as c:
        a.send(edocstd.dumps(document("202")), to=[C])
        item = c.received()[-1]
        path = c.download(item.doc_id, tmp_path / "x.edxml")
        assert path.read_bytes() == c.get(item.doc_id)
        assert not list(tmp_path.glob(".*part"))


def test_to_header_overrides_the_package(shared_hub: LocalHub) -> None:
    with _client(shared_hub, A) as a, _client(shared_hub, B) as b:
        doc_id = a.send(edocstd.dumps(document("203", to=(C,))), to=[B])
        assert [r.to_code for r in a.sent(doc_id)] == [B]
        assert any(i.sender == A for i in b.received())


def test_status_packages_go_back_to_the_sender(shared_hub: LocalHub) -> None:
    received = document("204")
    status = edocstd.reply(received, "01", sender=received.header.to[0])
    with _client(shared_hub, B) as b, _client(shared_hub, A) as a:
        b.send(edocstd.dumps(status), message_type="status")
        items = a.received("status")
        assert items and items[-1].sender == B and items[-1].message_type == "status"
        back = edocstd.loads(a.get(items[-1].doc_id))
        assert isinstance(back, edocstd.StatusPackage) and back.status_code == edocstd.StatusCode(
            "01"
        )
        assert a.count("status") == len(items)


def test_from_must_be_the_account(shared_hub: LocalHub) -> None:
    forged = document("205")
    import attrs

    forged = attrs.evolve(forged, header=attrs.evolve(forged.header, sender=make_organization(B)))
    with _client(shared_hub, A) as a, pytest.raises(HubRejected) as info:
        a.send(edocstd.dumps(forged))
    assert "khong dung voi ma da dang ky" in info.value.error_desc


def test_wrong_secret_and_bad_packages_are_refused(shared_hub: LocalHub) -> None:
    cfg = shared_hub.config(A)
    import attrs

    with (
        HubClient(attrs.evolve(cfg, secret="wrong", retries=0)) as bad,
        pytest.raises(HubRejected) as info,
    ):
        bad.received()
    assert info.value.error_code == "401"
    with _client(shared_hub, A) as a:
        with pytest.raises(HubRejected, match="not a package"):
            a.send(b"<html>not edXML</html>")
        with pytest.raises(HubRejected, match="messagetype"):
            a.send(edocstd.dumps(document("206")), message_type="status")
        with pytest.raises(HubRejected, match=r"404|no such"):
            a.get("ffffffffffffffffffffffff")
        with pytest.raises(HubRejected):
            a.acknowledge("ffffffffffffffffffffffff")  # not one of A's deliveries


def test_raw_sdk_request_with_quirks_is_accepted(shared_hub: LocalHub) -> None:
    """A request as the SDK really sends it: entries in another order, a stale timestamp, a
    header left over from an earlier call, a padded-or-not hash — signed here by hand."""
    data = edocstd.dumps(document("207", to=(B,)))
    entries = {
        "XroadVnpt-messagetype": "edoc",
        "XroadVnpt-hash-file": hash_file(data),
        "XroadVnpt-timestamp": format_timestamp(dt.datetime(2019, 1, 1)),
        "XroadVnpt-docId": "5c2b1d000000000000000000",
        "XroadVnpt-from": A,
        "XroadVnpt-servicetype": "eDoc",
        "XroadVnpt-systemid": A,
        "XroadVnpt-Content-Type": "application/octet-stream",
    }
    sign = json.dumps(entries, separators=(",", ":"))
    secret = shared_hub.accounts[A]
    headers = {
        **entries,
        "Content-Type": "application/octet-stream",
        "XroadVnpt-sign-header": sign,
        "XroadVnpt-sign-header-key": ";".join(k[10:] for k in entries),
        "XroadVnpt-hash-header": hmac.new(
            secret.encode(), sign.encode(), hashlib.sha256
        ).hexdigest(),
    }
    reply = httpx.post(shared_hub.url + "/sendEdoc", content=data + b"\r\n", headers=headers)
    body = reply.json()
    assert body["status"] == "OK" and body["ErrorCode"] == "0" and len(body["DocId"]) == 24
    # the same request with one signed value changed on the way is refused
    headers["XroadVnpt-from"] = B
    reply = httpx.post(shared_hub.url + "/sendEdoc", content=data + b"\r\n", headers=headers)
    assert reply.json()["status"] == "FAIL"


def test_agencies_list_the_accounts(shared_hub: LocalHub) -> None:
    with _client(shared_hub, B) as b:
        codes = {a.code: a for a in b.agencies()}
    assert {A, B, C} <= set(codes)


def test_timeouts_retry_reads_but_never_a_send(shared_hub: LocalHub) -> None:
    import time

    from edocstd.hub import HubUnavailable

    shared_hub.inject("timeout", "countReceiveEdoc", delay=2)
    with HubClient(shared_hub.config(C, timeout=0.5, retries=2, backoff=0)) as c:
        assert c.count() >= 0  # the first attempt timed out, the retry answered
    assert shared_hub.faults() == []

    shared_hub.inject("timeout", "sendEdoc", delay=1.5)
    with HubClient(shared_hub.config(A, timeout=0.5, retries=5, backoff=0)) as a:
        with HubClient(shared_hub.config(C)) as c:
            before = {i.doc_id for i in c.received()}
        with pytest.raises(HubUnavailable):
            a.send(edocstd.dumps(document("208", to=(C,))))
    time.sleep(2.5)  # the slow hub stored it after all: resending would have made two
    with HubClient(shared_hub.config(C)) as c:
        new = [i for i in c.received() if i.doc_id not in before]
    assert len(new) == 1


def test_vietnamese_and_padded_header_values_travel(shared_hub: LocalHub) -> None:
    with _client(shared_hub, A) as a, _client(shared_hub, C) as c:
        sent_id = a.send(edocstd.dumps(document("209", to=(C,))))
        item = c.received()[-1]
        # HTTP strips the spaces around a header value; the client signs what will arrive
        c.acknowledge(item.doc_id, "done", description="  Đã nhận, cảm ơn  ")
        [row] = a.sent(sent_id)
        assert row.receive_status == "done" and row.receive_status_desc == "Đã nhận, cảm ơn"
