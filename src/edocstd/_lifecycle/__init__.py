"""Document lifecycle: builders for the four business flows, status replies, and tracking.

* :mod:`.builders` — :func:`new_document`, :func:`revoke`, :func:`update`, :func:`replace`;
* :mod:`.replies` — :func:`reply` (01–06, 15, 16) and :func:`take_back_request` (13);
* :mod:`.tracker` — :class:`Tracker`, which correlates sent documents and received statuses
  (stored in SQLite), each recipient's state being :func:`.replay.replay` of its events (a
  pure function over the tables of :mod:`.replay`).
"""

from __future__ import annotations

from ._store import TrackerError
from .builders import new_document, replace, revoke, update
from .replies import as_status_code, reply, take_back_request
from .tracker import (
    ALLOWED_TRANSITIONS,
    CHANGE_RULES,
    DocumentState,
    Overdue,
    RecipientState,
    StatusEvent,
    Tracker,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "CHANGE_RULES",
    "DocumentState",
    "Overdue",
    "RecipientState",
    "StatusEvent",
    "Tracker",
    "TrackerError",
    "as_status_code",
    "new_document",
    "replace",
    "reply",
    "revoke",
    "take_back_request",
    "update",
]
