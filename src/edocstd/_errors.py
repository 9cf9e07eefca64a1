"""The exceptions edocstd raises on purpose.

Two families, as in h11/httpx: ``BuildError`` when *you* asked for something
illegal, ``ParseError`` when the *peer* sent something we cannot read.  Every
one derives from ``EdocError`` so callers can catch the library as a whole.
"""

from __future__ import annotations


class EdocError(Exception):
    """Base class of every exception edocstd raises on purpose."""


class ParseError(EdocError):
    """The input is not a readable edXML package.

    ``line`` is the 1-based source line when known, ``path`` an XPath-like
    location such as ``/edXML/edXMLEnvelope/edXMLHeader``; ``message_vi`` says the same in
    Vietnamese (``message`` when no translation exists); ``io_error`` is true when the input
    could not be read at all (a missing file, a folder), as opposed to read and found bad.
    """

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        path: str | None = None,
        message_vi: str | None = None,
        io_error: bool = False,
    ) -> None:
        self.message = message
        self.message_vi = message_vi or message
        self.io_error = io_error  # the input could not be read at all (missing file, folder…)
        self.line = line
        self.path = path
        where = []
        if line is not None:
            where.append(f"line {line}")
        if path:
            where.append(path)
        super().__init__(f"{message} ({', '.join(where)})" if where else message)


class LimitExceeded(ParseError):
    """The input goes beyond a configured limit (size, depth, count)."""


class BuildError(EdocError, ValueError):
    """A value you tried to build is illegal; ``path`` names the field (``OtherInfo.Priority``)."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.message = message
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class NoPackagesFound(EdocError):
    """A batch had nothing to check: no package in the folders or list given.

    A check that checks nothing must not pass, so this is an error (exit 2 on the command line).
    """

    message_vi = "Không có gói tin nào để kiểm tra (không có tệp .edxml, hay .xml có gốc edXML)."
    message_en = "Nothing to check: no package found (no .edxml file, nor .xml with an edXML root)."

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.message_en
        super().__init__(f"{self.message_vi}\n{self.message}")


class WorkerDied(EdocError):
    """A worker process of a batch died (killed for memory, by a signal…) before it answered."""

    message_vi = (
        "Một tiến trình kiểm tra đã dừng đột ngột (hết bộ nhớ, bị ngắt, hoặc tệp chạy chương "
        'trình thiếu `if __name__ == "__main__":`).'
    )
    message_en = (
        "A worker process died before it answered (out of memory, killed, or the script that "
        'started it lacks `if __name__ == "__main__":`).'
    )

    def __init__(self) -> None:
        self.message = self.message_en
        super().__init__(f"{self.message_vi}\n{self.message_en}")


class SignatureError(EdocError):
    """Signing or verifying failed."""


class InvalidSignature(SignatureError):
    """The signature does not match the content or is malformed."""


class UntrustedCertificate(SignatureError):
    """The signing certificate does not chain to a trust anchor, or is not valid."""


class DisallowedAlgorithm(SignatureError):
    """An algorithm is not allowed by the policy in force."""


__all__ = [
    "BuildError",
    "DisallowedAlgorithm",
    "EdocError",
    "InvalidSignature",
    "LimitExceeded",
    "NoPackagesFound",
    "ParseError",
    "SignatureError",
    "UntrustedCertificate",
    "WorkerDied",
]
