"""``edocstd.hub``: talk to the national document exchange axis (VXP/VDXP), or to a local one.

Needs the optional extra ``edocstd[hub]`` (httpx; Starlette and uvicorn for the local hub).

* :class:`HubClient` / :class:`AsyncHubClient` — send edocs and status packages, list and
  download what waits for you, acknowledge it, see per-recipient delivery, counts, agencies;
  authentication headers exactly as the official Java SDK computes them.
* :class:`HubConfig` — endpoint, systemid and secret from the environment or a TOML file; the
  secret never shows in a repr, a log or an error.
* :func:`pull` — the receive loop behind ``edocstd hub pull``: nothing lost if killed at any
  point, nothing acknowledged before it is on disk, nothing acknowledged twice.
* :func:`create_app` / :class:`LocalHub` — a local test hub (Starlette) with accounts, queues,
  relay ``TraceHeader``, a re-serialising relay mode and fault injection.
* :func:`build_request` / :func:`parse_reply` / :func:`signed_headers` — the protocol as pure
  functions (no I/O), for other HTTP stacks.
"""

from __future__ import annotations

from contextlib import suppress as _suppress
from typing import TYPE_CHECKING, Any

from ._client import AsyncHubClient, HubClient
from ._config import HubConfig, Secret
from ._errors import (
    HubConfigError,
    HubError,
    HubProtocolError,
    HubRejected,
    HubUnavailable,
)
from ._faults import Fault
from ._local import LocalHub
from ._protocol import (
    CALLS,
    Agency,
    Call,
    Delivery,
    ReceivedItem,
    Request,
    build_request,
    parse_reply,
)
from ._pull import Pulled, PullOptions, pull
from ._signing import check_signed_headers, format_timestamp, hash_file, signed_headers

if TYPE_CHECKING:
    from ._server import create_app


def __getattr__(name: str) -> Any:
    # The server (Starlette) is imported only when asked for: clients start faster without it.
    if name == "create_app":
        from ._server import create_app

        create_app.__module__ = "edocstd.hub"
        return create_app
    raise AttributeError(f"module 'edocstd.hub' has no attribute {name!r}")


__all__ = [
    "CALLS",
    "Agency",
    "AsyncHubClient",
    "Call",
    "Delivery",
    "Fault",
    "HubClient",
    "HubConfig",
    "HubConfigError",
    "HubError",
    "HubProtocolError",
    "HubRejected",
    "HubUnavailable",
    "LocalHub",
    "PullOptions",
    "Pulled",
    "ReceivedItem",
    "Request",
    "Secret",
    "build_request",
    "check_signed_headers",
    "create_app",
    "format_timestamp",
    "hash_file",
    "parse_reply",
    "pull",
    "signed_headers",
]

for _name in __all__:
    _obj = globals().get(_name)
    if getattr(_obj, "__module__", "").startswith("edocstd.hub._"):
        with _suppress(AttributeError, TypeError):
            _obj.__module__ = "edocstd.hub"
del _name, _obj
