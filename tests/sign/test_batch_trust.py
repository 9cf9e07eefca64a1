"""validate_many with trust anchors: certificates travel to worker processes and back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import edocstd
from tests.sign.conftest import Pki


def test_signature_tier_in_worker_processes(pki: Pki, edoc: bytes) -> None:
    signed = edocstd.sign(
        edoc, key=pki.leaf.key_path, cert=pki.leaf.cert_path, chain=[pki.inter.cert_path]
    )
    foreign = edocstd.sign(edoc, key=pki.stranger.key_path, cert=pki.stranger.cert_path)
    sources = [signed, foreign, signed]
    anchors = (pki.root.cert,)  # a certificate object: not picklable as it is
    serial = [edocstd.validate(s, trust=anchors) for s in sources]
    parallel = list(edocstd.validate_many(sources, jobs=2, trust=anchors))
    verdicts = [r.signature.verdict if r.signature is not None else None for r in parallel]
    assert verdicts == ["valid", "indeterminate", "valid"]
    for mine, theirs in zip(parallel, serial, strict=True):
        assert mine == theirs
        assert mine.signature is not None and theirs.signature is not None
        assert mine.signature.verdict == theirs.signature.verdict
        assert mine.signature.signer == theirs.signature.signer
    # the signer's certificate came back whole from the worker
    first = parallel[0].signature
    assert first.signer is not None
    assert first.signer.certificate == pki.leaf.cert


def test_certificates_travel_from_workers_started_afresh(pki: Pki, edoc: bytes) -> None:
    """A worker that did not inherit this process's state (``spawn``) sends signer
    certificates back too: the worker itself makes them picklable before sending."""
    import concurrent.futures as cf
    import multiprocessing

    signed = edocstd.sign(
        edoc, key=pki.leaf.key_path, cert=pki.leaf.cert_path, chain=[pki.inter.cert_path]
    )
    anchors = (pki.root.cert,)
    with cf.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        reports = list(edocstd.validate_many([signed, signed], executor=pool, trust=anchors))
    here = edocstd.validate(signed, trust=anchors)  # (its verification time may differ)
    assert [r.findings for r in reports] == [here.findings] * 2
    first = reports[0].signature
    assert first is not None and first.verdict == "valid"
    assert first.signer is not None and first.signer.certificate == pki.leaf.cert


_CHECKED_NOW = r"checked at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC"


def test_the_command_checks_signatures_on_worker_processes(
    pki: Pki, edoc: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from edocstd._batch.runner import CHUNK_PACKAGES
    from edocstd.cli import main

    signed = edocstd.sign(
        edoc, key=pki.leaf.key_path, cert=pki.leaf.cert_path, chain=[pki.inter.cert_path]
    )
    foreign = edocstd.sign(edoc, key=pki.stranger.key_path, cert=pki.stranger.cert_path)
    count = CHUNK_PACKAGES + 3  # two chunks: --jobs 2 sends the trust anchors to workers
    for n in range(count):
        (tmp_path / f"goi-{n:03d}.edxml").write_bytes(foreign if n == 7 else signed)
    out = {}
    for jobs in ("1", "2"):
        argv = ["validate", "--json", "--jobs", jobs, "--trust", str(pki.root.cert_path)]
        assert main([*argv, str(tmp_path)]) == 1
        # the two runs may straddle a second: "checked at <time> UTC, now" is not compared
        out[jobs] = re.sub(_CHECKED_NOW, "checked at <now>", capsys.readouterr().out)
    assert out["2"] == out["1"] and "checked at <now>" in out["2"]
    verdicts = [p["signature"]["verdict"] for p in json.loads(out["2"])["packages"]]
    assert verdicts == ["indeterminate" if n == 7 else "valid" for n in range(count)]
