"""Base64 checked as it streams: the decoded size of an attachment, or the first problem."""

from __future__ import annotations

from collections.abc import Iterable

_B64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_WS = b" \t\r\n"
_WS_PAD = _WS + b"="
_AFTER_PAD = ("data after the '=' padding", "có dữ liệu sau phần đệm '='")


class Base64Problem(Exception):
    """Why base64 text cannot be decoded (``en``, ``vi``), with an ``excerpt`` of it."""

    def __init__(self, en: str, vi: str, excerpt: str) -> None:
        super().__init__(en)
        self.en = en
        self.vi = vi
        self.excerpt = excerpt


def _excerpt(chunk: bytes, at: int) -> str:
    return chunk[max(0, at - 10) : at + 10].decode("ascii", "replace")


def base64_size(chunks: Iterable[bytes | memoryview]) -> int:
    """Check base64 text given in chunks; return the decoded size.

    Fast path: ``bytes.translate`` deletes the alphabet from each chunk; only chunks with
    something left (white space, padding, bad bytes) are looked at further.  Raises
    :class:`Base64Problem`.
    """
    count = 0  # significant characters (alphabet and padding)
    pad = 0
    offset = 0
    for raw in chunks:
        chunk = raw if isinstance(raw, bytes) else bytes(raw)
        significant, n_pad = _chunk(chunk, offset, pad)
        count += significant
        pad += n_pad
        offset += len(chunk)
    if pad > 2:
        raise Base64Problem(
            f"{pad} '=' padding characters (at most 2)",
            f"có {pad} ký tự đệm '=' (tối đa 2)",
            "=" * pad,
        )
    if count % 4:
        raise Base64Problem(
            f"{count} base64 characters, not a multiple of 4 (cut off or badly padded)",
            f"{count} ký tự base64, không chia hết cho 4 (bị cắt hoặc thiếu phần đệm)",
            "",
        )
    return count // 4 * 3 - pad


def _chunk(chunk: bytes, offset: int, pad: int) -> tuple[int, int]:
    """(significant characters, ``=`` characters) of one chunk at ``offset``, after ``pad``
    padding characters already seen; raises :class:`Base64Problem`."""
    rest = chunk.translate(None, _B64_ALPHABET)
    if not rest:
        if pad and chunk:
            raise Base64Problem(*_AFTER_PAD, _excerpt(chunk, 0))
        return len(chunk), 0
    bad = rest.translate(None, _WS_PAD)
    if bad:
        at = chunk.find(bad[:1])
        shown = repr(bad[:1].decode("latin-1"))
        raise Base64Problem(
            f"character {shown} at offset {offset + at} is not in the base64 alphabet",
            f"ký tự {shown} ở vị trí {offset + at} không thuộc bảng chữ base64",
            _excerpt(chunk, at),
        )
    n_pad = rest.count(b"=")
    if pad:
        tail = chunk
    elif n_pad:
        tail = chunk[chunk.find(b"=") :]
    else:
        tail = b""
    if tail and tail.translate(None, _WS_PAD):
        at = chunk.find(b"=") if not pad else 0
        raise Base64Problem(*_AFTER_PAD, _excerpt(chunk, max(at, 0)))
    return len(chunk) - (len(rest) - n_pad), n_pad


__all__ = ["Base64Problem", "base64_size"]
