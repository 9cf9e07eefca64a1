"""validate_many with trust anchors: certificates travel to worker processes and back."""

from __future__ import annotations

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
