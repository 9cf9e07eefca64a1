"""The exceptions edocstd raises on purpose.

Two families, as in h11/httpx: ``BuildError`` when *you* asked for something
illegal, ``ParseError`` when the *peer* sent something we cannot read.  Every
one derives from ``EdocError`` so callers can catch the library as a whole.

Every error speaks both languages, like a finding: ``exc.message("vi")`` /
``exc.message("en")``.  ``exc.message`` itself is also the English text as a ``str``
(so ``f"{exc.message}"`` and ``exc.message + "…"`` keep working); ``message_en`` and
``message_vi`` are the two texts.  Where no Vietnamese wording was written, the Vietnamese
message is a general Vietnamese sentence for the kind of error, followed on its own line
by the English detail (one language per line, Vietnamese first).
"""

from __future__ import annotations

from typing import Any


class Message(str):
    """An error's message: the English text as a ``str``, callable for one language.

    ``exc.message`` is the English text; ``exc.message("vi")`` the Vietnamese one.
    """

    vi: str

    def __new__(cls, en: str, vi: str) -> Message:
        obj = super().__new__(cls, en)
        obj.vi = vi
        return obj

    def __call__(self, lang: str = "vi") -> str:
        """The message in ``lang`` (``"vi"`` or ``"en"``)."""
        return str.__str__(self) if lang == "en" else self.vi

    def __reduce__(self) -> tuple[Any, ...]:
        return (Message, (str.__str__(self), self.vi))


def _restore(cls: type[EdocError], args: tuple[Any, ...], state: dict[str, Any]) -> EdocError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class EdocError(Exception):
    """Base class of every exception edocstd raises on purpose.

    ``message(lang)`` gives the message in Vietnamese (``"vi"``, the default) or English
    (``"en"``); ``message_en`` / ``message_vi`` hold both.
    """

    kind_vi = "Lỗi"
    """The general Vietnamese sentence for this kind of error (used when no wording exists)."""

    message: Message
    path: str | None = None

    def __init__(self, message: str = "", *, message_vi: str | None = None) -> None:
        self._set_message(message, message_vi)
        super().__init__(message)

    def _set_message(self, message: str, message_vi: str | None) -> None:
        self.translated = message_vi is not None
        """True when the Vietnamese message was written for this error (not the fallback)."""
        if message_vi is None:
            where = f" ({self.path})" if self.path else ""
            message_vi = f"{self.kind_vi}{where}.\n{message}" if message else self.kind_vi
        self.message = Message(message, message_vi)

    @property
    def message_en(self) -> str:
        """The message in English."""
        return self.message("en")

    @property
    def message_vi(self) -> str:
        """The message in Vietnamese."""
        return self.message("vi")

    @property
    def written_vi(self) -> str | None:
        """The Vietnamese wording written for this error, None where the fallback stands in
        (pass it on as ``message_vi=`` when raising the same message again)."""
        return self.message("vi") if self.translated else None

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only details (message_vi, path, line…) survive pickling (process pools).
        return (_restore, (type(self), self.args, dict(self.__dict__)))


class ParseError(EdocError):
    """The input is not a readable edXML package.

    ``line`` is the 1-based source line when known, ``path`` an XPath-like
    location such as ``/edXML/edXMLEnvelope/edXMLHeader``; ``io_error`` is true when the
    input could not be read at all (a missing file, a folder), as opposed to read and found
    bad.
    """

    kind_vi = "Không đọc được gói tin"

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        path: str | None = None,
        message_vi: str | None = None,
        io_error: bool = False,
    ) -> None:
        self.io_error = io_error  # the input could not be read at all (missing file, folder…)
        self.line = line
        self.path = path
        self._set_message(message, message_vi)
        where = []
        if line is not None:
            where.append(f"line {line}")
        if path:
            where.append(path)
        Exception.__init__(self, f"{message} ({', '.join(where)})" if where else message)


class LimitExceeded(ParseError):
    """The input goes beyond a configured limit (size, depth, count)."""

    kind_vi = "Dữ liệu vượt quá giới hạn cho phép"


class BuildError(EdocError, ValueError):
    """A value you tried to build is illegal; ``path`` names the field (``OtherInfo.Priority``)."""

    kind_vi = "Giá trị không hợp lệ"

    def __init__(
        self, message: str, *, path: str | None = None, message_vi: str | None = None
    ) -> None:
        self.path = path
        self._set_message(message, message_vi)
        Exception.__init__(self, f"{path}: {message}" if path else message)


class NoPackagesFound(EdocError):
    """A batch had nothing to check: no package in the folders or list given.

    A check that checks nothing must not pass, so this is an error (exit 2 on the command line).
    ``str()`` gives both languages, one per line.
    """

    kind_vi = "Không có gói tin nào để kiểm tra"
    MESSAGE_VI = "Không có gói tin nào để kiểm tra (không có tệp .edxml, hay .xml có gốc edXML)."
    MESSAGE_EN = "Nothing to check: no package found (no .edxml file, nor .xml with an edXML root)."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message or self.MESSAGE_EN, message_vi=None if message else self.MESSAGE_VI
        )
        Exception.__init__(self, f"{self.MESSAGE_VI}\n{self.message_en}")


class WorkerDied(EdocError):
    """A worker process of a batch died (killed for memory, by a signal…) before it answered."""

    kind_vi = "Một tiến trình kiểm tra đã dừng đột ngột"
    MESSAGE_VI = (
        "Một tiến trình kiểm tra đã dừng đột ngột (hết bộ nhớ, bị ngắt, hoặc tệp chạy chương "
        'trình thiếu `if __name__ == "__main__":`).'
    )
    MESSAGE_EN = (
        "A worker process died before it answered (out of memory, killed, or the script that "
        'started it lacks `if __name__ == "__main__":`).'
    )

    def __init__(self) -> None:
        super().__init__(self.MESSAGE_EN, message_vi=self.MESSAGE_VI)
        Exception.__init__(self, f"{self.MESSAGE_VI}\n{self.MESSAGE_EN}")


class SignatureError(EdocError):
    """Signing or verifying failed."""

    kind_vi = "Ký số hoặc kiểm tra chữ ký không thành công"


class InvalidSignature(SignatureError):
    """The signature does not match the content or is malformed."""

    kind_vi = "Chữ ký không hợp lệ"


class UntrustedCertificate(SignatureError):
    """The signing certificate does not chain to a trust anchor, or is not valid."""

    kind_vi = "Chứng thư số không được tin cậy"


class DisallowedAlgorithm(SignatureError):
    """Deprecated, never raised: an algorithm the policy does not allow is a verdict of
    ``verify`` (reason ``WEAK_ALGORITHM``), not an exception.  Kept so that old ``except``
    clauses still import; ``edocstd.DisallowedAlgorithm`` warns."""

    kind_vi = "Thuật toán không được chính sách cho phép"


__all__ = [
    "BuildError",
    "DisallowedAlgorithm",
    "EdocError",
    "InvalidSignature",
    "LimitExceeded",
    "Message",
    "NoPackagesFound",
    "ParseError",
    "SignatureError",
    "UntrustedCertificate",
    "WorkerDied",
]
