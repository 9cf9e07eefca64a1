"""The repr hook (``edocstd._views``): lower layers name a view, ``_display`` renders it."""

from __future__ import annotations

import subprocess
import sys

import pytest

import edocstd
from edocstd import _display, _views
from edocstd.testing import make_edoc, make_status

_PRIVATE_PATH_ONLY = """
from edocstd._model.attachment import Attachment
att = Attachment(attachment_name="x.pdf")
print(repr(att))
print("_repr_html_ card" if "x.pdf" in att._repr_html_() and "<" in att._repr_html_() else "no")
"""


def test_a_private_import_still_gets_the_views() -> None:
    """``from edocstd._model... import`` imports the package ``edocstd`` first, which
    registers the views: the repr is the real one, not ``object.__repr__``."""
    proc = subprocess.run(
        [sys.executable, "-c", _PRIVATE_PATH_ONLY], capture_output=True, text=True, check=True
    )
    assert proc.stdout.splitlines() == ["<Attachment 'x.pdf' '' no content>", "_repr_html_ card"]


def test_the_methods_render_what_display_lays_out() -> None:
    edoc, status = make_edoc(), make_status()
    assert repr(edoc) == _display.edoc_repr(edoc)
    assert edoc._repr_html_() == _display.edoc_html(edoc)
    assert repr(status) == _display.status_repr(status)
    assert status._repr_html_() == _display.status_html(status)
    tracker = edocstd.Tracker()
    assert repr(tracker) == _display.tracker_repr(tracker)
    assert tracker._repr_html_() == _display.tracker_html(tracker)
    tracker.close()


def test_an_unknown_view_falls_back_to_the_plain_repr_escaped() -> None:
    class Thing:
        def __repr__(self) -> str:
            return _views.render_text("no-such-view", self)

    thing = Thing()
    assert repr(thing) == object.__repr__(thing)
    assert _views.render_html("no-such-view", thing) == (
        "<pre>" + object.__repr__(thing).replace("<", "&lt;").replace(">", "&gt;") + "</pre>"
    )


def test_a_registered_view_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_views, "_TEXT", {})
    monkeypatch.setattr(_views, "_HTML", {})
    _views.register("test-view", text=lambda obj: f"T{obj}", html=lambda obj: f"<b>{obj}</b>")
    assert _views.render_text("test-view", 1) == "T1"
    assert _views.render_html("test-view", 2) == "<b>2</b>"
