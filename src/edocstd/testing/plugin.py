"""pytest plugin of edocstd: fixtures for tests that build or read edXML packages."""

from __future__ import annotations

from collections.abc import Callable
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
