"""The hub API as pure functions: build each call's request, read each call's reply.

No I/O here (h11's sans-IO style): :class:`~edocstd.hub.HubClient` and
:class:`~edocstd.hub.AsyncHubClient` are thin httpx shells over :func:`build_request` and
:func:`parse_reply`, so both speak exactly the same protocol and it is tested without a network.
Endpoints, parameters and reply shapes follow the SDK (``SDKVXP``); docs/cookbook/truc-lien-thong.md
("The protocol") sums them up.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import os
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from .._errors import BuildError
from ._errors import HubProtocolError, HubRejected, HubUnavailable
from ._signing import ParamValue, format_timestamp, signed_headers

MessageType = Literal["edoc", "status"]
AckStatus = Literal["done", "fail", "processing"]
SERVICE_TYPE = "eDoc"
OCTET = "application/octet-stream"
JSON_TYPE = "application/json"


@attrs.frozen
class Call:
    """One API call as the SDK defines it: method, path, body kind; ``idempotent`` calls may be
    retried after a network error (a send never is: every send gets a new DocId)."""

    name: str
    method: Literal["GET", "POST"]
    body: Literal["empty", "json", "package"]
    idempotent: bool


CALLS: dict[str, Call] = {
    c.name: c
    for c in (
        Call("sendEdoc", "POST", "package", False),
        Call("getReceivedEdocList", "POST", "empty", True),
        Call("getSentEdocList", "POST", "empty", True),
        Call("getEdoc", "POST", "json", True),
        Call("downloadEdoc", "GET", "empty", True),
        Call("updateStatus", "POST", "json", True),  # setting the same status twice is harmless
        Call("countReceiveEdoc", "POST", "json", True),
        Call("countReceiveStatus", "POST", "json", True),
        Call("getAgenciesList", "POST", "empty", True),
    )
}


@attrs.frozen
class Request:
    """What to send: ``body`` is bytes, or a path whose bytes are streamed and then ``\\r\\n``."""

    call: Call
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | os.PathLike[str] = b""

    @property
    def method(self) -> str:
        return self.call.method


def build_request(
    call: str,
    params: Mapping[str, ParamValue],
    *,
    systemid: str,
    secret: str,
    now: dt.datetime,
    body: bytes | os.PathLike[str] = b"",
    hash_file: str | None = None,
) -> Request:
    """Sign and shape one call.  For ``sendEdoc`` give the package as ``body`` (bytes or a
    path) and its :func:`~edocstd.hub.hash_file` value."""
    spec = CALLS.get(call)
    if spec is None:
        raise BuildError(f"unknown hub call {call!r}", path="call")
    logical: dict[str, ParamValue] = {
        "systemid": systemid,
        "timestamp": format_timestamp(now),
        "Content-Type": OCTET if spec.body == "package" else JSON_TYPE,
    }
    logical.update(params)
    if spec.body == "package":
        if hash_file is None:
            raise BuildError("sendEdoc needs hash_file", path="hash-file")
        logical["hash-file"] = hash_file
        payload: bytes | os.PathLike[str] = body + b"\r\n" if isinstance(body, bytes) else body
    else:
        payload = b"{}" if spec.body == "json" else b""
    headers = tuple(signed_headers(logical, secret=secret))
    return Request(spec, "/" + call, headers, payload)


def send_params(
    systemid: str, message_type: MessageType, to: list[str] | None
) -> dict[str, ParamValue]:
    params: dict[str, ParamValue] = {
        "from": systemid,
        "servicetype": SERVICE_TYPE,
        "messagetype": message_type,
    }
    if to:
        params["to"] = list(to)
    return params


# -- replies ------------------------------------------------------------------------------


def _text(d: Mapping[str, Any], key: str) -> str | None:
    value = d.get(key)
    return None if value is None else str(value)


@attrs.frozen
class ReceivedItem:
    """A package waiting for you (``getReceivedEdocList``)."""

    doc_id: str
    service_type: str | None
    message_type: str | None
    created_time: str | None
    updated_time: str | None
    sender: str | None
    to: str | None
    status: str | None
    status_desc: str | None

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ReceivedItem:
        doc_id = _text(d, "docId")
        if not doc_id:
            raise HubProtocolError(
                "a received item has no docId", message_vi="Một mục nhận được không có docId"
            )
        return cls(
            doc_id,
            _text(d, "serviceType"),
            _text(d, "messageType"),
            _text(d, "created_time"),
            _text(d, "updated_time"),
            _text(d, "from"),
            _text(d, "to"),
            _text(d, "status"),
            _text(d, "status_desc"),
        )


@attrs.frozen
class Delivery:
    """One recipient of a package you sent (``getSentEdocList``)."""

    sender_doc_id: str | None
    receiver_doc_id: str | None
    from_code: str | None
    to_code: str | None
    send_status: str | None
    send_status_desc: str | None
    receive_status: str | None
    receive_status_desc: str | None
    title: str | None
    notation: str | None
    message_type: str | None
    service_type: str | None
    sent_time: str | None
    received_time: str | None

    _KEYS = (
        "senderDocId",
        "receiverDocId",
        "fromCode",
        "toCode",
        "sendStatus",
        "sendStatusDesc",
        "receiveStatus",
        "receiveStatusDesc",
        "title",
        "notation",
        "messageType",
        "serviceType",
        "sentTime",
        "receivedTime",
    )

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Delivery:
        return cls(*(_text(d, k) for k in cls._KEYS))


@attrs.frozen
class Agency:
    """An agency of the hub's directory (``getAgenciesList``)."""

    code: str
    name: str | None
    id: str | None = None
    pid: str | None = None
    mail: str | None = None
    old_code: str | None = None

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Agency:
        return cls(
            code=_text(d, "code") or "",
            name=_text(d, "name"),
            id=_text(d, "id"),
            pid=_text(d, "pid"),
            mail=_text(d, "mail"),
            old_code=_text(d, "oldCode"),
        )


def _envelope(call: str, status_code: int, body: bytes) -> dict[str, Any] | None:
    """The reply's JSON object; ``None`` for an empty body (a 2xx one: empty after a redirect or
    a 4xx is an error).  Errors in the body win over the HTTP status (the hub mostly answers
    200); a 5xx without a readable body is unavailability."""
    if not body.strip():
        if status_code >= 500:
            raise HubUnavailable(
                f"{call}: HTTP {status_code}", message_vi=f"{call}: HTTP {status_code}"
            )
        if status_code >= 300:  # a redirect (never followed) or a refusal: nothing was done
            raise HubProtocolError(
                f"{call}: HTTP {status_code} with an empty reply",
                message_vi=f"{call}: HTTP {status_code}, trả lời rỗng",
            )
        return None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the decoder goes
        data = None
    if not isinstance(data, dict):
        if status_code >= 500:
            raise HubUnavailable(
                f"{call}: HTTP {status_code}", message_vi=f"{call}: HTTP {status_code}"
            )
        raise HubProtocolError(
            f"{call}: the hub's reply is not a JSON object (HTTP {status_code})",
            message_vi=f"{call}: trả lời của trục không phải đối tượng JSON (HTTP {status_code})",
        )
    code = str(data.get("ErrorCode", "0" if data.get("status") == "OK" else ""))
    if code != "0" or str(data.get("status", "OK")).upper() != "OK":
        raise HubRejected(call, code or "?", str(data.get("ErrorDesc") or ""))
    return data


def _items(call: str, data: dict[str, Any] | None) -> list[Mapping[str, Any]]:
    items = [] if data is None else data.get("data") or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise HubProtocolError(
            f"{call}: 'data' is not a list of objects",
            message_vi=f"{call}: 'data' không phải danh sách đối tượng",
        )
    return items


def parse_reply(call: str, status_code: int, body: bytes) -> Any:
    """Read a reply: ``sendEdoc`` → DocId (str); lists → typed items; ``getEdoc`` → package
    bytes; counts → int; ``updateStatus`` → None.  Raises :class:`HubRejected` for a refusal."""
    data = _envelope(call, status_code, body)
    if call == "sendEdoc":
        doc_id = None if data is None else data.get("DocId") or data.get("docId")
        if not doc_id:
            raise HubProtocolError(
                f"{call}: no DocId in the reply", message_vi=f"{call}: thiếu DocId"
            )
        return str(doc_id)
    if call == "getReceivedEdocList":
        return [ReceivedItem.from_json(i) for i in _items(call, data)]
    if call == "getSentEdocList":
        return [Delivery.from_json(i) for i in _items(call, data)]
    if call == "getAgenciesList":
        return [Agency.from_json(i) for i in _items(call, data)]
    if call == "getEdoc":
        return _decode_package(call, data)
    if call.startswith("count"):
        try:
            return int((data or {}).get("count", 0))
        except (TypeError, ValueError, OverflowError):  # OverflowError: 1e400, Infinity
            raise HubProtocolError(
                f"{call}: 'count' is not a number", message_vi=f"{call}: 'count' không phải là số"
            ) from None
    return None


def _decode_package(call: str, data: dict[str, Any] | None) -> bytes:
    text = None if data is None else data.get("data")
    if not isinstance(text, str):
        raise HubProtocolError(
            f"{call}: no package in the reply", message_vi=f"{call}: không có gói tin"
        )
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise HubProtocolError(
            f"{call}: the package is not valid base64",
            message_vi=f"{call}: gói tin không phải base64 hợp lệ",
        ) from None


__all__ = [
    "CALLS",
    "SERVICE_TYPE",
    "AckStatus",
    "Agency",
    "Call",
    "Delivery",
    "MessageType",
    "ReceivedItem",
    "Request",
    "build_request",
    "parse_reply",
    "send_params",
]
