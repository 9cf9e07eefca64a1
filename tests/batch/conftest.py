"""Fixtures of the batch tests."""

from __future__ import annotations

import concurrent.futures as cf

import pytest


@pytest.fixture
def pools_started(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker counts of the process pools started during the test (in this process)."""
    started: list[int] = []
    real = cf.ProcessPoolExecutor

    def counting(max_workers: int) -> cf.ProcessPoolExecutor:
        started.append(max_workers)
        return real(max_workers=max_workers)

    monkeypatch.setattr(cf, "ProcessPoolExecutor", counting)
    return started
