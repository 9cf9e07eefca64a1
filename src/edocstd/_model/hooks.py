"""Slots a higher layer fills, so the model never imports it (dependency inversion).

``Edoc.to_dict`` and ``from_dict`` are conveniences over the dict layer
(``_xml/mapping.py``), which sits above the model; that module registers its two functions
here when it is imported, and ``edocstd._api`` imports it, so they are in place as soon as
``edocstd`` is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from .._errors import EdocError
from .._record import FieldsRepr


@attrs.frozen(eq=False, repr=False)  # one, registered: nothing to compile at import
class DictFormat(FieldsRepr):
    """The dict layer's two functions, as the model calls them."""

    to_dict: Callable[[Any], dict[str, Any]]
    from_dict: Callable[..., Any]  # (data, *, strict) -> Edoc | StatusPackage


_dict_format: list[DictFormat] = []


def register_dict_format(fmt: DictFormat) -> None:
    """Called once by ``_xml/mapping.py`` at import."""
    _dict_format[:] = [fmt]


def dict_format() -> DictFormat:
    """The registered dict layer."""
    if not _dict_format:
        raise EdocError(
            "internal error: the dict layer (edocstd._xml.mapping) is not loaded",
            message_vi="lỗi nội bộ: tầng từ điển (edocstd._xml.mapping) chưa được nạp",
        )
    return _dict_format[0]


__all__ = ["DictFormat", "dict_format", "register_dict_format"]
