"""Errors of the hub client and the local hub, each with a Vietnamese and an English message.

Two families as elsewhere in edocstd: :class:`HubRejected` when the hub *answered* that it will
not do what was asked (it carries the hub's ``ErrorCode``/``ErrorDesc``), and
:class:`HubUnavailable` when no usable answer came back (network error, timeout, HTTP 5xx):
only the second is worth retrying, and only for calls that are safe to repeat.
"""

from __future__ import annotations

from .._errors import EdocError
from .._text import printable


class HubError(EdocError):
    """Base class of the errors talking to a hub; ``message_vi``/``message_en`` both set."""

    kind_vi = "Lỗi khi làm việc với trục liên thông"

    def __init__(self, message_en: str, *, message_vi: str | None = None) -> None:
        # message(lang), message_en and message_vi come from EdocError
        super().__init__(message_en, message_vi=message_vi)

    def bilingual(self) -> str:
        """Vietnamese line first, then English (an untranslated message: the Vietnamese
        sentence for a hub error, then the English detail)."""
        if not self.translated:
            return self.message_vi
        return f"{self.message_vi}\n{self.message_en}"


class HubRejected(HubError):
    """The hub answered ``FAIL`` (or a non-zero ``ErrorCode``)."""

    def __init__(self, call: str, error_code: str, error_desc: str) -> None:
        self.call = call
        self.error_code = error_code
        self.error_desc = error_desc
        # the hub's words go into the message spelled out: a log or a terminal shows them inert
        code, desc = printable(error_code), printable(error_desc)
        super().__init__(
            f"the hub refused {call}: ErrorCode {code}: {desc}",
            message_vi=f"Trục từ chối {call}: ErrorCode {code}: {desc}",
        )


class HubUnavailable(HubError):
    """No usable answer: connection failed or dropped, timeout, or HTTP 5xx."""


class HubProtocolError(HubError):
    """The hub answered something this client cannot read (not the documented JSON)."""


class HubConfigError(HubError):
    """The connection settings are missing or unreadable."""


__all__ = ["HubConfigError", "HubError", "HubProtocolError", "HubRejected", "HubUnavailable"]
