"""Tools for your tests: factories that build valid packages (and small PDFs to attach) in
one call, ``assert_valid``, Hypothesis strategies (:mod:`edocstd.testing.strategies`, with
``edocstd[testing]``) and a pytest plugin.

    from edocstd.testing import assert_valid, make_edoc, make_status

    assert_valid(make_edoc())

The pytest plugin (registered automatically when edocstd is installed) adds the fixtures
``edoc_factory`` and ``status_factory`` and the helper ``assert_roundtrip``.
"""

from __future__ import annotations

from .assertions import assert_valid
from .factories import (
    assert_roundtrip,
    make_edoc,
    make_organization,
    make_pdf,
    make_status,
    pdf_from_objects,
)

__all__ = [
    "assert_roundtrip",
    "assert_valid",
    "make_edoc",
    "make_organization",
    "make_pdf",
    "make_status",
    "pdf_from_objects",
]
