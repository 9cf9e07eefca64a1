"""pytest plugin of edocstd: fixtures for tests that build or read edXML packages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from .factories import make_edoc, make_status


@pytest.fixture
def edoc_factory() -> Callable[..., Any]:
    """``edoc_factory(**overrides)`` → a valid new-document ``Edoc``."""
    return make_edoc


@pytest.fixture
def status_factory() -> Callable[..., Any]:
    """``status_factory(code, about=edoc, ...)`` → a ``StatusPackage`` answering a document."""
    return make_status


@pytest.fixture
def edocstd_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A real local hub (``edocstd hub serve`` in its own process) on a free loopback port.

    Three accounts with random secrets: ``000.00.00.G22``, ``000.00.00.H41``,
    ``000.00.00.H53``.  ``edocstd_hub.config(systemid)`` gives a ``HubConfig``,
    ``.env(systemid)`` the environment for the ``edocstd hub`` commands, ``.inject(kind, call)``
    a fault, ``.kill()``/``.restart()`` a crash.  Needs the ``edocstd[hub]`` extra.
    """
    pytest.importorskip("uvicorn", reason="the edocstd_hub fixture needs edocstd[hub]")
    import secrets

    from ..hub import LocalHub

    accounts = {
        organ: secrets.token_urlsafe(24)
        for organ in ("000.00.00.G22", "000.00.00.H41", "000.00.00.H53")
    }
    hub = LocalHub(tmp_path_factory.mktemp("edocstd-hub"), accounts).start()
    try:
        yield hub
    finally:
        hub.stop()
