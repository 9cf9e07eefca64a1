"""Old name of :mod:`edocstd._sign.algorithms` (algorithm URIs and the algorithm suites, once
called signing profiles), kept so that imports written before the rename keep working."""

from __future__ import annotations

from .algorithms import *  # noqa: F403
from .algorithms import __all__ as __all__
