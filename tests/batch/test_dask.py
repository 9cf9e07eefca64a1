"""validate_many on Dask: a LocalCluster of two worker processes stands in for many machines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import edocstd
from tests import packages

distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")

GOOD = packages.edoc_xml().encode("utf-8")
BAD = packages.edoc_xml(recipients=()).encode("utf-8")


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        host="127.0.0.1",
    )
    with cluster, distributed.Client(cluster) as c:
        yield c


@pytest.mark.slow
def test_reports_from_the_cluster_equal_a_local_loop(client: object, tmp_path: Path) -> None:
    paths = []
    for n in range(40):  # several chunks, so that both workers get some
        path = tmp_path / f"{n:03d}.edxml"
        path.write_bytes(GOOD if n % 4 else BAD)
        paths.append(path)
    reports = list(edocstd.validate_many(tmp_path, executor=client))
    assert reports == [edocstd.validate(p) for p in paths]
    assert [r.ok for r in reports] == [bool(n % 4) for n in range(40)]
    info = client.scheduler_info()  # type: ignore[attr-defined]
    assert len(info["workers"]) == 2


@pytest.mark.slow
def test_the_client_is_left_running(client: object) -> None:
    list(edocstd.validate_many([GOOD, BAD], executor=client))
    assert client.submit(sum, [1, 2]).result() == 3  # type: ignore[attr-defined]
