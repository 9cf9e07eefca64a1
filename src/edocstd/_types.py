"""Type aliases of the public signatures (``edocstd.Source``, ``edocstd.ValidationProfile``).

The public entry points take these instead of ``Any``: say here once what a source or a batch
executor may be, and every signature that takes one agrees.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, BinaryIO, Literal, Protocol, Union

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from ._model.package import Edoc, StatusPackage

Source = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO
"""Where a package comes from: a path, its bytes, or a binary file opened with ``"rb"``."""

PackageSource = Union[Source, "Edoc", "StatusPackage"]
PackageSource.__doc__ = """A :data:`Source`, or a package object you already have."""

ValidationProfile = Literal["vdxp", "strict", "lenient"]
ValidationProfile.__doc__ = """A validation profile: ``vdxp``, what the national axis needs (the
default); ``strict``, exactly what the official SDK writes; ``lenient``, only what makes a
package unusable is an error."""


class DaskClient(Protocol):
    """What a batch needs of a ``dask.distributed.Client``: its ``concurrent.futures`` view."""

    def get_executor(self, **kwargs: bool) -> Executor: ...


BatchExecutor = Union["Executor", DaskClient]
"""Where a batch runs: a ``concurrent.futures.Executor`` or a ``dask.distributed.Client``."""

__all__ = [
    "BatchExecutor",
    "DaskClient",
    "PackageSource",
    "Source",
    "ValidationProfile",
]
