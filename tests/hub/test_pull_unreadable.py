"""What ``pull`` does with a download it cannot read: only bytes that are not a package are set
aside unacknowledged; a package beyond the reader's limits, or a file this machine failed to
open, is not; the same bytes downloaded again are not kept twice."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import httpx
import pytest

import edocstd
from edocstd import ParseError
from edocstd.hub import HubClient, HubConfig, PullOptions, pull

from .conftest import A, B, document

_CFG = HubConfig(url="http://hub.invalid", systemid=B, secret="s", retries=0)


def _ok(**extra: object) -> bytes:
    return json.dumps({"status": "OK", "ErrorCode": "0", **extra}).encode()


class _Hub:
    """A hub listing one document, ``d1``, serving ``served[0]`` for it."""

    def __init__(self, package: bytes) -> None:
        self.served, self.acks, self.downloads = [package], list[str](), 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        call = request.url.path.lstrip("/")
        if call == "getReceivedEdocList":
            return httpx.Response(200, content=_ok(data=[{"docId": "d1", "from": A}]))
        if call == "downloadEdoc":
            self.downloads += 1
            return httpx.Response(200, content=self.served[0])
        if call == "updateStatus":
            self.acks.append(request.headers["XroadVnpt-docId"])
            return httpx.Response(200, content=_ok())
        return httpx.Response(404)


def _pull(hub: _Hub, into: Path, check: str = "validate") -> edocstd.hub.Pulled:
    options = PullOptions(check=check, message_types=("edoc",))  # type: ignore[arg-type]
    with HubClient(_CFG, transport=httpx.MockTransport(hub)) as client:
        (result,) = pull(client, into, options)
    return result


def _beyond_limits() -> bytes:
    """A whole package whose unknown extension nests deeper than the reader's limit (64)."""
    data = edocstd.dumps(document())
    at = data.index(b"</edXML:MessageHeader>")
    return data[:at] + b"<ext>" * 70 + b"</ext>" * 70 + data[at:]


@pytest.mark.parametrize("check", ["none", "validate", "both"])
def test_a_package_beyond_the_readers_limits_is_filed_and_acknowledged(
    tmp_path: Path, check: str
) -> None:
    """It arrived whole: set aside, it would come back at every run for ever and never be
    acknowledged; filed, ``validate`` says what is wrong with it (as before ``load`` was run)."""
    package = _beyond_limits()
    with pytest.raises(edocstd.LimitExceeded):
        edocstd.load(package)
    hub = _Hub(package)
    result = _pull(hub, tmp_path, check)
    assert result.outcome == "filed" and result.path == tmp_path / "edoc" / "d1.edxml"
    assert result.path.read_bytes() == package and hub.acks == ["d1"]
    assert not list(tmp_path.rglob("*.unreadable"))
    if check != "none":
        assert result.summary.startswith("invalid")


@pytest.mark.parametrize(
    "failure",
    [
        ParseError("cannot open d1.edxml: Too many open files", io_error=True),
        OSError(errno.EIO, "Input/output error"),
    ],
    ids=["open", "read"],
)
def test_a_package_this_machine_failed_to_read_stays_filed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: Exception
) -> None:
    """The file could not be opened or read here (no descriptor left, a disk error): that says
    nothing of the bytes; the package is neither set aside nor acknowledged, the ledger keeps
    it, and the next run reads it again without downloading it."""
    package = edocstd.dumps(document())
    hub = _Hub(package)
    load = edocstd.load

    def failing(source: object, **kwargs: object) -> object:
        raise failure

    monkeypatch.setattr(edocstd, "load", failing)
    first = _pull(hub, tmp_path)
    assert first.outcome == "failed" and first.path == tmp_path / "edoc" / "d1.edxml"
    assert "not acknowledged" in first.summary
    assert first.path.read_bytes() == package and hub.acks == []
    assert not list(tmp_path.rglob("*.unreadable"))
    monkeypatch.setattr(edocstd, "load", load)
    second = _pull(hub, tmp_path)
    assert second.outcome == "filed" and second.path == first.path
    assert hub.acks == ["d1"] and hub.downloads == 1


def test_the_same_unreadable_bytes_are_kept_once(tmp_path: Path) -> None:
    """A hub handing out the same bytes that are not a package at every run (a sender's broken
    package) would otherwise fill the disk with a copy per run: a copy equal to one already
    set aside is dropped; different bytes are kept beside it."""
    page = b"<html><body>502 Bad Gateway</body></html>"
    hub = _Hub(page)
    results = [_pull(hub, tmp_path) for _ in range(3)]
    kept = tmp_path / "edoc" / "d1.unreadable"
    assert [r.outcome for r in results] == ["failed"] * 3 and hub.downloads == 3
    assert all(r.path == kept for r in results) and kept.read_bytes() == page
    assert sorted(p.name for p in (tmp_path / "edoc").iterdir()) == ["d1.unreadable"]
    hub.served[0] = b"<html><body>504 Gateway Timeout</body></html>"
    other = _pull(hub, tmp_path)
    assert other.path == tmp_path / "edoc" / "d1~2.unreadable"
    assert other.path.read_bytes() == hub.served[0] and kept.read_bytes() == page
    assert hub.acks == []


@pytest.mark.parametrize("planted", ["link", "pipe"])
def test_what_is_planted_at_the_set_aside_name_is_not_taken_for_the_copy(
    tmp_path: Path, planted: str
) -> None:
    """A link to a file holding the same bytes, or a named pipe, where the copy would go: not
    followed, not waited on, not taken for the kept copy (the download is kept beside it), nor
    replaced."""
    page = b"<html><body>502 Bad Gateway</body></html>"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(page)
    inbox = tmp_path / "in" / "edoc"
    inbox.mkdir(parents=True)
    there = inbox / "d1.unreadable"
    if planted == "link":
        there.symlink_to(elsewhere)
    else:
        os.mkfifo(there)
    result = _pull(_Hub(page), tmp_path / "in")
    assert result.path == inbox / "d1~2.unreadable" and result.path.read_bytes() == page
    assert there.is_symlink() if planted == "link" else there.is_fifo()
    assert elsewhere.read_bytes() == page
