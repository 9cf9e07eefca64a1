"""The ``edocstd`` logger: what the library decides without being asked.

Spooling a large stream to a temporary file, reading a file object again by its name,
unwrapping a ZIP, reading a status package that lacks its StatusCode, taking a certificate
from a token…  Nothing is printed unless the application configures logging
(``logging.basicConfig(level=logging.DEBUG)``).  Never a secret, never package bytes: names are
shown with ``%r`` (escaped).
"""

from __future__ import annotations

import logging

log = logging.getLogger("edocstd")
log.addHandler(logging.NullHandler())  # a library leaves output to the application

__all__ = ["log"]
