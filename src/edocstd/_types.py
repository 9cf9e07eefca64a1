"""Type aliases of the public signatures (``edocstd.Source``, ``edocstd.ValidationProfile``)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, BinaryIO, Literal, Union

if TYPE_CHECKING:
    from ._model.package import Edoc, StatusPackage

Source = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO
"""Where a package comes from: a path, its bytes, or a binary file opened with ``"rb"``."""

PackageSource = Union[Source, "Edoc", "StatusPackage"]
PackageSource.__doc__ = """A :data:`Source`, or a package object you already have."""

ValidationProfile = Literal["vdxp", "strict", "lenient"]
ValidationProfile.__doc__ = """A validation profile: ``vdxp``, what the national axis needs (the
default); ``strict``, exactly what the official SDK writes; ``lenient``, only what makes a
package unusable is an error."""

__all__ = ["PackageSource", "Source", "ValidationProfile"]
