"""Connection settings: endpoint, systemid, secret, and how patient to be.

Read from the environment (``EDOCSTD_HUB_URL``, ``EDOCSTD_HUB_SYSTEMID``,
``EDOCSTD_HUB_SECRET``) or a TOML file with the keys ``url`` (or ``endpoint``), ``systemid``,
``secret`` (the environment names are accepted as keys too).  The secret is a :class:`Secret`:
its ``repr`` and ``str`` are masked, so printing or logging a config never shows it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ._errors import HubConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ENV_URL = "EDOCSTD_HUB_URL"
ENV_SYSTEMID = "EDOCSTD_HUB_SYSTEMID"
ENV_SECRET = "EDOCSTD_HUB_SECRET"


class Secret:
    """A secret string that does not show itself: use :meth:`reveal` where it is needed."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __reduce__(self) -> Any:  # no pickling the secret by accident into logs or caches
        raise TypeError("Secret cannot be pickled")


def _secret(value: str | Secret) -> Secret:
    return value if isinstance(value, Secret) else Secret(str(value))


@attrs.frozen(kw_only=True)
class HubConfig:
    """Where the hub is and who you are.  ``retries`` applies to calls safe to repeat only;
    ``max_reply`` is the most bytes (once decompressed) read from one reply, a download included;
    ``timeout`` the most seconds between two pieces of a reply, ``deadline`` the most seconds one
    exchange may take, from the connect (TLS included) through the request, the status line and
    headers to the body's last byte (a hub trickling a byte now and then is stopped there)."""

    url: str
    systemid: str
    secret: Secret = attrs.field(converter=_secret)
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    max_connections: int = 10
    max_reply: int = 512 << 20
    deadline: float = 3600.0

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str) -> HubConfig:
        def pick(*keys: str) -> str:
            for key in keys:
                value = data.get(key)
                if isinstance(value, str) and value.strip():
                    return value.strip()
            raise HubConfigError(
                f"{source}: missing {keys[0]}",
                message_vi=f"{source}: thiếu {keys[0]}",
            )

        extra: dict[str, Any] = {}
        for key, kind in (
            ("timeout", float),
            ("retries", int),
            ("backoff", float),
            ("max_connections", int),
            ("max_reply", int),
            ("deadline", float),
        ):
            if key in data:
                try:
                    extra[key] = kind(data[key])
                except (TypeError, ValueError, OverflowError):  # OverflowError: int(inf)
                    raise HubConfigError(
                        f"{source}: {key} is not a number",
                        message_vi=f"{source}: {key} không phải là số",
                    ) from None
        return cls(
            url=pick("url", "endpoint", ENV_URL).rstrip("/"),
            systemid=pick("systemid", ENV_SYSTEMID),
            secret=pick("secret", ENV_SECRET),
            **extra,
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> HubConfig:
        env = os.environ if environ is None else environ
        return cls.from_mapping(
            {k: env[k] for k in (ENV_URL, ENV_SYSTEMID, ENV_SECRET) if k in env},
            source="environment",
        )

    @classmethod
    def from_toml(cls, path: str | os.PathLike[str]) -> HubConfig:
        data = _read_toml(path)
        section = data.get("hub", data)  # a [hub] table or top-level keys
        return cls.from_mapping(section if isinstance(section, dict) else data, source=str(path))

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> HubConfig:
        """From ``path`` when given, else from the environment."""
        return cls.from_env() if path is None else cls.from_toml(path)


def _read_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A TOML file's table; ``HubConfigError`` when it cannot be read or is not TOML (the
    message says where, never what the file holds)."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise HubConfigError(
            f"{path}: cannot read: {exc.strerror}",
            message_vi=f"{path}: không đọc được: {exc.strerror}",
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise HubConfigError(
            f"{path}: not TOML: {exc}", message_vi=f"{path}: không phải TOML: {exc}"
        ) from None


def read_accounts(path: str | os.PathLike[str]) -> dict[str, str]:
    """The accounts in a TOML file of ``"SYSTEMID" = "SECRET"`` lines; ``HubConfigError``
    when it cannot be read or holds anything else (the message never shows a secret)."""
    data = _read_toml(path)
    bad = [k for k, v in data.items() if not k or not isinstance(v, str) or not v]
    if bad or not data:
        raise HubConfigError(
            f'{path}: each line must be "SYSTEMID" = "SECRET"',
            message_vi=f'{path}: mỗi dòng phải có dạng "SYSTEMID" = "SECRET"',
        )
    return {str(k): str(v) for k, v in data.items()}


__all__ = ["ENV_SECRET", "ENV_SYSTEMID", "ENV_URL", "HubConfig", "Secret", "read_accounts"]
