"""The hook between objects and their views: ``__repr__`` and ``_repr_html_`` call in here.

The model, the verifier's result, the report and the tracker sit in lower layers than
``edocstd._display``, which lays out their one-line reprs and notebook cards, so they may not
import it.  Instead each of their methods is one call, ``render_text("edoc", self)``, and
``_display`` registers a renderer under each view name when it is imported.  ``import edocstd``
imports ``_display`` (cheaply: its views load on first use), and Python imports that parent
package before any ``edocstd._model...`` module, so the renderers are always there.

Views are named, not keyed by class: registering classes would make ``_display`` import the
tracker and the verifier (sqlite3, cryptography) on every ``import edocstd``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Renderer = Callable[[Any], str]

_TEXT: dict[str, Renderer] = {}
_HTML: dict[str, Renderer] = {}


def register(view: str, *, text: Renderer, html: Renderer) -> None:
    """Make ``text`` and ``html`` the renderers of ``view`` (the last registration wins)."""
    _TEXT[view] = text
    _HTML[view] = html


def render_text(view: str, obj: object) -> str:
    """``obj`` as one line (its ``__repr__``); ``object.__repr__`` if no view is registered."""
    renderer = _TEXT.get(view)
    return renderer(obj) if renderer is not None else object.__repr__(obj)


def render_html(view: str, obj: object) -> str:
    """``obj`` as a notebook card (its ``_repr_html_``); its escaped repr if none registered."""
    renderer = _HTML.get(view)
    if renderer is not None:
        return renderer(obj)
    from html import escape  # here: html.entities is a large table `repr` alone never needs

    return f"<pre>{escape(render_text(view, obj))}</pre>"


__all__ = ["Renderer", "register", "render_html", "render_text"]
