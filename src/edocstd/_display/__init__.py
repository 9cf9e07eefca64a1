"""How objects look in a notebook (``_repr_html_``) and in a one-line ``repr``.

The model and result classes only carry thin methods that call ``edocstd._views``, the hook
this package registers its views into when imported (``import edocstd`` imports it), so that
the layout lives in one place and no lower layer imports this one.  Everything taken from a
package is escaped (``markup.el``) and shown visibly (``markup.visible``): package content is
hostile input.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .._views import Renderer, register

if TYPE_CHECKING:
    from .packages import attachment_html, edoc_html, status_html
    from .results import report_html, verify_html
    from .text import (
        attachment_repr,
        document_state_repr,
        edoc_repr,
        report_repr,
        status_repr,
        tracker_repr,
        verify_repr,
    )
    from .tracking import document_state_html, tracker_html

# Imported when first asked for: the command line needs only ``markup.human_size``, and
# should not load every view (nor sqlite3, for the tracker's) to print a size.
_LAZY = {
    **dict.fromkeys(("attachment_html", "edoc_html", "status_html"), ".packages"),
    **dict.fromkeys(("report_html", "verify_html"), ".results"),
    **dict.fromkeys(
        (
            "attachment_repr",
            "document_state_repr",
            "edoc_repr",
            "report_repr",
            "status_repr",
            "tracker_repr",
            "verify_repr",
        ),
        ".text",
    ),
    **dict.fromkeys(("document_state_html", "tracker_html"), ".tracking"),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def _deferred(name: str) -> Renderer:
    """A renderer that loads the view ``name`` when first called (see ``_LAZY``)."""

    def render(obj: Any) -> str:
        view: Renderer = globals().get(name) or __getattr__(name)
        return view(obj)

    return render


# The views the classes of the lower layers name in their __repr__ and _repr_html_.
for _view in ("attachment", "document_state", "edoc", "report", "status", "tracker", "verify"):
    register(_view, text=_deferred(f"{_view}_repr"), html=_deferred(f"{_view}_html"))
del _view

__all__ = [
    "attachment_html",
    "attachment_repr",
    "document_state_html",
    "document_state_repr",
    "edoc_html",
    "edoc_repr",
    "report_html",
    "report_repr",
    "status_html",
    "status_repr",
    "tracker_html",
    "tracker_repr",
    "verify_html",
    "verify_repr",
]
