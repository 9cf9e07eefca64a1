"""How objects look in a notebook (``_repr_html_``) and in a one-line ``repr``.

The model and result classes only carry thin methods that call in here, so that the layout
lives in one place.  Everything taken from a package is escaped (``markup.el``) and shown
visibly (``markup.visible``): package content is hostile input.
"""

from __future__ import annotations

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
