"""Shared pieces of the hub tests: three agencies, their packages, a test PKI."""

from __future__ import annotations

import importlib.util
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import edocstd
from edocstd import Edoc
from edocstd.testing.factories import make_edoc, make_organization
from tests.sign.conftest import Pki, build_pki

if TYPE_CHECKING:
    from edocstd.hub import LocalHub

# The hub needs the [hub] extra (scripts/test.sh installs it); without it, skip these tests.
if any(importlib.util.find_spec(m) is None for m in ("httpx", "starlette", "uvicorn")):
    collect_ignore_glob = ["test_*.py"]

A, B, C = "000.00.00.G22", "000.00.00.H41", "000.00.00.H53"


def accounts() -> dict[str, str]:
    return {organ: secrets.token_urlsafe(24) for organ in (A, B, C)}


def document(number: str = "123", to: tuple[str, ...] = (B, C)) -> Edoc:
    return make_edoc(
        sender=make_organization(A),
        to=tuple(make_organization(o, organ_name=f"Cơ quan {o}") for o in to),
        number=number,
    )


@pytest.fixture(scope="session")
def hub_pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return build_pki(tmp_path_factory.mktemp("hub-pki"))


def signed_document(pki: Pki, number: str = "123") -> bytes:
    return edocstd.sign(
        edocstd.dumps(document(number)),
        key=pki.leaf.key_path,
        cert=pki.leaf.cert_path,
        chain=[pki.inter.cert_path],
    )


@pytest.fixture(scope="module")
def shared_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalHub]:
    """One hub process for a module's tests (each test uses fresh documents)."""
    from edocstd.hub import LocalHub

    hub = LocalHub(tmp_path_factory.mktemp("hub"), accounts()).start()
    try:
        yield hub
    finally:
        hub.stop()


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path
