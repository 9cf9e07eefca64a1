"""The async client against the real hub: the same protocol as the sync one, concurrently."""

from __future__ import annotations

import asyncio
from pathlib import Path

import edocstd
from edocstd.hub import AsyncHubClient, HubClient, HubRejected, LocalHub

from .conftest import A, B, document


def test_async_client_round_trip(shared_hub: LocalHub, tmp_path: Path) -> None:
    async def main() -> None:
        async with (
            AsyncHubClient(shared_hub.config(A)) as a,
            AsyncHubClient(shared_hub.config(B)) as b,
        ):
            before = {i.doc_id for i in await b.received()}
            packages = [edocstd.dumps(document(f"3{n:02d}", to=(B,))) for n in range(5)]
            sent = await asyncio.gather(*(a.send(p) for p in packages))
            assert len(set(sent)) == 5
            new = [i for i in await b.received() if i.doc_id not in before]
            assert len(new) == 5 and await b.count() >= 5
            paths = await asyncio.gather(
                *(b.download(i.doc_id, tmp_path / f"{i.doc_id}.edxml") for i in new)
            )
            subjects = {edocstd.load(p).header.subject for p in paths}
            assert subjects == {document().header.subject}
            assert await b.get(new[0].doc_id) == paths[0].read_bytes()
            await asyncio.gather(*(b.acknowledge(i.doc_id) for i in new))
            assert not {i.doc_id for i in await b.received()} & {i.doc_id for i in new}
            rows = await a.sent(sent[0])
            assert [r.receive_status for r in rows] == ["done"]
            assert {x.code for x in await a.agencies()} >= {A, B}

    asyncio.run(main())


def test_async_and_sync_see_the_same_refusals(shared_hub: LocalHub) -> None:
    async def refused() -> HubRejected:
        async with AsyncHubClient(shared_hub.config(A, retries=0)) as a:
            try:
                await a.get("ffffffffffffffffffffffff")
            except HubRejected as exc:
                return exc
        raise AssertionError("the hub accepted an unknown DocId")

    async_error = asyncio.run(refused())
    with HubClient(shared_hub.config(A, retries=0)) as a:
        try:
            a.get("ffffffffffffffffffffffff")
        except HubRejected as sync_error:
            assert (sync_error.error_code, sync_error.error_desc) == (
                async_error.error_code,
                async_error.error_desc,
            )
        else:
            raise AssertionError("the hub accepted an unknown DocId")
