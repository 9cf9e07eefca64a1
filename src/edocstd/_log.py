"""The ``edocstd`` logger: what the library decides without being asked.

Spooling a large stream to a temporary file, reading a file object again by its name,
unwrapping a ZIP, reading a status package that lacks its StatusCode, taking a certificate
from a token…  Nothing is printed unless the application configures logging
(``logging.basicConfig(level=logging.DEBUG)``).  Never a secret, never package bytes: names are
shown with ``%r`` (escaped).

``log`` is the ``logging.getLogger("edocstd")`` logger, looked up when first used: importing
``logging`` (with ``traceback``, ``string``…) would cost a one-shot command such as
``edocstd show``, which logs nothing, a few milliseconds of its start.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import logging


@functools.cache
def _logger() -> logging.Logger:
    import logging

    logger = logging.getLogger("edocstd")
    logger.addHandler(logging.NullHandler())  # a library leaves output to the application
    return logger


class _FirstUse:
    """Stands for the logger until a method of it is asked for (then it is the logger's own,
    so records name the caller as usual)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        return getattr(_logger(), name)


log = cast("logging.Logger", _FirstUse())

__all__ = ["log"]
