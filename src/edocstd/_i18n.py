"""The two languages of every message: Vietnamese first, English second.

Library code words a message with :func:`tr` and counts with :func:`count`, so that a line
is always in one language and English counts agree in number ("1 error", "2 errors").
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["vi", "en"]
Lang.__doc__ = """A language of messages: ``"vi"`` (Vietnamese, the default) or ``"en"``."""

LANGS: tuple[Lang, ...] = ("vi", "en")


def tr(lang: str, vi: str, en: str) -> str:
    """The Vietnamese or the English wording (anything but ``"en"`` is Vietnamese)."""
    return en if lang == "en" else vi


def count(lang: str, n: int, vi: str, en: str, en_plural: str | None = None) -> str:
    """``"1 error"``, ``"2 errors"``, ``"2 lỗi"`` (Vietnamese nouns do not inflect)."""
    if lang != "en":
        return f"{n} {vi}"
    return f"{n} {en if n == 1 else (en_plural or en + 's')}"


__all__ = ["LANGS", "Lang", "count", "tr"]
