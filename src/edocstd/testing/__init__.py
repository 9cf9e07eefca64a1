"""Tools for your tests: factories that build valid packages in one call, and a pytest plugin.

    from edocstd.testing import make_edoc, make_status

The pytest plugin (registered automatically when edocstd is installed) adds the fixtures
``edoc_factory`` and ``status_factory`` and the helper ``assert_roundtrip``.
"""

from __future__ import annotations

from .factories import assert_roundtrip, make_edoc, make_organization, make_status

__all__ = ["assert_roundtrip", "make_edoc", "make_organization", "make_status"]
